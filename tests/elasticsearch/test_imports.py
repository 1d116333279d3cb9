"""Imports: a large import hands every change to the index after its commit, in bulk and
with a progress bar; an import while the cluster is down succeeds and leaves its changes in
the outbox for `search_sync`."""

from io import StringIO

from django.core.management import call_command

from innovations.models import InnovationPage
from search.models import IndexedDocument, OutboxEntry
from tests.factories import valid_record, write_jsonl

from .conftest import ALIAS, index_matches_database

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
    assert es.outbox.after_commit not in callbacks

    imported = set(InnovationPage.objects.exclude(pk=built.pk).values_list("pk", flat=True))
    assert len(imported) == IMPORTED
    assert not OutboxEntry.objects.exists()
    docs = index_matches_database(fake)
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
    docs = index_matches_database(fake)
    assert imported <= {int(page_id) for page_id in docs}
