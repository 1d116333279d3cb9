"""Writing to the cluster through a durable outbox (search.models.OutboxEntry).

index() and remove() add rows to the outbox in the page's own transaction; after the
commit, the writer delivers them with one bulk request. When the cluster is down or slow,
publishing still succeeds and the rows wait: they are replayed after the next commit, before
a search (at most every ELASTICSEARCH_RETRY_AFTER seconds while the cluster keeps failing)
and by `python manage.py search_sync`. What is sent is rebuilt from IndexedDocument, the
search app's source of truth, so a replay is idempotent; each document carries its row's
`seq` as an external version, so a late replay never overwrites a newer state (seq keeps
rising across rebuilds of the database index: search.indexing.rebuild).
"""

import contextlib
import logging
import threading

import numpy as np
from django.conf import settings
from django.db import transaction
from django.db.models import F

from ...embedders import get_embedder
from ...models import DocumentVector, IndexedDocument, IndexState, OutboxEntry
from ..base import DeliveryReport, EngineUnavailable
from .documents import bulk_operations, document_body

logger = logging.getLogger("search.backends.elasticsearch")

BATCH = 500  # documents per bulk request
COMMIT_BATCHES = 2  # after a commit, the writer delivers at most this many batches itself
SEARCH_BATCHES = 1  # and a search, before answering, at most this many
POISON_ATTEMPTS = 5  # entries the cluster rejected this often wait for `search_sync`
ROW_COLUMNS = [
    "page_id", "seq", "removed", "slug", "url", "language", "texts", "ministry", "province",
    "regency", "sector", "level", "stage", "status", "hub", "year", "channels", "sdgs", "tags",
    "awards", "published_at", "replication_count", "original_id",
]  # fmt: skip


def generation():
    return IndexState.objects.filter(pk=1).values_list("generation", flat=True).first() or 0


def documents(page_ids):
    """([(page_id, version, body)], [(page_id, version)]): what to index and delete so the
    index matches IndexedDocument for these pages."""
    rows = {
        r["page_id"]: r
        for r in IndexedDocument.objects.filter(page_id__in=page_ids).values(*ROW_COLUMNS)
    }
    live = sorted(p for p, r in rows.items() if not r["removed"])
    vectors = stored_vectors(live)
    indexed = [(p, rows[p]["seq"], document_body(rows[p], vectors.get(p))) for p in live]
    deletions, now = [], None
    for page_id in sorted(set(page_ids) - set(live)):
        if page_id in rows:
            deletions.append((page_id, rows[page_id]["seq"]))
        else:  # no row at all (deleted with the database index's rebuild): deleted "now"
            now = generation() if now is None else now
            deletions.append((page_id, now))
    return indexed, deletions


def stored_vectors(page_ids):
    """{page_id: vector} of the configured model for these pages (search.vectors writes
    them after commit, and queues the pages again: see ElasticsearchBackend.vectors_changed).
    A vector of another model is never sent: the index's field has that model's dimensions."""
    embedder = get_embedder()
    if embedder is None or not page_ids:
        return {}
    rows = DocumentVector.objects.filter(page_id__in=page_ids, model=embedder.model_id)
    return {
        page_id: np.frombuffer(bytes(raw), dtype="<f4")
        for page_id, raw in rows.values_list("page_id", "vector")
    }


