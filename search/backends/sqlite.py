"""The embedded engine: an FTS5 index of its own, ts_rank for few matches, weighted bm25
and tiered top-k ranking for many.

The FTS5 table holds the analysed text (stems, no stopwords) with one column per field
group of search.schema. Few matches are scored as the PostgreSQL engine scores them
(search.tsrank), from the counts FTS5 keeps, so both database engines order them alike;
many are ranked by tiers, each scored by FTS5's bm25 with the groups' weights.
"""

import heapq
import itertools
import json

from django.db import connection

from .. import bitsets, tsrank
from ..highlight import query_stem_set
from ..schema import (
    EXACT_RANK_LIMIT,
    FIELD_GROUPS,
    GROUPS_BY_NAME,
    NEAR_DISTANCE,
    SIMILAR_GROUPS,
    SIMILAR_TERMS,
    TIER_GROUPS,
)
from .database import DatabaseBackend, best_scored

TABLE = "hubsearch_fts"
VOCAB = "hubsearch_fts_vocab"
# Each word's every occurrence: record, column, offset (migration 0015).
INSTANCES = "hubsearch_fts_instances"
DOCSIZE = f"{TABLE}_docsize"
COLUMNS = [group.fts_column for group in FIELD_GROUPS]
WEIGHTS = tuple(group.weight for group in FIELD_GROUPS)  # bm25's, in column order
# Column filters of the ranking tiers ({a}, {a b}, ...), then every column.
TIERS = (
    *("{" + " ".join(GROUPS_BY_NAME[g].fts_column for g in tier) + "}" for tier in TIER_GROUPS),
    None,
)
BM25_WEIGHTS = ", ".join(str(w) for w in WEIGHTS)
CANDIDATE_TABLE_LIMIT = 30000  # above this, filling the table costs more than it saves
CANDIDATES = "hubsearch_candidates"
SIMILAR_COLUMNS = ", ".join(GROUPS_BY_NAME[g].fts_column for g in SIMILAR_GROUPS)

CREATE_SQL = [
    f"CREATE VIRTUAL TABLE IF NOT EXISTS {TABLE} USING fts5("
    f"{', '.join(COLUMNS)}, tokenize = 'unicode61 remove_diacritics 0')",
    f"CREATE VIRTUAL TABLE IF NOT EXISTS {VOCAB} USING fts5vocab({TABLE}, 'row')",
]
DROP_SQL = [f"DROP TABLE IF EXISTS {VOCAB}", f"DROP TABLE IF EXISTS {TABLE}"]


def alternative_sql(alternative):
    """One alternative: its words close together (within NEAR_DISTANCE words, any order);
    each word as any of its stems."""
    if len(alternative) == 1:
        return "(" + " OR ".join(f'"{stem}"' for stem in sorted(alternative[0])) + ")"
    options = itertools.islice(itertools.product(*[sorted(word) for word in alternative]), 16)
    near = [
        "NEAR(" + " ".join(f'"{w}"' for w in words) + f", {NEAR_DISTANCE})" for words in options
    ]
    return "(" + " OR ".join(near) + ")"


def group_sql(group):
    return "(" + " OR ".join(alternative_sql(alt) for alt in group.alternatives) + ")"


def query_sql(groups):
    return " OR ".join(group_sql(g) for g in groups)


