"""The replication exchange in a real browser (Debian's Chromium).

The Sumedang official chooses their region, finds stunting practices from similar regions,
compares three, downloads a kit document and submits a replication request; the
originating hub's coordinator sees it on their dashboard, moves it to kesepakatan (the
requester's email arrives, captured by the test's mail backend), and at implementasi
creates the draft innovation for the replicating region in one step, with its lineage.
Then axe-core on the new pages in both languages."""

import pytest
from django.contrib.auth import get_user_model
from django.core import mail

from innovations.models import HubPage, InnovationPage
from replication.demo import attach_demo_kit
from replication.models import DownloadCount, ReplicationRequest, Stage

from .helpers import PHONE, axe_violations, blocking, describe, screenshot
from .world import HUB_JATENG, build_world

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

PASSWORD = "sandi-uji-123"
REQUESTER_EMAIL = "dinkes@sumedangkab.example"


@pytest.fixture
def world(live_server):
    world = build_world()
    # The practice the official will ask to replicate: Semarang's, with a kit.
    attach_demo_kit(InnovationPage.objects.get(pk=world.other_province.pk))
    hub = HubPage.objects.get(title=HUB_JATENG)
    coordinator = get_user_model().objects.create_user(
        "koordinator_jateng", "koordinator@jatengprov.example", PASSWORD
    )
    coordinator.groups.add(hub.coordinators)
    mail.outbox.clear()
    return world


def log_in(page, live_server, username):
    page.goto(live_server.url + "/admin/login/")
    page.locator("#id_username").fill(username)
    page.locator("#id_password").fill(PASSWORD)
    page.locator('form button[type="submit"]').click()
    page.wait_for_url(live_server.url + "/admin/")


def test_from_finding_to_replicating(live_server, world, new_page):
    page = new_page()
    base = live_server.url
    semarang = world.other_province

    # 1. The official chooses their region once; the home page answers with similar regions.
    page.goto(base + "/")
    page.locator("#region-input").fill("Kabupaten Sumedang, Jawa Barat")
    page.get_by_role("button", name="Simpan daerah saya").click()
    page.wait_for_url(base + "/")
    regions = page.locator("#daerah-serupa")
    assert "Inovasi dari daerah serupa dengan Kabupaten Sumedang" in regions.inner_text()
    assert "kabupaten" in regions.locator("li").first.inner_text()

    # 2. Stunting practices, the most similar regions first, then narrowed to regions like
    # Sumedang; each says why it is similar.
    page.goto(base + "/cari/?q=stunting")
    page.get_by_role("link", name="Daerah serupa", exact=True).click()
    page.wait_for_url("**sort=similar**")
    assert "Rumah Gizi Sumedang" in page.locator(".search-result").first.inner_text()
    page.get_by_role("link", name="Hanya daerah serupa dengan Kabupaten Sumedang").click()
    page.wait_for_load_state()
    results = page.locator(".search-result")
    assert "Rumah Gizi Sumedang" in results.first.inner_text()
    assert "Dibanding Kabupaten Sumedang" in results.first.inner_text()
    screenshot(page, "replication-similar-regions")

    # 3. Compare three stunting practices, chosen from the results.
    for title in ("Rumah Gizi Sumedang", "Dapur Sehat Semarang", "Pos Gizi Anak Surabaya"):
        page.goto(base + "/cari/?q=stunting")
        result = page.locator(".search-result", has_text=title)
        result.get_by_role("link", name="Bandingkan").click()
        page.wait_for_url("**/bandingkan/**")
    headers = page.locator(".compare__table thead th")
    assert headers.count() == 3
    assert "id=" in page.locator("#compare-url").input_value()
    screenshot(page, "replication-compare")

    # 4. Download a kit document of Semarang's practice: counted, nothing else recorded.
    page.goto(base + semarang.url)
    kit = page.locator("#kit-replikasi")
    link = kit.get_by_role("link", name="Contoh SOP layanan (demonstrasi)")
    with page.expect_download() as download:
        link.click()
    assert download.value.suggested_filename.endswith(".pdf")
    assert DownloadCount.objects.get().count == 1

    # 5. The replication request, through the plain HTML form.
    page.get_by_role("link", name="Ajukan replikasi").click()
    page.locator("#id_name").fill("Siti Rahmawati")
    page.locator("#id_position").fill("Kepala Bidang Kesehatan Masyarakat")
    page.locator("#id_institution").fill("Kabupaten Sumedang, Jawa Barat")
    page.locator("#id_email").fill(REQUESTER_EMAIL)
    page.locator("#id_message").fill("Kami ingin mereplikasi dapur sehat di 26 kecamatan.")
    page.locator("#id_consent_share").check()
    page.locator("#id_consent_public").check()
    screenshot(page, "replication-request-form")
    page.get_by_role("button", name="Kirim permintaan replikasi").click()
    page.wait_for_url("**/replikasi/terkirim/**")
    assert "Permintaan replikasi terkirim" in page.locator("h1").inner_text()
    received = [m for m in mail.outbox if m.to == [REQUESTER_EMAIL]]
    assert received and "Dapur Sehat Semarang" in received[0].subject

    # 6. The coordinator of Semarang's hub finds it on the dashboard and agrees.
    admin = new_page()
    log_in(admin, live_server, "koordinator_jateng")
    panel = admin.locator("#replication-requests-panel")
    assert "Dapur Sehat Semarang" in panel.inner_text()
    panel.get_by_role("link", name="Dapur Sehat Semarang").click()
    assert "Siti Rahmawati" in admin.locator("main").inner_text()
    admin.locator("#id_stage").select_option("kesepakatan")
    admin.locator("#id_note").fill("Draf PKS kami kirim pekan depan.")
    admin.get_by_role("button", name="Simpan tahap dan kabari pemohon").click()
    admin.wait_for_load_state()
    assert admin.locator("#current-stage").inner_text() == "Kesepakatan (MoU/PKS)"
    stage_mail = [m for m in mail.outbox if "Kesepakatan" in m.subject]
    assert stage_mail and stage_mail[0].to == [REQUESTER_EMAIL]
    assert "Draf PKS kami kirim pekan depan." in stage_mail[0].body

    # 7. At implementasi, the draft for Sumedang in one step, with its lineage.
    admin.locator("#id_stage").select_option("implementasi")
    admin.get_by_role("button", name="Simpan tahap dan kabari pemohon").click()
    admin.wait_for_load_state()
    admin.get_by_role("button", name="Buat draf inovasi replikasi").click()
    admin.wait_for_load_state()
    assert "Kabupaten Sumedang" in admin.locator("#replica").inner_text()
    screenshot(admin, "replication-admin-draft")
    request = ReplicationRequest.objects.get()
    assert request.stage == Stage.IMPLEMENTASI
    draft = InnovationPage.objects.get(pk=request.replica_id)
    assert draft.replicated_from_id == semarang.pk and not draft.live
    assert draft.regency.name == "Kabupaten Sumedang"
    assert draft.get_parent().title == "JIPP Provinsi Jawa Barat"


