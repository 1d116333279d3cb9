"""The comparison page (shareable: /bandingkan/?id=1&id=2) and its "Bandingkan" buttons,
which keep the choice in a cookie so that they work without JavaScript."""

from django.http import HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from . import compare


def compare_page(request):
    values = request.GET.getlist("id")
    if not values:
        chosen = compare.chosen_ids(request)
        if len(chosen) >= compare.MIN_ITEMS:  # to the address one can share
            return HttpResponseRedirect(_compare_url(chosen))
    error, status, ids = "", 200, []
    try:
        ids = compare.parse_ids(values)
    except compare.CompareError as problem:
        error, status = str(problem), 400
    cols = compare.columns(ids, request) if ids else []
    if not error and len(cols) < compare.MIN_ITEMS:
        error = _(
            "Pilih %(min)d sampai %(max)d inovasi untuk dibandingkan (tombol “Bandingkan” di "
            "halaman inovasi atau di hasil pencarian)."
        ) % {"min": compare.MIN_ITEMS, "max": compare.MAX_ITEMS}
    context = {
        "columns": cols,
        "error": error,
        "share_url": request.build_absolute_uri(_compare_url([c.page.pk for c in cols])),
        "chosen": compare.chosen_ids(request),
    }
    return render(request, "replication/compare.html", context, status=status)


def _compare_url(ids):
    return reverse("compare") + "?" + urlencode([("id", pk) for pk in ids])


# GET, as the region chooser: the buttons sit on cached pages (no CSRF token can be
# shared), and choosing what to compare changes nothing but the reader's own cookie.
@require_GET
def choose(request):
    """Add (or with action=hapus remove) one innovation to the comparison."""
    chosen = compare.chosen_ids(request)
    value = request.GET.get("id", "")
    if value.isdigit() and len(value) <= 12:
        page_id = int(value)
        if request.GET.get("action") == "hapus":
            chosen = [pk for pk in chosen if pk != page_id]
        elif page_id not in chosen:
            chosen = (chosen + [page_id])[-compare.MAX_ITEMS :]  # the oldest choice goes
    # To the comparison, which shows what is chosen (the pages with the buttons are cached
    # for everyone and cannot); with fewer than two, it says to choose another.
    target = _compare_url(chosen) if len(chosen) >= compare.MIN_ITEMS else reverse("compare")
    response = HttpResponseRedirect(target)
    response.set_cookie(compare.COOKIE, ",".join(map(str, chosen)), max_age=30 * 24 * 3600,
                        samesite="Lax", httponly=True, secure=request.is_secure())  # fmt: skip
    return response
