"""The index's state, as the search caches read it: one query per search, not one per cache.

Each process caches what it derives from the index (facet bitsets, labels, the speller, the
synonym table) and checks the IndexState row to know when a cache is stale. A search pins
one reading for its whole run: its caches then agree on one generation of the index, and
the row is read once instead of by every cache in turn.
"""

import contextlib
import contextvars
from dataclasses import dataclass

from django.db.models.expressions import RawSQL

from .models import IndexState, Synonym


@dataclass(frozen=True)
class State:
    epoch: object  # None before the first index write
    generation: int
    # Changes when the dictionary does: the generation coordinators' edits bump, and the
    # number of entries, which also covers rows written without signals (fixtures, bulk).
    synonyms: tuple
    vectors: int = 0  # rises when document vectors are written (search.vectors)

    @property
    def index_key(self):
        return (self.epoch, self.generation)


_pinned = contextvars.ContextVar("search_state", default=None)


def read():
    synonym_count = RawSQL(f"SELECT COUNT(*) FROM {Synonym._meta.db_table}", [])
    row = (
        IndexState.objects.filter(pk=1)
        .annotate(synonym_count=synonym_count)
        .values_list(
            "epoch", "generation", "synonyms_generation", "synonym_count", "vectors_generation"
        )
        .first()
    )
    if row is None:
        return State(None, 0, (None, Synonym.objects.count()))
    epoch, generation, synonyms_generation, count, vectors = row
    return State(epoch, generation, (epoch, synonyms_generation, count or 0), vectors)


def current():
    """The pinned state inside `pinned()`, a fresh reading outside it."""
    state = _pinned.get()
    return state if state is not None else read()


@contextlib.contextmanager
def pinned():
    """Within this block every cache check uses one reading of the state."""
    if _pinned.get() is not None:
        yield
        return
    token = _pinned.set(read())
    try:
        yield
    finally:
        _pinned.reset(token)
