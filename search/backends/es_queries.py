"""Everything the Elasticsearch backend sends, as pure functions: the index settings and
mappings, the documents, the search and similar-innovations queries, bulk
operations and the alias swap.

Nothing here reads Django settings or talks to the network, so the contract tests
(tests/test_elasticsearch_contract.py) pin these bodies exactly.

Design, in short:

* A record's text is indexed under `text_id.*` or `text_en.*` by its language, each
  analysed like Elasticsearch's built-in `indonesian` / `english` analyzer (rebuilt as a
  custom analyzer, as Elastic documents, with `asciifolding` added so "sámpah" finds
  "sampah"). At search time the same chains run with the coordinators' synonym and
  acronym dictionary (a `synonym_graph` filter over an updateable synonyms set) in front
  of the stopword and stemming filters.
* Fields carry the database engines' weights: title and acronym 10; tagline, tags and
  replication lineage 5; summary 2.5; everything else 1.
* A query is split into concepts the way the database engines split it
  (search.analysis.query_groups: words, or a multi-word synonym as one concept); each
  concept is one multi_match, and a document must match
  search.analysis.minimum_should_match(concepts) of them.
* Typos: a concept the index has nowhere (the database engines' condition for looking for
  a correction), when no correction can be answered for, is matched fuzzily in another body
  (fuzzy_concept_query): the exact multi_match or, at a twentieth of its weight, a fuzzy one
  with the database speller's distances (fuzziness AUTO:4,6), whose surface word must also
  be that close to a word of the document (the did_you_mean field). Concepts the index has
  are never fuzzy.
* Facets are disjunctive: the selections are a post_filter, and each facet's counts come
  from a filter aggregation that applies every *other* facet's selection.
"""

import hashlib
import json

from ..analysis import minimum_should_match
from ..facets import FACETS
from ..query import MAX_PAGE, MAX_PAGE_SIZE
from ..schema import PART_WEIGHTS, SEARCH_ONLY_PARTS, SIMILAR_PARTS, SIMILAR_TERMS, SNIPPET_PARTS

SCHEMA_VERSION = 2  # 2: query autocomplete removed; text parts from search.schema
LANGUAGES = ("id", "en")
ANALYZERS = {
    "id": ("jipp_indonesian", "jipp_indonesian_search"),
    "en": ("jipp_english", "jipp_english_search"),
}
MARK_OPEN, MARK_CLOSE = "\ue000", "\ue001"  # highlight markers; escaped into <mark> later

# Text fields of a record (under text_id / text_en): one per text part of search.schema,
# with its group's weight.
TEXT_FIELDS = PART_WEIGHTS
HIGHLIGHTED = list(SNIPPET_PARTS)  # the parts snippets are cut from, in preference order
SIMILAR_FIELDS = list(SIMILAR_PARTS)

# Facet name -> (field type, terms bucket size). Sizes cover every value a facet can have:
# 38 provinces, 514 kabupaten/kota, some 100 ministries and agencies, 17 SDGs, one hub per
# province and ministry; tags and awards are cut to their top 50 after counting.
FACET_FIELDS = {
    "ministry": ("keyword", 500),
    "province": ("keyword", 50),
    "regency": ("keyword", 600),
    "sector": ("keyword", 200),
    "channel": ("keyword", 50),
    "level": ("keyword", 20),
    "stage": ("keyword", 50),
    "status": ("keyword", 50),
    "sdg": ("keyword", 20),
    "year": ("integer", 300),
    "hub": ("keyword", 1000),
    "tag": ("keyword", 1000),
    "award": ("keyword", 500),
}
assert set(FACET_FIELDS) == {f.name for f in FACETS}
# Facets with open-ended values (any tag, any award): at national scale there can be more
# values than buckets, so the selected ones are also counted on their own ("selected"),
# and a selected tag keeps its count even when it is not among the most frequent.
OPEN_FACETS = ("tag", "award")

MAX_RESULT_WINDOW = MAX_PAGE * MAX_PAGE_SIZE  # the API allows page 1000 of 50
TIE_BREAKER = 0.3

