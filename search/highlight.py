"""Snippets: the best passage of the part that matched, with the matched words marked."""

import functools
import re

from django.utils.html import escape

from .analysis import query_stems, stem, tokenize_with_offsets
from .schema import SNIPPET_PARTS

SNIPPET_LENGTH = 220
SENTENCE_END = re.compile(r"(?<=[.!?])\s+")


def query_stem_set(groups):
    stems = set()
    for group in groups:
        stems |= group.all_stems()
    return stems


def snippet(texts, stems, language="id"):
    """HTML: the best passage, escaped, with <mark> around words whose stem the query
    asked for (the database engines' matching)."""
    probes = _probes(stems)
    candidates = _candidate_words(probes)

    def marker(part, text):
        if not _may_match(text, probes):
            return None
        return lambda passage: _matches(passage, stems, language, candidates)

    return best_snippet(texts, marker)


def marked_snippet(texts, marked_words, language="id"):
    """The same, where the engine said which words matched: `marked_words` maps a text
    part to the surface words it marked there (Elasticsearch's highlighter)."""

    def marker(part, text):
        words = marked_words.get(part)
        if not words:
            return None
        return lambda passage: [
            (start, end, stem(token, language))
            for token, start, end in tokenize_with_offsets(passage)
            if token in words
        ]

    return best_snippet(texts, marker)


def best_snippet(texts, marker):
    """HTML: the passage with the most distinct marked words (then the most marks, then the
    preferred part, search.schema.SNIPPET_PARTS), or the tagline when nothing matched.

    `marker(part, text)` returns None to skip a part, or a function passage -> [(start,
    end, key)] of the passage's marks."""
    best = None
    for order, part in enumerate(SNIPPET_PARTS):
        text = texts.get(part) or ""
        mark = marker(part, text) if text else None
        if mark is None:
            continue
        for passage in _passages(text):
            marks = mark(passage)
            score = (len({m[2] for m in marks}), len(marks), -order)
            if marks and (best is None or score > best[0]):
                best = (score, passage, marks)
    if best is None:
        fallback = texts.get("tagline") or texts.get("summary") or ""
        return escape(_trim(fallback))
    _, passage, marks = best
    return _render(passage, marks)


def _probes(stems):
    # A stem, or the stem without its first letter (menyapu -> sapu, penanganan -> tangan),
    # appears inside any word that stems to it: a C-speed test before tokenising a field.
    return {s if len(s) < 4 else s[1:] for s in stems}


def _may_match(text, probes):
    lowered = text.lower()
    return any(probe in lowered for probe in probes)


def _passages(text):
    sentences = SENTENCE_END.split(text)
    passage = ""
    for sentence in sentences:
        if passage and len(passage) + len(sentence) > SNIPPET_LENGTH:
            yield passage
            passage = ""
        passage = f"{passage} {sentence}".strip()
    if passage:
        yield passage


@functools.lru_cache(maxsize=256)
def _candidate_words_cached(probes):
    alternatives = "|".join(re.escape(p) for p in sorted(probes, key=len, reverse=True))
    return re.compile(rf"(?<![0-9a-z])[0-9a-z]*(?:{alternatives})[0-9a-z]*")


def _candidate_words(probes):
    """A pattern for the lowercased words that hold a probe: the only words that can stem
    to a query stem, found at C speed, so that only they are stemmed."""
    return _candidate_words_cached(frozenset(probes)) if probes else None


def _words(passage, candidates):
    if candidates is None or not passage.isascii():
        return tokenize_with_offsets(passage)
    # ASCII: lowercasing keeps offsets, and the pattern's words are the tokenizer's.
    return ((m.group(), m.start(), m.end()) for m in candidates.finditer(passage.lower()))


def _matches(passage, stems, language, candidates=None):
    found = []
    for token, start, end in _words(passage, candidates):
        hit = _forms(token, language) & stems
        if hit:
            found.append((start, end, min(hit)))
    return found


@functools.lru_cache(maxsize=100_000)
def _forms(token, language):
    return frozenset({stem(token, language)} | query_stems(token))


def _render(passage, marks):
    if len(passage) > SNIPPET_LENGTH:
        first = marks[0][0]
        start = max(0, min(first - 40, len(passage) - SNIPPET_LENGTH))
    else:
        start = 0
    end = start + SNIPPET_LENGTH
    out, cursor = [], start
    for m_start, m_end, _ in marks:
        if m_start < start or m_end > end:
            continue
        out.append(escape(passage[cursor:m_start]))
        out.append(f"<mark>{escape(passage[m_start:m_end])}</mark>")
        cursor = m_end
    out.append(escape(passage[cursor:end]))
    prefix = "… " if start > 0 else ""
    suffix = " …" if end < len(passage) else ""
    return prefix + "".join(out).strip() + suffix


def _trim(text):
    if len(text) <= SNIPPET_LENGTH:
        return text
    return text[:SNIPPET_LENGTH].rsplit(" ", 1)[0] + " …"
