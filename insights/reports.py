"""The reports, as rows: plain aggregates over what insights.recording stored."""

import datetime
from dataclasses import dataclass

from django.db.models import Avg, Count, Exists, Max, Min, OuterRef, Q
from django.db.models.functions import TruncDate
from django.utils import timezone

from .models import ResultClick, SearchAppearance, SearchEvent

PERIODS = (7, 30, 90, 365)  # days a report may cover
DEFAULT_PERIOD = 30
SHOWN_ROWS = 50  # rows on a report page; the CSV has up to EXPORT_ROWS
EXPORT_ROWS = 5000


def since(days):
    return timezone.now() - datetime.timedelta(days=days)


def _searches(days):
    return SearchEvent.objects.filter(hour__gte=since(days)).exclude(query="")


def _clicks_by_query(days, queries, **filters):
    rows = ResultClick.objects.filter(hour__gte=since(days), query__in=queries, **filters)
    return dict(rows.values("query").annotate(n=Count("id")).values_list("query", "n"))


def top_queries(days, limit):
    rows = list(
        _searches(days)
        .values("query")
        .annotate(
            searches=Count("id"),
            zero=Count("id", filter=Q(result_count=0)),
            results=Avg("result_count"),
        )
        .order_by("-searches", "query")[:limit]
    )
    clicks = _clicks_by_query(days, [r["query"] for r in rows])
    for row in rows:
        row["clicks"] = clicks.get(row["query"], 0)
        row["results"] = round(row["results"] or 0)
    return rows


def zero_result_queries(days, limit):
    return list(
        _searches(days)
        .filter(result_count=0)
        .values("query")
        .annotate(searches=Count("id"), last_seen=Max("hour"))
        .order_by("-searches", "-last_seen", "query")[:limit]
    )


def no_click_queries(days, limit):
    """Queries that found something but whose results nobody followed in the period."""
    clicked = ResultClick.objects.filter(hour__gte=since(days), query=OuterRef("query"))
    return list(
        _searches(days)
        .filter(result_count__gt=0)
        .values("query")
        .annotate(searches=Count("id"), results=Avg("result_count"), last_seen=Max("hour"))
        .filter(~Exists(clicked))
        .order_by("-searches", "query")[:limit]
    )


def hub_queries(hub, days, limit):
    """The queries whose results showed this hub's pages: how often, how high, and how
    often a reader then opened one of them."""
    rows = list(
        SearchAppearance.objects.filter(hub=hub, event__hour__gte=since(days))
        .exclude(event__query="")
        .values("event__query")
        .annotate(searches=Count("id"), best_position=Min("best_position"))
        .order_by("-searches", "event__query")[:limit]
    )
    clicks = _clicks_by_query(days, [r["event__query"] for r in rows], hub=hub)
    return [
        {
            "query": r["event__query"],
            "searches": r["searches"],
            "best_position": r["best_position"],
            "clicks": clicks.get(r["event__query"], 0),
        }
        for r in rows
    ]


@dataclass
class Totals:
    searches: int
    zero: int
    clicks: int

    @property
    def zero_share(self):
        return round(100 * self.zero / self.searches) if self.searches else 0


def totals(days):
    counts = SearchEvent.objects.filter(hour__gte=since(days)).aggregate(
        searches=Count("id"), zero=Count("id", filter=Q(result_count=0))
    )
    clicks = ResultClick.objects.filter(hour__gte=since(days)).count()
    return Totals(counts["searches"], counts["zero"], clicks)


def daily(days):
    """[(date, searches, zero-result searches)] for every day of the period, oldest first
    (days without searches included, as zeros)."""
    rows = (
        SearchEvent.objects.filter(hour__gte=since(days))
        .annotate(day=TruncDate("hour", tzinfo=timezone.get_current_timezone()))
        .values("day")
        .annotate(searches=Count("id"), zero=Count("id", filter=Q(result_count=0)))
    )
    found = {r["day"]: (r["searches"], r["zero"]) for r in rows}
    today = timezone.localdate()
    dates = [today - datetime.timedelta(days=n) for n in range(days - 1, -1, -1)]
    return [(d, *found.get(d, (0, 0))) for d in dates]
