"""Ranking scenarios that every database engine must pass, run by each engine's tests."""

from search.analysis import query_groups
from search.backends.database import Coordination


def rare_words_decide_the_tier(engine, make):
    """With many matches, a tier says where the query's *rare* words stand: a title with
    the common word ("desa") and the rare one only in the body does not outrank a
    tagline that has the rare word. Call with tiered ranking forced on."""
    common_in_title = make("Desa Maju Bersama", implementasi="Bank sampah dikelola warga.")
    rare_in_title = make("Bank Sampah Kota")
    rare_in_tagline = make("Kampung Hijau", tagline="Sampah rumah tangga dipilah.")
    groups = query_groups("sampah desa")
    assert len(groups) == 2
    bits = [engine.match_group(g) for g in groups]
    union = bits[0] | bits[1]
    coordination = Coordination(bits)

    def order(tier_groups):
        ranked = engine.rank(groups, union, union, 10, coordination, tier_groups)
        return [page_id for page_id, _ in ranked]

    by_rare = order([groups[0]])
    assert by_rare == [rare_in_title.pk, rare_in_tagline.pk, common_in_title.pk]
    # Every concept placing documents in tiers, "Desa" in a title would count.
    assert order(None).index(common_in_title.pk) < order(None).index(rare_in_tagline.pk)
