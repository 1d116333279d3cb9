"""Indonesian and English language handling: stems, stopwords, synonyms, typos."""

import pytest

from search.models import Synonym

from .oracle import all_slugs, get

LAYAN = ["mpp-surabaya", "posko-aduan", "jemput-lansia"]  # pelayanan, layanan, melayani


@pytest.mark.parametrize("word", ["pelayanan", "layanan", "melayani"])
def test_forms_of_layan_meet(site, client, word):
    found = all_slugs(client, q=word)
    assert site.slugs(LAYAN) <= found
    # Pages without any form of the word (nor a "Layanan ..." service channel) stay out.
    assert not found & site.slugs(["kemenkes-rekam", "cuaca-nelayan", "licensing-en"])


def test_forms_of_layan_rank_the_same_pages_first(site, client):
    tops = [
        {r["slug"] for r in get(client, q=word, page_size=3)["results"]}
        for word in ("pelayanan", "layanan", "melayani")
    ]
    assert tops[0] == tops[1] == tops[2] == site.slugs(LAYAN)


def test_perizinan_and_izin_meet(site, client):
    # izin-online says only "perizinan", izin-desa only "izin".
    assert site.slugs(["izin-online", "izin-desa"]) <= all_slugs(client, q="izin")
    assert site.slugs(["izin-online", "izin-desa"]) <= all_slugs(client, q="perizinan")
    assert "bank-sampah" not in all_slugs(client, q="izin")


def test_stopwords_do_not_change_the_answer(site, client):
    plain = get(client, q="perpustakaan", page_size=50)
    wordy = get(client, q="yang dan di perpustakaan untuk", page_size=50)
    assert plain["total"] == 3
    assert [r["slug"] for r in wordy["results"]] == [r["slug"] for r in plain["results"]]
    assert wordy["total"] == plain["total"]


def test_query_of_stopwords_only_is_searched(site, client):
    data = get(client, q="yang dan")
    assert data["total"] < len(site.visible)  # not "everything"
    assert data["suggestion"] is None


def test_tengkes_finds_stunting(site, client):
    stunting = all_slugs(client, q="stunting")
    assert site.slugs(["cegah-stunting"]) <= stunting
    assert all_slugs(client, q="tengkes") == stunting
    assert all_slugs(client, q="Tengkes") == stunting
    first = get(client, q="tengkes")["results"][0]
    assert first["slug"] == site.pages["cegah-stunting"].slug
    assert "<mark>" in first["snippet"]


def test_multi_word_synonym(site, client):
    # "mobile library" is a synonym of "perpustakaan keliling".
    assert site.slugs(["perpus-keliling", "perpus-banyumas"]) <= all_slugs(
        client, q="mobile library"
    )


def test_synonym_added_in_the_admin_takes_effect_at_once(site, client):
    assert get(client, q="kebun hidroponik")["total"] == 0 or "drone-tani" not in all_slugs(
        client, q="kebun hidroponik"
    )
    assert get(client, q="pesawat nirawak")["total"] == 0
    Synonym.objects.create(terms="drone, pesawat nirawak, pesawat tanpa awak", note="uji")
    assert all_slugs(client, q="pesawat nirawak") == site.slugs(["drone-tani"])
    assert all_slugs(client, q="nirawak") == set()  # the phrase, not its words
    # And an edit, too.
    synonym = Synonym.objects.get(note="uji")
    synonym.terms = "drone, UAV"
    synonym.save()
    assert all_slugs(client, q="pesawat nirawak") == set()
    assert all_slugs(client, q="uav") == site.slugs(["drone-tani"])
    synonym.delete()
    assert all_slugs(client, q="uav") == set()


def test_typo_is_corrected_when_nothing_matches(site, client):
    data = get(client, q="perpustkaan")
    assert data["suggestion"] == "perpustakaan"
    assert data["corrected"] is True
    assert {r["slug"] for r in data["results"]} == all_slugs(client, q="perpustakaan")
    assert data["total"] == 3
    assert all("<mark>" in r["snippet"] for r in data["results"])


def test_typo_in_one_word_of_two(site, client):
    data = get(client, q="ambulasn desa")
    assert data["suggestion"] == "ambulans desa"
    assert data["corrected"] is True
    assert data["results"][0]["slug"] == site.pages["ambulans-desa"].slug


def test_known_words_get_no_suggestion(site, client):
    for q in ("perpustakaan", "sampah", "drone", "stunting", "tengkes"):
        data = get(client, q=q)
        assert data["suggestion"] is None, q
        assert data["corrected"] is False, q


def test_nonsense_gets_no_suggestion_and_no_results(site, client):
    data = get(client, q="qwxzvbnm")
    assert data["total"] == 0
    assert data["results"] == []
    assert data["suggestion"] is None
    assert data["corrected"] is False


@pytest.mark.parametrize("q", ["permit", "permits", "applications", "Entrepreneurs", "licensing"])
def test_english_record_found_by_english_words(site, client, q):
    assert site.pages["licensing-en"].slug in all_slugs(client, q=q)


def test_english_words_reach_indonesian_records_through_synonyms(site, client):
    # "waste" is a synonym of "sampah"; "library" of "perpustakaan".
    assert site.slugs(["bank-sampah", "sampah-desa"]) <= all_slugs(client, q="waste")
    assert all_slugs(client, q="library") == all_slugs(client, q="perpustakaan")


def test_an_english_query_needs_of_an_indonesian_record_only_the_words_that_cross(site, client):
    """No Indonesian record can hold "business" or "entrepreneurs" (no dictionary entry
    carries them across), so an Indonesian record needs a majority of the words that can
    cross ("mobile library"); the English record still needs a majority of all. On every
    engine (search.matching; on Elasticsearch one query branch per language)."""
    found = all_slugs(client, q="mobile library for business entrepreneurs")
    assert site.slugs(["perpus-keliling", "perpus-banyumas", "licensing-en"]) <= found


def test_case_and_accents_do_not_matter(site, client):
    assert all_slugs(client, q="SAMPAH") == all_slugs(client, q="sampah")
    assert all_slugs(client, q="sámpah") == all_slugs(client, q="sampah")
