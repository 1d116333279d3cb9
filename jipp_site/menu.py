"""The pages the site's navigation links to by slug ("simpul", "tentang"), found once per
request in one query instead of one per link (Wagtail's `{% slugurl %}` asks each time).

Same pages as `slugurl`: the first by tree order among the current site's pages with that
slug, else the first anywhere. A routed request finds them in its routing query
(jipp_site.routing), which reads the site's pages by slug anyway.
"""

from django.db.models import Q
from wagtail.models import Page, Site

from .request_memo import memoized

MENU_SLUGS = ("simpul", "tentang")
_KEY = "jipp_site:menu_pages"


def in_site_q(root):
    """The routing query's condition for the menu's pages under the site's root."""
    return Q(path__startswith=root.path, slug__in=MENU_SLUGS)


def first_by_slug(pages):
    """{slug: the first page by tree order} for the menu's slugs among `pages`."""
    found = {}
    for page in sorted(pages, key=lambda page: page.path):
        if page.slug in MENU_SLUGS:
            found.setdefault(page.slug, page)
    return found


def remember(root, pages):
    """Keep what the routing query found under `root` for this request's menu."""
    memoized(_KEY, lambda: (root.pk, first_by_slug(pages)))


def menu_page(request, slug):
    """The page `{% slugurl slug %}` would link to, or None."""
    site = Site.find_for_request(request) if request is not None else None
    if site is not None:

        def read():
            pages = Page.objects.filter(in_site_q(site.root_page)).order_by("path")
            return (site.root_page_id, first_by_slug(pages))

        root_id, pages = memoized(_KEY, read)
        if root_id != site.root_page_id:  # not this site's: ask as slugurl does
            pages = first_by_slug(Page.objects.filter(in_site_q(site.root_page)))
        if slug in pages:
            return pages[slug]
    return memoized(f"{_KEY}:{slug}", lambda: Page.objects.filter(slug=slug).first())
