"""The PostgreSQL engine: a weighted tsvector for every document, GIN-indexed.

The analysed text (stems, no stopwords, see search.analysis) is stored as it is: the
vector is written as a tsvector literal, not through to_tsvector, so PostgreSQL neither
stems again nor re-splits a stem its parser reads differently (to_tsvector('simple',
'12e3x') gives '12e3' and 'x'). Each field group of search.schema is one weight letter
(see pg_tsquery, which writes the vector and query text).

Reading a document's vector is the expensive part (it is large, so TOAST keeps it out of
line and compressed): the GIN index finds documents by their words without reading it,
but not by position or weight. So queries ask the index for the words alone and test
positions (NEAR) only on the rows it finds (see `Match`), and rank the tiers on small
copies of the heading's, lead's and heavy fields' parts (see `_tier_scores`).

The vectors are in a table of their own, `WORDS` (page id and vector; migration 0010), not
in the document rows: the index gives row addresses, so finding a word's documents reads
each row holding a match for its page id, and a narrow row makes that a few hundred pages
where the document table's 1.5 KB rows made it tens of thousands at 100,000 documents. A
removed document has no row there. The heading's and lead's parts (heading_vector,
lead_vector: the first two tiers) are in a narrow table too, `LEAD` (migration 0014): a
common word's tier is scored whole, and there its rows fill a fifth of the pages the
document rows did. The heavy fields' part (head_vector) stays in the document rows.
"""

import contextlib
import itertools
import math
from dataclasses import dataclass

import psycopg
from django.db import connection, transaction

from jipp_site.bulk_rows import append_rows, execute_write

from .. import bitsets, keptmatches, state
from ..models import IndexedDocument, Term
from ..schema import EXACT_RANK_LIMIT, FIELD_GROUPS, GROUPS_BY_NAME, SIMILAR_TERMS, TIER_GROUPS
from ..synonyms import synonym_table
from ..tsrank import GROUP_WEIGHTS
from . import pg_phrases
from .database import DatabaseBackend, best_scored, plain_coordination
from .pg_tsquery import (
    all_of,
    alternatives_of,
    any_of,
    format_vector,
    near_query,
    quote,
    rank_query,
    tier_query,
    vector_positions,
    word_terms,
)

TABLE = IndexedDocument._meta.db_table
WORDS = "hubsearch_documentwords"  # page_id, search_vector: created by migration 0010
# page_id, heading_vector, lead_vector, head_length (head_vector's): migration 0014
LEAD = "hubsearch_documentlead"
GIN_INDEX = "hubsearch_words_vector_gin"
# Every GIN index of the engine (migrations 0005, 0010, 0011, 0014).
GIN_INDEXES = (GIN_INDEX, "hubsearch_words_phrases_gin", "hubsearch_document_head_gin",
               "hubsearch_lead_heading_gin", "hubsearch_lead_lead_gin")  # fmt: skip
HEAD_WEIGHTS = "".join(GROUPS_BY_NAME[g].pg_weight for g in ("heading", "lead", "summary"))
LEAD_WEIGHTS = "".join(GROUPS_BY_NAME[g].pg_weight for g in ("heading", "lead"))
# ts_rank's weights, given as {D, C, B, A}: the groups' weights relative to the heaviest, as
# search.tsrank scores them for the SQLite engine.
RANK_WEIGHTS = (
    "{"
    + ", ".join(
        str(weight)
        for _, weight in sorted(
            zip((group.pg_weight for group in FIELD_GROUPS), GROUP_WEIGHTS, strict=True),
            reverse=True,
        )
    )
    + "}"
)
# 1: the rank is divided by 1 + log(document length), so that long documents do not win by
# length alone (bm25 normalises by length too).
RANK_NORMALIZATION = 1
SCORE_SQL = f"ts_rank('{RANK_WEIGHTS}', search_vector, query, {RANK_NORMALIZATION})"
# Weight letters of the ranking tiers ("A", "AB", ...), then every field.
TIERS = (*("".join(GROUPS_BY_NAME[g].pg_weight for g in tier) for tier in TIER_GROUPS), None)
HEADING_WEIGHT = GROUPS_BY_NAME["heading"].pg_weight  # heading_vector's one weight
# The (table, column) holding exactly the fields of each ranking tier, by those fields'
# weights: the tier is found by the column's GIN index and scored on the column alone, as
# FTS5 scores a column-filtered tier (migrations 0005, 0014).
TIER_COLUMNS = {HEADING_WEIGHT: (LEAD, "heading_vector"), LEAD_WEIGHTS: (LEAD, "lead_vector"),
                HEAD_WEIGHTS: (TABLE, "head_vector")}  # fmt: skip
