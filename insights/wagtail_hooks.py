"""Admin: the search insights screens, their dashboard panel and the synonym dictionary."""

from django.contrib.auth.models import Permission
from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.snippets.models import register_snippet

from . import admin_urls
from .access import may_see_insights
from .panels import add_panel
from .synonym_admin import SynonymViewSet


class InsightsMenuItem(MenuItem):
    def is_shown(self, request):
        return may_see_insights(request.user)


@hooks.register("register_admin_urls")
def register_admin_urls():
    return [path("wawasan-pencarian/", include(admin_urls, namespace="insights_admin"))]


@hooks.register("register_admin_menu_item")
def register_menu_item():
    return InsightsMenuItem(
        _("Wawasan pencarian"),
        reverse("insights_admin:overview"),
        icon_name="search",
        order=450,
        name="wawasan-pencarian",
    )


@hooks.register("register_permissions")
def register_permissions():
    return Permission.objects.filter(
        content_type__app_label="insights", codename="view_searchinsights"
    )


hooks.register("construct_homepage_panels", add_panel)

register_snippet(SynonymViewSet)
