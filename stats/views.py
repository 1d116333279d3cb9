"""/statistik/: innovations per province (a choropleth map of Indonesia's 38 provinces), per
sector, per year and per channel, as server-rendered SVG charts, each followed by its data
table."""

from django.shortcuts import render
from django.views.decorators.http import require_safe

from . import charts
from .counts import innovation_counts


@require_safe
def statistics_page(request):
    counts = innovation_counts()
    context = {
        "counts": counts,
        "province_map": charts.province_map(counts.provinces),
        "sector_chart": charts.bar_chart(counts.sectors_with_innovations),
        "year_chart": charts.column_chart(counts.years),
        "channel_chart": charts.bar_chart(counts.channels),
    }
    return render(request, "stats/statistics_page.html", context)
