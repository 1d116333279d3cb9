"""The Elasticsearch backend against a real cluster: analyzers, alias swap, outbox replay,
versioning, corrections and fuzzy matching, the semantic leg's kNN scores and the fused
ranking with pins, where a stand-in server cannot vouch for the behaviour.

Runs when ELASTICSEARCH_URL is set (see docs/elasticsearch.md); skipped otherwise. Each
test works in an index (alias `jipp-live-<random>`) and synonyms set of its own, deleted
afterwards. The behavioural suite (tests/search) runs against the same cluster too.
"""

import os
import uuid

import pytest
from django.conf import settings
from django.core.management import call_command

from search import vectors
from search.backends import get_backend
from search.backends.elasticsearch import queries, results, searching
from search.backends.elasticsearch.documents import bulk_operations
from search.backends.elasticsearch.outbox import documents
from search.embedders import get_embedder
from search.facets import REPLICA
from search.models import IndexedDocument, OutboxEntry
from search.query import SearchRequest
from search.spelling import Speller
from tests.factories import create_innovation
from tests.search.oracle import reset_search_caches

SKIP_REASON = "ELASTICSEARCH_URL is not set: no Elasticsearch cluster on this machine"
pytestmark = pytest.mark.skipif(not os.environ.get("ELASTICSEARCH_URL"), reason=SKIP_REASON)


def alias():
    return settings.ELASTICSEARCH_INDEX


@pytest.fixture
def live(site_tree, settings):
    settings.SEARCH_BACKEND = "elasticsearch"
    settings.ELASTICSEARCH_INDEX = f"jipp-live-{uuid.uuid4().hex[:10]}"
    settings.ELASTICSEARCH_REPLICAS = 0
    settings.ELASTICSEARCH_RETRY_AFTER = 0
    reset_search_caches()
    backend = get_backend()
    backend.reset()
    yield backend
    client = backend.connection.client.options(ignore_status=404)
    indices, _ = backend.rebuilder.alias_indices()
    for index in indices:
        client.indices.delete(index=index)
    client.synonyms.delete_synonym(id=backend.synonyms.name())
    backend.reset()
    reset_search_caches()


@pytest.fixture
def commit(django_capture_on_commit_callbacks):
    return lambda: django_capture_on_commit_callbacks(execute=True)


def tokens(backend, analyzer, text):
    response = backend.connection.client.indices.analyze(
        index=alias(), body={"analyzer": analyzer, "text": text}
    )
    return [t["token"] for t in response["tokens"]]


def test_the_cluster_accepts_the_index_and_its_analyzers_work(live, commit):
    with commit():
        create_innovation(title="Mal Pelayanan Publik")
    assert live.rebuild() == 1
    assert tokens(live, "jipp_indonesian", "pelayanan layanan melayani") == ["layan"] * 3
    assert tokens(live, "jipp_indonesian", "perizinan izin") == ["izin", "izin"]
    assert tokens(live, "jipp_indonesian", "Sámpah yang dibuang") == ["sampah", "buang"]
    assert tokens(live, "jipp_english", "permits Entrepreneurs'") == ["permit", "entrepreneur"]
    # The coordinators' dictionary, at search time only.
    assert "stunting" in tokens(live, "jipp_indonesian_search", "tengkes")
    assert "stunting" not in tokens(live, "jipp_indonesian", "tengkes")
    mapping = live.connection.client.indices.get_mapping(index=alias())
    (index,) = mapping.body
    assert mapping[index]["mappings"]["_meta"] == {
        "schema_version": 4,
        "embedding_model": get_embedder().model_id,
    }


def test_publishing_reaches_the_cluster_and_search_answers_from_it(live, client, commit):
    live.rebuild()
    with commit():
        page = create_innovation(title="Gerakan Cegah Stunting Brebes")
    assert not OutboxEntry.objects.exists()
    document = live.connection.client.get(index=alias(), id=str(page.pk))
    assert document["_source"]["text_id"]["title"] == "Gerakan Cegah Stunting Brebes"

    data = client.get("/api/v1/search/", {"q": "tengkes"}).json()
    assert data["backend"] == "elasticsearch"
    assert [r["slug"] for r in data["results"]] == [page.slug]
    assert "<mark>" in data["results"][0]["snippet"]
    assert data["facets"]["province"] == [
        {"value": "32", "label": "Jawa Barat", "count": 1, "selected": False}
    ]

    with commit():
        page.unpublish()
    assert client.get("/api/v1/search/", {"q": "stunting"}).json()["total"] == 0


