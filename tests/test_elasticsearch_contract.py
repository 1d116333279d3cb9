"""The Elasticsearch backend's wire contract, and its outage paths.

The real `elasticsearch` client, through its real transport, talks to a local HTTP server
(tests/test_elasticsearch_fake.py) that records every request and answers in
Elasticsearch 9's documented formats. These tests pin what the backend sends: the index
settings and mappings, the search body (query, post_filter, one filtered aggregation per
facet, highlight, suggester), bulk NDJSON, the alias swap and the synonyms set; that the
answers map into a SearchResponse; and that when the cluster refuses connections, times
out, answers 5xx or rejects part of a bulk, publishing still succeeds, the public search
answers from the database with a notice, and every change made meanwhile is in the index
once the cluster is back.
"""

import json
import shutil
import subprocess
import time
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from wagtail.models import PageViewRestriction

from innovations.models import HubPage, InnovationPage
from search.backends import database_backend, es_queries, get_backend
from search.models import IndexedDocument, OutboxEntry, Synonym
from search.query import SearchRequest
from search.service import run_search, similar_innovations
from tests.factories import create_innovation, valid_record, write_jsonl
from tests.search.oracle import reset_search_caches
from tests.test_elasticsearch_fake import FakeElasticsearch

ALIAS = "jipp-test"


def database_engine():
    """The database's own engine answers when the cluster cannot: sqlite or postgres."""
    from search.backends import database_backend

    return database_backend().name


API = "/api/v1/search/"
NOTICE = "Mesin pencari utama sedang tidak tersedia; hasil ini dari basis data situs."


@pytest.fixture
def fake():
    cluster = FakeElasticsearch().start()
    yield cluster
    cluster.stop()


@pytest.fixture
def es(site_tree, settings, fake):
    """SEARCH_BACKEND=elasticsearch, pointed at the fake node; the backend instance."""
    settings.SEARCH_BACKEND = "elasticsearch"
    settings.ELASTICSEARCH_URL = fake.url
    settings.ELASTICSEARCH_INDEX = ALIAS
    settings.ELASTICSEARCH_TIMEOUT = 0.5
    settings.ELASTICSEARCH_RETRY_AFTER = 30
    settings.ELASTICSEARCH_REPLICAS = 1
    settings.ELASTICSEARCH_SHARDS = 1
    reset_search_caches()
    backend = get_backend()
    assert backend.name == "elasticsearch"
    backend.reset()
    yield backend
    backend.reset()
    reset_search_caches()


