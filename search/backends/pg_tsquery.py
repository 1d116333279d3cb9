"""PostgreSQL's tsvector and tsquery text, as pure functions of the analysed query and
document: nothing here talks to the database, so tests pin the text it produces.

Fields are laid out by search.schema: each field group is one tsvector weight letter, and
positions run through the groups in order with a gap between them, so that, as in FTS5,
the words of a multi-word alternative must stand close together within one group.
"""

import functools
import itertools

from ..schema import FIELD_GROUPS, NEAR_DISTANCE
from ..tsrank import MAX_POSITIONS_PER_WORD  # how many positions of one word it keeps

WEIGHT_LETTERS = "".join(group.pg_weight for group in FIELD_GROUPS)  # in schema order
MAX_POSITION = 16383  # PostgreSQL's largest word position
# Farther apart than any two words of a NEAR match can be: no match spans two groups.
FIELD_GAP = 2 * (NEAR_DISTANCE + 1)
EXACT_NEAR_WORDS = 4  # see near_query


@functools.lru_cache(maxsize=1 << 16)  # a document's words repeat, and documents' too
def quote(word):
    """A lexeme as tsvector and tsquery input read it, whatever characters it holds."""
    return "'" + word.replace("\\", "\\\\").replace("'", "''") + "'"


def vector_literal(texts, weights=None):
    """The analysed text of each field group (schema order) as one weighted tsvector
    literal; with `weights`, see format_vector."""
    return format_vector(vector_positions(texts), weights)


def format_vector(positions, weights=None):
    """{word: position labels} (vector_positions) as a tsvector literal; with `weights`
    ("ABC"), only those groups' words, at the positions they have in the whole vector (what
    ts_filter gives), so that NEAR tests agree on both. Those groups come first, so the
    positions a word keeps (the first MAX_POSITIONS_PER_WORD) are the same either way."""
    if weights is None:
        return " ".join(f"{quote(word)}:{','.join(p)}" for word, p in positions.items())
    kept = ((word, [p for p in labels if p[-1] in weights]) for word, labels in positions.items())
    return " ".join(f"{quote(word)}:{','.join(p)}" for word, p in kept if p)


def vector_positions(texts):
    """{word: position labels ("12A")} of the vector vector_literal writes."""
    positions = {}
    position = 0
    for weight, text in zip(WEIGHT_LETTERS, texts, strict=True):
        words = (text or "").split()
        # Positions past PostgreSQL's largest all become the largest, as it stores them.
        numbers = range(position + 1, position + len(words) + 1)
        labels = [f"{min(n, MAX_POSITION)}{weight}" for n in numbers]
        for word, label in zip(words, labels, strict=True):
            entries = positions.get(word)
            if entries is None:
                positions[word] = [label]
            elif len(entries) < MAX_POSITIONS_PER_WORD:
                entries.append(label)
        position = min(position + len(words) + FIELD_GAP, MAX_POSITION)
    return positions


# --- tsquery text ------------------------------------------------------------------------


def any_of(terms):
    terms = list(dict.fromkeys(terms))
    return terms[0] if len(terms) == 1 else "(" + " | ".join(terms) + ")"


def all_of(terms):
    terms = list(dict.fromkeys(terms))
    return terms[0] if len(terms) == 1 else "(" + " & ".join(terms) + ")"


def word_terms(alternative, weights=None):
    """An alternative's distinct words, each as tsquery text for any of its stems."""
    suffix = f":{weights}" if weights else ""
    words = []
    for stems in alternative:
        stems = sorted(s for s in stems if s)
        if not stems:
            return []
        words.append(any_of(quote(s) + suffix for s in stems))
    return list(dict.fromkeys(words))


def near_pair(first, second):
    """The two words at most NEAR_DISTANCE + 1 positions apart, in either order."""
    pairs = ((first, second), (second, first))
    return any_of(f"{a} <{d}> {b}" for a, b in pairs for d in range(1, NEAR_DISTANCE + 2))


@functools.cache
def _gaps(count):
    """Distances between `count` + 1 successive words that fit NEAR's window."""
    span = NEAR_DISTANCE + 1  # the first and the last word are at most this far apart
    return [g for g in itertools.product(range(1, span + 1), repeat=count) if sum(g) <= span]


def near_query(words):
    """FTS5's NEAR(w1 .. wn, N) as tsquery text: every word within a window of N + 2
    positions, in any order. tsquery has no such operator, so the arrangements are spelled
    out as phrases (a <1> b <3> c | ..): up to EXACT_NEAR_WORDS words (240 phrases for 4).
    Longer alternatives ask instead that every two of the words stand at most N + 1
    apart, which is a little looser: the pairs may use different occurrences of a word.

    For three or four words the pairs come first, as a test every exact match passes: the
    database evaluates `&` from the left and stops at the first false, so a document with
    the words far apart (most of those the index finds) is rejected by 3 to 6 short
    tests instead of 60 to 240 phrases (umkm's "usaha mikro kecil menengah": 18 to 5 ms)."""
    if len(words) == 1:
        return words[0]
    pairs = [near_pair(a, b) for a, b in itertools.combinations(words, 2)]
    if len(words) == 2:
        return pairs[0]
    if len(words) <= EXACT_NEAR_WORDS:
        exact = any_of(
            order[0] + "".join(f" <{g}> {w}" for g, w in zip(gaps, order[1:], strict=True))
            for order in itertools.permutations(words)
            for gaps in _gaps(len(words) - 1)
        )
        return "(" + " & ".join([*pairs, exact]) + ")"
    return all_of(pairs)


def alternatives_of(groups):
    return [alt for group in groups for alt in group.alternatives]


def rank_query(groups):
    """Every stem of the query, any of them: what ts_rank scores (it ignores positions)."""
    stems = sorted({s for group in groups for s in group.all_stems() if s})
    return " | ".join(quote(s) for s in stems) or None


def tier_query(alternatives, weights=None):
    """Documents having all the words of an alternative within some fields ("AB"): which
    ranking tier a match falls in. It only orders documents already found, so the words
    need not be NEAR each other, which makes it much cheaper to test on every candidate."""
    return any_of(
        all_of(words) for words in (word_terms(a, weights) for a in alternatives) if words
    )
