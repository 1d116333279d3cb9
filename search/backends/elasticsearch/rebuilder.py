"""A whole new index: built from IndexedDocument beside the live one, then swapped in.

Searches are answered by the old index until the alias moves, in one cluster-state update,
to the new one. What can go wrong on the way, and what is done about it:

* Index administration waits ELASTICSEARCH_ADMIN_TIMEOUT, not the search timeout.
* The swap waits until the new index has every shard copy the cluster can place
  (mappings.active_shards): an index serving from its primaries alone loses them with one
  node. If they do not come within the admin timeout, the old index keeps serving.
* A request that timed out may still have been applied. So after a failure nothing is
  deleted before asking where the alias points: a swap that went through is completed,
  never undone by deleting the index it made live; an index the alias does not point at is
  deleted. If even that question fails, the index is left, and a rebuild a day later
  deletes it (orphans(): indices named like ours that no alias points at; a younger one may
  be another rebuild's, still loading). `search_status` lists them meanwhile.
* Changes committed during the build reach the old index (their writers deliver to the
  alias): every row whose seq rose since the start is queued again after the swap.
"""

import logging
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from django.conf import settings
from django.utils import timezone

from ...embedders import get_embedder
from ...models import IndexedDocument, OutboxEntry
from ..base import EngineUnavailable, RebuildFailed
from . import mappings
from .client import Connection, describe
from .outbox import BATCH, Outbox, generation
from .synonyms import SynonymSet

logger = logging.getLogger("search.backends.elasticsearch")

STAMP = "%Y%m%d%H%M%S%f"  # a new index is <alias>-<STAMP>: 20 digits, UTC
ORPHAN_AGE = timedelta(days=1)  # an unused index older than this is no rebuild's any more


