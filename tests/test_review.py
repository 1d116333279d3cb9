"""Review per hub and the three roles, through the admin's own views.

Hub A (JIPP Provinsi Jawa Barat) keeps the default: its coordinators submit, its
moderators approve or request changes. Hub B's moderator is there to show that another
hub's moderator can neither approve nor see hub A's work. The national curator keeps the
reference data and reads the whole network, but edits no hub's pages.
"""

import io
from types import SimpleNamespace

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core import mail
from django.core.management import call_command
from django.db import transaction
from django.urls import reverse
from wagtail.models import GroupApprovalTask, Page, Workflow, WorkflowPage, WorkflowState

from home.site_setup import ensure_site_tree
from innovations.models import HubPage, Province
from innovations.permissions import NATIONAL_CURATORS, ensure_national_curators
from tests.factories import create_innovation, hub_named
from tests.test_permissions import (
    IN_HUB_A,
    IN_HUB_B,
    assert_permission_denied,
    body,
    edit_form_data,
    login,
    make_user,
)

A_DRAFT = "Draf Tinjauan Sumedang"
B_DRAFT = "Draf Tinjauan Surabaya"
COMMENT = "Lengkapi angka dampak tahun 2024."


@pytest.fixture(scope="module")
def world_ids(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        ensure_site_tree(hostname="testserver")
        pages = {
            "a_draft": create_innovation(title=A_DRAFT, publish=False, **IN_HUB_A),
            "b_draft": create_innovation(title=B_DRAFT, publish=False, **IN_HUB_B),
            "hub_a": hub_named(IN_HUB_A["hub"]),
            "hub_b": hub_named(IN_HUB_B["hub"]),
        }
        hub_a, hub_b = pages["hub_a"], pages["hub_b"]
        users = {
            "coordinator_a": make_user("koordinator_jabar", hub_a.coordinators),
            "moderator_a": make_user("moderator_jabar", hub_a.moderators),
            "moderator_b": make_user("moderator_jatim", hub_b.moderators),
            "curator": make_user("kurator", ensure_national_curators()),
            "superuser": make_user("admin_pusat", superuser=True),
        }
        yield (
            {name: page.pk for name, page in pages.items()},
            {role: user.pk for role, user in users.items()},
        )
        transaction.set_rollback(True)


@pytest.fixture
def world(db, world_ids):
    User = get_user_model()
    return SimpleNamespace(
        **{name: Page.objects.get(pk=pk).specific for name, pk in world_ids[0].items()},
        **{role: User.objects.get(pk=pk) for role, pk in world_ids[1].items()},
    )


def fresh(page):
    return Page.objects.get(pk=page.pk).specific


def submit(client, world, page):
    login(client, world.coordinator_a)
    data = edit_form_data(page)
    data["action-submit"] = "action-submit"
    response = client.post(reverse("wagtailadmin_pages:edit", args=[page.pk]), data)
    assert response.status_code == 302, response.context and response.context["form"].errors
    return fresh(page).current_workflow_task_state


def act(client, user, page, action, comment=""):
    login(client, user)
    task_state = fresh(page).current_workflow_task_state
    return client.post(
        reverse("wagtailadmin_pages:workflow_action", args=[page.pk, action, task_state.pk]),
        {"comment": comment},
    )


def mail_to(user):
    return [message for message in mail.outbox if user.email in message.to]


# --- One workflow per hub ------------------------------------------------------------


def test_each_hub_reviews_its_own_pages(world):
    for hub, draft in ((world.hub_a, world.a_draft), (world.hub_b, world.b_draft)):
        assert WorkflowPage.objects.get(page=hub).workflow == hub.review_workflow
        assert draft.get_workflow() == hub.review_workflow
        (task,) = [t.specific for t in hub.review_workflow.tasks]
        assert isinstance(task, GroupApprovalTask)
        assert list(task.groups.all()) == [hub.moderators]
    assert world.hub_a.review_workflow != world.hub_b.review_workflow


def test_coordinator_cannot_publish_without_review(client, world):
    login(client, world.coordinator_a)
    data = edit_form_data(world.a_draft, publish=True, title="Terbit Tanpa Tinjauan")
    client.post(reverse("wagtailadmin_pages:edit", args=[world.a_draft.pk]), data)

    page = fresh(world.a_draft)
    assert not page.live
    assert page.draft_title == "Terbit Tanpa Tinjauan"  # kept as a draft, not lost

    # The edit form offers the hub's review instead of "Publish".
    form = body(client.get(reverse("wagtailadmin_pages:edit", args=[world.a_draft.pk])))
    assert 'name="action-submit"' in form
    assert 'name="action-publish"' not in form


def test_submit_and_approve(client, world):
    mail.outbox.clear()
    task_state = submit(client, world, world.a_draft)

    assert task_state.task.specific.groups.get() == world.hub_a.moderators
    # The hub's moderator is told; the other hub's is not.
    assert mail_to(world.moderator_a)
    assert not mail_to(world.moderator_b)

    # While in review, the page is locked for the coordinator, not for the hub's moderator.
    page = fresh(world.a_draft)
    assert page.get_lock().for_user(world.coordinator_a)
    assert not page.get_lock().for_user(world.moderator_a)
    login(client, world.moderator_a)
    editor = client.get(reverse("wagtailadmin_pages:edit", args=[page.pk]))
    assert editor.status_code == 200 and "Menyetujui" in body(editor)

    # Neither the coordinator nor another hub's moderator can approve it.
    for outsider in (world.coordinator_a, world.moderator_b):
        response = act(client, outsider, page, "approve")
        assert response.status_code in (302, 403)
        assert not fresh(page).live
        assert fresh(page).workflow_in_progress

    mail.outbox.clear()
    response = act(client, world.moderator_a, page, "approve", comment="Sudah lengkap.")
    assert response.status_code == 302
    page = fresh(page)
    assert page.live
    assert not page.workflow_in_progress
    assert page.get_latest_revision().approved_go_live_at is None
    (notice,) = mail_to(world.coordinator_a)
    assert A_DRAFT in notice.subject or A_DRAFT in notice.body


def test_request_changes_with_a_comment(client, world):
    submit(client, world, world.a_draft)
    mail.outbox.clear()

    response = act(client, world.moderator_a, world.a_draft, "reject", comment=COMMENT)

    assert response.status_code == 302
    page = fresh(world.a_draft)
    assert not page.live
    state = WorkflowState.objects.get(
        object_id=str(page.pk), status=WorkflowState.STATUS_NEEDS_CHANGES
    )
    assert state.current_task_state.comment == COMMENT
    (notice,) = mail_to(world.coordinator_a)
    assert COMMENT in notice.body
    # Back with the coordinator: they may edit again and resubmit.
    assert not page.get_lock() or not page.get_lock().for_user(world.coordinator_a)


def test_another_hubs_moderator_cannot_open_the_review(client, world):
    submit(client, world, world.a_draft)
    login(client, world.moderator_b)
    for url in (
        reverse("wagtailadmin_pages:edit", args=[world.a_draft.pk]),
        reverse("wagtailadmin_pages:workflow_history", args=[world.a_draft.pk]),
    ):
        response = client.get(url)
        assert_permission_denied(response)
        assert A_DRAFT not in body(response)
    dashboard = body(client.get(reverse("wagtailadmin_home")))
    assert A_DRAFT not in dashboard


# --- "Koordinator boleh menerbitkan langsung" ---------------------------------------


def hub_form(hub, allowed):
    data = edit_form_data(hub, publish=True)
    data["coordinators_can_publish"] = ["on"] if allowed else []
    return data


def can_publish(user, page):
    """Asked afresh: Wagtail caches a user's page permissions on the user object."""
    user = get_user_model().objects.get(pk=user.pk)
    return fresh(page).permissions_for_user(user).can_publish()


def test_only_the_hubs_moderator_lets_coordinators_publish(client, world):
    hub = world.hub_a
    url = reverse("wagtailadmin_pages:edit", args=[hub.pk])

    # A coordinator may edit the hub's profile, but the box stays as it was.
    login(client, world.coordinator_a)
    client.post(url, hub_form(hub, allowed=True))
    assert not HubPage.objects.get(pk=hub.pk).coordinators_can_publish
    assert not can_publish(world.coordinator_a, world.a_draft)

    login(client, world.moderator_a)
    response = client.post(url, hub_form(hub, allowed=True))
    assert response.status_code == 302
    assert HubPage.objects.get(pk=hub.pk).coordinators_can_publish
    assert can_publish(world.coordinator_a, world.a_draft)

    client.post(url, hub_form(hub, allowed=False))
    assert not can_publish(world.coordinator_a, world.a_draft)


# --- Repairing hubs made before ---------------------------------------------------


def test_setup_roles_moves_pages_out_of_the_global_workflow(client, world):
    """Wagtail's "Moderators approval" (its group has no members) held pages nobody but a
    superuser could approve or unlock. The command moves them to their hub's workflow."""
    global_workflow = Workflow.objects.get(name="Moderators approval")
    WorkflowPage.objects.filter(page=world.hub_a).delete()
    HubPage.objects.filter(pk=world.hub_a.pk).update(review_workflow=None)
    global_workflow.start(fresh(world.a_draft), world.coordinator_a)
    assert fresh(world.a_draft).get_lock().for_user(world.moderator_a)  # the trap

    call_command("setup_roles", stdout=io.StringIO())

    hub = HubPage.objects.get(pk=world.hub_a.pk)
    page = fresh(world.a_draft)
    assert page.current_workflow_state.workflow == hub.review_workflow
    assert page.current_workflow_state.requested_by == world.coordinator_a
    assert not page.get_lock().for_user(world.moderator_a)
    response = act(client, world.moderator_a, page, "approve")
    assert response.status_code == 302
    assert fresh(page).live


# --- The national curator --------------------------------------------------------


def test_curator_keeps_the_reference_data(client, world):
    url = reverse("wagtailsnippets_innovations_province:edit", args=["32"])
    data = {"code": "32", "name": "Jawa Barat", "short_names": "Jabar, Tatar Sunda",
            "island_group": Province.objects.get(pk="32").island_group_id}  # fmt: skip

    login(client, world.coordinator_a)
    assert_permission_denied(client.post(url, data))
    assert "Tatar Sunda" not in Province.objects.get(pk="32").short_names

    login(client, world.curator)
    assert client.get(url).status_code == 200
    response = client.post(url, data)
    assert response.status_code == 302, response.context and response.context["form"].errors
    assert "Tatar Sunda" in Province.objects.get(pk="32").short_names


def test_curator_may_edit_the_synonym_dictionary(world):
    assert world.curator.has_perms(["hubsearch.add_synonym", "hubsearch.change_synonym",
                                    "hubsearch.delete_synonym"])  # fmt: skip
    assert not world.coordinator_a.has_perm("hubsearch.change_synonym")


def test_curator_reads_every_hub_but_edits_none(client, world):
    login(client, world.curator)
    listing = body(client.get(reverse("innovation_listing:index")))
    assert A_DRAFT in listing and B_DRAFT in listing

    for page in (world.a_draft, world.b_draft):
        assert_permission_denied(client.get(reverse("wagtailadmin_pages:edit", args=[page.pk])))
        assert not page.permissions_for_user(world.curator).can_edit()

    # Hub A's own coordinator still sees only hub A in the same listing.
    login(client, world.coordinator_a)
    listing = body(client.get(reverse("innovation_listing:index")))
    assert A_DRAFT in listing and B_DRAFT not in listing


def test_a_curator_who_is_also_a_coordinator_edits_that_hub(world):
    world.curator.groups.add(world.hub_a.coordinators)
    assert fresh(world.a_draft).permissions_for_user(world.curator).can_edit()
    assert not fresh(world.b_draft).permissions_for_user(world.curator).can_edit()


def test_the_national_group_exists_once(world):
    ensure_national_curators()
    assert Group.objects.filter(name=NATIONAL_CURATORS).count() == 1