@pytest.fixture
def commit(django_capture_on_commit_callbacks):
    """`with commit():` runs what would run after the transaction commits."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


@pytest.fixture
def built(es, fake, commit):
    """An index (built by rebuild()) holding one published innovation."""
    with commit():
        page = create_innovation(title="Kampung Gizi Balita")
    es.rebuild()
    fake.requests.clear()
    return page


def bodies(fake, method, path_part):
    return [r.body for r in fake.calls(method, path_part)]


def index_matches_database(fake, backend):
    """The index holds exactly the documents IndexedDocument says, each as it is now."""
    ids = list(IndexedDocument.objects.values_list("page_id", flat=True))
    documents, _ = backend.documents(ids)
    expected = {str(page_id): body for page_id, _, body in documents}
    assert fake.documents(ALIAS) == expected
    return expected


# --- the index ----------------------------------------------------------------------------

TEXT_FIELDS = [
    # (name, copied into did_you_mean)
    ("title", True), ("acronym", True), ("tagline", True), ("tags", False),
    ("lineage", False), ("summary", True), ("background", True), ("novelty", True),
    ("implementation", True), ("impact", True), ("resources", True),
    ("sustainability", True), ("replication", True), ("facts", True), ("extra", False),
]  # fmt: skip


def text_properties(analyzer, search_analyzer):
    properties = {}
    for name, copied in TEXT_FIELDS:
        field = {"type": "text", "analyzer": analyzer, "search_analyzer": search_analyzer}
        if copied:
            field["copy_to"] = ["did_you_mean"]
        properties[name] = field
    return {"properties": properties}


EXPECTED_MAPPINGS = {
    "dynamic": "strict",
    "_meta": {"schema_version": 2},
    "properties": {
        "page_id": {"type": "integer"},
        "seq": {"type": "long"},
        "slug": {"type": "keyword"},
        "url": {"type": "keyword", "index": False, "doc_values": False},
        "language": {"type": "keyword"},
        "text_id": text_properties("jipp_indonesian", "jipp_indonesian_search"),
        "text_en": text_properties("jipp_english", "jipp_english_search"),
        "did_you_mean": {
            "type": "text",
            "analyzer": "jipp_words",
            "fields": {"shingle": {"type": "text", "analyzer": "jipp_shingles"}},
        },
        "ministry": {"type": "keyword"},
        "province": {"type": "keyword"},
        "regency": {"type": "keyword"},
        "sector": {"type": "keyword"},
        "channel": {"type": "keyword"},
        "level": {"type": "keyword"},
        "stage": {"type": "keyword"},
        "status": {"type": "keyword"},
        "sdg": {"type": "keyword"},
        "year": {"type": "integer"},
        "hub": {"type": "keyword"},
        "tag": {"type": "keyword"},
        "award": {"type": "keyword"},
        "published_at": {"type": "date"},
        "replication_count": {"type": "integer"},
    },
}

EXPECTED_ANALYSIS = {
    "filter": {
        "jipp_indonesian_stop": {"type": "stop", "stopwords": "_indonesian_"},
        "jipp_indonesian_stemmer": {"type": "stemmer", "language": "indonesian"},
        "jipp_english_possessive": {"type": "stemmer", "language": "possessive_english"},
        "jipp_english_stop": {"type": "stop", "stopwords": "_english_"},
        "jipp_english_stemmer": {"type": "stemmer", "language": "english"},
        "jipp_synonyms": {
            "type": "synonym_graph",
            "synonyms_set": "jipp-test-synonyms",
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
            "filter": ["lowercase", "asciifolding", "jipp_indonesian_stop",
                       "jipp_indonesian_stemmer"],
        },
        "jipp_indonesian_search": {
            "type": "custom",
            "tokenizer": "standard",
            "filter": ["lowercase", "asciifolding", "jipp_synonyms", "jipp_indonesian_stop",
                       "jipp_indonesian_stemmer"],
        },
        "jipp_english": {
            "type": "custom",
            "tokenizer": "standard",
            "filter": ["jipp_english_possessive", "lowercase", "asciifolding",
                       "jipp_english_stop", "jipp_english_stemmer"],
        },
        "jipp_english_search": {
            "type": "custom",
            "tokenizer": "standard",
            "filter": ["jipp_english_possessive", "lowercase", "asciifolding", "jipp_synonyms",
                       "jipp_english_stop", "jipp_english_stemmer"],
        },
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
}  # fmt: skip


def test_index_is_created_with_the_exact_settings_and_mappings(es, fake, commit):
    with commit():
        create_innovation(title="Kampung Gizi")
    es.rebuild()

    (create,) = [r for r in fake.calls("PUT") if r.path.startswith(f"/{ALIAS}-") and
                 r.path.count("/") == 1]  # fmt: skip
    assert create.body == {
        "settings": {
            "index": {
                "number_of_shards": 1,
                "number_of_replicas": 0,  # while loading; then the configured number
                "max_result_window": 50000,  # page 1000 of 50
                "refresh_interval": "-1",
            },
            "analysis": EXPECTED_ANALYSIS,
        },
        "mappings": EXPECTED_MAPPINGS,
    }
    (settings_update,) = bodies(fake, "PUT", "/_settings")
    assert settings_update == {"index": {"number_of_replicas": 1, "refresh_interval": None}}


def test_every_facet_has_a_keyword_field_and_buckets_for_every_value():
    assert set(es_queries.FACET_FIELDS) == {
        "ministry", "province", "regency", "sector", "channel", "level", "stage", "status",
        "sdg", "year", "hub", "tag", "award",
    }  # fmt: skip
    sizes = {name: size for name, (_, size) in es_queries.FACET_FIELDS.items()}
    assert sizes["province"] >= 38
    assert sizes["regency"] >= 514
    assert sizes["sdg"] >= 17


def test_rebuild_builds_a_new_index_and_swaps_the_alias_atomically(es, fake, commit):
    with commit():
        page = create_innovation(title="Kampung Gizi")
    es.rebuild()
    (first,) = fake.resolve(ALIAS)
    fake.requests.clear()

    count = es.rebuild()

    assert count == 1
    (second,) = fake.resolve(ALIAS)
    assert second != first and second.startswith(f"{ALIAS}-")
    assert first not in fake.indices  # the old index is gone
    assert [r.target for r in fake.requests] == [
        "GET /_synonyms/jipp-test-synonyms",
        f"PUT /{second}",
        f"PUT /{second}/_bulk",
        f"PUT /{second}/_settings",
        f"POST /{second}/_refresh",
        f"GET /_alias/{ALIAS}",
        "POST /_aliases",
        f"DELETE /{first}",
    ]
    (swap,) = bodies(fake, "POST", "/_aliases")
    assert swap == {
        "actions": [
            {"remove": {"index": first, "alias": ALIAS}},
            {"add": {"index": second, "alias": ALIAS}},
        ]
    }
    (load,) = fake.calls("PUT", f"/{second}/_bulk")
    assert load.query == {"refresh": "false", "require_alias": "false"}
    assert load.body[0] == {
        "index": {"_id": str(page.pk), "version": 1, "version_type": "external_gte"}
    }
    assert list(fake.documents(ALIAS)) == [str(page.pk)]


def test_first_rebuild_replaces_an_index_squatting_the_alias_name(es, fake):
    fake.indices[ALIAS] = {"body": {}, "settings": [], "docs": {}}  # made by hand, say
    es.rebuild()
    (swap,) = bodies(fake, "POST", "/_aliases")
    (new,) = fake.resolve(ALIAS)
    assert swap == {
        "actions": [{"remove_index": {"index": ALIAS}}, {"add": {"index": new, "alias": ALIAS}}]
    }


# --- documents and bulk ------------------------------------------------------------------


def test_publishing_sends_the_exact_bulk_lines_after_the_commit(built, es, fake, commit):
    with commit() as callbacks:
        page = create_innovation(
            title="Perpustakaan Keliling Desa",
            tagline="Mobil buku mendatangi desa.",
            tags=["literasi"],
            sector="perpustakaan",
            secondary_sectors=["pendidikan"],
            channels=["bergerak"],
            sdgs=[4],
            awards=[],
            year_launched=2016,
            province_code="35",
            hub="JIPP Provinsi Jawa Timur",
            regency="Kabupaten Banyuwangi",
            institution="Pemda Kabupaten Banyuwangi",
            sections={"ringkasan": "Armada buku keliling membawa bacaan ke desa terpencil."},
        )
        page.acronym = "PKD"  # not in the import format: an editor adds it
        page.save_revision().publish()
        # Nothing reached the cluster inside the transaction.
        assert fake.calls("PUT", "/_bulk") == []
        assert OutboxEntry.objects.filter(page_id=page.pk, action="index").exists()
    assert callbacks  # delivery was scheduled for after the commit

    (bulk,) = fake.calls("PUT", "/_bulk")
    assert bulk.path == f"/{ALIAS}/_bulk"
    assert bulk.query == {"refresh": "wait_for", "require_alias": "true"}
    assert bulk.headers["content-type"] == (
        "application/vnd.elasticsearch+x-ndjson; compatible-with=8"
    )
    row = IndexedDocument.objects.get(page_id=page.pk)
    assert bulk.body == [
        {"index": {"_id": str(page.pk), "version": row.seq, "version_type": "external_gte"}},
        {
            "page_id": page.pk,
            "seq": row.seq,
            "slug": page.slug,
            "url": row.url,
            "language": "id",
            "text_id": {
                "title": "Perpustakaan Keliling Desa",
                "acronym": "PKD",
                "tagline": "Mobil buku mendatangi desa.",
                "summary": "Armada buku keliling membawa bacaan ke desa terpencil.",
                "background": "Warga harus datang berkali-kali.",
                "novelty": "Satu loket untuk semua izin.",
                "implementation": "Dimulai 2021 dengan 12 jenis izin.",
                "impact": "Waktu layanan turun dari 14 hari menjadi 3 hari.",
                "resources": "Enam petugas dan satu aplikasi.",
                "sustainability": "Diatur dalam peraturan bupati.",
                "replication": "Mulai dari izin yang paling sering diurus.",
                "facts": "Pemda Kabupaten Banyuwangi · Kabupaten Banyuwangi · Jawa Timur",
                "tags": "literasi Perpustakaan dan Kearsipan",  # and the sector's name
                "extra": "Pendidikan Layanan bergerak",  # secondary sector, channel
            },
            "province": "35",
            "regency": "35.10",
            "sector": "perpustakaan",
            "level": "kabupaten",
            "stage": "penerapan",
            "status": "berjalan",
            "hub": "provinsi-jawa-timur",
            "channel": ["bergerak"],
            "sdg": ["4"],
            "tag": ["literasi"],
            "year": 2016,
            "published_at": row.published_at.isoformat(),
            "replication_count": 0,
        },
    ]
    assert not OutboxEntry.objects.exists()  # acknowledged, so delivered

    fake.requests.clear()
    with commit():
        page.unpublish()
    (bulk,) = fake.calls("PUT", "/_bulk")
    removed = IndexedDocument.objects.get(page_id=page.pk)
    assert removed.removed
    assert bulk.body == [
        {"delete": {"_id": str(page.pk), "version": removed.seq, "version_type": "external_gte"}}
    ]
    assert str(page.pk) not in fake.documents(ALIAS)


def test_an_english_record_is_indexed_under_the_english_fields(built, es, fake, commit):
    with commit():
        page = create_innovation(title="One Stop Licensing", language="en")
    source = fake.documents(ALIAS)[str(page.pk)]
    assert source["language"] == "en"
    assert source["text_en"]["title"] == "One Stop Licensing"
    assert "text_id" not in source


def test_lineage_is_searchable_text(built, es, fake, commit):
    with commit():
        original = create_innovation(id="asal", title="Gerakan Cegah Stunting Brebes")
        copy = create_innovation(title="Kampung Gizi Garut", replicated_from="asal")
    docs = fake.documents(ALIAS)
    assert docs[str(copy.pk)]["text_id"]["lineage"] == (
        "replikasi dari Gerakan Cegah Stunting Brebes"
    )
    assert docs[str(original.pk)]["text_id"]["lineage"] == (
        "sudah direplikasi oleh daerah lain: Kampung Gizi Garut"
    )
    assert docs[str(original.pk)]["replication_count"] == 1


def test_a_late_replay_never_overwrites_a_newer_document(built, es, fake, commit):
    with commit():
        page = create_innovation(title="Versi Pertama")
    old_documents, _ = es.documents([page.pk])
    with commit():
        revision = page.save_revision()
        page.title = "Versi Kedua"
        revision = page.save_revision()
        revision.publish()
    # A replay that read the row before the second publish arrives last:
    fake.requests.clear()
    es.client.bulk(index=ALIAS, operations=es_queries.bulk_operations(old_documents, []))
    (item,) = fake.requests[-1].body[:1]
    assert item["index"]["version"] < IndexedDocument.objects.get(page_id=page.pk).seq
    assert fake.documents(ALIAS)[str(page.pk)]["text_id"]["title"] == "Versi Kedua"


# --- search ---------------------------------------------------------------------------------

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
    query = {"query": text, "type": "best_fields", "fields": FIELDS, "operator": "and",
             "tie_breaker": 0.3}  # fmt: skip
    if name:
        query["_name"] = name
    return {"multi_match": query}


def terms_agg(field, size, filter_clause):
    return {"filter": filter_clause, "aggs": {"values": {"terms": {"field": field, "size": size}}}}


PROVINCES = {"terms": {"province": ["32", "35"]}}
SECTOR = {"terms": {"sector": ["kesehatan"]}}
BOTH = {"bool": {"filter": [PROVINCES, SECTOR]}}


def test_search_body_for_two_provinces_and_a_sector(built, es, fake):
    request = SearchRequest(q="Gizi balita", filters={"province": ["32", "35"],
                                                      "sector": ["kesehatan"]})  # fmt: skip
    es.search(request)

    (search,) = fake.calls("POST", "/_search")
    assert search.path == f"/{ALIAS}/_search"
    # One preference string per query and selection: pages come from the same shard copies.
    assert search.query == {"preference": "q534a6ea51ff4d27c"}
    snippet_fields = ["tagline", "summary", "title", "background", "novelty",
                      "implementation", "impact", "resources", "sustainability", "replication",
                      "facts"]  # fmt: skip
    generator = {"field": "did_you_mean", "suggest_mode": "missing", "prefix_length": 1}
    assert search.body == {
        "query": {
            "bool": {
                "should": [concept("gizi", "c0"), concept("balita", "c1")],
                "minimum_should_match": 1,
            }
        },
        "from": 0,
        "size": 10,
        "track_total_hits": True,
        "sort": [{"_score": {"order": "desc"}}, {"page_id": {"order": "desc"}}],
        "_source": [
            "page_id",
            "slug",
            "url",
            "language",
            "text_id",
            "text_en",
            "province",
            "sector",
            "year",
        ],  # fmt: skip
        "aggs": {
            "ministry": terms_agg("ministry", 500, BOTH),
            "province": terms_agg("province", 50, {"bool": {"filter": [SECTOR]}}),
            "regency": terms_agg("regency", 600, BOTH),
            "sector": terms_agg("sector", 200, {"bool": {"filter": [PROVINCES]}}),
            "channel": terms_agg("channel", 50, BOTH),
            "level": terms_agg("level", 20, BOTH),
            "stage": terms_agg("stage", 50, BOTH),
            "status": terms_agg("status", 50, BOTH),
            "sdg": terms_agg("sdg", 20, BOTH),
            "year": terms_agg("year", 300, BOTH),
            "hub": terms_agg("hub", 1000, BOTH),
            "tag": terms_agg("tag", 1000, BOTH),
            "award": terms_agg("award", 500, BOTH),
            "concepts": {
                "global": {},
                "aggs": {
                    "matches": {
                        "filters": {
                            "filters": {
                                "c0": concept("gizi"),
                                "c1": concept("balita"),
                                "query": {
                                    "bool": {
                                        "should": [concept("gizi"), concept("balita")],
                                        "minimum_should_match": 1,
                                    }
                                },
                            }
                        }
                    }
                },
            },
        },
        "post_filter": BOTH,
        "highlight": {
            "pre_tags": ["\ue000"],
            "post_tags": ["\ue001"],
            "encoder": "default",
            "number_of_fragments": 0,
            "require_field_match": True,
            "fields": {
                f"text_{language}.{name}": {}
                for name in snippet_fields
                for language in ("id", "en")
            },
        },
        "suggest": {
            "text": "gizi balita",
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
                                    "did_you_mean": {
                                        "query": "{{suggestion}}",
                                        "operator": "and",
                                    }
                                }
                            }
                        },
                        "prune": False,
                    },
                }
            },
        },
    }


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


def test_similar_body(built, es, fake):
    fake.search_handler = lambda body, recorded: search_answer(
        hits=[{"_id": "41", "_score": 3.2}, {"_id": str(built.pk), "_score": 9.0}]
    )
    assert es.similar(built.pk, limit=5) == [41]  # never the record itself
    assert es.similar(999_999) == []  # not in the index: the cluster is not asked
    (search,) = fake.calls("POST", "/_search")
    assert search.body == {
        "query": {
            "more_like_this": {
                "fields": [
                    "text_id.title",
                    "text_en.title",
                    "text_id.acronym",
                    "text_en.acronym",
                    "text_id.tagline",
                    "text_en.tagline",
                    "text_id.tags",
                    "text_en.tags",
                    "text_id.lineage",
                    "text_en.lineage",
                    "text_id.summary",
                    "text_en.summary",
                ],
                "like": [{"_index": ALIAS, "_id": str(built.pk)}],
                "min_term_freq": 1,
                "min_doc_freq": 2,
                "max_query_terms": 12,
                "minimum_should_match": "1",
                "include": False,
            }
        },
        "size": 5,
        "_source": False,
    }


# --- answers -> SearchResponse -----------------------------------------------------------------


def buckets(*pairs):
    return {
        "doc_count_error_upper_bound": 0,
        "sum_other_doc_count": 0,
        "buckets": [{"key": key, "doc_count": count} for key, count in pairs],
    }


def search_answer(hits=(), total=None, facets=None, concepts=None, suggestion=None):
    """A response in Elasticsearch's documented format."""
    aggregations = {name: {"doc_count": 0, "values": buckets()} for name in es_queries.FACET_FIELDS}
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
    assert set(response.facets) == set(es_queries.FACET_FIELDS)


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


