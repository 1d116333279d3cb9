"""The PostgreSQL engine (search.backends.postgres), on a real PostgreSQL database.

Run with DATABASE_URL=postgres://...; on SQLite every test here is skipped. Pages are
created through the import path and published, which indexes them (innovations.search_index), so the
engine sees exactly what production writes.
"""

import functools
import operator
import random

import pytest
from django.db import connection
from django.http import QueryDict
from django.test.utils import CaptureQueriesContext

from search import bitsets, tsrank
from search.analysis import Group, phrase, query_groups
from search.backends import get_backend, pg_tsquery, postgres
from search.backends.database import Coordination
from search.query import SearchRequest
from tests.engines.helpers import (
    a_tier_is_scored_on_its_own_fields,
    database_engine,
    few_matches_are_scored_by_ts_rank,
    make,
    rare_words_decide_the_tier,
)

# django_db declares the database up front: pytest-django creates only the test databases
# that collected tests declare, and `engine` asks for site_tree only once on PostgreSQL.
pytestmark = [pytest.mark.postgres, pytest.mark.django_db]


@pytest.fixture
def engine(request):
    return database_engine(request, "postgresql", "postgres")


def group(*words):
    """A query group: one alternative per argument, each a string of words (a phrase)."""
    return Group(words[0], tuple(phrase(w.split()) for w in words))


def search(q, **params):
    query = QueryDict(mutable=True)
    query["q"] = q
    for name, value in params.items():
        query[name] = str(value)
    return get_backend().search(SearchRequest.from_querydict(query))


def slugs(response):
    return [hit.slug for hit in response.hits]


def test_found_by_a_stem_of_its_title(engine):
    page = make("Gerai Perizinan Keliling")
    make("Perpustakaan Desa")
    response = search("izin")  # perizinan and izin share the stem izin
    assert response.backend == "postgres"
    assert slugs(response) == [page.slug]


def test_stems_are_stored_as_analysed_not_reparsed(engine):
    # PostgreSQL's parser would split "12e3x" into '12e3' and 'x'.
    page = make("Program 12e3x Daerah")
    assert engine.match_group(group("12e3x")) == bitsets.from_ids([page.pk])
    assert engine.match_group(group("x")) == 0


def test_multiword_alternative_needs_its_words_close_together(engine):
    near = make("Layanan Kartu Penduduk Keliling")
    reverse = make("Penduduk Baru Dapat Kartu")  # any order, as FTS5 NEAR
    far = make(
        "Kartu Nelayan",
        ringkasan="Kartu dibagikan di pelabuhan ikan bersama bantuan alat tangkap, "
        "jaring, pelampung, mesin perahu, bahan bakar, lalu data penduduk diperbarui.",
    )
    other_fields = make("Pendataan Kartu", tagline="Penduduk baru dicatat petugas.")
    bits = engine.match_group(group("kartu penduduk"))
    assert bitsets.to_ids(bits) == sorted([near.pk, reverse.pk])
    # Each word alone is found everywhere.
    both = engine.match_group(group("kartu")) & engine.match_group(group("penduduk"))
    assert bitsets.to_ids(both) == sorted([near.pk, reverse.pk, far.pk, other_fields.pk])


def test_three_word_alternative_is_one_window_like_fts5(engine):
    # Every two of the words are close, but no five-position window holds all three.
    spread = make(
        "Arsip Kota",
        ringkasan="Gedung arsip tua satu dua tiga kota empat lima enam gedung baru.",
    )
    together = make("Gedung Arsip Kota")
    bits = engine.match_group(group("gedung arsip kota"))
    assert bitsets.to_ids(bits) == [together.pk]
    assert not bits >> spread.pk & 1


def test_synonym_group_matches_any_alternative(engine):
    short = make("Layanan KTP Keliling")
    spelled = make("Kartu Tanda Penduduk untuk Lansia")
    make("Perpustakaan Desa")
    bits = engine.match_group(group("ktp", "kartu tanda penduduk"))
    assert bitsets.to_ids(bits) == sorted([short.pk, spelled.pk])


