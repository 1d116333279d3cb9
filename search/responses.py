"""The search page's, the API's and the search feed's whole responses, kept for anonymous
readers (pagecache.responses) beside the engine's answers (search.resultcache).

A kept response is valid while the page cache's generation (publications) and the index's
state (every index write, synonym edit, vector write: search.state) are what they were
when it was made, so it is never older than the result cache's answer would be. Like that
cache, only the database engines' responses are kept (Elasticsearch applies changes later
than the state says) and only for SEARCH_RESULT_CACHE_SECONDS.

Every search is still announced (search.signals) on a hit, with the request as asked and
the answer's hits and totals (its facets are not kept for this: no listener reads them), so
insights counts each one as before.
"""

import dataclasses
import functools

from django.conf import settings
from django.utils import translation

from pagecache.responses import cached_response

from . import resultcache, state
from .backends import backend_name
from .signals import announce_search


def _active():
    return resultcache.enabled() and backend_name() in resultcache.CACHED_ENGINES


def _version(request):
    current = state.current()  # the search's own reading: the view runs pinned to it
    return (str(current.epoch), current.generation, repr(current.synonyms), current.vectors,
            resultcache._salt)  # fmt: skip


def _seconds():
    return settings.SEARCH_RESULT_CACHE_SECONDS


def remember_search(request, source, search_request, response):
    """Announce the search and keep what a hit on this response will announce again."""
    announce_search(request, search_request, response, source=source)
    summary = dataclasses.replace(response, facets={}, request=search_request)
    # The language the search ran in (the API's lang=en), which insights records with it.
    request.cache_memo = (source, search_request, summary, translation.get_language())


def _announce_again(request, memo, response):
    if memo is not None:
        source, search_request, summary, language = memo
        with translation.override(language):
            announce_search(request, search_request, summary, source=source)
    if "X-Search-Cache" in response:
        response["X-Search-Cache"] = "hit"


def cached_search_response(view):
    """The view's anonymous responses kept as above; the whole view reads one index state."""
    cached = cached_response(
        version=_version, seconds=_seconds, on_hit=_announce_again, active=_active
    )(view)

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        with state.pinned():
            return cached(request, *args, **kwargs)

    return wrapper
