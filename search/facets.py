"""Faceting for the database backends: an in-memory bitset index over IndexedDocument.

Each process keeps, for every facet value, the set of documents that have it (a bitset).
Disjunctive counts then cost a few big-integer ANDs per value: for a facet F, the mask is
the text matches AND every *other* facet's selection, so choosing Jawa Barat does not hide
Jawa Timur. The index follows the database through IndexState: a process reloads only the
rows written since its last look, and everything when the epoch changes (after a rebuild).
"""

import threading
from collections import defaultdict
from dataclasses import dataclass

from . import bitsets, state
from .models import IndexedDocument


@dataclass(frozen=True)
class Facet:
    name: str  # API parameter and response key
    column: str  # IndexedDocument field
    multi: bool = False  # a document can have several values
    top: int | None = None  # show at most this many values (selected ones always show)
    derived: bool = False  # computed from other columns (see replication_values), no column


FACETS = [
    Facet("ministry", "ministry"),
    Facet("province", "province"),
    Facet("regency", "regency"),
    Facet("sector", "sector"),
    Facet("channel", "channels", multi=True),
    Facet("level", "level"),
    Facet("stage", "stage"),
    Facet("status", "status"),
    Facet("sdg", "sdgs", multi=True),
    Facet("year", "year"),
    Facet("hub", "hub"),
    Facet("tag", "tags", multi=True, top=50),
    Facet("award", "awards", multi=True, top=50),
    # Where a document stands in the replication lineage, as readers filter by it:
    # REPLICATED (other regions replicated it: "sudah direplikasi"), REPLICA_OF (it
    # replicates another innovation).
    Facet("replication", "", multi=True, derived=True),
]
FACETS_BY_NAME = {f.name: f for f in FACETS}
# Not shown as a facet: where a document stands in a replication lineage, for ranking by
# replication intent (search.intent). Values: ORIGINAL (it has replications), REPLICA.
LINEAGE = "lineage"
ORIGINAL, REPLICA = "original", "replica"
# Not shown either: each document's language, for weighing the legs (search.fusion).
LANGUAGE = "language"
INTERNAL = (LINEAGE, LANGUAGE)
REPLICATED, REPLICA_OF = "replicated", "replica"
COLUMNS = ["page_id", "removed", "seq", "published_at", "replication_count", "original_id",
           "language"] + [f.column for f in FACETS if not f.derived]  # fmt: skip


def replication_values(replication_count, original_id):
    """The "replication" facet's values of a document; every engine indexes these."""
    return (REPLICATED,) * bool(replication_count) + (REPLICA_OF,) * (original_id is not None)