# Fuzzy matching, with the distances of the database engines' speller (search/spelling.py):
# words shorter than 4 letters exact, one edit for 4-5 letters, two from 6 (AUTO:low,high,
# https://www.elastic.co/docs/reference/elasticsearch/rest-apis/common-options#fuzziness).
# The first letter is kept (prefix_length 1, as the did-you-mean generators), and a word
# expands to at most 20 index terms per field.
FUZZINESS = "AUTO:4,6"
FUZZY_PREFIX_LENGTH = 1
FUZZY_MAX_EXPANSIONS = 20
FUZZY_MIN_LENGTH = 4
EXACT_BOOST = 1.0
FUZZY_BOOST = 0.05  # below 1/10 (title vs body weight): an exact hit in any field wins
SOURCE_FIELDS = ["page_id", "slug", "url", "language", "text_id", "text_en", "province",
                 "sector", "year"]  # fmt: skip


# --- the index -----------------------------------------------------------------------


def analysis_settings(synonyms_set):
    """Analyzers: the built-in language analyzers' chains, plus folding and synonyms."""
    return {
        "filter": {
            "jipp_indonesian_stop": {"type": "stop", "stopwords": "_indonesian_"},
            "jipp_indonesian_stemmer": {"type": "stemmer", "language": "indonesian"},
            "jipp_english_possessive": {"type": "stemmer", "language": "possessive_english"},
            "jipp_english_stop": {"type": "stop", "stopwords": "_english_"},
            "jipp_english_stemmer": {"type": "stemmer", "language": "english"},
            "jipp_synonyms": {
                "type": "synonym_graph",
                "synonyms_set": synonyms_set,
                "updateable": True,
                "lenient": True,
            },
            "jipp_shingle": {
                "type": "shingle",
                "min_shingle_size": 2,
                "max_shingle_size": 3,
                "output_unigrams": True,
            },
        },
        "analyzer": {
            "jipp_indonesian": {
                "type": "custom",
                "tokenizer": "standard",
                "filter": [
                    "lowercase",
                    "asciifolding",
                    "jipp_indonesian_stop",
                    "jipp_indonesian_stemmer",
                ],
            },
            "jipp_indonesian_search": {
                "type": "custom",
                "tokenizer": "standard",
                "filter": [
                    "lowercase",
                    "asciifolding",
                    "jipp_synonyms",
                    "jipp_indonesian_stop",
                    "jipp_indonesian_stemmer",
                ],
            },
            "jipp_english": {
                "type": "custom",
                "tokenizer": "standard",
                "filter": [
                    "jipp_english_possessive",
                    "lowercase",
                    "asciifolding",
                    "jipp_english_stop",
                    "jipp_english_stemmer",
                ],
            },
            "jipp_english_search": {
                "type": "custom",
                "tokenizer": "standard",
                "filter": [
                    "jipp_english_possessive",
                    "lowercase",
                    "asciifolding",
                    "jipp_synonyms",
                    "jipp_english_stop",
                    "jipp_english_stemmer",
                ],
            },
            # Surface words, for did-you-mean: no stopwords, no stems.
            "jipp_words": {
                "type": "custom",
                "tokenizer": "standard",
                "filter": ["lowercase", "asciifolding"],
            },
            "jipp_shingles": {
                "type": "custom",
                "tokenizer": "standard",
                "filter": ["lowercase", "asciifolding", "jipp_shingle"],
            },
        },
    }


def _text_field(language, name):
    analyzer, search_analyzer = ANALYZERS[language]
    field = {"type": "text", "analyzer": analyzer, "search_analyzer": search_analyzer}
    if name not in SEARCH_ONLY_PARTS:
        field["copy_to"] = ["did_you_mean"]  # the speller's words: those of the texts
    return field


def mappings():
    properties = {
        "page_id": {"type": "integer"},
        "seq": {"type": "long"},
        "slug": {"type": "keyword"},
        "url": {"type": "keyword", "index": False, "doc_values": False},
        "language": {"type": "keyword"},
    }
    for language in LANGUAGES:
        properties[f"text_{language}"] = {
            "properties": {name: _text_field(language, name) for name in TEXT_FIELDS}
        }
    properties["did_you_mean"] = {
        "type": "text",
        "analyzer": "jipp_words",
        "fields": {"shingle": {"type": "text", "analyzer": "jipp_shingles"}},
    }
    for name, (kind, _size) in FACET_FIELDS.items():
        properties[name] = {"type": kind}
    properties["published_at"] = {"type": "date"}
    properties["replication_count"] = {"type": "integer"}
    return {
        "dynamic": "strict",
        "_meta": {"schema_version": SCHEMA_VERSION},
        "properties": properties,
    }


