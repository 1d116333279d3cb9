"""Replication requests in the admin: scoped exactly like pages (hub B never sees hub A's
requests), stage changes logged and mailed, the one-step draft, and anonymisation."""

import datetime

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from innovations.models import HubPage, InnovationPage
from replication.models import ReplicationRequest, Stage, StageChange
from tests.html_helpers import get_html, text_of

from .helpers import make_user, national_curator, request_for, two_hubs

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(site_tree):
    page_a, page_b, hub_a, hub_b = two_hubs()
    people = {
        "koor_a": make_user("koor-a", hub_a.coordinators),
        "mod_a": make_user("mod-a", hub_a.moderators),
        "koor_b": make_user("koor-b", hub_b.coordinators),
        "mod_b": make_user("mod-b", hub_b.moderators),
        "root": make_user("root", superuser=True),
        "curator": national_curator(),
    }
    return {
        "page_a": page_a,
        "page_b": page_b,
        "request_a": request_for(page_a, name="Pemohon Untuk A"),
        "request_b": request_for(
            page_b, name="Pemohon Untuk B", institution="Kota Malang, Jawa Timur"
        ),  # fmt: skip
        **people,
    }


def detail_url(item):
    return reverse("replication_request", args=[item.pk])


INDEX = "/admin/replikasi/"

# who -> (sees A's request, sees B's request, may change A's, may change B's)
MATRIX = {
    "koor_a": (True, False, True, False),
    "mod_a": (True, False, True, False),
    "koor_b": (False, True, False, True),
    "mod_b": (False, True, False, True),
    "root": (True, True, True, True),
    "curator": (True, True, False, False),
}


@pytest.mark.parametrize("who", MATRIX)
def test_permission_matrix_for_requests(world, client, who):
    sees_a, sees_b, changes_a, changes_b = MATRIX[who]
    client.force_login(world[who])
    listing = text_of(get_html(client, INDEX))
    assert "Pemohon" not in listing  # no personal data on the listing itself
    for key, sees, changes in (("a", sees_a, changes_a), ("b", sees_b, changes_b)):
        item = world[f"request_{key}"]
        title = item.innovation.title
        assert (title in listing) is sees, (who, key)
        response = client.get(detail_url(item))
        assert response.status_code == (200 if sees else 404), (who, key)
        if sees:
            assert f"Pemohon Untuk {key.upper()}" in text_of(response.content.decode())
        response = client.post(detail_url(item), {"stage": "komunikasi", "note": ""})
        if changes:
            assert response.status_code == 302 and response["Location"] == detail_url(item)
        elif sees:  # Wagtail's admin answers a refusal by sending the user to the dashboard
            assert response.status_code == 302 and response["Location"] == "/admin/", who
        else:
            assert response.status_code == 404, (who, key)
        item.refresh_from_db()
        assert (item.stage == Stage.KOMUNIKASI) is changes


def test_refusals_would_be_allowed_to_the_right_person(world, client):
    # The same request that hub B's coordinator could not make works for hub A's.
    client.force_login(world["koor_b"])
    assert client.post(detail_url(world["request_a"]), {"stage": "komunikasi"}).status_code == 404
    client.force_login(world["koor_a"])
    assert client.post(detail_url(world["request_a"]), {"stage": "komunikasi"}).status_code == 302


def test_people_outside_every_hub_see_no_requests(world, client):
    assert client.get(INDEX).status_code == 302  # to the login page
    client.force_login(make_user("editor-lain"))
    assert client.get(INDEX).status_code in (302, 403)


def test_the_dashboard_panel_shows_the_hubs_own_requests(world, client):
    client.force_login(world["koor_a"])
    panel = text_of(get_html(client, "/admin/"))
    assert "Permintaan replikasi" in panel
    assert "SIMPATI Sumedang" in panel and "KLAMPID Surabaya" not in panel


