"""InnovationPage -> SearchDocument: everything search knows about a case study, in one place.

This is the only module of the search app that reads page models; the engines see plain
documents. Only live pages with no view restriction on them or their ancestors are
indexable: drafts, private pages and unpublished hubs never reach an index.
"""

import re
from dataclasses import dataclass, field
from html import unescape

from django.utils.text import slugify
from wagtail.models import PageViewRestriction, Site

from innovations.models import InnovationPage
from innovations.models.sections import SECTIONS

from .analysis import analyze, vocabulary


@dataclass
class SearchDocument:
    page_id: int
    slug: str
    url: str
    title: str
    tagline: str
    language: str
    texts: dict
    text_a: str
    text_b: str
    text_c: str
    text_d: str
    ministry: str = ""
    province: str = ""
    regency: str = ""
    sector: str = ""
    level: str = ""
    stage: str = ""
    status: str = ""
    hub: str = ""
    year: int | None = None
    channels: list = field(default_factory=list)
    sdgs: list = field(default_factory=list)
    tags: list = field(default_factory=list)
    awards: list = field(default_factory=list)
    published_at: object = None
    replication_count: int = 0

    def vocabulary(self):
        """Distinct surface words, for the spelling dictionary."""
        return vocabulary(self.texts)


def indexable_pages(context=None):
    """Live innovations that anyone may read, under ancestors that are live too. A
    `context` already holds the unpublished ancestors: they are not asked for again."""
    pages = InnovationPage.objects.live().public()
    paths = context.unpublished_paths if context else _unpublished_ancestor_paths()
    for path in paths:
        pages = pages.exclude(path__startswith=path)
    return pages


def _unpublished_ancestor_paths():
    from wagtail.models import Page

    # Hubs, the hub index and the home page: an innovation under an unpublished one is hidden.
    depth = InnovationPage.objects.values_list("depth", flat=True).first()
    if depth is None:
        return []
    return list(Page.objects.filter(live=False, depth__lt=depth).values_list("path", flat=True))


def is_indexable(page):
    return indexable_pages().filter(pk=page.pk).exists()


def documents_for(queryset, context=None):
    """Yield a SearchDocument per page, with every relation fetched in bulk."""
    pages = (
        queryset.select_related(
            "ministry", "province", "regency", "sector", "stage", "status", "replicated_from"
        )
        .prefetch_related("secondary_sectors", "channels", "sdgs", "tags", "awards", "replications")
        .order_by("pk")
    )
    context = context or IndexContext()
    for page in pages.iterator(chunk_size=500):
        yield build_document(page, context)


class IndexContext:
    """Site-wide facts a document needs: hub slugs by path, and which subtrees are private."""

    def __init__(self):
        from innovations.models import HubPage

        self.hubs = {hub.path: hub.slug for hub in HubPage.objects.only("path", "slug")}
        self.private_paths = tuple(PageViewRestriction.objects.values_list("page__path", flat=True))
        self.unpublished_paths = tuple(_unpublished_ancestor_paths())
        self.hidden_paths = self.private_paths + self.unpublished_paths
        site = Site.objects.filter(is_default_site=True).select_related("root_page").first()
        self.root_url_path = site.root_page.url_path if site else "/"

    def public_url(self, page):
        """The address readers use: url_path relative to the default site's root page."""
        if page.url_path.startswith(self.root_url_path):
            return "/" + page.url_path[len(self.root_url_path) :]
        return page.url_path

    def is_public(self, page):
        return page.live and not (self.hidden_paths and page.path.startswith(self.hidden_paths))


def build_document(page, context, lineage=None):
    """`lineage` is (original, replications) when the caller already holds them (the bulk
    import builds documents from pages in memory); otherwise they are read from the page."""
    texts = {"title": page.title, "acronym": page.acronym, "tagline": page.tagline}
    for spec in SECTIONS.values():
        texts[spec.field] = _plain(getattr(page, spec.field))
    # Sorted: tags have no order of their own, and the database's order differs between
    # SQLite and PostgreSQL, which changed which words stand NEAR each other in text_b.
    tag_names = sorted(t.name for t in page.tags.all())
    places = [
        page.institution,
        page.regency.name if page.regency else "",
        page.province.name if page.province else "",
        page.ministry.name if page.ministry else "",
        page.ministry.acronym if page.ministry else "",
    ]
    awards = [a.name for a in page.awards.all()]
    sectors = [page.sector.name] + [s.name for s in page.secondary_sectors.all()]
    channels = list(page.channels.all())
    if lineage is None:
        original = page.replicated_from if page.replicated_from_id else None
        lineage = (original, page.replications.all())
    original, replicas = lineage
    replicas = [r for r in replicas if context.is_public(r)]
    lineage_text = _lineage_text(
        original if original and context.is_public(original) else None, replicas
    )
    texts["facts"] = " · ".join(x for x in places + awards if x)
    language = page.language or "id"

    def analysed(*parts):
        return " ".join(analyze(" ".join(p for p in parts if p), language))

    hub_path = page.path[: -page.steplen]
    return SearchDocument(
        page_id=page.pk,
        slug=page.slug,
        url=context.public_url(page),
        title=page.title,
        tagline=page.tagline,
        language=language,
        texts=texts,
        text_a=analysed(page.title, page.acronym),
        text_b=analysed(page.tagline, " ".join(tag_names), page.sector.name, lineage_text),
        text_c=analysed(texts["summary"]),
        text_d=analysed(
            *(texts[s.field] for s in SECTIONS.values() if s.field != "summary"),
            *places,
            *awards,
            *sectors[1:],
            *(c.name for c in channels),
        ),
        ministry=page.ministry.slug if page.ministry else "",
        province=page.province_id or "",
        regency=page.regency_id or "",
        sector=page.sector_id or "",
        level=page.level,
        stage=page.stage_id or "",
        status=page.status_id or "",
        hub=context.hubs.get(hub_path, ""),
        year=page.year_launched,
        channels=sorted(c.key for c in channels),
        sdgs=sorted(s.number for s in page.sdgs.all()),
        tags=sorted({slugify(name) for name in tag_names if slugify(name)}),
        awards=sorted(set(awards)),
        published_at=page.first_published_at,
        replication_count=len(replicas),
    )


def _lineage_text(original, replicas):
    """Replication lineage is searchable: officials look for proven, replicated practice.

    `original` and `replicas` are only the public ones: a draft or private page's title
    must not make another page findable (the page itself hides such lineage too)."""
    parts = []
    if original is not None:
        parts.append(f"replikasi dari {original.title}")
    if replicas:
        parts.append("sudah direplikasi oleh daerah lain: " + ", ".join(r.title for r in replicas))
    return " ".join(parts)


TAG_RE = re.compile(r"<[^>]*>")


def _plain(html):
    # Rich text from Wagtail is well-formed; a regular expression strips it many times
    # faster than an HTML parser, which matters when a whole collection is indexed.
    return " ".join(unescape(TAG_RE.sub(" ", html or "")).split())