def test_title_match_outranks_body_match(engine):
    body = make("Gerakan Warga Bersih", implementasi="Warga memilah sampah setiap pekan.")
    summary = make("Kampung Hijau", ringkasan="Sampah diolah menjadi kompos.")
    title = make("Bank Sampah Sekolah")
    assert slugs(search("sampah")) == [title.slug, summary.slug, body.slug]
    groups = query_groups("sampah")
    everything = bitsets.from_ids([body.pk, summary.pk, title.pk])
    ranked = engine.rank(groups, everything, everything, 3, None)
    assert [page_id for page_id, _ in ranked] == [title.pk, summary.pk, body.pk]
    scores = [score for _, score in ranked]
    assert scores == sorted(scores, reverse=True) and scores[-1] > 0


def test_removed_documents_are_not_matched(engine):
    kept = make("Sekolah Lapang Iklim")
    gone = make("Sekolah Lapang Petani")
    gone.unpublish()
    assert engine.match_group(group("sekolah")) == bitsets.from_ids([kept.pk])
    assert slugs(search("sekolah")) == [kept.slug]
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT removed, head_vector IS NULL, NOT EXISTS (SELECT 1 FROM "
            f"{postgres.WORDS} AS w WHERE w.page_id = d.page_id) "
            "FROM hubsearch_indexeddocument AS d WHERE page_id = %s",
            [gone.pk],
        )
        assert cursor.fetchone() == (True, True, True)


def test_republished_document_is_found_again(engine):
    page = make("Posyandu Remaja")
    page.unpublish()
    assert engine.match_group(group("posyandu")) == 0
    page.save_revision().publish()
    assert engine.match_group(group("posyandu")) == bitsets.from_ids([page.pk])


def test_rank_scores_only_candidates(engine):
    pages = [make(f"Kebun Gizi {name}") for name in ("Utara", "Selatan", "Timur")]
    groups = query_groups("gizi")
    union = bitsets.from_ids(p.pk for p in pages)
    one = bitsets.from_ids([pages[1].pk])
    assert [pid for pid, _ in engine.rank(groups, one, union, 10, None)] == [pages[1].pk]
    assert engine.rank(groups, 0, union, 10, None) == []
    # Through search(): the total counts every match, the page holds page_size of them.
    response = search("gizi", page_size=1)
    assert response.total == 3 and len(response.hits) == 1


def test_coordination_puts_documents_matching_more_of_the_query_first(engine):
    one = make("Kebun Sekolah Hijau")
    both = make("Kebun Gizi Sekolah")
    make("Perpustakaan Desa")
    assert slugs(search("kebun gizi"))[:2] == [both.slug, one.slug]


def test_tiered_ranking_orders_by_field_then_score_on_every_page(engine, monkeypatch):
    body = make("Gerakan Warga", implementasi="Sampah dipilah warga.")
    summary = make("Kampung Hijau", ringkasan="Sampah diolah menjadi kompos.")
    tagline = make("Desa Bersih", tagline="Sampah rumah tangga jadi rupiah.")
    titles = [make(f"Bank Sampah {n}") for n in ("Sekolah", "Pasar", "Pesantren")]
    groups = query_groups("sampah")
    union = engine.match_group(groups[0])
    exact = [pid for pid, _ in engine.rank(groups, union, union, 10, None)]
    expected_tail = [tagline.pk, summary.pk, body.pk]
    assert set(exact[:3]) == {p.pk for p in titles} and exact[3:] == expected_tail

    # Many matches: ranked by tiers (A, AB, ABC, all), through the index ...
    monkeypatch.setattr(engine, "exact_rank_limit", 2)
    tiered = [pid for pid, _ in engine.rank(groups, union, union, 10, None)]
    assert set(tiered[:3]) == {p.pk for p in titles} and tiered[3:] == expected_tail
    # ... pages agree with each other (a page needs only the first tier that fills it) ...
    for needed in range(1, 7):
        assert [pid for pid, _ in engine.rank(groups, union, union, needed, None)][
            :needed
        ] == tiered[:needed]
    # ... and so does the one-pass order used when few candidates remain.
    few = union & ~bitsets.from_ids([titles[0].pk])
    monkeypatch.setattr(engine, "exact_rank_limit", few.bit_count())
    one_pass = [pid for pid, _ in engine.rank(groups, few, union, 10, None)]
    assert one_pass == [pid for pid in tiered if pid != titles[0].pk]


