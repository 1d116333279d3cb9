"""The semantic leg's vectors: computed after commit, kept per process, searched by cosine.

Writing: embed_pending() embeds every searchable document whose vector is missing, of
another model or of an older text (IndexedDocument.embed_hash), in batches, and stamps
each batch with a new IndexState.vectors_generation. Publishing and importing never wait
for it: search.indexing enqueues it as a task after commit (search.tasks), and the
`embed_documents` command fills everything with a progress bar.

Reading: each process keeps the vectors of the configured model as one float32 matrix,
brought up to date like the facet index (only rows stamped since its last look). A
document without a vector is simply not in the semantic leg; the lexical leg still finds
it. SQLite and PostgreSQL both search this matrix (pgvector is not packaged for this
machine's PostgreSQL; at 100,000 documents the matrix is 150 MB and a query ~10 ms).
"""

import functools
import os
import threading
from concurrent.futures import ThreadPoolExecutor

import numpy as np
from django.db import transaction
from django.db.models import F, OuterRef, Q, Subquery

from . import state
from .backends import get_backend
from .documents import embedded_text
from .embedders import get_embedder
from .models import DocumentVector, IndexedDocument, IndexState
from .synonyms import synonym_table, written_out

BATCH = 32  # documents per model call and per write
# Neighbours looked at per search: enough for the fused first pages.
NEIGHBOURS = 50


# --- writing -----------------------------------------------------------------------------


def pending(embedder):
    """Searchable documents whose vector is missing or stale, as a queryset of ids."""
    vectors = DocumentVector.objects.filter(page_id=OuterRef("page_id"))
    return (
        IndexedDocument.objects.filter(removed=False)
        .annotate(
            vector_hash=Subquery(vectors.values("text_hash")[:1]),
            vector_model=Subquery(vectors.values("model")[:1]),
        )
        .filter(
            Q(vector_hash__isnull=True)
            | ~Q(vector_hash=F("embed_hash"))
            | ~Q(vector_model=embedder.model_id)
        )
        .order_by("page_id")
        .values_list("page_id", flat=True)
    )


def embed_pending(progress=None, limit=None):
    """Embed what is pending (at most `limit` documents). Returns how many were embedded."""
    embedder = get_embedder()
    if embedder is None:
        return 0
    ids = list(pending(embedder)[:limit] if limit else pending(embedder))
    if progress:
        progress.start(len(ids))
    done, backend = 0, get_backend()
    # An engine with its own copy of the vectors (Elasticsearch) gets them all at the end,
    # in bulk, rather than one delivery per batch.
    with backend.delivery_deferred():
        for start in range(0, len(ids), BATCH):
            rows = list(
                IndexedDocument.objects.filter(
                    page_id__in=ids[start : start + BATCH], removed=False
                ).values_list("page_id", "texts", "embed_hash")
            )
            if rows:
                vectors = embedder.documents([embedded_text(texts) for _, texts, _ in rows])
                write(embedder.model_id, rows, vectors, backend)
                done += len(rows)
            if progress:
                progress.advance(min(BATCH, len(ids) - start))
    if progress:
        progress.finish()
    if done and backend.uses_outbox:
        backend.deliver_all()
    return done


def write(model_id, rows, vectors, backend):
    """Store the vectors of these rows [(page_id, texts, embed_hash)] under one new
    vectors generation, and tell the engine (one that keeps its own copy queues them)."""
    with transaction.atomic():
        state_row, _ = IndexState.objects.select_for_update().get_or_create(pk=1)
        seq = state_row.vectors_generation + 1
        DocumentVector.objects.bulk_create(
            [
                DocumentVector(
                    page_id=page_id,
                    model=model_id,
                    text_hash=embed_hash,
                    vector=np.asarray(vector, dtype="<f4").tobytes(),
                    seq=seq,
                )
                for (page_id, _, embed_hash), vector in zip(rows, vectors, strict=True)
            ],
            update_conflicts=True,
            unique_fields=["page_id"],
            update_fields=["model", "text_hash", "vector", "seq", "updated_at"],
        )
        IndexState.objects.filter(pk=1).update(vectors_generation=seq)
        backend.vectors_changed([page_id for page_id, _, _ in rows])


def coverage():
    """(documents with a current vector, searchable documents) for `search_status`."""
    embedder = get_embedder()
    total = IndexedDocument.objects.filter(removed=False).count()
    if embedder is None:
        return 0, total
    return total - pending(embedder).count(), total


# --- reading -----------------------------------------------------------------------------