class Outbox:
    def __init__(self, connection, alias):
        self.connection = connection
        self.alias = alias  # a callable: the alias follows the settings
        self._replay_lock = threading.Lock()
        self._local = threading.local()  # .deferred: no delivery after commits (bulk jobs)
        self.acknowledged = 0  # documents the cluster acknowledged (for tests)

    # --- queueing -----------------------------------------------------------------------

    def enqueue(self, page_ids, action):
        if not page_ids:
            return
        OutboxEntry.objects.bulk_create([OutboxEntry(page_id=i, action=action) for i in page_ids])
        if not getattr(self._local, "deferred", False):
            transaction.on_commit(self.after_commit, robust=True)

    @contextlib.contextmanager
    def deferred(self):
        """Inside, commits in this thread do not deliver the outbox themselves: a bulk job
        (an import) writes thousands of changes, then delivers them all at once."""
        outer = getattr(self._local, "deferred", False)
        self._local.deferred = True
        try:
            yield
        finally:
            self._local.deferred = outer

    def after_commit(self):
        try:
            self.replay(max_batches=COMMIT_BATCHES)
        except Exception:  # never let delivery break the request that published
            logger.exception("Delivering the search outbox failed; it will be replayed")

    def pending(self, automatic=False):
        entries = OutboxEntry.objects.exclude(action=OutboxEntry.REBUILD)
        if automatic:
            entries = entries.filter(attempts__lt=POISON_ATTEMPTS)
        return entries

    def waiting_before_search(self):
        return self.connection.writes_available() and self.pending(automatic=True).exists()

    # --- delivering ---------------------------------------------------------------------

    def replay(self, force=False, max_batches=None, progress=None):
        """Deliver the outbox, oldest first. `force` (search_sync, imports) ignores the
        back-off, retries entries the cluster rejected before, gives each bulk request
        ELASTICSEARCH_BULK_TIMEOUT and does not wait for a refresh after each batch (one
        refresh at the end makes everything searchable); automatic delivery (after a commit,
        before a search) waits ELASTICSEARCH_TIMEOUT at most and for the refresh, so that
        what was just published shows at once. Never raises for the cluster's sake."""
        result = DeliveryReport()
        if not force and not self.connection.writes_available():
            result.skipped = True
            return result
        if not self._replay_lock.acquire(blocking=force):
            result.skipped = True  # another thread of this process is delivering
            return result
        try:
            self._replay(result, force, max_batches, progress)
        finally:
            self._replay_lock.release()
        result.remaining = self.pending().count()
        return result

    def _replay(self, result, force, max_batches, progress):
        entries = self.pending(automatic=not force)
        if progress:
            progress.start(entries.count())
        last_id, batches = 0, 0
        while max_batches is None or batches < max_batches:
            batch = list(entries.filter(id__gt=last_id).order_by("id")[:BATCH])
            if not batch:
                break
            last_id, batches = batch[-1].id, batches + 1
            try:
                sent, rejected = self._deliver(batch, bulk=force)
            except EngineUnavailable as exc:
                result.error = str(exc)
                break
            result.sent += sent
            result.rejected.update(rejected)
            if progress:
                progress.advance(len(batch))
        if progress:
            progress.finish()
        if force and result.sent:
            self._refresh()

    def _refresh(self):
        """Make bulk-delivered documents searchable now rather than at the next periodic
        refresh (at most a second later): a failure here loses nothing."""
        try:
            self.connection.call(lambda: self.connection.client.indices.refresh(index=self.alias()))
        except EngineUnavailable as exc:
            logger.warning("Refreshing %s after a delivery failed: %s", self.alias(), exc)

    def _deliver(self, batch, bulk=False):
        """One bulk request for a batch of outbox entries. Returns (entries delivered,
        {page_id: reason} for documents the cluster rejected)."""
        page_ids = sorted({e.page_id for e in batch})
        ok, transient, rejected = self.send(
            page_ids, bulk_timeout=bulk, refresh=False if bulk else "wait_for"
        )
        done = [e.id for e in batch if e.page_id in ok]
        OutboxEntry.objects.filter(id__in=done).delete()
        for page_id, reason in {**transient, **rejected}.items():
            kept = OutboxEntry.objects.filter(id__in=[e.id for e in batch if e.page_id == page_id])
            if page_id in rejected:
                kept.update(attempts=F("attempts") + 1, last_error=reason)
            else:
                kept.update(last_error=reason)
        if transient:
            # The cluster is overloaded (429) or a shard is failing: back off writing.
            self.connection.trip(next(iter(transient.values())), reads=False)
        return len(done), rejected

    def send(self, page_ids, index=None, bulk_timeout=True, refresh=False):
        """Bulk the current state of these pages to `index` (default: the alias, whichever
        index it points at right now). Returns (ok ids, transient failures, rejections):
        {page_id: reason}."""
        indexed, deletions = documents(page_ids)
        operations = bulk_operations(indexed, deletions)
        if not operations:
            return set(page_ids), {}, {}
        order = [d[0] for d in indexed] + [d[0] for d in deletions]
        timeout = (
            settings.ELASTICSEARCH_BULK_TIMEOUT if bulk_timeout else settings.ELASTICSEARCH_TIMEOUT
        )
        response = self.connection.call(
            lambda: self.connection.client.options(request_timeout=timeout).bulk(
                index=index or self.alias(),
                operations=operations,
                refresh=refresh,
                require_alias=index is None,
            )
        )
        ok, transient, rejected = set(), {}, {}
        for page_id, item in zip(order, response["items"], strict=False):
            action, info = next(iter(item.items()))
            status = info.get("status", 500)
            # 409: the index has a newer version of this document already (versions only
            # rise, also across rebuilds); 404 on a delete: it was never there.
            if 200 <= status < 300 or status == 409 or (action == "delete" and status == 404):
                ok.add(page_id)
            else:
                error = info.get("error") or {}
                reason = f"{status} {error.get('type', '')}: {error.get('reason', '')}"[:1000]
                (transient if status == 429 or status >= 500 else rejected)[page_id] = reason
        self.acknowledged += len(ok)
        return ok, transient, rejected
