"""Who may be served a kept response, and which responses may be kept: one rule for the
page cache (pagecache.middleware) and the kept search and feed responses
(pagecache.responses)."""

from django.conf import settings


def personal(request):
    """Whether the reader sees the site as it is for them: anyone with a session (editors,
    someone who entered a page password), pending messages or a cookie that changes the
    page (settings.PAGE_CACHE_BYPASS_COOKIES)."""
    cookies = request.COOKIES
    names = (settings.SESSION_COOKIE_NAME, "messages", *settings.PAGE_CACHE_BYPASS_COOKIES)
    return any(name in cookies for name in names)


def keepable(response):
    """A 200 that sets no cookie, and neither varies by cookie nor forbids caching
    (private pages do)."""
    if response.status_code != 200 or response.streaming or response.cookies:
        return False
    vary = response.get("Vary", "").lower()
    cache_control = response.get("Cache-Control", "").lower()
    return "cookie" not in vary and not any(
        word in cache_control for word in ("private", "no-store", "no-cache")
    )
