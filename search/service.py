"""The one entry point views, the API and feeds use to search.

It reads what the query means (search.interpretation: places, replication intent), asks
the configured engine, and falls back to the database engine (with a notice) when the
configured engine cannot answer.
"""

import dataclasses
import logging

from django.utils.translation import gettext as _

from . import interpretation, lexicon, resultcache, state, vectors
from .analysis import tokenize
from .backends import backend_name, database_backend, get_backend
from .backends.base import EngineUnavailable
from .query import SearchRequest
from .spelling import speller

logger = logging.getLogger(__name__)

__all__ = ["EngineUnavailable", "run_search", "similar_innovations"]

PRACTICE_PROBE_SIZE = 1  # the named practice is the top match for its words
# With no practice named, the lineages of the preferred role's records this deep in the
# ranking are kept together (one page at most: the API's largest).
LINEAGE_DEPTH = 50


def run_search(request):
    with state.pinned():
        key = _cache_key(request)
        if key is None:
            return _run_search(request)
        response = resultcache.get(key)
        if response is not None:
            # The answer as this reader asked (filters in their order); the language is
            # the one the semantic leg settled on.
            response.request = dataclasses.replace(request, language=response.request.language)
            response.from_cache = True
            return response
        response = _run_search(request)
        resultcache.put(key, response)
        return response


def _cache_key(request):
    """The result cache's key for this search (search.resultcache), None: compute it."""
    if not resultcache.enabled():
        return None
    engine = backend_name()
    if engine not in resultcache.CACHED_ENGINES:
        return None
    return resultcache.key_for(request, state.current(), engine)


def _run_search(request):
    effective, meaning = interpretation.interpret(request)
    if meaning is None:
        return _answer(_with_semantics(request))
    if meaning.replication:
        probe = SearchRequest(q=effective.q, page_size=PRACTICE_PROBE_SIZE, interpret=False)
        top = _answer(probe).hits[:1] if effective.q else []
        pinned, prefer = interpretation.practice_lineage(meaning, top[0] if top else None)
        effective = dataclasses.replace(effective, pinned=pinned, prefer=prefer)
        if prefer and effective.q and effective.effective_sort == "relevance":
            # No practice named: the records of the preferred role that rank on the page
            # each bring their lineage right after them (search.interpretation.lineages).
            depth = min(effective.offset + effective.page_size, LINEAGE_DEPTH)
            first = _answer(
                _with_semantics(dataclasses.replace(effective, page=1, page_size=depth))
            )
            pinned, partners = interpretation.lineages([hit.page_id for hit in first.hits], prefer)
            effective = dataclasses.replace(effective, pinned=pinned, partners=partners)
    response = _answer(_with_semantics(effective))
    if meaning.places and not response.total:
        # Nothing there: say so, and answer for the words everywhere.
        everywhere = interpretation.without_places(effective, request)
        response = _answer(_with_semantics(everywhere))
        meaning.place_fallback = True
    return _as_asked(response, request, meaning)


def _with_semantics(request):
    """The request with the query's vector and language, for the semantic leg. A query of
    no real word at all ("xyzzy") gets no vector: a model finds neighbours for anything."""
    tokens = tokenize(request.q)
    if not any(speller().known(t) or lexicon.is_word(t) for t in tokens):
        return request
    return dataclasses.replace(
        request, vector=vectors.PendingVector(request.q), language=lexicon.query_language(tokens)
    )


def _as_asked(response, request, meaning):
    """The response for the request as the reader made it: filters interpretation added
    are shown as the interpretation, not as the reader's own selections."""
    for name, values in response.facets.items():
        for value in values:
            value.selected = value.value in set(map(str, request.selected(name)))
    response.request = request
    response.interpretation = meaning
    return response


def _answer(request):
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
