"""Field weights, highlighting, result links, sorting and pagination."""

import re

import pytest

from .oracle import all_results, all_slugs, get, visible_records

MARK = re.compile(r"<mark>(.*?)</mark>")


# --- field weights ----------------------------------------------------------------------


def test_title_match_ranks_above_body_only_match(site, client):
    results = get(client, q="ambulans")["results"]
    slugs = [r["slug"] for r in results]
    assert slugs == [site.pages["ambulans-desa"].slug, site.pages["rujukan-pasien"].slug]
    assert results[0]["score"] > results[1]["score"]


def test_title_match_ranks_above_summary_match(site, client):
    # "drone" is in drone-tani's title; nowhere else. "rumah sakit": title of akta-lahir,
    # summary of rujukan-pasien.
    results = get(client, q="kelahiran")["results"]
    assert results[0]["slug"] == site.pages["akta-lahir"].slug


def test_scores_descend_under_relevance(site, client):
    for q in ("perpustakaan", "gizi balita", "desa warga"):
        scores = [r["score"] for r in all_results(client, q=q)]
        assert all(isinstance(s, float) for s in scores), q
        assert scores == sorted(scores, reverse=True), q


# --- highlighting -----------------------------------------------------------------------


def test_snippet_marks_the_matched_word_of_the_part_that_matched(site, client):
    results = {r["slug"]: r for r in get(client, q="ambulans")["results"]}
    body = results[site.pages["rujukan-pasien"].slug]["snippet"]
    assert body == "Armada <mark>ambulans</mark> tiba lebih cepat ke rumah sakit rujukan."
    title = results[site.pages["ambulans-desa"].slug]["snippet"]
    assert MARK.findall(title) == ["Ambulans"]  # original case, from the title


@pytest.mark.parametrize(
    "q,key,marked",
    [
        ("melayani", "jemput-lansia", "melayani"),
        ("pelayanan", "posko-aduan", "Layanan"),
        ("layanan", "mpp-surabaya", "Pelayanan"),
        ("tengkes", "cegah-stunting", "stunting"),
        ("permit", "licensing-en", "permits"),
    ],
)
def test_snippet_marks_stem_and_synonym_matches(site, client, q, key, marked):
    results = {r["slug"]: r for r in all_results(client, q=q)}
    snippet = results[site.pages[key].slug]["snippet"]
    assert marked in MARK.findall(snippet), snippet


def test_snippets_are_escaped_html(site, client):
    # Only the title has "zentrika"; the summary holds an <img onerror> and the tagline <b>.
    hit = get(client, q="zentrika")["results"][0]
    assert hit["snippet"] == "&lt;script&gt;alert(1)&lt;/script&gt; <mark>Zentrika</mark> Aduan"
    hit = get(client, q="rahasia")["results"][0]
    assert "&lt;img src=x onerror=alert(2)&gt;" in hit["snippet"]
    assert "<mark>rahasia</mark>" in hit["snippet"]
    hit = get(client, q="kanal")["results"][0]
    assert hit["snippet"] == "<mark>Kanal</mark> aduan &lt;b&gt;tanpa&lt;/b&gt; nama."


def test_no_markup_but_mark_in_any_snippet(site, client):
    for q in ("zentrika", "aduan", "rahasia", "kanal", "warga", "perpustakaan desa", ""):
        for result in all_results(client, q=q):
            assert re.sub(r"</?mark>", "", result["snippet"]).count("<") == 0, (q, result)


def test_plain_text_fields_are_json_text_not_html(site, client):
    """title and tagline are plain text (escaped by whoever renders them), never HTML that
    was pre-escaped or stripped: they come back exactly as written."""
    response = client.get("/api/v1/search/", {"q": "zentrika"})
    assert response["Content-Type"] == "application/json"
    hit = response.json()["results"][0]
    assert hit["title"] == "<script>alert(1)</script> Zentrika Aduan"
    assert hit["tagline"] == "Kanal aduan <b>tanpa</b> nama."


