"""How the two legs are weighed (search.fusion): the lexical leg's weight follows how much
of the query its best match holds, each word counted by how rare it is."""

import pytest

from search import fusion

# A query of three concepts over 150 documents: two rare (3 and 5 documents), one common
# (100 documents, "layanan").
COUNTS = [3, 5, 100]
SIZE = 150


def test_a_best_match_holding_every_word_keeps_the_full_weight():
    assert fusion.confidence({0, 1, 2}, COUNTS, SIZE) == pytest.approx(1.0)
    assert fusion.weights("id", ["id"], 1.0) == fusion.INDONESIAN_WEIGHTS


def test_a_best_match_holding_only_the_common_word_counts_little():
    common_only = fusion.confidence({2}, COUNTS, SIZE)
    rare_only = fusion.confidence({0}, COUNTS, SIZE)
    assert common_only < 0.05 < rare_only < 0.5
    lexical, semantic = fusion.weights("id", ["id"], common_only)
    assert lexical < 0.1 and semantic == fusion.INDONESIAN_WEIGHTS[1]


def test_a_partial_match_gives_way_to_a_document_found_by_meaning():
    # Document 1 holds only the common word; document 9 is the semantic leg's first.
    partial = fusion.weights("id", ["id"], fusion.confidence({2}, COUNTS, SIZE))
    assert fusion.fuse([1], [9], partial)[0][0] == 9
    # Holding the rare words, the words still win, as before.
    whole = fusion.weights("id", ["id"], fusion.confidence({0, 1, 2}, COUNTS, SIZE))
    assert fusion.fuse([1], [9], whole)[0][0] == 1


def test_english_weights_multiply_the_crossed_share_by_the_confidence():
    lexical, semantic = fusion.weights("en", ["id", "en"], 0.5)
    assert (lexical, semantic) == (fusion.ENGLISH_WEIGHTS[0] * 0.5 * 0.5, 2.0)


def test_unknown_counts_trust_the_words():
    assert fusion.confidence(None, COUNTS, SIZE) == 1.0
    assert fusion.confidence({0}, [], SIZE) == 1.0
    assert fusion.confidence({0}, COUNTS, 0) == 1.0


def test_concepts_the_best_match_cannot_hold_are_not_counted():
    # An Indonesian best match of an English query: the third word crosses into no
    # Indonesian record, so it is left out of the information (None), not held against it.
    assert fusion.confidence({0, 1}, [3, 5, None], SIZE) == pytest.approx(1.0)
    assert fusion.confidence({0, 1}, [3, 5, 100], SIZE) < 1.0
