"""Where cached pages live: the default cache (Redis, the database or memory), under keys
that carry a generation number. Purging bumps the generation, which retires every cached
page at once; old entries expire by themselves (PAGE_CACHE_SECONDS).

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
    """The cache key of this request's page, or None when the cache cannot be reached."""
    try:
        generation = _generation()
    except Exception:  # noqa: BLE001 - the cache is an optimisation, never a failure
        logger.warning("Page cache unreachable; serving uncached", exc_info=True)
        return None
    language = getattr(request, "LANGUAGE_CODE", "")
    return f"pagecache:{generation}:{language}:{request.get_host()}:{request.path}"


def load(key):
    try:
        frozen = cache.get(key)
    except Exception:  # noqa: BLE001
        logger.warning("Page cache unreachable; serving uncached", exc_info=True)
        return None
    if frozen is None:
        return None
    status, headers, content = frozen
    response = HttpResponse(content, status=status)
    for name, value in headers:
        response[name] = value
    return response


def save(key, response):
    frozen = (response.status_code, list(response.items()), response.content)
    try:
        cache.set(key, frozen, timeout=settings.PAGE_CACHE_SECONDS)
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