# --- typos: fuzzy matching -----------------------------------------------------------------


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
    selected = {"terms": {"province": ["33"]}}
    others = {"match_all": {}}
    snippet_fields = ["tagline", "summary", "title", "background", "novelty",
                      "implementation", "impact", "resources", "sustainability", "replication",
                      "facts"]  # fmt: skip
    assert fuzzy.body == {
        "query": {"bool": {"should": [fuzzy_concept("stuntng", "c0")], "minimum_should_match": 1}},
        "from": 0,
        "size": 10,
        "track_total_hits": True,
        "sort": [{"_score": {"order": "desc"}}, {"page_id": {"order": "desc"}}],
        "_source": es_queries.SOURCE_FIELDS,  # as pinned above
        "aggs": {
            "ministry": terms_agg("ministry", 500, {"bool": {"filter": [selected]}}),
            "province": terms_agg("province", 50, others),
            "regency": terms_agg("regency", 600, {"bool": {"filter": [selected]}}),
            "sector": terms_agg("sector", 200, {"bool": {"filter": [selected]}}),
            "channel": terms_agg("channel", 50, {"bool": {"filter": [selected]}}),
            "level": terms_agg("level", 20, {"bool": {"filter": [selected]}}),
            "stage": terms_agg("stage", 50, {"bool": {"filter": [selected]}}),
            "status": terms_agg("status", 50, {"bool": {"filter": [selected]}}),
            "sdg": terms_agg("sdg", 20, {"bool": {"filter": [selected]}}),
            "year": terms_agg("year", 300, {"bool": {"filter": [selected]}}),
            "hub": terms_agg("hub", 1000, {"bool": {"filter": [selected]}}),
            "tag": terms_agg("tag", 1000, {"bool": {"filter": [selected]}}),
            "award": terms_agg("award", 500, {"bool": {"filter": [selected]}}),
            # no "concepts": the counts came with the exact body
        },
        "post_filter": {"bool": {"filter": [selected]}},
        "highlight": {
            "pre_tags": ["\ue000"],
            "post_tags": ["\ue001"],
            "encoder": "default",
            "number_of_fragments": 0,
            "require_field_match": True,
            "fields": {
                f"text_{language}.{name}": {}
                for name in snippet_fields
                for language in ("id", "en")
            },
        },
    }


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
    assert len(fake.calls("POST", "/_search")) == 1
    assert response.total == 0
    # A typo next to a found word: only the typo is fuzzy.
    fake.requests.clear()
    answers = [search_answer(concepts={"c0": 5, "c1": 0, "query": 5}), search_answer()]
    fake.search_handler = lambda body, recorded: answers.pop(0)
    es.search(SearchRequest(q="sampah desaa"))
    _, typo = fake.calls("POST", "/_search")
    assert typo.body["query"]["bool"]["should"] == [
        concept("sampah", "c0"),
        fuzzy_concept("desaa", "c1"),
    ]


