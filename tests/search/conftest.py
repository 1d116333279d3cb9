"""A varied corpus of innovations, built once for the whole tests/search package.

Pages go through the real import path (tests.factories.create_innovation), so publishing
indexes them through innovations.search_index's signal handlers, exactly as in production.
The corpus lives in a transaction opened here and rolled back when the package is done;
every test runs in a savepoint inside it (pytest-django's `db`), so what a test changes
is undone after it.

Every test that uses the corpus runs twice: against the database engine, and against a
live Elasticsearch cluster when ELASTICSEARCH_URL is set (skipped, with that reason, when
it is not). On Elasticsearch the corpus goes into an index of its own (a fresh alias per
run, deleted afterwards); a test that changed the index is followed by a rebuild from the
rolled-back database, since a cluster does not roll back with the test's transaction.
"""

import os
import uuid
from dataclasses import dataclass, field

import pytest
from django.db import transaction
from django.test import override_settings
from wagtail.models import PageViewRestriction

from home.site_setup import ensure_site_tree
from innovations.models import HubPage, InnovationPage
from tests.factories import create_innovation

from .oracle import reset_search_caches

JABAR = {"province_code": "32", "hub": "JIPP Provinsi Jawa Barat"}
JATENG = {"province_code": "33", "hub": "JIPP Provinsi Jawa Tengah"}
JATIM = {"province_code": "35", "hub": "JIPP Provinsi Jawa Timur"}
SULSEL = {"province_code": "73", "hub": "JIPP Provinsi Sulawesi Selatan"}
BALI = {"province_code": "51", "hub": "JIPP Provinsi Bali"}

SECTIONS_ID = {
    "latar_belakang": "Masalah lama yang dihadapi warga setempat.",
    "kebaruan": "Cara kerja baru yang lebih sederhana.",
    "implementasi": "Dijalankan bertahap oleh tim kecil.",
    "dampak": "Manfaatnya dirasakan warga.",
    "sumber_daya": "Tim kecil dan anggaran daerah.",
    "keberlanjutan": "Didukung kebijakan kepala daerah.",
    "replikasi": "Inovasi ini dapat ditiru daerah lain.",
}
SECTIONS_EN = {
    "latar_belakang": "Applicants had to visit many offices.",
    "kebaruan": "One counter for every request.",
    "implementasi": "Rolled out in three phases.",
    "dampak": "Waiting times fell sharply.",
    "sumber_daya": "Six officers and one web portal.",
    "keberlanjutan": "Backed by a mayoral regulation.",
    "replikasi": "This innovation can be copied by other cities.",
}


def kab(region, regency):
    return {**region, "level": "kabupaten", "regency": regency, "institution": f"Pemda {regency}"}


def kota(region, regency):
    return {**region, "level": "kota", "regency": regency, "institution": f"Pemda {regency}"}


def provinsi(region):
    return {**region, "level": "provinsi", "regency": None, "institution": "Pemerintah Provinsi"}


def national(level, ministry):
    return {
        "level": level,
        "ministry": ministry,
        "province_code": None,
        "regency": None,
        "hub": f"JIPP {ministry}",
        "institution": ministry,
    }


def spec(place, title, tagline, summary, sector, channels, sdgs, year, **extra):
    sections = dict(SECTIONS_EN if extra.get("language") == "en" else SECTIONS_ID)
    sections.update(extra.pop("sections", {}))
    sections["ringkasan"] = summary
    return {
        **place,
        "title": title,
        "tagline": tagline,
        "sector": sector,
        "secondary_sectors": extra.pop("secondary_sectors", []),
        "channels": channels,
        "sdgs": sdgs,
        "year_launched": year,
        "stage": extra.pop("stage", "penerapan"),
        "status": extra.pop("status", "berjalan"),
        "awards": extra.pop("awards", []),
        "tags": extra.pop("tags", []),
        "sections": sections,
        **extra,
    }


