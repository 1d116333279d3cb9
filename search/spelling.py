"""Spelling suggestions from the words of the index ("did you mean").

A symmetric-delete index (SymSpell): every dictionary word is stored under itself and its
one-letter deletions; a typed word looks up the same. Two words meet when they are one
insertion, deletion, substitution or transposition apart, and often at two.
"""

import threading
import time

from . import state
from .models import Term

MIN_WORD = 4
RELOAD_SECONDS = 300


def _deletes(word):
    return {word[:i] + word[i + 1 :] for i in range(len(word))}


def damerau_levenshtein(a, b, limit=2):
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    previous2, previous = None, list(range(len(b) + 1))
    for i in range(1, len(a) + 1):
        current = [i] + [0] * len(b)
        for j in range(1, len(b) + 1):
            cost = 0 if a[i - 1] == b[j - 1] else 1
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                current[j] = min(current[j], previous2[j - 2] + 1)
        previous2, previous = previous, current
        if min(previous) > limit:
            return limit + 1
    return previous[-1]


class Speller:
    def __init__(self, frequencies):
        self.frequencies = {}
        self.index = {}
        self.indexed = set()
        self.update(frequencies)

    def update(self, frequencies):
        """Take new document frequencies. Words no longer in the index (df 0) stop being
        suggested at once; words not seen before are added to the lookup, the rest is kept."""
        for word in frequencies.keys() - self.indexed:
            self.indexed.add(word)
            if len(word) >= MIN_WORD:
                for key in _deletes(word) | {word}:
                    self.index.setdefault(key, []).append(word)
        self.frequencies = frequencies

    def known(self, word):
        return word in self.frequencies

    def correct_word(self, word):
        """The most frequent dictionary word closest to `word`, or None."""
        if len(word) < MIN_WORD or word.isdigit() or self.known(word):
            return None
        candidates = set()
        for key in _deletes(word) | {word}:
            candidates.update(self.index.get(key, ()))
        limit = 1 if len(word) <= 5 else 2
        best = None
        for candidate in candidates:
            if candidate not in self.frequencies:
                continue  # its pages were unpublished since the lookup was built
            distance = damerau_levenshtein(word, candidate, limit)
            if distance <= limit:
                rank = (distance, -self.frequencies[candidate], candidate)
                best = min(best, rank) if best else rank
        return best[2] if best else None


_lock = threading.Lock()
_cache = {"key": None, "loaded": 0.0, "speller": None}


def speller():
    index_key = state.current().index_key
    epoch = index_key[0]
    with _lock:
        stale = _cache["speller"] is None or (
            _cache["key"] != index_key
            and (
                _cache["key"] is None
                or _cache["key"][0] != epoch
                or time.monotonic() - _cache["loaded"] > RELOAD_SECONDS
            )
        )
        if stale:
            frequencies = dict(Term.objects.filter(df__gt=0).values_list("term", "df"))
            _cache.update(key=index_key, loaded=time.monotonic(), speller=Speller(frequencies))
        elif _cache["key"] != index_key:
            # The index changed since the last full build: rebuilding the lookup is costly
            # (seconds for a large vocabulary), but the frequencies are one query, and they
            # are enough never to suggest a word of an unpublished page and to know new ones.
            _cache["speller"].update(dict(Term.objects.filter(df__gt=0).values_list("term", "df")))
            _cache["key"] = index_key
        return _cache["speller"]


def reset():
    """Forget the speller: the next search builds it from the database."""
    with _lock:
        _cache.update(key=None, loaded=0.0, speller=None)