def test_the_api_says_elasticsearch_answered(built, es, fake, client):
    data = client.get(API, {"q": "gizi"})
    assert data.status_code == 200
    assert data["X-Search-Backend"] == "elasticsearch"
    payload = data.json()
    assert payload["backend"] == "elasticsearch"
    assert payload["notice"] is None
    assert [r["slug"] for r in payload["results"]] == [built.slug]


# --- synonyms --------------------------------------------------------------------------------


def test_the_synonym_dictionary_is_a_synonyms_set_updated_when_it_changes(built, es, fake):
    stored = fake.synonyms["jipp-test-synonyms"]
    assert len(stored) == Synonym.objects.count()
    first = Synonym.objects.order_by("pk").first()
    assert stored[0] == {"id": f"synonym-{first.pk}", "synonyms": ", ".join(first.term_list())}

    es.search(SearchRequest(q="drone"))
    assert fake.calls("PUT", "/_synonyms/") == []  # unchanged: not sent again

    synonym = Synonym.objects.create(terms="drone, pesawat nirawak, UAV => x, a\\b", note="uji")
    es.search(SearchRequest(q="drone"))
    (put,) = fake.calls("PUT", "/_synonyms/")
    assert put.path == "/_synonyms/jipp-test-synonyms"
    # No `refresh` parameter: Elasticsearch 8 does not know it, and 9 reloads the analyzers
    # before answering unless told not to.
    assert put.query == {}
    assert put.body["synonyms_set"][-1] == {
        "id": f"synonym-{synonym.pk}",
        "synonyms": "drone, pesawat nirawak, UAV x, a b",
    }
    # Searches come after the update, in the same process.
    targets = [r.target for r in fake.requests]
    assert targets.index("PUT /_synonyms/jipp-test-synonyms") < targets.index(
        f"POST /{ALIAS}/_search", targets.index("PUT /_synonyms/jipp-test-synonyms")
    )
    synonym.delete()
    es.search(SearchRequest(q="drone"))
    assert len(fake.synonyms["jipp-test-synonyms"]) == Synonym.objects.count()