# key -> record overrides; the key is also the record id (slug). Order matters: originals
# come before their replications.
VISIBLE = {
    "perpus-keliling": spec(
        kab(JATIM, "Kabupaten Banyuwangi"), "Perpustakaan Keliling Desa",
        "Mobil buku mendatangi desa terpencil setiap pekan.",
        "Armada buku keliling membawa bacaan ke desa terpencil.",
        "perpustakaan", ["bergerak"], [4], 2016,
        awards=["Top 45 KIPP 2019"], tags=["literasi", "perpustakaan"],
    ),
    "perpus-banyumas": spec(
        kab(JATENG, "Kabupaten Banyumas"), "Perpustakaan Keliling Sekolah",
        "Mobil buku singgah di sekolah dasar.", "Buku bacaan bergilir antar sekolah dasar.",
        "perpustakaan", ["bergerak", "tatap-muka"], [4], 2019,
        tags=["literasi"], replicated_from="perpus-keliling",
    ),
    "perpus-makassar": spec(
        kota(SULSEL, "Kota Makassar"), "Perpustakaan Lorong Makassar",
        "Rak buku di setiap lorong kota.", "Relawan menjaga rak buku lorong.",
        "perpustakaan", ["tatap-muka"], [4, 11], 2020,
        tags=["literasi"], awards=["Top 99 KIPP 2021"], replicated_from="perpus-keliling",
    ),
    "izin-online": spec(
        kota(JABAR, "Kota Bandung"), "SIPANDU Perizinan Daring",
        "Pengajuan perizinan usaha sepenuhnya daring.",
        "Pemohon mengunggah berkas perizinan dari rumah.",
        "perizinan", ["elektronik"], [8, 16], 2021,
        secondary_sectors=["umkm"], awards=["Top 45 KIPP 2023"], tags=["perizinan", "satu pintu"],
    ),
    "izin-desa": spec(
        kab(JATENG, "Kabupaten Cilacap"), "Klinik Usaha Desa",
        "Warga mengurus izin usaha mikro di balai desa.", "Petugas membantu izin usaha mikro.",
        "umkm", ["tatap-muka", "bergerak"], [8], 2018,
    ),
    "mpp-surabaya": spec(
        kota(JATIM, "Kota Surabaya"), "Mal Pelayanan Publik Surabaya",
        "Ratusan jenis dokumen dalam satu gedung.", "Pelayanan dokumen terpadu untuk warga kota.",
        "tata-kelola", ["tatap-muka", "elektronik"], [16], 2022, status="dikembangkan",
    ),
    "jemput-lansia": spec(
        kab(JABAR, "Kabupaten Garut"), "Jemput Bola Dokumen Lansia",
        "Petugas datang ke rumah warga lanjut usia.",
        "Petugas melayani lansia yang sulit bepergian.",
        "adminduk", ["bergerak"], [10, 16], 2020, tags=["lansia"],
    ),
    "posko-aduan": spec(
        kab(SULSEL, "Kabupaten Gowa"), "Posko Aduan Warga Gowa",
        "Layanan pengaduan terbuka setiap hari.", "Aduan ditindaklanjuti dalam tiga hari.",
        "hukum", ["tatap-muka"], [16], 2017,
    ),
    "cegah-stunting": spec(
        kab(JATENG, "Kabupaten Brebes"), "Gerakan Cegah Stunting Brebes",
        "Pendampingan gizi balita di posyandu.",
        "Kader mendampingi keluarga untuk menurunkan angka stunting.",
        "kesehatan", ["tatap-muka"], [2, 3], 2021,
        secondary_sectors=["perempuan-anak"], awards=["Top 45 KIPP 2023"], tags=["gizi", "balita"],
    ),
    "gizi-garut": spec(
        kab(JABAR, "Kabupaten Garut"), "Kampung Gizi Garut", "Kader desa menimbang balita.",
        "Pendampingan gizi balita di dusun.", "kesehatan", ["tatap-muka"], [2, 3], 2022,
        tags=["gizi"], replicated_from="cegah-stunting",
    ),
    "gizi-gowa": spec(
        kab(SULSEL, "Kabupaten Gowa"), "Kampung Gizi Gowa", "Kader desa menimbang balita.",
        "Pendampingan gizi balita di pesisir.", "kesehatan", ["tatap-muka"], [2], 2023,
        tags=["gizi"], replicated_from="cegah-stunting",
    ),
    "gizi-malang": spec(
        kota(JATIM, "Kota Malang"), "Kampung Gizi Malang", "Kader kelurahan menimbang balita.",
        "Pendampingan gizi balita di kota.", "kesehatan", ["tatap-muka"], [3], 2023,
        tags=["gizi"], replicated_from="cegah-stunting",
    ),
    "ambulans-desa": spec(
        kab(JATIM, "Kabupaten Jember"), "Ambulans Desa Siaga",
        "Mobil siaga mengantar warga sakit ke puskesmas.",
        "Setiap desa punya kendaraan siaga dan sopir terlatih.",
        "kesehatan", ["bergerak"], [3], 2019,
    ),
    "rujukan-pasien": spec(
        kab(JABAR, "Kabupaten Bekasi"), "Rujukan Cepat Pasien Gawat",
        "Koordinasi rujukan antar rumah sakit.", "Rumah sakit berbagi data tempat tidur kosong.",
        "kesehatan", ["elektronik"], [3], 2023,
        sections={"dampak": "Armada ambulans tiba lebih cepat ke rumah sakit rujukan."},
    ),
    "licensing-en": spec(
        kota(SULSEL, "Kota Makassar"), "One Stop Licensing Service",
        "Business permits issued online within three days.",
        "Entrepreneurs submit applications and track permits online.",
        "perizinan", ["elektronik"], [8, 9], 2022, language="en", tags=["licensing"],
    ),
    "bank-sampah": spec(
        kota(JATENG, "Kota Semarang"), "Bank Sampah Digital Semarang",
        "Warga menabung sampah terpilah dan menerima saldo.",
        "Sampah terpilah ditimbang dan dicatat di aplikasi.",
        "lingkungan", ["elektronik", "mandiri"], [11, 12], 2020,
        awards=["Top 99 KIPP 2021"], tags=["sampah", "daur ulang"],
    ),
    "sampah-desa": spec(
        kab(JABAR, "Kabupaten Bogor"), "Pengelolaan Persampahan Desa",
        "Desa memilah dan mengolah sampahnya sendiri.", "Rumah kompos di tiap dusun.",
        "lingkungan", ["mandiri"], [12], 2015, stage="uji-coba", status="dikembangkan",
    ),
    "kemenkes-rekam": spec(
        national("kementerian", "Kementerian Kesehatan"), "Rekam Medis Elektronik Nasional",
        "Riwayat berobat pasien tersimpan aman dan dapat dibawa.",
        "Fasilitas kesehatan berbagi rekam medis.",
        "kesehatan", ["elektronik"], [3], 2023, awards=["Top 45 KIPP 2023"],
    ),
    "kemendagri-ikd": spec(
        national("kementerian", "Kementerian Dalam Negeri"), "Identitas Kependudukan Digital",
        "KTP di telepon genggam.", "Warga mengaktifkan identitas digital lewat aplikasi.",
        "adminduk", ["elektronik", "mandiri"], [16], 2023,
    ),
    "bpjs-antrean": spec(
        national("lembaga", "BPJS Kesehatan"), "Antrean Daring Faskes",
        "Peserta mengambil nomor antrean dari aplikasi.", "Waktu tunggu di puskesmas berkurang.",
        "kesehatan", ["elektronik"], [3], 2021,
    ),
    "beasiswa-nelayan": spec(
        provinsi(JATENG), "Beasiswa Anak Nelayan",
        "Biaya sekolah anak keluarga nelayan ditanggung provinsi.",
        "Anak nelayan melanjutkan sekolah menengah.",
        "pendidikan", ["tatap-muka"], [4, 14], 2019, status="berhenti",
    ),
    "sekolah-inklusi": spec(
        kab(JATIM, "Kabupaten Malang"), "Sekolah Ramah Anak Inklusif",
        "Sekolah umum menerima murid berkebutuhan khusus.",
        "Guru pendamping khusus di tiap kecamatan.",
        "pendidikan", ["tatap-muka"], [4, 10], 2018, tags=["inklusi"],
    ),
    "drone-tani": spec(
        kab(SULSEL, "Kabupaten Bone"), "Petani Milenial Drone Sawah",
        "Penyemprotan sawah dengan drone sewaan.", "Kelompok tani menyewa drone bersama.",
        "pertanian", ["bergerak"], [2], 2022, stage="uji-coba",
    ),
    "cuaca-nelayan": spec(
        kab(SULSEL, "Kabupaten Bulukumba"), "Informasi Cuaca Melaut",
        "Pesan singkat prakiraan cuaca untuk nelayan.",
        "Nelayan menerima peringatan gelombang tinggi.",
        "kelautan", ["elektronik"], [14], 2016,
    ),
    "zentrika-aman": spec(
        kota(JABAR, "Kota Depok"), "<script>alert(1)</script> Zentrika Aduan",
        "Kanal aduan <b>tanpa</b> nama.",
        "Warga menulis <img src=x onerror=alert(2)> aduan secara rahasia.",
        "hukum", ["elektronik"], [16], 2024,
    ),
    "pasar-umkm": spec(
        kota(JATIM, "Kota Malang"), "Pasar Daring UMKM Malang",
        "Etalase daring produk usaha mikro.",
        "Pelaku usaha mikro berjualan lewat etalase bersama.",
        "umkm", ["elektronik"], [8], 2024,
    ),
    "siaga-bencana": spec(
        kab(JABAR, "Kabupaten Cianjur"), "Desa Tangguh Bencana Cianjur",
        "Relawan desa terlatih menghadapi gempa.", "Latihan evakuasi rutin dan jalur aman.",
        "kebencanaan", ["tatap-muka"], [11, 13], 2017, awards=["Top 99 KIPP 2021"],
    ),
    "akta-lahir": spec(
        kota(JATENG, "Kota Surakarta"), "Akta Kelahiran dari Rumah Sakit",
        "Bayi pulang membawa akta kelahiran.", "Rumah sakit mengirim data kelahiran ke dinas.",
        "adminduk", ["tatap-muka", "elektronik"], [16], 2019,
    ),
    "desa-internet": spec(
        kab(JATIM, "Kabupaten Banyuwangi"), "Desa Internet Mandiri",
        "Titik akses internet gratis di balai desa.",
        "Warga desa belajar memasarkan produk lewat internet.",
        "digital", ["mandiri"], [9], 2020,
    ),
    # A replication of a draft (gromulaksa-draf, below): the draft's title must not leak
    # through this page's lineage text.
    "kebun-replika": spec(
        kab(JATIM, "Kabupaten Kediri"), "Kebun Gizi Sekolah Kediri",
        "Murid menanam sayur di halaman sekolah.", "Hasil kebun menjadi menu makan siang.",
        "pendidikan", ["tatap-muka"], [2, 4], 2021, replicated_from="gromulaksa-draf",
    ),
}  # fmt: skip