DF_CAP = 1000  # document frequencies are counted up to this; only the rarest words matter
WRITE_BATCH = 100
CANDIDATE_SHARE = 4
# A query group matching at least 1 / KEPT_SHARE of the documents keeps its matches in the
# process (search.keptmatches).
KEPT_SHARE = 20
# A tier's best are read from the database TIER_MARGIN times as deep as the candidates'
# share of the matches needs on average (see _tier_best).
TIER_MARGIN = 2


@dataclass(frozen=True)
class Match:
    """Documents matching any of some alternatives, as SQL the GIN index can answer.

    `branches` are (words query, phrases query, filter query) triples, any of them None,
    whose results together are the matches: single words, and phrases of the dictionary
    indexed as terms (`phrases`: those usable now, see search.backends.pg_phrases), go to
    the index as they are; any other multi-word alternative asks the index for documents
    with all its words (and none of the single words, found already), and only those rows
    are tested for NEAR.
    """

    branches: tuple

    @classmethod
    def of(cls, alternatives, phrases=frozenset()):
        alternatives = [a for a in alternatives if word_terms(a)]
        if not alternatives:
            return cls(())
        singles = [word_terms(a)[0] for a in alternatives if len(word_terms(a)) == 1]
        forms = [
            part
            for a in alternatives
            if len(word_terms(a)) > 1
            for part in pg_phrases.parts(pg_phrases.words_of(a))
        ]
        indexed = sorted({term for term, _ in forms if term in phrases})
        near = [tuple(word_terms(w)) for term, w in forms if term not in phrases]
        near = list(dict.fromkeys(near))
        branches = []
        if singles or indexed:
            branches.append(
                (any_of(singles) if singles else None,
                 any_of(quote(t) for t in indexed) if indexed else None, None)
            )  # fmt: skip
        if near:
            index_query = any_of(all_of(words) for words in near)
            if singles:
                index_query = f"{index_query} & !{any_of(singles)}"
            branches.append((index_query, None, any_of(near_query(words) for words in near)))
        return cls(tuple(branches))

    def sql(self, columns, extra_from="", extra_params=()):
        """SELECT `columns` of the matching documents (FROM the words table and
        `extra_from`, whose parameters are `extra_params`), and the parameters."""
        selects, params = [], []
        for index_query, phrase_query, exact in self.branches:
            if not exact:
                queries = (("search_vector", index_query), ("phrase_terms", phrase_query))
                tests = [f"{column} @@ CAST(%s AS tsquery)" for column, query in queries if query]
                selects.append(
                    f"SELECT {columns} FROM {WORDS}{extra_from} WHERE {' OR '.join(tests)}"
                )
                params += [*extra_params, *(q for q in (index_query, phrase_query) if q)]
                continue
            # IS TRUE keeps the NEAR test out of the index search: a filter on its rows.
            # The heading, lead and summary are tested first: head_vector is in the
            # document's row, the whole vector out of line (TOAST: several page reads and
            # a decompression each), and its positions are the whole vector's for those
            # fields, so words close together there are close together in the whole.
            # Only the rows where they are not read the whole vector.
            selects.append(
                f"SELECT {columns} FROM {WORDS} JOIN {TABLE} AS doc USING (page_id)"
                f"{extra_from} WHERE search_vector @@ CAST(%s AS tsquery)"
                " AND (doc.head_vector @@ CAST(%s AS tsquery)"
                " OR search_vector @@ CAST(%s AS tsquery)) IS TRUE"
            )
            params += [*extra_params, index_query, exact, exact]
        return " UNION ALL ".join(selects), params


# --- the engine --------------------------------------------------------------------------