def test_rebuild_swaps_the_alias_and_drops_the_old_index(live, commit):
    with commit():
        for title in ("Bank Sampah Digital", "Desa Internet Mandiri"):
            create_innovation(title=title)
    live.rebuild()
    (first,), _ = live.rebuilder.alias_indices()
    live.rebuild()
    (second,), _ = live.rebuilder.alias_indices()
    assert second != first
    assert not live.connection.client.indices.exists(index=first)
    count = live.connection.client.count(index=alias())["count"]
    assert count == IndexedDocument.objects.filter(removed=False).count() == 2


def test_an_older_version_never_overwrites_a_newer_one(live, commit):
    live.rebuild()
    with commit():
        page = create_innovation(title="Versi Pertama")
    stale, _ = documents([page.pk])
    with commit():
        page.title = "Versi Kedua"
        page.save_revision().publish()
    response = live.connection.client.bulk(
        index=alias(), operations=bulk_operations(stale, []), refresh="wait_for"
    )
    (item,) = response["items"]
    assert item["index"]["status"] == 409
    document = live.connection.client.get(index=alias(), id=str(page.pk))
    assert document["_source"]["text_id"]["title"] == "Versi Kedua"


def test_a_correction_forgets_an_unpublished_word(live, commit):
    with commit():
        create_innovation(title="Taman Baca Warga")
        page = create_innovation(title="Quokkanesia Taman Baca")
    live.rebuild()
    response = live.search(SearchRequest(q="quokkanesa"))
    assert response.suggestion == "quokkanesia"
    assert response.corrected and [h.page_id for h in response.hits] == [page.pk]

    with commit():
        page.unpublish()
    response = live.search(SearchRequest(q="quokkanesa"))
    # The speller forgets it at once; its term lingers in the segment, and fuzzy matching
    # finds no live document with it.
    assert response.suggestion is None and response.ignored == ["quokkanesa"]
    assert response.total == 0


def test_a_refused_connection_then_recovery(live, settings, client, commit):
    live.rebuild()
    url = settings.ELASTICSEARCH_URL
    settings.ELASTICSEARCH_URL = "http://127.0.0.1:9"  # nothing listens there
    with commit():
        page = create_innovation(title="Zorblat Selama Gangguan")
    assert OutboxEntry.objects.filter(page_id=page.pk).exists()
    data = client.get("/api/v1/search/", {"q": "zorblat"}).json()
    assert data["backend"] != "elasticsearch" and data["notice"]

    settings.ELASTICSEARCH_URL = url
    call_command("search_sync")
    assert not OutboxEntry.objects.exists()
    assert live.connection.client.exists(index=alias(), id=str(page.pk))


# --- typos -------------------------------------------------------------------------------


def test_a_typo_finds_the_records(live, client, commit):
    with commit():
        page = create_innovation(title="Gerakan Cegah Stunting Brebes")
        create_innovation(title="Taman Baca Warga")
    live.rebuild()
    data = client.get("/api/v1/search/", {"q": "stuntng"}).json()
    assert data["backend"] == "elasticsearch"
    assert [r["slug"] for r in data["results"]] == [page.slug]


def test_a_typo_is_matched_fuzzily_when_there_is_no_correction(live, commit, monkeypatch):
    with commit():
        page = create_innovation(title="Gerakan Cegah Stunting Brebes")
        create_innovation(title="Taman Baca Warga")
    live.rebuild()
    monkeypatch.setattr(searching, "speller", lambda: Speller({}))  # no correction to make
    response = live.search(SearchRequest(q="stuntng"))
    assert response.suggestion is None and not response.corrected and response.ignored == []
    assert [h.page_id for h in response.hits] == [page.pk]
    assert "<mark>Stunting</mark>" in response.hits[0].snippet
    # Two edits from 6 letters; not three ("pesawat" is not "sawah" though their stems are
    # one edit apart: the surface words must be close too).
    assert live.search(SearchRequest(q="stntng")).total == 1
    assert live.search(SearchRequest(q="stntg")).total == 0


