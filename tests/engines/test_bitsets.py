"""search.bitsets: the id sets behind facets and ranking, checked against Python sets."""

import random

import pytest

from search import bitsets


@pytest.mark.parametrize("seed", range(5))
def test_conversions_agree_with_python_sets(seed):
    rng = random.Random(seed)
    ids = sorted(rng.sample(range(200_000), rng.choice([0, 1, 37, 5_000, 60_000])))
    bits = bitsets.from_ids(ids)
    assert bitsets.to_ids(bits) == ids
    words = {}
    for i in ids:
        words[i >> 5] = words.get(i >> 5, 0) | 1 << (i & 31)
    assert bitsets.from_words(sorted(words.items())) == bits
    assert bitsets.from_words(sorted(words.items(), reverse=True)) == bits  # order is free
    contains = bitsets.membership(bits)
    present = set(ids)
    for probe in [0, 1, 31, 32, 199_999, 250_000, *rng.sample(range(200_000), 200), *ids[:50]]:
        assert contains(probe) == (probe in present)


def test_at_least_counts_membership_in_several_sets():
    rng = random.Random(7)
    sets = [set(rng.sample(range(3_000), 900)) for _ in range(4)]
    bits = [bitsets.from_ids(sorted(s)) for s in sets]
    for k in range(1, 5):
        expected = sorted(i for i in range(3_000) if sum(i in s for s in sets) >= k)
        assert bitsets.to_ids(bitsets.at_least(bits, k)) == expected
