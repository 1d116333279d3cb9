"""The one entry point views, the API and feeds use to search: picks the engine, and falls
back to the database engine (with a notice) when the configured engine cannot answer."""

import logging

from django.utils.translation import gettext as _

from . import state
from .backends import database_backend, get_backend
from .backends.base import EngineUnavailable

logger = logging.getLogger(__name__)

__all__ = ["EngineUnavailable", "run_search", "similar_innovations"]


def run_search(request):
    with state.pinned():
        return _run_search(request)


def _run_search(request):
    backend = get_backend()
    try:
        return backend.search(request)
    except EngineUnavailable as exc:
        fallback = database_backend()
        if fallback is backend:
            raise
        logger.warning(
            "Search engine %s unavailable (%s); using %s", backend.name, exc, fallback.name
        )
        response = fallback.search(request)
        response.notice = _(
            "Mesin pencari utama sedang tidak tersedia; hasil ini dari basis data situs."
        )
        return response


def similar_innovations(page_id, limit=5):
    with state.pinned():
        return _similar_innovations(page_id, limit)


def _similar_innovations(page_id, limit):
    backend = get_backend()
    try:
        return backend.similar(page_id, limit)
    except EngineUnavailable:
        return database_backend().similar(page_id, limit)
