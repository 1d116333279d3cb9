"""Places named in a query: "layanan kesehatan di Jateng", "perlindungan anak di Kalimantan".

The names come from the content's reference data (search.sources: provinces with their
short forms, kabupaten/kota, island groups); nothing here lists a place. A place is read as
the query's scope only when the query says so, after a word like "di" or "wilayah"
("stunting di Jawa Barat"); a bare place name ("SIKAP HANDEP Kotim", "bank sampah
Pontianak") stays a word of the text, which the documents' place names match anyway.
"""

import threading
import time
from dataclasses import dataclass

from .analysis import all_stopwords, tokenize
from .sources import get_source

__all__ = ["LEVEL_MARKERS", "Place", "PlaceMention", "gazetteer"]

# Words that make the place after them the query's scope (Indonesian and English).
SCOPE_MARKERS = frozenset(
    [
        "di",
        "se",
        "wilayah",
        "kawasan",
        "daerah",
        "seluruh",
        "sepanjang",
        "pulau",
        "provinsi",
        "kabupaten",
        "kab",
        "kota",
        "in",
        "across",
        "within",
        "throughout",
    ]
)
# ... and the level of government after them ("inovasi kementerian", "tingkat kabupaten").
LEVEL_MARKERS = frozenset(["inovasi", "tingkat", "level"])
RELOAD_SECONDS = 300


@dataclass(frozen=True)
class Place:
    """A named area, as a filter: `facet` ("province" or "regency") and its `values`."""

    label: str
    facet: str
    values: tuple
    names: tuple  # every way of writing it: "Jawa Tengah", "Jateng"
    breadth: int  # 3 island group, 2 province, 1 kabupaten/kota: the wider reading wins
    markers: frozenset = SCOPE_MARKERS  # the words after which its name is a scope


@dataclass(frozen=True)
class PlaceMention:
    place: Place
    start: int  # token span of the query, the scope marker included
    end: int
    text: str  # as typed: "di Jateng"


class Gazetteer:
    def __init__(self, places):
        self.by_tokens = {}
        for place in places:
            for name in place.names:
                key = tuple(tokenize(name))
                found = self.by_tokens.setdefault(key, []) if key else None
                if found is not None and place not in found:
                    found.append(place)
        # Where one name stands for several places ("Bandung": the kota and the
        # kabupaten; "Papua": the island group and the province), the widest reading
        # is kept, with every place of that breadth.
        for key, found in self.by_tokens.items():
            widest = max(p.breadth for p in found)
            self.by_tokens[key] = [p for p in found if p.breadth == widest]
        self.longest = max((len(k) for k in self.by_tokens), default=0)

    def scoped_mentions(self, tokens):
        """Places the query names as its scope: after a scope marker, longest names first."""
        mentions, i = [], 0
        while i < len(tokens):
            found = self._scoped_at(tokens, i)
            mentions += found
            i = found[0].end if found else i + 1
        return mentions

    def _scoped_at(self, tokens, i):
        """A name that begins with the marker itself ("kota bandung", "pulau jawa"), or
        one right after a marker of its kind ("di Jateng", "inovasi kementerian")."""
        match = self._match_at(tokens, i)
        if match and tokens[i] in SCOPE_MARKERS and match[1] - i > 1:
            return self._mentions(tokens, match)
        match = self._match_at(tokens, i + 1)
        if match:
            places = [p for p in match[2] if tokens[i] in p.markers]
            if places and (tokens[i] not in LEVEL_MARKERS or _phrase_ends(tokens, match[1])):
                return self._mentions(tokens, (i, match[1], places))
        return []

    @staticmethod
    def _mentions(tokens, match):
        start, end, places = match
        return [PlaceMention(p, start, end, " ".join(tokens[start:end])) for p in places]

    def mentions_at(self, tokens, start):
        """The places whose name starts at this token, with no scope marker before it."""
        found = self._match_at(tokens, start)
        return self._mentions(tokens, found) if found else []

    def _match_at(self, tokens, start):
        for size in range(min(self.longest, len(tokens) - start), 0, -1):
            places = self.by_tokens.get(tuple(tokens[start : start + size]))
            if places:
                return start, start + size, places
        return None


def _phrase_ends(tokens, end):
    """Whether the noun phrase ends here: "inovasi kota yang ..." names a level, "inovasi
    kota layak anak" a program (an Indonesian modifier follows its noun)."""
    return end == len(tokens) or tokens[end] in all_stopwords() | SCOPE_MARKERS


_lock = threading.Lock()
_cache = {"gazetteer": None, "loaded": 0.0}


def gazetteer():
    with _lock:
        if _cache["gazetteer"] is None or time.monotonic() - _cache["loaded"] > RELOAD_SECONDS:
            _cache["gazetteer"] = Gazetteer(get_source().places())
            _cache["loaded"] = time.monotonic()
        return _cache["gazetteer"]


def reset():
    with _lock:
        _cache.update(gazetteer=None, loaded=0.0)
