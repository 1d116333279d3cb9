"""Rebuilding: a new index beside the live one, loaded, then swapped in by the alias; and
what happens when the cluster is away, answers late, times out or cannot place replicas.
Whatever goes wrong, searches keep an index to answer from and no index is left behind."""

import json
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone

from search.backends.base import EngineUnavailable, RebuildFailed
from search.models import IndexedDocument, OutboxEntry
from search.query import SearchRequest
from search.service import run_search
from tests.factories import create_innovation

from .conftest import ALIAS, bodies, index_matches_database

NEW_INDEX = rf"/{ALIAS}-\d{{20}}"


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
        f"GET /{ALIAS}-*/_alias",  # indices left by failed rebuilds (none)
        "GET /_synonyms/jipp-test-synonyms",
        f"PUT /{second}",
        f"PUT /{second}/_bulk",
        f"PUT /{second}/_settings",
        f"POST /{second}/_refresh",
        "GET /_cluster/health",  # how many data nodes: which copies can be placed
        f"GET /_cluster/health/{second}",  # wait for them
        f"GET /_alias/{ALIAS}",
        "POST /_aliases",
        f"GET /_alias/{ALIAS}",  # nothing is deleted without asking where the alias points
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
    # One node, one replica configured: the primary is every copy it can hold.
    (health,) = fake.calls("GET", f"/_cluster/health/{second}")
    assert health.query == {"wait_for_active_shards": "1", "timeout": "2000ms"}


def test_first_rebuild_replaces_an_index_squatting_the_alias_name(es, fake):
    fake.indices[ALIAS] = {"body": {}, "settings": [], "docs": {}}  # made by hand, say
    es.rebuild()
    (swap,) = bodies(fake, "POST", "/_aliases")
    (new,) = fake.resolve(ALIAS)
    assert swap == {
        "actions": [{"remove_index": {"index": ALIAS}}, {"add": {"index": new, "alias": ALIAS}}]
    }


# --- index administration under a slow cluster -------------------------------------------


def test_index_administration_waits_longer_than_a_search(built, es, fake, settings):
    """Creating an index, its settings and the alias swap may take a cluster longer than a
    search may: they wait ELASTICSEARCH_ADMIN_TIMEOUT, not ELASTICSEARCH_TIMEOUT."""
    settings.ELASTICSEARCH_TIMEOUT = 0.3
    settings.ELASTICSEARCH_ADMIN_TIMEOUT = 5
    fake.late = [("PUT", NEW_INDEX, 0.8), ("PUT", rf"{NEW_INDEX}/_settings", 0.8),
                 ("POST", "/_aliases", 0.8)]  # fmt: skip
    (old,) = fake.resolve(ALIAS)

    assert es.rebuild() == 1

    (new,) = fake.resolve(ALIAS)
    assert new != old and set(fake.indices) == {new}
    assert run_search(SearchRequest(q="gizi")).backend == "elasticsearch"


def test_a_timed_out_index_creation_leaves_no_index_behind(built, es, fake, settings):
    """The cluster created the index, but answered after the client gave up: the rebuild
    fails, and the index it created anyway is deleted, since no alias points at it."""
    settings.ELASTICSEARCH_ADMIN_TIMEOUT = 0.3
    fake.late = [("PUT", NEW_INDEX, 1.0)]
    (old,) = fake.resolve(ALIAS)

    with pytest.raises(EngineUnavailable):
        es.rebuild()

    assert set(fake.indices) == {old}  # no orphan
    assert fake.resolve(ALIAS) == [old]
    es.reset()
    assert run_search(SearchRequest(q="gizi")).backend == "elasticsearch"


