"""Admin: reference data as snippets, the innovation listing, and hub-scoped admin fixes."""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.views.pages.edit import EditView
from wagtail.models import Page
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from . import import_views
from .admin_views import (
    HUB_SCOPED_PAGE_BULK_ACTIONS,
    InnovationListingViewSet,
    limit_page_types_usage_report,
    reverify_innovation,
    visible_in_choosers,
)
from .dashboard import construct_panels
from .featured_admin import FeaturedInnovationViewSet
from .models import (
    SDG,
    FundingSource,
    IslandGroup,
    MinistryAgency,
    Province,
    Regency,
    Sector,
    ServiceChannel,
    Stage,
    Status,
)
from .page_creation import page_made_by_this_form, remember_page


class ProvinceViewSet(SnippetViewSet):
    model = Province
    icon = "site"
    list_display = ["code", "name", "short_names", "island_group"]
    list_filter = ["island_group"]
    search_fields = ["name"]
    ordering = ["code"]


class IslandGroupViewSet(SnippetViewSet):
    model = IslandGroup
    icon = "site"
    list_display = ["name", "other_names"]


class RegencyViewSet(SnippetViewSet):
    model = Regency
    icon = "site"
    list_display = ["code", "name", "kind", "province"]
    list_filter = ["province", "kind"]
    search_fields = ["name"]
    ordering = ["code"]
    list_per_page = 50


class MinistryAgencyViewSet(SnippetViewSet):
    model = MinistryAgency
    icon = "group"
    list_display = ["name", "acronym", "kind", "slug"]
    list_filter = ["kind"]
    search_fields = ["name", "acronym"]


class SectorViewSet(SnippetViewSet):
    model = Sector
    icon = "tag"
    list_display = ["name", "key"]


class ServiceChannelViewSet(SnippetViewSet):
    model = ServiceChannel
    icon = "mail"
    list_display = ["name", "key", "description"]


class FundingSourceViewSet(SnippetViewSet):
    model = FundingSource
    icon = "pick"
    list_display = ["name", "key"]


class SDGViewSet(SnippetViewSet):
    model = SDG
    icon = "globe"
    list_display = ["number", "name_id", "name_en"]


class StageViewSet(SnippetViewSet):
    model = Stage
    icon = "list-ol"
    list_display = ["name", "key"]


class StatusViewSet(SnippetViewSet):
    model = Status
    icon = "list-ul"
    list_display = ["name", "key"]


class ReferenceDataGroup(SnippetViewSetGroup):
    menu_label = _("Data referensi")
    menu_icon = "folder-open-inverse"
    menu_order = 300
    items = (
        IslandGroupViewSet,
        ProvinceViewSet,
        RegencyViewSet,
        MinistryAgencyViewSet,
        SectorViewSet,
        ServiceChannelViewSet,
        FundingSourceViewSet,
        SDGViewSet,
        StageViewSet,
        StatusViewSet,
    )


register_snippet(ReferenceDataGroup)
register_snippet(FeaturedInnovationViewSet)


# --- Innovation listing and hub-scoped admin (see innovations.admin_views) ----------


@hooks.register("register_admin_viewset")
def register_innovation_listing():
    return InnovationListingViewSet("innovation_listing")


@hooks.register("construct_page_chooser_queryset")
def hide_other_hubs_drafts_in_chooser(pages, request):
    """The page chooser lists the whole tree, drafts included: keep other hubs' drafts out.

    Its parent page is not part of this queryset, so browsing into a hidden draft by id
    (/admin/choose-page/<id>/) would still print that draft's title as the heading:
    refuse it here too.
    """
    user = request.user
    if user.is_superuser:
        return pages
    match = request.resolver_match
    parent_id = match.kwargs.get("parent_page_id") if match else None
    if parent_id and not visible_in_choosers(Page.objects.filter(pk=parent_id), user).exists():
        raise Http404
    return visible_in_choosers(pages, user)


@hooks.register("before_move_page")
def refuse_move_confirmation_without_permission(request, page, destination):
    """Wagtail's move confirmation page checks permissions only when the move is posted,
    so a GET showed any page's title (another hub's draft too). Check before showing it."""
    if not page.permissions_for_user(request.user).can_move_to(destination):
        raise PermissionDenied


@hooks.register("register_admin_urls")
def register_reverify_url():
    return [
        path(
            "inovasi/<int:page_id>/verifikasi/",
            reverify_innovation,
            name="innovations_reverify",
        )
    ]


@hooks.register("construct_homepage_panels")
def add_dashboard_panels(request, panels):
    construct_panels(request, panels)


@hooks.register("before_create_page")
def continue_the_page_this_form_made(request, parent_page, page_class):
    """A second request from one create form saves the page the first one made, instead of
    making another (innovations.page_creation)."""
    page = page_made_by_this_form(request, parent_page)
    if page is not None:
        return EditView.as_view()(request, page_id=page.pk)
    return None


@hooks.register("after_create_page")
def remember_the_page_this_form_made(request, page):
    remember_page(request, page)


# Registered after Wagtail's own (order=1), so these replace its page bulk actions.
for _action in HUB_SCOPED_PAGE_BULK_ACTIONS:
    hooks.register("register_bulk_action", _action, order=1)

limit_page_types_usage_report()


# --- Spreadsheet import (see innovations.import_views) ------------------------------


@hooks.register("register_admin_urls")
def register_import_urls():
    return [
        path("impor/", import_views.ImportView.as_view(), name="innovations_import"),
        path(
            "impor/<int:pk>/", import_views.ImportJobView.as_view(), name="innovations_import_job"
        ),
        path(
            "impor/templat.xlsx", import_views.template_download, name="innovations_import_template"
        ),
        path("impor/ekspor/", import_views.export, name="innovations_export"),
        path(
            "impor/<int:pk>/kemajuan/",
            import_views.job_progress,
            name="innovations_import_progress",
        ),
    ]


class ImportMenuItem(MenuItem):
    def is_shown(self, request):
        return import_views.may_import(request.user)


@hooks.register("register_admin_menu_item")
def register_import_menu_item():
    return ImportMenuItem(
        _("Impor spreadsheet"), reverse("innovations_import"), icon_name="upload", order=250
    )