def test_synonym_rules_are_plain_phrases():
    assert es_queries.synonym_rules([(1, ["KTP-el", "e-KTP", " "]), (2, ["solo"])]) == [
        {"id": "synonym-1", "synonyms": "KTP-el, e-KTP"}
    ]


# --- outages -----------------------------------------------------------------------------------


def test_refused_connections(built, es, fake, client, commit):
    fake.stop()

    with commit():
        page = create_innovation(title="Zorblat Kampung Baca")  # publishing succeeds
    assert OutboxEntry.objects.filter(page_id=page.pk).count() == 1
    assert "refused" in es.last_error.lower() or "connection" in es.last_error.lower()

    response = client.get(API, {"q": "zorblat"})
    assert response.status_code == 200
    data = response.json()
    assert data["backend"] == database_engine()
    assert response["X-Search-Backend"] == database_engine()
    assert data["notice"] == NOTICE
    assert data["results"][0]["slug"] == page.slug  # the database has it (and neighbours)
    # Similar innovations come from the database engine too.
    assert similar_innovations(built.pk) == database_backend().similar(built.pk) == [page.pk]

    fake.start()  # the cluster comes back
    call_command("search_sync")
    assert not OutboxEntry.objects.exists()
    assert str(page.pk) in index_matches_database(fake, es)


