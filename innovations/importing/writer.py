"""Writes validated import records as published hub and innovation pages."""

import hashlib
import json
from decimal import Decimal
from html.parser import HTMLParser

from django.utils.html import escape
from django.utils.text import slugify

from innovations.models import (
    SDG,
    FundingSource,
    HubIndexPage,
    HubPage,
    InnovationAward,
    InnovationMetric,
    InnovationPage,
    MinistryAgency,
    Province,
    Regency,
    Sector,
    ServiceChannel,
)
from innovations.models.sections import SECTIONS

ACRONYM_MIN_LENGTH = 3
ACRONYM_MAX_LENGTH = InnovationPage._meta.get_field("acronym").max_length


def record_hash(data, demo):
    canonical = json.dumps({"record": data, "demo": demo}, sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def paragraphs_to_html(text):
    """Plain-text paragraphs (blank-line or newline separated) become <p> elements."""
    parts = [p.strip() for p in text.replace("\r\n", "\n").split("\n") if p.strip()]
    return "".join(f"<p>{escape(p)}</p>" for p in parts)


class _TextParser(HTMLParser):
    BLOCKS = {"p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "blockquote", "div", "br"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.paragraphs, self.current = [], []

    def handle_starttag(self, tag, attrs):
        if tag in self.BLOCKS:
            self.close_paragraph()
            if tag == "li":
                self.current.append("- ")

    def handle_endtag(self, tag):
        if tag in self.BLOCKS:
            self.close_paragraph()

    def handle_data(self, data):
        self.current.append(data)

    def close_paragraph(self):
        text = " ".join("".join(self.current).split())
        if text and text != "-":
            self.paragraphs.append(text)
        self.current = []


def html_to_text(html):
    """Rich text as plain paragraphs separated by a blank line: what paragraphs_to_html
    turns back into one <p> each (list items become "- " lines)."""
    parser = _TextParser()
    parser.feed(html or "")
    parser.close()
    parser.close_paragraph()
    return "\n\n".join(parser.paragraphs)


def guess_acronym(title):
    """The first all-capitals word of the title (SIMPATI, TOSS), if there is one."""
    for word in title.replace("(", " ").replace(")", " ").replace(":", " ").split():
        letters = word.strip(".,-")
        if (
            ACRONYM_MIN_LENGTH <= len(letters) <= ACRONYM_MAX_LENGTH
            and letters.isupper()
            and letters.isalpha()
        ):
            return letters
    return ""


class ImportPlan:
    """What an import would do: which records are new, changed or unchanged."""

    def __init__(self, records, demo):
        self.demo = demo
        existing = dict(InnovationPage.objects.values_list("slug", "source_hash"))
        self.created, self.updated, self.unchanged = [], [], []
        differs = []
        for record in records:
            if record.digest is None or record.digest_demo != demo:
                record.digest, record.digest_demo = record_hash(record.data, demo), demo
                record.release()
            digest = record.digest
            if record.id not in existing:
                self.created.append(record)
            elif existing[record.id] != digest:
                differs.append(record)
            else:
                self.unchanged.append(record)
        same = same_content(differs, demo)
        for record in differs:
            (self.unchanged if record.id in same else self.updated).append(record)
        names = {r.hub.title for r in self.created + self.updated}
        known = set(HubPage.objects.filter(title__in=names).values_list("title", flat=True))
        self.new_hubs = sorted(names - known)

    @property
    def to_write(self):
        # Originals before their replications, so replicated_from always resolves.
        pending = {r.id: r for r in self.created + self.updated}
        ordered, placed = [], set()

        def place(record):
            if record.id in placed:
                return
            placed.add(record.id)
            original = pending.get(record.replicated_from)
            if original is not None:
                place(original)
            ordered.append(record)

        for record in pending.values():
            place(record)
        return ordered


def page_record(page, hub_title):
    """An innovation page as an import record."""
    return {
        "id": page.slug,
        "title": page.title,
        "tagline": page.tagline,
        "language": page.language,
        "institution": page.institution,
        "level": page.level,
        "ministry": page.ministry.name if page.ministry_id else None,
        "province_code": page.province_id,
        "regency": page.regency.name if page.regency_id else None,
        "hub": hub_title,
        "sector": page.sector_id,
        "secondary_sectors": sorted(s.pk for s in page.secondary_sectors.all()),
        "channels": sorted(c.pk for c in page.channels.all()),
        "sdgs": sorted(s.pk for s in page.sdgs.all()),
        "year_launched": page.year_launched,
        "stage": page.stage_id,
        "status": page.status_id,
        "awards": [a.name for a in page.awards.all()],
        "tags": sorted(item.tag.name for item in page.tagged_items.all()),
        "replicated_from": page.replicated_from.slug if page.replicated_from_id else None,
        "sections": {
            key: html_to_text(getattr(page, spec.field)) for key, spec in SECTIONS.items()
        },
        "metrics": [
            {"label": m.label, "before": m.before, "after": m.after, "unit": m.unit}
            for m in page.metrics.all()
        ],
        "budget_idr": page.budget_idr,
        "funding_sources": sorted(f.pk for f in page.funding_sources.all()),
        "provenance": page.provenance or None,
    }


def with_relations(pages):
    """Pages with everything page_record reads, in a fixed number of queries."""
    return pages.select_related("ministry", "regency", "replicated_from").prefetch_related(
        "secondary_sectors",
        "channels",
        "sdgs",
        "funding_sources",
        "awards",
        "metrics",
        "tagged_items__tag",
    )


def same_content(records, demo):
    """Ids of records whose fingerprint differs from their page's but whose content is the
    page's: a spreadsheet exported from the hub and imported back, or a page last edited in
    the admin. Compared as the export reads both (export.page_record), against what the
    page's editors see (its latest revision)."""
    if not records:
        return set()
    mapper = PageWriter(demo=demo, need_hub_index=False)
    pages = with_relations(InnovationPage.objects.filter(slug__in=[r.id for r in records]))
    pages = {page.slug: page for page in pages}
    same = set()
    for record in records:
        page = pages[record.id]
        current = page.get_latest_revision_as_object() if page.has_unpublished_changes else page
        candidate = InnovationPage(slug=record.id, is_demo=current.is_demo)
        mapper._fill(candidate, record.data, "")
        if candidate.is_demo == current.is_demo and page_record(
            candidate, record.hub.title
        ) == page_record(current, record.hub.title):
            same.add(record.id)
    return same


class PageWriter:
    def __init__(self, demo=False, owner=None, need_hub_index=True):
        # demo: True or False labels every page; None keeps each existing page's label
        # (the admin's imports, whose spreadsheets have no such column).
        self.demo = demo
        self.owner = owner
        self.hub_index = HubIndexPage.objects.first()
        if self.hub_index is None and need_hub_index:
            raise RuntimeError("Hub index page missing: run `manage.py setup_site` first.")
        self._hubs = {hub.title: hub for hub in HubPage.objects.all()}
        self._ministries = {m.name: m for m in MinistryAgency.objects.all()}
        self._regencies = {(r.province_id, r.name): r for r in Regency.objects.all()}
        self._provinces = Province.objects.in_bulk()
        self._sectors = Sector.objects.in_bulk()
        self._channels = ServiceChannel.objects.in_bulk()
        self._funding_sources = FundingSource.objects.in_bulk()
        self._sdgs = SDG.objects.in_bulk()

    def write(self, record):
        data = record.data
        hub = self._hub(record.hub)
        page = InnovationPage.objects.filter(slug=data["id"]).first()
        created = page is None
        if created:
            page = InnovationPage(slug=data["id"], owner=self.owner)
        else:
            if page.get_parent().pk != hub.pk:
                # Move before filling in: treebeard reloads the moved instance from the
                # database, which would throw away every change made to it in memory.
                page.move(hub, pos="last-child")
                page = InnovationPage.objects.get(pk=page.pk)
            page = page.get_latest_revision_as_object()
        self._fill(page, data, record.digest)
        if created:
            hub.add_child(instance=page)
        elif self._publishes_in(hub):
            page.save()
        revision = page.save_revision(user=self.owner, log_action=True)
        if self._publishes_in(hub):
            revision.publish(user=self.owner)
        # Otherwise the change waits as a draft; innovations.review.hold_for_review submits
        # it to the hub's review.
        return page

    def _publishes_in(self, hub):
        """The command line (no owner) publishes; a person publishes only where they may."""
        return self.owner is None or hub.permissions_for_user(self.owner).can_publish_subpage()

    def _fill(self, page, data, digest):
        page.title = data["title"]
        page.draft_title = data["title"]
        page.acronym = guess_acronym(data["title"])
        page.tagline = data["tagline"]
        page.language = data["language"]
        page.institution = data["institution"]
        page.level = data["level"]
        page.ministry = self._ministries.get(data.get("ministry"))
        # Instances rather than ids: the search document reads their names.
        page.province = self._provinces.get(data.get("province_code"))
        page.regency = self._regencies.get((data.get("province_code"), data.get("regency")))
        page.sector = self._sectors[data["sector"]]
        page.year_launched = data["year_launched"]
        page.stage_id = data["stage"]
        page.status_id = data["status"]
        page.budget_idr = data.get("budget_idr")
        page.provenance = data.get("provenance") or ""
        if self.demo is not None:
            page.is_demo = self.demo
        page.source_hash = digest
        page.replicated_from = self._original(data.get("replicated_from"))
        for key, spec in SECTIONS.items():
            html = paragraphs_to_html(data["sections"][key])
            # A section whose text is unchanged keeps its formatting (bold, lists, links
            # made in the editor): the import's plain paragraphs would lose it.
            if html_to_text(getattr(page, spec.field) or "") != html_to_text(html):
                setattr(page, spec.field, html)
        # Instances, not keys: keys would make modelcluster write to the database at once.
        page.secondary_sectors = [self._sectors[k] for k in data["secondary_sectors"]]
        page.channels = [self._channels[k] for k in data["channels"]]
        page.funding_sources = [self._funding_sources[k] for k in data.get("funding_sources", [])]
        page.sdgs = [self._sdgs[n] for n in data["sdgs"]]
        self._set_tags(page, data["tags"])
        page.awards = [InnovationAward(name=name) for name in data.get("awards", [])]
        page.metrics = [
            InnovationMetric(
                label=m["label"],
                before=_decimal(m.get("before")),
                after=_decimal(m["after"]),
                unit=m.get("unit") or "",
            )
            for m in data["metrics"]
        ]

    def _original(self, slug):
        return InnovationPage.objects.filter(slug=slug).first() if slug else None

    def _set_tags(self, page, names):
        page.tags.set(names, clear=True)

    def create_hubs(self, records):
        """Create the records' missing hubs up front, in title order: each hub's collection
        is kept among its siblings sorted by name, and adding them in order appends them
        where adding them in file order moved the ones already there, again and again."""
        refs = {record.hub.title: record.hub for record in records}
        for title in sorted(refs):
            self._hub(refs[title])

    def _hub(self, ref):
        hub = self._hubs.get(ref.title)
        if hub is None:
            hub = self._new_hub(ref)
            self.hub_index.add_child(instance=hub)
            hub.save_revision(user=self.owner).publish(user=self.owner)
            self._hubs[ref.title] = hub
        return hub

    def _new_hub(self, ref):
        """The unsaved hub a record names (HubRef): the one hub factory of both writers."""
        return HubPage(
            title=ref.title,
            slug=self._free_hub_slug(ref.title),
            kind=ref.kind,
            province_id=ref.province_code,
            ministry=self._ministries.get(ref.ministry_name),
            owner=self.owner,
        )

    def _free_hub_slug(self, title):
        base = slugify(title.removeprefix("JIPP ")) or "simpul"
        slug, n = base, 2
        while HubPage.objects.filter(slug=slug).exists():
            slug, n = f"{base}-{n}", n + 1
        return slug


def _decimal(value):
    return None if value is None else Decimal(str(value))
