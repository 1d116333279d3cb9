"""Query clauses and answers as Elasticsearch documents them, for the contract tests:
the clauses the backend must send for a concept, and search responses to answer with."""

from search.backends.elasticsearch.mappings import FACET_FIELDS

from .conftest import ALIAS

FIELDS = [
    "text_id.title^10", "text_en.title^10", "text_id.acronym^10", "text_en.acronym^10",
    "text_id.tagline^5", "text_en.tagline^5", "text_id.tags^5", "text_en.tags^5",
    "text_id.lineage^5", "text_en.lineage^5", "text_id.summary^2.5", "text_en.summary^2.5",
    "text_id.background", "text_en.background", "text_id.novelty", "text_en.novelty",
    "text_id.implementation", "text_en.implementation", "text_id.impact", "text_en.impact",
    "text_id.resources", "text_en.resources", "text_id.sustainability",
    "text_en.sustainability", "text_id.replication", "text_en.replication", "text_id.facts",
    "text_en.facts", "text_id.extra", "text_en.extra",
]  # fmt: skip


def concept(text, name=None):
    """One concept in any weighted field; a synonym's alternatives matched as words."""
    query = {"query": text, "type": "best_fields", "fields": FIELDS, "operator": "and",
             "tie_breaker": 0.3, "auto_generate_synonyms_phrase_query": False}  # fmt: skip
    if name:
        query["_name"] = name
    return {"multi_match": query}


def fuzzy_concept(text, name):
    """A concept with a typo: the exact clause, or (at 1/20 of its weight) the fuzzy one."""
    fuzzy = {"fuzziness": "AUTO:4,6", "prefix_length": 1, "max_expansions": 20}
    exact = concept(text)["multi_match"]
    return {
        "dis_max": {
            "queries": [
                {"multi_match": {**exact, "boost": 1.0}},
                {
                    "bool": {
                        "must": [{"multi_match": {**exact, **fuzzy}}],
                        "filter": [{"match": {"did_you_mean": {"query": text, **fuzzy}}}],
                        "boost": 0.05,
                    }
                },
            ],
            "_name": name,
        }
    }


def buckets(*pairs):
    return {
        "doc_count_error_upper_bound": 0,
        "sum_other_doc_count": 0,
        "buckets": [{"key": key, "doc_count": count} for key, count in pairs],
    }


def search_answer(hits=(), total=None, facets=None, concepts=None, suggestion=None):
    """A response in Elasticsearch's documented format."""
    aggregations = {name: {"doc_count": 0, "values": buckets()} for name in FACET_FIELDS}
    for name, pairs in (facets or {}).items():
        aggregations[name] = {"doc_count": sum(n for _, n in pairs), "values": buckets(*pairs)}
    if concepts is not None:
        aggregations["concepts"] = {
            "doc_count": 100,
            "matches": {"buckets": {key: {"doc_count": n} for key, n in concepts.items()}},
        }
    answer = {
        "took": 4,
        "timed_out": False,
        "_shards": {"total": 1, "successful": 1, "skipped": 0, "failed": 0},
        "hits": {
            "total": {"value": len(hits) if total is None else total, "relation": "eq"},
            "max_score": None,
            "hits": [{"_index": f"{ALIAS}-1", **hit} for hit in hits],
        },
        "aggregations": aggregations,
    }
    if suggestion is not None:
        answer["suggest"] = {
            "did_you_mean": [
                {
                    "text": suggestion[0],
                    "offset": 0,
                    "length": len(suggestion[0]),
                    "options": [
                        {"text": text, "score": 0.004, "collate_match": True}
                        for text in suggestion[1:]
                    ],
                }
            ]
        }
    return answer


def hit(page_id, title, score, highlight=None, province="33", sector="kesehatan", **texts):
    source = {
        "page_id": page_id,
        "slug": f"slug-{page_id}",
        "url": f"/simpul/x/slug-{page_id}/",
        "language": "id",
        "text_id": {"title": title, **texts},
        "province": province,
        "sector": sector,
        "year": 2021,
    }
    result = {"_id": str(page_id), "_score": score, "_source": source, "sort": [score, page_id]}
    if highlight:
        result["highlight"] = highlight
    return result
