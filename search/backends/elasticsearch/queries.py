"""The search and similar-innovations request bodies, as pure functions.

Nothing here reads Django settings or talks to the network, so the contract tests
(tests/elasticsearch/) pin these bodies exactly.

* Fields carry the database engines' weights (search.schema): title and acronym 10;
  tagline, tags and replication lineage 5; summary 2.5; everything else 1.
* A query is split into concepts the way the database engines split it
  (search.analysis.query_groups: words, or a multi-word synonym as one concept); each
  concept is one multi_match, and a document must match as many of them as
  search.matching asks, as on the database engines: a majority of the concepts that are not
  common in the collection, and for a record in the other language than the query's, of
  those that cross into it (one branch per side of the language line, see
  concept_queries.text_query). The concepts' counts come from the concept aggregation: the
  first body asks a majority of all; when the counts say otherwise, the body is asked again.
  A synonym's alternatives are matched as words, not as phrases
  (`auto_generate_synonyms_phrase_query: false`), as the database engines match them.
* Typos: a concept the index has nowhere (the database engines' condition for looking for
  a correction), when no correction can be answered for, is matched fuzzily in another body
  (fuzzy_concept_query): the exact multi_match or, at a twentieth of its weight, a fuzzy one
  with the database speller's distances (fuzziness AUTO:4,6), whose surface word must also
  be that close to a word of the document (the did_you_mean field). Concepts the index has
  are never fuzzy. A cluster that refuses expensive queries gets no fuzzy body.
* Facets are disjunctive: the selections are a post_filter, and each facet's counts come
  from a filter aggregation that applies every *other* facet's selection.
"""

import hashlib
import json

from ...facets import FACETS
from ...schema import SIMILAR_PARTS, SIMILAR_TERMS, SNIPPET_PARTS
from .concept_queries import concept_aggregation, text_query
from .facet_queries import all_of, facet_aggregations, open_selections, selection_filters
from .mappings import HIGHLIGHT_MAX_ANALYZED_OFFSET, LANGUAGES

MARK_OPEN, MARK_CLOSE = "\ue000", "\ue001"  # highlight markers; escaped into <mark> later
HIGHLIGHTED = list(SNIPPET_PARTS)  # the parts snippets are cut from, in preference order

SOURCE_FIELDS = ["page_id", "slug", "url", "language", "text_id", "text_en", "province",
                 "sector", "year"]  # fmt: skip
# What fusion needs of the text ranking: the ids, the languages (search.fusion.weights)
# and the lineage (replication intent's preferred role).
RANKING_FIELDS = ["page_id", "language", "lineage"]
# Candidates each shard's HNSW search examines for the k nearest: recall close to the
# database engines' exact search at the collection sizes here.
KNN_CANDIDATES = 200


# "Daerah serupa" (search.nearness): a document's kabupaten/kota, else (a province-level
# document) its province, looked up in the layers' ranks; 0 for none.
NEAR_SCRIPT = (
    "if (doc['regency'].size() > 0) {"
    " return params.regencies.getOrDefault(doc['regency'].value, 0); }"
    " if (doc['province'].size() > 0) {"
    " return params.provinces.getOrDefault(doc['province'].value, 0); }"
    " return 0;"
)  # fmt: skip


def near_clause(near_layers):
    regencies, provinces = {}, {}
    for rank, codes in enumerate(near_layers):
        for code in codes:
            (regencies if "." in code else provinces)[code] = len(near_layers) - rank
    script = {"source": NEAR_SCRIPT, "params": {"regencies": regencies, "provinces": provinces}}
    return {"_script": {"type": "number", "order": "desc", "script": script}}


def sort_clause(sort, has_text, near_layers=None):
    newest = [
        {"year": {"order": "desc", "missing": "_last"}},
        {"published_at": {"order": "desc", "missing": "_last"}},
    ]
    if sort == "similar":
        within = [{"_score": {"order": "desc"}}] if has_text else newest
        return [near_clause(near_layers or ()), *within, {"page_id": {"order": "desc"}}]
    if sort == "relevance" and has_text:
        return [{"_score": {"order": "desc"}}, {"page_id": {"order": "desc"}}]
    if sort == "replicated":
        return [{"replication_count": {"order": "desc"}}, *newest, {"page_id": {"order": "desc"}}]
    return [*newest, {"page_id": {"order": "desc"}}]


def highlight_clause():
    fields = {f"text_{language}.{name}": {} for name in HIGHLIGHTED for language in LANGUAGES}
    return {
        "pre_tags": [MARK_OPEN],
        "post_tags": [MARK_CLOSE],
        "encoder": "default",  # raw text; the backend escapes it and turns marks into <mark>
        "number_of_fragments": 0,  # whole fields: passages are chosen as the database does
        "require_field_match": True,
        "max_analyzed_offset": HIGHLIGHT_MAX_ANALYZED_OFFSET,
        "fields": fields,
    }


