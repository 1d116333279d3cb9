"""The data the browser tests read: a small, explicit set of published case studies.

Four of them are about stunting without ever using the word "tengkes" (its Indonesian
synonym in the search dictionary), so a search for "tengkes" finds them only through the
synonym. Two match every filter of scenario 2 (Jawa Barat or Jawa Timur, sector
kesehatan), and one of those replicates the other; the two others each fail exactly one
filter (another province; another sector), so the filters are seen to work.
"""

from dataclasses import dataclass

from home.site_setup import ensure_site_tree
from innovations.models import HubPage, InnovationPage
from search import indexing
from tests.factories import create_innovation

HUB_JABAR = "JIPP Provinsi Jawa Barat"
HUB_JATIM = "JIPP Provinsi Jawa Timur"
HUB_JATENG = "JIPP Provinsi Jawa Tengah"
HUB_BALI = "JIPP Provinsi Bali"


def _stunting_sections(place):
    return {
        "ringkasan": f"Pendampingan gizi keluarga untuk mencegah stunting di {place}.",
        "latar_belakang": f"Angka stunting pada balita di {place} masih di atas target nasional.",
        "kebaruan": "Kader posyandu memantau tumbuh kembang anak setiap bulan.",
        "implementasi": "Dimulai di sepuluh desa dengan angka stunting tertinggi.",
        "dampak": "Prevalensi stunting turun dalam dua tahun.",
        "sumber_daya": "Kader posyandu, bidan desa dan dana desa.",
        "keberlanjutan": "Masuk rencana kerja dinas kesehatan.",
        "replikasi": "Mulai dari desa dengan data balita yang lengkap.",
    }


ORIGINAL = {
    "title": "Rumah Gizi Sumedang",
    "tagline": "Pendampingan gizi keluarga untuk menurunkan stunting pada balita.",
    "institution": "Dinas Kesehatan Kabupaten Sumedang",
    "level": "kabupaten",
    "province_code": "32",
    "regency": "Kabupaten Sumedang",
    "hub": HUB_JABAR,
    "sector": "kesehatan",
    "secondary_sectors": [],
    "tags": ["stunting", "gizi balita"],
    "year_launched": 2019,
    "sections": _stunting_sections("Kabupaten Sumedang"),
}
REPLICA = {
    "title": "Pos Gizi Anak Surabaya",
    "tagline": "Replikasi pendampingan gizi keluarga untuk mencegah stunting di kota.",
    "institution": "Dinas Kesehatan Kota Surabaya",
    "level": "kota",
    "province_code": "35",
    "regency": "Kota Surabaya",
    "hub": HUB_JATIM,
    "sector": "kesehatan",
    "secondary_sectors": [],
    "tags": ["stunting", "posyandu"],
    "year_launched": 2022,
    "sections": _stunting_sections("Kota Surabaya"),
}
OTHER_PROVINCE = {
    "title": "Dapur Sehat Semarang",
    "tagline": "Dapur gizi bersama untuk balita berisiko stunting.",
    "institution": "Dinas Kesehatan Kota Semarang",
    "level": "kota",
    "province_code": "33",
    "regency": "Kota Semarang",
    "hub": HUB_JATENG,
    "sector": "kesehatan",
    "secondary_sectors": [],
    "tags": ["stunting"],
    "year_launched": 2021,
    "sections": _stunting_sections("Kota Semarang"),
}
OTHER_SECTOR = {
    "title": "Sekolah Ramah Gizi Bandung",
    "tagline": "Sekolah mengajarkan gizi seimbang untuk mencegah stunting.",
    "institution": "Dinas Pendidikan Kota Bandung",
    "level": "kota",
    "province_code": "32",
    "regency": "Kota Bandung",
    "hub": HUB_JABAR,
    "sector": "pendidikan",
    "secondary_sectors": [],
    "tags": ["stunting", "sekolah"],
    "year_launched": 2020,
    "sections": _stunting_sections("Kota Bandung"),
}
ENGLISH = {
    "title": "Badung Village Licensing Desk",
    "tagline": "One desk in every village office for small-business licences.",
    "language": "en",
    "institution": "Investment and One-Stop Service Office of Badung Regency",
    "level": "kabupaten",
    "province_code": "51",
    "regency": "Kabupaten Badung",
    "hub": HUB_BALI,
    "sector": "perizinan",
    "secondary_sectors": ["umkm"],
    "tags": ["licensing", "village"],
    "year_launched": 2022,
    "sections": {
        "ringkasan": "Village offices issue small-business licences on the spot.",
        "latar_belakang": "Traders travelled up to two hours to reach the regency office.",
        "kebaruan": "Village staff are trained and connected to the licensing system.",
        "implementasi": "Started in 2022 in 12 villages, all 62 villages by 2024.",
        "dampak": "A licence now takes one visit instead of three.",
        "sumber_daya": "Two trained staff per village office and the national system.",
        "keberlanjutan": "Set out in a regent's regulation.",
        "replikasi": "Start with the villages that have the most traders.",
    },
    "metrics": [{"label": "Visits per licence", "before": 3, "after": 1, "unit": "visits"}],
}
PERIZINAN = {
    "title": "SIPANDU Layanan Terpadu",
    "hub": HUB_JABAR,
}


@dataclass
class World:
    original: InnovationPage
    replica: InnovationPage
    other_province: InnovationPage
    other_sector: InnovationPage
    english: InnovationPage
    perizinan: InnovationPage

    @property
    def hub(self):
        return HubPage.objects.get(title=HUB_JABAR)


def build_world():
    """Creates the site tree and the case studies above, published, and rebuilds the search
    index (a fresh epoch, so no cache of an earlier test's index survives)."""
    ensure_site_tree(hostname="localhost")
    original = create_innovation(**ORIGINAL)
    world = World(
        original=original,
        replica=create_innovation(replicated_from=original.slug, **REPLICA),
        other_province=create_innovation(**OTHER_PROVINCE),
        other_sector=create_innovation(**OTHER_SECTOR),
        english=create_innovation(**ENGLISH),
        perizinan=create_innovation(**PERIZINAN),
    )
    indexing.rebuild()
    return world
