"""The public search page, /cari/ (and /search/): a GET form whose whole state is the URL.

It works without JavaScript: the filters are checkboxes in the same form as the words, every
chip and page link is an ordinary link to the same search with one thing changed.
"""

import dataclasses
import logging

from django.contrib.auth.views import redirect_to_login
from django.http import Http404, HttpResponse, HttpResponseBadRequest, QueryDict
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from jipp_site.absolute import absolute_url

from . import nearness, presentation
from .query import (
    DEFAULT_PAGE_SIZE,
    MAX_PAGE_SIZE,
    MAX_QUERY_LENGTH,
    MAX_QUERY_STRING_LENGTH,
    MAX_SELECTED_VALUES,
    MAX_VALUES_PER_FACET,
    InvalidParameter,
    SearchRequest,
)
from .responses import cached_search_response, remember_search
from .service import EngineUnavailable, run_search
from .sources import get_source

logger = logging.getLogger(__name__)

TEMPLATE = "search/search_page.html"


@require_safe
@cached_search_response
def search_page(request):
    params = request.GET
    base = presentation.search_path()
    context = {"search_path": base}
    try:
        # Links shared on social media carry tracking parameters (utm_source, fbclid):
        # the page ignores what it does not know; the API, for programs, is strict.
        search_request = SearchRequest.from_querydict(params, lenient=True)
    except InvalidParameter as exc:
        return _error_page(request, context, params, exc)

    search_request = with_reader_region(search_request, request)
    context["search"] = search_request
    context["search_query"] = search_request.q  # the header's search box
    try:
        response = run_search(search_request)
    except EngineUnavailable:
        logger.exception("Search unavailable for %r", search_request)
        context.update(
            noindex=True,
            unavailable=_("Pencarian sedang tidak tersedia. Silakan coba lagi beberapa saat lagi."),
        )
        return render(request, TEMPLATE, context, status=503)

    remember_search(request, "page", search_request, response)
    query = presentation.EncodedQuery(params)  # every link below is built from it
    chips = presentation.chips(search_request, response, query)
    context.update(
        response=response,
        hits=presentation.result_cards(response.hits, request),
        first_shown=search_request.offset + 1,
        last_shown=search_request.offset + len(response.hits),
        facet_groups=presentation.facet_groups(response),
        chips=chips,
        clear_all_url=presentation.clear_all_url(query),
        sort_links=presentation.sort_links(search_request, query),
        pagination=presentation.pagination(search_request, response, query),
        noindex=presentation.is_variant(search_request),
        canonical_url=absolute_url(presentation.build_url(query, base)),
        suggestion_url=(
            presentation.url_with(query, q=response.suggestion) if response.suggestion else None
        ),
        as_typed_url=(
            presentation.url_with(params, interpret="0") if response.interpretation else None
        ),
        beyond_last_page=bool(response.total and not response.hits and search_request.page > 1),
        last_page_url=presentation.url_with_page(query, response.page_count),
        limits={"per_facet": MAX_VALUES_PER_FACET, "total": MAX_SELECTED_VALUES},
        alert_query=request.META.get("QUERY_STRING", "")[:MAX_QUERY_STRING_LENGTH],
        keep_sort=search_request.sort if search_request.sort != "relevance" else "",
        keep_page_size=(
            search_request.page_size if search_request.page_size != DEFAULT_PAGE_SIZE else ""
        ),
    )
    return render(request, TEMPLATE, context)


def with_reader_region(search_request, request):
    """The search for the reader's own kabupaten/kota, remembered by the browser
    (search.nearness), unless the address names one: the "Daerah serupa" order is offered,
    and applied when chosen. The page and its export read the same region."""
    code = request.COOKIES.get(nearness.COOKIE, "")
    if search_request.near or not code:
        return search_request
    return search_request.near_to(code[:5])


def _error_page(request, context, params, exc):
    """A parameter that cannot be used: say which and offer the search without it."""
    raw_q = params.get("q", "")[:MAX_QUERY_LENGTH]
    q = " ".join("".join(ch if ch.isprintable() else " " for ch in raw_q).split())
    context.update(
        error={"parameter": exc.parameter, "message": exc.message},
        without_url=_without_url(params, exc.parameter, q),
        search_query=q,
        error_q=q,
        noindex=True,
    )
    return render(request, TEMPLATE, context, status=400)


def _without_url(params, parameter, q):
    """The search without the parameter at fault; just the words if even that is longer
    than a search may be (the error page stays small, whatever was sent)."""
    url = presentation.url_without(params, parameter)
    if len(url) > MAX_QUERY_STRING_LENGTH:
        url = presentation.url_with(QueryDict(), q=q)
    return url


MAX_EXPORTED_RESULTS = 1000
"""Results in one search export (the first ones, in the search's order)."""


@require_safe
def search_export(request):
    """The search's results as XLSX or CSV (?format=xlsx|csv plus the search's own
    parameters), in the import template's columns: only what the search shows the public.
    For people with the admin (coordinators and curators): a thousand records is a heavy
    answer to give anyone who asks. In the page's order, the reader's region included (the
    "Daerah serupa" order); with a region, a last column says why each is close to it, as
    the result cards do."""
    if not request.user.has_perm("wagtailadmin.access_admin"):
        return redirect_to_login(request.get_full_path())
    params = request.GET.copy()
    file_format = "csv" if params.pop("format", ["xlsx"])[-1] == "csv" else "xlsx"
    try:
        search_request = SearchRequest.from_querydict(params, lenient=True)
    except InvalidParameter as exc:
        return HttpResponseBadRequest(f"{exc.parameter}: {exc.message}")
    search_request = with_reader_region(search_request, request)
    ids = []
    try:
        for page in range(1, MAX_EXPORTED_RESULTS // MAX_PAGE_SIZE + 1):
            batch = dataclasses.replace(search_request, page=page, page_size=MAX_PAGE_SIZE)
            response = run_search(batch)
            ids += [hit.page_id for hit in response.hits]
            if len(ids) >= response.total or not response.hits:
                break
    except EngineUnavailable:
        return HttpResponse(
            _("Pencarian sedang tidak tersedia. Silakan coba lagi beberapa saat lagi."),
            status=503,
        )
    ids = list(dict.fromkeys(ids))
    closeness = None
    if search_request.near:
        explained = nearness.explain(search_request, ids)
        closeness = {page_id: why["label"] for page_id, why in explained.items()}
    exported = get_source().export(ids, file_format, closeness=closeness)
    if exported is None:
        raise Http404
    content, content_type, extension = exported
    answer = HttpResponse(content, content_type=content_type)
    answer["Content-Disposition"] = f'attachment; filename="hasil-pencarian.{extension}"'
    return answer