# Pages nobody may find. Each carries a word found nowhere else, and facet values
# (sector "desa"/"ketenagakerjaan", SDG 6/15/17, years 2010-2014, tags, awards) no
# visible page has, so any leak into a facet shows.
DRAFTS = {
    "gromulaksa-draf": spec(
        kab(JATIM, "Kabupaten Kediri"), "Gromulaksa Kebun Gizi",
        "Kebun gizi rintisan yang masih draf.", "Gromulaksa menanam sayur bergizi.",
        "pendidikan", ["tatap-muka"], [2], 2014,
    ),
    "xylofonika-draf": spec(
        kab(JABAR, "Kabupaten Sumedang"), "Xylofonika Budaya Sekolah",
        "Pelatihan xylofonika untuk murid.", "Murid berlatih xylofonika setiap sore.",
        "desa", ["mandiri"], [17], 2010,
        tags=["rahasia draf"], awards=["Penghargaan Draf Rahasia"],
    ),
    "zorbakliping-draf": spec(
        kab(JABAR, "Kabupaten Sumedang"), "Perpustakaan Keliling Zorbakliping",
        "Mobil buku zorbakliping yang belum terbit.", "Draf replikasi perpustakaan keliling.",
        "perpustakaan", ["bergerak"], [4], 2013, replicated_from="perpus-keliling",
    ),
}  # fmt: skip
PRIVATE = {
    "privatika-rahasia": spec(
        kab(JATIM, "Kabupaten Sidoarjo"), "Perpustakaan Keliling Privatika",
        "Mobil buku privatika khusus undangan.", "Privatika membawa buku ke desa.",
        "perpustakaan", ["bergerak"], [6], 2012,
        tags=["privat"], awards=["Penghargaan Privat"], replicated_from="perpus-keliling",
    ),
}  # fmt: skip
UNPUBLISHED_HUB = {
    "balinesia-subak": spec(
        kab(BALI, "Kabupaten Badung"), "Balinesia Subak Digital",
        "Jadwal air subak balinesia.", "Petani balinesia berbagi jadwal air.",
        "pertanian", ["elektronik"], [15], 2011, tags=["subak"],
    ),
    # Created after its hub was unpublished: published itself, but under a hidden hub.
    "balinesia-pasar": spec(
        kota(BALI, "Kota Denpasar"), "Balinesia Pasar Adat", "Pasar adat balinesia tertib.",
        "Pedagang balinesia terdaftar.", "ketenagakerjaan", ["tatap-muka"], [15], 2013,
    ),
}  # fmt: skip
HIDDEN_WORDS = ["gromulaksa", "xylofonika", "zorbakliping", "privatika", "balinesia"]


