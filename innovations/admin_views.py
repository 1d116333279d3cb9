"""Admin views: the filtered innovation listing, and hub-scoped fixes to Wagtail's admin.

Coordinators and moderators only hold permissions on their own hub (see
innovations.permissions). Wagtail already limits the explorer, the admin page search
and most reports to the pages a user may explore, but a few admin screens list pages
from the whole tree. The helpers here keep other hubs' unpublished pages out of them;
superusers still see everything.
"""

import django_filters
from django.contrib import messages
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.db.models import Count, F, IntegerField, OuterRef, Q, Subquery, Value
from django.db.models.functions import Coalesce
from django.forms import CheckboxSelectMultiple
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST
from wagtail.admin.active_filters import (
    ActiveFilter,
    BaseFilterAdapter,
    register_filter_adapter_class,
)
from wagtail.admin.ui.tables import Column
from wagtail.admin.views.pages import bulk_actions
from wagtail.admin.views.pages.listing import IndexView, PageFilterSet
from wagtail.admin.views.reports.page_types_usage import PageTypesUsageReportView
from wagtail.admin.viewsets.pages import PageListingViewSet
from wagtail.models import Page
from wagtail.permissions import policy_registry

from .freshness import reverify
from .models import HubPage, InnovationPage, Level, Province, Sector, Stage, Status
from .permissions import is_national_curator


def explorable_pages(user):
    """Pages `user` may see in the admin: their hubs' subtrees and those hubs' ancestors.

    The same set Wagtail's explorer and admin search use (all pages for a superuser).
    """
    return policy_registry.get_by_type(Page).explorable_instances(user)


def visible_in_choosers(pages, user):
    """Live pages from anywhere (an innovation may replicate another hub's), but only
    the user's own hub's drafts."""
    if user.is_superuser:
        return pages
    return pages.filter(Q(live=True) | Q(pk__in=explorable_pages(user).values("pk")))


# --- Innovation listing ("Inovasi" in the admin menu) -------------------------------


def _hubs_for_request(request):
    # Only the hubs the user works in: a coordinator gets no choice of other hubs.
    hubs = HubPage.objects.order_by("title")
    if request is None or is_national_curator(request.user):
        return hubs
    return hubs.filter(pk__in=explorable_pages(request.user).values("pk"))


def _years_launched():
    years = (
        InnovationPage.objects.order_by("-year_launched")
        .values_list("year_launched", flat=True)
        .distinct()
    )
    return [(year, str(year)) for year in years]


class YesNoFilterAdapter(BaseFilterAdapter):
    """A yes/no filter in force reads as its own choice does ("Terbit: Ya"). Wagtail shows
    the Python value instead: "Terbit: True", English on an Indonesian screen."""

    def get_active_filters(self):
        choices = dict(self.filter.field.widget.choices)  # "true": "Ya", "false": "Tidak"
        value = {True: "true", False: "false"}.get(self.value)
        yield ActiveFilter(
            self.bound_field.auto_id,
            self.filter.label,
            str(choices.get(value, self.value)),
            self.get_url_without_filter_param(self.name),
        )


register_filter_adapter_class(django_filters.BooleanFilter, YesNoFilterAdapter)


class InnovationPageFilterSet(PageFilterSet):
    hub = django_filters.ModelChoiceFilter(
        label=_("Simpul"),
        queryset=_hubs_for_request,
        method="filter_hub",
        empty_label=_("Semua simpul"),
    )
    province = django_filters.ModelChoiceFilter(
        label=_("Provinsi"), queryset=Province.objects.all(), empty_label=_("Semua provinsi")
    )
    level = django_filters.MultipleChoiceFilter(
        label=_("Tingkat"), choices=Level.choices, widget=CheckboxSelectMultiple
    )
    sector = django_filters.ModelMultipleChoiceFilter(
        label=_("Sektor utama"), queryset=Sector.objects.all(), widget=CheckboxSelectMultiple
    )
    stage = django_filters.ModelMultipleChoiceFilter(
        label=_("Tahapan"), queryset=Stage.objects.all(), widget=CheckboxSelectMultiple
    )
    status = django_filters.ModelMultipleChoiceFilter(
        label=_("Status inovasi"), queryset=Status.objects.all(), widget=CheckboxSelectMultiple
    )
    year_launched = django_filters.TypedChoiceFilter(
        label=_("Tahun diluncurkan"), choices=_years_launched, coerce=int
    )
    live = django_filters.BooleanFilter(label=_("Terbit"))

    class Meta:
        model = InnovationPage
        fields = []

    def filter_hub(self, queryset, name, hub):
        return queryset.child_of(hub) if hub else queryset


