"""Source of funds (APBD, APBN, DAK, Dana Desa, CSR/swasta, hibah/donor, lainnya): several
allowed, none when not stated; in the admin form, the spreadsheet's column both ways, the
innovation page and the comparison (tests/replication/test_compare.py)."""

import json
import re

import pytest
from django.contrib.auth import get_user_model

from innovations.importing.export import export_file, search_records
from innovations.importing.sheet_rows import sheet_rows
from innovations.importing.spreadsheet import read_spreadsheet
from innovations.importing.validation import RecordValidator, ReferenceIndex
from innovations.models import FundingSource
from tests.factories import SHARED_DATA, create_innovation, valid_record
from tests.html_helpers import get_html, text_of

pytestmark = pytest.mark.django_db


def exported_csv(page):
    data, _type, _extension = export_file(list(search_records([page.pk])), "csv")
    return data if isinstance(data, str) else data.decode("utf-8-sig")


def read_back(text):
    (row,) = sheet_rows(read_spreadsheet("inovasi.csv", text.encode("utf-8")))
    return row


def test_the_vocabulary_is_the_one_asked_for(db):
    assert list(FundingSource.objects.values_list("name", flat=True)) == [
        "APBD", "APBN", "DAK", "Dana Desa", "CSR/swasta", "Hibah/donor", "Lainnya"
    ]  # fmt: skip


def test_the_spreadsheet_column_goes_out_and_back(site_tree):
    page = create_innovation(funding_sources=["apbd", "dana-desa"])
    text = exported_csv(page)
    assert "Sumber dana" in text.splitlines()[0]
    assert "APBD; Dana Desa" in text
    row = read_back(text)
    assert row["problems"] == []
    assert row["data"]["funding_sources"] == ["apbd", "dana-desa"]
    # Written in English, read the same; an unknown source is named in the problems.
    english = read_back(
        text.replace("APBD; Dana Desa", "Regional budget (APBD); Village fund (Dana Desa)")
    )
    assert english["data"]["funding_sources"] == ["apbd", "dana-desa"]
    unknown = read_back(text.replace("APBD; Dana Desa", "APBD; Dana Kaget"))
    assert [field for field, _reason in unknown["problems"]] == ["funding_sources"]
    assert "Dana Kaget" in unknown["problems"][0][1]
    # An empty cell is no source at all, never a guess.
    assert read_back(text.replace("APBD; Dana Desa", ""))["data"]["funding_sources"] == []


def test_a_json_record_with_an_unknown_source_is_refused(db):
    record = RecordValidator(ReferenceIndex()).validate(
        1, valid_record(funding_sources=["dak", "x"])
    )
    assert [problem.field for problem in record.problems] == ["funding_sources"]


def test_the_page_and_the_admin_form_show_the_sources(site_tree, client):
    funded = create_innovation(title="Dengan dana", funding_sources=["apbd", "csr-swasta"])
    unstated = create_innovation(title="Tanpa keterangan")
    facts = text_of(get_html(client, funded.url))
    assert "Sumber dana APBD CSR/swasta" in " ".join(facts.split())
    assert "Sumber dana" not in text_of(get_html(client, unstated.url))

    admin = get_user_model().objects.create_superuser("admin", "admin@jipp.example", "x")
    client.force_login(admin)
    form = get_html(client, f"/admin/pages/{funded.pk}/edit/")
    assert form.count('name="funding_sources"') == 7
    checked = re.findall(r'<input[^>]*name="funding_sources" value="([a-z-]+)"[^>]*checked', form)
    assert checked == ["apbd", "csr-swasta"]


# What the demo record's own text must say for each source it is given (lainnya: anything
# else it names, such as Dana Otonomi Khusus or BAZNAS).
SAID = {
    "apbd": r"\bAPBD\b",
    "dana-desa": r"(?i)\bdana desa\b|\bAPBDes\b",
    "dak": r"(?i)dana alokasi khusus|\bBOK\b",
    "csr-swasta": r"perusahaan",
    "hibah-donor": r"hibah|mitra pembangunan",
    "lainnya": r".",
}


def test_the_demo_records_have_sources_only_where_their_text_says_so(db):
    lines = (SHARED_DATA / "innovations.jsonl").read_text(encoding="utf-8").splitlines()
    records = [json.loads(line) for line in lines]
    funded = [r for r in records if r.get("funding_sources")]
    assert len(funded) == 33
    validator = RecordValidator(ReferenceIndex())
    for record in funded:
        text = " ".join([record["tagline"], *record["sections"].values()])
        for source in record["funding_sources"]:
            assert re.search(SAID[source], text), (record["id"], source)
        assert not validator.validate(1, record).problems