def test_timeouts(built, es, fake, client, commit, settings):
    settings.ELASTICSEARCH_TIMEOUT = 0.3
    fake.delay = 1.5  # longer than the client waits

    started = time.monotonic()
    with commit():
        page = create_innovation(title="Zorblat Lambat")
    assert time.monotonic() - started < 1.4  # gave up after the timeout
    assert OutboxEntry.objects.filter(page_id=page.pk).exists()

    sent = len(fake.requests)
    started = time.monotonic()
    data = client.get(API, {"q": "zorblat"}).json()
    assert data["backend"] == database_engine() and data["notice"] == NOTICE
    assert time.monotonic() - started < 1.0  # and does not wait again: backed off
    assert len(fake.requests) == sent  # the cluster was not asked

    fake.delay = 0
    call_command("search_sync")
    index_matches_database(fake, es)
    assert not OutboxEntry.objects.exists()


def test_server_errors(built, es, fake, client, commit):
    fake.failing = True  # 503 to everything
    with commit():
        page = create_innovation(title="Zorblat Gagal")
    assert OutboxEntry.objects.filter(page_id=page.pk).exists()
    assert "503" in es.last_error

    data = client.get(API, {"q": "zorblat"}).json()
    assert data["backend"] == database_engine() and data["notice"] == NOTICE

    es.reset()
    data = client.get(API, {"q": "zorblat"}).json()  # tried again: still failing
    assert data["backend"] == database_engine()

    fake.failing = False
    with pytest.raises(CommandError):  # search_sync says when it could not deliver
        fake.failing = True
        call_command("search_sync")
    fake.failing = False
    call_command("search_sync")
    index_matches_database(fake, es)


def test_a_partial_bulk_failure_keeps_only_the_failed_changes(built, es, fake, commit):
    fake.stop()
    with commit():
        good = create_innovation(title="Zorblat Baik")
        bad = create_innovation(title="Zorblat Ditolak")
        busy = create_innovation(title="Zorblat Sibuk")
    fake.start()
    fake.bulk_failures = {
        str(bad.pk): (400, "document_parsing_exception", "failed to parse field [year]"),
        str(busy.pk): (429, "es_rejected_execution_exception", "rejected execution"),
    }
    es.reset()
    result = es.replay(force=True)

    assert result.sent == 1
    assert set(OutboxEntry.objects.values_list("page_id", flat=True)) == {bad.pk, busy.pk}
    rejected = OutboxEntry.objects.get(page_id=bad.pk)
    assert rejected.attempts == 1
    assert rejected.last_error == ("400 document_parsing_exception: failed to parse field [year]")
    assert OutboxEntry.objects.get(page_id=busy.pk).attempts == 0  # 429: only "try later"
    assert str(good.pk) in fake.documents(ALIAS)
    assert str(bad.pk) not in fake.documents(ALIAS)

    with pytest.raises(CommandError):
        call_command("search_sync")
    fake.bulk_failures = {}
    call_command("search_sync")
    assert not OutboxEntry.objects.exists()
    index_matches_database(fake, es)


def test_every_change_made_during_an_outage_is_in_the_index_afterwards(
    built, es, fake, client, commit
):
    with commit():
        create_innovation(title="Di Jawa Tengah", province_code="33", regency=None,
                          level="provinsi", hub="JIPP Provinsi Jawa Tengah")  # fmt: skip
        moved = create_innovation(title="Posko Aduan", hub="JIPP Provinsi Jawa Barat")
        edited = create_innovation(title="Judul Lama")
        hidden = create_innovation(title="Bank Sampah")
        deleted = create_innovation(title="Drone Sawah")
        unpublished = create_innovation(title="Perpustakaan Lorong")
    index_matches_database(fake, es)

    fake.stop()
    with commit():
        new = create_innovation(title="Zorblat Baru")
        edited.title = "Judul Baru"
        edited.save_revision().publish()
        unpublished.unpublish()
        deleted.delete()
        moved.move(HubPage.objects.get(title="JIPP Provinsi Jawa Tengah"), pos="last-child")
        PageViewRestriction.objects.create(
            page=hidden, restriction_type=PageViewRestriction.PASSWORD, password="x"
        )
    assert OutboxEntry.objects.count() >= 6
    assert client.get(API, {"q": "zorblat"}).json()["backend"] == database_engine()

    fake.start()
    call_command("search_sync")

    docs = index_matches_database(fake, es)
    assert str(new.pk) in docs
    assert docs[str(edited.pk)]["text_id"]["title"] == "Judul Baru"
    assert str(unpublished.pk) not in docs
    assert str(deleted.pk) not in docs
    assert str(hidden.pk) not in docs
    assert docs[str(moved.pk)]["hub"] == "provinsi-jawa-tengah"
    assert not OutboxEntry.objects.exists()


def test_delivery_resumes_by_itself_when_the_cluster_answers_again(
    built, es, fake, client, commit, settings
):
    settings.ELASTICSEARCH_RETRY_AFTER = 0.3
    fake.stop()
    with commit():
        page = create_innovation(title="Zorblat Kembali")
    assert client.get(API, {"q": "zorblat"}).json()["backend"] == database_engine()
    fake.start()
    time.sleep(0.35)  # the back-off has passed: the next search tries the cluster
    data = client.get(API, {"q": "zorblat"}).json()
    assert data["backend"] == "elasticsearch"
    assert not OutboxEntry.objects.exists()  # replayed before answering
    assert str(page.pk) in index_matches_database(fake, es)