@dataclass
class Corpus:
    pages: dict = field(default_factory=dict)  # key -> InnovationPage
    visible: list = field(default_factory=list)  # keys
    hidden: list = field(default_factory=list)  # keys

    def page(self, key):
        return InnovationPage.objects.get(pk=self.pages[key].pk)

    def slugs(self, keys):
        return {self.pages[k].slug for k in keys}


def build_corpus():
    ensure_site_tree(hostname="testserver")
    corpus = Corpus()

    def make(key, record, publish=True):
        corpus.pages[key] = create_innovation(id=key, publish=publish, **record)

    make("gromulaksa-draf", DRAFTS["gromulaksa-draf"], publish=False)
    for key, record in VISIBLE.items():
        make(key, record)
    for key in ("xylofonika-draf", "zorbakliping-draf"):
        make(key, DRAFTS[key], publish=False)
    for key, record in PRIVATE.items():
        make(key, record)
        PageViewRestriction.objects.create(
            page=corpus.pages[key], restriction_type=PageViewRestriction.PASSWORD, password="x"
        )
    make("balinesia-subak", UNPUBLISHED_HUB["balinesia-subak"])
    HubPage.objects.get(title=BALI["hub"]).unpublish()
    make("balinesia-pasar", UNPUBLISHED_HUB["balinesia-pasar"])

    corpus.visible = list(VISIBLE)
    corpus.hidden = [*DRAFTS, *PRIVATE, *UNPUBLISHED_HUB]
    return corpus