LANGUAGES = {"id": "", "en": "/en"}


@pytest.mark.parametrize("language", LANGUAGES)
def test_new_pages_have_no_serious_axe_violations(live_server, world, new_page, language):
    prefix = LANGUAGES[language]
    semarang = world.other_province
    ids = f"id={world.original.pk}&id={semarang.pk}&id={world.replica.pk}"
    paths = {
        "request-form": f"{prefix}/replikasi/ajukan/{semarang.pk}/",
        "request-sent": f"{prefix}/replikasi/terkirim/{semarang.pk}/",
        "compare": f"{prefix}/bandingkan/?{ids}",
        "my-region": f"{prefix}/daerah-saya/",
        "innovation-with-kit": prefix + semarang.url,
    }
    failures = []
    for viewport_name, options in (("desktop", {}), ("phone", {"viewport": PHONE})):
        # bypass_csp: axe-core is injected as an inline script, which the site's CSP refuses.
        page = new_page(bypass_csp=True, **options)
        # With a region chosen, so that the closeness lines are checked too.
        page.goto(
            live_server.url + f"{prefix}/daerah-saya/?region=Kabupaten+Sumedang%2C+Jawa+Barat"
        )
        for name, path in paths.items():
            response = page.goto(live_server.url + path)
            assert response.status == 200, path
            screenshot(page, f"replication-{name}-{language}-{viewport_name}")
            problems = blocking(axe_violations(page))
            if problems:
                failures.append(f"{name} ({path}, {viewport_name}):\n{describe(problems)}")
        # The request form again, showing its errors.
        page.goto(live_server.url + paths["request-form"])
        page.locator('form.replication-form button[type="submit"]').click()
        page.wait_for_load_state()
        problems = blocking(axe_violations(page))
        if problems:
            failures.append(f"request-form-errors ({viewport_name}):\n{describe(problems)}")
    assert not failures, "axe found serious or critical violations:\n" + "\n\n".join(failures)