def search_body(
    request, concepts, fuzzy=(), also=(), ranking=None, layer=None, pinned=(), matching=None
):
    """The `POST /<alias>/_search` body for a SearchRequest.

    concepts: the query's concepts as text (see search.analysis.query_groups).
    fuzzy: indices of concepts to match fuzzily (those the exact body found nowhere); that
    body needs no concept counts, they came with the exact one.
    also: page ids that are results besides the text matches (the semantic neighbours and
    the records interpretation pinned): they count in the total and the facets, as in the
    database engines, and score 0, so the text ranking is that of the words alone.
    ranking: when the page is fused in Python (search.fusion) rather than ranked here, how
    deep to read the text ranking: ids, scores, language and lineage only, from the first.
    layer: a lineage role (search.facets.ORIGINAL, REPLICA) to rank alone: that layer's
    ranking only, without counts.
    pinned: page ids whose place under the selections is asked (aggregation "pinned").
    matching: which concepts a record must match (search.matching.Matching; None: a
    majority of all).
    """
    has_text = bool(concepts)
    fuzzy = frozenset(fuzzy)
    filters = selection_filters(request)
    body = {
        "query": union_query(
            text_query(concepts, fuzzy=fuzzy, matching=matching, language=request.language),
            also if has_text else (),
        ),
        "from": request.offset,
        "size": request.page_size,
        "track_total_hits": True,
        "sort": sort_clause(request.effective_sort, has_text, request.near_layers),
        "_source": SOURCE_FIELDS,
        "aggs": facet_aggregations(filters, open_selections(request)),
    }
    selections = [filters[f.name] for f in FACETS if f.name in filters]
    partners = partner_filter(request, filters)
    if filters:
        body["post_filter"] = admitted(selections, partners)
    if ranking is not None:
        body.update({"from": 0, "size": ranking, "_source": RANKING_FIELDS})
    if layer is not None:
        body["post_filter"] = all_of([*selections, {"term": {"lineage": layer}}])
        del body["aggs"]
        body["track_total_hits"] = False
        return body
    if has_text:
        if not fuzzy:
            body["aggs"]["concepts"] = concept_aggregation(concepts, matching, request.language)
        if ranking is None:
            body["highlight"] = highlight_clause()
    if pinned:
        body["aggs"]["pinned"] = pinned_aggregation(selections, pinned, partners)
    return body


def union_query(text, also):
    """The text query, or any of the ids in `also` at score 0."""
    if not also:
        return text
    extra = {"constant_score": {"filter": {"terms": {"page_id": sorted(set(also))}}, "boost": 0}}
    return {"bool": {"should": [text, extra], "minimum_should_match": 1}}


def partner_filter(request, filters):
    """The lineage partners among the pinned records (SearchRequest.partners) under the
    reader's own selections: a scope read from the words qualifies the records the question
    is about, not their partners (as in the database engines). None when there are no
    partners or no scope was read from the words."""
    scoped = [name for name in request.read_scopes if name in filters]
    if not request.partners or not scoped:
        return None
    own = [filters[f.name] for f in FACETS if f.name in filters and f.name not in scoped]
    return all_of([*own, {"terms": {"page_id": sorted(set(request.partners))}}])


def admitted(selections, partners=None):
    """The records the selections allow, and the partners (partner_filter) theirs allow."""
    if partners is None:
        return all_of(selections)
    return {"bool": {"should": [all_of(selections), partners], "minimum_should_match": 1}}


def pinned_aggregation(selections, pinned, partners=None):
    """Which pinned records the selections allow (the database engines pin only those;
    a lineage partner, those the reader's own selections allow: partner_filter)."""
    within = selections if partners is None else [admitted(selections, partners)]
    clauses = [*within, {"terms": {"page_id": sorted(set(pinned))}}]
    return {
        "filter": all_of(clauses),
        "aggs": {"ids": {"terms": {"field": "page_id", "size": len(set(pinned))}}},
    }


def neighbours_body(request, vector, k):
    """The semantic leg: the `k` documents nearest the query's vector (approximate kNN on
    the dense_vector field) within the same selections as the words. Only ids, cosine
    scores and lineage come back; fusion happens in Python (search.fusion)."""
    knn = {
        "field": "vector",
        "query_vector": [float(x) for x in vector],
        "k": k,
        "num_candidates": max(k, KNN_CANDIDATES),
    }
    filters = selection_filters(request)
    if filters:
        knn["filter"] = all_of([filters[f.name] for f in FACETS if f.name in filters])
    return {"knn": knn, "size": k, "_source": ["page_id", "lineage"]}


def page_body(concepts, page_ids, fuzzy=()):
    """One fused page's records, in any order: their texts, highlighted where the words
    matched (neighbours and pinned records that lack the words come back unmarked)."""
    return {
        "query": {
            "bool": {
                "filter": [{"terms": {"page_id": list(page_ids)}}],
                "should": [text_query(concepts, named=False, fuzzy=frozenset(fuzzy))],
            }
        },
        "size": len(page_ids),
        "_source": SOURCE_FIELDS,
        "highlight": highlight_clause(),
    }


def preference(request, concepts):
    """The `preference` search parameter: one string per query and selection, so paging
    through a result list asks the same shard copies and sees the same scores."""
    key = json.dumps([concepts, sorted(request.filters.items()), request.year_from,
                      request.year_to, request.effective_sort])  # fmt: skip
    return "q" + hashlib.sha1(key.encode("utf-8")).hexdigest()[:16]


def similar_body(index, page_id, limit):
    """More-like-this on the heavier fields (title to summary), the record itself excluded."""
    fields = [f"text_{language}.{name}" for name in SIMILAR_PARTS for language in LANGUAGES]
    return {
        "query": {
            "more_like_this": {
                "fields": fields,
                "like": [{"_index": index, "_id": str(page_id)}],
                "min_term_freq": 1,
                "min_doc_freq": 2,
                "max_query_terms": SIMILAR_TERMS,
                "minimum_should_match": "1",
                "include": False,
            }
        },
        "size": limit,
        "_source": False,
    }
