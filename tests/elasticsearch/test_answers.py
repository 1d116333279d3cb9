"""The cluster's answers mapped into a SearchResponse: hits, snippets, facets, corrections;
and answers that must not be shown as they are: failed shards, a field too long to
highlight, and a cluster that refuses fuzzy queries."""

import logging

from search.backends.elasticsearch.mappings import FACET_FIELDS
from search.query import SearchRequest
from search.service import similar_innovations

from .clauses import concept, fuzzy_concept, hit, search_answer
from .conftest import ALIAS, API, NOTICE, database_engine


def test_an_answer_maps_into_a_search_response(built, es, fake):
    fake.search_handler = lambda body, recorded: search_answer(
        hits=[
            hit(
                11,
                "Gerakan Cegah Stunting Brebes",
                7.25,
                highlight={
                    "text_id.summary": [
                        "Kader mendampingi keluarga untuk menurunkan angka \ue000stunting\ue001."
                    ]
                },
                tagline="Pendampingan gizi balita di posyandu.",
                summary="Kader mendampingi keluarga untuk menurunkan angka stunting.",
            ),
            hit(
                12,
                "<b>Kanal</b> Gizi",
                3.5,
                highlight={"text_id.title": ["<b>Kanal</b> \ue000Gizi\ue001"]},
                province="32",
            ),
        ],
        total=2,
        facets={
            "province": [("33", 1), ("32", 1)],
            "sector": [("kesehatan", 2)],
            "year": [(2021, 2)],
        },
        concepts={"c0": 2, "query": 2},
    )
    request = SearchRequest(q="tengkes", filters={"province": ["33", "94"]})
    response = es.search(request)

    assert response.backend == "elasticsearch"
    assert response.total == 2
    assert response.suggestion is None and not response.corrected
    first, second = response.hits
    assert (first.page_id, first.slug, first.title, first.score) == (
        11, "slug-11", "Gerakan Cegah Stunting Brebes", 7.25,
    )  # fmt: skip
    assert (
        first.snippet == "Kader mendampingi keluarga untuk menurunkan angka <mark>stunting</mark>."
    )
    assert (first.province_name, first.sector_name, first.year_launched) == (
        "Jawa Tengah", "Kesehatan", 2021,
    )  # fmt: skip
    assert first.tagline == "Pendampingan gizi balita di posyandu."
    assert second.snippet == "&lt;b&gt;Kanal&lt;/b&gt; <mark>Gizi</mark>"  # escaped but <mark>
    provinces = {v.value: (v.count, v.selected, v.label) for v in response.facets["province"]}
    assert provinces == {
        "33": (1, True, "Jawa Tengah"),
        "32": (1, False, "Jawa Barat"),
        "94": (0, True, "Papua Tengah"),  # selected, no innovation: still listed
    }
    assert [(v.value, v.count) for v in response.facets["year"]] == [("2021", 2)]
    assert set(response.facets) == set(FACET_FIELDS)


def test_a_typo_is_answered_for_the_correction(built, es, fake):
    answers = [
        search_answer(
            total=0,
            concepts={"c0": 0, "query": 0},
            suggestion=("perpustkaan", "perpustakaan"),
        ),
        search_answer(
            hits=[hit(7, "Perpustakaan Keliling Desa", 4.0)],
            concepts={"c0": 3, "query": 3},
        ),
    ]
    fake.search_handler = lambda body, recorded: answers.pop(0)
    response = es.search(SearchRequest(q="Perpustkaan"))
    assert response.suggestion == "perpustakaan"
    assert response.corrected is True
    assert [h.page_id for h in response.hits] == [7]
    first, retry = fake.calls("POST", "/_search")
    assert first.body["suggest"]["text"] == "perpustkaan"
    assert retry.body["query"]["bool"]["should"] == [concept("perpustakaan", "c0")]
    assert "suggest" not in retry.body


def test_no_suggestion_when_every_concept_matches(built, es, fake):
    # The suggester may propose something; every concept matched, so it is not a typo.
    fake.search_handler = lambda body, recorded: search_answer(
        hits=[hit(7, "Bank Sampah", 1.0)],
        concepts={"c0": 1, "query": 1},
        suggestion=("sampah", "sampai"),
    )
    response = es.search(SearchRequest(q="sampah"))
    assert response.suggestion is None and not response.corrected
    assert len(fake.calls("POST", "/_search")) == 1