@dataclass
class Rebuilder:
    connection: Connection
    outbox: Outbox
    synonyms: SynonymSet
    alias: Callable[[], str]  # the alias follows the settings

    def rebuild(self, progress=None):
        """Returns the number of documents in the new index."""
        alias = self.alias()
        self.delete_orphans()
        start_generation = generation()
        pending_at_start = list(OutboxEntry.objects.values_list("id", flat=True))
        self.synonyms.sync(force=True)
        new_index = f"{alias}-{timezone.now():{STAMP}}"
        old = []
        try:
            written = self._build(new_index, progress)
            old, squatted = self.alias_indices()
            actions = mappings.alias_actions(alias, new_index, old, squatted)
            self.connection.call(
                lambda: self.connection.admin().indices.update_aliases(body=actions)
            )
        except BaseException as exc:
            live = self._points_at(new_index)
            if live is None:
                logger.warning("Left the unfinished index %s for a later rebuild", new_index)
            if live is not True:
                if live is False:
                    self._delete(new_index)
                raise
            # The swap was applied though its answer was lost: the new index is live.
            logger.warning("The alias swap to %s answered late but was applied: %s", new_index, exc)
        self._requeue_changes(start_generation, pending_at_start)
        self.connection.reset()
        result = self.outbox.replay(force=True)
        for index in old:
            self._delete_unless_live(index)
        if result.error:
            raise EngineUnavailable(
                f"the new index is live, but {result.remaining} changes wait: {result.error}"
            )
        return written

    def _build(self, index, progress):
        shards, replicas = settings.ELASTICSEARCH_SHARDS, settings.ELASTICSEARCH_REPLICAS
        body = mappings.index_body(
            shards, replicas, self.synonyms.name(), building=True, embedder=get_embedder()
        )
        admin = self.connection.admin
        self.connection.call(lambda: admin().indices.create(index=index, body=body))
        written = self._load(index, progress)
        finished = mappings.finished_settings(replicas)
        self.connection.call(lambda: admin().indices.put_settings(index=index, body=finished))
        self.connection.call(lambda: admin().indices.refresh(index=index))
        self._wait_for_copies(index, shards, replicas)
        return written

    def _load(self, index, progress):
        rows = IndexedDocument.objects.filter(removed=False)
        if progress:
            progress.start(rows.count())
        written, last = 0, -1
        while True:
            ids = list(
                rows.filter(page_id__gt=last)
                .order_by("page_id")
                .values_list("page_id", flat=True)[:BATCH]
            )
            if not ids:
                break
            last = ids[-1]
            ok, transient, rejected = self.outbox.send(ids, index=index)
            failed = {**transient, **rejected}
            if failed:
                page_id, reason = next(iter(failed.items()))
                raise RebuildFailed(
                    f"{len(failed)} documents refused, e.g. page {page_id}: {reason}"
                )
            written += len(ok)
            if progress:
                progress.advance(len(ids))
        if progress:
            progress.finish()
        return written

    def _wait_for_copies(self, index, shards, replicas):
        timeout = settings.ELASTICSEARCH_ADMIN_TIMEOUT
        # Cluster health answers 408 when the wait timed out: that is an answer, not a
        # failing cluster.
        client = self.connection.client.options(request_timeout=timeout + 5, ignore_status=408)
        nodes = self.connection.call(lambda: client.cluster.health())["number_of_data_nodes"]
        wanted = mappings.active_shards(shards, replicas, nodes)
        health = self.connection.call(
            lambda: client.cluster.health(
                index=index, wait_for_active_shards=str(wanted), timeout=f"{int(timeout * 1000)}ms"
            )
        )
        if health.get("timed_out") or health.get("active_shards", 0) < wanted:
            raise RebuildFailed(
                f"{index} has {health.get('active_shards')} of {wanted} shard copies after "
                f"{timeout:g} s (cluster health {health.get('status')}); the old index keeps "
                "serving. Are there enough data nodes for ELASTICSEARCH_REPLICAS?"
            )

    def _requeue_changes(self, start_generation, pending_at_start):
        # Rows changed during the build were delivered to the old index: queue them again.
        changed = IndexedDocument.objects.filter(seq__gt=start_generation)
        OutboxEntry.objects.bulk_create(
            [
                OutboxEntry(page_id=p, action=OutboxEntry.INDEX)
                for p in changed.values_list("page_id", flat=True)
            ]
        )
        for start in range(0, len(pending_at_start), 5000):
            OutboxEntry.objects.filter(id__in=pending_at_start[start : start + 5000]).delete()

    # --- where the alias points, and what may be deleted ---------------------------------

    def alias_indices(self):
        """(indices the alias points at, whether a concrete index has the alias's name)."""
        client = self.connection.client
        response = self.connection.call(
            lambda: client.options(ignore_status=404).indices.get_alias(name=self.alias())
        )
        if response.meta.status == 404:
            exists = self.connection.call(lambda: client.indices.exists(index=self.alias()))
            return [], bool(exists)
        return sorted(response.body), False

    def orphans(self, older_than=None):
        """Indices named like this alias's (<alias>-<20 digits>) that it does not point at:
        left by a rebuild that failed or was interrupted, or the ones it replaced; only
        those created before `older_than`, if given."""
        alias = self.alias()
        ours = re.compile(re.escape(alias) + r"-(\d{20})")
        response = self.connection.call(
            lambda: self.connection.client.options(ignore_status=404).indices.get_alias(
                index=f"{alias}-*"
            )
        )
        if response.meta.status == 404:
            return []
        found = []
        for name, info in response.body.items():
            match = ours.fullmatch(name)
            if not match or alias in (info.get("aliases") or {}):
                continue
            created = datetime.strptime(match.group(1), STAMP).replace(tzinfo=UTC)
            if older_than is None or created < older_than:
                found.append(name)
        return sorted(found)

    def delete_orphans(self):
        # A younger index may be another rebuild's, still loading: it is left alone.
        for index in self.orphans(older_than=timezone.now() - ORPHAN_AGE):
            logger.warning("Deleting %s, an index no alias points at", index)
            self._delete_unless_live(index)

    def _points_at(self, index):
        """Whether the alias points at `index`; None when the cluster cannot say."""
        try:
            indices, _ = self.alias_indices()
        except EngineUnavailable:
            return None
        return index in indices

    def _delete_unless_live(self, index):
        if self._points_at(index) is not False:
            logger.warning("Not deleting %s: the alias may point at it", index)
            return
        self._delete(index)

    def _delete(self, index):
        client = self.connection.admin().options(ignore_status=404)
        try:
            self.connection.call(lambda: client.indices.delete(index=index))
        except EngineUnavailable as exc:
            logger.warning("Could not delete the index %s: %s", index, describe(exc))
