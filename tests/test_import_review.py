"""Spreadsheet imports follow the hub's review setting: where coordinators may not publish
directly, what they import waits for the hub's moderators (issue 14, "Imported pages follow
the hub's review setting")."""

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from innovations.models import HubPage, InnovationPage
from tests import test_permissions as hub_world
from tests.test_import_admin import job_of, row, upload, xlsx
from tests.test_permissions import A_LIVE, let_coordinators_publish, login

pytestmark = pytest.mark.django_db

world_ids, world, people = hub_world.world_ids, hub_world.world, hub_world.people


def import_rows(client, user, hub, rows):
    login(client, user)
    job = job_of(upload(client, xlsx(rows), hub=hub))
    response = client.post(reverse("innovations_import_job", args=[job.pk]), {"confirm": "1"})
    assert response.status_code == 302
    job.refresh_from_db()
    assert job.status == "done", job.report
    return job, [str(m) for m in get_messages(response.wsgi_request)]


def test_new_imported_pages_wait_for_the_hubs_moderators(client, world, people):
    job, notes = import_rows(
        client,
        people.coordinator_a,
        world.hub_a,
        [row(Judul="Posyandu Digital Sumedang"), row(Judul="Klinik Keliling Sumedang")],
    )

    pages = InnovationPage.objects.filter(
        title__in=["Posyandu Digital Sumedang", "Klinik Keliling Sumedang"]
    )
    assert pages.count() == 2
    for page in pages:
        assert not page.live
        state = page.current_workflow_state
        assert state.workflow == HubPage.objects.get(pk=world.hub_a.pk).review_workflow
        assert state.requested_by == people.coordinator_a
    assert job.report["held_for_review"] == 2
    assert any("2 inovasi dikirim untuk ditinjau moderator simpul" in n for n in notes)

    # The hub's moderator approves one: it is published.
    page = pages.first()
    login(client, people.moderator_a)
    task_state = page.current_workflow_task_state
    client.post(
        reverse("wagtailadmin_pages:workflow_action", args=[page.pk, "approve", task_state.pk]),
        {"comment": ""},
    )
    assert InnovationPage.objects.get(pk=page.pk).live


def test_an_imported_change_to_a_live_page_waits_too(client, world, people):
    import_rows(
        client,
        people.coordinator_a,
        world.hub_a,
        [row(ID=world.a_live.slug, Judul="SIPANDU Sumedang Diperbarui")],
    )

    page = InnovationPage.objects.get(pk=world.a_live.pk)
    assert page.live and page.title == A_LIVE  # the public still reads the reviewed text
    assert page.has_unpublished_changes
    assert page.get_latest_revision_as_object().title == "SIPANDU Sumedang Diperbarui"
    assert page.workflow_in_progress


def test_where_coordinators_may_publish_imports_are_published(client, world, people):
    let_coordinators_publish(world.hub_a)
    job, _notes = import_rows(
        client, people.coordinator_a, world.hub_a, [row(Judul="Posyandu Digital Sumedang")]
    )

    page = InnovationPage.objects.get(title="Posyandu Digital Sumedang")
    assert page.live and not page.workflow_in_progress
    assert job.report["held_for_review"] == 0