def test_exact_matches_rank_above_fuzzy_ones(live, commit):
    with commit():
        fuzzy = create_innovation(title="Dasa Wisma Sehat")  # "dasa": one edit from "desa"
        exact = create_innovation(
            title="Kampung Baca",
            sections={"ringkasan": "Program ini menjangkau setiap desa di kabupaten."},
        )
    live.rebuild()
    # "desa" is in the index: searched exactly, as the database engines do.
    assert [h.page_id for h in live.search(SearchRequest(q="desa")).hits] == [exact.pk]
    # The fuzzy body ranks an exact match in the summary above a fuzzy one in the title.
    body = queries.search_body(SearchRequest(q="desa"), ["desa"], fuzzy=[0])
    hits = live.connection.client.search(index=alias(), body=body)["hits"]["hits"]
    assert [int(h["_id"]) for h in hits] == [exact.pk, fuzzy.pk]
    assert hits[0]["_score"] > hits[1]["_score"]


# --- the semantic leg and replication intent ---------------------------------------------


def test_knn_scores_are_the_cosines_of_the_database_engines(live, commit):
    """The dense_vector field's cosine similarity, as the backend reads it back
    ((score x 2) - 1), equals the cosine the database engines compute: the margin that
    decides which neighbours count means the same on every engine."""
    with commit():
        near = create_innovation(title="Posyandu Gizi Balita Sehat")
        far = create_innovation(title="Taman Baca Warga Kampung")
    live.rebuild()
    vectors.embed_pending()  # delivered with their vectors
    query = get_embedder().query("gizi balita posyandu")
    request = SearchRequest(q="gizi balita posyandu")
    answer = live.connection.client.search(
        index=alias(), body=queries.neighbours_body(request, query, 10)
    )
    found, _ = results.neighbours(answer)
    assert [page_id for page_id, _ in found][:2] == [near.pk, far.pk]
    stored = vectors.VectorIndex().refresh(get_embedder())
    for page_id, cosine in found:
        row = stored.rows[page_id]
        assert cosine == pytest.approx(float(stored.matrix[row] @ query), abs=1e-3)


def test_neighbours_and_pins_count_at_score_zero(live, commit):
    """Records that are results only as neighbours or pins match the words' query with
    score 0 (a constant_score of boost 0, accepted by the cluster), so the text ranking is
    the words' own and the total counts them."""
    with commit():
        words = create_innovation(title="Bank Sampah Digital")
        other = create_innovation(title="Taman Baca Warga")
    live.rebuild()
    body = queries.search_body(SearchRequest(q="sampah"), ["sampah"], also=[other.pk], ranking=50)
    answer = live.connection.client.search(index=alias(), body=body)
    scores = {int(h["_id"]): h["_score"] for h in answer["hits"]["hits"]}
    assert scores[words.pk] > 0 and scores[other.pk] == 0
    assert answer["hits"]["total"]["value"] == 2
    assert [r[0] for r in results.text_ranking(answer)] == [words.pk]


def test_replication_intent_pins_the_named_practice_lineage(live, client, commit):
    with commit():
        original = create_innovation(id="bank-sampah-pontianak",
                                     title="Bank Sampah Digital Pontianak")  # fmt: skip
        replica = create_innovation(title="Bank Sampah Digital Sumedang",
                                    replicated_from="bank-sampah-pontianak")  # fmt: skip
        create_innovation(title="Bank Sampah Sekolah")
    live.rebuild()
    vectors.embed_pending()
    data = client.get("/api/v1/search/", {"q": "replikasi bank sampah digital pontianak"}).json()
    assert data["backend"] == "elasticsearch" and data["notice"] is None
    slugs = [r["slug"] for r in data["results"]]
    assert slugs[:2] == [replica.slug, original.slug]
    # With no practice named, replications are preferred over the others.
    request = SearchRequest(q="bank sampah", prefer=REPLICA)
    assert live.search(request).hits[0].page_id == replica.pk