class PostgresBackend(DatabaseBackend):
    name = "postgres"
    exact_rank_limit = EXACT_RANK_LIMIT
    # Above the exact-ranking limit, candidates are ranked from their own rows (instead of
    # through the tiers' index searches) up to this many, when they are at most
    # 1 / CANDIDATE_SHARE of the matches (see rank).
    candidate_tier_limit = 20000

    # --- writing ------------------------------------------------------------------

    row_fields = ("head_vector",)

    def row_values(self, document):
        """The heavy fields' vector goes into the document's row as it is written
        (search.indexing), in the same INSERT: writing it by a later UPDATE wrote every
        row, and its GIN index entries, twice."""
        positions = vector_positions(document.analysed_groups())
        return {"head_vector": format_vector(positions, HEAD_WEIGHTS)}

    def index(self, documents):
        """Each document's whole vector into the words table, replacing any it had, with the
        dictionary phrases it holds (pg_phrases), and its heading's and lead's parts into
        the lead table. Through bulk_rows, so that inside its background writes these run
        in order with the rows."""
        documents = list(documents)
        if not documents:
            return
        phrases = _phrase_list()
        words, leads = [], []
        for document in documents:
            positions = vector_positions(document.analysed_groups())
            found = phrases.found_in(positions)
            terms = pg_phrases.literal(found) if found else None
            words.append((document.page_id, format_vector(positions), terms, phrases.version))
            heading, lead = (format_vector(positions, w) for w in (HEADING_WEIGHT, LEAD_WEIGHTS))
            leads.append((document.page_id, heading, lead, _head_length(positions)))
        self.remove(d.page_id for d in documents)
        append_rows(WORDS, ["page_id", "search_vector", "phrase_terms", "phrases_version"], words)
        append_rows(LEAD, ["page_id", "heading_vector", "lead_vector", "head_length"], leads)

    def usable_phrases(self):
        """The dictionary's phrase terms a query may ask the index for: all of them when
        every document was written with the current phrase list, none otherwise (their
        words are then tested by position, as before they were indexed)."""
        phrases = _phrase_list()
        key = (state.current().index_key, phrases.version)
        known = self._phrase_state
        if known is None or known[0] != key:
            with connection.cursor() as cursor:
                cursor.execute(f"SELECT min(phrases_version), max(phrases_version) FROM {WORDS}")
                low, high = cursor.fetchone()
            current = low is None or low == high == phrases.version
            known = self._phrase_state = (key, frozenset(phrases.words) if current else frozenset())
        return known[1]

    _phrase_state = None

    def terms_status(self):
        phrases = _phrase_list()
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT count(*) FILTER (WHERE phrases_version = %s), count(*) FROM {WORDS}",
                [phrases.version],
            )
            return cursor.fetchone()

    def refresh_terms(self, progress=None, batch=1000):
        """Bring every document's phrase terms to the current dictionary (after it changed):
        found again from the vectors, a batch of rows per transaction. Returns the number
        of documents brought up to date."""
        phrases = _phrase_list()
        stale = f"FROM {WORDS} WHERE phrases_version <> %s"
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT count(*) {stale}", [phrases.version])
            total = cursor.fetchone()[0]
        if progress:
            progress.start(total)
        done = 0
        while True:
            with transaction.atomic(), connection.cursor() as cursor:
                cursor.execute(
                    f"SELECT page_id, search_vector::text {stale} ORDER BY page_id LIMIT %s "
                    "FOR UPDATE",
                    [phrases.version, batch],
                )
                rows = cursor.fetchall()
                if not rows:
                    break
                terms = [phrases.found_in(pg_phrases.positions_of(text)) for _, text in rows]
                cursor.execute(
                    f"UPDATE {WORDS} AS w SET phrase_terms = CAST(u.terms AS tsvector), "
                    "phrases_version = %s FROM unnest(%s::int[], %s::text[]) AS u(page_id, terms) "
                    "WHERE w.page_id = u.page_id",
                    [phrases.version, [pid for pid, _ in rows],
                     [pg_phrases.literal(t) if t else None for t in terms]],
                )  # fmt: skip
            done += len(rows)
            if progress:
                progress.advance(len(rows))
        if progress:
            progress.finish()
        return done

    def remove(self, page_ids):
        page_ids = list(page_ids)
        if page_ids:
            for table in (WORDS, LEAD):
                execute_write(f"DELETE FROM {table} WHERE page_id = ANY(%s)", [page_ids])

    def clear(self):
        for table in (WORDS, LEAD):
            execute_write(f"DELETE FROM {table}")

    def optimize(self):
        """After a rebuild or a large import: move the GIN indexes' pending entries into the
        indexes proper (until then every search reads the pending list through) and refresh
        the planner's statistics, as autovacuum would, later."""
        with connection.cursor() as cursor:
            for index in GIN_INDEXES:
                cursor.execute("SELECT to_regclass(%s)", [index])
                if cursor.fetchone()[0] is not None:
                    cursor.execute("SELECT gin_clean_pending_list(%s::regclass)", [index])
            for table in (TABLE, WORDS, LEAD, Term._meta.db_table):
                cursor.execute(f"ANALYZE {table}")

    # --- matching and ranking -----------------------------------------------------

    def match_group(self, group):
        return self.match_groups([group])[0]

    def match_groups(self, groups):
        """Every group in one statement, each group's ids packed into 32-bit words by the
        database (bitsets.from_words): a few hundred rows cross over, not thousands.

        A group found in many documents ("layanan", "pelayanan", "ibu hamil") is read from
        the process's kept matches when the index has not changed since (search.keptmatches):
        reading its rows is most of a search's time at 100,000 records."""
        key = state.current().index_key
        phrases = self.usable_phrases()
        matches = [Match.of(group.alternatives, phrases) for group in groups]
        found = [keptmatches.kept.get(key, match.branches) for match in matches]
        selects, params = [], []
        for number, match in enumerate(matches):
            if match.branches and found[number] is None:
                sql, match_params = match.sql("page_id")
                selects.append(
                    f"SELECT {number}, page_id >> 5, bit_or(1::bigint << (page_id & 31)) "
                    f"FROM ({sql}) AS matches GROUP BY 2"
                )
                params += match_params
        words = [[] for _ in groups]
        if selects:
            with index_scans() as cursor:
                cursor.execute(" UNION ALL ".join(selects), params)
                for number, word_number, word in cursor.fetchall():
                    words[number].append((word_number, word))
        size = None
        for number, match in enumerate(matches):
            if found[number] is not None:
                continue
            found[number] = bits = bitsets.from_words(words[number])
            if match.branches and bits:
                if size is None:
                    from ..facets import facet_index

                    size = facet_index().all.bit_count()
                if bits.bit_count() * KEPT_SHARE >= size:
                    keptmatches.kept.put(key, match.branches, bits)
        return found

    def rank(self, groups, candidates, union, needed, coordination=None, tier_groups=None):
        query = rank_query(groups)
        if not query or not candidates or needed <= 0:
            return []
        if union.bit_count() <= self.exact_rank_limit:
            # Few matches: score each candidate on its whole vector.
            rows = self._full_scores(query, bitsets.to_ids(candidates))
            return best_scored(rows, candidates, needed, coordination)
        # Many matches: fields are searched from the heaviest down (A, AB, ABC), each tier
        # scored on those fields, as FTS5 scores a column-filtered tier, and the search
        # stops at the first tier that fills the page; only then are the remaining
        # candidates scored on every field. Order is (tier, score), stable across pages.
        alternatives = alternatives_of(tier_groups or groups)
        searches = [_tier_search(alternatives, weights) for weights in TIERS[:-1]]
        count = candidates.bit_count()
        top = plain_coordination(coordination)  # the database may keep each tier's best
        if count <= self.exact_rank_limit:
            # Few candidates (filters narrowed a common query): their tiers in one pass.
            rows = self._candidate_tiers(query, searches, bitsets.to_ids(candidates), needed, top)
            heavy = [row for row in rows if row[2] < len(searches)]
            ranked = best_scored(heavy, candidates, None, coordination)
        elif count <= self.candidate_tier_limit and count * CANDIDATE_SHARE <= _tier_matches(
            groups, tier_groups, coordination, union
        ):
            # Filters kept a small share of the documents with the tiers' words: reading
            # the candidates' own rows costs less than the tiers' index searches, which
            # read every row with those words in fields A to C ("pelayanan": 54,000 of
            # 100,000), and gives the same order: each document's first tier, kept up to
            # the first tier that fills the page, as _ranked_by_tier stops.
            rows = self._candidate_tiers(query, searches, bitsets.to_ids(candidates), needed, top)
            ranked = _first_tiers(rows, candidates, needed, coordination, len(searches))
        else:
            ranked = self._ranked_by_tier(query, searches, candidates, union, needed, coordination)
        if len(ranked) >= needed:
            # The best `needed`, as the interface and the SQLite engine give: the fusion
            # reads the lexical leg to the same depth on both (search.fusion.FUSION_DEPTH).
            return ranked[:needed]
        seen = {page_id for page_id, _ in ranked}
        rest = [page_id for page_id in bitsets.to_ids(candidates) if page_id not in seen]
        rows = self._full_scores(query, rest)
        return ranked + best_scored(rows, candidates, needed - len(ranked), coordination)

    def _ranked_by_tier(self, query, searches, candidates, union, needed, coordination):
        """`searches`: each tier's (table, column, tsquery text), see _tier_search."""
        ranked, seen = [], set()
        for search in searches:
            # The tier's best `needed` not ranked already are among its best needed + seen.
            for page_id, score in self._tier_best(
                query, search, candidates, union, needed + len(seen), coordination
            ):
                if page_id not in seen:
                    seen.add(page_id)
                    ranked.append((page_id, score))
            if len(ranked) >= needed:
                break
        return ranked

    def _tier_best(self, query, search, candidates, union, k, coordination):
        """[(page_id, score)]: the best k candidates of one tier (`search`, see
        _tier_search). The database keeps the tier's best by score (ORDER BY, LIMIT) and
        sends those rows, not the whole tier (19,712 for "anak" at 100,000): k of them when
        every match is a candidate, else as many as the candidates' share of the matches
        needs to hold k on average, TIER_MARGIN times over. They are the answer when they
        hold k candidates and, with a coordination factor (at most 1), when the k-th of
        those still scores above the last row read, the most any row not read can score
        (the threshold algorithm's stop). Otherwise the whole tier is read."""
        share = candidates.bit_count() / union.bit_count()
        plain = plain_coordination(coordination)
        depth = k if share >= 1 and plain else math.ceil(TIER_MARGIN * k / min(share, 1))
        rows = self._tier_scores(query, *search, limit=depth)
        best = best_scored(rows, candidates, k, coordination)
        if len(rows) < depth or (len(best) == k and (plain or best[-1][1] > rows[-1][1])):
            return best
        return best_scored(self._tier_scores(query, *search), candidates, k, coordination)

    def _candidate_tiers(self, query, searches, page_ids, needed=None, top=False):
        """[(page_id, score, tier)] of these documents: the tier is the index of the first
        of `searches` (see _tier_search) they match, len(searches) if none, the score the
        rank on that tier's column. The tiers' tables are read in turn, and the next only
        for the documents not placed yet, until the tiers found hold `needed` documents:
        what follows never reaches the page. `top` (no coordination factor to apply): only
        the best `needed` by tier and score come back, the only ones that reach it."""
        rows, rest = [], page_ids
        for table, numbered in itertools.groupby(enumerate(searches), key=lambda s: s[1][0]):
            if not rest or (needed is not None and len(rows) >= needed):
                break
            if top and needed is not None:
                placed = self._tiers_in_table(
                    query, table, list(numbered), rest, limit=needed - len(rows)
                )
                rows += placed
                if len(rows) < needed:  # all placed here came back: the rest go on
                    done = {page_id for page_id, _, _ in placed}
                    rest = [page_id for page_id in rest if page_id not in done]
                continue
            found = self._tiers_in_table(query, table, list(numbered), rest)
            rows += [row for row in found if row[2] is not None]
            rest = [page_id for page_id, _, tier in found if tier is None]
        if top and needed is not None and len(rows) >= needed:
            return rows
        return rows + [(page_id, 0.0, len(searches)) for page_id in rest]

    @staticmethod
    def _tiers_in_table(query, table, numbered, page_ids, limit=None):
        """[(page_id, score, tier or None)] of the documents among `page_ids` with a row in
        `table`, for the tiers (number, (table, column, tsquery text)) it holds; with
        `limit`, the best `limit` of those in a tier, by tier and score, alone."""
        cases = " ".join(f"WHEN {column} @@ CAST(%s AS tsquery) THEN {number}"
                         for number, (_, column, _) in numbered)  # fmt: skip
        scores = " ".join(f"WHEN {number} THEN {_score_sql(table, column)}"
                          for number, (_, column, _) in numbered)  # fmt: skip
        columns = ", ".join(dict.fromkeys(column for _, (_, column, _) in numbered))
        if table == LEAD:
            columns += ", head_length"
        live = " AND NOT removed" if table == TABLE else ""
        best = ""
        if limit is not None:
            # The same order as _best: tier, then score, then the higher page id.
            best = f" WHERE tier IS NOT NULL ORDER BY 3, 2 DESC, 1 DESC LIMIT {int(limit)}"
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT page_id, CASE tier {scores} ELSE 0 END, tier FROM "
                f"(SELECT page_id, {columns}, CASE {cases} END AS tier FROM {table} "
                f"WHERE page_id = ANY(CAST(%s AS integer[])){live}) AS rows, "
                f"CAST(%s AS tsquery) AS query{best}",
                [*(tsquery for _, (_, _, tsquery) in numbered), id_array(page_ids), query],
            )
            return cursor.fetchall()

    def _full_scores(self, query, page_ids):
        """[(page_id, score, 0)]: `query`'s rank on each document's whole vector."""
        if not page_ids:
            return []
        with connection.cursor() as cursor:
            return _scored_rows(
                cursor,
                SCORE_SQL,
                "page_id = ANY(CAST(%s AS integer[]))",
                [query, id_array(page_ids)],
                table=WORDS,
            )

    def _tier_scores(self, query, table, column, tier, limit=None):
        """[(page_id, score, 0)] of the documents with `tier` (tsquery text) in `column`
        of `table`, scored for `query` on that column alone: a few hundred bytes stored in
        the row, where the whole vector is several kilobytes stored out of line. With
        `limit`, the best `limit` of them alone, in _best's order."""
        with index_scans() as cursor:
            condition = f"{column} @@ CAST(%s AS tsquery)"
            return _scored_rows(
                cursor, _score_sql(table, column), condition, [query, tier], table, limit
            )

    def _matching_scores(self, query, match):
        """[(page_id, score, 0)] of the documents of a Match, scored for `query`."""
        if not match.branches:
            return []
        sql, params = match.sql(
            f"page_id, {SCORE_SQL}, 0", ", CAST(%s AS tsquery) AS query", [query]
        )
        with index_scans() as cursor:
            cursor.execute(sql, params)
            return cursor.fetchall()

    def similar(self, page_id, limit=5):
        from ..facets import facet_index

        index = facet_index()
        if not index.all >> page_id & 1:
            return []
        with index_scans() as cursor:
            # The words of the title, tagline, tags, sector and summary (weights A to C).
            cursor.execute(
                f"SELECT w.lexeme FROM {TABLE} AS doc, unnest(doc.head_vector) AS w "
                f"WHERE doc.page_id = %s AND NOT doc.removed",
                [page_id],
            )
            words = [row[0] for row in cursor.fetchall() if len(row[0]) > 2]
            if not words:
                return []
            # Document frequencies through the GIN index, each counted up to DF_CAP.
            cursor.execute(
                f"SELECT x.word, (SELECT count(*) FROM (SELECT 1 FROM {WORDS} "
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
        rows = self._matching_scores(query, Match(((query, None, None),)))
        return [pid for pid, _ in best_scored(rows, index.all & ~(1 << page_id), limit)]


def _tier_search(alternatives, weights):
    """(table, column, tsquery text) finding the documents with all the words of one of
    `alternatives` within the fields of `weights` ("A", "AB", "ABC").

    Each tier's fields have a column holding them alone (TIER_COLUMNS): its GIN index
    then finds exactly those documents. Weights are not in a GIN index, so a search by
    weight in a wider column reads every row with the words anywhere in it to test them
    ("anak" in the heading or lead: 40,000 rows read to find 20,000 at 100,000)."""
    table, column = TIER_COLUMNS[weights]
    return table, column, tier_query(alternatives)


def _score_sql(table, column):
    """The rank of the tsquery `query` on `column` of `table`, with the fields' weights.

    A tier's words count in its own fields only; every tier divides by the length of the
    heavy fields (head_vector's, as ts_rank's normalisation 1 does: log2(length + 1)), so
    a long summary weighs as it does when head_vector scores the tier."""
    if table != LEAD:
        return SCORE_SQL.replace("search_vector", column)
    return (
        f"ts_rank('{RANK_WEIGHTS}', {column}, query, 0) / "
        "CASE WHEN head_length > 0 THEN ln(head_length + 1::float8) / ln(2::float8) ELSE 1 END"
    )


def _head_length(positions):
    """head_vector's length as ts_rank counts it: its words' positions (vector_positions)."""
    return sum(1 for labels in positions.values() for label in labels if label[-1] in HEAD_WEIGHTS)


def _phrase_list():
    """The current dictionary's phrases (pg_phrases.PhraseList), kept with its table."""
    return pg_phrases.dictionary_phrases(synonym_table())


def _tier_matches(groups, tier_groups, coordination, union):
    """How many documents hold the words that place documents in tiers (any of
    `tier_groups`): what the tiers' index searches read at most."""
    if not tier_groups or coordination is None or any(g not in groups for g in tier_groups):
        return union.bit_count()
    bits = 0
    for group in tier_groups:
        bits |= coordination.group_bits[groups.index(group)]
    return bits.bit_count()


def _first_tiers(rows, candidates, needed, coordination, tier_count):
    """What _ranked_by_tier gives, from (page_id, score, first tier) rows of the
    candidates (_candidate_tiers): the documents of the first tiers, up to the first one
    that brings their number to `needed` (all tiers when none does), best first."""
    heavy = [row for row in rows if row[2] < tier_count]
    sizes = [0] * tier_count
    for _, _, tier in heavy:
        sizes[tier] += 1
    total, last = 0, tier_count - 1
    for tier, size in enumerate(sizes):
        total += size
        if total >= needed:
            last = tier
            break
    return best_scored([row for row in heavy if row[2] <= last], candidates, None, coordination)


def id_array(page_ids):
    """Page ids as one array literal: psycopg adapts a list element by element, 20 ms of
    Python for the 7,000 candidates of a filtered common word."""
    return "{" + ",".join(map(str, page_ids)) + "}"


def _scored_rows(cursor, score_sql, condition, params, table=TABLE, limit=None):
    """[(page_id, score, 0)] of the live documents meeting `condition`, scored by
    `score_sql` for the tsquery text given as the first parameter; with `limit`, the best
    `limit` of them, in _best's order (score, then the higher page id). The words and lead
    tables hold live documents only; the document table marks the others removed."""
    live = " AND NOT removed" if table == TABLE else ""
    best = f" ORDER BY 2 DESC, 1 DESC LIMIT {int(limit)}" if limit is not None else ""
    cursor.execute(
        f"SELECT page_id, {score_sql}, 0 FROM {table}, CAST(%s AS tsquery) AS query "
        f"WHERE {condition}{live}{best}",
        params,
    )
    return cursor.fetchall()


@contextlib.contextmanager
def index_scans():
    """A cursor whose queries find documents through the GIN index, not by reading rows.

    The planner does not count what reading a document's tsvector costs and, for a common
    word, prefers a sequential scan that reads every vector to the index, which answers
    without reading them: 12,000 documents, 8,800 matching, 145 ms against 7 ms. So
    `enable_seqscan` is off for these queries only.

    Outside any transaction (a search request), each statement is sent together with
    `SET LOCAL` in one message: PostgreSQL runs the two as one implicit transaction, which
    ends the setting with the statement. One round trip per statement, where a transaction
    of its own took four (BEGIN, SET, the statement, COMMIT); on a busy machine each is a
    wait for the server process to be scheduled (10 ms and more were measured). Inside a
    transaction, the setting is read, set and restored around the statements.
    """
    if not connection.in_atomic_block:
        with connection.cursor() as cursor:
            if isinstance(cursor.cursor, psycopg.ClientCursor):
                yield _SettingInMessage(cursor)
                return
        with transaction.atomic(), connection.cursor() as cursor:
            # psycopg's server-side binding sends one statement per message.
            cursor.execute("SET LOCAL enable_seqscan = off")
            yield cursor
        return
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            "SELECT current_setting('enable_seqscan'), set_config('enable_seqscan', 'off', true)"
        )
        previous = cursor.fetchone()[0]
        yield cursor
        cursor.execute("SELECT set_config('enable_seqscan', %s, true)", [previous])


class _SettingInMessage:
    """A cursor that sends `SET LOCAL enable_seqscan = off` before each statement, in the
    same message (client-side parameter binding allows several statements in one)."""

    def __init__(self, cursor):
        self._cursor = cursor

    def execute(self, sql, params=None):
        self._cursor.execute(f"SET LOCAL enable_seqscan = off; {sql}", params)
        self._cursor.nextset()  # past the SET's empty result, to the statement's rows

    def __getattr__(self, name):
        return getattr(self._cursor, name)