def test_a_suggestion_that_finds_nothing_is_shown_but_not_answered_for(built, es, fake):
    answers = [
        search_answer(concepts={"c0": 0, "c1": 5, "query": 5}, total=5,
                      hits=[hit(3, "Desa", 1.0)], suggestion=("qwerty desa", "qwert desa")),
        search_answer(concepts={"c0": 0, "c1": 5, "query": 5}, total=5),
        search_answer(total=6, hits=[hit(3, "Desa", 1.0), hit(4, "Qwerti Desa", 0.2)]),
    ]  # fmt: skip
    fake.search_handler = lambda body, recorded: answers.pop(0)
    response = es.search(SearchRequest(q="qwerty desa"))
    assert response.suggestion == "qwert desa"
    assert response.corrected is False
    # The correction did not find every word: the typed query is answered, its unknown
    # word matched fuzzily (the third request).
    first, retry, fuzzy = fake.calls("POST", "/_search")
    assert retry.body["query"]["bool"]["should"] == [concept("qwert", "c0"), concept("desa", "c1")]
    assert fuzzy.body["query"]["bool"]["should"] == [
        fuzzy_concept("qwerty", "c0"),
        concept("desa", "c1"),  # found exactly: never fuzzy
    ]
    assert [h.page_id for h in response.hits] == [3, 4]
    assert response.total == 6


def test_the_api_says_elasticsearch_answered(built, es, fake, client):
    data = client.get(API, {"q": "gizi"})
    assert data.status_code == 200
    assert data["X-Search-Backend"] == "elasticsearch"
    payload = data.json()
    assert payload["backend"] == "elasticsearch"
    assert payload["notice"] is None
    assert [r["slug"] for r in payload["results"]] == [built.slug]


# --- answers that must not be shown as they are ---------------------------------------------


def test_an_answer_with_failed_shards_is_not_shown_as_complete(built, es, fake, client, caplog):
    """A shard that did not answer takes its documents and counts with it: the database
    engine answers instead, with the notice, and the cluster is given a rest."""
    fake.failed_shards = {
        "total": 2,
        "failed": 1,
        "reason": {"type": "node_not_connected_exception", "reason": "[es2] not connected"},
    }
    with caplog.at_level(logging.WARNING, logger="search"):
        data = client.get(API, {"q": "gizi"}).json()
    assert data["backend"] == database_engine() and data["notice"] == NOTICE
    assert [r["slug"] for r in data["results"]] == [built.slug]
    assert "1 of 2 shards failed (node_not_connected_exception: [es2] not connected)" in (
        caplog.text
    )
    asked = len(fake.calls("POST", "/_search"))
    assert similar_innovations(built.pk) == []  # from the database engine, without asking
    assert len(fake.calls("POST", "/_search")) == asked

    fake.failed_shards = None
    es.reset()
    assert client.get(API, {"q": "gizi"}).json()["backend"] == "elasticsearch"


def test_a_field_too_long_to_highlight_does_not_fail_the_search(built, es, fake, client):
    """Elasticsearch refuses to highlight a field of more than 1,000,000 characters
    (index.highlight.max_analyzed_offset) unless the search bounds the analysis; without
    the bound one such document fails every search that finds it."""
    (index,) = fake.resolve(ALIAS)
    source = fake.indices[index]["docs"][str(built.pk)]["_source"]
    source["text_id"]["background"] = "Warga desa melapor. " * 60_000  # 1.2 million
    data = client.get(API, {"q": "gizi"}).json()
    assert data["backend"] == "elasticsearch" and data["notice"] is None
    assert [r["slug"] for r in data["results"]] == [built.slug]


def test_a_cluster_refusing_fuzzy_queries_still_answers_typos(built, es, fake, client, caplog):
    """With search.allow_expensive_queries false the cluster refuses the fuzzy body (400).
    The exact answer stands, and the process stops sending fuzzy bodies."""
    fake.allow_expensive_queries = False
    fake.search_handler = lambda body, recorded: search_answer(concepts={"c0": 0, "query": 0})
    with caplog.at_level(logging.WARNING, logger="search"):
        data = client.get(API, {"q": "stuntng"}).json()
    assert data["backend"] == "elasticsearch" and data["notice"] is None
    assert data["total"] == 0
    exact, refused = fake.calls("POST", "/_search")
    assert "fuzziness" in str(refused.body) and "fuzziness" not in str(exact.body)
    assert "search.allow_expensive_queries is false" in caplog.text

    fake.requests.clear()
    data = client.get(API, {"q": "perpustkaan"}).json()
    assert data["backend"] == "elasticsearch" and data["notice"] is None
    (only,) = fake.calls("POST", "/_search")  # no fuzzy body any more
    assert "fuzziness" not in str(only.body)
