"""Review per hub: one Wagtail workflow for each hub, approved by that hub's moderators.

Wagtail starts with one global workflow ("Moderators approval") on the root page, whose
group has no members: a page submitted there was locked for everyone but superusers,
the hub's own moderator included. Each hub gets its own workflow instead, assigned to the
hub page (so to everything under it), with one task: a GroupApprovalTask for the hub's
Moderator group. Coordinators submit; the hub's moderators approve (which publishes) or
request changes with a comment; Wagtail e-mails the submitter either way (see
wagtail.admin.mail; users' notification preferences apply).
"""

from django.db import transaction
from wagtail.models import (
    GroupApprovalTask,
    Page,
    Revision,
    Workflow,
    WorkflowPage,
    WorkflowState,
    WorkflowTask,
)


def review_workflow_name(hub):
    return f"Tinjauan {hub.title}"[:255]


def review_task_name(hub):
    return f"Persetujuan moderator {hub.title}"[:255]


@transaction.atomic
def setup_hub_review(hub):
    """Create (or repair) the hub's workflow and assign it to the hub page. Idempotent."""
    workflow = hub.review_workflow
    if workflow is None:
        workflow = Workflow.objects.create(name=review_workflow_name(hub))
        task = GroupApprovalTask.objects.create(name=review_task_name(hub))
        WorkflowTask.objects.create(workflow=workflow, task=task, sort_order=0)
        type(hub).objects.filter(pk=hub.pk).update(review_workflow=workflow)
        hub.review_workflow = workflow
    if hub.moderators_id:
        for task in GroupApprovalTask.objects.filter(workflow_tasks__workflow=workflow):
            task.groups.add(hub.moderators_id)
    WorkflowPage.objects.update_or_create(page_id=hub.pk, defaults={"workflow": workflow})
    return workflow


def move_pending_reviews(hub):
    """Pages of the hub waiting in another workflow (the global one, which nobody could
    approve) are withdrawn from it and submitted again to the hub's own, by the person
    who submitted them. Returns how many were moved."""
    workflow = hub.review_workflow
    states = (
        WorkflowState.objects.active()
        .filter(base_content_type__app_label="wagtailcore", base_content_type__model="page")
        .exclude(workflow=workflow)
        .select_related("requested_by")
    )
    pages = Page.objects.descendant_of(hub, inclusive=True).values_list("pk", flat=True)
    page_ids = {str(pk) for pk in pages}
    moved = 0
    for state in states:
        if state.object_id not in page_ids:
            continue
        waiting = state.status == WorkflowState.STATUS_IN_PROGRESS
        page = state.content_object
        state.cancel(user=None)
        # A page sent back for changes just leaves the old workflow; its coordinator
        # submits it again, now to the hub's.
        if waiting:
            workflow.start(page, state.requested_by)
        moved += 1
    return moved


def may_publish_in(user, hub):
    return hub.permissions_for_user(user).can_publish_subpage()


def hold_for_review(page_ids, user, live_before):
    """After an import by `user`: in each hub where `user` may not publish, what the import
    published goes to the hub's review instead (the hub's setting "koordinator boleh
    menerbitkan langsung" is off). A new page is unpublished; a changed page gets its
    previous published version back, the imported one staying as the draft. Both are then
    submitted to the hub's workflow in `user`'s name. `live_before` maps the ids of pages
    live before the import to their live revision then. Returns how many were held."""
    held = 0
    decided = {}
    for page in (
        Page.objects.filter(pk__in=page_ids, live=True).specific().select_related("live_revision")
    ):
        hub = page.get_parent().specific
        if not hasattr(hub, "review_workflow"):
            continue
        if hub.pk not in decided:
            decided[hub.pk] = may_publish_in(user, hub)
        if decided[hub.pk]:
            continue
        # Undone as the system, not as `user`: Wagtail would refuse them, rightly, the
        # publishing rights the import used.
        previous = live_before.get(page.pk)
        if previous and previous != page.live_revision_id:
            Revision.objects.get(pk=previous).publish(log_action=False)
        elif not previous:
            page.unpublish(log_action=False)
        page = Page.objects.get(pk=page.pk).specific
        if page.workflow_in_progress:
            page.current_workflow_state.cancel(user=user)
        hub.review_workflow.start(page, user)
        held += 1
    return held


def live_revisions(page_ids=None):
    """{page id: live revision id} of live innovation pages (before an import)."""
    pages = Page.objects.filter(live=True)
    if page_ids is not None:
        pages = pages.filter(pk__in=page_ids)
    return dict(pages.values_list("pk", "live_revision_id"))