def test_a_stage_change_is_logged_and_mailed_to_the_requester(
    world, client, django_capture_on_commit_callbacks
):
    item = world["request_a"]
    client.force_login(world["koor_a"])
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            detail_url(item), {"stage": "kesepakatan", "note": "Draf PKS kami kirim minggu depan."}
        )
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.stage == Stage.KESEPAKATAN
    change = item.history.last()
    assert (change.from_stage, change.to_stage, change.changed_by) == (
        "minat", "kesepakatan", world["koor_a"])  # fmt: skip
    (message,) = mail.outbox
    assert message.to == ["siti.rahmawati@sumedang.example"]
    assert "Kesepakatan (MoU/PKS)" in message.subject
    assert "Draf PKS kami kirim minggu depan." in message.body
    history = text_of(get_html(client, detail_url(item)))
    assert "Minat → Kesepakatan (MoU/PKS) (koor-a)" in history


def test_a_stage_change_to_the_same_stage_is_refused(world, client):
    client.force_login(world["koor_a"])
    response = client.post(detail_url(world["request_a"]), {"stage": "minat"})
    assert response.status_code == 400
    assert StageChange.objects.filter(request=world["request_a"]).count() == 1


def test_at_implementasi_a_draft_for_the_replicating_region_is_made_in_one_step(world, client):
    item = world["request_a"]  # from Kabupaten Sumedang (Jawa Barat), for hub A's page
    client.force_login(world["koor_a"])
    client.post(detail_url(item), {"action": "draft"})
    assert InnovationPage.objects.filter(replicated_from=world["page_a"]).count() == 0  # not yet

    client.post(detail_url(item), {"stage": "implementasi"})
    response = client.post(detail_url(item), {"action": "draft"})
    assert response.status_code == 302
    item.refresh_from_db()
    draft = InnovationPage.objects.get(pk=item.replica_id)
    assert draft.replicated_from_id == world["page_a"].pk
    assert not draft.live
    assert draft.regency.name == "Kabupaten Sumedang" and draft.level == "kabupaten"
    # Sumedang has no hub of its own here: the draft goes to its province's hub.
    assert draft.get_parent().specific == HubPage.objects.get(title="JIPP Provinsi Jawa Barat")
    assert client.get(draft.url or "/tidak-ada/").status_code == 404  # a draft is not public
    # Only once.
    client.post(detail_url(item), {"action": "draft"})
    assert InnovationPage.objects.filter(replicated_from=world["page_a"]).count() == 1


def test_a_draft_goes_to_the_replicating_regions_own_hub(world, client):
    # Hub B's page, requested by Kota Malang (Jawa Timur): the draft lands in hub B's tree,
    # made by hub B's coordinator.
    item = world["request_b"]
    client.force_login(world["koor_b"])
    client.post(detail_url(item), {"stage": "selesai"})
    client.post(detail_url(item), {"action": "draft"})
    item.refresh_from_db()
    assert item.replica.get_parent().title == "JIPP Provinsi Jawa Timur"
    assert item.replica.regency.name == "Kota Malang"


def test_old_requests_are_anonymised(world):
    old = world["request_a"]
    change_stage_note = StageChange.objects.filter(request=old)
    change_stage_note.update(note="Hubungi Siti di 0812")
    long_ago = timezone.now() - datetime.timedelta(days=800)
    ReplicationRequest.objects.filter(pk=old.pk).update(updated_at=long_ago)
    call_command("anonymise_replication_requests")
    old.refresh_from_db()
    assert (old.name, old.email, old.phone, old.message, old.position) == ("", "", "", "", "")
    assert old.anonymised_at is not None
    assert old.regency.name == "Kabupaten Sumedang" and old.stage == Stage.MINAT
    assert not StageChange.objects.filter(request=old).exclude(note="").exists()
    recent = world["request_b"]
    recent.refresh_from_db()
    assert recent.name == "Pemohon Untuk B"
