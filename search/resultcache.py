"""The search result cache: a repeated search is answered from Django's cache.

What is kept is the engine's answer (search.query.SearchResponse: hits, facets, the
interpretation), never a rendered page: CSRF tokens, the shortlist and the reader's region
are added by the views for each request, so nothing personal is frozen. The engine's answer
depends on nobody's identity (only public, live pages are indexed), so one entry serves all.

The key is the normalised request (words, every filter sorted, sort, page, `near`...), the
interface language, the engine, and the index's state (search.state: epoch, generation,
synonyms, vectors). Every index write raises the generation in the same transaction, so a
publication, unpublication, deletion or privacy change makes every older entry unreachable
at once: a stale answer can never show a page that left the index. Old entries simply age
out (SEARCH_RESULT_CACHE_SECONDS).

Only the database engines are cached: they read the index the generation counts.
Elasticsearch applies changes later (its outbox), so an answer computed in between would be
kept under the new generation with old contents; it is computed every time.

The cache never fails a search: any error reading or writing it is a miss.
"""

import contextlib
import contextvars
import dataclasses
import hashlib
import logging
import pickle
import uuid

from django.conf import settings
from django.core.cache import cache
from django.utils import translation

logger = logging.getLogger(__name__)

KEY_VERSION = 1  # raise when SearchResponse's shape changes: old pickles are never read
MAX_KEY_TEXT = 2000  # characters of normalised request: longer searches are not kept
MAX_ENTRY_BYTES = 256 * 1024  # a pickled answer bigger than this is not kept
CACHED_ENGINES = ("postgres", "sqlite")

_bypass = contextvars.ContextVar("search_result_cache_bypass", default=False)
# Part of every key: reset() draws a new one when the database changed under the index's
# state (tests that roll back, a restored backup), so no entry from before is read again.
# Empty until then: every process (gunicorn's workers) must build the same keys to share.
_salt = ""


def reset():
    global _salt
    _salt = uuid.uuid4().hex


@contextlib.contextmanager
def bypassed():
    """Within this block every search is computed (benchmarks time cold queries)."""
    token = _bypass.set(True)
    try:
        yield
    finally:
        _bypass.reset(token)


def enabled():
    return settings.SEARCH_RESULT_CACHE_SECONDS > 0 and not _bypass.get()


def key_for(request, index_state, engine):
    """The cache key of `request`, or None when it is too long to be worth keeping."""
    filters = tuple(
        (name, tuple(sorted(map(str, values))))
        for name, values in sorted(request.filters.items())
        if values
    )
    text = repr(
        (
            request.q,
            request.page,
            request.page_size,
            request.sort,
            filters,
            request.year_from,
            request.year_to,
            request.interpret,
            tuple(request.pinned),
            tuple(request.partners),
            tuple(request.read_scopes),
            request.prefer,
            request.near,
            request.language,
            translation.get_language(),
            engine,
            str(index_state.epoch),
            index_state.generation,
            repr(index_state.synonyms),
            index_state.vectors,
            _salt,
        )
    )
    if len(text) > MAX_KEY_TEXT:
        return None
    digest = hashlib.sha256(text.encode()).hexdigest()
    return f"search:result:v{KEY_VERSION}:{digest}"


def get(key):
    try:
        blob = cache.get(key)
        return pickle.loads(blob) if blob is not None else None
    except Exception:  # a broken cache or entry is a miss, never a failed search
        logger.warning("Search result cache unreadable; computing the search", exc_info=True)
        return None


def put(key, response):
    if response.notice:
        # A fallback answer (the main engine was down) is not worth keeping.
        return
    # The semantic leg's pending vector is a thread's future: not part of the answer.
    kept = dataclasses.replace(response, request=dataclasses.replace(response.request, vector=None))
    try:
        blob = pickle.dumps(kept, protocol=pickle.HIGHEST_PROTOCOL)
        if len(blob) > MAX_ENTRY_BYTES:
            return
        cache.set(key, blob, settings.SEARCH_RESULT_CACHE_SECONDS)
    except Exception:
        logger.warning("Search result cache unwritable; answer not kept", exc_info=True)
