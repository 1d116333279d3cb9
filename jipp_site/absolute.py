"""Absolute addresses for what leaves the site (canonical links, og:url, feeds, the sitemap,
share links, emails): always settings.PUBLIC_URL (JIPP_PUBLIC_URL), never the Host header
of the request, which behind a proxy or in a container is often `localhost`."""

from django.conf import settings


def absolute_url(url):
    """`url` made absolute on the public address; an absolute URL (another site's) stays."""
    if not url:
        return ""
    if url.startswith("//") or "://" in url.split("/", 1)[0]:
        return url
    if not url.startswith("/"):
        url = "/" + url
    return settings.PUBLIC_URL.rstrip("/") + url


def page_url(page, request=None):
    """A page's address for others: its path on this site under the public address."""
    return absolute_url(page.get_url(request) or "")