class InnovationIndexView(IndexView):
    """National curators (innovations.view_network) read every hub's innovations here;
    their rows offer no edit action, since they hold no page permission."""

    def user_has_any_permission(self, permissions):
        return is_national_curator(self.request.user) or super().user_has_any_permission(
            permissions
        )

    def get_base_queryset(self):
        if not is_national_curator(self.request.user):
            return super().get_base_queryset()
        return self.annotate_queryset(self.model.objects.filter(depth__gt=1))


class InnovationListingViewSet(PageListingViewSet):
    """A flat list of every innovation the user may see, across hubs, with filters.

    Wagtail's page listing already limits rows to the user's explorable pages, so a
    coordinator sees their own hub's innovations (drafts included) and nothing else.
    """

    index_view_class = InnovationIndexView
    model = InnovationPage
    icon = "doc-full-inverse"
    menu_label = _("Inovasi")
    menu_order = 110
    add_to_admin_menu = True
    filterset_class = InnovationPageFilterSet
    columns = PageListingViewSet.columns + [
        Column("province", label=_("Provinsi"), sort_key="province__name"),
        Column("sector", label=_("Sektor"), sort_key="sector__name"),
        Column("year_launched", label=_("Tahun"), sort_key="year_launched", width="8%"),
    ]


# --- Bulk actions -------------------------------------------------------------------


class HideUnexplorablePagesMixin:
    """Wagtail's bulk action confirmation lists the pages the user may *not* act on, by
    title, and accepts `?id=all` for "every page in the tree": a coordinator could list
    every other hub's drafts that way. Drop the pages the user cannot explore; they were
    never going to be acted on anyway (only permitted pages are)."""

    def get_actionable_objects(self):
        objects, context = super().get_actionable_objects()
        user = self.request.user
        if not user.is_superuser:
            visible = set(
                explorable_pages(user)
                .filter(pk__in=[page.pk for page in context["items_with_no_access"]])
                .values_list("pk", flat=True)
            )
            context["items_with_no_access"] = [
                page for page in context["items_with_no_access"] if page.pk in visible
            ]
        return objects, context


def _scoped(action_class):
    return type(f"HubScoped{action_class.__name__}", (HideUnexplorablePagesMixin, action_class), {})


HUB_SCOPED_PAGE_BULK_ACTIONS = [
    _scoped(action_class)
    for action_class in (
        bulk_actions.DeleteBulkAction,
        bulk_actions.MoveBulkAction,
        bulk_actions.PublishBulkAction,
        bulk_actions.UnpublishBulkAction,
    )
]


# --- "Page types usage" report ------------------------------------------------------

_wagtail_page_types_usage_queryset = PageTypesUsageReportView.get_queryset


def page_types_usage_queryset(self):
    """Wagtail counts pages and picks each type's "last edited page" from the whole tree,
    so a coordinator saw another hub's newest draft by title. For non-superusers, count
    and pick from the pages they may explore instead.

    The report's URL is part of Wagtail's own admin urlconf, so the view cannot be
    swapped from a hook; this replaces its get_queryset (installed in wagtail_hooks).
    """
    queryset = _wagtail_page_types_usage_queryset(self)
    user = self.request.user
    if user.is_superuser:
        return queryset

    pages = Page.objects.filter(pk__in=explorable_pages(user).values("pk"))
    cleaned = self.filters.form.cleaned_data if self.filters else {}
    if cleaned.get("page_locale"):
        pages = pages.filter(locale__language_code=cleaned["page_locale"])
    if cleaned.get("site"):
        pages = pages.filter(path__startswith=cleaned["site"])
    of_type = pages.filter(content_type=OuterRef("pk"))
    count = of_type.order_by().values("content_type").annotate(n=Count("pk")).values("n")
    last_edited = of_type.order_by(
        F("latest_revision_created_at").desc(nulls_last=True), "title", "-pk"
    ).values("pk")[:1]
    return (
        ContentType.objects.filter(pk__in=list(queryset.values_list("pk", flat=True)))
        .annotate(
            count=Coalesce(Subquery(count, output_field=IntegerField()), Value(0)),
            last_edited_page_id=Subquery(last_edited),
        )
        .order_by("-count", "app_label", "model")
    )


def limit_page_types_usage_report():
    if PageTypesUsageReportView.get_queryset is not page_types_usage_queryset:
        PageTypesUsageReportView.get_queryset = page_types_usage_queryset


# --- One-click re-verification (the dashboard's stale pages) ------------------------


@require_POST
def reverify_innovation(request, page_id):
    """Confirms that a published innovation is still accurate (innovations.freshness).
    Whoever may edit the page may confirm it; nothing else changes."""
    page = get_object_or_404(InnovationPage, pk=page_id)
    if not page.permissions_for_user(request.user).can_edit():
        raise PermissionDenied
    reverify(page)
    messages.success(
        request,
        _("“%(title)s” ditandai terverifikasi hari ini.")
        % {"title": page.get_admin_display_title()},
    )
    return redirect("wagtailadmin_home")