def index_body(shards, replicas, synonyms_set, building=False):
    """The body of `PUT /<index>`. While `building`, the index has no replicas and no
    periodic refresh (bulk loading is then much faster); see finished_settings()."""
    index = {
        "number_of_shards": shards,
        "number_of_replicas": 0 if building else replicas,
        "max_result_window": MAX_RESULT_WINDOW,
    }
    if building:
        index["refresh_interval"] = "-1"
    return {
        "settings": {"index": index, "analysis": analysis_settings(synonyms_set)},
        "mappings": mappings(),
    }


def finished_settings(replicas):
    """`PUT /<index>/_settings` after a bulk build: replicas and refresh back on."""
    return {"index": {"number_of_replicas": replicas, "refresh_interval": None}}


def alias_actions(alias, new_index, old_indices, alias_is_index=False):
    """One `POST /_aliases` body: the alias leaves the old indices and reaches the new one
    in the same cluster-state update, so searches never see no index or two."""
    actions = [{"remove": {"index": old, "alias": alias}} for old in sorted(old_indices)]
    if alias_is_index:  # a concrete index squats the alias name (created by hand)
        actions.append({"remove_index": {"index": alias}})
    actions.append({"add": {"index": new_index, "alias": alias}})
    return {"actions": actions}


# --- synonyms --------------------------------------------------------------------------


def _clean_term(term):
    # Solr synonym syntax: "," separates, "=>" maps, "\" escapes. Terms are plain phrases.
    term = term.replace("=>", " ").replace("\\", " ").replace(",", " ")
    return " ".join(term.split())


def synonym_rules(entries):
    """[(pk, [terms])] -> the rules of the synonyms set: each entry one equivalence rule."""
    rules = []
    for pk, terms in entries:
        cleaned = list(dict.fromkeys(t for t in (_clean_term(x) for x in terms) if t))
        if len(cleaned) >= 2:
            rules.append({"id": f"synonym-{pk}", "synonyms": ", ".join(cleaned)})
    return rules


# --- documents ---------------------------------------------------------------------------


def document_body(row):
    """The Elasticsearch document for an IndexedDocument row (a dict of its fields)."""
    language = "en" if row["language"] == "en" else "id"
    texts = row["texts"] or {}
    text = {name: texts[name] for name in TEXT_FIELDS if texts.get(name)}
    body = {
        "page_id": row["page_id"],
        "seq": row["seq"],
        "slug": row["slug"],
        "url": row["url"],
        "language": language,
        f"text_{language}": text,
    }
    singles = {"ministry": "ministry", "province": "province", "regency": "regency",
               "sector": "sector", "level": "level", "stage": "stage", "status": "status",
               "hub": "hub"}  # fmt: skip
    for name, column in singles.items():
        if row.get(column):
            body[name] = row[column]
    lists = {"channel": "channels", "sdg": "sdgs", "tag": "tags", "award": "awards"}
    for name, column in lists.items():
        values = [str(v) for v in row.get(column) or []]
        if values:
            body[name] = values
    if row.get("year") is not None:
        body["year"] = row["year"]
    if row.get("published_at") is not None:
        body["published_at"] = row["published_at"].isoformat()
    body["replication_count"] = row.get("replication_count") or 0
    return body


def bulk_operations(documents, deletions):
    """The operations of one `POST /<alias>/_bulk`.

    documents: [(page_id, version, body)]; deletions: [(page_id, version)]. The version is
    IndexedDocument.seq, the index generation of the row's last change, which rises in
    commit order: with `external_gte` a late, older write can never overwrite a newer one.
    """
    operations = []
    for page_id, version, body in documents:
        operations.append(
            {"index": {"_id": str(page_id), "version": version, "version_type": "external_gte"}}
        )
        operations.append(body)
    for page_id, version in deletions:
        operations.append(
            {"delete": {"_id": str(page_id), "version": version, "version_type": "external_gte"}}
        )
    return operations


# --- search ------------------------------------------------------------------------------


def _boosted(field, weight):
    if weight == 1:
        return field
    return f"{field}^{weight:g}"


