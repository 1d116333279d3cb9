"""InnovationPage -> SearchDocument: what the public search knows about a case study.

The content app owns its search document, as CFPB's consumerfinance.gov does: this module
builds the documents, labels facet values from the reference data, and tells the engine
when pages change (publish, unpublish, delete, move, privacy). It is registered with the
engine once (InnovationsConfig.ready); search/ itself never reads page models.

Only InnovationPage.objects.visible() pages are documents: drafts, private pages and
pages under an unpublished hub never reach an index.
"""

import re
from html import unescape

from django.db.models.signals import post_delete, post_save, pre_delete
from django.utils.text import slugify
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from taggit.models import Tag
from wagtail.models import Page, PageViewRestriction, Site
from wagtail.signals import page_published, page_unpublished, post_page_move

from search import indexing, sources
from search.documents import SearchDocument
from search.places import LEVEL_MARKERS, Place

from .models import (
    SDG,
    HubPage,
    InnovationPage,
    IslandGroup,
    Level,
    MinistryAgency,
    Province,
    Regency,
    Sector,
    ServiceChannel,
    Stage,
    Status,
)
from .models.innovation import unpublished_ancestor_paths
from .models.reference import english_or, split_names
from .models.sections import SECTIONS
from .rules import NATIONAL_LEVELS, REGIONAL_LEVELS

# --- documents ---------------------------------------------------------------------------


class IndexContext:
    """Site-wide facts a document needs: hub slugs by path, which subtrees are hidden, and
    the default site's root (public URLs are relative to it). Read once per batch."""

    def __init__(self):
        self.hubs = {hub.path: hub.slug for hub in HubPage.objects.only("path", "slug")}
        private = tuple(PageViewRestriction.objects.values_list("page__path", flat=True))
        self.hidden_paths = private + tuple(unpublished_ancestor_paths())
        site = Site.objects.filter(is_default_site=True).select_related("root_page").first()
        self.root_url_path = site.root_page.url_path if site else "/"

    def public_url(self, page):
        """The address readers use: url_path relative to the default site's root page."""
        if page.url_path.startswith(self.root_url_path):
            return "/" + page.url_path[len(self.root_url_path) :]
        return page.url_path

    def is_public(self, page):
        return page.live and not (self.hidden_paths and page.path.startswith(self.hidden_paths))


def documents_for(pages, context=None):
    """Yield a SearchDocument per page of a queryset, with every relation fetched in bulk."""
    pages = (
        pages.select_related(
            "ministry", "province", "regency", "sector", "stage", "status", "replicated_from"
        )
        .prefetch_related("secondary_sectors", "channels", "sdgs", "tags", "awards", "replications")
        .order_by("pk")
    )
    context = context or IndexContext()
    for page in pages.iterator(chunk_size=500):
        yield build_document(page, context)


