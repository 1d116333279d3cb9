"""Writes validated import records as published hub and innovation pages."""

import hashlib
import json
from decimal import Decimal

from django.utils.html import escape
from django.utils.text import slugify

from innovations.models import (
    SDG,
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
        for record in records:
            digest = record_hash(record.data, demo)
            record.digest = digest
            if record.id not in existing:
                self.created.append(record)
            elif existing[record.id] != digest:
                self.updated.append(record)
            else:
                self.unchanged.append(record)
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
            original = pending.get(record.data.get("replicated_from"))
            if original is not None:
                place(original)
            ordered.append(record)

        for record in pending.values():
            place(record)
        return ordered


class PageWriter:
    def __init__(self, demo=False, owner=None):
        self.demo = demo
        self.owner = owner
        self.hub_index = HubIndexPage.objects.first()
        if self.hub_index is None:
            raise RuntimeError("Hub index page missing: run `manage.py setup_site` first.")
        self._hubs = {hub.title: hub for hub in HubPage.objects.all()}
        self._ministries = {m.name: m for m in MinistryAgency.objects.all()}
        self._regencies = {(r.province_id, r.name): r for r in Regency.objects.all()}
        self._provinces = Province.objects.in_bulk()
        self._sectors = Sector.objects.in_bulk()
        self._channels = ServiceChannel.objects.in_bulk()
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
        else:
            page.save()
        page.save_revision(user=self.owner, log_action=True).publish(user=self.owner)
        return page

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
        page.is_demo = self.demo
        page.source_hash = digest
        page.replicated_from = self._original(data.get("replicated_from"))
        for key, spec in SECTIONS.items():
            setattr(page, spec.field, paragraphs_to_html(data["sections"][key]))
        # Instances, not keys: keys would make modelcluster write to the database at once.
        page.secondary_sectors = [self._sectors[k] for k in data["secondary_sectors"]]
        page.channels = [self._channels[k] for k in data["channels"]]
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
            hub = HubPage(
                title=ref.title,
                slug=self._free_hub_slug(ref.title),
                kind=ref.kind,
                province_id=ref.province_code,
                ministry=self._ministries.get(ref.ministry_name),
                owner=self.owner,
            )
            self.hub_index.add_child(instance=hub)
            hub.save_revision(user=self.owner).publish(user=self.owner)
            self._hubs[ref.title] = hub
        return hub

    def _free_hub_slug(self, title):
        base = slugify(title.removeprefix("JIPP ")) or "simpul"
        slug, n = base, 2
        while HubPage.objects.filter(slug=slug).exists():
            slug, n = f"{base}-{n}", n + 1
        return slug


def _decimal(value):
    return None if value is None else Decimal(str(value))
