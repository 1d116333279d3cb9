"""Admin and serving hooks of the replication exchange."""

from django.db.models import Count
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.components import Component

from . import admin_views, scope
from .downloads import count_download
from .models import Stage


@hooks.register("before_serve_document")
def count_kit_download(document, request):
    # Counted before Wagtail serves the file (it checks the collection's privacy itself);
    # a GET only, so that a link checker's HEAD is not a download. Nothing about the
    # reader is stored.
    if request.method == "GET":
        count_download(document.pk)


@hooks.register("register_admin_urls")
def register_admin_urls():
    return [
        path("replikasi/", admin_views.request_index, name="replication_requests"),
        path("replikasi/<int:pk>/", admin_views.request_detail, name="replication_request"),
    ]


class RequestsMenuItem(MenuItem):
    def is_shown(self, request):
        return scope.sees_any(request.user)


@hooks.register("register_admin_menu_item")
def register_requests_menu_item():
    return RequestsMenuItem(
        _("Permintaan replikasi"),
        reverse("replication_requests"),
        icon_name="doc-full-inverse",
        order=250,
    )


class RequestsPanel(Component):
    """The dashboard's view of the user's replication requests: counts by stage and the
    newest ones still at minat."""

    name = "replication_requests"
    order = 150
    template_name = "replication/admin/dashboard_panel.html"

    def __init__(self, user):
        self.user = user

    def get_context_data(self, parent_context=None):
        requests = scope.visible_requests(self.user)
        counts = dict(requests.order_by().values_list("stage").annotate(n=Count("pk")))
        return {
            "counts": [(value, label, counts.get(value, 0)) for value, label in Stage.choices],
            "newest": requests.filter(stage=Stage.MINAT).select_related(
                "innovation", "regency", "province", "ministry"
            )[:5],
            "index_url": reverse("replication_requests"),
        }


@hooks.register("construct_homepage_panels")
def add_requests_panel(request, panels):
    if scope.sees_any(request.user):
        panels.append(RequestsPanel(request.user))
