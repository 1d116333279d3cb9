"""Values computed once per public request instead of once per caller.

A public page asks the same questions many times while it renders: which pages are hidden
from the public (every `InnovationPage.objects.visible()`), where the sites' roots are (every
page URL), the replication counts (the page's summary, every similar card). Each answer is a
query; within one GET request it cannot change, so the first caller's answer is kept for
the rest of the request (RequestMemoMiddleware) and forgotten when the response is built.

Only GET and HEAD are memoized: a POST may change what it reads (a publication), and
outside a request (commands, the worker, tests calling functions directly) nothing is
kept, so code there sees the database as it is at every call. A publication inside a GET
(none exists, but a signal could) forgets everything (`forget`).
"""

import contextvars

_memo = contextvars.ContextVar("request_memo", default=None)
_MISSING = object()


def memoized(key, compute):
    """compute()'s value, computed once per request for this key."""
    memo = _memo.get()
    if memo is None:
        return compute()
    value = memo.get(key, _MISSING)
    if value is _MISSING:
        value = memo[key] = compute()
    return value


def active():
    """True inside a memoized request."""
    return _memo.get() is not None


def forget():
    """Drop everything kept for the current request (its data changed)."""
    memo = _memo.get()
    if memo is not None:
        request = memo.get("request")
        memo.clear()
        memo["request"] = request


class RequestMemoMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        memo = {"request": request} if request.method in ("GET", "HEAD") else None
        token = _memo.set(memo)
        try:
            return self.get_response(request)
        finally:
            _memo.reset(token)


def site_root_paths(request=None):
    """Wagtail's `Site.get_site_root_paths()` (a cache read: a query with the database
    cache), read once per request and shared with Wagtail's own copy on the request
    (`_wagtail_cached_site_root_paths`, which `page.get_url(request)` uses)."""
    from wagtail.models import Site

    request = request if request is not None else memoized("request", lambda: None)
    cached = getattr(request, "_wagtail_cached_site_root_paths", None)
    if cached is not None:
        return cached
    paths = memoized("wagtail:site_root_paths", Site.get_site_root_paths)
    if request is not None:
        request._wagtail_cached_site_root_paths = paths
    return paths
