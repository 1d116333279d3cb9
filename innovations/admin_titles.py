"""Page titles in the admin: another hub's unpublished title change stays unpublished.

Wagtail titles pages in the admin with `draft_title`, the title of the newest revision,
published or not. Most admin screens only list the user's own hub (see admin_views), but
the page chooser lists live pages of every hub (an innovation may replicate another
hub's), and a chooser field shows the chosen page's title: a coordinator of hub A would
read hub B's title change before hub B publishes it. Here a page outside the user's own
hubs is titled with its published title; in the user's own hubs, and for superusers,
Wagtail's draft title stays.

The rule lives in `Page.get_admin_display_title`, which every admin screen calls, on
specific pages and on plain `Page` instances alike (the chooser's parent column and
breadcrumbs use the latter, so an override on this project's page types alone would miss
them). The request's user reaches it through a context variable that
`CurrentAdminUserMiddleware` sets for each request.
"""

from contextvars import ContextVar

from django.utils.translation import gettext
from wagtail.models import Page
from wagtail.permissions import page_permission_policy

from .permissions import is_national_curator

_viewer = ContextVar("admin_title_viewer", default=None)

_wagtail_admin_display_title = Page.get_admin_display_title


def _sees_drafts_of(user, page):
    """Whether `page` lies in a hub `user` works in: under a page their groups hold
    permissions on (Wagtail's permission policy caches those on the user, per request)."""
    if not user.is_authenticated or user.is_superuser:
        return True
    # National curators read every hub (innovations.permissions).
    if is_national_curator(user):
        return True
    permissions = page_permission_policy.get_cached_permissions_for_user(user)
    return any(page.path.startswith(perm.page.path) for perm in permissions)


def admin_display_title(page):
    """Wagtail's admin title, except for another hub's page: its published title, and for
    a page that hub has never published (or withdrew), no title at all."""
    user = _viewer.get()
    if user is None or _sees_drafts_of(user, page):
        return _wagtail_admin_display_title(page)
    if not page.live:
        return gettext("(inovasi simpul lain yang belum terbit)")
    return page.title


class CurrentAdminUserMiddleware:
    """Makes the request's user known to `admin_display_title` while the request runs."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = _viewer.set(request.user)
        try:
            return self.get_response(request)
        finally:
            _viewer.reset(token)


def install():
    """Put the rule in Page.get_admin_display_title (called from AppConfig.ready)."""
    Page.get_admin_display_title = admin_display_title