def build_document(page, context, lineage=None):
    """`lineage` is (original, replications) when the caller already holds them (the bulk
    import builds documents from pages in memory); otherwise they are read from the page."""
    if lineage is None:
        original = page.replicated_from if page.replicated_from_id else None
        lineage = (original, page.replications.all())
    original, replicas = lineage
    original = original if original and context.is_public(original) else None
    replicas = [r for r in replicas if context.is_public(r)]
    # Sorted: tags have no order of their own, and the database's order differs between
    # SQLite and PostgreSQL, which changed which words stand NEAR each other.
    tag_names = sorted(t.name for t in page.tags.all())
    places = [
        page.institution,
        page.regency.name if page.regency else "",
        page.province.name if page.province else "",
        page.ministry.name if page.ministry else "",
        page.ministry.acronym if page.ministry else "",
    ]
    awards = [a.name for a in page.awards.all()]
    channels = list(page.channels.all())
    texts = {
        "title": page.title,
        "acronym": page.acronym,
        "tagline": page.tagline,
        "tags": " ".join([*tag_names, page.sector.name]),
        "lineage": _lineage_text(original, replicas),
        **{spec.field: _plain(getattr(page, spec.field)) for spec in SECTIONS.values()},
        "facts": " · ".join(x for x in places + awards if x),
        "extra": " ".join(
            [*(s.name for s in page.secondary_sectors.all()), *(c.name for c in channels)]
        ),
    }
    return SearchDocument(
        page_id=page.pk,
        slug=page.slug,
        url=context.public_url(page),
        language=page.language or "id",
        texts=texts,
        ministry=page.ministry.slug if page.ministry else "",
        province=page.province_id or "",
        regency=page.regency_id or "",
        sector=page.sector_id or "",
        level=page.level,
        stage=page.stage_id or "",
        status=page.status_id or "",
        hub=context.hubs.get(page.path[: -page.steplen], ""),
        year=page.year_launched,
        channels=sorted(c.key for c in channels),
        sdgs=sorted(s.number for s in page.sdgs.all()),
        tags=sorted({slugify(name) for name in tag_names if slugify(name)}),
        awards=sorted(set(awards)),
        published_at=page.first_published_at,
        replication_count=len(replicas),
        original_id=original.pk if original else None,
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


# --- facet labels ------------------------------------------------------------------------


def _provinces(values):
    rows = Province.objects.filter(code__in=values).values_list("code", "name")
    return {code: (name, None) for code, name in rows}


def _regencies(values):
    rows = Regency.objects.filter(code__in=values).values_list("code", "name", "province_id")
    return {code: (name, province) for code, name, province in rows}


def _ministries(values):
    rows = MinistryAgency.objects.filter(slug__in=values).values_list("slug", "name", "name_en")
    return {slug: (english_or(name, name_en), None) for slug, name, name_en in rows}


def _keyed(model):
    def load(values):
        rows = model.objects.filter(key__in=values).values_list("key", "name", "name_en")
        return {key: (english_or(name, name_en), None) for key, name, name_en in rows}

    return load


def _sdgs(values):
    english = (get_language() or "id").startswith("en")
    numbers = [int(v) for v in values if v.isdigit()]
    rows = SDG.objects.filter(number__in=numbers).values_list("number", "name_id", "name_en")
    return {str(n): (f"{n}. {en if english else id_}", None) for n, id_, en in rows}


def _levels(values):
    names = dict(Level.choices)
    return {v: (str(names[v]), None) for v in values if v in names}


def _hubs(values):
    rows = HubPage.objects.filter(slug__in=values).values_list("slug", "title")
    return {slug: (title, None) for slug, title in rows}


def _replication(values):
    # The values are search.facets.REPLICATED and REPLICA_OF (the engine's own words).
    names = {
        "replicated": _("Sudah direplikasi daerah lain"),
        "replica": _("Mereplikasi inovasi lain"),
    }
    return {v: (str(names[v]), None) for v in values if v in names}


def _tags(values):
    rows = Tag.objects.filter(slug__in=values).values_list("slug", "name")
    return {slug: (name, None) for slug, name in rows}


LABELS = {
    "province": _provinces,
    "regency": _regencies,
    "ministry": _ministries,
    "sector": _keyed(Sector),
    "channel": _keyed(ServiceChannel),
    "stage": _keyed(Stage),
    "status": _keyed(Status),
    "sdg": _sdgs,
    "level": _levels,
    "hub": _hubs,
    "tag": _tags,
    "replication": _replication,
}


# --- the source the engine asks ----------------------------------------------------------


class InnovationSource(sources.DocumentSource):
    def count(self):
        return InnovationPage.objects.visible().count()

    def documents(self, ids=None):
        pages = InnovationPage.objects.visible()
        if ids is not None:
            pages = pages.filter(pk__in=list(ids))
        return documents_for(pages)

    def cards(self, ids, request=None):
        from .cards import cards_by_id

        return cards_by_id(ids, request)

    def facet_labels(self, facet, values):
        load = LABELS.get(facet)
        return load(values) if load else {}

    def export(self, ids, file_format, closeness=None):
        from .importing.export import export_file, search_rows

        rows = list(search_rows(ids))
        notes = None
        if closeness is not None:
            notes = [closeness.get(page_id, "") for page_id, _record in rows]
        return export_file([record for _page_id, record in rows], file_format, closeness=notes)

    def places(self):
        return [
            *_island_groups(),
            *_provinces_as_places(),
            *_regencies_as_places(),
            *_levels_as_scopes(),
        ]


def _levels_as_scopes():
    """ "inovasi kabupaten", "tingkat kementerian/lembaga", "inovasi daerah": a level of
    government as the query's scope, by the levels' names and their two groups.

    A ministry and an agency are one tier, central government ("K/L" in Indonesian usage;
    the network's hubs of central ministries and agencies are one group): whether BPS or
    Perpusnas is a kementerian or a lembaga is a legal form a reader need not know, so
    either word names the tier. Provinsi, kabupaten and kota stay apart: they are the
    place's own kind, which a reader knows and may mean (a city, not a regency)."""
    for value, label in Level.choices:
        if value not in NATIONAL_LEVELS:
            yield Place(str(label), "level", (value,), (value,), breadth=1, markers=LEVEL_MARKERS)
    national = (*map(str, NATIONAL_LEVELS), "kementerian lembaga", "k l")
    national += ("pemerintah pusat", "pusat", "nasional")
    regional = ("pemerintah daerah", "pemda", "daerah")
    for label, values, names in [
        ("Kementerian/Lembaga", NATIONAL_LEVELS, national),
        ("Pemerintah daerah", REGIONAL_LEVELS, regional),
    ]:
        yield Place(label, "level", tuple(values), names, breadth=1, markers=LEVEL_MARKERS)


def _island_groups():
    for group in IslandGroup.objects.prefetch_related("provinces"):
        codes = tuple(sorted(p.code for p in group.provinces.all()))
        if codes:
            yield Place(group.name, "province", codes, tuple(group.names()), breadth=3)


def _provinces_as_places():
    for province in Province.objects.all():
        names = (province.name, *split_names(province.short_names))
        yield Place(province.name, "province", (province.code,), names, breadth=2)


REGENCY_PREFIXES = ("Kabupaten Administrasi ", "Kota Administrasi ", "Kabupaten ", "Kota ")


def _regencies_as_places():
    """A kabupaten/kota by its full name, its short written form ("Kab. Sumedang") and its
    bare name ("Sumedang"), which a kota and a kabupaten may share (Bandung)."""
    for code, name in Regency.objects.values_list("code", "name"):
        bare = next((name[len(p) :] for p in REGENCY_PREFIXES if name.startswith(p)), name)
        short = f"Kab. {bare}" if name.startswith("Kabupaten") else name
        yield Place(name, "regency", (code,), (name, short, bare), breadth=1)


# --- keeping the index in step with the pages ---------------------------------------------


def affected_innovations(page):
    """Innovation ids whose document depends on this page: its subtree and its lineage.

    Lineage is that of every innovation in the subtree, wherever the other end lives: an
    original's replication count and lineage text name its replications, a replication's
    names its original, so hiding a hub changes documents in other hubs too."""
    subtree = InnovationPage.objects.filter(path__startswith=page.path)
    ids = set(subtree.values_list("pk", flat=True))
    ids.update(subtree.exclude(replicated_from=None).values_list("replicated_from_id", flat=True))
    ids.update(
        InnovationPage.objects.filter(replicated_from__in=subtree).values_list("pk", flat=True)
    )
    return ids


def on_publish_change(sender, instance, **kwargs):
    indexing.sync(affected_innovations(instance))


def remember_lineage(sender, instance, **kwargs):
    instance._search_lineage = affected_innovations(instance) - {instance.pk}


def on_delete(sender, instance, **kwargs):
    indexing.remove_documents([instance.pk])
    indexing.sync(getattr(instance, "_search_lineage", set()))


def on_privacy_change(sender, instance, **kwargs):
    try:
        page = Page.objects.get(pk=instance.page_id)
    except Page.DoesNotExist:
        return  # the page itself is being deleted; on_delete handles its innovations
    indexing.sync(affected_innovations(page))


def register():
    """Called once, from InnovationsConfig.ready()."""
    sources.register(InnovationSource())
    uid = "innovations.search_index"
    page_published.connect(on_publish_change, dispatch_uid=f"{uid}.published")
    page_unpublished.connect(on_publish_change, dispatch_uid=f"{uid}.unpublished")
    post_page_move.connect(on_publish_change, dispatch_uid=f"{uid}.moved")
    pre_delete.connect(remember_lineage, sender=InnovationPage, dispatch_uid=f"{uid}.pre_delete")
    post_delete.connect(on_delete, sender=InnovationPage, dispatch_uid=f"{uid}.deleted")
    post_save.connect(on_privacy_change, sender=PageViewRestriction, dispatch_uid=f"{uid}.private")
    post_delete.connect(on_privacy_change, sender=PageViewRestriction, dispatch_uid=f"{uid}.public")
