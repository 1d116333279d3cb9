"""Drafts, private pages and pages under an unpublished hub are never found, counted,
suggested or recommended; publishing, unpublishing, privacy, moves and deletion show at once."""

import pytest
from wagtail.models import PageViewRestriction

from innovations.models import HubPage
from search.backends import get_backend
from search.query import SearchRequest
from search.service import similar_innovations
from tests.factories import create_innovation

from .conftest import HIDDEN_WORDS, JATIM
from .oracle import all_slugs, expected_facets, facet_table, get, visible_records

# Facet values only hidden pages have.
HIDDEN_VALUES = {
    "sector": {"desa", "ketenagakerjaan"},
    "sdg": {"6", "15", "17"},
    "year": {"2010", "2011", "2012", "2013", "2014"},
    "province": {"51"},
    "regency": {"51.03", "51.71", "35.15", "32.11"},
    "hub": {"provinsi-bali"},
    "tag": {"rahasia-draf", "privat", "subak"},
    "award": {"Penghargaan Draf Rahasia", "Penghargaan Privat"},
}


def hidden_slugs(site):
    return site.slugs(site.hidden)


def assert_consistent(client, **params):
    """Results, total and every facet count equal the brute-force answer (no text query)."""
    records = visible_records()
    data = get(client, **params, page_size=50)
    assert data["total"] == len(records)
    assert all_slugs(client, **params) == set(records)
    assert facet_table(data) == expected_facets(records, {})
    return records


def test_hidden_pages_are_nowhere(site, client):
    data = get(client, page_size=50)
    found = all_slugs(client)
    assert not found & hidden_slugs(site)
    assert data["total"] == len(site.visible)
    facets = facet_table(data)
    for name, values in HIDDEN_VALUES.items():
        assert not set(facets[name]) & values, name


@pytest.mark.parametrize("word", HIDDEN_WORDS)
def test_words_of_hidden_pages_find_nothing(site, client, word):
    data = get(client, q=word)
    assert data["total"] == 0
    assert data["results"] == []
    assert all(v["count"] == 0 for values in data["facets"].values() for v in values)
    assert data["suggestion"] is None
    assert not data["corrected"]


@pytest.mark.parametrize("word", HIDDEN_WORDS)
def test_words_of_hidden_pages_are_never_suggested(site, client, word):
    typo = word[:-2] + word[-1]  # one letter dropped
    data = get(client, q=typo)
    assert word not in (data["suggestion"] or "")
    assert data["total"] == 0


def test_hidden_pages_never_recommended(site):
    hidden_ids = {site.pages[k].pk for k in site.hidden}
    # perpus-keliling shares its words with a draft and a private replication.
    for key in ("perpus-keliling", "perpus-banyumas", "kebun-replika", "gizi-garut"):
        similar = similar_innovations(site.pages[key].pk, limit=10)
        assert not set(similar) & hidden_ids, key
        assert site.pages[key].pk not in similar
    assert site.pages["perpus-banyumas"].pk in similar_innovations(site.pages["perpus-keliling"].pk)
    for key in site.hidden:
        assert similar_innovations(site.pages[key].pk) == [], key


def test_backend_directly(site):
    backend = get_backend()
    response = backend.search(SearchRequest(q="perpustakaan keliling", page_size=50))
    ids = {hit.page_id for hit in response.hits}
    assert site.pages["perpus-keliling"].pk in ids
    assert not ids & {site.pages[k].pk for k in site.hidden}
    assert response.total == len(response.hits)


def test_unpublish_and_publish_again(site, client):
    page = site.page("perpus-banyumas")
    original = site.pages["perpus-keliling"].pk
    assert page.slug in all_slugs(client, q="perpustakaan")

    page.unpublish()
    assert page.slug not in all_slugs(client, q="perpustakaan")
    assert page.slug not in all_slugs(client)
    assert page.pk not in similar_innovations(original, limit=10)
    records = assert_consistent(client)
    assert page.slug not in records

    page.get_latest_revision().publish()
    assert page.slug in all_slugs(client, q="perpustakaan")
    assert page.pk in similar_innovations(original, limit=10)
    assert page.slug in assert_consistent(client)


def test_new_word_is_suggested_after_publish_and_forgotten_after_unpublish(site, client):
    assert get(client, q="quokkanesa")["suggestion"] is None
    page = create_innovation(
        id="quokkanesia-baru", title="Quokkanesia Taman Baca", **JATIM,
        level="kota", regency="Kota Surabaya", institution="Pemda Kota Surabaya",
    )  # fmt: skip
    data = get(client, q="quokkanesa")
    assert data["suggestion"] == "quokkanesia"
    assert data["corrected"]
    assert [r["slug"] for r in data["results"]] == [page.slug]

    page.unpublish()
    data = get(client, q="quokkanesa")
    assert data["suggestion"] is None
    assert data["total"] == 0
    assert get(client, q="quokkanesia")["total"] == 0

    page.get_latest_revision().publish()
    assert get(client, q="quokkanesa")["suggestion"] == "quokkanesia"