def test_browsing_has_unmarked_snippets(site, client):
    for result in get(client, page_size=50)["results"]:
        assert "<mark>" not in result["snippet"]


# --- result links -----------------------------------------------------------------------


def test_result_urls_serve_the_page(site, client):
    results = get(client, q="gizi", page_size=50)["results"]
    assert results
    for result in results:
        response = client.get(result["url"])
        assert response.status_code == 200, result["url"]
        assert result["title"] in response.content.decode()


# --- sorting ----------------------------------------------------------------------------


def test_newest_sorts_by_year_launched(site, client):
    records = visible_records()
    for params in ({}, {"q": "desa", "sort": "newest"}, {"q": "gizi", "sort": "newest"}):
        slugs = [r["slug"] for r in all_results(client, **params)]
        years = [records[s]["_year"] for s in slugs]
        assert years == sorted(years, reverse=True), params
        assert get(client, **params)["sort"] == "newest"
        assert all(r["score"] is None for r in get(client, **params)["results"])
    assert get(client, q="desa")["sort"] == "relevance"
    # year_launched in results is the page's year.
    for result in all_results(client, sort="newest"):
        assert result["year_launched"] == records[result["slug"]]["_year"]


def test_relevance_without_words_means_newest(site, client):
    data = get(client, sort="relevance", page_size=50)
    assert data["sort"] == "newest"
    years = [r["year_launched"] for r in data["results"]]
    assert years == sorted(years, reverse=True)


def test_replicated_sorts_most_replications_first(site, client):
    records = visible_records()
    for params in ({"sort": "replicated"}, {"sort": "replicated", "q": "perpustakaan gizi"}):
        slugs = [r["slug"] for r in all_results(client, **params)]
        counts = [records[s]["_replications"] for s in slugs]
        assert counts == sorted(counts, reverse=True), params
    order = [r["slug"] for r in get(client, sort="replicated")["results"]]
    # cegah-stunting: 3 public replications. perpus-keliling: 2 public, plus a draft and a
    # private one that must not count (with them it would be first).
    assert order[:2] == [site.pages["cegah-stunting"].slug, site.pages["perpus-keliling"].slug]
    assert records[order[0]]["_replications"] == 3
    assert records[order[1]]["_replications"] == 2


def test_sort_keeps_the_same_set(site, client):
    for q in ("", "desa", "gizi"):
        sets = [all_slugs(client, q=q, sort=s) for s in ("relevance", "newest", "replicated")]
        assert sets[0] == sets[1] == sets[2], q


# --- pagination -------------------------------------------------------------------------


@pytest.mark.parametrize(
    "params",
    [
        {"q": "inovasi"},
        {"q": "desa warga"},
        {},
        {"sort": "replicated"},
        {"q": "desa", "sort": "newest"},
    ],
)
def test_pages_continue_without_overlap(site, client, params):
    everything = [r["slug"] for r in get(client, **params, page_size=50)["results"]]
    total = get(client, **params, page_size=50)["total"]
    assert total == len(everything) > 7
    pages, page = [], 1
    while True:
        data = get(client, **params, page=page, page_size=7)
        assert data["total"] == total
        assert data["page"] == page
        assert data["page_size"] == 7
        if not data["results"]:
            break
        pages.append([r["slug"] for r in data["results"]])
        page += 1
    assert [len(p) for p in pages[:-1]] == [7] * (len(pages) - 1)
    flat = [slug for p in pages for slug in p]
    assert len(flat) == len(set(flat)) == total
    assert flat == everything  # the same order as one big page


def test_page_beyond_the_end(site, client):
    total = get(client, q="inovasi")["total"]
    for page in (total // 10 + 2, 999, 1000):
        data = get(client, q="inovasi", page=page)
        assert data["results"] == []
        assert data["total"] == total
        assert data["page"] == page
        assert sum(v["count"] for v in data["facets"]["level"]) == total


def test_default_page_size(site, client):
    data = get(client, q="inovasi")
    assert data["page"] == 1
    assert data["page_size"] == 10
    assert len(data["results"]) == 10
