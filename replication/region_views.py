"""The reader's own kabupaten/kota, remembered in the browser (a cookie, no account)."""

from django.http import HttpResponseRedirect
from django.shortcuts import render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from . import regions
from .institutions import institutions, resolve


def safe_next(request, fallback="/"):
    target = request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        return target
    return fallback


def regency_options():
    return [item for item in institutions() if item.regency]


# GET, not POST: the form sits on pages the page cache shares between readers, where a
# CSRF token would be someone else's; a remembered region is a preference, not an action
# anyone could abuse.
@require_GET
def my_region(request):
    error, status = "", 200
    if "region" in request.GET or "action" in request.GET:
        response = HttpResponseRedirect(safe_next(request))
        if request.GET.get("action") == "hapus":
            response.delete_cookie(regions.COOKIE)
            return response
        text = request.GET.get("region", "")[:200]
        found = resolve(text)
        if found is not None and found.regency is not None:
            response.set_cookie(
                regions.COOKIE,
                found.regency.code,
                max_age=regions.COOKIE_MAX_AGE,
                samesite="Lax",
                httponly=True,
                secure=request.is_secure(),
            )
            return response
        error = _(
            "“%(text)s” bukan kabupaten/kota yang dikenal. Pilih dari daftar, mis. "
            "“Kabupaten Sumedang, Jawa Barat”."
        ) % {"text": text}
        status = 400
    context = {
        "error": error,
        "options": regency_options(),
        "mine": regions.reader_region(request),
        "next": safe_next(request),
    }
    return render(request, "replication/my_region.html", context, status=status)
