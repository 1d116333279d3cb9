"""PostgreSQL's ts_rank, computed from how often each query word occurs in each field group.

The database engines rank few matches (search.schema.EXACT_RANK_LIMIT) by one function, so
that a query gives the same order on SQLite as on PostgreSQL: PostgreSQL runs ts_rank in
SQL (normalisation 1), and the SQLite engine, whose FTS5 offers only a bm25 with fixed
parameters, runs this over the counts FTS5 keeps. FTS5's bm25 divides by the whole row's
length against the average (b = 0.75), which pushed long records that name a practice in
their title below short ones that mention it in passing; ts_rank divides by log2(length
+ 1) and, like it, this uses no rarity: what decides is where a word stands and how long
the record is.

ts_rank (PostgreSQL's tsrank.c, calc_rank_or) scores each query word by the weights of its
positions in document order: its heaviest position in full, each other by 1 / i² (i its
rank among the word's positions), over sum(1 / i²); averages over the query's words; and
divides by log2(length + 1), the length being the document's word positions.
"""

import functools
import itertools
import math

from .schema import FIELD_GROUPS

_TOP_WEIGHT = max(group.weight for group in FIELD_GROUPS)
# Each field group's weight as ts_rank is given it, relative to the heaviest, in schema order
# (the order of the positions in PostgreSQL's vector: search.backends.pg_tsquery).
GROUP_WEIGHTS = tuple(group.weight / _TOP_WEIGHT for group in FIELD_GROUPS)
MAX_POSITIONS_PER_WORD = 256  # PostgreSQL keeps a word's first 256 positions
_ZETA2 = 1.64493406685  # sum(1 / i²), as tsrank.c writes it


# _INVERSE_SQUARES[k]: sum(1 / i²) for i = 1..k, so that a run of positions of one weight is
# summed at once.
_INVERSE_SQUARES = (
    0.0,
    *itertools.accumulate(1 / (i * i) for i in range(1, MAX_POSITIONS_PER_WORD + 1)),
)


@functools.lru_cache(maxsize=4096)  # few distinct count tuples: most words occur once or twice
def word_score(counts):
    """One query word's score, from its occurrences in each field group (a tuple, schema
    order): its positions are those groups' runs, in that order."""
    total, top, top_at, start = 0.0, 0.0, 0, 0
    for weight, count in zip(GROUP_WEIGHTS, counts, strict=False):
        count = min(count, MAX_POSITIONS_PER_WORD - start)
        if count <= 0:
            continue
        total += weight * (_INVERSE_SQUARES[start + count] - _INVERSE_SQUARES[start])
        if weight > top:  # tsrank.c keeps the first position of the heaviest weight
            top, top_at = weight, start
        start += count
    if not start:
        return 0.0
    return (top + total - top / ((top_at + 1) * (top_at + 1))) / _ZETA2


def score(word_counts, query_words, length):
    """ts_rank of one document for a query of `query_words` distinct words (an OR of
    them all): `word_counts` {word: occurrences per field group} of those the document
    holds, `length` its word positions."""
    if not word_counts or not query_words:
        return 0.0
    total = sum(word_score(tuple(counts)) for counts in word_counts.values()) / query_words
    return total / math.log2(length + 1) if length > 0 else total  # as tsrank.c