def test_a_rebuild_during_an_outage_waits_in_the_outbox(built, es, fake, commit):
    fake.stop()
    with pytest.raises(CommandError, match="search_sync"):
        call_command("rebuild_search_index")
    # The database index was rebuilt; the Elasticsearch rebuild is pending, durably.
    assert OutboxEntry.objects.filter(action="rebuild").count() == 1
    assert IndexedDocument.objects.filter(page_id=built.pk).exists()

    fake.start()
    (old,) = fake.resolve(ALIAS)
    call_command("search_sync")
    (new,) = fake.resolve(ALIAS)
    assert new != old and old not in fake.indices
    assert not OutboxEntry.objects.exists()
    index_matches_database(fake, es)


def test_changes_made_during_a_rebuild_are_not_lost(built, es, fake, commit):
    """A page published while the new index is loading is delivered by its writer to the
    old index (the alias still points there); it reaches the new one after the swap."""
    load = es._load
    during = {}

    def load_then_publish(index, progress):
        count = load(index, progress)
        page = create_innovation(title="Zorblat Selama Rebuild")
        es.replay()  # what the writer's after-commit delivery does, to the old index
        during["page"] = page
        return count

    es._load = load_then_publish
    try:
        es.rebuild()
    finally:
        del es._load
    page = during["page"]
    assert OutboxEntry.objects.count() == 0
    docs = index_matches_database(fake, es)  # the alias now points at the new index
    assert str(page.pk) in docs


def test_search_status(built, es, fake, commit, capsys):
    call_command("search_status")
    out = capsys.readouterr().out
    assert "Cluster health:     green (1 nodes)" in out
    assert "Documents in DB:    1" in out
    assert "Documents in index: 1" in out
    assert "Outbox:             0 waiting" in out
    assert "in sync: yes" in out

    fake.stop()
    with commit():
        create_innovation(title="Zorblat Status")
    es.reset()
    call_command("search_status", "--json")
    info = json.loads(capsys.readouterr().out)
    assert info["healthy"] is False and info["in_sync"] is False
    assert info["documents_in_database"] == 2
    assert info["outbox"] == 1
    assert info["error"]
    with pytest.raises(CommandError):
        call_command("search_status", "--check")


def test_credentials_and_tls_options(es, settings):
    settings.ELASTICSEARCH_URL = "https://u:secret@es1:9200, https://es2:9200"
    settings.ELASTICSEARCH_API_KEY = "a2V5"
    settings.ELASTICSEARCH_CA_CERTS = "/etc/ssl/es-ca.pem"
    settings.ELASTICSEARCH_VERIFY_CERTS = True
    options = es.client_options()
    assert options == {
        "hosts": ["https://u:secret@es1:9200", "https://es2:9200"],
        "request_timeout": 0.5,
        "retry_on_timeout": False,
        "api_key": "a2V5",
        "verify_certs": True,
        "ca_certs": "/etc/ssl/es-ca.pem",
    }
    settings.ELASTICSEARCH_API_KEY = ""
    settings.ELASTICSEARCH_USERNAME, settings.ELASTICSEARCH_PASSWORD = "elastic", "pw"
    assert es.client_options()["basic_auth"] == ("elastic", "pw")
    assert es.status()["nodes"] == ["https://u:***@es1:9200", "https://es2:9200"]


def test_several_nodes_when_one_is_down_the_others_answer(built, es, fake, settings, commit):
    second = fake.add_node()
    settings.ELASTICSEARCH_URL = f"{fake.url},{second.url}"
    fake.node.stop()  # the first node crashes; the client moves on to the second

    with commit():
        page = create_innovation(title="Zorblat Dua Simpul")
    assert not OutboxEntry.objects.exists()  # delivered through the second node
    response = run_search(SearchRequest(q="zorblat"))
    assert response.backend == "elasticsearch" and not response.notice
    assert str(page.pk) in index_matches_database(fake, es)
    assert es.status()["nodes"] == [fake.url, second.url]


@pytest.mark.parametrize(
    "credentials,header",
    [
        ({"ELASTICSEARCH_API_KEY": "a2V5OnNlY3JldA=="}, "ApiKey a2V5OnNlY3JldA=="),
        (
            {"ELASTICSEARCH_USERNAME": "jipp", "ELASTICSEARCH_PASSWORD": "rahasia"},
            "Basic amlwcDpyYWhhc2lh",  # base64("jipp:rahasia")
        ),
    ],
)
def test_credentials_reach_the_cluster(built, es, fake, settings, credentials, header):
    for name, value in credentials.items():
        setattr(settings, name, value)
    es.search(SearchRequest(q="gizi"))
    assert fake.requests
    assert {r.headers.get("authorization") for r in fake.requests} == {header}