def test_filtered_candidates_ranked_from_their_rows_as_by_the_tiers(engine, monkeypatch):
    # Above the exact-ranking limit, a small share of the matches (filters) is ranked from
    # the candidates' own rows: the same order, and the same tiers kept, as the tiers'
    # index searches give, for every page length.
    from search.backends import postgres

    pages = [
        make("Bank Sampah Sekolah"),
        make("Bank Sampah Pasar"),
        make("Desa Bersih", tagline="Sampah rumah tangga jadi rupiah."),
        make("Desa Hijau", tagline="Sampah organik jadi kompos."),
        make("Kampung Hijau", ringkasan="Sampah diolah menjadi kompos."),
        make("Gerakan Warga", implementasi="Sampah dipilah warga."),
    ]
    others = [make(f"Bank Sampah Kantor {n}") for n in ("Satu", "Dua", "Tiga", "Empat")]
    groups = query_groups("sampah")
    union = engine.match_group(groups[0])
    assert union == bitsets.from_ids(p.pk for p in pages + others)
    candidates = bitsets.from_ids(p.pk for p in pages[1:])
    monkeypatch.setattr(engine, "exact_rank_limit", 2)
    monkeypatch.setattr(postgres, "CANDIDATE_SHARE", 2)
    for needed in range(1, 8):
        monkeypatch.setattr(engine, "candidate_tier_limit", 0)  # through the tiers' index
        by_tier = engine.rank(groups, candidates, union, needed, None)
        monkeypatch.setattr(engine, "candidate_tier_limit", 1000)
        with CaptureQueriesContext(connection) as queries:
            from_rows = engine.rank(groups, candidates, union, needed, None)
        assert from_rows == by_tier, needed
        assert not any("head_vector @@" in q["sql"].split("WHERE")[-1] for q in queries)
    # The heading first, then the taglines, the summary, and the body found by full scores.
    ranked = [pid for pid, _ in engine.rank(groups, candidates, union, 5, None)]
    assert ranked[0] == pages[1].pk and set(ranked[1:3]) == {pages[2].pk, pages[3].pk}
    assert ranked[3:] == [pages[4].pk, pages[5].pk]


@pytest.mark.parametrize("candidate_tier_limit", [0, 1000])
@pytest.mark.parametrize("words", ["sampah", "sampah warga"])
def test_the_best_of_a_tier_kept_by_the_database_are_those_python_picks(
    engine, monkeypatch, candidate_tier_limit, words
):
    """The database keeps a tier's best (ORDER BY, LIMIT, see _tier_best): the same pages
    come back, in the same order, ties included (equal scores: the higher page id first),
    as when every row of the tier is read and picked here; with two concepts, after the
    coordination factor too."""
    from search.backends import postgres

    for n in range(4):
        make(f"Bank Sampah {n}")  # equal scores in the heading's tier
        make(f"Kampung {n}", tagline=f"Sampah {'dipilah ' * n}warga.")
        make(f"Desa {n}", tagline="Sampah dipilah." if n % 2 else "Warga memilah sampah.",
             ringkasan="Sampah " * (n + 1) + "diolah.")  # fmt: skip
    groups = query_groups(words)
    bits = [engine.match_group(group) for group in groups]
    union = functools.reduce(operator.or_, bits)
    coordination = Coordination(bits) if len(bits) > 1 else None
    candidates = union & ~bitsets.from_ids([min(bitsets.to_ids(union))])
    monkeypatch.setattr(engine, "exact_rank_limit", 2)
    monkeypatch.setattr(engine, "candidate_tier_limit", candidate_tier_limit)
    monkeypatch.setattr(postgres, "CANDIDATE_SHARE", 1)
    for needed in range(1, 14):
        kept = engine.rank(groups, candidates, union, needed, coordination)
        with monkeypatch.context() as whole:
            whole.setattr(postgres, "plain_coordination", lambda coordination: False)
            whole.setattr(postgres, "TIER_MARGIN", 10**6)
            picked = engine.rank(groups, candidates, union, needed, coordination)
        assert kept == picked, needed
        assert len(kept) == min(needed, candidates.bit_count())


