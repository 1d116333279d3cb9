"""Hostile spreadsheets get a clear Indonesian error and change nothing (issue 14).

Each file goes through the admin's upload as a coordinator would send it: the answer is the
upload form again with the reason under the file field, no import job is created, no page
changes, and the limits are stated on the same page.
"""

import csv
import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook
from wagtail.models import Page

from innovations.importing.spreadsheet import headers
from innovations.models import ImportJob
from tests import test_permissions as hub_world
from tests.html_helpers import element, text_of
from tests.test_import_admin import row, xlsx
from tests.test_permissions import body, login

pytestmark = pytest.mark.django_db

world_ids, world, people = hub_world.world_ids, hub_world.world, hub_world.people


def workbook_bytes(build):
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Inovasi"
    sheet.append(headers())
    build(workbook, sheet)
    output = io.BytesIO()
    workbook.save(output)
    return output.getvalue()


def with_formula(workbook, sheet):
    sheet.append(row())
    sheet["B2"] = '=HYPERLINK("http://jahat.example/","Klik")'


def with_merged_cells(workbook, sheet):
    sheet.append(row())
    sheet.append(row(Judul="Kedua"))
    sheet.merge_cells("B2:B3")


def with_hidden_sheet(workbook, sheet):
    sheet.append(row())
    hidden = workbook.create_sheet("Rahasia")
    hidden.append(["data yang tidak terlihat"])
    hidden.sheet_state = "hidden"


def huge_cell_xlsx():
    """A 20 MB cell. openpyxl cuts what it writes at Excel's 32,767 characters, so the
    cell's text is put into the sheet's XML afterwards, as another program could write it."""
    data = xlsx([row(Ringkasan="SEL-RAKSASA")])
    source, output = zipfile.ZipFile(io.BytesIO(data)), io.BytesIO()
    with zipfile.ZipFile(output, "w", zipfile.ZIP_DEFLATED) as archive:
        for entry in source.infolist():
            content = source.read(entry)
            if b"SEL-RAKSASA" in content:
                content = content.replace(b"SEL-RAKSASA", b"a" * (20 * 1024 * 1024))
            archive.writestr(entry, content, zipfile.ZIP_DEFLATED)
    return output.getvalue()


def with_many_rows(workbook, sheet):
    cells = row()
    for _ in range(100_000):
        sheet.append(cells[:2])


def zip_bomb():
    """A valid-looking XLSX whose one sheet unpacks to 200 MB (a few hundred KB packed)."""
    output = io.BytesIO()
    with zipfile.ZipFile(output, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/workbook.xml", "<workbook/>")
        with archive.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as handle:
            block = b"<row/>" * (1024 * 1024 // 6)
            for _ in range(200):
                handle.write(block)
    return output.getvalue()


def csv_of(rows):
    output = io.StringIO()
    writer = csv.writer(output)
    writer.writerow(headers())
    writer.writerows(rows)
    return output.getvalue().encode("utf-8")


PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 200
HTML = b"<!DOCTYPE html><html><body><table><tr><td>ID</td></tr></table></body></html>"

HOSTILE = [
    ("png-as-xlsx", "inovasi.xlsx", lambda: PNG, "bukan XLSX"),
    ("html-as-xlsx", "inovasi.xlsx", lambda: HTML, "HTML"),
    ("html-as-csv", "inovasi.csv", lambda: HTML, "HTML"),
    ("binary-as-csv", "inovasi.csv", lambda: PNG, "bukan CSV"),
    ("old-xls", "inovasi.xls", lambda: b"\xd0\xcf\x11\xe0" + b"\x00" * 100, ".xls lama"),
    ("other-extension", "inovasi.pdf", lambda: b"%PDF-1.4", "Hanya berkas .xlsx atau .csv"),
    ("empty", "inovasi.csv", lambda: b"", "kosong"),
    ("formula-xlsx", "inovasi.xlsx", lambda: workbook_bytes(with_formula), "berisi rumus"),
    ("formula-csv", "inovasi.csv", lambda: csv_of([row(Judul='=HYPERLINK("x")')]), "rumus"),
    ("zip-bomb", "inovasi.xlsx", zip_bomb, "terlalu besar setelah dibuka"),
    ("rows-100k-xlsx", "inovasi.xlsx", lambda: workbook_bytes(with_many_rows), "5.000"),
    ("rows-100k-csv", "inovasi.csv", lambda: csv_of([row()[:2]] * 100_000), "5.000"),
    ("cell-20mb-xlsx", "inovasi.xlsx", huge_cell_xlsx, "terlalu panjang"),
    ("cell-20mb-csv", "inovasi.csv", lambda: csv_of([row(Ringkasan="a" * 20_971_520)]), "10 MB"),
    ("merged-cells", "inovasi.xlsx", lambda: workbook_bytes(with_merged_cells), "sel gabungan"),
    ("hidden-sheet", "inovasi.xlsx", lambda: workbook_bytes(with_hidden_sheet), "tersembunyi"),
    ("wrong-headers", "inovasi.xlsx", lambda: xlsx([], header=["Nama", "Alamat"]), "judul kolom"),
]


@pytest.mark.parametrize(
    "name, make, fragment", [case[1:] for case in HOSTILE], ids=[case[0] for case in HOSTILE]
)
def test_hostile_file_is_refused_clearly_and_changes_nothing(
    client, world, people, name, make, fragment
):
    login(client, people.coordinator_a)
    pages_before = list(Page.objects.values_list("pk", "latest_revision_id"))

    response = client.post(
        reverse("innovations_import"),
        {"file": SimpleUploadedFile(name, make()), "hub": str(world.hub_a.pk)},
    )

    assert response.status_code == 200
    html = body(response)
    error = text_of(element(html, 'id="id_file-errors"'))
    assert fragment in error, error
    assert "Traceback" not in html and "Paling banyak 5.000 baris" in html
    assert ImportJob.objects.count() == 0
    assert list(Page.objects.values_list("pk", "latest_revision_id")) == pages_before


def test_a_file_of_bad_rows_lists_500_problems_and_counts_the_rest(
    client, world, people, django_capture_on_commit_callbacks
):
    login(client, people.coordinator_a)
    bad_rows = [row(Judul=f"Baris {n}", **{"Sektor utama": "tidak-ada"}) for n in range(600)]

    with django_capture_on_commit_callbacks(execute=True):  # 600 rows: a background task
        response = client.post(
            reverse("innovations_import"),
            {"file": SimpleUploadedFile("x.csv", csv_of(bad_rows)), "hub": str(world.hub_a.pk)},
        )

    job = ImportJob.objects.get()
    assert response.status_code == 302 and job.status == ImportJob.Status.INVALID
    assert len(job.report["problems"]) == 500 and job.report["problems_not_shown"] == 100
    assert job.report["invalid_rows"] == 600
    html = body(client.get(response["Location"]))
    assert "dan 100 masalah lain" in html and html.count("<tr>") <= 502
