"""The embedded engine: an FTS5 index of its own, weighted bm25 and tiered top-k ranking.

The FTS5 table holds the analysed text (stems, no stopwords) in four weighted columns:
a = title and acronym, b = tagline and tags, c = summary, d = everything else.
"""

import heapq
import itertools

from django.db import connection

from .. import bitsets
from .database import DatabaseBackend

TABLE = "hubsearch_fts"
VOCAB = "hubsearch_fts_vocab"
WEIGHTS = (10.0, 5.0, 2.5, 1.0)  # a, b, c, d
EXACT_RANK_LIMIT = 1500  # score every match up to this many; above it, rank by tiers
TIERS = ("{a}", "{a b}", "{a b c}", None)
SIMILAR_TERMS = 12
NEAR_DISTANCE = 4  # words of a multi-word synonym must stand this close

CREATE_SQL = [
    f"CREATE VIRTUAL TABLE IF NOT EXISTS {TABLE} USING fts5("
    "a, b, c, d, tokenize = 'unicode61 remove_diacritics 0')",
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
                f"INSERT INTO {TABLE} (rowid, a, b, c, d) VALUES (%s, %s, %s, %s, %s)",
                [(d.page_id, d.text_a, d.text_b, d.text_c, d.text_d) for d in documents],
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
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT rowid FROM {TABLE} WHERE {TABLE} MATCH %s", [group_sql(group)])
            return bitsets.from_ids(row[0] for row in cursor.fetchall())

    def rank(self, groups, candidates, union, needed, coordination):
        expression = query_sql(groups)
        if union.bit_count() <= EXACT_RANK_LIMIT:
            return self._scored(expression, candidates, needed, coordination)
        # Many matches: fields are searched from the heaviest down, and the search stops at
        # the first tier that fills the page. Order is (tier, bm25), stable across pages.
        ranked, seen = [], set()
        for columns in TIERS:
            scoped = f"{columns} : ({expression})" if columns else expression
            for page_id, score in self._scored(scoped, candidates, None, coordination):
                if page_id not in seen:
                    seen.add(page_id)
                    ranked.append((page_id, score))
            if len(ranked) >= needed:
                break
        return ranked

    def _scored(self, expression, candidates, needed, coordination=None):
        weights = ", ".join(str(w) for w in WEIGHTS)
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT rowid, bm25({TABLE}, {weights}) FROM {TABLE} WHERE {TABLE} MATCH %s",
                [expression],
            )
            # bm25() is lower-is-better; scores here and in the API are higher-is-better.
            rows = [(-score * (coordination(page_id) if coordination else 1.0), page_id)
                    for page_id, score in cursor.fetchall()
                    if candidates >> page_id & 1]  # fmt: skip
        best = heapq.nlargest(needed, rows) if needed else sorted(rows, reverse=True)
        return [(page_id, score) for score, page_id in best]

    def similar(self, page_id, limit=5):
        from ..facets import facet_index

        index = facet_index()
        if not index.all >> page_id & 1:
            return []
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT a, b, c FROM {TABLE} WHERE rowid = %s", [page_id])
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