def test_similar_returns_related_innovations_never_itself(engine):
    first = make(
        "Bank Sampah Kelurahan",  # not "digital": a channel's name puts it in every document
        tagline="Tabungan sampah plastik lewat aplikasi.",
        tags=["bank sampah", "daur ulang"],
        sector="lingkungan",
        ringkasan="Warga menabung sampah plastik dan menukar saldo dengan sembako.",
    )
    second = make(
        "Bank Sampah Sekolah",
        tagline="Siswa menabung sampah plastik.",
        tags=["bank sampah"],
        sector="lingkungan",
        ringkasan="Sampah plastik ditimbang dan dicatat sebagai tabungan siswa.",
    )
    third = make(
        "Daur Ulang Plastik Pesisir",
        tagline="Plastik pantai diolah jadi paving.",
        tags=["daur ulang"],
        sector="lingkungan",
        ringkasan="Nelayan mengumpulkan plastik dari pantai untuk didaur ulang.",
    )
    unrelated = make(
        "Imunisasi Keliling",
        tagline="Vaksinasi anak di desa terpencil.",
        tags=["imunisasi"],
        sector="kesehatan",
        ringkasan="Bidan mendatangi posyandu untuk imunisasi dasar lengkap.",
    )
    assert sorted(engine.similar(first.pk, limit=5)) == sorted([second.pk, third.pk])
    assert engine.similar(first.pk, limit=1) in ([second.pk], [third.pk])
    for page in (second, third):
        assert page.pk not in engine.similar(page.pk)
        assert first.pk in engine.similar(page.pk)
        assert unrelated.pk not in engine.similar(page.pk)
    assert engine.similar(unrelated.pk) == []  # it shares no word with the others
    first.unpublish()
    assert engine.similar(first.pk) == []
    assert first.pk not in engine.similar(second.pk)


def test_query_text_is_quoted_whatever_the_stems_hold(engine):
    page = make("Layanan Terpadu")
    odd = Group("odd", ((frozenset({"a'b", "c\\d", "x & y", "!", "<->", "layan"}),),))
    assert engine.match_group(odd) == bitsets.from_ids([page.pk])
    assert engine.match_group(Group("none", ((frozenset({"'"}),),))) == 0


def test_rare_words_decide_the_tier(engine, monkeypatch):
    monkeypatch.setattr(engine, "exact_rank_limit", 0)
    rare_words_decide_the_tier(engine, make)


@pytest.mark.parametrize("candidate_tier_limit", [0, 1000])
def test_a_tier_is_scored_on_its_own_fields(engine, monkeypatch, candidate_tier_limit):
    from search.backends import postgres

    monkeypatch.setattr(engine, "exact_rank_limit", 0)
    monkeypatch.setattr(engine, "candidate_tier_limit", candidate_tier_limit)
    monkeypatch.setattr(postgres, "CANDIDATE_SHARE", 0)  # the candidates' rows when allowed
    a_tier_is_scored_on_its_own_fields(engine)


def test_a_common_words_matches_are_kept_until_the_index_changes(engine):
    # A word in many documents is read from tens of thousands of rows at 100,000 records:
    # the process keeps its matches (search.keptmatches) while the index is unchanged.
    pages = [make(f"Bank Sampah {name}") for name in ("Melati", "Mawar", "Kenanga")]
    make("Perpustakaan Desa")
    assert sorted(slugs(search("sampah"))) == sorted(p.slug for p in pages)
    with CaptureQueriesContext(connection) as queries:
        again = search("sampah")
    assert sorted(slugs(again)) == sorted(p.slug for p in pages)
    assert not any("bit_or" in query["sql"] for query in queries.captured_queries)
    # A page published or withdrawn since is seen at once.
    newer = make("Bank Sampah Anggrek")
    assert newer.slug in slugs(search("sampah"))
    pages[0].unpublish()
    found = slugs(search("sampah"))
    assert pages[0].slug not in found
    assert newer.slug in found


