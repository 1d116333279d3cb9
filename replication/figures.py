"""Replication figures for the statistics page: where, in which sectors and in which years
innovations were replicated, and the most replicated ones. A replication is a visible
innovation whose original (replicated_from) is visible too: drafts and private pages count
nowhere, as everywhere else on the public site."""

from collections import Counter
from dataclasses import dataclass, field

from django.db.models import Count

from innovations.models import InnovationPage, Province, Sector
from stats.charts import province_map


@dataclass
class Row:
    key: str
    label: str
    count: int


@dataclass
class ReplicationFigures:
    total: int = 0
    provinces: list = field(default_factory=list)  # where the replications are
    sectors: list = field(default_factory=list)
    years: list = field(default_factory=list)
    most_replicated: list = field(default_factory=list)  # [(page, count)]


def replication_figures(limit=10):
    visible = InnovationPage.objects.visible()
    replicas = visible.filter(replicated_from__in=visible.values("pk")).order_by()
    figures = ReplicationFigures(total=replicas.count())
    if not figures.total:
        return figures
    by_province = dict(replicas.values_list("province").annotate(n=Count("pk")))
    figures.provinces = [
        Row(p.code, p.name, by_province[p.code]) for p in Province.objects.all()
        if by_province.get(p.code)
    ]  # fmt: skip
    by_sector = dict(replicas.values_list("sector").annotate(n=Count("pk")))
    figures.sectors = sorted(
        (
            Row(s.key, s.name, by_sector[s.key])
            for s in Sector.objects.all()
            if by_sector.get(s.key)
        ),
        key=lambda row: (-row.count, row.label),
    )
    by_year = dict(replicas.values_list("year_launched").annotate(n=Count("pk")))
    figures.years = [Row(str(y), str(y), n) for y, n in sorted(by_year.items())]
    counts = dict(replicas.values_list("replicated_from").annotate(n=Count("pk")))
    originals = visible.filter(pk__in=counts).select_related("province", "regency", "ministry")
    ranked = sorted(originals, key=lambda p: (-counts[p.pk], -p.year_launched, p.title))
    figures.most_replicated = [(page, counts[page.pk]) for page in ranked[:limit]]
    return figures


def replication_places(page):
    """[(province name, replications)] of this innovation's public replications, by
    province code (from the list the page shows, read with their provinces)."""
    counts = Counter(replica.province for replica in page.public_replications()
                     if replica.province_id)  # fmt: skip
    return [(province.name, n) for province, n in sorted(counts.items(), key=lambda i: i[0].code)]


def replication_map(page):
    """The province map (stats.charts) shaded by where this innovation's public
    replications are, or None when it has none."""
    counts = dict(replication_places(page))
    if not counts:
        return None
    rows = [Row(p.code, p.name, counts.get(p.name, 0)) for p in Province.objects.all()]
    return province_map(rows)