class VectorIndex:
    """The configured model's vectors in this process: a matrix and its page ids."""

    def __init__(self):
        self._lock = threading.Lock()
        self._reset(None)

    def _reset(self, key):
        self.key = key  # (model id, index epoch)
        self.seq = 0
        self.matrix = np.zeros((0, 0), dtype=np.float32)
        self.ids = np.zeros(0, dtype=np.int64)
        self.rows = {}  # page_id -> row of the matrix

    def refresh(self, embedder):
        current = state.current()
        key = (embedder.model_id, current.epoch)
        with self._lock:
            if key != self.key:
                self._reset(key)
                self.matrix = np.zeros((0, embedder.dim), dtype=np.float32)
            if current.vectors > self.seq:
                self._load(embedder, current.vectors)
        return self

    def _load(self, embedder, until):
        rows = DocumentVector.objects.filter(
            model=embedder.model_id, seq__gt=self.seq, seq__lte=until
        ).values_list("page_id", "vector")
        new_ids, new_vectors = [], []
        for page_id, raw in rows.iterator(chunk_size=2000):
            vector = np.frombuffer(bytes(raw), dtype="<f4")
            row = self.rows.get(page_id)
            if row is None:
                new_ids.append(page_id)
                new_vectors.append(vector)
            else:
                self.matrix[row] = vector
        if new_ids:
            start = len(self.ids)
            self.matrix = np.vstack([self.matrix, np.stack(new_vectors)])
            self.ids = np.concatenate([self.ids, np.asarray(new_ids, dtype=np.int64)])
            self.rows.update({page_id: start + i for i, page_id in enumerate(new_ids)})
        self.seq = until

    def nearest(self, vector, allowed, k=NEIGHBOURS, cosines=None):
        """[(page_id, cosine)] of the `k` documents closest to `vector`, best first, among
        the ids of the bitset `allowed` (the filters; removed documents are never in it).
        `cosines`: `self.matrix @ vector`, when computed already (PendingVector.prepare)."""
        if not len(self.ids) or not allowed:
            return []
        if cosines is None:
            cosines = self.matrix @ vector
        scores = np.where(_members(allowed, self.ids), cosines, -np.inf)
        k = min(k, int(np.isfinite(scores).sum()))
        if k <= 0:
            return []
        top = np.argpartition(-scores, k - 1)[:k]
        top = top[np.argsort(-scores[top], kind="stable")]
        return [(int(self.ids[r]), float(scores[r])) for r in top]


def _members(bits, ids):
    """A boolean array: whether each id is in the bitset (vectorised, for every row)."""
    flags = np.unpackbits(
        np.frombuffer(bits.to_bytes((bits.bit_length() + 7) >> 3, "little"), dtype=np.uint8),
        bitorder="little",
    ).astype(bool)
    inside = ids < len(flags)
    result = np.zeros(len(ids), dtype=bool)
    result[inside] = flags[ids[inside]]
    return result


_shared = VectorIndex()


def nearest(vector, allowed, k=NEIGHBOURS):
    """`vector` may be a PendingVector; it is waited for here."""
    cosines = None
    if isinstance(vector, PendingVector):
        vector, cosines = vector.result(), vector.cosines()
    embedder = get_embedder()
    if embedder is None or vector is None:
        return []
    index = _shared.refresh(embedder)
    if cosines is not None and cosines[0] != (index.key, index.seq):
        cosines = None  # vectors were written meanwhile: the product is computed anew
    return index.nearest(vector, allowed, k, cosines and cosines[1])


def query_vector(text):
    """The query's vector (cached per process), or None when the semantic leg is off."""
    embedder = get_embedder()
    if embedder is None or not text.strip():
        return None
    return _query_vector(embedder.model_id, text.strip().lower())


class PendingVector:
    """A query's vector being computed on another thread while the engine matches words:
    the model runs in C without Python's lock, so on two cores the query's embedding and
    its lexical matching overlap instead of adding up."""

    def __init__(self, text):
        # The model reads the query with the dictionary's short forms written out
        # (search.synonyms.written_out); read here, on the request's thread and database
        # connection.
        self._future = _executor().submit(query_vector, written_out(text, synonym_table()))
        self._cosines = None

    def result(self):
        return self._future.result()

    def prepare(self):
        """Compute the vector's cosine with every document on the vector's thread, as soon
        as the vector is ready, while the words are still being matched and ranked: over
        100,000 documents the product reads a 150 MB matrix (20 to 30 ms), which the
        search then no longer waits for (`nearest` only picks the best within the
        filters). The matrix is brought up to date here, on the request's thread and
        database connection; the other thread only multiplies."""
        embedder = get_embedder()
        if embedder is None or self._cosines is not None:
            return
        index = _shared.refresh(embedder)
        if not len(index.ids):
            return
        key, matrix = (index.key, index.seq), index.matrix
        future = self._future

        def product():
            vector = future.result()  # done: the same single thread computed it
            return None if vector is None else (key, matrix @ vector)

        self._cosines = _executor().submit(product)

    def cosines(self):
        """(matrix version, cosine of every document) from prepare(), or None."""
        return self._cosines.result() if self._cosines is not None else None


@functools.cache
def _executor_of(pid):
    # One per process: threads do not survive a fork (gunicorn, the task worker).
    return ThreadPoolExecutor(max_workers=1, thread_name_prefix="query-vector")


def _executor():
    return _executor_of(os.getpid())


@functools.lru_cache(maxsize=2048)
def _query_vector(model_id, text):
    vector = get_embedder().query(text)
    vector.setflags(write=False)
    return vector


def forget_query_vectors():
    """Empty this process's cache of query vectors (benchmarks time cold queries)."""
    _query_vector.cache_clear()


def reset():
    with _shared._lock:
        _shared._reset(None)
    _query_vector.cache_clear()
