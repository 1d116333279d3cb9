"""The result card: one summary of a case study, the same wherever it is listed (search,
home, hub pages, similar innovations), with what an official needs to decide whether to
open it: where and at what level, since when, the headline result, awards, replication."""

from dataclasses import dataclass, field

from django.db.models import (
    BooleanField,
    Count,
    ExpressionWrapper,
    Prefetch,
    Q,
    prefetch_related_objects,
)

from jipp_site import request_memo
from jipp_site.related_json import attach_related, with_related
from jipp_site.request_memo import memoized

from .metrics import format_number, headline_metric
from .models import InnovationMetric, InnovationPage
from .models.innovation import serving_relations, visible_q


@dataclass
class Headline:
    label: str
    words: str  # "turun 74%"
    before: str  # formatted in the active language
    after: str
    unit: str
    direction: str


@dataclass
class InnovationCard:
    page_id: int
    title: str
    url: str
    language: str
    tagline: str
    sector: str
    place: str  # "Kabupaten Sumedang, Jawa Barat", or the ministry
    level: str
    year: int | None
    awards: list = field(default_factory=list)
    replica_count: int = 0
    replicates: bool = False  # it is itself a replication of another public innovation
    is_demo: bool = False
    headline: Headline | None = None

    @property
    def award_count(self):
        return len(self.awards)

    @property
    def more_awards(self):
        return max(0, len(self.awards) - 1)


def _headline(page):
    found = headline_metric(page.metrics.all())
    if found is None:
        return None
    metric, change = found
    return Headline(
        label=metric.label,
        words=change.words,
        before=format_number(metric.before),
        after=format_number(metric.after),
        unit=metric.unit,
        direction=change.direction,
    )


def with_card_relations(pages):
    """The queryset with everything a card reads fetched in bulk, and whether the page it
    replicates is public (`original_visible`, computed in the same query)."""
    return (
        with_related(pages, card_relations())
        .select_related("province", "regency", "sector", "ministry")
        .annotate(
            original_visible=ExpressionWrapper(
                Q(replicated_from__isnull=False) & visible_q("replicated_from__"),
                output_field=BooleanField(),
            )
        )
    )


def card_relations():
    """A card's awards and metrics, read as JSON with the pages (jipp_site.related_json)."""
    relations = {r.name: r for r in serving_relations()}
    return [relations["awards"], relations["metrics"]]


def all_replica_counts():
    """{page id: number of public replications} for every innovation replicated publicly:
    one grouped query, read once per request and shared by the replication summaries
    (replication.summary) and every card on the page."""

    def count():
        return dict(
            InnovationPage.objects.visible()
            .filter(replicated_from__isnull=False)
            .order_by()
            .values_list("replicated_from")
            .annotate(n=Count("pk"))
        )

    return memoized("innovations:replica_counts", count)


def replica_counts(ids):
    """{page id: number of public replications} for these innovations."""
    ids = list(ids)
    if request_memo.active():  # the whole table, which the request's summaries share
        table = all_replica_counts()
        return {pk: table[pk] for pk in ids if pk in table}
    rows = (
        InnovationPage.objects.visible()
        .filter(replicated_from__in=ids)
        .order_by()
        .values_list("replicated_from")
        .annotate(n=Count("pk"))
    )
    return dict(rows)


def public_originals(pages):
    """Ids of the pages whose `replicated_from` is a public innovation."""
    originals = {p.replicated_from_id for p in pages if p.replicated_from_id}
    if not originals:
        return set()
    if all(hasattr(p, "original_visible") for p in pages):  # with_card_relations knew
        return {p.pk for p in pages if p.original_visible}
    visible = set(
        InnovationPage.objects.visible().filter(pk__in=originals).values_list("pk", flat=True)
    )
    return {p.pk for p in pages if p.replicated_from_id in visible}


def card(page, request=None, replicas=0, replicates=False):
    return InnovationCard(
        page_id=page.pk,
        title=page.title,
        url=page.get_url(request) or "",
        language=page.language or "id",
        tagline=page.tagline,
        sector=page.sector.label if page.sector_id else "",
        place=page.place_label,
        level=str(page.get_level_display()),
        year=page.year_launched,
        awards=[a.name for a in page.awards.all()],
        replica_count=replicas,
        replicates=replicates,
        is_demo=page.is_demo,
        headline=_headline(page),
    )


def cards_for(pages, request=None):
    """[InnovationCard] for a queryset (or list) of innovations, in its order."""
    if hasattr(pages, "prefetch_related"):
        relations = card_relations()
        pages = [attach_related(page, relations) for page in with_card_relations(pages)]
    else:  # a list (the featured ones): its awards and metrics in two queries, not 2 a card
        pages = list(pages)
        prefetch_related_objects(
            pages,
            "awards",
            Prefetch("metrics", queryset=InnovationMetric.objects.order_by("sort_order")),
        )
    counts = replica_counts(p.pk for p in pages)
    replicas = public_originals(pages)
    return [card(p, request, counts.get(p.pk, 0), p.pk in replicas) for p in pages]


def cards_by_id(ids, request=None):
    """{page id: InnovationCard} for the public innovations among `ids`."""
    pages = InnovationPage.objects.visible().filter(pk__in=list(ids))
    return {c.page_id: c for c in cards_for(pages, request)}
