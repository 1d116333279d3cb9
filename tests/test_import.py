"""`manage.py import_innovations`, end to end through the real command.

Every bad record is reported with its line, field and reason; a file with a bad record changes
nothing unless --skip-invalid is given; --dry-run writes nothing; re-importing is a no-op.
"""

import json
import re
import threading
from decimal import Decimal
from io import StringIO

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.core.management.base import CommandError
from wagtail.models import Collection, Page, PageViewRestriction, Revision

from innovations.importing import service as import_service
from innovations.importing.bulk import hubs_numchild_consistent
from innovations.importing.writer import PageWriter
from innovations.models import HubIndexPage, HubPage, InnovationPage, Regency
from innovations.models.innovation import current_year
from jipp_site import bulk_rows
from jipp_site.bulk_rows import execute_write
from search.indexing import rebuild
from search.models import IndexedDocument, Term
from tests.factories import SHARED_DATA, create_innovation, valid_record, write_jsonl

PROBLEM_RE = re.compile(r"^baris (\d+)(?:, kolom '([^']*)')?: (.+)$")
PROGRESS_RE = re.compile(r"^Mengimpor (\d+)/(\d+) ")
INDEXING_RE = re.compile(r"^Mengindeks (\d+)/(\d+) ")
DEMO_FILE = SHARED_DATA / "innovations.jsonl"


# --- helpers ----------------------------------------------------------------------------------


