"""What a search sends: the body for a query with facet selections (query, post_filter,
one filtered aggregation per facet, highlight, suggester, preference), browsing sorts and
year filters, more-like-this, and the fuzzy body for a typo. Full bodies are pinned in
bodies/*.json."""

import json

from search.backends.elasticsearch.queries import SOURCE_FIELDS
from search.models import Synonym
from search.query import SearchRequest

from .clauses import FIELDS, buckets, concept, fuzzy_concept, hit, search_answer
from .conftest import ALIAS, load_body


def test_search_body_for_two_provinces_and_a_sector(built, es, fake):
    request = SearchRequest(q="Gizi balita", filters={"province": ["32", "35"],
                                                      "sector": ["kesehatan"]})  # fmt: skip
    es.search(request)

    (search,) = fake.calls("POST", "/_search")
    assert search.path == f"/{ALIAS}/_search"
    # One preference string per query and selection: pages come from the same shard copies.
    assert search.query == {"preference": "q534a6ea51ff4d27c"}
    # Concepts as words in the weighted fields; disjunctive facets (each facet's counts
    # apply the *other* selections); whole fields highlighted, their analysis bounded; the
    # phrase suggester with the database speller's distances.
    assert search.body == load_body("search_two_provinces_and_a_sector")
    assert search.body["highlight"]["max_analyzed_offset"] == 1_000_000
    assert search.body["query"]["bool"]["should"] == [concept("gizi", "c0"),
                                                      concept("balita", "c1")]  # fmt: skip


def test_a_selected_tag_outside_the_most_frequent_keeps_its_count(built, es, fake):
    """Tags and awards are open-ended: with more values than buckets, a selected one that
    is not among the most frequent is counted by its own terms aggregation."""

    def answer(body, recorded):
        result = search_answer(
            hits=[hit(5, "Kampung Gizi", 1.0)],
            facets={"tag": [("gizi", 40), ("balita", 12)]},  # the top buckets
        )
        result["aggregations"]["tag"]["selected"] = buckets(("literasi", 9), ("zz-langka", 3))
        return result

    fake.search_handler = answer
    response = es.search(SearchRequest(filters={"tag": ["zz-langka", "literasi"]}))
    (search,) = fake.calls("POST", "/_search")
    tag = search.body["aggs"]["tag"]
    assert tag["aggs"] == {
        "values": {"terms": {"field": "tag", "size": 1000}},
        "selected": {"terms": {"field": "tag", "include": ["literasi", "zz-langka"], "size": 2}},
    }
    assert "selected" not in search.body["aggs"]["province"]["aggs"]  # closed vocabularies
    tags = {v.value: (v.count, v.selected) for v in response.facets["tag"]}
    assert tags == {
        "gizi": (40, False),
        "balita": (12, False),
        "literasi": (9, True),
        "zz-langka": (3, True),
    }


def test_browsing_bodies_sort_and_filter_years(built, es, fake):
    es.search(SearchRequest(sort="replicated", filters={"year": ["2019", "2023"]},
                            year_from=2018, year_to=2021, page=3, page_size=20))  # fmt: skip
    (search,) = fake.calls("POST", "/_search")
    body = search.body
    years = {
        "bool": {
            "filter": [
                {"terms": {"year": [2023, 2019]}},
                {"range": {"year": {"gte": 2018, "lte": 2021}}},
            ]
        }
    }
    assert body["query"] == {"match_all": {}}
    assert (body["from"], body["size"]) == (40, 20)
    assert body["sort"] == [
        {"replication_count": {"order": "desc"}},
        {"year": {"order": "desc", "missing": "_last"}},
        {"published_at": {"order": "desc", "missing": "_last"}},
        {"page_id": {"order": "desc"}},
    ]
    assert body["post_filter"] == {"bool": {"filter": [years]}}
    assert body["aggs"]["year"]["filter"] == {"match_all": {}}  # its own selection ignored
    assert body["aggs"]["province"]["filter"] == {"bool": {"filter": [years]}}
    assert "highlight" not in body and "suggest" not in body and "concepts" not in body["aggs"]

    fake.requests.clear()
    es.search(SearchRequest(q="desa", sort="newest"))
    (search,) = fake.calls("POST", "/_search")
    assert search.body["sort"] == [
        {"year": {"order": "desc", "missing": "_last"}},
        {"published_at": {"order": "desc", "missing": "_last"}},
        {"page_id": {"order": "desc"}},
    ]


def test_the_daerah_serupa_order_ranks_places_by_a_script(built, es, fake):
    layers = (("32.11",), ("32", "32.10"))  # Sumedang, then Majalengka and Jawa Barat itself
    es.search(SearchRequest(q="desa", sort="similar", near="32.11", near_layers=layers))
    (search,) = fake.calls("POST", "/_search")
    closeness, *rest = search.body["sort"]
    script = closeness["_script"]
    assert (script["type"], script["order"]) == ("number", "desc")
    assert script["script"]["params"] == {
        "regencies": {"32.11": 2, "32.10": 1},
        "provinces": {"32": 1},  # province-level documents only (a kabupaten has its own)
    }
    assert "doc['regency']" in script["script"]["source"]
    assert rest == [{"_score": {"order": "desc"}}, {"page_id": {"order": "desc"}}]


def test_similar_body(built, es, fake):
    fake.search_handler = lambda body, recorded: search_answer(
        hits=[{"_id": "41", "_score": 3.2}, {"_id": str(built.pk), "_score": 9.0}]
    )
    assert es.similar(built.pk, limit=5) == [41]  # never the record itself
    assert es.similar(999_999) == []  # not in the index: the cluster is not asked
    (search,) = fake.calls("POST", "/_search")
    # More-like-this on title, acronym, tagline, tags, lineage and summary.
    assert search.body == load_body("similar", page_id=str(built.pk))


