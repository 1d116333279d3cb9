"""How many innovations there are, by province, sector, year and channel.

Counted over InnovationPage.objects.visible(): live innovations that anyone may read,
under live ancestors. Drafts, private pages and pages under an unpublished hub never count.
"""

from collections import Counter
from dataclasses import dataclass, field

from django.db.models import Count, Q

from innovations.models import InnovationPage, Province, Sector, ServiceChannel


@dataclass
class Row:
    key: str  # what /cari/ filters on: province code, sector or channel key, year
    label: str
    count: int


@dataclass
class InnovationCounts:
    total: int = 0
    national: int = 0  # ministry and agency innovations, which have no province
    provinces: list = field(default_factory=list)  # every province, in code order
    sectors: list = field(default_factory=list)  # primary sector, most innovations first
    years: list = field(default_factory=list)  # every year from the first to the last
    channels: list = field(default_factory=list)  # in the vocabulary's order

    @property
    def provinces_with_innovations(self):
        return [row for row in self.provinces if row.count]

    @property
    def sectors_with_innovations(self):
        return [row for row in self.sectors if row.count]


def visible_innovations():
    return InnovationPage.objects.visible()


def innovation_counts(pages=None):
    pages = visible_innovations() if pages is None else pages
    # A subquery, not a list of ids: a site with tens of thousands of innovations would
    # exceed the database's limit on query parameters.
    ids = pages.order_by().values("pk")
    counts = InnovationCounts(total=pages.count())
    if not counts.total:
        counts.provinces = [Row(p.code, p.name, 0) for p in Province.objects.all()]
        return counts
    scope = pages.model.objects.filter(pk__in=ids).order_by()

    by_province = dict(
        scope.values_list("province").annotate(n=Count("pk")).values_list("province", "n")
    )
    counts.national = by_province.pop(None, 0)
    counts.provinces = [
        Row(p.code, p.name, by_province.get(p.code, 0)) for p in Province.objects.all()
    ]

    by_sector = dict(scope.values_list("sector").annotate(n=Count("pk")).values_list("sector", "n"))
    sectors = [Row(s.key, s.label, by_sector.get(s.key, 0)) for s in Sector.objects.all()]
    counts.sectors = sorted(sectors, key=lambda row: (-row.count, row.label))

    by_year = dict(
        scope.values_list("year_launched").annotate(n=Count("pk")).values_list("year_launched", "n")
    )
    first, last = min(by_year), max(by_year)
    counts.years = [
        Row(str(year), str(year), by_year.get(year, 0)) for year in range(first, last + 1)
    ]

    by_channel = Counter(
        ServiceChannel.objects.filter(innovations__in=ids).values_list("key", flat=True)
    )
    counts.channels = [
        Row(c.key, c.label, by_channel.get(c.key, 0)) for c in ServiceChannel.objects.all()
    ]
    return counts


def featured_innovations(pages=None, limit=3):
    """Proven practice first: the most replicated (by public replications), then the most
    awarded, then the newest. Only innovations with at least one of the two qualify."""
    pages = visible_innovations() if pages is None else pages
    visible_ids = pages.values("pk")
    return list(
        pages.annotate(
            replica_count=Count(
                "replications", filter=Q(replications__in=visible_ids), distinct=True
            ),
            award_count=Count("awards", distinct=True),
        )
        .filter(Q(replica_count__gt=0) | Q(award_count__gt=0))
        .select_related("province", "regency", "sector", "ministry")
        .order_by("-replica_count", "-award_count", "-year_launched", "title")[:limit]
    )
