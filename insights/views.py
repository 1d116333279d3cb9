"""The public end of insights: where a result click is reported (navigator.sendBeacon from
static/insights/clicks.js). No cookie is read or set; nothing identifies the reader."""

import logging

from django.http import HttpResponse, HttpResponseBadRequest
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from search.query import MAX_PAGE, MAX_PAGE_SIZE, MAX_QUERY_LENGTH

from .privacy import is_automated
from .recording import record_click, recording_enabled

logger = logging.getLogger(__name__)

MAX_POSITION = MAX_PAGE * MAX_PAGE_SIZE


def _bounded_int(value, low, high):
    if not value or not value.isascii() or not value.isdigit() or len(value) > 9:
        return None
    number = int(value)
    return number if low <= number <= high else None


# A beacon carries no CSRF token and needs none: it changes nothing anyone could misuse,
# and no cookie is used to attribute it.
@csrf_exempt
@require_POST
@never_cache
def click(request):
    q = request.POST.get("q", "")
    position = _bounded_int(request.POST.get("position", ""), 1, MAX_POSITION)
    page_id = _bounded_int(request.POST.get("page", ""), 1, 2**31 - 1)
    if len(q) > MAX_QUERY_LENGTH or position is None or page_id is None:
        return HttpResponseBadRequest(
            _(
                "Klik tidak valid: q paling banyak %(max_q)s karakter, position 1-%(max_pos)s, "
                "page nomor halaman."
            )
            % {"max_q": MAX_QUERY_LENGTH, "max_pos": MAX_POSITION},
            content_type="text/plain; charset=utf-8",
        )
    if recording_enabled() and not is_automated(request):
        try:
            if not record_click(q, position, page_id):
                return HttpResponseBadRequest(
                    _("Halaman itu tidak ada di indeks pencarian."),
                    content_type="text/plain; charset=utf-8",
                )
        except Exception as exc:  # noqa: BLE001 - logged without the query
            logger.error("Click not recorded (%s)", type(exc).__name__)
    return HttpResponse(status=204)
