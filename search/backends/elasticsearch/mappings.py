"""The index: its settings and mappings, and the alias swap, as pure functions.

A record's text is indexed under `text_id.*` or `text_en.*` by its language, one field per
text part of search.schema, analysed as search/backends/elasticsearch/analysis.py says;
every facet is a keyword field (`year` an integer); `did_you_mean` holds the surface words
of the shown texts, for fuzzy matching; `lineage` says where a record stands in a
replication lineage (search.facets.ORIGINAL, REPLICA) for replication intent; `vector` is
the semantic leg's dense_vector, of the configured embedder's dimensions.
"""

from ...facets import FACETS
from ...query import MAX_PAGE, MAX_PAGE_SIZE
from ...schema import PART_WEIGHTS, SEARCH_ONLY_PARTS
from .analysis import analysis_settings

# 2: query autocomplete removed; text parts from search.schema. 3: the database engines'
# tokens, folding and stop words; synonyms after the stop filter. 4: lineage, vector; no
# shingles (corrections come from search.corrections, as for the database engines).
SCHEMA_VERSION = 4
LANGUAGES = ("id", "en")
ANALYZERS = {
    "id": ("jipp_indonesian", "jipp_indonesian_search"),
    "en": ("jipp_english", "jipp_english_search"),
}
MAX_RESULT_WINDOW = MAX_PAGE * MAX_PAGE_SIZE  # the API allows page 1000 of 50
# Highlighting analyses a field's text again; a longer field than this is highlighted in
# its first HIGHLIGHT_MAX_ANALYZED_OFFSET characters only (search bodies ask for exactly
# this), instead of failing the whole search.
HIGHLIGHT_MAX_ANALYZED_OFFSET = 1_000_000

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
    "replication": ("keyword", 5),
}
assert set(FACET_FIELDS) == {f.name for f in FACETS}


def _text_field(language, name):
    analyzer, search_analyzer = ANALYZERS[language]
    field = {"type": "text", "analyzer": analyzer, "search_analyzer": search_analyzer}
    if name not in SEARCH_ONLY_PARTS:
        field["copy_to"] = ["did_you_mean"]  # the speller's words: those of the texts
    return field


def vector_field(dims):
    """The semantic leg's field: the embedder's unit vectors, compared by cosine (the score
    Elasticsearch gives is (1 + cosine) / 2). Plain float HNSW, not the int8 quantisation
    later versions default to, so that cosines are those of the database engines' matrix
    (the leg keeps neighbours within search.fusion.SEMANTIC_MARGIN of the best)."""
    return {
        "type": "dense_vector",
        "dims": dims,
        "index": True,
        "similarity": "cosine",
        "index_options": {"type": "hnsw", "m": 16, "ef_construction": 100},
    }


def mappings(embedder=None):
    """The index's mappings; `embedder` (its model_id and dim) when the semantic leg is on."""
    properties = {
        "page_id": {"type": "integer"},
        "seq": {"type": "long"},
        "slug": {"type": "keyword"},
        "url": {"type": "keyword", "index": False, "doc_values": False},
        "language": {"type": "keyword"},
    }
    for language in LANGUAGES:
        properties[f"text_{language}"] = {
            "properties": {name: _text_field(language, name) for name in PART_WEIGHTS}
        }
    properties["did_you_mean"] = {"type": "text", "analyzer": "jipp_words"}
    for name, (kind, _size) in FACET_FIELDS.items():
        properties[name] = {"type": kind}
    properties["published_at"] = {"type": "date"}
    properties["replication_count"] = {"type": "integer"}
    properties["lineage"] = {"type": "keyword"}
    meta = {"schema_version": SCHEMA_VERSION}
    body = {"dynamic": "strict", "_meta": meta, "properties": properties}
    if embedder is not None:
        properties["vector"] = vector_field(embedder.dim)
        meta["embedding_model"] = embedder.model_id  # vectors of another model never mix
        # Searched, never shown: kept out of the stored source (1.5 GB at 1M records).
        body["_source"] = {"excludes": ["vector"]}
    return body


def index_body(shards, replicas, synonyms_set, building=False, embedder=None):
    """The body of `PUT /<index>`. While `building`, the index has no replicas and no
    periodic refresh (bulk loading is then much faster); see finished_settings()."""
    index = {
        "number_of_shards": shards,
        "number_of_replicas": 0 if building else replicas,
        "max_result_window": MAX_RESULT_WINDOW,
        "highlight": {"max_analyzed_offset": HIGHLIGHT_MAX_ANALYZED_OFFSET},
    }
    if building:
        index["refresh_interval"] = "-1"
    return {
        "settings": {"index": index, "analysis": analysis_settings(synonyms_set)},
        "mappings": mappings(embedder),
    }


def finished_settings(replicas):
    """`PUT /<index>/_settings` after a bulk build: replicas and refresh back on."""
    return {"index": {"number_of_replicas": replicas, "refresh_interval": None}}


def active_shards(shards, replicas, data_nodes):
    """Shard copies the cluster can place: every replica needs a data node of its own.
    The alias swap waits for these (cluster health's wait_for_active_shards)."""
    return shards * (1 + max(0, min(replicas, data_nodes - 1)))


def alias_actions(alias, new_index, old_indices, alias_is_index=False):
    """One `POST /_aliases` body: the alias leaves the old indices and reaches the new one
    in the same cluster-state update, so searches never see no index or two."""
    actions = [{"remove": {"index": old, "alias": alias}} for old in sorted(old_indices)]
    if alias_is_index:  # a concrete index squats the alias name (created by hand)
        actions.append({"remove_index": {"index": alias}})
    actions.append({"add": {"index": new_index, "alias": alias}})
    return {"actions": actions}
