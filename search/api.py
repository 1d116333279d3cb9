"""The JSON search API: GET /api/v1/search/ and its OpenAPI description."""

import logging

from django.conf import settings
from django.http import JsonResponse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_safe

from . import nearness
from .openapi import openapi_document
from .query import InvalidParameter, SearchRequest, api_language
from .responses import cached_search_response, remember_search
from .serializers import response_json
from .service import EngineUnavailable, run_search

logger = logging.getLogger(__name__)

RETRY_AFTER_SECONDS = 30


def error_response(status, parameter, message):
    return JsonResponse(
        {"error": {"status": status, "parameter": parameter, "message": message}},
        status=status,
        json_dumps_params={"ensure_ascii": False},
    )


# Both views only read. csrf_exempt lets a POST, PUT or DELETE reach require_safe and get a
# 405 with an Allow header, as the OpenAPI document says, instead of CSRF's 403; HEAD is
# answered like GET, without the body.
@csrf_exempt
@require_safe
@cached_search_response
def search_api(request):
    # The address is the same in every language (for programs): lang=en asks for English.
    try:
        language = api_language(request.GET)
    except InvalidParameter as exc:
        return error_response(400, exc.parameter, exc.message)
    with translation.override(language):
        result = _search_api(request)
    result["Content-Language"] = language
    return result


def _search_api(request):
    try:
        search_request = SearchRequest.from_querydict(request.GET)
    except InvalidParameter as exc:
        return error_response(400, exc.parameter, exc.message)
    try:
        response = run_search(search_request)
    except EngineUnavailable:
        logger.exception("Search API unavailable for %r", search_request)
        result = error_response(
            503,
            None,
            _("Pencarian sedang tidak tersedia. Silakan coba lagi beberapa saat lagi."),
        )
        result["Retry-After"] = str(RETRY_AFTER_SECONDS)
        return result
    remember_search(request, "api", search_request, response)
    # With near (whatever the order), each result says why its region is as close as it is.
    closeness = None
    if search_request.near:
        closeness = nearness.explain(search_request, [hit.page_id for hit in response.hits])
    result = JsonResponse(
        response_json(response, closeness), json_dumps_params={"ensure_ascii": False}
    )
    result["X-Search-Backend"] = response.backend
    result["X-Search-Cache"] = "hit" if response.from_cache else "miss"
    return result


@csrf_exempt
@require_safe
def openapi_json(request):
    base = settings.PUBLIC_URL.rstrip("/")
    return JsonResponse(openapi_document(base), json_dumps_params={"ensure_ascii": False})
