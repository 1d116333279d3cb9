"""What a query means beyond its words: places, replication intent, corrections."""

import pytest

from tests.factories import create_innovation

from .conftest import JABAR, kab
from .oracle import all_slugs, get

JATENG_PAGES = ["perpus-banyumas", "izin-desa", "cegah-stunting", "bank-sampah",
                "beasiswa-nelayan", "akta-lahir"]  # fmt: skip


# --- places ------------------------------------------------------------------------------


@pytest.mark.parametrize("place", ["di Jateng", "di Jawa Tengah", "di provinsi Jawa Tengah"])
def test_a_province_named_after_di_narrows_the_search(site, client, place):
    data = get(client, q=f"perpustakaan {place}")
    assert [r["slug"] for r in data["results"]] == [site.pages["perpus-banyumas"].slug]
    (applied,) = data["interpretation"]["places"]
    assert applied["label"] == "Jawa Tengah" and applied["values"] == ["33"]
    assert applied["facet"] == "province"


def test_an_island_group_stands_for_its_provinces(site, client):
    found = all_slugs(client, q="gizi balita di Sulawesi")
    assert found == site.slugs(["gizi-gowa"])
    data = get(client, q="gizi balita di Sulawesi")
    (applied,) = data["interpretation"]["places"]
    assert applied["label"] == "Sulawesi"
    assert {"71", "72", "73", "74", "75", "76"} == set(applied["values"])


def test_a_kota_and_a_kabupaten_of_one_name(site, client):
    # "Malang": the kota and the kabupaten both; "Kota Malang" only the kota.
    both = all_slugs(client, q="inovasi di Malang")
    assert site.slugs(["gizi-malang", "pasar-umkm", "sekolah-inklusi"]) <= both
    kota = all_slugs(client, q="inovasi di Kota Malang")
    assert site.slugs(["gizi-malang", "pasar-umkm"]) <= kota
    assert site.pages["sekolah-inklusi"].slug not in kota


def test_a_bare_place_name_stays_a_word(site, client):
    # No "di": the name is part of what is searched, not a filter.
    data = get(client, q="kampung gizi gowa")
    assert data["interpretation"] is None
    assert data["results"][0]["slug"] == site.pages["gizi-gowa"].slug


def test_interpret_0_searches_the_words_as_typed(site, client):
    data = get(client, q="perpustakaan di Jateng", interpret="0")
    assert data["interpretation"] is None
    assert site.slugs(["perpus-keliling", "perpus-makassar"]) <= all_slugs(
        client, q="perpustakaan di Jateng", interpret="0"
    )


def test_the_readers_own_place_filter_wins(site, client):
    data = get(client, q="perpustakaan di Jateng", province="35")
    assert data["interpretation"] is None
    assert {r["slug"] for r in data["results"]} == site.slugs(["perpus-keliling"])


def test_nothing_in_the_place_answers_everywhere_and_says_so(site, client):
    data = get(client, q="drone sawah di Jateng")
    assert data["interpretation"]["place_fallback"] is True
    assert data["results"][0]["slug"] == site.pages["drone-tani"].slug


def test_detected_places_are_not_shown_as_the_readers_selections(site, client):
    data = get(client, q="gizi di Jabar")
    province = {v["value"]: v for v in data["facets"]["province"]}
    assert province["32"]["count"] >= 1
    assert not province["32"]["selected"]


def test_the_search_page_shows_the_place_and_how_to_remove_it(site, client):
    html = client.get("/cari/", {"q": "gizi di Jabar"}).content.decode()
    assert "Jawa Barat" in html
    assert "interpret=0" in html


@pytest.mark.parametrize("value", ["2", "yes", "x"])
def test_interpret_accepts_only_a_flag(site, client, value):
    response = client.get("/api/v1/search/", {"q": "gizi", "interpret": value})
    assert response.status_code == 400
    assert response.json()["error"]["parameter"] == "interpret"


# --- replication intent ------------------------------------------------------------------


def test_replications_of_a_named_practice_come_first(site, client):
    results = [r["slug"] for r in get(client, q="replikasi Gerakan Cegah Stunting Brebes")[
        "results"]]  # fmt: skip
    replications = site.slugs(["gizi-garut", "gizi-gowa", "gizi-malang"])
    assert set(results[:3]) == replications
    assert results[3] == site.pages["cegah-stunting"].slug


def test_the_original_behind_a_replication_comes_first(site, client):
    data = get(client, q="Kampung Gizi Gowa diadaptasi dari inovasi mana")
    slugs = [r["slug"] for r in data["results"]]
    assert slugs[:2] == [site.pages["cegah-stunting"].slug, site.pages["gizi-gowa"].slug]
    assert data["interpretation"]["replication"] == "original"
    assert data["interpretation"]["practice"]["title"] == "Kampung Gizi Gowa"


def test_with_no_practice_named_replications_rank_first_with_their_original(site, client):
    # A lineage is one answer: the first replication brings its original right after it.
    slugs = [r["slug"] for r in get(client, q="replikasi kampung gizi", page_size=20)["results"]]
    replicas = site.slugs(["gizi-garut", "gizi-gowa", "gizi-malang"])
    original = site.pages["cegah-stunting"].slug
    assert slugs[0] in replicas and slugs[1] == original
    assert set(slugs[:4]) == replicas | {original}


def test_a_passive_verb_prefers_originals_that_were_replicated(site, client):
    slugs = [r["slug"] for r in get(client, q="inovasi gizi yang ditiru daerah lain")["results"]]
    assert slugs[0] == site.pages["cegah-stunting"].slug
    # ... each followed by its replications, before any other record.
    assert set(slugs[1:4]) == site.slugs(["gizi-garut", "gizi-gowa", "gizi-malang"])


