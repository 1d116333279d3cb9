"""The JSON search API: GET /api/v1/search/ and its OpenAPI description."""

import logging

from django.http import JsonResponse
from django.views.decorators.http import require_GET

from .openapi import openapi_document
from .query import InvalidParameter, SearchRequest
from .serializers import response_json
from .service import run_search

logger = logging.getLogger(__name__)


def error_response(status, parameter, message):
    return JsonResponse(
        {"error": {"status": status, "parameter": parameter, "message": message}},
        status=status,
        json_dumps_params={"ensure_ascii": False},
    )


@require_GET
def search_api(request):
    try:
        search_request = SearchRequest.from_querydict(request.GET)
    except InvalidParameter as exc:
        return error_response(400, exc.parameter, exc.message)
    response = run_search(search_request)
    result = JsonResponse(response_json(response), json_dumps_params={"ensure_ascii": False})
    result["X-Search-Backend"] = response.backend
    return result


@require_GET
def openapi_json(request):
    base = request.build_absolute_uri("/").rstrip("/")
    return JsonResponse(openapi_document(base), json_dumps_params={"ensure_ascii": False})
