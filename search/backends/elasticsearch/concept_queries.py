"""The concept clauses of a search: one multi_match per concept over the weighted fields,
exact or fuzzy, and the minimum that a document must match (see queries.py for the whole
request body). Pure functions, pinned by the contract tests through the bodies.

The minimum follows search.matching, as on the database engines: the common-words rule
(common concepts rank but do not count) and the words a record's language can hold (a
record in another language than the query's needs a majority of the concepts that cross
into it), from the concepts' counts per language (concept_aggregation).
"""

from ...analysis import minimum_should_match
from ...matching import Matching
from ...schema import PART_WEIGHTS
from .mappings import LANGUAGES

TIE_BREAKER = 0.3

# Fuzzy matching, with the distances of the database engines' speller (search/spelling.py):
# words shorter than 4 letters exact, one edit for 4-5 letters, two from 6 (AUTO:low,high,
# https://www.elastic.co/docs/reference/elasticsearch/rest-apis/common-options#fuzziness).
# The first letter is kept (prefix_length 1, as the did-you-mean generators), and a word
# expands to at most 20 index terms per field.
FUZZINESS = "AUTO:4,6"
FUZZY_PREFIX_LENGTH = 1
FUZZY_MAX_EXPANSIONS = 20
FUZZY_MIN_LENGTH = 4
EXACT_BOOST = 1.0
FUZZY_BOOST = 0.05  # below 1/10 (title vs body weight): an exact hit in any field wins


def _boosted(field, weight):
    if weight == 1:
        return field
    return f"{field}^{weight:g}"


def text_fields():
    """Every searched field with its weight, both languages."""
    return [
        _boosted(f"text_{language}.{name}", weight)
        for name, weight in PART_WEIGHTS.items()
        for language in LANGUAGES
    ]


def concept_query(text, name=None):
    """One concept (a word, or a multi-word synonym) matched in any one weighted field.

    best_fields scores a concept by its best field (plus a share of the others), like the
    database engines' weighted columns; operator "and" keeps a multi-word concept whole.
    """
    query = {
        "query": text,
        "type": "best_fields",
        "fields": text_fields(),
        "operator": "and",
        "tie_breaker": TIE_BREAKER,
        "auto_generate_synonyms_phrase_query": False,
    }
    if name:
        query["_name"] = name
    return {"multi_match": query}


def can_be_fuzzy(text):
    """Whether a concept may be matched fuzzily: one word of at least 4 letters, not a
    number (the database speller corrects exactly these)."""
    words = text.split()
    return len(words) == 1 and len(text) >= FUZZY_MIN_LENGTH and not text.isdigit()


def _fuzzy(query):
    return {
        **query,
        "fuzziness": FUZZINESS,
        "prefix_length": FUZZY_PREFIX_LENGTH,
        "max_expansions": FUZZY_MAX_EXPANSIONS,
    }


def fuzzy_concept_query(text, name=None):
    """One concept, exact or with a typo: the best of

    * the exact concept_query (boost 1): documents with the word (or its stem) score as
      they do without fuzziness, and
    * a fuzzy multi_match over the same weighted fields, at FUZZY_BOOST, restricted to
      documents that have a *surface* word that close to the typed one (a fuzzy match on
      did_you_mean, the unstemmed words of the texts, which is the speller's dictionary).
      Stems alone are too lenient: "pesawat" stems to "sawat", one edit from "sawah".

    dis_max takes the better of the two, so an exact match is never outscored by its own
    fuzzy variants. Fuzziness is not applied to synonym terms (Elasticsearch builds a
    synonym query for them; see the match query's notes), which is why concepts from the
    synonym dictionary are not given this clause at all.
    """
    exact = concept_query(text)
    exact["multi_match"]["boost"] = EXACT_BOOST
    fuzzy = {
        "bool": {
            "must": [{"multi_match": _fuzzy(concept_query(text)["multi_match"])}],
            "filter": [{"match": {"did_you_mean": _fuzzy({"query": text})}}],
            "boost": FUZZY_BOOST,
        }
    }
    query = {"queries": [exact, fuzzy]}
    if name:
        query["_name"] = name
    return {"dis_max": query}


def text_query(concepts, named=True, fuzzy=(), matching=None, language=None):
    """Documents matching enough of the concepts; each clause named c0, c1 ... so a hit
    says which concepts it matched. Concepts whose index is in `fuzzy` may have typos.

    matching: a search.matching.Matching (None: a majority of all the concepts, for
    every record); language: the query's, whose records the `crossing` rule spares."""
    if not concepts:
        return {"match_all": {}}
    clauses = []
    for i, text in enumerate(concepts):
        build = fuzzy_concept_query if i in fuzzy else concept_query
        clauses.append(build(text, f"c{i}" if named else None))
    if matching is None or matching.is_plain(len(concepts)):
        return {
            "bool": {
                "should": clauses,
                "minimum_should_match": minimum_should_match(len(concepts)),
            }
        }
    if matching.crossing is None or language is None:
        return _requiring(clauses, matching.deciding)
    # Two branches, one per side of the language line; a record is in exactly one, so its
    # score is that branch's: the sum of the concepts it matched, as without branches.
    own, other = _requiring(clauses, matching.deciding), _requiring(clauses, matching.crossing)
    own["bool"]["filter"] = [{"term": {"language": language}}]
    other["bool"]["must_not"] = [{"term": {"language": language}}]
    return {"bool": {"should": [own, other], "minimum_should_match": 1}}


def _requiring(clauses, indices):
    """A majority (Matching.minimum) of the clauses at `indices` required, the others
    optional: they add to the score of a document that has them, as in one flat bool."""
    required = {
        "bool": {
            "should": [clauses[i] for i in indices],
            "minimum_should_match": Matching.minimum(indices),
        }
    }
    query = {"must": [required]}
    optional = [clause for i, clause in enumerate(clauses) if i not in indices]
    if optional:
        query["should"] = optional
    return {"bool": query}


def concept_aggregation(concepts, matching=None, language=None):
    """How many documents each concept, and the whole query, match in the entire index
    (before any facet selection), and in each language: a concept found nowhere is most
    likely a typo, a common one does not decide (search.matching), and one that no record
    of a language holds cannot be asked of those records."""
    buckets = {f"c{i}": concept_query(c) for i, c in enumerate(concepts)}
    buckets["query"] = text_query(concepts, named=False, matching=matching, language=language)
    languages = {"terms": {"field": "language", "size": len(LANGUAGES)}}
    return {
        "global": {},
        "aggs": {"matches": {"filters": {"filters": buckets}, "aggs": {"languages": languages}}},
    }


def fuzzy_concepts(groups, counts):
    """Indices of the concepts to match fuzzily: those the index has nowhere, if they are
    single words the speller would correct (not numbers, not shorter than 4 letters) and
    not from the synonym dictionary (a word the coordinators listed is no typo)."""
    return [
        i
        for i, (group, count) in enumerate(zip(groups, counts, strict=True))
        if count == 0 and len(group.alternatives) == 1 and can_be_fuzzy(group.source)
    ]