def test_heavy_fields_vectors_are_the_whole_vectors_parts(engine):
    """head_vector (written with the row) and the lead table's heading_vector and
    lead_vector hold exactly what the database filters out of the whole vector (the tiers
    and NEAR tests rely on their positions); a removed document keeps no lead row."""
    pages = [
        make("Bank Sampah Sekolah", ringkasan="Sampah dipilah warga.", implementasi="Kompos."),
        # More places of one word than PostgreSQL keeps (256), in the summary and the body.
        make("Sampah Hijau", ringkasan="Sampah " * 300, implementasi="Sampah kompos " * 20),
    ]

    def parts():
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT d.head_vector = ts_filter(w.search_vector, '{a,b,c}'), "
                "l.heading_vector = ts_filter(w.search_vector, '{a}'), "
                "l.lead_vector = ts_filter(w.search_vector, '{a,b}'), "
                "l.head_length = (SELECT sum(coalesce(array_length(positions, 1), 1)) "
                "FROM unnest(d.head_vector)), "
                "length(d.head_vector) < length(w.search_vector) "
                f"FROM hubsearch_indexeddocument AS d JOIN {postgres.WORDS} AS w USING (page_id) "
                f"JOIN {postgres.LEAD} AS l USING (page_id) WHERE page_id = ANY(%s)",
                [[p.pk for p in pages]],
            )
            return cursor.fetchall()

    assert parts() == [(True, True, True, True, True)] * 2
    pages[1].unpublish()
    assert parts() == [(True, True, True, True, True)]
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT count(*) FROM {postgres.LEAD} WHERE page_id = %s", [pages[1].pk])
        assert cursor.fetchone() == (0,)


def test_a_large_write_leaves_the_indexes_settled_for_the_first_searches(engine):
    """After an import of at least indexing.LARGE_WRITE documents, the planner's statistics
    are fresh (and the GIN indexes' pending entries merged), as after a rebuild: right after
    a 100,000-record import nothing had been analysed and the searches paid for it."""
    from search import indexing

    make("Sekolah Lapang Iklim")

    def analysed():
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT reltuples >= 0 FROM pg_class WHERE oid = %s::regclass", [postgres.WORDS]
            )
            return cursor.fetchone()[0]

    with connection.cursor() as cursor:  # as a new database's table, never analysed
        cursor.execute(
            "UPDATE pg_class SET reltuples = -1 WHERE oid = %s::regclass", [postgres.WORDS]
        )
    indexing.settle(indexing.LARGE_WRITE - 1)
    assert not analysed()
    indexing.settle(indexing.LARGE_WRITE)
    assert analysed()


def test_few_matches_are_scored_by_ts_rank(engine):
    few_matches_are_scored_by_ts_rank(engine)


def test_ts_rank_computed_in_python_is_postgresqls(engine):
    """search.tsrank (what the SQLite engine ranks few matches by) against PostgreSQL's own
    ts_rank, on vectors of random words in every field group, a word past the 256
    positions PostgreSQL keeps of it included."""
    rng = random.Random(13)
    vocabulary = [f"kata{n}" for n in range(12)]
    with connection.cursor() as cursor:
        for case in range(60):
            texts = [" ".join(rng.choices(vocabulary, k=rng.randint(0, 40))) for _ in range(4)]
            if case == 0:
                texts[3] += " kata0" * 300
            positions = pg_tsquery.vector_positions(texts)
            query = rng.sample(vocabulary, rng.randint(1, 4))
            cursor.execute(
                f"SELECT ts_rank('{postgres.RANK_WEIGHTS}', CAST(%s AS tsvector), "
                "CAST(%s AS tsquery), 1)",
                [pg_tsquery.format_vector(positions), " | ".join(query)],
            )
            (expected,) = cursor.fetchone()
            words = [text.split() for text in texts]
            counts = {w: [g.count(w) for g in words] for w in query if w in positions}
            length = sum(len(labels) for labels in positions.values())
            assert tsrank.score(counts, len(query), length) == pytest.approx(expected, rel=1e-5)
