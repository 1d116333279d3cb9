"""Issue 14, "Done when": a coordinator who has never seen the admin imports a 20-row
spreadsheet written with names (not codes) and two errors, fixes them, imports, and the
pages go to the hub's review; the hub's moderator approves, the page is published and the
coordinator is told by e-mail."""

import io

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from openpyxl import Workbook

from innovations.importing.spreadsheet import headers
from innovations.models import HubPage, InnovationPage

from .helpers import screenshot
from .world import HUB_JABAR, build_world

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

PASSWORD = "sandi-uji-123"
PLACES = [
    ("Kabupaten Sumedang", "Kabupaten"),
    ("Kota Bandung", "Kota"),
    ("Kabupaten Garut", "Kabupaten"),
    ("Kota Bogor", "Kota"),
]
SECTORS = ["Kesehatan", "Pendidikan", "Perizinan dan Investasi", "Pemerintahan Desa"]
SECTIONS = {
    "Ringkasan": "Layanan yang lebih dekat ke warga.",
    "Latar belakang": "Warga harus datang berkali-kali.",
    "Kebaruan": "Layanan dibawa ke desa.",
    "Implementasi": "Dimulai di lima kecamatan.",
    "Dampak": "Waktu layanan turun dari sepuluh hari menjadi dua.",
    "Sumber daya": "Dua petugas dan satu mobil.",
    "Keberlanjutan": "Dianggarkan setiap tahun.",
    "Replikasi": "Mulai dari kecamatan terjauh.",
}
# The two mistakes a coordinator makes: a regency name that is both a kabupaten and a kota,
# and a misspelt sector.
MISTAKES = {
    4: {"Kabupaten/kota": "Bogor"},
    11: {"Sektor utama": "Kesehatann"},
}


def spreadsheet_rows(with_mistakes):
    rows = []
    for number in range(20):
        regency, level = PLACES[number % len(PLACES)]
        cells = {
            "Judul": f"Layanan Jemput Bola Jabar {number + 1:02d}",
            "Tagline": "Petugas datang ke desa, warga tidak perlu ke kantor.",
            "Bahasa": "Bahasa Indonesia",
            "Instansi pelaksana": f"Pemerintah {regency}",
            "Tingkat": level,
            "Provinsi": "Jawa Barat",
            "Kabupaten/kota": regency,
            "Sektor utama": SECTORS[number % len(SECTORS)],
            "Kanal layanan": "Bergerak",
            "Tahun diluncurkan": 2020 + number % 5,
            "Tahapan": "Penerapan",
            "Status": "Berjalan",
            "Tag": "jemput bola; desa",
            **SECTIONS,
        }
        if with_mistakes:
            cells.update(MISTAKES.get(number, {}))
        rows.append([cells.get(header, "") for header in headers()])
    return rows


def xlsx_file(path, rows):
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Inovasi"
    sheet.append(headers())
    for cells in rows:
        sheet.append(cells)
    buffer = io.BytesIO()
    workbook.save(buffer)
    path.write_bytes(buffer.getvalue())
    return path


@pytest.fixture
def people(live_server):
    build_world()
    hub = HubPage.objects.get(title=HUB_JABAR)
    User = get_user_model()
    coordinator = User.objects.create_user(
        "koordinator_jabar", "koordinator@contoh.go.id", PASSWORD
    )
    coordinator.groups.add(hub.coordinators)
    moderator = User.objects.create_user("moderator_jabar", "moderator@contoh.go.id", PASSWORD)
    moderator.groups.add(hub.moderators)
    return hub, coordinator, moderator


def log_in(page, live_server, username):
    page.goto(live_server.url + "/admin/")
    page.wait_for_url("**/admin/login/**")
    assert page.get_by_role("heading", name="Masuk ke JIPP Knowledge Hub").is_visible()
    page.locator("#id_username").fill(username)
    page.locator("#id_password").fill(PASSWORD)
    page.locator('form button[type="submit"]').click()
    page.wait_for_url(live_server.url + "/admin/")


def upload(page, path):
    page.locator("#id_file").set_input_files(path)
    page.locator("#id_file").evaluate("input => input.form.requestSubmit()")
    page.wait_for_url("**/admin/impor/**/")
    page.locator("#import-status").wait_for()


