"""What the database engines' own tests share: a fresh engine, pages with only the text a
test gives, and ranking scenarios every engine must pass."""

import pytest
from django.db import connection

from search import tsrank
from search.analysis import query_groups
from search.backends import get_backend
from search.backends.database import Coordination
from search.documents import SearchDocument
from search.models import IndexedDocument
from tests.factories import create_innovation

SECTOR = "ketenagakerjaan"  # its name is indexed too (field B): no test searches for it
NEUTRAL = {
    "ringkasan": "Ringkasan singkat.",
    "latar_belakang": "Latar belakang singkat.",
    "kebaruan": "Kebaruan singkat.",
    "implementasi": "Implementasi singkat.",
    "dampak": "Dampak singkat.",
    "sumber_daya": "Sumber daya singkat.",
    "keberlanjutan": "Keberlanjutan singkat.",
    "replikasi": "Replikasi singkat.",
}


def database_engine(request, vendor, name):
    """The engine `name`, on a test database of `vendor` (the test is skipped on others),
    with the per-process caches emptied of other tests' (rolled back) data."""
    if connection.vendor != vendor:
        pytest.skip(f"needs {vendor} (the engine {name!r}); run with the matching DATABASE_URL")
    request.getfixturevalue("site_tree")
    from search import caches

    caches.reset()
    backend = get_backend()
    assert backend.name == name
    return backend


def make(title, tagline="Inovasi pelayanan publik daerah.", tags=(), sector=SECTOR, **sections):
    """A published innovation whose text is only what the test gives (plus neutral filler
    and the factory's institution, places and award)."""
    return create_innovation(
        title=title,
        tagline=tagline,
        tags=list(tags),
        sector=sector,
        secondary_sectors=[],
        sections={**NEUTRAL, **sections},
    )


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


def a_tier_is_scored_on_its_own_fields(engine):
    """With many matches, the documents of a tier are ordered by the query's words in that
    tier's fields: a tagline holding the word twice outranks one holding it once, however
    often the second record repeats it in its summary (a lower tier's field). FTS5's
    column filter scores so; PostgreSQL scored every tier on the heading, lead and summary
    together, and put the summary's repeats first. Call with tiered ranking forced on."""
    filler = " ".join(f"kata{n}" for n in range(8))
    twice = make("Kampung Hijau", tagline="Sampah dipilah, sampah ditabung.",
                 ringkasan=f"Warga kampung {filler}.")  # fmt: skip
    once = make("Desa Bersih", tagline="Sampah dipilah.", ringkasan="Sampah " * 8 + ".")
    groups = query_groups("sampah")
    union = engine.match_group(groups[0])
    ranked = [page_id for page_id, _ in engine.rank(groups, union, union, 10, None)]
    assert ranked == [twice.pk, once.pk]


def few_matches_are_scored_by_ts_rank(engine):
    """Few matches are scored as PostgreSQL's ts_rank scores them (search.tsrank) on every
    database engine, so that both give one order: a record that names the practice in its
    title ranks above short records that mention it once in their tagline, however long
    its sections (FTS5's bm25, which measures a record against the average length, put
    the short ones first), and every score is ts_rank's of the record's indexed words."""
    sections = " ".join(f"kata{n}" for n in range(400))  # a long record: 400 more words
    named = make("Bank Sampah Digital", implementasi=f"{sections}.")
    passing = [
        make(f"Kampung {name}", tagline="Warga memilah sampah rumah tangga.")
        for name in ("Asri", "Hijau", "Lestari", "Bersih")
    ]
    groups = query_groups("sampah")
    union = engine.match_group(groups[0])
    ranked = engine.rank(groups, union, union, 10, None)
    assert [page_id for page_id, _ in ranked][0] == named.pk
    assert {page_id for page_id, _ in ranked[1:]} == {page.pk for page in passing}
    for page_id, score in ranked:
        expected = reference_ts_rank(page_id, groups[0].all_stems())
        assert score == pytest.approx(expected, rel=1e-5)
    # Matching more of the query still comes first: the coordination factor.
    groups = query_groups("sampah rumah")
    bits = [engine.match_group(g) for g in groups]
    ranked = engine.rank(groups, bits[0] | bits[1], bits[0] | bits[1], 10, Coordination(bits))
    assert {page_id for page_id, _ in ranked[:4]} == {page.pk for page in passing}
    stems = {stem for group in groups for stem in group.all_stems()}
    assert ranked[-1] == (named.pk, pytest.approx(reference_ts_rank(named.pk, stems) / 2))


def reference_ts_rank(page_id, stems):
    """search.tsrank's score of an indexed record for an OR of `stems`, from its words as
    the indexer analysed them (not from the engine)."""
    groups = indexed_words(page_id)
    counts = {
        stem: [words.count(stem) for words in groups]
        for stem in stems
        if any(stem in words for words in groups)
    }
    return tsrank.score(counts, len(stems), sum(len(words) for words in groups))


def indexed_words(page_id):
    """[[word, ...] of each field group] of an indexed record, as the indexer analysed them."""
    row = IndexedDocument.objects.get(page_id=page_id)
    document = SearchDocument(page_id, row.slug, row.url, row.language, row.texts)
    return [text.split() for text in document.analysed_groups()]
