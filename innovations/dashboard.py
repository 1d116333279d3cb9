"""Dashboard panels (Wagtail's construct_homepage_panels): what each role has to do.

- Coordinators and moderators, per hub they work in: "Tambah inovasi" and "Impor
  spreadsheet", the hub's drafts, its pages in review and its stale pages (with one-click
  re-verification). Only their own hubs: another hub's drafts never show.
- Moderators: Wagtail's own "awaiting your review" panel lists exactly the pages their
  hub's workflow task gives them (innovations.review).
- National curators: the network's figures, per hub.
"""

from dataclasses import dataclass

from django.db.models import Count, Q
from django.urls import NoReverseMatch, reverse
from wagtail.admin.ui.components import Component
from wagtail.models import WorkflowState

from .freshness import stale
from .models import HubPage, InnovationPage
from .permissions import is_national_curator

LIST_LIMIT = 10


def hubs_of(user):
    """The hubs whose Koordinator or Moderator group `user` belongs to."""
    groups = user.groups.values("pk")
    return HubPage.objects.filter(Q(coordinators__in=groups) | Q(moderators__in=groups)).order_by(
        "title"
    )


def in_review_ids(pages):
    ids = [str(pk) for pk in pages.values_list("pk", flat=True)]
    return {
        int(object_id)
        for object_id in WorkflowState.objects.active()
        .filter(object_id__in=ids, base_content_type__model="page")
        .values_list("object_id", flat=True)
    }


def import_url(hub):
    """The spreadsheet import (its own screen), when this site has it."""
    try:
        return reverse("innovations_import")
    except NoReverseMatch:
        return None


@dataclass
class HubWork:
    hub: HubPage
    add_url: str
    import_url: str | None
    drafts: list
    draft_count: int
    in_review: list
    stale: list
    stale_count: int


def hub_work(hub):
    pages = InnovationPage.objects.child_of(hub)
    reviewing = in_review_ids(pages.filter(Q(live=False) | Q(has_unpublished_changes=True)))
    drafts = (
        pages.filter(Q(live=False) | Q(has_unpublished_changes=True))
        .exclude(pk__in=reviewing)
        .order_by("-latest_revision_created_at")
    )
    stale_pages = stale(pages)
    return HubWork(
        hub=hub,
        add_url=reverse("wagtailadmin_pages:add", args=["innovations", "innovationpage", hub.pk]),
        import_url=import_url(hub),
        drafts=list(drafts[:LIST_LIMIT]),
        draft_count=drafts.count(),
        in_review=list(pages.filter(pk__in=reviewing).order_by("title")[:LIST_LIMIT]),
        stale=list(stale_pages[:LIST_LIMIT]),
        stale_count=stale_pages.count(),
    )


class HubWorkPanel(Component):
    name = "hub_work"
    template_name = "innovations/dashboard/hub_work.html"
    order = 50

    def __init__(self, hubs):
        self.hubs = hubs

    def get_context_data(self, parent_context):
        context = super().get_context_data(parent_context)
        context["work"] = [hub_work(hub) for hub in self.hubs]
        context["csrf_token"] = parent_context.get("csrf_token")
        context["request"] = parent_context.get("request")
        return context


def network_figures():
    """Per hub: live, draft, in review and stale innovations; and the totals."""
    pages = InnovationPage.objects.all()
    reviewing = in_review_ids(pages.filter(Q(live=False) | Q(has_unpublished_changes=True)))
    stale_ids = set(stale(pages).values_list("pk", flat=True))
    rows = []
    for hub in HubPage.objects.order_by("title"):
        children = pages.child_of(hub)
        counts = children.aggregate(
            n_live=Count("pk", filter=Q(live=True)),
            n_drafts=Count("pk", filter=Q(live=False) | Q(has_unpublished_changes=True)),
        )
        ids = set(children.values_list("pk", flat=True))
        rows.append(
            {
                "hub": hub,
                "live": counts["n_live"],
                "drafts": counts["n_drafts"],
                "in_review": len(ids & reviewing),
                "stale": len(ids & stale_ids),
            }
        )
    totals = {
        key: sum(row[key] for row in rows) for key in ("live", "drafts", "in_review", "stale")
    }
    totals["hubs"] = len(rows)
    totals["live_hubs"] = sum(1 for row in rows if row["hub"].live)
    return rows, totals


class NetworkPanel(Component):
    name = "network_figures"
    template_name = "innovations/dashboard/network.html"
    order = 60

    def get_context_data(self, parent_context):
        context = super().get_context_data(parent_context)
        context["rows"], context["totals"] = network_figures()
        return context


def construct_panels(request, panels):
    user = request.user
    hubs = list(hubs_of(user))
    if hubs:
        panels.append(HubWorkPanel(hubs))
    if is_national_curator(user):
        panels.append(NetworkPanel())
