"""Serves public Wagtail pages to anonymous visitors from the cache (pagecache.store).

Why our own middleware: Django's cache middleware keys on the whole request and cannot be
purged by content; wagtail-cache (the maintained Wagtail one) did not declare support for
Wagtail 8 when this was written. This one is small: anonymous GET/HEAD without a query
string, Wagtail pages only (pagecache.wagtail_hooks marks them), 200 responses that set no
cookie and do not vary by cookie or forbid caching (private pages do).
"""

from django.conf import settings

from . import rules, store

SKIPPED_PREFIXES = ("/admin/", "/django-admin/", "/documents/", "/api/", "/static/", "/media/")
MARK = "_pagecache_page"


def _cacheable_request(request):
    if request.method not in ("GET", "HEAD") or request.META.get("QUERY_STRING"):
        return False
    if request.path.startswith(SKIPPED_PREFIXES):
        return False
    return not rules.personal(request)


def _cacheable_response(request, response):
    if not getattr(request, MARK, False) or request.method != "GET":
        return False
    return rules.keepable(response)


class PageCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not settings.PAGE_CACHE_ENABLED or not _cacheable_request(request):
            return self.get_response(request)
        key = store.page_key(request)
        generation, cached = store.load(key)
        if cached is not None:
            cached["X-Page-Cache"] = "hit"
            return cached
        response = self.get_response(request)
        if generation is not None and _cacheable_response(request, response):
            store.save(key, generation, response)
            response["X-Page-Cache"] = "miss"
        return response
