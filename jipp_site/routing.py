"""Routing a public URL to its page in one query instead of two per path segment.

Wagtail routes /simpul/provinsi-bali/toss/ by asking each page in turn for its child
(`get_children().get(slug=...)`) and making that child specific: eight queries for an
innovation page. Here the pages on the path are read at once (slug and depth within the
site's root, path prefixes checked in Python), and the result is handed to Wagtail the way
Wagtail caches its own (`request._wagtail_route_for_request`), so Wagtail's serve view,
its hooks and every page's `serve` run unchanged.

Same answers as Wagtail: a missing segment is a 404; a page whose class routes its own way
(anything but Wagtail's `Page.route` or our `LiveParentRouteMixin`) is given the rest of
the path to route itself; the page at the end routes itself with nothing left (a draft is
a 404 there). Only single-language sites (WAGTAIL_I18N_ENABLED off, as here) take this way.

The chain of pages is kept on the page (`route_ancestors`): its parent, its breadcrumbs and
its view restrictions are then read without asking the tree again.
"""

from django.conf import settings
from django.db.models import Q
from django.http import Http404
from wagtail.models import Page, Site

from . import menu, request_memo
from .request_memo import site_root_paths


def plain_route(page_class):
    """True when the class routes as Wagtail's Page does (with or without our live check)."""
    from innovations.models.hubs import LiveParentRouteMixin

    return page_class is not None and page_class.route in (Page.route, LiveParentRouteMixin.route)


def _checks_live_parent(page_class):
    from innovations.models.hubs import LiveParentRouteMixin

    return page_class.route is LiveParentRouteMixin.route


def route_request(request, path):
    """Route `path` for `request` and leave the result where Wagtail's serve view looks."""
    if hasattr(request, "_wagtail_route_for_request"):
        return
    if getattr(settings, "WAGTAIL_I18N_ENABLED", False):
        return  # Wagtail's own routing picks the translation
    site = Site.find_for_request(request)
    if site is None:
        return
    components = [component for component in path.split("/") if component]
    try:
        result = route(request, site.root_page, components)
    except Http404:
        result = None
    request._wagtail_route_for_request = result


def route(request, root, components):
    if not components:
        page = root.specific
        page.route_ancestors = []  # the site's root page: no ancestor below the tree's root
        return page.route(request, components)
    if not plain_route(root.specific_class):
        return root.specific.route(request, components)
    on_path = Q(
        path__startswith=root.path,
        depth__gt=root.depth,
        depth__lte=root.depth + len(components),
        slug__in=set(components),
    )
    # The navigation's pages come in the same query (jipp_site.menu).
    candidates = list(Page.objects.filter(on_path | menu.in_site_q(root)))
    menu.remember(root, candidates)
    # Slugs are unique among siblings: (parent's path, slug) names one page.
    by_parent_and_slug = {
        (page.path[: -Page.steplen], page.slug): page
        for page in candidates
        if root.depth < page.depth <= root.depth + len(components)
    }
    chain = [root]
    node = root
    for index, slug in enumerate(components):
        node_class = node.specific_class
        if index and not plain_route(node_class):
            return node.specific.route(request, components[index:])
        if _checks_live_parent(node_class) and not node.live:
            raise Http404
        child = by_parent_and_slug.get((node.path, slug))
        if child is None:
            raise Http404
        child._cached_parent_obj = node
        chain.append(child)
        node = child
    page = _specific_for_serving(node)
    page._cached_parent_obj = node._cached_parent_obj
    page.route_ancestors = chain[:-1]
    return page.route(request, [])


def _specific_for_serving(page):
    """The page as its own class, with what its template reads fetched alongside when the
    class says how (`load_for_serving(pk)`)."""
    page_class = page.specific_class
    load = getattr(page_class, "load_for_serving", None)
    if page_class is None or load is None:
        return page.specific
    found = load(page.pk)
    return found if found is not None else page.specific


class RoutedPageMixin:
    """What a page routed here knows without asking the tree again: its ancestors (from the
    site's root page down), hence its breadcrumbs and whether a view restriction applies."""

    route_ancestors = None

    def _routed_from_site_root(self):
        """True when route_ancestors holds every ancestor below the tree's root."""
        ancestors = self.route_ancestors
        if ancestors is None:
            return False
        return (ancestors[0].depth if ancestors else self.depth) == 2

    def breadcrumb_ancestors(self):
        """The ancestors below the tree's root (the site's root page first)."""
        if self._routed_from_site_root():
            return list(self.route_ancestors)
        return list(self.get_ancestors()[1:])

    def _get_site_root_paths(self, cache_object=None, **kwargs):
        # Wagtail reads the sites' root paths from the cache once per page object when no
        # request is given (`page.url`); once per request is enough.
        if cache_object is None and not kwargs and request_memo.active():
            return site_root_paths()
        return super()._get_site_root_paths(cache_object, **kwargs)

    def get_view_restrictions(self):
        """Wagtail asks this before serving a page (its `check_view_restrictions` hook):
        two queries. The public request already knows every restricted subtree (read once
        for `visible()`), so a page outside all of them needs none; anything else (a
        restricted subtree, an alias on the way) asks Wagtail as before."""
        from wagtail.models import PageViewRestriction

        from innovations.models.innovation import hidden_sections

        if (
            not self._routed_from_site_root()
            or self.alias_of_id
            or any(page.alias_of_id for page in self.route_ancestors)
        ):
            return super().get_view_restrictions()
        restricted = hidden_sections().restricted
        if any(self.path.startswith(path) for path, _ in restricted):
            return super().get_view_restrictions()
        return PageViewRestriction.objects.none()


class RouteMiddleware:
    """Routes public page requests before Wagtail's serve view does (see the module)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        from wagtail import views as wagtail_views

        if view_func is wagtail_views.serve and request.method in ("GET", "HEAD"):
            path = view_args[0] if view_args else view_kwargs.get("path", "")
            route_request(request, path)
        return None