def make_certificates(directory):
    """A throwaway CA and a certificate for 127.0.0.1 signed by it (openssl CLI)."""
    run = lambda *args: subprocess.run(args, cwd=directory, check=True, capture_output=True)  # noqa: E731
    ec = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes"]
    run("openssl", "req", "-x509", *ec, "-keyout", "ca.key", "-out", "ca.pem", "-days", "2",
        "-subj", "/CN=JIPP test CA", "-addext", "basicConstraints=critical,CA:TRUE",
        "-addext", "keyUsage=critical,keyCertSign,cRLSign")  # fmt: skip
    run("openssl", "req", *ec, "-keyout", "node.key", "-out", "node.csr", "-subj", "/CN=127.0.0.1")
    (directory / "ext.cnf").write_text(
        "subjectAltName=IP:127.0.0.1\nbasicConstraints=critical,CA:FALSE\n"
        "keyUsage=critical,digitalSignature\nextendedKeyUsage=serverAuth\n"
        "authorityKeyIdentifier=keyid\nsubjectKeyIdentifier=hash\n"
    )
    run("openssl", "x509", "-req", "-in", "node.csr", "-CA", "ca.pem", "-CAkey", "ca.key",
        "-CAcreateserial", "-out", "node.pem", "-days", "2", "-extfile", "ext.cnf")  # fmt: skip
    return directory / "ca.pem", (directory / "node.pem", directory / "node.key")


@pytest.mark.skipif(not shutil.which("openssl"), reason="needs the openssl command")
@pytest.mark.filterwarnings(
    "ignore:Connecting to .* verify_certs=False is insecure", "ignore:Unverified HTTPS request"
)  # said by the client and urllib3 for the last, deliberately unverified part
def test_tls_with_the_clusters_certificate_authority(built, es, fake, settings, tmp_path):
    ca, node_files = make_certificates(tmp_path)
    node = fake.add_node(tls=node_files)
    assert node.url.startswith("https://")
    settings.ELASTICSEARCH_URL = node.url
    settings.ELASTICSEARCH_CA_CERTS = str(ca)
    assert es.search(SearchRequest(q="gizi")).backend == "elasticsearch"

    # Without the CA the node's certificate is not trusted: the database answers.
    settings.ELASTICSEARCH_CA_CERTS = ""
    response = run_search(SearchRequest(q="gizi"))
    assert response.backend == database_engine() and response.notice == NOTICE
    assert "certificate" in es.last_error.lower()

    settings.ELASTICSEARCH_VERIFY_CERTS = False  # explicitly: trust whatever answers
    es.reset()
    assert es.search(SearchRequest(q="gizi")).backend == "elasticsearch"


def test_the_database_engines_do_not_use_the_outbox(site_tree, settings):
    settings.SEARCH_BACKEND = ""
    reset_search_caches()
    page = create_innovation(title="Kampung Gizi")
    assert IndexedDocument.objects.filter(page_id=page.pk).exists()
    assert not OutboxEntry.objects.exists()
    assert run_search(SearchRequest(q="gizi")).backend == database_engine()


# --- imports --------------------------------------------------------------------------------

# More than the writer's own after-commit delivery takes (2 batches of 500).
IMPORTED = 1200


def import_file(tmp_path, count):
    records = [valid_record(title=f"Inovasi Impor Nomor {i}") for i in range(count)]
    return write_jsonl(tmp_path / "impor.jsonl", records)


def run_import(path):
    out, err = StringIO(), StringIO()
    call_command("import_innovations", str(path), stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_a_large_import_hands_every_change_to_the_index(built, es, fake, tmp_path, commit):
    path = import_file(tmp_path, IMPORTED)
    with commit() as callbacks:
        out, err = run_import(path)
    # The import's commits did not deliver (the first 1,000) themselves.
    assert es._after_commit not in callbacks

    imported = set(InnovationPage.objects.exclude(pk=built.pk).values_list("pk", flat=True))
    assert len(imported) == IMPORTED
    assert not OutboxEntry.objects.exists()
    docs = index_matches_database(fake, es)
    assert imported <= {int(page_id) for page_id in docs}
    assert f"Indeks Elasticsearch: {IMPORTED} perubahan terkirim." in out
    assert f"Elasticsearch {IMPORTED}/{IMPORTED} (100%)" in err  # the progress bar
    # Delivered after the import, in bulk requests of 500 that do not wait for a refresh
    # each, then one refresh; nothing was delivered batch by batch after commits.
    bulks = fake.calls("PUT", "/_bulk")
    assert [len(b.body) for b in bulks] == [1000, 1000, 400]  # action + document lines
    assert all(b.query == {"refresh": "false", "require_alias": "true"} for b in bulks)
    assert [r.target for r in fake.requests if "_refresh" in r.path] == [f"POST /{ALIAS}/_refresh"]
    assert fake.requests.index(fake.calls("POST", "/_refresh")[0]) > fake.requests.index(bulks[-1])


def test_an_import_while_the_cluster_is_down_waits_in_the_outbox(built, es, fake, tmp_path):
    fake.stop()
    path = import_file(tmp_path, IMPORTED)
    out, err = run_import(path)  # exits normally

    assert f"Impor selesai: {IMPORTED} baru" in out
    imported = set(InnovationPage.objects.exclude(pk=built.pk).values_list("pk", flat=True))
    assert len(imported) == IMPORTED
    assert IndexedDocument.objects.filter(page_id__in=imported, removed=False).count() == IMPORTED
    assert set(OutboxEntry.objects.values_list("page_id", flat=True)) == imported
    assert f"{IMPORTED} perubahan menunggu di outbox" in err
    assert "python manage.py search_sync" in err

    fake.start()
    call_command("search_sync", stdout=StringIO(), stderr=StringIO())
    assert not OutboxEntry.objects.exists()
    docs = index_matches_database(fake, es)
    assert imported <= {int(page_id) for page_id in docs}