def test_a_later_rebuild_deletes_indices_a_failed_one_left(built, es, fake, capsys):
    """When even the clean-up failed (the cluster went away), the index stays, and
    search_status names it. A rebuild deletes it once it is a day old: a younger one may be
    another rebuild's, still loading. Indices of other aliases stay."""
    (live,) = fake.resolve(ALIAS)
    orphan = f"{ALIAS}-20250101000000000000"
    recent = f"{ALIAS}-{timezone.now() - timedelta(hours=2):%Y%m%d%H%M%S%f}"
    others = [f"{ALIAS}-archive", f"{ALIAS}-other-20250101000000000000"]
    for name in [orphan, recent, *others]:
        fake.indices[name] = {"body": {}, "settings": [], "docs": {}}

    call_command("search_status", "--json")
    assert json.loads(capsys.readouterr().out)["orphans"] == [orphan, recent]
    call_command("search_status")
    assert f"Unused indices:     {orphan}, {recent}" in capsys.readouterr().out

    es.rebuild()

    (new,) = fake.resolve(ALIAS)
    assert set(fake.indices) == {new, recent, *others}  # the orphan, the replaced index: gone
    assert live not in fake.indices


def test_an_alias_swap_applied_after_its_timeout_keeps_the_new_index(built, es, fake, settings):
    """The swap went through, but its answer came after the client gave up. The rebuild
    must not then delete the new index as unfinished: the alias points at it now."""
    settings.ELASTICSEARCH_ADMIN_TIMEOUT = 0.3
    fake.late = [("POST", "/_aliases", 1.0)]
    (old,) = fake.resolve(ALIAS)

    assert es.rebuild() == 1

    (new,) = fake.resolve(ALIAS)
    assert new != old and set(fake.indices) == {new}
    assert list(fake.documents(ALIAS)) == [str(built.pk)]
    es.reset()
    assert run_search(SearchRequest(q="gizi")).backend == "elasticsearch"


def test_the_swap_waits_for_the_new_index_replicas(built, es, fake, settings):
    """Two data nodes and one replica configured: the new index serves only once its
    replica is placed. If it is not placed in time, the old index keeps serving."""
    settings.ELASTICSEARCH_ADMIN_TIMEOUT = 0.5
    fake.data_nodes = 2
    fake.stuck_replicas = True
    (old,) = fake.resolve(ALIAS)

    with pytest.raises(RebuildFailed, match="1 of 2 shard copies"):
        es.rebuild()

    assert fake.resolve(ALIAS) == [old] and set(fake.indices) == {old}
    assert not fake.calls("POST", "/_aliases")
    (health,) = [r for r in fake.calls("GET", "/_cluster/health/") if r.path != "/_cluster/health"]
    assert health.query["wait_for_active_shards"] == "2"

    fake.stuck_replicas = False
    es.reset()
    assert es.rebuild() == 1
    (new,) = fake.resolve(ALIAS)
    assert new != old


# --- rebuilds and outages ------------------------------------------------------------------


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
    index_matches_database(fake)


def test_changes_made_during_a_rebuild_are_not_lost(built, es, fake, commit, monkeypatch):
    """A page published while the new index is loading is delivered by its writer to the
    old index (the alias still points there); it reaches the new one after the swap."""
    load = es.rebuilder._load
    during = {}

    def load_then_publish(index, progress):
        count = load(index, progress)
        page = create_innovation(title="Zorblat Selama Rebuild")
        es.outbox.replay()  # what the writer's after-commit delivery does, to the old index
        during["page"] = page
        return count

    monkeypatch.setattr(es.rebuilder, "_load", load_then_publish)
    es.rebuild()
    page = during["page"]
    assert OutboxEntry.objects.count() == 0
    docs = index_matches_database(fake)  # the alias now points at the new index
    assert str(page.pk) in docs


def test_search_status(built, es, fake, commit, capsys):
    fake.data_nodes = 2  # room for the replica: green
    call_command("search_status")
    out = capsys.readouterr().out
    assert "Cluster health:     green (2 nodes)" in out
    assert "Documents in DB:    1" in out
    assert "Documents in index: 1" in out
    assert "Outbox:             0 waiting" in out
    assert "Unused indices" not in out
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
