"""The index's state, as the search caches read it: one query per search, not one per cache.

Each process caches what it derives from the index (facet bitsets, labels, the speller, the
synonym table) and checks the IndexState row to know when a cache is stale. A search pins
one reading for its whole run: its caches then agree on one generation of the index, and
the row is read once instead of by every cache in turn.
"""

import contextlib
import contextvars
from dataclasses import dataclass

from django.db import connection

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
    # One plain query: this runs on every search, a kept response's included, where the
    # ORM's building of the same statement was 0.7 ms of a 4 ms answer.
    quote = connection.ops.quote_name
    state_table, synonym_table = (quote(m._meta.db_table) for m in (IndexState, Synonym))
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT {quote('epoch')}, {quote('generation')}, {quote('synonyms_generation')}, "
            f"(SELECT COUNT(*) FROM {synonym_table}), {quote('vectors_generation')} "
            f"FROM {state_table} WHERE {quote('id')} = 1"
        )
        row = cursor.fetchone()
    if row is None:
        return State(None, 0, (None, Synonym.objects.count()))
    epoch, generation, synonyms_generation, count, vectors = row
    epoch = IndexState._meta.get_field("epoch").to_python(epoch)  # SQLite gives text
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
