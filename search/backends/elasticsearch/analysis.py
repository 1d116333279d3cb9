"""The index's analyzers: text is cut, folded and filtered exactly as the database engines
do it (search.analysis), so that a word is the same word on every engine. Pure functions.

* Folding and tokens. The database engines decompose (NFKD), drop combining marks,
  lowercase, and keep runs of [0-9a-z]: "lapor.go.id" is lapor / go / id, "4.0" is 4 / 0,
  "data_warga" is data / warga, "Sámpah" is sampah. Here a `mapping` char filter replaces
  every character those steps change into letters or digits (derived from
  search.analysis.normalize itself, so the two cannot drift), and a `pattern` tokenizer
  splits on everything that is not an ASCII letter or digit. Elasticsearch's `standard`
  tokenizer would keep "lapor.go.id", "4.0" and "data_warga" whole.
* Stop words. The project's own lists (search/data/stopwords_*.txt), inline: Lucene's
  `_indonesian_` list differs (it drops "dini", "mampu", "kecil", "banyak" ...). Documents
  drop their language's list; queries drop both, as search.analysis.query_groups does.
* Synonyms, at search time only, come *after* the stop filter: a stop filter after
  `synonym_graph` corrupts the token graph (elastic/elasticsearch#28838; "lalu lintas" found
  only "lalin"). Rule terms are therefore sent tokenised and without stop words
  (synonym_rules), and queries set `auto_generate_synonyms_phrase_query: false`.
* Stems come from Lucene's Indonesian stemmer and Porter: they differ from
  search/stemming.py, but documents and queries of this engine meet through the same one
  (tests/elasticsearch/test_lucene_analysis.py reports how often the two disagree).
"""

import functools
import itertools
import unicodedata

from ...analysis import TOKEN_RE, all_stopwords, key_form, normalize, stopwords, tokenize
from ...synonyms import build_table

FOLDING = "jipp_folding"
TOKENIZER = "jipp_tokens"
TOKEN_SPLIT = "[^0-9A-Za-z]+"  # the complement of search.analysis.TOKEN_RE (before lowercasing)
SYNONYMS = "jipp_synonyms"
FIRST_NON_ASCII = 0x80
SURROGATES = range(0xD800, 0xE000)


def _changes(char):
    return unicodedata.decomposition(char) or unicodedata.combining(char) or char.lower() != char


def _escape(text):
    # Elasticsearch's mapping syntax reads \uXXXX; the rule stays ASCII, and trimming or
    # "=>" inside a character can never break it. Astral characters become surrogate pairs.
    escaped = []
    for unit in text.encode("utf-16-be").hex(" ", 2).split():
        char = chr(int(unit, 16))
        escaped.append(char if char.isascii() and char.isalnum() else f"\\u{unit}")
    return "".join(escaped)


@functools.cache
def folding_rules():
    """`mapping` char filter rules: each character the database engines' normalize() turns
    into letters or digits, or removes (combining marks), with what it becomes. Characters
    it turns into neither are separators on both sides and need no rule."""
    rules = []
    codes = itertools.chain(
        range(FIRST_NON_ASCII, SURROGATES.start), range(SURROGATES.stop, 0x110000)
    )
    for code in codes:
        char = chr(code)
        if not _changes(char):
            continue
        folded = normalize(char)
        if folded != char and (not folded or TOKEN_RE.search(folded)):
            rules.append(f"{_escape(char)} => {_escape(folded)}")
    return tuple(rules)


def _custom(filters):
    return {
        "type": "custom",
        "char_filter": [FOLDING],
        "tokenizer": TOKENIZER,
        "filter": ["lowercase", *filters],
    }


def analysis_settings(synonyms_set):
    return {
        "char_filter": {FOLDING: {"type": "mapping", "mappings": list(folding_rules())}},
        "tokenizer": {TOKENIZER: {"type": "pattern", "pattern": TOKEN_SPLIT}},
        "filter": {
            "jipp_indonesian_stop": {"type": "stop", "stopwords": sorted(stopwords("id"))},
            "jipp_english_stop": {"type": "stop", "stopwords": sorted(stopwords("en"))},
            "jipp_query_stop": {"type": "stop", "stopwords": sorted(all_stopwords())},
            "jipp_indonesian_stemmer": {"type": "stemmer", "language": "indonesian"},
            "jipp_english_stemmer": {"type": "stemmer", "language": "english"},
            SYNONYMS: {
                "type": "synonym_graph",
                "synonyms_set": synonyms_set,
                "updateable": True,
                "lenient": True,
            },
        },
        "analyzer": {
            "jipp_indonesian": _custom(["jipp_indonesian_stop", "jipp_indonesian_stemmer"]),
            "jipp_indonesian_search": _custom(
                ["jipp_query_stop", SYNONYMS, "jipp_indonesian_stemmer"]
            ),
            "jipp_english": _custom(["jipp_english_stop", "jipp_english_stemmer"]),
            "jipp_english_search": _custom(["jipp_query_stop", SYNONYMS, "jipp_english_stemmer"]),
            # Surface words, for fuzzy matching: no stop words, no stems.
            "jipp_words": _custom([]),
        },
    }


def synonym_rules(entries):
    """[(pk, [terms])] -> the rules of the synonyms set, one explicit mapping per term:
    the term, as the search analyzers see it in front of the synonym filter (tokens, no stop
    words), => every alternative the database engines search for it (search.synonyms'
    table, which also joins the entries whose terms share a stem: "izin" and "perizinan").
    A term of stop words only can never match and is left out."""
    entries = [(pk, list(terms)) for pk, terms in entries]
    table = build_table(terms for _, terms in entries)
    stop = all_stopwords()
    expansions, ids = {}, {}
    for pk, terms in entries:
        for number, phrase in enumerate(dict.fromkeys(tuple(tokenize(t)) for t in terms)):
            source = _content(phrase, stop)
            if not source:
                continue
            key = tuple(key_form(token) for token in phrase)
            found = [source, *(_content(other, stop) for other in table.get(key, []))]
            expansion = expansions.setdefault(source, [])
            expansion.extend(a for a in found if a and a not in expansion)
            ids.setdefault(source, f"synonym-{pk}-{number}")
    return [
        {"id": ids[source], "synonyms": f"{' '.join(source)} => {_phrases(expansion)}"}
        for source, expansion in expansions.items()
        if len(expansion) >= 2
    ]


def _content(tokens, stop):
    return tuple(token for token in tokens if token not in stop)


def _phrases(alternatives):
    return ", ".join(" ".join(words) for words in alternatives)