class FacetIndex:
    def __init__(self):
        self._lock = threading.Lock()
        self.epoch = None
        self.seq = -1
        self.all = 0
        self.postings = {name: defaultdict(int) for name in (*FACETS_BY_NAME, *INTERNAL)}
        self.values = {}  # page_id -> {facet name: tuple of values}
        self.sort_keys = {}  # page_id -> (published_at timestamp, replication_count, year)
        self._orders = {}

    def refresh(self):
        epoch, generation = state.current().index_key
        with self._lock:
            if epoch != self.epoch:
                self._reset(epoch)
            if generation > self.seq:
                self._load(since=self.seq, until=generation)
        return self

    def _reset(self, epoch):
        self.epoch = epoch
        self.seq = -1
        self.all = 0
        self.postings = {name: defaultdict(int) for name in (*FACETS_BY_NAME, *INTERNAL)}
        self.values = {}
        self.sort_keys = {}
        self._orders = {}  # sort key -> ((epoch, seq), ids in that order)

    def _load(self, since, until):
        rows = IndexedDocument.objects.filter(seq__gt=since).values_list(*COLUMNS)
        if since < 0:
            self._bulk_load(rows)
        else:
            for row in rows.iterator(chunk_size=2000):
                self._apply(row)
        self.seq = until

    def _bulk_load(self, rows):
        ids_by_value = {name: defaultdict(list) for name in self.postings}
        live = []
        for row in rows.iterator(chunk_size=5000):
            record = dict(zip(COLUMNS, row, strict=True))
            if record["removed"]:
                continue
            page_id = record["page_id"]
            live.append(page_id)
            values = self._values_of(record)
            self.values[page_id] = values
            self.sort_keys[page_id] = _sort_key(record)
            for name, vals in values.items():
                for value in vals:
                    ids_by_value[name][value].append(page_id)
        self.all = bitsets.from_ids(live)
        for name, by_value in ids_by_value.items():
            postings = self.postings[name]
            for value, ids in by_value.items():
                postings[value] = bitsets.from_ids(ids)

    def _apply(self, row):
        record = dict(zip(COLUMNS, row, strict=True))
        page_id = record["page_id"]
        bit = 1 << page_id
        old = self.values.pop(page_id, None)
        if old is not None:
            self.all &= ~bit
            for name, vals in old.items():
                for value in vals:
                    self.postings[name][value] &= ~bit
            self.sort_keys.pop(page_id, None)
        if record["removed"]:
            return
        values = self._values_of(record)
        self.values[page_id] = values
        self.sort_keys[page_id] = _sort_key(record)
        self.all |= bit
        for name, vals in values.items():
            for value in vals:
                self.postings[name][value] |= bit

    @staticmethod
    def _values_of(record):
        values = {}
        for facet in FACETS:
            if facet.derived:
                continue
            raw = record[facet.column]
            if facet.multi:
                values[facet.name] = tuple(str(v) for v in raw or ())
            else:
                values[facet.name] = (str(raw),) if raw not in (None, "") else ()
        values[LINEAGE] = (ORIGINAL,) * bool(record["replication_count"]) + (REPLICA,) * (
            record["original_id"] is not None
        )
        values["replication"] = replication_values(
            record["replication_count"], record["original_id"]
        )
        values[LANGUAGE] = (record["language"] or "id",)
        return values

    # --- queries -----------------------------------------------------------------------

    def languages(self, page_ids):
        """The language of each of these documents."""
        return [self.values[i][LANGUAGE][0] for i in page_ids if i in self.values]

    def selection_mask(self, name, selected):
        """Documents having any of the selected values of one facet (OR within a facet)."""
        postings = self.postings[name]
        mask = 0
        for value in selected:
            mask |= postings.get(str(value), 0)
        return mask

    def year_mask(self, year_from, year_to):
        mask = 0
        for value, bits in self.postings["year"].items():
            year = int(value)
            if (year_from is None or year >= year_from) and (year_to is None or year <= year_to):
                mask |= bits
        return mask

    def counts(self, name, mask):
        """{value: count} within mask, for values that occur there."""
        result = {}
        for value, bits in self.postings[name].items():
            n = (bits & mask).bit_count()
            if n:
                result[value] = n
        return result

    SMALL_SET = 5000

    def ordered_page(self, bits, key, offset, limit):
        """ids in `bits`, sorted by "newest" or "replicated", sliced [offset:offset+limit]."""
        if bits.bit_count() <= self.SMALL_SET:
            ids = bitsets.to_ids(bits)
            ids.sort(key=self._key_function(key), reverse=True)
            return ids[offset : offset + limit]
        # A large set: walk the precomputed global order and keep members.
        page, skipped = [], 0
        is_member = bitsets.membership(bits)
        for page_id in self._global_order(key):
            if is_member(page_id):
                if skipped < offset:
                    skipped += 1
                    continue
                page.append(page_id)
                if len(page) == limit:
                    break
        return page

    def _key_function(self, key):
        keys = self.sort_keys
        if key == "replicated":
            return lambda i: (keys[i][1], keys[i][2], keys[i][0], i)
        return lambda i: (keys[i][2], keys[i][0], i)

    def _global_order(self, key):
        cached = self._orders.get(key)
        if cached is None or cached[0] != (self.epoch, self.seq):
            order = sorted(self.values, key=self._key_function(key), reverse=True)
            cached = self._orders[key] = ((self.epoch, self.seq), order)
        return cached[1]


def _sort_key(record):
    published = record["published_at"]
    return (
        published.timestamp() if published else 0.0,
        record["replication_count"] or 0,
        record["year"] or 0,
    )


_shared = FacetIndex()


def facet_index():
    """The process-wide facet index, brought up to date with the database."""
    return _shared.refresh()


def reset():
    """Forget the facet index and its sort orders: the next search reloads them."""
    with _shared._lock:
        _shared._reset(None)
