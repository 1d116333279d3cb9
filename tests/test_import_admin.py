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
    assert "Paling banyak 5.000 baris" in html and "10 MB" in html
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
    assert "inovasi.xlsx" not in body(client.get(reverse("innovations_import")))
    export_a = reverse("innovations_export") + f"?hub={world.hub_a.pk}"
    assert client.get(export_a).status_code == 404
    job.refresh_from_db()
    assert job.status == ImportJob.Status.READY
    login(client, people.coordinator_a)
    assert client.get(reverse("innovations_import_job", args=[job.pk])).status_code == 200
    assert client.get(export_a).status_code == 200
