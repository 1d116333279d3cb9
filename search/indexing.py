"""Writes documents to the search index: rows, engine index and spelling dictionary together.

This is the engine's public writing interface for content apps: `sync(ids)` after a change
(inside `deferred()` for bulk jobs), `write_documents` for documents built in memory,
`rebuild()` for everything. Documents come from the registered source (search.sources).

Every write runs in one transaction and raises IndexState.generation in commit order, which
tells every process that its caches (facets, spelling) are stale.
"""

import contextlib
import threading
import uuid
from collections import Counter

from django.db import transaction
from django.db.models import F

from jipp_site.bulk_rows import add_to_counts, append_rows, database

from .analysis import vocabulary
from .backends import database_backend, get_backend
from .models import IndexedDocument, IndexState, Term
from .sources import get_source
from .tasks import schedule_embedding

CHUNK = 500
ROW_FIELDS = [
    "seq", "removed", "slug", "url", "title", "tagline", "language", "texts", "ministry",
    "province", "regency", "sector", "level", "stage", "status", "hub", "year", "channels",
    "sdgs", "tags", "awards", "published_at", "replication_count", "original_id", "embed_hash",
]  # fmt: skip


_state = threading.local()


def _pending():
    return getattr(_state, "pending", None)


@contextlib.contextmanager
def deferred(progress=None):
    """Collect the ids passed to sync() and index them once, at the end (imports, bulk
    edits). Nested blocks join the outermost one."""
    outer = _pending() is not None
    if not outer:
        _state.pending = set()
    try:
        yield
        if not outer and _state.pending:
            sync_pages(_state.pending, progress=progress)
    finally:
        if not outer:
            _state.pending = None


def sync(ids):
    """Bring these items' documents in line with the content: now, or at the end of the
    enclosing deferred() block."""
    pending = _pending()
    if pending is not None:
        pending.update(ids)
    else:
        sync_pages(ids)


def delivery_deferred():
    """A context in which the configured engine's changes are queued, not delivered at
    each commit: a bulk job delivers them all at the end with deliver_queued()."""
    return get_backend().delivery_deferred()


def queued_changes():
    """How many changes wait for delivery to an engine outside the database."""
    return get_backend().pending_count()


def deliver_queued(progress=None):
    """Deliver every queued change now; a search.backends.base.DeliveryReport."""
    return get_backend().deliver_all(progress=progress)


def _engines():
    """The database engine always (it is the fallback), plus the configured one if different."""
    primary, fallback = get_backend(), database_backend()
    return [fallback] if primary is fallback else [fallback, primary]


def _next_generation():
    state, _ = IndexState.objects.select_for_update().get_or_create(pk=1)
    IndexState.objects.filter(pk=1).update(generation=F("generation") + 1)
    return state.generation + 1


def write_documents(documents):
    """Add or replace documents. Returns how many were written."""
    documents = list(documents)
    if not documents:
        return 0
    with transaction.atomic():
        seq = _next_generation()
        ids = [d.page_id for d in documents]
        delta = Counter()
        existing = IndexedDocument.objects.filter(page_id__in=ids).values_list("removed", "texts")
        rows_exist = False
        for removed, texts in existing:
            rows_exist = True
            if not removed:
                delta.subtract(vocabulary(texts))
        for document in documents:
            delta.update(vocabulary(document.texts))
        if rows_exist:
            _upsert_rows(documents, seq)
        else:
            _append_rows(documents, seq)
        for engine in _engines():
            engine.index(documents)
        _apply_vocabulary(delta)
        schedule_embedding()
    return len(documents)


def remove_documents(page_ids):
    page_ids = list(page_ids)
    if not page_ids:
        return 0
    with transaction.atomic():
        rows = IndexedDocument.objects.filter(page_id__in=page_ids, removed=False)
        present = list(rows.values_list("page_id", "texts"))
        if not present:
            return 0
        seq = _next_generation()
        delta = Counter()
        for _, texts in present:
            delta.subtract(vocabulary(texts))
        IndexedDocument.objects.filter(page_id__in=[p for p, _ in present]).update(
            removed=True,
            seq=seq,
            texts={},
            head_vector=None,
        )
        for engine in _engines():
            engine.remove([p for p, _ in present])
        _apply_vocabulary(delta)
    return len(present)