def test_draft_published_later_appears(site, client):
    page = site.page("xylofonika-draf")
    page.get_latest_revision().publish()
    assert all_slugs(client, q="xylofonika") == {page.slug}
    facets = facet_table(get(client))
    assert facets["sdg"]["17"] == (1, False)
    assert facets["sector"]["desa"] == (1, False)
    assert_consistent(client)


def test_privacy_added_then_removed(site, client):
    page = site.page("bank-sampah")
    restriction = PageViewRestriction.objects.create(
        page=page, restriction_type=PageViewRestriction.PASSWORD, password="x"
    )
    assert page.slug not in all_slugs(client, q="sampah")
    assert page.slug not in assert_consistent(client)

    restriction.delete()
    assert page.slug in all_slugs(client, q="sampah")
    assert page.slug in assert_consistent(client)


def test_privacy_on_a_hub_hides_its_innovations(site, client):
    hub = HubPage.objects.get(slug="provinsi-jawa-tengah")
    inside = all_slugs(client, hub="provinsi-jawa-tengah")
    assert inside
    PageViewRestriction.objects.create(
        page=hub, restriction_type=PageViewRestriction.PASSWORD, password="x"
    )
    assert not all_slugs(client) & inside
    assert "provinsi-jawa-tengah" not in facet_table(get(client))["hub"]
    assert_consistent(client)


def test_unpublishing_a_hub_hides_its_innovations(site, client):
    hub = HubPage.objects.get(slug="provinsi-sulawesi-selatan")
    inside = all_slugs(client, hub="provinsi-sulawesi-selatan")
    assert inside
    hub.unpublish()
    assert not all_slugs(client) & inside
    assert "73" not in facet_table(get(client))["province"]
    assert_consistent(client)

    hub.get_latest_revision().publish()
    assert all_slugs(client, hub="provinsi-sulawesi-selatan") == inside
    assert_consistent(client)


def test_moving_updates_the_hub_facet(site, client):
    page = site.page("posko-aduan")
    before = facet_table(get(client))["hub"]
    target = HubPage.objects.get(slug="provinsi-jawa-tengah")

    page.move(target, pos="last-child")

    assert page.slug in all_slugs(client, hub="provinsi-jawa-tengah")
    assert page.slug not in all_slugs(client, hub="provinsi-sulawesi-selatan")
    after = facet_table(get(client))["hub"]
    assert after["provinsi-jawa-tengah"][0] == before["provinsi-jawa-tengah"][0] + 1
    assert after["provinsi-sulawesi-selatan"][0] == before["provinsi-sulawesi-selatan"][0] - 1
    assert_consistent(client)
    # And the result links to the page where it now lives.
    hit = next(r for r in get(client, q="posko aduan")["results"] if r["slug"] == page.slug)
    assert "/provinsi-jawa-tengah/" in hit["url"]


def test_deleting_removes_it(site, client):
    page = site.page("drone-tani")
    total = get(client)["total"]
    page.delete()
    assert get(client, q="drone")["total"] == 0
    assert get(client)["total"] == total - 1
    assert "pertanian" not in facet_table(get(client))["sector"]
    assert_consistent(client)


def test_deleting_a_replication_updates_the_original(site, client):
    """The original's replication count (sort=replicated) follows its replications."""
    first = get(client, sort="replicated")["results"][0]["slug"]
    assert first == site.pages["cegah-stunting"].slug
    for key in ("gizi-garut", "gizi-gowa"):
        site.page(key).delete()
    order = [r["slug"] for r in get(client, sort="replicated")["results"]]
    assert order[0] == site.pages["perpus-keliling"].slug


def test_hidden_original_title_does_not_find_its_replications(site, client):
    """A replication's lineage names its original only while the original is public."""
    replicas = site.slugs(["gizi-garut", "gizi-gowa", "gizi-malang"])
    assert all_slugs(client, q="brebes") == site.slugs(["cegah-stunting"]) | replicas

    site.page("cegah-stunting").unpublish()
    assert all_slugs(client, q="brebes") == set()

    site.page("cegah-stunting").get_latest_revision().publish()
    assert all_slugs(client, q="brebes") == site.slugs(["cegah-stunting"]) | replicas


@pytest.mark.parametrize("hide", ["unpublish", "restrict"])
def test_hiding_a_hub_updates_lineage_in_other_hubs(site, client, hide):
    """Jawa Tengah holds an original (cegah-stunting, replicated in Jawa Barat, Sulawesi
    Selatan and Jawa Timur) and a replication of perpus-keliling (Jawa Timur)."""
    hub = HubPage.objects.get(slug="provinsi-jawa-tengah")
    if hide == "unpublish":
        hub.unpublish()
    else:
        PageViewRestriction.objects.create(
            page=hub, restriction_type=PageViewRestriction.PASSWORD, password="x"
        )
    # The original's title no longer finds the replications elsewhere ...
    assert all_slugs(client, q="brebes") == set()
    # ... and the hidden replication no longer counts for its original.
    records = visible_records()
    order = [r["slug"] for r in get(client, sort="replicated", page_size=50)["results"]]
    counts = [records[slug]["_replications"] for slug in order]
    assert counts == sorted(counts, reverse=True)
    assert records[site.pages["perpus-keliling"].slug]["_replications"] == 1
    assert order[0] == site.pages["perpus-keliling"].slug
