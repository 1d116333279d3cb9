"""Where cached pages live: the default cache (Redis, the database or memory), each page
stored with the generation number current when it was made. Purging bumps the generation,
which retires every cached page at once: a page of an older generation is a miss, and is
replaced or expires by itself (PAGE_CACHE_SECONDS).

Why everything at once: a publication changes more than its own page (its hub's listing,
the home page's newest innovations, the statistics, the "replicated by" links of other
pages), and a generation is correct by construction where a list of URLs would miss one.
Publications are rare next to reads, so the cost is a few uncached views after each.

The cache being down never breaks a page: every operation here fails open (a miss).
"""

import logging
import time

from django.conf import settings
from django.core.cache import cache
from django.db import connection, transaction
from django.http import HttpResponse

logger = logging.getLogger(__name__)

GENERATION_KEY = "pagecache:generation"


def _generation():
    generation = cache.get(GENERATION_KEY)
    if generation is None:
        # Start from the clock so that a lost key (eviction, flush) never brings back pages
        # cached under an earlier generation.
        generation = int(time.time() * 1000)
        cache.add(GENERATION_KEY, generation, timeout=None)
        generation = cache.get(GENERATION_KEY, generation)
    return generation


def page_key(request):
    """The cache key of this request's page (the generation is stored with the page)."""
    language = getattr(request, "LANGUAGE_CODE", "")
    return f"pagecache:{language}:{request.get_host()}:{request.path}"


def load(key):
    """(generation, response or None) in one read of the cache (the generation and the
    page together: one round trip to Redis, one query with the database cache). A page
    stored under an older generation is a miss. (None, None) when the cache is down."""
    try:
        found = cache.get_many([GENERATION_KEY, key])
        generation = found.get(GENERATION_KEY)
        if generation is None:
            generation = _generation()
    except Exception:  # noqa: BLE001 - the cache is an optimisation, never a failure
        logger.warning("Page cache unreachable; serving uncached", exc_info=True)
        return None, None
    entry = found.get(key)
    if entry is None or entry[0] != generation:
        return generation, None
    _, (status, headers, content) = entry
    response = HttpResponse(content, status=status)
    for name, value in headers:
        response[name] = value
    return generation, response


def save(key, generation, response):
    """Store the page under the generation read before it was made: a purge meanwhile
    makes it a miss for the next reader."""
    frozen = (response.status_code, list(response.items()), response.content)
    try:
        cache.set(key, (generation, frozen), timeout=settings.PAGE_CACHE_SECONDS)
    except Exception:  # noqa: BLE001
        logger.warning("Page cache unreachable; page not stored", exc_info=True)


def purge():
    """Retire every cached page now."""
    try:
        try:
            cache.incr(GENERATION_KEY)
        except ValueError:  # no generation yet: nothing is cached under one
            _generation()
    except Exception:  # noqa: BLE001
        # Pages cached before stay until PAGE_CACHE_SECONDS; say so loudly.
        logger.error("Page cache unreachable: cached pages were not purged", exc_info=True)


def purge_after_commit():
    """Purge once the current transaction commits (once per transaction, however many
    pages it changed): a reader must not cache the old page between purge and commit."""
    if any(callback is purge for _, callback, _ in connection.run_on_commit):
        return
    transaction.on_commit(purge, robust=True)
