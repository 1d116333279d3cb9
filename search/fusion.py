"""One ranking from the lexical and the semantic legs: weighted reciprocal-rank fusion.

RRF (Cormack et al., 2009) adds, for each leg a document appears in, weight / (K + rank):
it needs no calibration between bm25, ts_rank and cosine, which differ by engine. The
weights follow what each leg is good at, measured per query kind (docs/search.md):

* Indonesian queries: lexical 2, semantic 1. Exact titles, acronyms and dictionary
  synonyms are the lexical leg's; the semantic leg lifts documents that say the same thing
  in other words. A document first in both legs stays first.
* English queries (search.lexicon.query_language) over a mostly Indonesian collection:
  semantic 2, and lexical up to 2 by how far its words crossed the language gap. Its best
  matches in Indonesian records came through the dictionary's English terms ("school
  dropouts", "electronic ID card") and are worth as much as the meaning; matches in the
  few English records only are a ranking of a tenth of the collection, and say little
  about the rest. On the second judged set this took English from 0.66 to 0.80 and
  changed no other kind.
* No lexical match at all: the semantic leg alone.
* The lexical weight follows the lexical leg's confidence (`confidence`): the share of the
  query's information that its best match holds, each concept weighted by its inverse
  document frequency, squared. A best match holding every rare word of the query keeps
  the full weight; one holding a few words of a long question ("bagaimana warga bisa ikut
  melaporkan banjir ...": the majority rule lets partial matches in), or only the words of
  an English query that a few English records share, counts for less, and the meaning
  decides more. On the three judged sets (docs/search.md) this raised questions and
  English and lowered no set.

Which semantic neighbours count as results (for totals and facets): those within
SEMANTIC_MARGIN of the best one, at most SEMANTIC_LIMIT. On the judged queries 95% of
the relevant neighbours lie within 0.043 of the best cosine, and half the irrelevant ones
farther than 0.042 (multilingual-e5-small).
"""

import math

RRF_K = 60
INDONESIAN_WEIGHTS = (2.0, 1.0)  # (lexical, semantic)
ENGLISH_WEIGHTS = (2.0, 2.0)  # the lexical weight scaled by its cross-language share
COLLECTION_LANGUAGE = "id"
# How many of the lexical leg's best matches tell its reach across languages.
REACH_SAMPLE = 10
SEMANTIC_MARGIN = 0.05
SEMANTIC_LIMIT = 30
# Confidence is the best match's share of the query's information to this power: at 1
# the weight hardly moves (a best match usually holds most of the rare words); squared,
# a match holding half of it counts a quarter.
CONFIDENCE_POWER = 2
# How deep each leg is read for fusion: below this, pages of 10 would shift as one
# paged through.
FUSION_DEPTH = 50


def semantic_matches(neighbours):
    """The neighbours [(page_id, cosine)] close enough to the best to count as results."""
    if not neighbours:
        return []
    floor = neighbours[0][1] - SEMANTIC_MARGIN
    return [(page_id, score) for page_id, score in neighbours[:SEMANTIC_LIMIT] if score >= floor]


def confidence(matched, document_counts, size):
    """How far the lexical leg's best match answers the query, 0-1: the share of the
    query's concepts it holds, each weighted by its inverse document frequency
    log(1 + size / documents), to CONFIDENCE_POWER.

    matched: indices of the concepts the best match holds; document_counts: how many
    documents of the collection (size of them) each concept matches, None for a concept
    not counted (one the best match's language cannot hold). Unknown counts (an engine
    that did not say) give full confidence, as before this existed."""
    if not document_counts or not size or matched is None:
        return 1.0
    information = [
        0.0 if count is None else math.log(1 + size / max(count, 1)) for count in document_counts
    ]
    total = sum(information)
    if not total:
        return 1.0
    held = sum(value for i, value in enumerate(information) if i in matched)
    return (held / total) ** CONFIDENCE_POWER


def weights(language, lexical_languages, lexical_confidence=1.0):
    """(lexical, semantic) weights for a query in `language` whose lexical leg's best
    matches are in `lexical_languages` (best first), its best match holding
    `lexical_confidence` of the query (see confidence)."""
    if not lexical_languages:
        return (0.0, 1.0)
    if language == COLLECTION_LANGUAGE:
        lexical, semantic = INDONESIAN_WEIGHTS
        return (lexical * lexical_confidence, semantic)
    sample = lexical_languages[:REACH_SAMPLE]
    crossed = sum(1 for other in sample if other != language) / len(sample)
    lexical, semantic = ENGLISH_WEIGHTS
    return (lexical * crossed * lexical_confidence, semantic)


def fuse(lexical, semantic, leg_weights):
    """[(page_id, fused score)] best first, from two rankings of page ids (best first).
    Ties keep the lexical leg's order, then the page id."""
    scores, first_seen = {}, {}
    for ranking, weight in zip((lexical, semantic), leg_weights, strict=True):
        if not weight:
            continue
        for rank, page_id in enumerate(ranking):
            scores[page_id] = scores.get(page_id, 0.0) + weight / (RRF_K + rank + 1)
            first_seen.setdefault(page_id, len(first_seen))
    return sorted(scores.items(), key=lambda item: (-item[1], first_seen[item[0]]))
