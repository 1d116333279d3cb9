"""The Elasticsearch engine, for a national network that outgrows one database: the parts
of this package tied to search.backends.base.SearchBackend.

    client.py     the connection, its settings, and what a failure means (back-off)
    outbox.py     changes queued in the page's transaction, delivered after the commit
    rebuilder.py  a new index built beside the live one, then swapped in
    synonyms.py   the coordinators' dictionary as a synonyms set
    searching.py  a SearchRequest answered: exact, corrected or fuzzy
    results.py    the cluster's answers read: hits, facets, suggestion, failed shards
    analysis.py, mappings.py, documents.py, queries.py, concept_queries.py,
    facet_queries.py
                  everything sent, as pure functions (pinned by tests/elasticsearch)
"""

from django.conf import settings

from ...models import IndexedDocument, OutboxEntry
from ..base import EngineUnavailable, SearchBackend
from .client import Connection, configured_urls, redact
from .outbox import Outbox
from .rebuilder import Rebuilder
from .searching import Searcher
from .synonyms import SynonymSet


def _alias():
    return settings.ELASTICSEARCH_INDEX


def _synonyms_set():
    return f"{_alias()}-synonyms"


class ElasticsearchBackend(SearchBackend):
    name = "elasticsearch"
    # search.indexing.rebuild() leaves this engine out of its transaction and leaves a
    # "rebuild" entry in the outbox instead: rebuild() builds a new index and swaps the alias.
    rebuilds_itself = True
    # Changes reach the cluster through the outbox (search.models.OutboxEntry).
    uses_outbox = True

    def __init__(self):
        self.connection = Connection()
        self.outbox = Outbox(self.connection, _alias)
        self.synonyms = SynonymSet(self.connection, _synonyms_set)
        self.rebuilder = Rebuilder(self.connection, self.outbox, self.synonyms, _alias)
        self.searcher = Searcher(self.connection, self.outbox, self.synonyms, _alias)
        self.connection.on_new_client = self.synonyms.forget

    def reset(self):
        """Forget past failures: the next call tries the cluster (and fuzziness) again."""
        self.connection.reset()
        self.synonyms.forget()
        self.searcher.fuzzy_refused = False

    # --- writing -------------------------------------------------------------------------

    def index(self, documents):
        self.outbox.enqueue([d.page_id for d in documents], OutboxEntry.INDEX)

    def remove(self, page_ids):
        self.outbox.enqueue(list(page_ids), OutboxEntry.DELETE)

    def vectors_changed(self, page_ids):
        # The document is sent again, now with its vector, under the same version
        # (external_gte accepts it; a newer text still wins).
        self.outbox.enqueue(list(page_ids), OutboxEntry.INDEX)

    def clear(self):
        client = self.connection.client
        self.connection.call(
            lambda: client.delete_by_query(
                index=_alias(), body={"query": {"match_all": {}}}, refresh=True
            )
        )

    def request_rebuild(self):
        """Called inside search.indexing.rebuild()'s transaction."""
        OutboxEntry.objects.create(action=OutboxEntry.REBUILD)

    def rebuild(self, progress=None):
        return self.rebuilder.rebuild(progress)

    def delivery_deferred(self):
        return self.outbox.deferred()

    def deliver_all(self, progress=None):
        """Deliver the whole outbox now, as `search_sync` does (see Outbox.replay)."""
        self.reset()
        return self.outbox.replay(force=True, progress=progress)

    def pending_count(self):
        return self.outbox.pending().count()

    def rebuild_pending(self):
        return OutboxEntry.objects.filter(action=OutboxEntry.REBUILD).exists()

    # --- reading -------------------------------------------------------------------------

    def search(self, request):
        return self.searcher.search(request)

    def similar(self, page_id, limit=5):
        return self.searcher.similar(page_id, limit)

    def status(self):
        in_database = IndexedDocument.objects.filter(removed=False).count()
        pending = self.outbox.pending()
        info = {
            "backend": self.name,
            "nodes": [redact(h) for h in configured_urls()],
            "alias": _alias(),
            "documents_in_database": in_database,
            "documents_in_index": None,
            "outbox": pending.count(),
            "outbox_rejected": pending.filter(attempts__gt=0).count(),
            "outbox_oldest": pending.order_by("id").values_list("created_at", flat=True).first(),
            "rebuild_pending": self.rebuild_pending(),
            "cluster": None,
            "indices": [],
            "orphans": [],
            "healthy": False,
            "error": "",
        }
        try:
            client = self.connection.client
            health = self.connection.call(lambda: client.cluster.health())
            keys = ("cluster_name", "status", "number_of_nodes", "active_shards_percent_as_number")
            info["cluster"] = {k: health.get(k) for k in keys}
            info["indices"], _ = self.rebuilder.alias_indices()
            info["orphans"] = self.rebuilder.orphans()
            if info["indices"]:
                count = self.connection.call(lambda: client.count(index=_alias()))
                info["documents_in_index"] = count["count"]
            info["healthy"] = health.get("status") in ("green", "yellow") and bool(info["indices"])
        except EngineUnavailable as exc:
            info["error"] = str(exc)
        info["in_sync"] = (
            info["healthy"]
            and info["outbox"] == 0
            and not info["rebuild_pending"]
            and info["documents_in_index"] == in_database
        )
        return info
