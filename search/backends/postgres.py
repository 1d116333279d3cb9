"""The PostgreSQL engine: a weighted tsvector on every IndexedDocument row, GIN-indexed.

The analysed text (stems, no stopwords, see search.analysis) is stored as it is: the
vector is written as a tsvector literal, not through to_tsvector, so PostgreSQL neither
stems again nor re-splits a stem its parser reads differently ("12e3x" would become
'12e3' and 'x'). Weights follow the SQLite engine's columns: A = title and acronym,
B = tagline and tags, C = summary, D = everything else. Positions run through the
fields in that order with a gap between fields, so a phrase never spans two fields
(as in FTS5, where a phrase matches within one column).
"""

import heapq

from django.db import connection

from .. import bitsets
from ..models import IndexedDocument
from .database import DatabaseBackend

TABLE = IndexedDocument._meta.db_table
GIN_INDEX = "hubsearch_document_vector_gin"  # created by migration 0002
FIELD_WEIGHTS = "ABCD"  # text_a .. text_d
# ts_rank's weights are given as {D, C, B, A}: the SQLite engine's 10 : 5 : 2.5 : 1.
RANK_WEIGHTS = "{0.1, 0.25, 0.5, 1.0}"
# 1 divides the rank by 1 + log(document length): long documents do not win by length alone,
# as with bm25's length normalisation.
RANK_NORMALIZATION = 1
SCORE_SQL = f"ts_rank('{RANK_WEIGHTS}', search_vector, query, {RANK_NORMALIZATION})"
MAX_POSITION = 16383  # PostgreSQL's largest word position
MAX_POSITIONS_PER_WORD = 256  # and how many positions it keeps per word
EXACT_RANK_LIMIT = 4000  # score every match up to this many; above it, rank by tiers
TIERS = ("A", "AB", "ABC", None)
SIMILAR_TERMS = 12
DF_CAP = 1000  # document frequencies are counted up to this; rarer words are what matter
WRITE_BATCH = 100


def quote(word):
    """A lexeme as tsvector and tsquery input read it, whatever characters it holds."""
    return "'" + word.replace("\\", "\\\\").replace("'", "''") + "'"


def vector_literal(texts):
    """The four analysed fields as one weighted tsvector literal."""
    positions = {}
    position = 0
    for weight, text in zip(FIELD_WEIGHTS, texts, strict=True):
        for word in (text or "").split():
            position = min(position + 1, MAX_POSITION)
            entries = positions.setdefault(word, [])
            if len(entries) < MAX_POSITIONS_PER_WORD:
                entries.append(f"{position}{weight}")
        position = min(position + 1, MAX_POSITION)  # the gap between fields
    return " ".join(f"{quote(word)}:{','.join(p)}" for word, p in positions.items())


def _term(stem, weights):
    return quote(stem) + (f":{weights}" if weights else "")


def alternative_query(alternative, weights=None):
    """One alternative (a tuple of stem sets) as a tsquery: a phrase when it is several words."""
    parts = []
    for position in alternative:
        terms = [_term(s, weights) for s in sorted(position) if s]
        if not terms:
            return None
        parts.append(terms[0] if len(terms) == 1 else "(" + " | ".join(terms) + ")")
    if not parts:
        return None
    return parts[0] if len(parts) == 1 else "(" + " <-> ".join(parts) + ")"


def group_query(group, weights=None):
    options = [alternative_query(alt, weights) for alt in group.alternatives]
    options = list(dict.fromkeys(o for o in options if o))
    if not options:
        return None
    return options[0] if len(options) == 1 else "(" + " | ".join(options) + ")"


def query_text(groups, weights=None):
    """Any group, as tsquery input; weights ("AB") keep matches to those fields."""
    return " | ".join(q for q in (group_query(g, weights) for g in groups) if q) or None


