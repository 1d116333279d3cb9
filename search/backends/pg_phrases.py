"""The synonym dictionary's phrases, indexed as single terms for the PostgreSQL engine.

A multi-word alternative of a query ("ibu hamil", "usaha mikro kecil menengah") matches
documents that hold its words close together (pg_tsquery.near_query). The GIN index knows
words, not positions, so that test read the whole vector, several kilobytes out of line,
of every document holding all the words: 11,000 to 13,000 documents for "ibu hamil" at
100,000, most of a slow search's time. The alternatives with several words all come from
the dictionary (search.analysis.query_groups), so each document's words table row also
holds, as positionless terms of a second vector, the dictionary phrases it contains
(`phrase_terms`, written with the row), and a query asks the index for those instead.

The dictionary changes at run time. Each row records which phrase list it was written with
(`version`); a query uses the phrase terms only when every row has the current list's
version, and tests positions as before otherwise, so results never depend on it; `refresh`
brings the rows to the current list (the task worker runs it after each dictionary change).
Phrases a reader types in another form than the dictionary's are tested by position too.
"""

import bisect
import hashlib
import itertools
import re

from ..analysis import all_stopwords, content_phrase
from ..schema import NEAR_DISTANCE
from .pg_tsquery import EXACT_NEAR_WORDS, quote

PREFIX = "near:"  # analysed words hold no space, so no term of a document looks like this
WINDOW = NEAR_DISTANCE + 1  # the farthest apart two words of a NEAR match may stand


def words_of(alternative):
    """An alternative's distinct words (each a frozenset of stems), as near_query has them;
    None when a word has no stem (the alternative is dropped)."""
    words = []
    for stems in alternative:
        stems = frozenset(s for s in stems if s)
        if not stems:
            return None
        if stems not in words:
            words.append(stems)
    return words


def key(words):
    """The term standing for a phrase: its words in a canonical order (NEAR ignores order)."""
    return PREFIX + " ".join(sorted("|".join(sorted(stems)) for stems in words))


def parts(words):
    """[(term, words)] whose documents together are a multi-word alternative's.

    A word may have several stems (its Indonesian and English readings; a reader's form and
    the dictionary's). Up to EXACT_NEAR_WORDS words, the words are near each other when
    one stem of each is, so the phrase is the union of its one-stem-per-word forms: a
    query finds each form by its own term, and a reader's form of a dictionary phrase
    ("perizinan usaha": izin or perizinan, then usaha) shares the dictionary's terms for
    all but the forms no entry has, which are tested by position within the few documents
    holding their rarer stems. Where two words share a stem, or above EXACT_NEAR_WORDS
    (each pair tested alone), the phrase stays one term."""
    combinations = list(itertools.product(*(sorted(stems) for stems in words)))
    if len(words) > EXACT_NEAR_WORDS or any(len(set(c)) < len(c) for c in combinations):
        return [(key(words), words)]
    return [(key(single), single) for single in ([frozenset([s]) for s in c] for c in combinations)]


class PhraseList:
    """The dictionary's phrases of two or more words: their terms, a lookup from a word's
    stem to the phrases having it first, and the list's version (a hash of the terms)."""

    def __init__(self, phrases):
        self.words = {}  # term -> words
        for words in phrases:
            if words and len(words) > 1:
                for term, form in parts(words):
                    self.words.setdefault(term, form)
        self.by_stem = {}
        for term, words in self.words.items():
            for stem in words[0]:
                self.by_stem.setdefault(stem, []).append(term)
        digest = hashlib.sha1("\n".join(sorted(self.words)).encode()).digest()
        self.version = int.from_bytes(digest[:8], "big", signed=True)

    def found_in(self, positions):
        """Terms of the phrases whose words stand close together in a document, given
        {stem: [positions]} as its vector holds them (numbers, or labels such as "12A")."""
        candidates = {t for stem in positions for t in self.by_stem.get(stem, ())}
        found = []
        for term in sorted(candidates):
            places = []
            for stems in self.words[term]:
                at = sorted({_number(p) for s in stems for p in positions.get(s, ())})
                if not at:
                    break
                places.append(at)
            else:
                if _near(places):
                    found.append(term)
        return found


def dictionary_phrases(table):
    """The PhraseList of a synonym table (search.synonyms), kept on it."""
    phrases = getattr(table, "pg_phrases", None)
    if phrases is None:
        stop = all_stopwords()
        expressions = {words for others in table.values() for words in others}
        phrases = PhraseList(words_of(content_phrase(e, stop)) for e in expressions)
        table.pg_phrases = phrases
    return phrases


def _number(position):
    return position if isinstance(position, int) else int(position.rstrip("ABCD"))


def _near(places):
    """Whether words at these sorted positions satisfy near_query's test."""
    if len(places) == 2 or len(places) > EXACT_NEAR_WORDS:
        return all(_pair(a, b) for a, b in itertools.combinations(places, 2))
    return _window(places)


def _pair(first, second):
    """Some position of each, 1 to WINDOW apart (a <d> b or b <d> a)."""
    for p in first:
        i = bisect.bisect_left(second, p - WINDOW)
        while i < len(second) and second[i] <= p + WINDOW:
            if second[i] != p:
                return True
            i += 1
    return False


def _window(places):
    """Distinct positions, one for each word, within a span of WINDOW (every arrangement
    of near_query's phrases with gaps of at least 1 adding up to at most WINDOW)."""
    for start in sorted({p for at in places for p in at}):
        inside = [[p for p in at if start <= p <= start + WINDOW] for at in places]
        if all(inside) and any(
            len(set(choice)) == len(choice) for choice in itertools.product(*inside)
        ):
            return True
    return False


_LEXEME = re.compile(r"'((?:[^']|'')*)'(?::([0-9A-D,]+))?")


def positions_of(vector_text):
    """{stem: [positions]} of a tsvector as PostgreSQL prints it."""
    positions = {}
    for word, places in _LEXEME.findall(vector_text):
        word = word.replace("''", "'").replace("\\\\", "\\")
        positions[word] = [int(p.rstrip("ABCD")) for p in places.split(",")] if places else []
    return positions


def literal(terms):
    """Terms as a tsvector literal without positions."""
    return " ".join(quote(t) for t in terms)