ES_SKIP_REASON = "ELASTICSEARCH_URL is not set: no Elasticsearch cluster on this machine"
# Tests about which engine answers by default, not about search behaviour.
DATABASE_ENGINE_ONLY = {"test_backend_follows_the_database"}


@pytest.fixture(scope="package", params=["database", "elasticsearch"])
def search_engine(request):
    """Which engine answers: the database's own, or Elasticsearch at ELASTICSEARCH_URL."""
    if request.param == "database":
        with override_settings(SEARCH_BACKEND=""):
            yield "database"
        return
    url = os.environ.get("ELASTICSEARCH_URL", "")
    if not url:
        pytest.skip(ES_SKIP_REASON)
    alias = f"jipp-test-{uuid.uuid4().hex[:10]}"
    with override_settings(
        SEARCH_BACKEND="elasticsearch",
        ELASTICSEARCH_URL=url,
        ELASTICSEARCH_INDEX=alias,
        ELASTICSEARCH_REPLICAS=0,
        ELASTICSEARCH_RETRY_AFTER=0,
    ):
        try:
            yield "elasticsearch"
        finally:
            _drop_elasticsearch_index()


def _drop_elasticsearch_index():
    from search.backends import get_backend

    backend = get_backend("elasticsearch")
    client = backend.connection.client.options(ignore_status=404)
    indices, _ = backend.rebuilder.alias_indices()
    for index in indices:
        client.indices.delete(index=index)
    client.synonyms.delete_synonym(id=backend.synonyms.name())


@pytest.fixture(scope="package")
def corpus(search_engine, django_db_setup, django_db_blocker):
    """The shared corpus; rolled back when the last test of tests/search has run."""
    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            reset_search_caches()
            corpus = build_corpus()
            if search_engine == "elasticsearch":
                from search.backends import get_backend

                get_backend().rebuild()
            yield corpus
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)
            reset_search_caches()


@pytest.fixture
def site(corpus, db):
    """Use in tests: the corpus, inside a savepoint undone after the test."""
    return corpus


@pytest.fixture(autouse=True)
def _elasticsearch_in_step(request, django_db_blocker, monkeypatch):
    """On Elasticsearch: the cluster must answer (a silent fallback to the database would
    make the run prove nothing), and what a test changed in the index is undone after the
    database has rolled back (this fixture is set up before `db`, so torn down after)."""
    if "search_engine" not in request.fixturenames:
        # Not run on the corpus (hence not once per engine). Such tests used to borrow the
        # database access the package-wide corpus left open; with the corpus built once
        # per engine they may run while none is, so they get their own.
        request.getfixturevalue("db")
        yield
        return
    if request.getfixturevalue("search_engine") != "elasticsearch":
        yield
        return
    if request.node.originalname in DATABASE_ENGINE_ONLY:
        pytest.skip("asserts that the database's own engine answers")
    from search import service
    from search.backends import get_backend

    def no_fallback():
        raise AssertionError(f"Elasticsearch did not answer: {backend.connection.last_error}")

    backend = get_backend()
    backend.reset()
    monkeypatch.setattr(service, "database_backend", no_fallback)
    before = (backend.outbox.acknowledged, backend.synonyms.updates)
    yield
    if (backend.outbox.acknowledged, backend.synonyms.updates) != before:
        with django_db_blocker.unblock():
            backend.reset()
            backend.rebuild()


@pytest.fixture(autouse=True)
def _fresh_search_caches():
    # The engine's process-wide caches (facet bitsets, speller, synonyms) follow
    # IndexState.generation, which a rolled-back test rewinds; start every test clean.
    reset_search_caches()
    yield
    reset_search_caches()