class SQLiteBackend(DatabaseBackend):
    name = "sqlite"

    # --- writing ------------------------------------------------------------------

    def index(self, documents):
        with connection.cursor() as cursor:
            cursor.executemany(
                f"DELETE FROM {TABLE} WHERE rowid = %s", [(d.page_id,) for d in documents]
            )
            cursor.executemany(
                f"INSERT INTO {TABLE} (rowid, {', '.join(COLUMNS)}) "
                f"VALUES (%s, {', '.join(['%s'] * len(COLUMNS))})",
                [(d.page_id, *d.analysed_groups()) for d in documents],
            )

    def remove(self, page_ids):
        with connection.cursor() as cursor:
            cursor.executemany(f"DELETE FROM {TABLE} WHERE rowid = %s", [(i,) for i in page_ids])

    def clear(self):
        with connection.cursor() as cursor:
            cursor.execute(f"DELETE FROM {TABLE}")

    def optimize(self):
        with connection.cursor() as cursor:
            cursor.execute(f"INSERT INTO {TABLE} ({TABLE}) VALUES ('optimize')")

    # --- matching and ranking -----------------------------------------------------

    def match_group(self, group):
        # The set comes back as 32-bit words (ids grouped in SQL; each word is the sum of
        # distinct powers of two, so a sum is an OR): a common word matches most of the
        # collection, and a few thousand words are much cheaper to read than an id each.
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT rowid >> 5, sum(1 << (rowid & 31)) FROM {TABLE} "
                f"WHERE {TABLE} MATCH %s GROUP BY 1",
                [group_sql(group)],
            )
            return bitsets.from_words(cursor.fetchall())

    def rank(self, groups, candidates, union, needed, coordination, tier_groups=None):
        expression = query_sql(groups)
        tier_expression = query_sql(tier_groups or groups)
        if union.bit_count() <= EXACT_RANK_LIMIT:
            return self._ts_ranked(groups, candidates, needed, coordination)
        # Many matches: fields are searched from the heaviest down, and the search stops
        # at the first tier that fills the page. Order is (tier, bm25), stable across pages.
        tiers = TIERS
        scorer = self._scorer(candidates, union, len(groups), coordination)
        ranked, seen = [], set()
        for columns in tiers:
            scoped = f"{columns} : ({tier_expression})" if columns else expression
            # The best `needed` of a tier hold at least needed - len(seen) new documents.
            for page_id, score in scorer(scoped, needed):
                if page_id not in seen:
                    seen.add(page_id)
                    ranked.append((page_id, score))
            if len(ranked) >= needed:
                break
        return ranked[:needed]

    def _ts_ranked(self, groups, candidates, needed, coordination):
        """The best `needed` candidates (all, when None) by ts_rank for every stem of the
        query, as the PostgreSQL engine ranks few matches (search.tsrank), times the
        coordination factor; ties by page id, highest first, as there."""
        stems = sorted(stem for stem in query_stem_set(groups) if stem)
        counts, lengths = self._occurrences(stems, candidates)
        rows = [(page_id, tsrank.score(words, len(stems), lengths[page_id]), 0)
                for page_id, words in counts.items()]  # fmt: skip
        return best_scored(rows, candidates, needed, coordination)

    @staticmethod
    def _occurrences(stems, candidates):
        """({page_id: {stem: occurrences per column}}, {page_id: words indexed}) of the
        candidates holding any stem, in one statement: the counts by SQLite from FTS5's own
        index (the instance table), not re-read text; the lengths from the column sizes
        FTS5 keeps for its bm25 (its docsize table), so they are not stored twice."""
        if not stems or not candidates:
            return {}, {}
        columns = {column: i for i, column in enumerate(COLUMNS)}
        counts, lengths = {}, {}
        with connection.cursor() as cursor:
            # A stem of a multi-word alternative can be common ("daerah" of "daerah
            # terpencil": 30,000 occurrences at 10,000 records): the candidates are picked
            # out in SQLite's scan, as JSON it parses in C, before anything is grouped.
            cursor.execute(
                f"SELECT i.doc, i.term, i.col, count(*), s.sz FROM {INSTANCES} AS i "
                f"JOIN {DOCSIZE} AS s ON s.id = i.doc "
                f"WHERE i.term IN ({', '.join(['%s'] * len(stems))}) "
                "AND i.doc IN (SELECT value FROM json_each(%s)) GROUP BY i.doc, i.term, i.col",
                [*stems, json.dumps(bitsets.to_ids(candidates))],
            )
            for page_id, stem, column, count, sizes in cursor.fetchall():
                words = counts.get(page_id)
                if words is None:
                    words = counts[page_id] = {}
                    lengths[page_id] = sum(_varints(sizes))
                words.setdefault(stem, [0] * len(COLUMNS))[columns[column]] = count
        return counts, lengths

    def _scorer(self, candidates, union, group_count, coordination):
        """A function (expression, k) -> the best k candidates matching it, [(id, score)].

        Three ways, by what is cheapest: when every match is a candidate and scores need
        no coordination factor, SQLite keeps the best k itself; when candidates are a
        modest share of the matches (filters, or how many words must match), they go to
        a temporary table that the FTS5 scan joins, so only they are scored; otherwise
        every match is scored and the candidates picked out here."""
        count = candidates.bit_count()
        if candidates == union and group_count == 1:
            return self._top_matches
        if count <= CANDIDATE_TABLE_LIMIT:
            self._fill_candidates(candidates, coordination)
            return self._top_candidates
        return lambda expression, k: self._scored(expression, candidates, k, coordination)

    def _top_matches(self, expression, k):
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT rowid, bm25({TABLE}, {BM25_WEIGHTS}) AS score FROM {TABLE} "
                f"WHERE {TABLE} MATCH %s ORDER BY score, rowid DESC LIMIT %s",
                [expression, k],
            )
            return [(page_id, -score) for page_id, score in cursor.fetchall()]

    def _top_candidates(self, expression, k):
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT f.rowid, bm25({TABLE}, {BM25_WEIGHTS}) * c.coordination AS score "
                f"FROM {TABLE} AS f JOIN {CANDIDATES} AS c ON c.id = f.rowid "
                f"WHERE {TABLE} MATCH %s ORDER BY score, f.rowid DESC LIMIT %s",
                [expression, k],
            )
            return [(page_id, -score) for page_id, score in cursor.fetchall()]

    def _fill_candidates(self, candidates, coordination):
        """The candidates, with their coordination factors, in this connection's own
        temporary table (TEMP tables are private to a connection and live outside the
        database file, so concurrent searches and writers do not meet there). Ids go in
        as one JSON array per coordination class: SQLite parses it in C, where a row per
        id through the driver cost a millisecond per thousand."""
        classes = coordination.classes(candidates) if coordination else [(1.0, candidates)]
        with connection.cursor() as cursor:
            cursor.execute(
                f"CREATE TEMP TABLE IF NOT EXISTS {CANDIDATES} "
                "(id INTEGER PRIMARY KEY, coordination REAL NOT NULL)"
            )
            cursor.execute(f"DELETE FROM {CANDIDATES}")
            for share, bits in classes:
                cursor.execute(
                    f"INSERT INTO {CANDIDATES} (id, coordination) "
                    "SELECT value, %s FROM json_each(%s)",
                    [share, json.dumps(bitsets.to_ids(bits))],
                )

    def _scored(self, expression, candidates, needed, coordination=None):
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT rowid, bm25({TABLE}, {BM25_WEIGHTS}) FROM {TABLE} WHERE {TABLE} MATCH %s",
                [expression],
            )
            # bm25() is lower-is-better; scores here and in the API are higher-is-better.
            is_candidate = bitsets.membership(candidates)
            rows = [(-score * (coordination(page_id) if coordination else 1.0), page_id)
                    for page_id, score in cursor.fetchall()
                    if is_candidate(page_id)]  # fmt: skip
        best = heapq.nlargest(needed, rows) if needed else sorted(rows, reverse=True)
        return [(page_id, score) for score, page_id in best]

    def similar(self, page_id, limit=5):
        from ..facets import facet_index

        index = facet_index()
        if not index.all >> page_id & 1:
            return []
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT {SIMILAR_COLUMNS} FROM {TABLE} WHERE rowid = %s", [page_id])
            row = cursor.fetchone()
            if not row:
                return []
            words = list(dict.fromkeys(" ".join(row).split()))
            placeholders = ", ".join(["%s"] * len(words))
            cursor.execute(f"SELECT term, doc FROM {VOCAB} WHERE term IN ({placeholders})", words)
            df = dict(cursor.fetchall())
        # The rarest words say most about what makes this innovation distinctive.
        distinctive = sorted((w for w in words if df.get(w, 0) > 1 and len(w) > 2),
                             key=lambda w: (df[w], w))[:SIMILAR_TERMS]  # fmt: skip
        if not distinctive:
            return []
        expression = " OR ".join(f'"{w}"' for w in distinctive)
        candidates = index.all & ~(1 << page_id)
        return [pid for pid, _ in self._scored(expression, candidates, limit)]


def _varints(blob):
    """The integers of an FTS5 docsize record (one per column): SQLite varints, seven bits
    a byte, the high bit set on every byte but a number's last."""
    value = 0
    for byte in blob:
        value = (value << 7) | (byte & 0x7F)
        if not byte & 0x80:
            yield value
            value = 0
