"""The shortlist page (cards, a shareable address, print layout) and its CSV export."""

import csv

from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_safe

from innovations.cards import cards_for
from jipp_site.absolute import absolute_url

from .selection import MAX_ITEMS, InvalidSelection, select


def _query(ids):
    return "&".join(f"id={i}" for i in ids)


@require_safe
def shortlist_page(request):
    context = {"max_items": MAX_ITEMS}
    try:
        selection = select(request.GET)
    except InvalidSelection as error:
        context["error"] = str(error)
        return render(request, "shortlist/shortlist_page.html", context, status=400)
    ids = [p.pk for p in selection.pages]
    context.update(
        cards=cards_for(selection.pages, request),
        unavailable=selection.unavailable,
        share_url=absolute_url(f"{reverse('shortlist')}?{_query(ids)}") if ids else "",
        csv_url=f"{reverse('shortlist_csv')}?{_query(ids)}" if ids else "",
    )
    response = render(request, "shortlist/shortlist_page.html", context)
    response["X-Robots-Tag"] = "noindex"
    return response


CSV_COLUMNS = [
    ("title", _("Judul")),
    ("url", _("Alamat")),
    ("institution", _("Instansi pelaksana")),
    ("place", _("Tempat")),
    ("level", _("Tingkat")),
    ("sector", _("Sektor")),
    ("year", _("Tahun diluncurkan")),
    ("headline", _("Capaian utama")),
    ("awards", _("Penghargaan")),
    ("replicas", _("Jumlah replikasi")),
]


@require_safe
def shortlist_csv(request):
    try:
        selection = select(request.GET)
    except InvalidSelection as error:
        return HttpResponse(str(error), status=400, content_type="text/plain; charset=utf-8")
    cards = cards_for(selection.pages, request)
    institutions = {p.pk: p.institution for p in selection.pages}
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="pilihan-inovasi-jipp.csv"'
    response.write("\ufeff")  # spreadsheet programs then read the file as UTF-8
    writer = csv.writer(response)
    writer.writerow([str(label) for _key, label in CSV_COLUMNS])
    for card in cards:
        headline = card.headline
        writer.writerow(
            _safe(value)
            for value in [
                card.title,
                absolute_url(card.url),
                institutions[card.page_id],
                card.place,
                card.level,
                card.sector,
                card.year or "",
                f"{headline.label}: {headline.words} ({headline.before} → {headline.after}"
                f"{' ' + headline.unit if headline.unit else ''})"
                if headline
                else "",
                "; ".join(card.awards),
                card.replica_count,
            ]
        )
    return response


def _safe(value):
    """A cell a spreadsheet will not run as a formula (CSV injection)."""
    text = str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text
