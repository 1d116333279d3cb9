"""Which concepts a record must match, on Elasticsearch as on the database engines
(search.matching): the common-words rule and the words a record's language can hold. The
first body asks a majority of all the concepts and counts each per language; when the
counts call for another rule, the words are asked again with it. The body for an English
query over records of both languages is pinned in bodies/search_english_over_both_languages.json."""

from search.query import SearchRequest

from .clauses import concept, hit, search_answer
from .conftest import load_body

SIZE = 300  # documents in the index: the common-words rule applies from 100


def counted(counts, hits=()):
    """A handler answering with the concepts' counts per language ({concept: {"id": n,
    "en": n}}, as the concept aggregation of every exact body brings them): the first body
    with no hits, every later one with `hits`."""
    asked = []

    def answer(body, recorded):
        asked.append(body)
        found = list(hits) if len(asked) > 1 else []
        result = search_answer(hits=found)
        filters = body["aggs"]["concepts"]["aggs"]["matches"]["filters"]["filters"]
        buckets = {"query": {"doc_count": len(found), "languages": {"buckets": []}}}
        for key, clause in filters.items():
            if key == "query":
                continue
            by_language = counts[clause["multi_match"]["query"]]
            buckets[key] = {
                "doc_count": sum(by_language.values()),
                "languages": {
                    "buckets": [{"key": k, "doc_count": n} for k, n in by_language.items() if n]
                },
            }
        result["aggregations"]["concepts"] = {"doc_count": SIZE, "matches": {"buckets": buckets}}
        return result

    return answer


def named(*words):
    return {word: concept(word, f"c{i}") for i, word in enumerate(words)}


def test_an_english_query_asks_of_indonesian_records_only_the_words_that_cross(built, es, fake):
    """ "innovation" is in 130 of 300 records: common, it ranks but does not decide. Of the
    four that decide, "business" and "entrepreneurs" are in no Indonesian record, so an
    Indonesian record needs one of "clinic" and "library"; an English one two of the four."""
    fake.search_handler = counted(
        {
            "innovation": {"en": 90, "id": 40},
            "clinic": {"en": 5, "id": 30},
            "library": {"en": 10, "id": 40},
            "business": {"en": 8, "id": 0},
            "entrepreneurs": {"en": 3, "id": 0},
        },
        hits=[hit(7, "Perpustakaan Keliling", 2.0)],
    )
    request = SearchRequest(q="innovation clinic library for business entrepreneurs", language="en")
    response = es.search(request)

    first, second = fake.calls("POST", "/_search")
    c = named("innovation", "clinic", "library", "business", "entrepreneurs")
    # The first body: a majority of all five, and each concept counted per language.
    assert first.body["query"] == {"bool": {"should": list(c.values()), "minimum_should_match": 3}}
    assert first.body["aggs"]["concepts"]["aggs"]["matches"]["aggs"] == {
        "languages": {"terms": {"field": "language", "size": 2}}
    }
    # The second: one branch per side of the language line, each with its own minimum.
    english = {
        "bool": {
            "must": [
                {
                    "bool": {
                        "should": [c["clinic"], c["library"], c["business"], c["entrepreneurs"]],
                        "minimum_should_match": 2,
                    }
                }
            ],
            "should": [c["innovation"]],
            "filter": [{"term": {"language": "en"}}],
        }
    }
    indonesian = {
        "bool": {
            "must": [{"bool": {"should": [c["clinic"], c["library"]], "minimum_should_match": 1}}],
            "should": [c["innovation"], c["business"], c["entrepreneurs"]],
            "must_not": [{"term": {"language": "en"}}],
        }
    }
    assert second.body["query"] == {
        "bool": {"should": [english, indonesian], "minimum_should_match": 1}
    }
    assert second.body == load_body("search_english_over_both_languages")
    assert second.query == first.query  # the same shard copies
    # The whole query's count (corrections read it) follows the same rule.
    query_bucket = second.body["aggs"]["concepts"]["aggs"]["matches"]["filters"]["filters"]
    assert query_bucket["query"]["bool"]["should"][1]["bool"]["must_not"] == [
        {"term": {"language": "en"}}
    ]
    # What the user sees is the second answer's.
    assert [h.page_id for h in response.hits] == [7] and response.total == 1


def test_common_words_rank_but_do_not_decide(built, es, fake):
    """An Indonesian query whose words are all in records of both languages: no language
    branches, but "inovasi" (in 200 of 300 records) does not count towards the minimum."""
    fake.search_handler = counted(
        {
            "inovasi": {"id": 150, "en": 50},
            "sampah": {"id": 20, "en": 2},
            "sekolah": {"id": 10, "en": 4},
        }
    )
    es.search(SearchRequest(q="inovasi sampah sekolah", language="id"))
    _, second = fake.calls("POST", "/_search")
    c = named("inovasi", "sampah", "sekolah")
    assert second.body["query"] == {
        "bool": {
            "must": [{"bool": {"should": [c["sampah"], c["sekolah"]], "minimum_should_match": 1}}],
            "should": [c["inovasi"]],
        }
    }


def test_one_request_when_the_counts_ask_a_majority_of_all(built, es, fake):
    """Every word rare and in both languages: the first body was the right one."""
    fake.search_handler = counted(
        {"sampah": {"id": 20, "en": 2}, "sekolah": {"id": 10, "en": 4}, "desa": {"id": 9, "en": 1}}
    )
    es.search(SearchRequest(q="sekolah sampah desa", language="id"))
    (only,) = fake.calls("POST", "/_search")
    assert only.body["query"]["bool"]["minimum_should_match"] == 2