def run(path, *args):
    """Run the command; return (stdout, stderr)."""
    out, err = StringIO(), StringIO()
    call_command("import_innovations", str(path), *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def run_rejected(path, *args):
    """Run a command that must fail; return (CommandError message, reported problems)."""
    out, err = StringIO(), StringIO()
    with pytest.raises(CommandError) as excinfo:
        call_command("import_innovations", str(path), *args, stdout=out, stderr=err)
    assert out.getvalue() == ""
    return str(excinfo.value), parse_problems(err.getvalue())


def parse_problems(stderr):
    """Every `baris N, kolom 'f': reason` line as (N, f, reason); other lines must not occur."""
    found = []
    for line in stderr.splitlines():
        match = PROBLEM_RE.match(line)
        if match:
            found.append((int(match[1]), match[2] or "", match[3]))
    return found


def db_state():
    return {
        "pages": Page.objects.count(),
        "innovations": InnovationPage.objects.count(),
        "hubs": HubPage.objects.count(),
        "revisions": Revision.objects.count(),
        "groups": Group.objects.count(),
        "collections": Collection.objects.count(),
    }


def latest_revisions():
    return dict(InnovationPage.objects.values_list("slug", "latest_revision_id"))


def without(key, **overrides):
    record = valid_record(**overrides)
    del record[key]
    return record


def without_section(key):
    record = valid_record()
    del record["sections"][key]
    return record


def with_field(key, value):
    """A record with a field set as-is (valid_record merges `sections`, so bypass it)."""
    record = valid_record()
    record[key] = value
    return record


def metric(**fields):
    return [{"label": "Lama layanan", "before": 14, "after": 3, "unit": "hari", **fields}]


def national(**overrides):
    fields = {
        "level": "kementerian",
        "ministry": "Kementerian Kesehatan",
        "province_code": None,
        "regency": None,
        "hub": "JIPP Kementerian Kesehatan",
        "institution": "Kementerian Kesehatan",
        "sector": "kesehatan",
    }
    return valid_record(**{**fields, **overrides})


def assert_single_problem(found, line, field, fragment):
    assert len(found) == 1, found
    assert found[0][:2] == (line, field), found
    assert fragment in found[0][2], found


# --- one bad record: line, field, reason, and nothing written ---------------------------------

INVALID_RECORDS = [
    # Unreadable lines: no field, the line is reported as a whole.
    ("bad-json", lambda: '{"id": "rusak", "title": ', "", "JSON tidak valid"),
    ("trailing-comma", lambda: '{"id": "rusak",}', "", "JSON tidak valid"),
    ("json-array", lambda: json.dumps([valid_record()]), "", "harus berupa objek JSON"),
    ("json-string", lambda: '"hanya teks"', "", "harus berupa objek JSON"),
    ("json-null", lambda: "null", "", "harus berupa objek JSON"),
    ("huge-int", lambda: '{"budget_idr": ' + "9" * 5000 + "}", "", "JSON tidak valid"),
    # The shape of the record.
    ("unknown-field", lambda: valid_record(warna="merah"), "warna", "kolom tidak dikenal"),
    ("missing-tagline", lambda: without("tagline"), "tagline", "kolom wajib tidak ada"),
    ("missing-hub", lambda: without("hub"), "hub", "kolom wajib tidak ada"),
    ("missing-metrics", lambda: without("metrics"), "metrics", "kolom wajib tidak ada"),
    # Wrong types.
    ("title-number", lambda: valid_record(title=42), "title", "harus berupa teks, bukan angka"),
    ("title-blank", lambda: valid_record(title="   "), "title", "tidak boleh kosong"),
    ("year-string", lambda: valid_record(year_launched="2020"), "year_launched", "bukan teks"),
    ("year-true", lambda: valid_record(year_launched=True), "year_launched", "bukan boolean"),
    ("year-float", lambda: valid_record(year_launched=2020.5), "year_launched", "bukan angka"),
    ("sdgs-string", lambda: valid_record(sdgs=["8"]), "sdgs", "daftar bilangan bulat"),
    ("sdgs-not-list", lambda: valid_record(sdgs=8), "sdgs", "daftar bilangan bulat"),
    ("sdgs-bool", lambda: valid_record(sdgs=[True]), "sdgs", "daftar bilangan bulat"),
    ("channels-empty", lambda: valid_record(channels=[]), "channels", "paling sedikit satu"),
    ("channels-text", lambda: valid_record(channels="elektronik"), "channels", "daftar teks"),
    ("sector-list", lambda: valid_record(sector=["perizinan"]), "sector", "bukan daftar"),
    ("stage-object", lambda: valid_record(stage={"a": 1}), "stage", "bukan objek"),
    ("status-null", lambda: valid_record(status=None), "status", "bukan null"),
    ("awards-text", lambda: valid_record(awards="Top 45 KIPP 2023"), "awards", "daftar teks"),
    ("tag-too-long", lambda: valid_record(tags=["x" * 101]), "tags", "paling banyak 100"),
    ("language", lambda: valid_record(language="fr"), "language", "bukan 'id' atau 'en'"),
    ("provenance", lambda: valid_record(provenance="rumor"), "provenance", "bukan 'reported'"),
    ("budget-negative", lambda: valid_record(budget_idr=-1), "budget_idr", "tidak negatif"),
    ("budget-text", lambda: valid_record(budget_idr="250000000"), "budget_idr", "bilangan bulat"),
    ("budget-huge", lambda: valid_record(budget_idr=10**20), "budget_idr", "terlalu besar"),
    # Metrics.
    ("metrics-object", lambda: valid_record(metrics={"label": "x"}), "metrics", "bukan objek"),
    ("metric-text", lambda: valid_record(metrics=["3 hari"]), "metrics[0]", "harus berupa objek"),
    (
        "metric-after-missing",
        lambda: valid_record(metrics=[{"label": "Lama layanan", "before": 14, "unit": "hari"}]),
        "metrics[0].after",
        "wajib berupa angka",
    ),
    (
        "metric-after-text",
        lambda: valid_record(metrics=metric(after="3")),
        "metrics[0].after",
        "wajib berupa angka",
    ),
    (
        "metric-after-nan",  # json.dumps writes NaN, which Python's parser accepts
        lambda: valid_record(metrics=metric(after=float("nan"))),
        "metrics[0].after",
        "wajib berupa angka",
    ),
    (
        "metric-before-infinity",
        lambda: valid_record(metrics=metric(before=float("inf"))),
        "metrics[0].before",
        "harus berupa angka atau null",
    ),
    (
        "metric-label-missing",
        lambda: valid_record(metrics=[{"before": 1, "after": 2, "unit": "%"}]),
        "metrics[0].label",
        "wajib berupa teks",
    ),
    (
        "metric-unit-too-long",
        lambda: valid_record(metrics=metric(unit="u" * 61)),
        "metrics[0].unit",
        "paling banyak 60 karakter",
    ),
    (
        "metric-unknown-key",
        lambda: valid_record(metrics=metric(satuan="hari")),
        "metrics[0].satuan",
        "kolom tidak dikenal",
    ),
    (
        "metric-too-big",
        lambda: valid_record(metrics=metric(after=10**16)),
        "metrics[0].after",
        "terlalu besar",
    ),
    # Identity and text.
    ("id-not-kebab", lambda: valid_record(id="Contoh_Inovasi"), "id", "bukan slug kebab-case"),
    ("id-trailing-dash", lambda: valid_record(id="contoh-"), "id", "bukan slug kebab-case"),
    ("id-non-ascii", lambda: valid_record(id="inovasi-é"), "id", "bukan slug kebab-case"),
    ("id-number", lambda: valid_record(id=7), "id", "harus berupa teks, bukan angka"),
    ("tagline-141", lambda: valid_record(tagline="x" * 141), "tagline", "140 karakter (ada 141)"),
    # Place.
    (
        "unknown-province",
        lambda: valid_record(province_code="99"),
        "province_code",
        "kode provinsi '99' tidak dikenal",
    ),
    (
        "province-as-number",
        lambda: valid_record(province_code=32),
        "province_code",
        "harus berupa teks, bukan angka",
    ),
    (
        "regency-outside-province",
        lambda: valid_record(province_code="33", hub="JIPP Provinsi Jawa Tengah"),
        "regency",
        "'Kabupaten Sumedang' tidak ada di Provinsi Jawa Tengah (33)",
    ),
    (
        "unknown-regency",
        lambda: valid_record(regency="Kabupaten Atlantis"),
        "regency",
        "tidak ada di Provinsi Jawa Barat",
    ),
    (
        "kota-level-with-kabupaten",
        lambda: valid_record(level="kota"),
        "regency",
        "adalah kabupaten, tidak cocok dengan tingkat kota",
    ),
    (
        "kabupaten-level-with-kota",
        lambda: valid_record(regency="Kota Bandung"),
        "regency",
        "adalah kota, tidak cocok dengan tingkat kabupaten",
    ),
    (
        "kabupaten-without-regency",
        lambda: valid_record(regency=None),
        "regency",
        "harus menyebut kabupaten/kotanya",
    ),
    (
        "provinsi-without-province",
        lambda: valid_record(level="provinsi", province_code=None, regency=None),
        "province_code",
        "harus menyebut provinsinya",
    ),
    (
        "regency-without-province",
        lambda: national(regency="Kabupaten Sumedang"),
        "regency",
        "kabupaten/kota diisi tetapi province_code kosong",
    ),
    ("unknown-level", lambda: valid_record(level="desa"), "level", "'desa' bukan salah satu"),
    (
        "kementerian-without-ministry",
        lambda: national(ministry=None),
        "ministry",
        "harus menyebut kementerian/lembaganya",
    ),
    (
        "lembaga-without-ministry",
        lambda: national(level="lembaga", ministry=None, hub="JIPP Badan Pusat Statistik"),
        "ministry",
        "harus menyebut kementerian/lembaganya",
    ),
    (
        "unknown-ministry",
        lambda: national(ministry="Kementerian Urusan Fiktif"),
        "ministry",
        "'Kementerian Urusan Fiktif' tidak dikenal",
    ),
    (
        "ministry-kind-mismatch",
        lambda: national(ministry="Badan Pusat Statistik", hub="JIPP Badan Pusat Statistik"),
        "ministry",
        "adalah lembaga, tidak cocok dengan tingkat kementerian",
    ),
    # Vocabularies.
    ("unknown-sector", lambda: valid_record(sector="antariksa"), "sector", "tidak dikenal"),
    (
        "unknown-secondary-sector",
        lambda: valid_record(secondary_sectors=["umkm", "antariksa"]),
        "secondary_sectors",
        "tidak dikenal: 'antariksa'",
    ),
    (
        "unknown-channel",
        lambda: valid_record(channels=["elektronik", "telepati"]),
        "channels",
        "tidak dikenal: 'telepati'",
    ),
    ("unknown-stage", lambda: valid_record(stage="selesai"), "stage", "'selesai' tidak dikenal"),
    ("unknown-status", lambda: valid_record(status="mati"), "status", "'mati' tidak dikenal"),
    ("sdg-18", lambda: valid_record(sdgs=[8, 18]), "sdgs", "harus 1-17, ada [18]"),
    ("sdg-0", lambda: valid_record(sdgs=[0]), "sdgs", "harus 1-17, ada [0]"),
    # Years.
    ("year-1900", lambda: valid_record(year_launched=1900), "year_launched", "1900 di luar"),
    ("year-1944", lambda: valid_record(year_launched=1944), "year_launched", "di luar rentang"),
    (
        "year-future",
        lambda: valid_record(year_launched=current_year() + 1),
        "year_launched",
        f"{current_year() + 1} di luar rentang 1945-{current_year()}",
    ),
    # Sections.
    ("missing-section", lambda: without_section("dampak"), "sections.dampak", "bagian wajib"),
    (
        "empty-section",
        lambda: valid_record(sections={"dampak": "  \n "}),
        "sections.dampak",
        "tidak boleh kosong",
    ),
    (
        "section-number",
        lambda: valid_record(sections={"dampak": 5}),
        "sections.dampak",
        "harus berupa teks, bukan angka",
    ),
    (
        "unknown-section",
        lambda: valid_record(sections={"lampiran": "Teks tambahan."}),
        "sections.lampiran",
        "bagian tidak dikenal",
    ),
    ("sections-text", lambda: with_field("sections", "teks"), "sections", "bukan teks"),
    # Lineage.
    (
        "replicated-from-unknown",
        lambda: valid_record(replicated_from="tidak-ada-di-mana-pun"),
        "replicated_from",
        "'tidak-ada-di-mana-pun' tidak ada di berkas maupun di basis data",
    ),
    (
        "replicated-from-itself",
        lambda: valid_record(id="inovasi-cermin", replicated_from="inovasi-cermin"),
        "replicated_from",
        "tidak dapat mereplikasi dirinya sendiri",
    ),
    (
        "replicated-from-number",
        lambda: valid_record(replicated_from=3),
        "replicated_from",
        "harus berupa teks atau null",
    ),
    # Hubs.
    (
        "hub-unresolvable",
        lambda: valid_record(hub="Simpul Tak Bernama"),
        "hub",
        "'Simpul Tak Bernama' belum ada",
    ),
    (
        "hub-unknown-province",
        lambda: valid_record(hub="JIPP Provinsi Atlantis"),
        "hub",
        "'JIPP Provinsi Atlantis' belum ada",
    ),
    (
        "hub-unknown-ministry",
        lambda: national(hub="JIPP Kementerian Urusan Fiktif"),
        "hub",
        "belum ada",
    ),
    ("hub-empty", lambda: valid_record(hub=""), "hub", "wajib berupa nama simpul"),
]


@pytest.mark.parametrize(
    ("make", "field", "fragment"),
    [case[1:] for case in INVALID_RECORDS],
    ids=[case[0] for case in INVALID_RECORDS],
)
def test_bad_record_is_reported_and_nothing_is_written(site_tree, tmp_path, make, field, fragment):
    # A good record first, so the bad one is on line 2 and the good one must not be written.
    path = write_jsonl(tmp_path / "x.jsonl", [valid_record(), make()])
    before = db_state()

    message, found = run_rejected(path)

    assert_single_problem(found, 2, field, fragment)
    assert "1 dari 2 catatan tidak valid (1 masalah)" in message
    assert "Tidak ada yang diubah" in message
    assert db_state() == before
    assert not InnovationPage.objects.exists()


def test_invalid_utf8_is_reported_with_its_line(site_tree, tmp_path):
    path = tmp_path / "x.jsonl"
    good = json.dumps(valid_record(), ensure_ascii=False).encode("utf-8")
    bad = json.dumps(valid_record(title="Caf\u00e9")).encode("ascii").replace(b"\\u00e9", b"\xe9")
    path.write_bytes(good + b"\n" + bad + b"\n")
    before = db_state()

    message, found = run_rejected(path)

    assert_single_problem(found, 2, "", "bukan UTF-8 yang sah")
    assert "1 dari 2 catatan tidak valid" in message
    assert db_state() == before


def test_blank_lines_are_skipped_but_still_counted_in_line_numbers(site_tree, tmp_path):
    records = [valid_record(), "", "   ", valid_record(tagline="x" * 141)]
    path = write_jsonl(tmp_path / "x.jsonl", records)

    message, found = run_rejected(path)

    assert_single_problem(found, 4, "tagline", "paling banyak 140 karakter")
    assert "1 dari 2 catatan tidak valid" in message


def test_byte_order_mark_at_start_of_file_is_accepted(site_tree, tmp_path):
    path = tmp_path / "x.jsonl"
    record = valid_record()
    path.write_bytes(b"\xef\xbb\xbf" + json.dumps(record).encode("utf-8") + b"\n")

    out, err = run(path)

    assert "1 baru, 0 diperbarui, 0 tidak berubah, 0 dilewati" in out
    assert InnovationPage.objects.get().slug == record["id"]


def test_duplicate_id_in_one_file(site_tree, tmp_path):
    first = valid_record()
    second = valid_record(id=first["id"], title="Judul Lain")
    path = write_jsonl(tmp_path / "x.jsonl", [first, valid_record(), second])
    before = db_state()

    message, found = run_rejected(path)

    assert_single_problem(found, 3, "id", f"id {first['id']!r} sudah dipakai di baris 1")
    assert "1 dari 3 catatan tidak valid" in message
    assert db_state() == before


def test_cycle_inside_the_file_reports_both_records(site_tree, tmp_path):
    a = valid_record(id="inovasi-a", replicated_from="inovasi-b")
    b = valid_record(id="inovasi-b", replicated_from="inovasi-a")
    path = write_jsonl(tmp_path / "x.jsonl", [valid_record(), a, b])
    before = db_state()

    message, found = run_rejected(path)

    assert [(line, field) for line, field, _ in found] == [
        (2, "replicated_from"),
        (3, "replicated_from"),
    ]
    assert all("membentuk siklus replikasi" in reason for _, _, reason in found)
    assert "2 dari 3 catatan tidak valid" in message
    assert db_state() == before


def test_longer_cycle_inside_the_file(site_tree, tmp_path):
    records = [
        valid_record(id="inovasi-a", replicated_from="inovasi-c"),
        valid_record(id="inovasi-b", replicated_from="inovasi-a"),
        valid_record(id="inovasi-c", replicated_from="inovasi-b"),
    ]
    path = write_jsonl(tmp_path / "x.jsonl", records)

    message, found = run_rejected(path)

    assert [line for line, _, _ in found] == [1, 2, 3]
    assert all(f == "replicated_from" and "siklus" in r for _, f, r in found)


def test_cycle_with_a_page_already_in_the_database(site_tree, tmp_path):
    original = create_innovation(id="inovasi-asli")
    replica = create_innovation(id="inovasi-tiruan", replicated_from="inovasi-asli")
    assert replica.replicated_from == original
    # Re-importing the original as a replication of its own replication closes a cycle.
    record = valid_record(id="inovasi-asli", replicated_from="inovasi-tiruan")
    path = write_jsonl(tmp_path / "x.jsonl", [record])
    before, revisions = db_state(), latest_revisions()

    message, found = run_rejected(path)

    assert_single_problem(found, 1, "replicated_from", "membentuk siklus replikasi")
    assert db_state() == before
    assert latest_revisions() == revisions
    original.refresh_from_db()
    assert original.replicated_from is None


def test_replicated_from_a_page_in_the_database(site_tree, tmp_path):
    original = create_innovation(id="inovasi-asli")
    path = write_jsonl(
        tmp_path / "x.jsonl", [valid_record(id="tiruan", replicated_from=original.slug)]
    )

    run(path)

    assert InnovationPage.objects.get(slug="tiruan").replicated_from == original


@pytest.mark.parametrize("hide", ["unpublished", "private"])
def test_replicated_from_an_original_the_public_cannot_read_is_refused(site_tree, tmp_path, hide):
    """Issue 17, finding 3: lineage points only at live, public pages."""
    original = create_innovation(id="inovasi-asli", publish=hide != "unpublished")
    if hide == "private":
        PageViewRestriction.objects.create(page=original, restriction_type="login")
    path = write_jsonl(
        tmp_path / "x.jsonl", [valid_record(id="tiruan", replicated_from=original.slug)]
    )
    before = db_state()

    message, problems = run_rejected(path)

    assert_single_problem(problems, 1, "replicated_from", "belum terbit untuk umum")
    assert db_state() == before


def test_file_not_found(site_tree, tmp_path):
    with pytest.raises(CommandError, match="Berkas tidak ditemukan"):
        run(tmp_path / "tidak-ada.jsonl")


def test_missing_hub_index_is_a_clear_error(db, tmp_path):
    path = write_jsonl(tmp_path / "x.jsonl", [valid_record()])
    with pytest.raises(CommandError, match="setup_site"):
        run(path)
    assert not Page.objects.type(InnovationPage).exists()


# --- several bad records ----------------------------------------------------------------------


def several_bad_records():
    return [
        valid_record(id="baik-satu"),  # 1
        '{"id": "rusak"',  # 2: bad JSON
        valid_record(tagline="x" * 141, province_code="99"),  # 3: two problems
        valid_record(id="baik-dua"),  # 4
        without_section("kebaruan"),  # 5
        "",  # 6: blank
        valid_record(id="tiruan", replicated_from="tidak-ada"),  # 7
        valid_record(id="baik-tiga", hub="JIPP Kementerian Kesehatan", level="kementerian",
                     ministry="Kementerian Kesehatan", province_code=None, regency=None),  # 8
    ]  # fmt: skip


EXPECTED_SEVERAL = [
    (2, ""),
    (3, "province_code"),
    (3, "tagline"),
    (5, "sections.kebaruan"),
    (7, "replicated_from"),
]


def test_every_bad_record_is_reported_and_nothing_is_written(site_tree, tmp_path):
    path = write_jsonl(tmp_path / "x.jsonl", several_bad_records())
    before = db_state()

    message, found = run_rejected(path)

    assert [(line, field) for line, field, _ in found] == EXPECTED_SEVERAL
    assert "4 dari 7 catatan tidak valid (5 masalah)" in message
    assert db_state() == before


def test_dry_run_with_bad_records_still_fails(site_tree, tmp_path):
    path = write_jsonl(tmp_path / "x.jsonl", several_bad_records())
    before = db_state()

    message, found = run_rejected(path, "--dry-run")

    assert [(line, field) for line, field, _ in found] == EXPECTED_SEVERAL
    assert db_state() == before


def test_skip_invalid_imports_the_valid_records_and_reports_the_rest(site_tree, tmp_path):
    path = write_jsonl(tmp_path / "x.jsonl", several_bad_records())

    out, err = run(path, "--skip-invalid")

    assert [(line, field) for line, field, _ in parse_problems(err)] == EXPECTED_SEVERAL
    assert (
        "Impor selesai: 3 baru, 0 diperbarui, 0 tidak berubah, 4 dilewati; simpul baru: 2." in out
    )
    assert set(InnovationPage.objects.values_list("slug", flat=True)) == {
        "baik-satu",
        "baik-dua",
        "baik-tiga",
    }
    assert set(HubPage.objects.values_list("title", flat=True)) == {
        "JIPP Provinsi Jawa Barat",
        "JIPP Kementerian Kesehatan",
    }


def test_skip_invalid_also_skips_replications_of_a_skipped_record(site_tree, tmp_path):
    records = [
        valid_record(id="asli", tagline="x" * 141),  # 1: invalid
        valid_record(id="tiruan", replicated_from="asli"),  # 2: its original is skipped
        valid_record(id="tiruan-kedua", replicated_from="tiruan"),  # 3: and so is this one's
        valid_record(id="lepas"),  # 4
    ]
    path = write_jsonl(tmp_path / "x.jsonl", records)

    out, err = run(path, "--skip-invalid")

    found = parse_problems(err)
    assert [(line, field) for line, field, _ in found] == [
        (1, "tagline"),
        (2, "replicated_from"),
        (3, "replicated_from"),
    ]
    assert "'asli' di berkas ini tidak valid" in found[1][2]
    assert "'tiruan' di berkas ini tidak valid" in found[2][2]
    assert "1 baru, 0 diperbarui, 0 tidak berubah, 3 dilewati" in out
    assert list(InnovationPage.objects.values_list("slug", flat=True)) == ["lepas"]


def test_skip_invalid_keeps_lineage_to_an_existing_page_whose_new_version_is_bad(
    site_tree, tmp_path
):
    original = create_innovation(id="asli")
    records = [
        valid_record(id="asli", tagline="x" * 141),  # the update is bad; the page stays
        valid_record(id="tiruan", replicated_from="asli"),
    ]
    path = write_jsonl(tmp_path / "x.jsonl", records)

    out, err = run(path, "--skip-invalid")

    assert [(line, field) for line, field, _ in parse_problems(err)] == [(1, "tagline")]
    assert InnovationPage.objects.get(slug="tiruan").replicated_from == original


def test_skip_invalid_imports_only_the_first_of_duplicate_ids(site_tree, tmp_path):
    first = valid_record(title="Judul Pertama")
    second = valid_record(id=first["id"], title="Judul Kedua")
    path = write_jsonl(tmp_path / "x.jsonl", [first, second])

    out, err = run(path, "--skip-invalid")

    assert [(line, field) for line, field, _ in parse_problems(err)] == [(2, "id")]
    assert InnovationPage.objects.get().title == "Judul Pertama"


# --- dry run ----------------------------------------------------------------------------------


def test_dry_run_reports_and_writes_nothing(site_tree, tmp_path):
    existing = create_innovation()
    records = [
        valid_record(),
        national(),
        valid_record(id=existing.slug, title="Judul Baru"),
    ]
    path = write_jsonl(tmp_path / "x.jsonl", records)
    before, revisions = db_state(), latest_revisions()

    out, err = run(path, "--dry-run")

    assert out.splitlines() == [
        "Uji coba (tidak ada yang ditulis): 2 baru, 1 diperbarui, 0 tidak berubah, 0 dilewati; "
        "simpul baru: 1.",
        "  simpul baru: JIPP Kementerian Kesehatan",
    ]
    assert err == ""  # no problems, no progress bar
    assert db_state() == before
    assert latest_revisions() == revisions
    assert InnovationPage.objects.get(slug=existing.slug).title == existing.title
    assert not HubPage.objects.filter(title="JIPP Kementerian Kesehatan").exists()
    assert not Group.objects.filter(name__contains="Kementerian Kesehatan").exists()


# --- re-import --------------------------------------------------------------------------------


def test_reimporting_the_same_file_changes_nothing(site_tree, tmp_path):
    records = [valid_record() for _ in range(3)] + [national()]
    path = write_jsonl(tmp_path / "x.jsonl", records)
    out, _ = run(path)
    assert (
        "Impor selesai: 4 baru, 0 diperbarui, 0 tidak berubah, 0 dilewati; simpul baru: 2." in out
    )
    before, revisions = db_state(), latest_revisions()
    assert len(revisions) == 4

    out, err = run(path)

    assert (
        "Impor selesai: 0 baru, 0 diperbarui, 4 tidak berubah, 0 dilewati; simpul baru: 0." in out
    )
    assert db_state() == before
    assert latest_revisions() == revisions


def test_reimport_with_one_changed_record_updates_only_that_page(site_tree, tmp_path):
    records = [valid_record() for _ in range(3)]
    path = write_jsonl(tmp_path / "x.jsonl", records)
    run(path)
    changed = records[1]
    page = InnovationPage.objects.get(slug=changed["id"])
    page_id, revision_count = page.pk, page.revisions.count()
    before, revisions = db_state(), latest_revisions()

    changed["title"] = "SIMPEL Judul yang Diperbarui"
    changed["sections"]["dampak"] = "Dampak baru."
    changed["metrics"] = [{"label": "Kepuasan", "before": None, "after": 90, "unit": "%"}]
    write_jsonl(path, records)
    out, _ = run(path)

    assert "0 baru, 1 diperbarui, 2 tidak berubah, 0 dilewati; simpul baru: 0." in out
    page = InnovationPage.objects.get(slug=changed["id"])
    assert page.pk == page_id
    assert page.live and not page.has_unpublished_changes
    assert page.title == "SIMPEL Judul yang Diperbarui"
    assert page.acronym == "SIMPEL"
    assert page.impact == "<p>Dampak baru.</p>"
    assert [(m.label, m.before, m.after) for m in page.metrics.all()] == [
        ("Kepuasan", None, Decimal("90"))
    ]
    assert page.revisions.count() == revision_count + 1
    after = latest_revisions()
    assert after[changed["id"]] != revisions[changed["id"]]
    assert {k: v for k, v in after.items() if k != changed["id"]} == {
        k: v for k, v in revisions.items() if k != changed["id"]
    }
    assert db_state() == {**before, "revisions": before["revisions"] + 1}
    # The live page serves the new title at the same slug.
    assert page.get_latest_revision_as_object().title == "SIMPEL Judul yang Diperbarui"
    assert page.url_path.endswith(f"/{changed['id']}/")

    out, _ = run(path)
    assert "0 baru, 0 diperbarui, 3 tidak berubah" in out


def test_reimport_moving_a_record_to_another_hub(site_tree, tmp_path):
    record = valid_record()
    path = write_jsonl(tmp_path / "x.jsonl", [record])
    run(path)
    page = InnovationPage.objects.get()
    old_hub, page_id, revision_id = page.get_parent(), page.pk, page.latest_revision_id
    record.update(
        title="SIPANDU Banyumas",
        province_code="33",
        regency="Kabupaten Banyumas",
        hub="JIPP Provinsi Jawa Tengah",
    )
    write_jsonl(path, [record])
    before = db_state()

    # Issue 17, finding 4: a record naming another hub does not move the page unless asked.
    message, problems = run_rejected(path)
    assert "Tidak ada yang diubah" in message
    assert_single_problem(problems, 1, "hub", "kecuali diminta")
    assert db_state() == before and InnovationPage.objects.get().get_parent().pk == old_hub.pk

    out, _ = run(path, "--allow-move")

    assert "0 baru, 1 diperbarui, 0 tidak berubah, 0 dilewati; simpul baru: 1." in out
    page = InnovationPage.objects.get()
    assert page.pk == page_id and page.slug == record["id"]
    assert page.get_parent().title == "JIPP Provinsi Jawa Tengah"
    # The content moves with the page (treebeard's move reloads the instance it moves).
    assert page.title == "SIPANDU Banyumas"
    assert page.province_id == "33"
    assert page.regency == Regency.objects.get(province_id="33", name="Kabupaten Banyumas")
    assert page.latest_revision_id != revision_id
    assert page.live_revision_id == page.latest_revision_id
    assert page.latest_revision.as_object().title == "SIPANDU Banyumas"
    assert page.url_path == f"{page.get_parent().url_path}{record['id']}/"
    assert InnovationPage.objects.child_of(old_hub).count() == 0

    out, _ = run(path)
    assert "0 baru, 0 diperbarui, 1 tidak berubah" in out


def test_demo_flag_is_part_of_the_fingerprint(site_tree, tmp_path):
    path = write_jsonl(tmp_path / "x.jsonl", [valid_record()])
    run(path)
    assert not InnovationPage.objects.get().is_demo

    out, _ = run(path, "--demo")

    assert "0 baru, 1 diperbarui, 0 tidak berubah" in out
    assert InnovationPage.objects.get().is_demo


# --- hubs -------------------------------------------------------------------------------------


def test_hubs_named_in_the_file_are_created_with_their_groups(site_tree, tmp_path):
    records = [
        valid_record(id="daerah-satu"),
        valid_record(id="daerah-dua"),  # same hub: created once
        national(id="nasional-kemenkes"),
        national(
            id="nasional-bps",
            level="lembaga",
            ministry="Badan Pusat Statistik",
            hub="JIPP Badan Pusat Statistik",
        ),
    ]
    path = write_jsonl(tmp_path / "x.jsonl", records)
    before = db_state()

    out, _ = run(path)

    assert "4 baru, 0 diperbarui, 0 tidak berubah, 0 dilewati; simpul baru: 3." in out
    state = db_state()
    assert state["hubs"] == before["hubs"] + 3
    assert state["groups"] == before["groups"] + 6
    assert state["collections"] == before["collections"] + 3
    hub_index = HubIndexPage.objects.get()
    expected = {
        "JIPP Provinsi Jawa Barat": ("provinsi", "32", None, {"daerah-satu", "daerah-dua"}),
        "JIPP Kementerian Kesehatan": (
            "kementerian",
            None,
            "Kementerian Kesehatan",
            {"nasional-kemenkes"},
        ),
        "JIPP Badan Pusat Statistik": ("lembaga", None, "Badan Pusat Statistik", {"nasional-bps"}),
    }
    for title, (kind, province, ministry, children) in expected.items():
        hub = HubPage.objects.get(title=title)
        assert hub.get_parent().specific == hub_index
        assert hub.live and not hub.has_unpublished_changes
        assert hub.kind == kind
        assert hub.province_id == province
        assert (hub.ministry.name if hub.ministry else None) == ministry
        assert hub.coordinators.name == f"Koordinator {title}"
        assert hub.moderators.name == f"Moderator {title}"
        assert hub.collection.name == title
        assert hub.group_permissions.filter(group=hub.coordinators).exists()
        assert hub.group_permissions.filter(group=hub.moderators).exists()
        slugs = set(InnovationPage.objects.child_of(hub).values_list("slug", flat=True))
        assert slugs == children


def test_existing_hub_is_used_by_its_exact_title(site_tree, tmp_path):
    hub_index = HubIndexPage.objects.get()
    hub = hub_index.add_child(
        instance=HubPage(
            title="Simpul Inovasi Sumedang",
            slug="sumedang",
            kind="kabupaten",
            province_id="32",
            regency=Regency.objects.get(province_id="32", name="Kabupaten Sumedang"),
        )
    )
    record = valid_record(hub="Simpul Inovasi Sumedang")
    path = write_jsonl(tmp_path / "x.jsonl", [record])
    before = db_state()

    out, _ = run(path)

    assert "simpul baru: 0." in out
    assert db_state()["hubs"] == before["hubs"]
    assert InnovationPage.objects.get(slug=record["id"]).get_parent().pk == hub.pk


# --- lineage ----------------------------------------------------------------------------------


def test_replication_before_its_original_in_the_file(site_tree, tmp_path):
    records = [
        valid_record(id="tiruan-kedua", replicated_from="tiruan"),
        valid_record(id="tiruan", replicated_from="asli"),
        valid_record(id="asli"),
    ]
    path = write_jsonl(tmp_path / "x.jsonl", records)

    out, _ = run(path)

    assert "3 baru" in out
    lineage = dict(InnovationPage.objects.values_list("slug", "replicated_from__slug"))
    assert lineage == {"asli": None, "tiruan": "asli", "tiruan-kedua": "tiruan"}
    original = InnovationPage.objects.get(slug="asli")
    assert {p.slug for p in original.replications.all()} == {"tiruan"}


# --- the imported page ------------------------------------------------------------------------


def test_imported_page_holds_every_field(site_tree, tmp_path):
    record = valid_record(
        tagline="t" * 140,  # the limit itself is allowed
        sections={
            "ringkasan": "Paragraf satu.\n\nParagraf dua.\r\nParagraf tiga.",
            "kebaruan": 'Awas <script>alert("x")</script> & "kutip"',
        },
        metrics=[
            {"label": "Lama layanan", "before": 14, "after": 3, "unit": "hari"},
            {"label": "Kepuasan", "before": None, "after": 87.5},
        ],
        awards=["Top 45 KIPP 2023", "Top 99 KIPP 2021"],
        tags=["perizinan", "satu pintu"],
        secondary_sectors=["umkm", "pertanian"],
        sdgs=[8, 16, 17],
        provenance="reported",
    )
    path = write_jsonl(tmp_path / "x.jsonl", [record])

    run(path, "--demo")

    page = InnovationPage.objects.get()
    assert page.slug == record["id"]
    assert page.live and not page.has_unpublished_changes
    # The admin edits from the latest revision; it is the published one, holding this page.
    assert page.latest_revision_id == page.live_revision_id is not None
    assert page.live_revision.as_object().title == "SIPANDU Layanan Terpadu"
    assert page.get_parent().title == "JIPP Provinsi Jawa Barat"
    assert page.title == page.draft_title == "SIPANDU Layanan Terpadu"
    assert page.acronym == "SIPANDU"
    assert page.tagline == "t" * 140
    assert page.language == "id"
    assert page.institution == record["institution"]
    assert page.level == "kabupaten"
    assert page.ministry is None
    assert page.province_id == "32"
    assert page.regency.name == "Kabupaten Sumedang"
    assert page.sector_id == "perizinan"
    assert set(page.secondary_sectors.values_list("key", flat=True)) == {"umkm", "pertanian"}
    assert set(page.channels.values_list("key", flat=True)) == {"tatap-muka", "elektronik"}
    assert set(page.sdgs.values_list("number", flat=True)) == {8, 16, 17}
    assert page.year_launched == 2021
    assert page.stage_id == "penerapan"
    assert page.status_id == "berjalan"
    assert page.budget_idr == 250_000_000
    assert page.provenance == "reported"
    assert page.is_demo is True
    assert page.replicated_from is None
    assert sorted(page.tags.names()) == ["perizinan", "satu pintu"]
    assert [a.name for a in page.awards.all()] == ["Top 45 KIPP 2023", "Top 99 KIPP 2021"]
    assert [(m.label, m.before, m.after, m.unit) for m in page.metrics.all()] == [
        ("Lama layanan", Decimal("14"), Decimal("3"), "hari"),
        ("Kepuasan", None, Decimal("87.5"), ""),
    ]
    assert page.summary == "<p>Paragraf satu.</p><p>Paragraf dua.</p><p>Paragraf tiga.</p>"
    assert page.novelty == (
        "<p>Awas &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &quot;kutip&quot;</p>"
    )
    assert "<script>" not in page.novelty
    assert page.background == "<p>Warga harus datang berkali-kali.</p>"
    assert page.implementation == "<p>Dimulai 2021 dengan 12 jenis izin.</p>"
    assert page.impact == "<p>Waktu layanan turun dari 14 hari menjadi 3 hari.</p>"
    assert page.resources == "<p>Enam petugas dan satu aplikasi.</p>"
    assert page.sustainability == "<p>Diatur dalam peraturan bupati.</p>"
    assert page.replication == "<p>Mulai dari izin yang paling sering diurus.</p>"
    assert len(page.source_hash) == 64
    # The published revision holds the same content as the page row.
    assert page.live_revision_id == page.latest_revision_id
    assert page.latest_revision.as_object().novelty == page.novelty


def test_without_demo_flag_the_page_is_not_demo_and_optional_fields_default(site_tree, tmp_path):
    record = without("awards", budget_idr=None, provenance=None)
    del record["replicated_from"]
    path = write_jsonl(tmp_path / "x.jsonl", [record])

    run(path)

    page = InnovationPage.objects.get()
    assert page.is_demo is False
    assert page.budget_idr is None
    assert page.provenance == ""
    assert page.awards.count() == 0


def test_national_innovation_names_its_ministry(site_tree, tmp_path):
    path = write_jsonl(tmp_path / "x.jsonl", [national(province_code="81")])

    run(path)

    page = InnovationPage.objects.get()
    assert page.level == "kementerian"
    assert page.ministry.name == "Kementerian Kesehatan"
    assert page.province_id == "81"
    assert page.regency is None


def test_overlong_capitalised_word_is_not_taken_as_acronym(site_tree, tmp_path):
    record = valid_record(title="A" * 41 + " SIMPEL Layanan")
    path = write_jsonl(tmp_path / "x.jsonl", [record])

    run(path)

    assert InnovationPage.objects.get().acronym == "SIMPEL"


# --- progress and transactions ----------------------------------------------------------------


def test_progress_bar_on_a_long_file(site_tree, tmp_path):
    path = write_jsonl(tmp_path / "x.jsonl", [valid_record() for _ in range(25)])

    out, err = run(path)

    lines = err.splitlines()
    progress = [PROGRESS_RE.match(line) for line in lines if line.startswith("Mengimpor")]
    assert progress and all(progress), err
    # New pages are indexed as they are written: no second pass, and all are searchable.
    assert not any(INDEXING_RE.match(line) for line in lines), err
    assert IndexedDocument.objects.filter(removed=False).count() == 25
    counts = [int(m[1]) for m in progress]
    assert all(int(m[2]) == 25 for m in progress)
    assert counts == sorted(counts) and len(counts) >= 3
    assert counts[-1] == 25
    assert "25 baru" in out
    assert InnovationPage.objects.count() == 25


def test_failure_while_writing_rolls_everything_back(site_tree, tmp_path, monkeypatch):
    records = [valid_record() for _ in range(2)] + [national(), valid_record()]
    path = write_jsonl(tmp_path / "x.jsonl", records)
    before = db_state()
    real_fill, calls = PageWriter._fill, []

    def failing_fill(self, page, data, digest):
        calls.append(data["id"])
        if len(calls) == 3:
            raise RuntimeError("disk penuh")
        return real_fill(self, page, data, digest)

    # New records go through the bulk writer, which fills each page with PageWriter._fill.
    monkeypatch.setattr(PageWriter, "_fill", failing_fill)

    with pytest.raises(CommandError) as excinfo:
        run(path)

    assert calls == [r["id"] for r in records[:3]]
    message = str(excinfo.value)
    assert "baris 3" in message and "disk penuh" in message and "Tidak ada yang diubah" in message
    assert isinstance(excinfo.value.__cause__, RuntimeError)
    assert db_state() == before
    assert not InnovationPage.objects.exists()
    assert not HubPage.objects.exists()

    # Once the cause is gone the same file imports completely.
    monkeypatch.setattr(PageWriter, "_fill", real_fill)
    out, _ = run(path)
    assert "4 baru" in out
    assert InnovationPage.objects.count() == 4


def hold_writes_until_the_end(monkeypatch):
    """Queued writes (bulk_rows.BackgroundWriter) start only when the block ends."""
    release = threading.Event()
    writer = bulk_rows.BackgroundWriter
    real_run, real_finish = writer._run, writer.finish

    def held_run(self, *args):
        release.wait()
        return real_run(self, *args)

    def releasing_finish(self):
        release.set()
        return real_finish(self)

    monkeypatch.setattr(writer, "PENDING", 0)  # an unbounded queue: nothing waits on it
    monkeypatch.setattr(writer, "_run", held_run)
    monkeypatch.setattr(writer, "finish", releasing_finish)


def test_failed_write_of_an_earlier_batch_names_that_batch_and_changes_nothing(
    site_tree, tmp_path, monkeypatch
):
    # On PostgreSQL a batch's rows are written while the next batch is prepared
    # (jipp_site.bulk_rows.background_writes), so a write fails after its batch has
    # returned; the report must still name that batch, and nothing may stay written.
    import innovations.importing.bulk as bulk_module

    path = write_jsonl(tmp_path / "x.jsonl", [valid_record() for _ in range(6)])
    before = db_state()
    real_add_references, calls = bulk_module.add_references, []

    def add_references_and_a_bad_row(objects):
        calls.append(len(objects))
        if len(calls) == 2:  # the first batch of pages (the first call is for the hubs)
            execute_write("INSERT INTO taggit_tag (name, slug) VALUES ('x', 'x'), ('x', 'y')")
        return real_add_references(objects)

    monkeypatch.setattr(import_service, "BATCH", 2)
    monkeypatch.setattr(bulk_module, "add_references", add_references_and_a_bad_row)

    with pytest.raises(CommandError) as excinfo:
        run(path)

    message = str(excinfo.value)
    assert "baris 1-2" in message and "taggit_tag" in message, message
    assert "Tidak ada yang diubah" in message
    assert db_state() == before
    assert not InnovationPage.objects.exists()

    monkeypatch.setattr(bulk_module, "add_references", real_add_references)
    out, _ = run(path)
    assert "6 baru" in out


def test_import_in_many_batches_writes_what_one_batch_would(site_tree, tmp_path, monkeypatch):
    # Small batches put replications and their originals in different batches. On
    # PostgreSQL, rows are written on a thread of their own while later batches are
    # prepared; here that thread writes nothing until every batch has been prepared, so
    # any step that read back rows still queued would find them missing.
    monkeypatch.setattr(import_service, "BATCH", 7)
    hold_writes_until_the_end(monkeypatch)

    run(write_jsonl(tmp_path / "all.jsonl", demo_records()))

    pages = InnovationPage.objects.all()
    assert pages.count() == 150
    assert not pages.filter(latest_revision=None).exists()
    assert not pages.filter(live_revision=None).exists()
    assert hubs_numchild_consistent()
    assert pages.exclude(replicated_from=None).count() >= 10
    # A rebuild reads each replication's original back from the database: the documents
    # written during the import must name the same originals ("replikasi dari ...").
    imported = index_snapshot()
    rebuild()
    assert index_snapshot() == imported


# --- the demonstration data -------------------------------------------------------------------


def demo_records():
    with open(DEMO_FILE, encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def test_demo_file_validates_with_no_problems(site_tree):
    records = demo_records()
    hubs = {r["hub"] for r in records}
    before = db_state()

    out, err = run(DEMO_FILE, "--dry-run", "--demo")

    assert err == ""
    assert out.splitlines()[0] == (
        f"Uji coba (tidak ada yang ditulis): {len(records)} baru, 0 diperbarui, "
        f"0 tidak berubah, 0 dilewati; simpul baru: {len(hubs)}."
    )
    assert len(records) == 150
    assert db_state() == before


def test_demo_file_imports_completely_and_reimports_as_unchanged(site_tree):
    records = demo_records()
    hubs = {r["hub"] for r in records}

    out, _ = run(DEMO_FILE, "--demo")

    assert f"150 baru, 0 diperbarui, 0 tidak berubah, 0 dilewati; simpul baru: {len(hubs)}." in out
    assert InnovationPage.objects.count() == 150
    assert InnovationPage.objects.filter(is_demo=True, live=True).count() == 150
    assert set(HubPage.objects.values_list("title", flat=True)) == hubs
    lineage = dict(InnovationPage.objects.values_list("slug", "replicated_from__slug"))
    assert lineage == {r["id"]: r["replicated_from"] for r in records}
    revisions = latest_revisions()

    out, _ = run(DEMO_FILE, "--demo")

    assert "0 baru, 0 diperbarui, 150 tidak berubah" in out
    assert latest_revisions() == revisions


# --- the search index after a bulk import ------------------------------------------------------


def index_snapshot():
    """Everything the public search reads: document rows, the engine's text and the terms."""
    from django.db import connection

    rows = {
        row.pop("page_id"): row
        for row in IndexedDocument.objects.filter(removed=False).values(
            *(f.attname for f in IndexedDocument._meta.concrete_fields
              if f.name not in {"seq", "head_vector"})
        )
    }  # fmt: skip
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("SELECT rowid, a, b, c, d FROM hubsearch_fts")
        else:
            cursor.execute(
                "SELECT page_id, w.search_vector::text, head_vector::text, l.lead_vector::text, "
                "l.heading_vector::text, l.head_length "
                f"FROM {IndexedDocument._meta.db_table} JOIN hubsearch_documentwords AS w "
                "USING (page_id) JOIN hubsearch_documentlead AS l USING (page_id) "
                "WHERE NOT removed"
            )
        engine = {row[0]: row[1:] for row in cursor.fetchall()}
    terms = dict(Term.objects.filter(df__gt=0).values_list("term", "df"))
    return rows, engine, terms


def test_bulk_import_indexes_exactly_what_a_rebuild_would(site_tree, tmp_path):
    # The import builds documents from the pages it holds in memory; a rebuild reads them
    # back from the database. Lineage (17 replications in the demo data), tags, awards,
    # places and channels must come out the same both ways, and pages under an unpublished
    # or a private hub stay out of both.
    hidden_hub, private_hub = "JIPP Provinsi Papua Pegunungan", "JIPP Provinsi Papua Selatan"
    create_innovation(hub=hidden_hub)
    HubPage.objects.get(title=hidden_hub).unpublish()
    create_innovation(hub=private_hub)
    PageViewRestriction.objects.create(
        page=HubPage.objects.get(title=private_hub),
        restriction_type=PageViewRestriction.PASSWORD,
        password="rahasia",
    )
    hidden_record = valid_record(hub=hidden_hub, title="Inovasi di simpul tersembunyi")
    path = write_jsonl(tmp_path / "all.jsonl", [*demo_records(), hidden_record])

    run(path)

    imported = index_snapshot()
    visible = [r for r in demo_records() if r["hub"] not in (hidden_hub, private_hub)]
    assert any(r["hub"] == private_hub for r in demo_records())
    assert 0 < len(visible) < 150
    assert sorted(row["slug"] for row in imported[0].values()) == sorted(r["id"] for r in visible)
    assert hidden_record["id"] not in {row["slug"] for row in imported[0].values()}
    rebuild()
    assert index_snapshot() == imported


# --- spreadsheets on the command line ------------------------------------------------------


def test_command_imports_a_spreadsheet_written_with_names(site_tree, tmp_path):
    from tests.test_import_admin import csv_bytes, row

    path = tmp_path / "inovasi.csv"
    path.write_bytes(csv_bytes([row(Simpul="JIPP Provinsi Jawa Barat")]))

    out, _ = run(path)

    assert "1 baru, 0 diperbarui" in out
    page = InnovationPage.objects.get(slug="posyandu-digital-sumedang")
    assert (page.province_id, page.regency.name, page.sector_id) == (
        "32",
        "Kabupaten Sumedang",
        "kesehatan",
    )


def test_command_refuses_a_renamed_html_file(site_tree, tmp_path):
    path = tmp_path / "inovasi.xlsx"
    path.write_bytes(b"<!DOCTYPE html><html><body>bukan spreadsheet</body></html>")
    before = db_state()

    with pytest.raises(CommandError, match="bukan XLSX"):
        run(path)

    assert db_state() == before
