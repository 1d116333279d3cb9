"""The SQLite engine's ranking paths (search.backends.sqlite), on a real SQLite database.

Few matches are scored by ts_rank from FTS5's counts (search.tsrank). Many are ranked by
tiers scored by FTS5's bm25, and there the engine picks the cheapest of three ways to find
the best candidates (SQLite's own top-k when every match is a candidate, a temporary
candidate table joined to the FTS5 scan, or scoring every match in Python); whichever it
picks, the order must be the same. On PostgreSQL every test here is skipped.
"""

import pytest

from search import bitsets, tsrank
from search.analysis import query_groups
from search.backends import sqlite
from search.backends.database import Coordination
from tests.engines.helpers import (
    a_tier_is_scored_on_its_own_fields,
    database_engine,
    few_matches_are_scored_by_ts_rank,
    indexed_words,
    make,
    rare_words_decide_the_tier,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def engine(request):
    return database_engine(request, "sqlite", "sqlite")


@pytest.fixture
def library(engine):
    pages = {
        "body": make("Gerakan Warga", implementasi="Sampah dipilah warga bersama bank desa."),
        "summary": make("Kampung Hijau", ringkasan="Sampah diolah menjadi kompos."),
        "tagline": make("Desa Bersih", tagline="Sampah rumah tangga jadi rupiah."),
        "bank": make("Bank Sampah Sekolah"),
        "pasar": make("Bank Sampah Pasar"),
        "pesantren": make("Sampah Pesantren"),
        "other": make("Perpustakaan Keliling"),
    }
    return {name: page.pk for name, page in pages.items()}


def paths(engine, groups, candidates, union, needed, monkeypatch):
    """The ranking through the candidate table, and through the scan (tiered ranking: few
    matches are scored by ts_rank, see test_few_matches_are_scored_by_ts_rank)."""
    monkeypatch.setattr(sqlite, "EXACT_RANK_LIMIT", 0)
    coordination = Coordination([engine.match_group(g) for g in groups])
    scorer = engine._scorer(candidates, union, len(groups), coordination)
    assert scorer.__name__ == "_top_candidates"
    through_table = engine.rank(groups, candidates, union, needed, coordination)
    with monkeypatch.context() as patch:
        patch.setattr(sqlite, "CANDIDATE_TABLE_LIMIT", 0)
        scorer = engine._scorer(candidates, union, len(groups), coordination)
        assert scorer.__name__ == "<lambda>"
        scanned = engine.rank(groups, candidates, union, needed, coordination)
    return through_table, scanned


def ids(ranked):
    return [page_id for page_id, _ in ranked]


def test_all_paths_rank_a_filtered_query_alike(engine, library, monkeypatch):
    monkeypatch.setattr(sqlite, "EXACT_RANK_LIMIT", 0)
    groups = query_groups("sampah")
    union = engine.match_group(groups[0])
    assert union.bit_count() == 6
    # Every match a candidate: SQLite's own top-k.
    assert engine._scorer(union, union, 1, None) == engine._top_matches
    everything = ids(engine.rank(groups, union, union, 10, None))
    assert set(everything[:3]) == {library["bank"], library["pasar"], library["pesantren"]}
    assert everything[3:] == [library["tagline"], library["summary"], library["body"]]
    # A filter removed one: the candidate table, and the scan, agree with that order.
    candidates = union & ~(1 << library["pasar"])
    picked, scanned = paths(engine, groups, candidates, union, 10, monkeypatch)
    expected = [pid for pid in everything if pid != library["pasar"]]
    assert ids(picked) == ids(scanned) == expected
    assert [round(s, 9) for _, s in picked] == [round(s, 9) for _, s in scanned]


def test_coordination_is_applied_by_the_candidate_table_as_by_the_scan(
    engine, library, monkeypatch
):
    groups = query_groups("bank sampah")
    assert len(groups) == 2
    bits = [engine.match_group(g) for g in groups]
    union = bitsets.at_least(bits, 1)
    picked, scanned = paths(engine, groups, union, union, 10, monkeypatch)
    assert ids(picked) == ids(scanned)
    # Both words beat one word: the two "Bank Sampah" titles and the body naming a bank.
    assert set(ids(picked)[:2]) == {library["bank"], library["pasar"]}


def test_tiers_and_pages_agree_on_every_path(engine, library, monkeypatch):
    monkeypatch.setattr(sqlite, "EXACT_RANK_LIMIT", 2)  # 6 matches: ranked by tiers
    groups = query_groups("sampah")
    union = engine.match_group(groups[0])
    candidates = union & ~(1 << library["bank"])
    picked, scanned = paths(engine, groups, candidates, union, 10, monkeypatch)
    assert ids(picked) == ids(scanned)
    assert set(ids(picked)[:2]) == {library["pasar"], library["pesantren"]}
    assert ids(picked)[2:] == [library["tagline"], library["summary"], library["body"]]
    # A page needs only the first tiers that fill it, and agrees with the longer list.
    for needed in range(1, 6):
        page, _ = paths(engine, groups, candidates, union, needed, monkeypatch)
        assert ids(page) == ids(picked)[:needed]


def test_rare_words_decide_the_tier(engine, monkeypatch):
    monkeypatch.setattr(sqlite, "EXACT_RANK_LIMIT", 0)
    rare_words_decide_the_tier(engine, make)


def test_a_tier_is_scored_on_its_own_fields(engine, monkeypatch):
    monkeypatch.setattr(sqlite, "EXACT_RANK_LIMIT", 0)
    a_tier_is_scored_on_its_own_fields(engine)


def test_few_matches_are_scored_by_ts_rank(engine):
    few_matches_are_scored_by_ts_rank(engine)


def test_record_lengths_are_read_from_fts5s_own_column_sizes(engine):
    """Lengths of one byte and of several (a column over 127 words) read back as indexed."""
    short = make("Perpustakaan Keliling")
    long = make("Sekolah Lapang", implementasi=" ".join(f"kata{n}" for n in range(300)))
    stems = sorted(
        {stem for group in query_groups("keliling lapang") for stem in group.all_stems()}
    )
    _, lengths = engine._occurrences(stems, bitsets.from_ids([short.pk, long.pk]))
    expected = {pk: sum(map(len, indexed_words(pk))) for pk in (short.pk, long.pk)}
    assert lengths == expected and expected[long.pk] > 300
    assert list(sqlite._varints(bytes([0x02, 0x82, 0x48, 0x7F]))) == [2, 328, 127]


def test_ts_rank_of_an_empty_record_is_not_divided_by_its_length():
    assert tsrank.score({"sampah": (1, 0, 0, 0)}, 1, 0) == pytest.approx(1 / 1.64493406685)
