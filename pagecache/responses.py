"""Whole responses of the public views that take a query string (the search page, the
search API, the feeds), kept for anonymous readers like the pages of pagecache.middleware.

The page cache serves only Wagtail pages without a query string; these views ran in full on
every request even when the engine's answer came from the search result cache: building
the facets, the result cards and the HTML (or the JSON, or the Atom) was most of the cost
of a search (docs/benchmarks.md, "Load test"). Here the finished response is kept instead.

Correctness, by the same model as the page cache (pagecache.store):
- an entry is valid only under the page cache's generation it was made in, which every
  publication, unpublication, move, deletion and change of site raises (pagecache.signals),
  and under the `version` its view names: for searches the index's state (search.state),
  which every index write, synonym edit and vector write raises. A page that leaves the
  public (unpublished, made private, deleted) is therefore never shown from an entry;
- the key is the whole request as the view reads it: language, scheme, host, path and the
  raw query string (links on the page repeat it, e.g. "Pilih daerah Anda ...?next=");
- only anonymous GET and HEAD, without a session, pending messages or a cookie that changes
  the page (settings.PAGE_CACHE_BYPASS_COOKIES: the reader's region, "Daerah serupa");
- only 200 responses that set no cookie and neither vary by cookie nor forbid caching;
- a form's CSRF token is never served to another reader: it is stored as a placeholder and
  each hit gets a fresh token for its own CSRF cookie (Django's CsrfViewMiddleware, which
  runs outside the view, sets the cookie and `Vary: Cookie` as for any rendered page);
- what must still happen on every request happens on a hit too: `on_hit` receives what
  the view stored beside its response (the search views announce the search to insights).

The cache being down never breaks a view: every failure is a miss (pagecache.store).
"""

import functools
import hashlib
import logging
import pickle
import re

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse
from django.middleware.csrf import get_token

from . import rules, store

logger = logging.getLogger(__name__)

KEY_VERSION = 2  # raise when an entry's shape changes: old entries are never read
MAX_ENTRY_BYTES = 1024 * 1024  # a larger response is served, not kept
# Django's {% csrf_token %}: <input type="hidden" name="csrfmiddlewaretoken" value="...">
CSRF_INPUT = re.compile(rb'(name="csrfmiddlewaretoken" value=")[A-Za-z0-9]{32,64}(")')
CSRF_PLACEHOLDER = b"\x00csrf-token\x00"  # never in a page: control characters are removed

HEADER = "X-Page-Cache"


def cacheable_request(request):
    if not settings.PAGE_CACHE_ENABLED or request.method not in ("GET", "HEAD"):
        return False
    return not rules.personal(request)


def response_key(request):
    from django.utils import translation

    request_line = "\n".join(
        (
            translation.get_language() or "",
            request.scheme,
            request.get_host(),
            request.path,
            request.META.get("QUERY_STRING", ""),
        )
    )
    digest = hashlib.sha256(request_line.encode("utf-8", "surrogateescape")).hexdigest()
    return f"pagecache:response:v{KEY_VERSION}:{digest}"


def _load(key):
    """(generation, entry or None); (None, None) when the cache is unreachable."""
    try:
        found = cache.get_many([store.GENERATION_KEY, key])
        generation = found.get(store.GENERATION_KEY)
        if generation is None:
            generation = store._generation()
        blob = found.get(key)
        entry = pickle.loads(blob) if blob is not None else None
    except Exception:  # noqa: BLE001 - the cache is an optimisation, never a failure
        logger.warning("Response cache unreachable; computing the response", exc_info=True)
        return None, None
    return generation, entry


def _save(key, entry, seconds):
    try:
        blob = pickle.dumps(entry, protocol=pickle.HIGHEST_PROTOCOL)
        if len(blob) <= MAX_ENTRY_BYTES:
            cache.set(key, blob, timeout=seconds)
    except Exception:  # noqa: BLE001
        logger.warning("Response cache unwritable; response not kept", exc_info=True)


def _frozen(response):
    content = CSRF_INPUT.sub(rb"\g<1>" + CSRF_PLACEHOLDER + rb"\g<2>", response.content)
    return response.status_code, list(response.items()), content


def _thawed(request, frozen):
    status, headers, content = frozen
    if CSRF_PLACEHOLDER in content:
        content = content.replace(CSRF_PLACEHOLDER, get_token(request).encode())
    response = HttpResponse(content, status=status)
    for name, value in headers:
        response[name] = value
    response[HEADER] = "hit"
    return response


def cached_response(version=None, seconds=None, on_hit=None, active=None):
    """Decorates a view whose anonymous response is the same for everyone who asks the same
    URL in the same language, until a publication or `version()` changes.

    active(): False to compute every response (e.g. an engine whose changes the version
        cannot see).
    version(request): what else the response depends on, compared on every hit (cheap; it
        runs on every request). None: the page cache's generation alone.
    seconds(): how long an entry is kept (default settings.PAGE_CACHE_SECONDS).
    on_hit(request, memo, response): runs on a hit, with what the view put in
        `request.cache_memo` while it made the response (pickled with it)."""

    def decorate(view):
        @functools.wraps(view)
        def wrapper(request, *args, **kwargs):
            if not cacheable_request(request) or (active is not None and not active()):
                return view(request, *args, **kwargs)
            key = response_key(request)
            generation, entry = _load(key)
            # What the response depends on: publications, and the view's own version.
            stamp = (generation, version(request) if version else None)
            if entry is not None and entry["stamp"] == stamp:
                response = _thawed(request, entry["response"])
                if on_hit is not None:
                    on_hit(request, entry["memo"], response)
                return response
            request.cache_memo = None
            response = view(request, *args, **kwargs)
            kept = generation is not None and request.method == "GET"
            if kept and rules.keepable(response):
                entry = {"stamp": stamp, "response": _frozen(response), "memo": request.cache_memo}
                _save(key, entry, seconds() if seconds else settings.PAGE_CACHE_SECONDS)
                response[HEADER] = "miss"
            return response

        return wrapper

    return decorate