def test_lineages_follow_the_filters(site, client):
    # The original is in Jawa Tengah, its replications elsewhere: they are not brought in.
    found = all_slugs(client, q="inovasi gizi yang ditiru daerah lain", province="33")
    assert site.pages["cegah-stunting"].slug in found
    assert site.slugs(["gizi-garut", "gizi-gowa", "gizi-malang"]).isdisjoint(found)


def ministry_practice_replicated_by_a_regency():
    """Kementerian Kesehatan's practice, replicated by Kabupaten Garut."""
    return create_innovation(
        id="rekam-garut", title="Rekam Medis Puskesmas Garut",
        tagline="Riwayat berobat pasien puskesmas tersimpan digital.", sector="kesehatan",
        replicated_from="kemenkes-rekam", **kab(JABAR, "Kabupaten Garut"),
    )  # fmt: skip


def test_a_level_read_from_the_words_qualifies_originals_not_their_replications(site, client):
    # "inovasi kementerian": the central tier's practices that regions copied, each with
    # the regional government that replicated it, outside the tier read from the words.
    replication = ministry_practice_replicated_by_a_regency()
    query = "inovasi kementerian untuk kesehatan yang ditiru daerah lain"
    data = get(client, q=query)
    slugs = [r["slug"] for r in data["results"]]
    assert slugs[:2] == [site.pages["kemenkes-rekam"].slug, replication.slug]
    assert data["interpretation"]["places"][0]["values"] == ["kementerian", "lembaga"]
    # Only the partner passes the tier: the other results are the central tier's, and
    # the total counts what is shown (all_slugs checks it).
    central = site.slugs(["kemenkes-rekam", "kemendagri-ikd", "bpjs-antrean"])
    assert all_slugs(client, q=query) - central == {replication.slug}


def test_a_level_the_reader_selected_holds_for_lineage_partners_too(site, client):
    replication = ministry_practice_replicated_by_a_regency()
    found = all_slugs(
        client, q="inovasi untuk kesehatan yang ditiru daerah lain", level=["kementerian"]
    )
    assert site.pages["kemenkes-rekam"].slug in found
    assert replication.slug not in found


def test_lineage_never_pins_a_hidden_page(site, client):
    # kebun-replika replicates a draft: asking for its original finds no draft.
    found = all_slugs(client, q="Kebun Gizi Sekolah Kediri replikasi dari inovasi mana")
    assert not found & site.slugs(site.hidden)


# --- corrections -------------------------------------------------------------------------


def test_two_typos_are_each_corrected(site, client):
    data = get(client, q="perpustkaan kelilng")
    assert data["corrected"] is True
    assert data["suggestion"] == "perpustakaan keliling"
    assert data["results"][0]["slug"] in site.slugs(["perpus-keliling", "perpus-banyumas"])


def test_a_real_word_the_collection_lacks_is_not_corrected_but_named(site, client):
    # "selam" is Indonesian (to dive); the speller would have made it "selama".
    data = get(client, q="pelayanan selam")
    assert data["suggestion"] is None
    assert data["ignored"] == ["selam"]
    html = client.get("/cari/", {"q": "pelayanan selam"}).content.decode()
    assert "selam" in html and "diabaikan" in html


def test_a_word_written_together_with_di_is_split(site, client):
    data = get(client, q="layanan dibalai desa")
    assert data["suggestion"] == "layanan di balai desa"
    assert site.pages["izin-desa"].slug in {r["slug"] for r in data["results"]}


def test_informal_abbreviations_are_written_out(site, client):
    assert all_slugs(client, q="izin usaha utk warga dgn mudah") == all_slugs(
        client, q="izin usaha untuk warga dengan mudah"
    )


def test_a_correction_is_never_a_stopword(site, client):
    data = get(client, q="kampung selamx")
    assert data["suggestion"] in (None, "kampung")
    assert "selama" not in (data["suggestion"] or "")


# --- levels of government ----------------------------------------------------------------


def test_a_level_named_after_inovasi_narrows_the_search(site, client):
    # A city is the place's own kind: the regencies' gizi programmes are left out.
    data = get(client, q="inovasi kota untuk gizi balita")
    assert {r["slug"] for r in data["results"]} == site.slugs(["gizi-malang"])
    (applied,) = data["interpretation"]["places"]
    assert applied["facet"] == "level" and applied["values"] == ["kota"]


@pytest.mark.parametrize("word", ["kementerian", "lembaga"])
def test_a_ministry_or_an_agency_names_the_central_tier(site, client, word):
    # "K/L": a reader asking for a ministry's innovations is not told to leave out an
    # agency's (BPJS is a lembaga); either word reads as central government.
    data = get(client, q=f"inovasi {word} untuk kesehatan")
    assert {r["slug"] for r in data["results"]} == site.slugs(["kemenkes-rekam", "bpjs-antrean"])
    (applied,) = data["interpretation"]["places"]
    assert applied["values"] == ["kementerian", "lembaga"]


def test_a_level_group_stands_for_its_levels(site, client):
    found = all_slugs(client, q="inovasi pusat untuk kesehatan")
    assert found == site.slugs(["kemenkes-rekam", "bpjs-antrean"])


def test_a_level_word_inside_a_name_is_not_a_scope(site, client):
    # "inovasi kota layak anak": the noun phrase goes on, so "kota" is no level here.
    assert get(client, q="inovasi kota layak anak")["interpretation"] is None