def text_fields():
    """Every searched field with its weight, both languages."""
    return [
        _boosted(f"text_{language}.{name}", weight)
        for name, weight in TEXT_FIELDS.items()
        for language in LANGUAGES
    ]


def concept_query(text, name=None):
    """One concept (a word, or a multi-word synonym) matched in any one weighted field.

    best_fields scores a concept by its best field (plus a share of the others), like the
    database engines' weighted columns; operator "and" keeps a multi-word concept whole.
    """
    query = {
        "query": text,
        "type": "best_fields",
        "fields": text_fields(),
        "operator": "and",
        "tie_breaker": TIE_BREAKER,
    }
    if name:
        query["_name"] = name
    return {"multi_match": query}


def can_be_fuzzy(text):
    """Whether a concept may be matched fuzzily: one word of at least 4 letters, not a
    number (the database speller corrects exactly these)."""
    words = text.split()
    return len(words) == 1 and len(text) >= FUZZY_MIN_LENGTH and not text.isdigit()


def _fuzzy(query):
    return {
        **query,
        "fuzziness": FUZZINESS,
        "prefix_length": FUZZY_PREFIX_LENGTH,
        "max_expansions": FUZZY_MAX_EXPANSIONS,
    }


def fuzzy_concept_query(text, name=None):
    """One concept, exact or with a typo: the best of

    * the exact concept_query (boost 1): documents with the word (or its stem) score as
      they do without fuzziness, and
    * a fuzzy multi_match over the same weighted fields, at FUZZY_BOOST, restricted to
      documents that have a *surface* word that close to the typed one (a fuzzy match on
      did_you_mean, the unstemmed words of the texts, which is the speller's dictionary).
      Stems alone are too lenient: "pesawat" stems to "sawat", one edit from "sawah".

    dis_max takes the better of the two, so an exact match is never outscored by its own
    fuzzy variants. Fuzziness is not applied to synonym terms (Elasticsearch builds a
    synonym query for them; see the match query's notes), which is why concepts from the
    synonym dictionary are not given this clause at all.
    """
    exact = concept_query(text)
    exact["multi_match"]["boost"] = EXACT_BOOST
    fuzzy = {
        "bool": {
            "must": [{"multi_match": _fuzzy(concept_query(text)["multi_match"])}],
            "filter": [{"match": {"did_you_mean": _fuzzy({"query": text})}}],
            "boost": FUZZY_BOOST,
        }
    }
    query = {"queries": [exact, fuzzy]}
    if name:
        query["_name"] = name
    return {"dis_max": query}


def text_query(concepts, named=True, fuzzy=()):
    """Documents matching enough of the concepts; each clause named c0, c1 ... so a hit
    says which concepts it matched. Concepts whose index is in `fuzzy` may have typos."""
    if not concepts:
        return {"match_all": {}}
    clauses = []
    for i, text in enumerate(concepts):
        build = fuzzy_concept_query if i in fuzzy else concept_query
        clauses.append(build(text, f"c{i}" if named else None))
    return {
        "bool": {
            "should": clauses,
            "minimum_should_match": minimum_should_match(len(concepts)),
        }
    }


def selection_filters(request):
    """{facet name: filter clause} for every facet with a selection (OR within a facet)."""
    filters = {}
    for facet in FACETS:
        if facet.name == "year":
            continue
        values = request.selected(facet.name)
        if values:
            filters[facet.name] = {"terms": {facet.name: [str(v) for v in values]}}
    years = request.selected("year")
    clauses = []
    if years:
        clauses.append({"terms": {"year": sorted({int(y) for y in years}, reverse=True)}})
    if request.year_from is not None or request.year_to is not None:
        bounds = {}
        if request.year_from is not None:
            bounds["gte"] = request.year_from
        if request.year_to is not None:
            bounds["lte"] = request.year_to
        clauses.append({"range": {"year": bounds}})
    if len(clauses) == 1:
        filters["year"] = clauses[0]
    elif clauses:
        filters["year"] = {"bool": {"filter": clauses}}
    return filters


def _all_of(clauses):
    if not clauses:
        return {"match_all": {}}
    return {"bool": {"filter": clauses}}


