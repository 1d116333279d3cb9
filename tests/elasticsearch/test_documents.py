"""Documents and their delivery: what a publish and an unpublish send (bulk NDJSON, after
the commit, through the outbox), and the external versions that keep a late or replayed
write from overwriting a newer state, also across rebuilds of the database index."""

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from search.backends.elasticsearch.documents import bulk_operations
from search.backends.elasticsearch.outbox import documents
from search.models import IndexedDocument, IndexState, OutboxEntry
from search.query import SearchRequest
from search.service import run_search
from tests.factories import create_innovation

from .conftest import ALIAS, index_matches_database, load_body


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
    # The tags field holds the sector's name too; extra the secondary sector and channel.
    assert bulk.body == load_body(
        "bulk_publish",
        id=str(page.pk),
        page_id=page.pk,
        seq=row.seq,
        slug=page.slug,
        url=row.url,
        published_at=row.published_at.isoformat(),
    )
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
    old_documents, _ = documents([page.pk])
    with commit():
        page.title = "Versi Kedua"
        page.save_revision().publish()
    # A replay that read the row before the second publish arrives last:
    fake.requests.clear()
    es.connection.client.bulk(index=ALIAS, operations=bulk_operations(old_documents, []))
    (item,) = fake.requests[-1].body[:1]
    assert item["index"]["version"] < IndexedDocument.objects.get(page_id=page.pk).seq
    assert fake.documents(ALIAS)[str(page.pk)]["text_id"]["title"] == "Versi Kedua"


def test_versions_keep_rising_across_a_rebuild_of_the_database_index(built, es, fake, commit):
    """A rebuild of the database index used to restart every row's seq, the documents'
    external version, at 1. Until an Elasticsearch rebuild succeeded, the live index
    (holding higher versions) answered every delivery with 409, which counts as "a newer
    version is there", so changes were dropped: an unpublished page stayed searchable."""
    with commit():
        page = create_innovation(title="Zorblat Versi")
    for title in ("Zorblat Versi Dua", "Zorblat Versi Tiga"):
        with commit():
            page.title = title
            page.save_revision().publish()
    live_version = IndexedDocument.objects.get(page_id=page.pk).seq
    generation = IndexState.objects.get(pk=1).generation

    fake.stop()  # the Elasticsearch half of the rebuild fails: it waits in the outbox
    with pytest.raises(CommandError):
        call_command("rebuild_search_index")
    fake.start()
    es.reset()

    with commit():
        page.unpublish()

    assert str(page.pk) not in fake.documents(ALIAS)
    assert page.pk not in [h.page_id for h in run_search(SearchRequest(q="zorblat")).hits]
    assert IndexedDocument.objects.get(page_id=page.pk).seq > live_version
    assert IndexState.objects.get(pk=1).generation > generation
    assert OutboxEntry.objects.filter(action="rebuild").exists()  # still to do
    call_command("search_sync")
    index_matches_database(fake)