def test_coordinator_imports_fixes_and_the_moderator_approves(
    live_server, people, new_page, tmp_path
):
    hub, coordinator, moderator = people
    mail.outbox.clear()
    page = new_page()

    # The dashboard tells a new coordinator where to start.
    log_in(page, live_server, "koordinator_jabar")
    panel = page.locator(f"#hub-work-{hub.slug}-section")
    assert panel.get_by_role("link", name="Tambah inovasi").is_visible()
    screenshot(page, "journey-1-dashboard")
    panel.get_by_role("link", name="Impor spreadsheet").click()
    page.wait_for_url("**/admin/impor/**")

    # First try: two mistakes. Nothing is written; each is shown by row and column.
    upload(page, xlsx_file(tmp_path / "inovasi-jabar.xlsx", spreadsheet_rows(True)))
    problems = page.locator("#import-problems tbody tr")
    problems.first.wait_for()
    found = [row.locator("td").all_inner_texts() for row in problems.all()]
    assert [(cells[0], cells[1]) for cells in found] == [
        ("6", "Kabupaten/kota"),
        ("13", "Sektor utama"),
    ]
    assert "Kabupaten Bogor" in found[0][2] and "Kota Bogor" in found[0][2]
    screenshot(page, "journey-2-problems")
    assert not InnovationPage.objects.filter(title__startswith="Layanan Jemput Bola").exists()

    # Fixed, uploaded again: a preview, then the confirmation.
    page.locator("#import-again").click()
    page.wait_for_url("**/admin/impor/")
    upload(page, xlsx_file(tmp_path / "inovasi-jabar-diperbaiki.xlsx", spreadsheet_rows(False)))
    page.locator("#import-preview").wait_for()
    cells = page.locator("#import-preview tbody tr td").all_inner_texts()
    assert cells == [HUB_JABAR, "20", "0", "0"]
    screenshot(page, "journey-3-preview")
    # Twenty pages written, each submitted to review with its e-mails: on a loaded machine
    # this takes longer than a click's default wait.
    page.locator("#import-confirm").click(timeout=180_000)
    page.locator("#import-done").wait_for(timeout=180_000)
    assert "20 inovasi dikirim untuk ditinjau moderator simpul" in page.content()
    screenshot(page, "journey-4-imported")

    imported = InnovationPage.objects.filter(title__startswith="Layanan Jemput Bola")
    assert imported.count() == 20
    assert not imported.filter(live=True).exists()
    assert all(p.current_workflow_state.requested_by == coordinator for p in imported)
    # The moderators were told.
    assert any(moderator.email in message.to for message in mail.outbox)

    # The coordinator's dashboard now lists them as in review.
    page.goto(live_server.url + "/admin/")
    assert "Layanan Jemput Bola Jabar 01" in panel.inner_text()

    # The hub's moderator: the review queue, the page, "Menyetujui dan Publikasikan".
    mail.outbox.clear()
    moderation = new_page()
    log_in(moderation, live_server, "moderator_jabar")
    queue = moderation.locator("#awaiting-review-section")
    assert "Layanan Jemput Bola Jabar 01" in queue.inner_text()
    screenshot(moderation, "journey-5-review-queue")
    first = imported.get(title="Layanan Jemput Bola Jabar 01")
    moderation.goto(f"{live_server.url}/admin/pages/{first.pk}/edit/")
    footer = moderation.get_by_role("navigation", name="Tindakan (bawah)")
    footer.get_by_role("button", name="Tindakan lain").click()
    footer.get_by_role("button", name="Menyetujui dan Publikasikan", exact=True).click(
        timeout=60_000
    )
    moderation.wait_for_load_state()
    screenshot(moderation, "journey-6-approved")

    first = InnovationPage.objects.get(pk=first.pk)
    assert first.live and not first.workflow_in_progress
    assert any(coordinator.email in message.to for message in mail.outbox)

    # Published: the public page answers.
    public = new_page()
    public.goto(live_server.url + first.url)
    assert public.get_by_role("heading", name="Layanan Jemput Bola Jabar 01").is_visible()