def facet_aggregations(filters, selected=None):
    """One filter aggregation per facet: the other facets' selections, then the values
    (and, for OPEN_FACETS, the selected values: `selected` maps a facet to them)."""
    aggs = {}
    for facet in FACETS:
        others = [clause for name, clause in filters.items() if name != facet.name]
        size = FACET_FIELDS[facet.name][1]
        aggs[facet.name] = {
            "filter": _all_of(others),
            "aggs": {"values": {"terms": {"field": facet.name, "size": size}}},
        }
        values = (selected or {}).get(facet.name)
        if values:
            aggs[facet.name]["aggs"]["selected"] = {
                "terms": {"field": facet.name, "include": values, "size": len(values)}
            }
    return aggs


def open_selections(request):
    """{facet: sorted selected values} for the OPEN_FACETS with a selection."""
    selected = {}
    for name in OPEN_FACETS:
        values = sorted({str(v) for v in request.selected(name)})
        if values:
            selected[name] = values
    return selected


def concept_aggregation(concepts):
    """How many documents each concept, and the whole query, match in the entire index
    (before any facet selection): a concept found nowhere is most likely a typo."""
    buckets = {f"c{i}": concept_query(c) for i, c in enumerate(concepts)}
    buckets["query"] = text_query(concepts, named=False)
    return {"global": {}, "aggs": {"matches": {"filters": {"filters": buckets}}}}


def sort_clause(sort, has_text):
    newest = [
        {"year": {"order": "desc", "missing": "_last"}},
        {"published_at": {"order": "desc", "missing": "_last"}},
    ]
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
        "fields": fields,
    }


def suggest_clause(text):
    """Did-you-mean: a phrase suggester over the surface words of the indexed texts.

    Candidates for words missing from the index come from two direct generators that
    together give fuzziness AUTO as the database speller applies it: one edit for words of
    4-5 letters, two from 6. `collate` keeps only corrections that find a live document
    (the terms of deleted documents linger in the term dictionary until merged).
    """
    generator = {"field": "did_you_mean", "suggest_mode": "missing", "prefix_length": 1}
    return {
        "text": text,
        "did_you_mean": {
            "phrase": {
                "field": "did_you_mean.shingle",
                "size": 1,
                "gram_size": 3,
                "max_errors": 2,
                "confidence": 1.0,
                "direct_generator": [
                    {**generator, "min_word_length": 4, "max_edits": 1},
                    {**generator, "min_word_length": 6, "max_edits": 2},
                ],
                "collate": {
                    "query": {
                        "source": {
                            "match": {
                                "did_you_mean": {"query": "{{suggestion}}", "operator": "and"}
                            }
                        }
                    },
                    "prune": False,
                },
            }
        },
    }


def search_body(request, concepts, suggest_text=None, fuzzy=()):
    """The `POST /<alias>/_search` body for a SearchRequest.

    concepts: the query's concepts as text (see search.analysis.query_groups).
    suggest_text: the normalised query, when a did-you-mean should be computed.
    fuzzy: indices of concepts to match fuzzily (those the exact body found nowhere); that
    body needs no concept counts, they came with the exact one.
    """
    has_text = bool(concepts)
    fuzzy = frozenset(fuzzy)
    filters = selection_filters(request)
    body = {
        "query": text_query(concepts, fuzzy=fuzzy),
        "from": request.offset,
        "size": request.page_size,
        "track_total_hits": True,
        "sort": sort_clause(request.effective_sort, has_text),
        "_source": SOURCE_FIELDS,
        "aggs": facet_aggregations(filters, open_selections(request)),
    }
    if filters:
        body["post_filter"] = _all_of([filters[f.name] for f in FACETS if f.name in filters])
    if has_text:
        if not fuzzy:
            body["aggs"]["concepts"] = concept_aggregation(concepts)
        body["highlight"] = highlight_clause()
        if suggest_text:
            body["suggest"] = suggest_clause(suggest_text)
    return body


def preference(request, concepts):
    """The `preference` search parameter: one string per query and selection, so paging
    through a result list asks the same shard copies and sees the same scores."""
    key = json.dumps([concepts, sorted(request.filters.items()), request.year_from,
                      request.year_to, request.effective_sort])  # fmt: skip
    return "q" + hashlib.sha1(key.encode("utf-8")).hexdigest()[:16]


def similar_body(index, page_id, limit):
    """More-like-this on the heavier fields (title to summary), the record itself excluded."""
    fields = [f"text_{language}.{name}" for name in SIMILAR_FIELDS for language in LANGUAGES]
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
