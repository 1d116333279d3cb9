"""The whole interface every search engine implements, and the errors it raises.

A backend receives SearchDocuments to index and SearchRequests to answer; it never sees
page models, views or HTTP. Writes happen inside the indexing transaction (see
search.indexing), so a database engine's index changes commit or roll back with the rows.

Every optional capability is declared here with a default that is right for an engine
without it, so callers never ask a backend whether it has something.
"""

import contextlib
from dataclasses import dataclass, field


class EngineUnavailable(Exception):
    """The engine cannot answer right now (cluster down, timeout): callers fall back to
    the database engine, which can always answer."""


class RebuildFailed(Exception):
    """A rebuild of an external index did not complete; the old index keeps serving."""


@dataclass
class DeliveryReport:
    """What a delivery of queued changes did."""

    sent: int = 0  # changes delivered
    rejected: dict = field(default_factory=dict)  # page_id -> reason; those changes wait
    remaining: int = 0  # changes still waiting
    error: str = ""  # the engine could not be reached
    skipped: bool = False  # not attempted (the engine failed moments ago, or busy)


class SearchBackend:
    name = "base"

    # An engine that keeps its index outside the database (Elasticsearch) builds a new
    # index on its own (request_rebuild, then rebuild) instead of being cleared and
    # refilled inside the database transaction.
    rebuilds_itself = False
    # Its changes reach it through a durable outbox, delivered after commit: deliver
    # the backlog with deliver_all() (imports) or the `search_sync` command.
    uses_outbox = False

    # --- writing -------------------------------------------------------------------------

    def index(self, documents):
        """Add or replace these SearchDocuments."""
        raise NotImplementedError

    def remove(self, page_ids):
        """Remove these documents; unknown ids are ignored."""
        raise NotImplementedError

    def vectors_changed(self, page_ids):
        """These documents got new vectors (search.vectors, inside its transaction). The
        database engines read vectors from the database themselves; an engine that keeps
        its own copy queues these documents for delivery."""

    def clear(self):
        """Remove every document (the first step of a rebuild in the database)."""
        raise NotImplementedError

    def optimize(self):
        """Tidy the index after a rebuild (merge segments, refresh statistics)."""

    def request_rebuild(self):
        """Ask, durably, for a whole new index (engines that rebuild themselves)."""

    def rebuild(self, progress=None):
        """Build a new index from the database's documents and switch to it. Returns the
        document count. Only engines that rebuild themselves implement it."""
        raise NotImplementedError(f"{self.name} is rebuilt with the database's index")

    def delivery_deferred(self):
        """A context in which changes are queued but not delivered (bulk jobs deliver them
        at the end with deliver_all)."""
        return contextlib.nullcontext()

    def deliver_all(self, progress=None):
        """Deliver every queued change now, forgetting past failures. Returns a
        DeliveryReport; never raises for the engine's sake."""
        return DeliveryReport()

    def pending_count(self):
        """How many changes wait for delivery (0 for engines without an outbox)."""
        return 0

    def rebuild_pending(self):
        """Whether a requested rebuild has not completed yet."""
        return False

    # --- reading -------------------------------------------------------------------------

    def search(self, request):
        """Answer a search.query.SearchRequest with a search.query.SearchResponse."""
        raise NotImplementedError

    def similar(self, page_id, limit=5):
        """Page ids of the documents most like this one, best first; [] when it is not
        indexed."""
        raise NotImplementedError

    def status(self):
        """A dict describing the engine's health, for `search_status` and /healthz."""
        return {"backend": self.name, "healthy": True}