def rebuild(progress=None):
    """Rebuild the whole index from the published pages. Returns the document count."""
    source = get_source()
    if progress:
        progress.start(source.count())
    written = 0
    with transaction.atomic():
        # The generation goes on rising: a row's seq is its document's external version in
        # Elasticsearch, whose live index keeps the versions it has until its own rebuild;
        # a lower version would be refused as older (409) and the change lost.
        seq = _next_generation()
        IndexState.objects.filter(pk=1).update(epoch=uuid.uuid4())
        IndexedDocument.objects.all().delete()
        Term.objects.all().delete()
        # An engine outside the database (Elasticsearch) is not cleared and refilled in
        # this transaction: it is asked, durably, to build a new index and swap to it.
        engines = [e for e in _engines() if not e.rebuilds_itself]
        for engine in _engines():
            if engine.rebuilds_itself:
                engine.request_rebuild()
        for engine in engines:
            engine.clear()
        vocab = Counter()
        chunk = []
        for document in source.documents():
            chunk.append(document)
            if len(chunk) >= CHUNK:
                written += _rebuild_chunk(chunk, seq, engines, vocab, progress)
                chunk = []
        written += _rebuild_chunk(chunk, seq, engines, vocab, progress)
        _apply_vocabulary(vocab)
        schedule_embedding()
        for engine in engines:
            engine.optimize()
    if progress:
        progress.finish()
    return written


def _rebuild_chunk(chunk, seq, engines, vocab, progress):
    if not chunk:
        return 0
    _upsert_rows(chunk, seq=seq)
    for engine in engines:
        engine.index(chunk)
    for document in chunk:
        vocab.update(vocabulary(document.texts))
    if progress:
        progress.advance(len(chunk))
    return len(chunk)


def _upsert_rows(documents, seq):
    engine = database_backend()
    rows = [
        IndexedDocument(
            page_id=d.page_id,
            seq=seq,
            removed=False,
            **{name: getattr(d, name) for name in ROW_FIELDS if name not in ("seq", "removed")},
            **engine.row_values(d),
        )
        for d in documents
    ]
    IndexedDocument.objects.bulk_create(
        rows,
        update_conflicts=True,
        unique_fields=["page_id"],
        update_fields=ROW_FIELDS + list(engine.row_fields),
    )


def _append_rows(documents, seq):
    """Rows for documents that have none yet (new pages: most of a large import), appended
    as plain values instead of through model instances and an upsert, which cost more in
    Python than the database took to store them."""
    engine = database_backend()
    fields = [
        IndexedDocument._meta.get_field(name)
        for name in ("page_id", *ROW_FIELDS, *engine.row_fields)
    ]
    set_here = ("seq", "removed")
    db = database()
    rows = []
    for document in documents:
        values = {
            "seq": seq,
            "removed": False,
            "page_id": document.page_id,
            **{name: getattr(document, name) for name in ROW_FIELDS if name not in set_here},
            **engine.row_values(document),
        }
        rows.append(tuple(f.get_db_prep_save(values[f.name], db) for f in fields))
    append_rows(IndexedDocument._meta.db_table, [f.column for f in fields], rows)


LARGE_WRITE = 1000  # documents: a write this large is followed by settle()


def settle(written):
    """After a bulk write of `written` documents (an import): when it was large, the
    database engine tidies its indexes as after a rebuild (search.backends' optimize),
    so the first searches after it do not pay for what autovacuum would do later."""
    if written >= LARGE_WRITE:
        database_backend().optimize()


def refresh_terms(progress=None):
    """After the synonym dictionary changed: the database engine's terms that depend on it
    brought up to date (search.backends.pg_phrases), and every process's caches told.
    Searches meanwhile give the same results, more slowly."""
    count = database_backend().refresh_terms(progress)
    if count:
        with transaction.atomic():
            _next_generation()
    return count


def _apply_vocabulary(delta):
    add_to_counts(Term._meta.db_table, "term", "df", ((t, n) for t, n in delta.items() if n))


def sync_pages(page_ids, progress=None):
    """Bring these pages' documents in line with the pages: index or remove each."""
    page_ids = sorted(set(page_ids))
    if progress:
        progress.start(len(page_ids))
    source = get_source()
    for start in range(0, len(page_ids), CHUNK):
        chunk = page_ids[start : start + CHUNK]
        documents = list(source.documents(chunk))
        write_documents(documents)
        remove_documents(set(chunk) - {d.page_id for d in documents})
        if progress:
            progress.advance(len(chunk))
    if progress:
        progress.finish()
