"""The rules of which concepts a record must match (search.matching), which the database
engines apply with bitsets and Elasticsearch with its query body."""

from search import matching


def test_common_concepts_do_not_decide_in_a_real_collection():
    assert matching.deciding_concepts([200, 20, 10], 300) == [1, 2]
    # Under 100 documents there are no statistics: every concept decides.
    assert matching.deciding_concepts([60, 2, 1], 99) == [0, 1, 2]
    # All common: all decide.
    assert matching.deciding_concepts([200, 250], 300) == [0, 1]


def test_records_in_the_other_language_need_a_majority_of_the_words_that_cross():
    rule = matching.plan([130, 35, 50, 8, 3], 300, [True, True, True, False, False])
    assert rule == matching.Matching(deciding=(1, 2, 3, 4), crossing=(1, 2))
    assert matching.Matching.minimum(rule.deciding) == 2
    assert matching.Matching.minimum(rule.crossing) == 1
    assert not rule.is_plain(5)


def test_all_or_none_crossing_asks_the_same_of_every_record():
    assert matching.plan([3, 4, 5], 300, [True, True, True]).is_plain(3)
    assert matching.plan([3, 4, 5], 300, [False, False, False]).is_plain(3)
    assert matching.plan([3, 4, 5], 300, None).is_plain(3)
