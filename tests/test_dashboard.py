"""The dashboard per role, freshness and re-verification, hub profiles on the public pages,
and the admin's language and branding."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from innovations.demo_profiles import apply_demo_profiles
from innovations.freshness import STALE_AFTER
from innovations.models import HubPage, InnovationPage
from innovations.permissions import ensure_national_curators
from tests.factories import create_innovation, hub_named
from tests.test_permissions import IN_HUB_A, IN_HUB_B, assert_permission_denied, login, make_user

A_LIVE = "Layanan Terbit Sumedang"
A_DRAFT = "Draf Dasbor Sumedang"
A_OLD = "Layanan Lama Sumedang"
B_DRAFT = "Draf Dasbor Surabaya"


@pytest.fixture
def hubs(site_tree):
    create_innovation(title=A_LIVE, **IN_HUB_A)
    create_innovation(title=A_DRAFT, publish=False, **IN_HUB_A)
    old = create_innovation(title=A_OLD, **IN_HUB_A)
    long_ago = timezone.now() - STALE_AFTER - datetime.timedelta(days=30)
    InnovationPage.objects.filter(pk=old.pk).update(
        first_published_at=long_ago, last_published_at=long_ago
    )
    create_innovation(title=B_DRAFT, publish=False, **IN_HUB_B)
    return hub_named(IN_HUB_A["hub"]), hub_named(IN_HUB_B["hub"])


def dashboard(client, user):
    login(client, user)
    response = client.get(reverse("wagtailadmin_home"))
    assert response.status_code == 200
    return response.content.decode()


def test_coordinator_dashboard_lists_own_hub_work_only(client, hubs):
    hub_a, _hub_b = hubs
    page = dashboard(client, make_user("koordinator_jabar", hub_a.coordinators))

    assert "Tambah inovasi" in page
    add_url = reverse("wagtailadmin_pages:add", args=["innovations", "innovationpage", hub_a.pk])
    assert f'href="{add_url}"' in page
    assert A_DRAFT in page  # the hub's draft
    assert A_OLD in page and "Perlu diverifikasi ulang (1)" in page  # stale
    assert B_DRAFT not in page  # never another hub's drafts
    assert "Angka jaringan JIPP" not in page


def test_import_link_when_the_import_screen_exists(client, hubs):
    hub_a, _ = hubs
    page = dashboard(client, make_user("koordinator_jabar", hub_a.coordinators))
    try:
        url = reverse("innovations_import")
    except Exception:  # noqa: BLE001 (the import screen lands separately)
        assert "Impor spreadsheet" not in page
    else:
        assert "Impor spreadsheet" in page and url in page


def test_moderator_sees_the_review_queue(client, hubs):
    hub_a, hub_b = hubs
    draft = InnovationPage.objects.get(title=A_DRAFT)
    coordinator = make_user("koordinator_jabar", hub_a.coordinators)
    hub_a.review_workflow.start(draft, coordinator)

    page = dashboard(client, make_user("moderator_jabar", hub_a.moderators))
    queue = page[page.index('id="awaiting-review-section"') :]
    assert A_DRAFT in queue

    other = dashboard(client, make_user("moderator_jatim", hub_b.moderators))
    assert A_DRAFT not in other


def test_curator_sees_the_network_figures(client, hubs):
    page = dashboard(client, make_user("kurator", ensure_national_curators()))

    assert "Angka jaringan JIPP" in page
    assert "2 dari 2 simpul terbit; 2 inovasi terbit, 2 draf, 0 sedang ditinjau" in page
    row = re.search(r"<th scope=\"row\">JIPP Provinsi Jawa Barat</th>(.*?)</tr>", page, re.S)
    assert [int(n) for n in re.findall(r"<td>(\d+)</td>", row.group(1))] == [2, 1, 0, 1]
    assert "Tambah inovasi" not in page


def test_one_click_reverification(client, hubs):
    hub_a, _ = hubs
    old = InnovationPage.objects.get(title=A_OLD)
    revisions = old.revisions.count()
    url = reverse("innovations_reverify", args=[old.pk])

    login(client, make_user("koordinator_jatim", hub_named(IN_HUB_B["hub"]).coordinators))
    assert_permission_denied(client.post(url))
    assert InnovationPage.objects.get(pk=old.pk).last_verified is None

    coordinator = make_user("koordinator_jabar", hub_a.coordinators)
    login(client, coordinator)
    assert client.get(url).status_code == 405  # a change: POST only
    response = client.post(url)
    assert response.status_code == 302
    old = InnovationPage.objects.get(pk=old.pk)
    assert old.last_verified == timezone.localdate()
    assert old.revisions.count() == revisions  # no draft, no review
    assert "Perlu diverifikasi ulang (0)" in dashboard(client, coordinator)


def test_verification_survives_a_later_edit(hubs):
    old = InnovationPage.objects.get(title=A_OLD)
    InnovationPage.objects.filter(pk=old.pk).update(last_verified=datetime.date(2026, 1, 2))
    old = InnovationPage.objects.get(pk=old.pk)
    draft = old.get_latest_revision_as_object()
    assert draft.last_verified == datetime.date(2026, 1, 2)


def test_public_page_shows_status_and_verification(client, hubs):
    page = InnovationPage.objects.get(title=A_LIVE)
    InnovationPage.objects.filter(pk=page.pk).update(last_verified=datetime.date(2026, 3, 5))
    html = client.get(page.url).content.decode()
    assert "Terakhir diverifikasi" in html and 'datetime="2026-03-05"' in html
    assert "Aktif (" in html

    InnovationPage.objects.filter(pk=page.pk).update(status_id="berhenti")
    assert "Dihentikan (" in client.get(page.url).content.decode()


def test_demo_profiles_are_shown_and_labelled(client, hubs):
    hub_a, _ = hubs
    assert apply_demo_profiles() == 2
    hub_a = HubPage.objects.get(pk=hub_a.pk)
    assert hub_a.is_demo and hub_a.website == f"https://example.org/jipp/{hub_a.slug}/"
    assert not hub_a.has_unpublished_changes
    assert hub_a.get_latest_revision_as_object().website == hub_a.website  # the editor's start

    hub_html = client.get(hub_a.url).content.decode()
    assert "Profil demonstrasi" in hub_html and hub_a.website in hub_html
    assert "Sekretariat JIPP Provinsi Jawa Barat" in hub_html

    innovation_html = client.get(InnovationPage.objects.get(title=A_LIVE).url).content.decode()
    assert f'href="{hub_a.url}"' in innovation_html and hub_a.website in innovation_html


def test_admin_is_indonesian_and_branded(client, hubs):
    login_page = client.get(reverse("wagtailadmin_login")).content.decode()
    assert "Masuk ke JIPP Knowledge Hub" in login_page
    assert "img/jipp-mark.svg" in login_page
    assert "Wagtail" not in re.search(r"<title>(.*?)</title>", login_page, re.S).group(1)

    hub_a, _ = hubs
    page = dashboard(client, make_user("koordinator_jabar", hub_a.coordinators))
    assert '<html lang="id"' in page
    assert 'rel="icon" type="image/svg+xml"' in page
    assert "JIPP Knowledge Hub" in re.search(r"<title>(.*?)</title>", page, re.S).group(1)