# --- typos: fuzzy matching -----------------------------------------------------------------


def test_search_body_for_a_typo_matches_it_fuzzily(built, es, fake):
    """'stuntng' is found nowhere and the suggester has no correction: the second body
    matches it fuzzily, with the database speller's distances."""
    answers = [
        search_answer(concepts={"c0": 0, "query": 0}, total=0),
        search_answer(
            hits=[
                hit(11, "Gerakan Cegah Stunting", 0.4,
                    highlight={"text_id.title": ["Gerakan Cegah \ue000Stunting\ue001"]}),
            ],
            facets={"province": [("33", 1)]},
        ),
    ]  # fmt: skip
    fake.search_handler = lambda body, recorded: answers.pop(0)
    response = es.search(SearchRequest(q="Stuntng", filters={"province": ["33"]}))

    assert [h.page_id for h in response.hits] == [11]
    assert response.hits[0].snippet == "Gerakan Cegah <mark>Stunting</mark>"
    assert response.suggestion is None and response.corrected is False
    first, fuzzy = fake.calls("POST", "/_search")
    assert first.body["query"] == {
        "bool": {"should": [concept("stuntng", "c0")], "minimum_should_match": 1}
    }  # the first, exact body is the one pinned above: no fuzziness
    assert "fuzziness" not in json.dumps(first.body["query"])
    assert fuzzy.query == first.query  # same preference: same shard copies
    # The facets' filter aggregations apply the province selection to every other facet,
    # with no "concepts" aggregation: the counts came with the exact body.
    assert fuzzy.body == load_body("search_typo_fuzzy")
    assert fuzzy.body["_source"] == SOURCE_FIELDS
    assert fuzzy.body["query"]["bool"]["should"] == [fuzzy_concept("stuntng", "c0")]
    assert "concepts" not in fuzzy.body["aggs"]


def test_a_typo_request_carries_fuzziness_and_exact_matches_outrank_fuzzy_ones(built, es, fake):
    answers = [search_answer(concepts={"c0": 0, "query": 0}), search_answer()]
    fake.search_handler = lambda body, recorded: answers.pop(0)
    es.search(SearchRequest(q="perpustkaan"))
    _, typo = fake.calls("POST", "/_search")
    ((clause,),) = [typo.body["query"]["bool"]["should"]]
    # dis_max: a document scores by its better clause, never by the sum of both, so the
    # fuzzy variants of a word cannot lift a document above one that has the word itself.
    exact, fuzzy = clause["dis_max"]["queries"]
    assert "tie_breaker" not in clause["dis_max"]  # 0: only the better clause counts
    assert "fuzziness" not in exact["multi_match"]
    assert exact["multi_match"]["fields"] == FIELDS  # the weighted fields
    assert exact["multi_match"]["boost"] > fuzzy["bool"]["boost"]
    # Even a fuzzy hit in the title (weight 10) weighs less than an exact one in the body.
    assert fuzzy["bool"]["boost"] * 10 < exact["multi_match"]["boost"] * 1
    (weighted,) = fuzzy["bool"]["must"]
    assert weighted["multi_match"]["fields"] == FIELDS
    assert weighted["multi_match"]["type"] == "best_fields"  # fuzziness is not allowed with
    # cross_fields, phrase or phrase_prefix
    assert (
        weighted["multi_match"]["fuzziness"],
        weighted["multi_match"]["prefix_length"],
        weighted["multi_match"]["max_expansions"],
    ) == ("AUTO:4,6", 1, 20)  # 4-5 letters one edit, 6+ two, as the database speller
    (surface,) = fuzzy["bool"]["filter"]
    assert surface == {
        "match": {
            "did_you_mean": {
                "query": "perpustkaan",
                "fuzziness": "AUTO:4,6",
                "prefix_length": 1,
                "max_expansions": 20,
            }
        }
    }


def test_words_the_index_has_synonyms_short_words_and_numbers_are_never_fuzzy(built, es, fake):
    # Every concept found: one exact request, as the database engines answer.
    fake.search_handler = lambda body, recorded: search_answer(
        hits=[hit(7, "Bank Sampah", 1.0)], concepts={"c0": 1, "c1": 1, "query": 1}
    )
    es.search(SearchRequest(q="sampah desa"))
    (only,) = fake.calls("POST", "/_search")
    assert "fuzziness" not in json.dumps(only.body)
    # Found nowhere, but a synonym ("tengkes"), a short word, a number: no fuzzy request.
    fake.requests.clear()
    fake.search_handler = lambda body, recorded: search_answer(
        concepts={"c0": 0, "c1": 0, "c2": 0, "query": 0}
    )
    assert Synonym.objects.filter(terms__icontains="tengkes").exists()
    response = es.search(SearchRequest(q="tengkes ktp 2021"))
    assert not any("fuzziness" in json.dumps(c.body) for c in fake.calls("POST", "/_search"))
    assert response.total == 0
    # A word with nothing close next to a found word: set aside, as the database engines
    # do, and the found word answered for; nothing is fuzzy.
    fake.requests.clear()
    answers = [
        search_answer(concepts={"c0": 5, "c1": 0, "query": 0}),
        search_answer(concepts={"c0": 5, "query": 5}, hits=[hit(7, "Bank Sampah", 1.0)]),
    ]
    fake.search_handler = lambda body, recorded: answers.pop(0)
    response = es.search(SearchRequest(q="sampah xqzvbk"))
    assert response.ignored == ["xqzvbk"] and [h.page_id for h in response.hits] == [7]
    _, retry = fake.calls("POST", "/_search")
    assert retry.body["query"]["bool"]["should"] == [concept("sampah", "c0")]
    assert "fuzziness" not in json.dumps(retry.body)
