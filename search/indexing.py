"""Writes documents to the search index: rows, engine index and spelling dictionary together.

Every write runs in one transaction and raises IndexState.generation in commit order, which
tells every process that its caches (facets, spelling) are stale.
"""

import uuid
from collections import Counter

from django.db import transaction
from django.db.models import F

from jipp_site.bulk_rows import add_to_counts, append_rows, database

from .analysis import vocabulary
from .backends import database_backend, get_backend
from .documents import IndexContext, documents_for, indexable_pages
from .models import IndexedDocument, IndexState, Term

CHUNK = 500
ROW_FIELDS = [
    "seq", "removed", "slug", "url", "title", "tagline", "language", "texts", "ministry",
    "province", "regency", "sector", "level", "stage", "status", "hub", "year", "channels",
    "sdgs", "tags", "awards", "published_at", "replication_count",
]  # fmt: skip


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
            removed=True, seq=seq, texts={}, search_vector=None
        )
        for engine in _engines():
            engine.remove([p for p, _ in present])
        _apply_vocabulary(delta)
    return len(present)


def rebuild(progress=None):
    """Rebuild the whole index from the published pages. Returns the document count."""
    context = IndexContext()
    pages = indexable_pages(context)
    total = pages.count()
    if progress:
        progress.start(total)
    written = 0
    with transaction.atomic():
        IndexState.objects.select_for_update().get_or_create(pk=1)
        IndexState.objects.filter(pk=1).update(epoch=uuid.uuid4(), generation=1)
        IndexedDocument.objects.all().delete()
        Term.objects.all().delete()
        # An engine outside the database (Elasticsearch) is not cleared and refilled in
        # this transaction: it is asked, durably, to build a new index and swap to it.
        engines = [e for e in _engines() if not getattr(e, "rebuilds_itself", False)]
        for engine in _engines():
            if getattr(engine, "rebuilds_itself", False):
                engine.request_rebuild()
        for engine in engines:
            engine.clear()
        vocab = Counter()
        chunk = []
        for document in documents_for(pages, context):
            chunk.append(document)
            if len(chunk) >= CHUNK:
                written += _rebuild_chunk(chunk, engines, vocab, progress)
                chunk = []
        written += _rebuild_chunk(chunk, engines, vocab, progress)
        _apply_vocabulary(vocab)
        for engine in engines:
            if hasattr(engine, "optimize"):
                engine.optimize()
    if progress:
        progress.finish()
    return written


def _rebuild_chunk(chunk, engines, vocab, progress):
    if not chunk:
        return 0
    _upsert_rows(chunk, seq=1)
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


def _apply_vocabulary(delta):
    add_to_counts(Term._meta.db_table, "term", "df", ((t, n) for t, n in delta.items() if n))


def sync_pages(page_ids, progress=None):
    """Bring these pages' documents in line with the pages: index or remove each."""
    page_ids = sorted(set(page_ids))
    if progress:
        progress.start(len(page_ids))
    context = IndexContext()
    for start in range(0, len(page_ids), CHUNK):
        chunk = page_ids[start : start + CHUNK]
        documents = list(documents_for(indexable_pages(context).filter(pk__in=chunk), context))
        write_documents(documents)
        remove_documents(set(chunk) - {d.page_id for d in documents})
        if progress:
            progress.advance(len(chunk))
    if progress:
        progress.finish()
