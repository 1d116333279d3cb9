"""The cluster's answers mapped into a SearchResponse: hits, snippets, facets, corrections;
and answers that must not be shown as they are: failed shards, a field too long to
highlight, and a cluster that refuses fuzzy queries."""

import json
import logging

from search.backends.elasticsearch.mappings import FACET_FIELDS
from search.query import SearchRequest
from search.service import similar_innovations
from tests.factories import create_innovation

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


def test_a_typo_is_answered_for_the_correction(built, es, fake, commit):
    """Corrections come from search.corrections with the database speller, as on every
    engine: the closest frequent word of the collection."""
    with commit():
        create_innovation(title="Perpustakaan Keliling Desa")
    answers = [
        search_answer(total=0, concepts={"c0": 0, "query": 0}),
        search_answer(
            hits=[hit(7, "Perpustakaan Keliling Desa", 4.0)],
            concepts={"c0": 3, "query": 3},
        ),
    ]
    fake.search_handler = lambda body, recorded: answers.pop(0)
    response = es.search(SearchRequest(q="Perpustkaan"))
    assert response.suggestion == "perpustakaan"
    assert response.corrected is True and response.ignored == []
    assert [h.page_id for h in response.hits] == [7]
    first, retry = fake.calls("POST", "/_search")
    assert "suggest" not in first.body  # no phrase suggester: the speller decides
    assert retry.body["query"]["bool"]["should"] == [concept("perpustakaan", "c0")]


def test_no_correction_when_every_concept_matches(built, es, fake):
    fake.search_handler = lambda body, recorded: search_answer(
        hits=[hit(7, "Bank Sampah", 1.0)], concepts={"c0": 1, "query": 1}
    )
    response = es.search(SearchRequest(q="sampah"))
    assert response.suggestion is None and not response.corrected and response.ignored == []
    assert len(fake.calls("POST", "/_search")) == 1


def test_words_no_document_has_are_set_aside_and_named(built, es, fake):
    """A real word the collection lacks ("selam") and a typo with nothing close ("xqzvbk")
    are never replaced: set aside, named, and the other words answered for, as the
    database engines answer."""
    answers = [
        search_answer(concepts={"c0": 0, "c1": 5, "c2": 0, "query": 0}, total=0),
        search_answer(concepts={"c0": 5, "query": 5}, total=5, hits=[hit(3, "Gizi", 1.0)]),
    ]
    fake.search_handler = lambda body, recorded: answers.pop(0)
    response = es.search(SearchRequest(q="selam gizi xqzvbk"))
    assert response.ignored == ["selam", "xqzvbk"]
    assert response.suggestion is None and response.corrected is False
    assert [h.page_id for h in response.hits] == [3] and response.total == 5
    first, retry = fake.calls("POST", "/_search")
    assert retry.body["query"]["bool"]["should"] == [concept("gizi", "c0")]
    assert "fuzziness" not in json.dumps(retry.body)  # the words found something


def test_words_found_nowhere_at_all_are_matched_fuzzily(built, es, fake):
    answers = [
        search_answer(concepts={"c0": 0, "query": 0}, total=0),
        search_answer(total=1, hits=[hit(4, "Qwerti Desa", 0.2)]),
    ]
    fake.search_handler = lambda body, recorded: answers.pop(0)
    response = es.search(SearchRequest(q="qwertiz"))
    first, fuzzy = fake.calls("POST", "/_search")
    assert fuzzy.body["query"]["bool"]["should"] == [fuzzy_concept("qwertiz", "c0")]
    assert [h.page_id for h in response.hits] == [4] and response.total == 1
    assert response.ignored == []  # found fuzzily after all: not set aside


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
