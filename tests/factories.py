"""Builders for test data that go through the real import path (validation + page writer)."""

import copy
import itertools
import json
from pathlib import Path

from innovations.importing.validation import RecordValidator, ReferenceIndex
from innovations.importing.writer import PageWriter, record_hash
from innovations.models import HubPage, InnovationPage

SHARED_DATA = Path(__file__).resolve().parent.parent / "data" / "demo"
_counter = itertools.count(1)

BASE_RECORD = {
    "id": "contoh-inovasi",
    "title": "SIPANDU Layanan Terpadu",
    "tagline": "Pelayanan perizinan terpadu satu pintu yang mendekatkan layanan ke warga.",
    "language": "id",
    "institution": "Dinas Penanaman Modal dan PTSP Kabupaten Sumedang",
    "level": "kabupaten",
    "ministry": None,
    "province_code": "32",
    "regency": "Kabupaten Sumedang",
    "hub": "JIPP Provinsi Jawa Barat",
    "sector": "perizinan",
    "secondary_sectors": ["umkm"],
    "channels": ["tatap-muka", "elektronik"],
    "sdgs": [8, 16],
    "year_launched": 2021,
    "stage": "penerapan",
    "status": "berjalan",
    "awards": ["Top 45 KIPP 2023"],
    "tags": ["perizinan", "satu pintu"],
    "replicated_from": None,
    "sections": {
        "ringkasan": "Ringkasan inovasi perizinan.",
        "latar_belakang": "Warga harus datang berkali-kali.",
        "kebaruan": "Satu loket untuk semua izin.",
        "implementasi": "Dimulai 2021 dengan 12 jenis izin.",
        "dampak": "Waktu layanan turun dari 14 hari menjadi 3 hari.",
        "sumber_daya": "Enam petugas dan satu aplikasi.",
        "keberlanjutan": "Diatur dalam peraturan bupati.",
        "replikasi": "Mulai dari izin yang paling sering diurus.",
    },
    "metrics": [{"label": "Lama layanan", "before": 14, "after": 3, "unit": "hari"}],
    "budget_idr": 250000000,
    "provenance": "illustrative",
}


# A record placed in Kota Surabaya, published by the Jawa Timur hub (fields to override).
JAWA_TIMUR = {
    "hub": "JIPP Provinsi Jawa Timur",
    "province_code": "35",
    "regency": "Kota Surabaya",
    "level": "kota",
    "institution": "Pemerintah Kota Surabaya",
}


def valid_record(**overrides):
    """A valid import record; overrides replace top-level fields (sections merge)."""
    record = copy.deepcopy(BASE_RECORD)
    record["id"] = f"contoh-inovasi-{next(_counter)}"
    sections = overrides.pop("sections", None)
    record.update(overrides)
    if sections:
        record["sections"] = {**record["sections"], **sections}
    return record


def write_jsonl(path, records):
    """Write records (dicts, or raw strings written as they are) as JSON Lines."""
    with open(path, "w", encoding="utf-8") as handle:
        for record in records:
            line = record if isinstance(record, str) else json.dumps(record, ensure_ascii=False)
            handle.write(line + "\n")
    return path


def create_innovation(publish=True, demo=False, **overrides):
    """Create an innovation page through the importer's validation and writer."""
    data = valid_record(**overrides)
    record = RecordValidator(ReferenceIndex()).validate(1, data)
    assert not record.problems, record.problems
    record.digest = record_hash(data, demo)
    page = PageWriter(demo=demo).write(record)
    if not publish:
        page.unpublish()
    return InnovationPage.objects.get(pk=page.pk)


def hub_named(title):
    return HubPage.objects.get(title=title)
