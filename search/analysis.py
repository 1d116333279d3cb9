"""Text analysis shared by every backend: tokens, stopwords, stems and query groups.

Documents are analysed here, in Python, before they reach an engine, so SQLite FTS5 and
PostgreSQL see the same stems and behave the same. Elasticsearch analyses with its own
built-in language analyzers.
"""

import functools
import re
import sys
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from .schema import SHOWN_PARTS
from .stemming import stem_english, stem_indonesian

DATA_DIR = Path(__file__).resolve().parent / "data"
TOKEN_RE = re.compile(r"[0-9a-z]+")
MAX_QUERY_TERMS = 12


def normalize(text):
    """Lowercase, strip accents, keep letters and digits."""
    if text.isascii():
        return text.lower()
    text = unicodedata.normalize("NFKD", text)
    if not text.isascii():
        # Removing the accents split off by NFKD, in C: a test per character in Python
        # was a tenth of an import's time (a long text with one curly quote or dash goes
        # this way whole).
        text = text.translate(_combining_marks())
    return text.lower()


@functools.cache
def _combining_marks():
    """A str.translate table that deletes every combining character (0.1 s, once)."""
    return dict.fromkeys(
        point for point in range(sys.maxunicode + 1) if unicodedata.combining(chr(point))
    )


def tokenize(text):
    return TOKEN_RE.findall(normalize(text))


def tokenize_with_offsets(text):
    """(token, start, end) in the original text, for highlighting."""
    if text.isascii():
        # lower() keeps ASCII offsets, so one pass is enough.
        for match in TOKEN_RE.finditer(text.lower()):
            yield match.group(), match.start(), match.end()
        return
    # NFKD can change lengths; normalise word by word to keep offsets.
    for match in re.finditer(r"[^\W_]+", text):
        token = normalize(match.group())
        token = "".join(TOKEN_RE.findall(token))
        if token:
            yield token, match.start(), match.end()


@functools.cache
def stopwords(language):
    path = DATA_DIR / f"stopwords_{language}.txt"
    if not path.exists():
        return frozenset()
    words = path.read_text(encoding="utf-8").split()
    return frozenset(w.strip().lower() for w in words if w.strip())


def all_stopwords():
    return stopwords("id") | stopwords("en")


@functools.cache
def abbreviations():
    """{"jln": ("jalan",), ...}: informal written abbreviations (data/abbreviations_id.txt)."""
    table = {}
    for line in (DATA_DIR / "abbreviations_id.txt").read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            short, _, long = line.partition("=")
            table[short.strip()] = tuple(tokenize(long))
    return table


def expand_abbreviations(tokens, synonyms=None):
    """Tokens with informal abbreviations written out ("jln" -> "jalan"), unless the
    synonym dictionary knows the word as it is (an acronym such as LBH)."""
    table = abbreviations()
    expanded = []
    for token in tokens:
        long = table.get(token)
        if long and not (synonyms and (key_form(token),) in synonyms):
            expanded.extend(long)
        else:
            expanded.append(token)
    return expanded


STEMMERS = {"id": stem_indonesian, "en": stem_english}


def stem(token, language):
    return STEMMERS.get(language, stem_indonesian)(token)


_STEM_CACHES = {}
STEM_CACHE_LIMIT = 500_000


def analyze(text, language="id"):
    """Document analysis: tokens minus stopwords, stemmed for the record's language."""
    stop = stopwords(language)
    stemmer = STEMMERS.get(language, stem_indonesian)
    # A plain dict in front of the stemmer: indexing calls this for every word of every
    # document, and a dict lookup is several times cheaper than a cached function call.
    cache = _STEM_CACHES.setdefault(language, {})
    if len(cache) > STEM_CACHE_LIMIT:
        cache.clear()
    stems = []
    for token in tokenize(text):
        if token in stop:
            continue
        stemmed = cache.get(token)
        if stemmed is None:
            stemmed = cache[token] = stemmer(token)
        stems.append(stemmed)
    return stems


def vocabulary(texts):
    """Distinct surface words of a document's shown texts: the spelling dictionary's entries."""
    words = set()
    for part in SHOWN_PARTS:
        text = texts.get(part)
        if text:
            words.update(tokenize(text))
    return {w for w in words if 3 <= len(w) <= 40 and not w.isdigit()}


def query_stems(token):
    """A query word may be Indonesian or English: both stems are alternatives."""
    return {stem_indonesian(token), stem_english(token)}


def key_form(token):
    """One canonical form per word, for looking phrases up in the synonym table:
    dropouts/dropout and kelahiran/lahir meet here."""
    return stem_english(stem_indonesian(token))


@dataclass(frozen=True)
class Group:
    """One query concept: matched when any alternative matches.

    Each alternative is a tuple of words, each word a set of stems (any may match); a
    multi-word alternative ("ibu hamil") matches documents that contain all its words.
    """

    source: str
    alternatives: tuple  # tuple[tuple[frozenset[str], ...], ...]

    def all_stems(self):
        return {s for alt in self.alternatives for position in alt for s in position}


def phrase(tokens):
    return tuple(frozenset(query_stems(t)) for t in tokens)


def query_groups(text, synonyms=None):
    """Turn a user's query into groups, expanding synonyms and dropping stopwords.

    `synonyms` maps a tuple of key forms (see key_form) to equivalent token tuples.
    """
    tokens = expand_abbreviations(tokenize(text)[: MAX_QUERY_TERMS * 3], synonyms)
    keys = [key_form(t) for t in tokens]
    stop = all_stopwords()
    groups = []
    i = 0
    # The synonym table knows its longest key; a plain dict (tests) is measured here.
    longest = getattr(synonyms, "longest", None) if synonyms else 0
    if longest is None:
        longest = max((len(k) for k in synonyms), default=0)
    while i < len(tokens) and len(groups) < MAX_QUERY_TERMS:
        matched = None
        for size in range(min(longest, len(tokens) - i), 0, -1):
            key = tuple(keys[i : i + size])
            if synonyms and key in synonyms:
                matched = (key, tokens[i : i + size])
                break
        if matched:
            key, words = matched
            alternatives = {content_phrase(words, stop)}
            for equivalent in synonyms[key]:
                alternatives.add(content_phrase(equivalent, stop))
            groups.append(Group(" ".join(words), tuple(sorted(alternatives, key=len))))
            i += len(words)
            continue
        token = tokens[i]
        i += 1
        if token in stop:
            continue
        groups.append(Group(token, (phrase([token]),)))
    if not groups and tokens:
        # A query of stopwords only ("dan") still searches for what was typed.
        groups = [Group(t, (phrase([t]),)) for t in tokens[:MAX_QUERY_TERMS]]
    return groups


def content_phrase(tokens, stop):
    """An expression as a query alternative: its words' stems, stopwords left out."""
    return phrase(_content_words(tokens, stop))


def _content_words(tokens, stop):
    # Documents are indexed without stopwords, so phrases must drop them too.
    return [t for t in tokens if t not in stop] or list(tokens)


def minimum_should_match(group_count):
    """How many query concepts a document must match.

    Short queries are precise (every word counts); long, question-like queries carry
    filler, so a majority is enough.
    """
    if group_count <= 2:
        return min(group_count, 1)
    return (group_count + 1) // 2