class PostgresBackend(DatabaseBackend):
    name = "postgres"
    exact_rank_limit = EXACT_RANK_LIMIT

    # --- writing ------------------------------------------------------------------

    def index(self, documents):
        rows = [
            (d.page_id, vector_literal((d.text_a, d.text_b, d.text_c, d.text_d))) for d in documents
        ]
        with connection.cursor() as cursor:
            for start in range(0, len(rows), WRITE_BATCH):
                batch = rows[start : start + WRITE_BATCH]
                values = ", ".join(["(%s, %s)"] * len(batch))
                cursor.execute(
                    f"UPDATE {TABLE} AS doc SET search_vector = CAST(v.vector AS tsvector) "
                    f"FROM (VALUES {values}) AS v(page_id, vector) "
                    f"WHERE doc.page_id = v.page_id",
                    [value for row in batch for value in row],
                )

    def remove(self, page_ids):
        page_ids = list(page_ids)
        if not page_ids:
            return
        with connection.cursor() as cursor:
            cursor.execute(
                f"UPDATE {TABLE} SET search_vector = NULL WHERE page_id = ANY(%s)", [page_ids]
            )

    def clear(self):
        with connection.cursor() as cursor:
            cursor.execute(
                f"UPDATE {TABLE} SET search_vector = NULL WHERE search_vector IS NOT NULL"
            )

    def optimize(self):
        """After a rebuild: move the GIN index's pending entries into the index, refresh
        the planner's statistics."""
        with connection.cursor() as cursor:
            cursor.execute("SELECT to_regclass(%s)", [GIN_INDEX])
            if cursor.fetchone()[0] is not None:
                cursor.execute("SELECT gin_clean_pending_list(%s::regclass)", [GIN_INDEX])
            cursor.execute(f"ANALYZE {TABLE}")

    # --- matching and ranking -----------------------------------------------------

    def match_group(self, group):
        query = group_query(group)
        if not query:
            return 0
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT page_id FROM {TABLE} "
                f"WHERE NOT removed AND search_vector @@ CAST(%s AS tsquery)",
                [query],
            )
            return bitsets.from_ids(row[0] for row in cursor.fetchall())

    def rank(self, groups, candidates, union, needed):
        query = query_text(groups)
        if not query or not candidates or needed <= 0:
            return []
        universe = union | candidates
        if union.bit_count() <= self.exact_rank_limit:
            return self._scored(query, candidates, universe, needed)
        # Many matches: fields are searched from the heaviest down, and the search stops at
        # the first tier that fills the page. Order is (tier, score), stable across pages.
        ranked, previous = [], None
        for weights in TIERS:
            scoped = query_text(groups, weights) if weights else query
            ranked += self._scored(scoped, candidates, universe, needed - len(ranked), previous)
            if len(ranked) >= needed:
                break
            previous = scoped
        return ranked

    def _scored(self, query, candidates, universe, limit, skip=None):
        """[(page_id, score)] of candidates matching `query` (and not `skip`), best first.

        `universe` holds every document that can match; whichever is shorter, the
        candidates or the matches outside them, is sent as an id list, so PostgreSQL can
        sort and cut the list to `limit` itself.
        """
        outside = universe & ~candidates
        conditions = ["NOT removed", "search_vector @@ query"]
        params = [query]
        if skip:
            conditions.append("NOT search_vector @@ CAST(%s AS tsquery)")
            params.append(skip)
        if candidates.bit_count() <= outside.bit_count():
            conditions.append("page_id = ANY(%s)")
            params.append(bitsets.to_ids(candidates))
        elif outside:
            conditions.append("page_id <> ALL(%s)")
            params.append(bitsets.to_ids(outside))
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT page_id, {SCORE_SQL} AS score "
                f"FROM {TABLE}, CAST(%s AS tsquery) AS query "
                f"WHERE {' AND '.join(conditions)} "
                f"ORDER BY score DESC, page_id LIMIT %s",
                [*params, limit],
            )
            rows = cursor.fetchall()
        # A document written after the facet index was read can only be a non-candidate.
        return [(page_id, score) for page_id, score in rows if candidates >> page_id & 1]

    def similar(self, page_id, limit=5):
        from ..facets import facet_index

        index = facet_index()
        if not index.all >> page_id & 1:
            return []
        with connection.cursor() as cursor:
            # The words of the title, tagline, tags and summary (weights A, B and C).
            cursor.execute(
                f"SELECT w.lexeme FROM {TABLE} AS doc, unnest(doc.search_vector) AS w "
                f"WHERE doc.page_id = %s AND NOT doc.removed "
                f"AND w.weights && ARRAY['A', 'B', 'C']::text[]",
                [page_id],
            )
            words = [row[0] for row in cursor.fetchall() if len(row[0]) > 2]
            if not words:
                return []
            # Document frequencies through the GIN index, each counted up to DF_CAP.
            cursor.execute(
                f"SELECT x.word, (SELECT count(*) FROM (SELECT 1 FROM {TABLE} "
                f"WHERE search_vector @@ CAST(x.query AS tsquery) LIMIT {DF_CAP}) AS hits) "
                f"FROM unnest(%s::text[], %s::text[]) AS x(word, query)",
                [words, [quote(w) for w in words]],
            )
            df = dict(cursor.fetchall())
        # The rarest words say most about what makes this innovation distinctive.
        distinctive = sorted((w for w in words if df.get(w, 0) > 1),
                             key=lambda w: (df[w], w))[:SIMILAR_TERMS]  # fmt: skip
        if not distinctive:
            return []
        query = " | ".join(quote(w) for w in distinctive)
        candidates = index.all & ~(1 << page_id)
        return [pid for pid, _ in self._scored(query, candidates, index.all, limit)]
