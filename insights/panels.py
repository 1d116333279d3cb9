"""The insights panel on the admin's dashboard."""

from django.urls import reverse
from django.utils.translation import gettext as _
from wagtail.admin.ui.components import Component

from . import reports
from .access import is_national, visible_hubs

PANEL_ROWS = 5
PANEL_DAYS = 30


class SearchInsightsPanel(Component):
    name = "search_insights"
    template_name = "insights/home_panel.html"
    order = 400

    def __init__(self, user):
        self.user = user

    def get_context_data(self, parent_context):
        context = super().get_context_data(parent_context)
        context.update(days=PANEL_DAYS, overview_url=reverse("insights_admin:overview"))
        if is_national(self.user):
            context.update(
                heading=_("Pencarian tanpa hasil"),
                rows=reports.zero_result_queries(PANEL_DAYS, PANEL_ROWS),
                offer_synonym=self.user.has_perm("hubsearch.add_synonym"),
            )
        else:
            hubs = visible_hubs(self.user)
            context.update(
                heading=_("Pencarian yang sampai ke simpul Anda"),
                rows=None,
                hub_rows=[
                    (title, slug, reports.hub_queries(slug, PANEL_DAYS, PANEL_ROWS))
                    for slug, title in hubs
                ],
            )
        return context


def add_panel(request, panels):
    if is_national(request.user) or visible_hubs(request.user):
        panels.append(SearchInsightsPanel(request.user))
