"""The dictionary's phrases indexed as terms (search.backends.pg_phrases), on PostgreSQL.

What must hold: a phrase term is in a document's row exactly when PostgreSQL's own NEAR
test (pg_tsquery.near_query, which searches used before) finds the phrase there, so that
asking the index for the term gives the same documents; and a dictionary change never
changes results, only how they are found, until the terms are brought up to date.
"""

import random

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from search import bitsets, indexing
from search.analysis import query_groups
from search.backends import pg_phrases
from search.backends.pg_tsquery import near_query, vector_literal, vector_positions, word_terms
from search.models import Synonym
from search.synonyms import synonym_table
from tests.engines.helpers import database_engine, make

pytestmark = [pytest.mark.postgres, pytest.mark.django_db]

VOCABULARY = ["ibu", "hamil", "usaha", "mikro", "kecil", "desa", "sehat", "anak", "data", "x"]


@pytest.fixture
def engine(request):
    return database_engine(request, "postgresql", "postgres")


def random_texts(rng):
    """Four field groups of words from a small vocabulary: phrases near and far, across
    groups, and sometimes a word more often than PostgreSQL keeps positions of (256)."""
    groups = []
    for _ in range(4):
        length = rng.choice([0, 1, 3, 8, 20, 40])
        words = [rng.choice(VOCABULARY) for _ in range(length)]
        if rng.random() < 0.05:
            words += ["ibu"] * 300 + ["hamil"]
        groups.append(" ".join(words))
    return tuple(groups)


def random_phrase(rng):
    size = rng.choice([2, 2, 3, 4, 5])
    words = rng.sample(VOCABULARY, size)
    # Some words have two stems, as an Indonesian and an English reading may.
    return tuple(frozenset([w, rng.choice(VOCABULARY)]) if rng.random() < 0.3 else
                 frozenset([w]) for w in words)  # fmt: skip


def test_a_phrase_term_is_found_exactly_where_postgresql_finds_the_phrase(engine):
    rng = random.Random(7)
    phrases = [random_phrase(rng) for _ in range(40)]
    phrases = [p for p in phrases if len(word_terms(p)) > 1]
    listed = pg_phrases.PhraseList(pg_phrases.words_of(p) for p in phrases)
    documents = [random_texts(rng) for _ in range(150)]
    agreed = found = 0
    with connection.cursor() as cursor:
        for texts in documents:
            terms = set(listed.found_in(vector_positions(texts)))
            literal = vector_literal(texts)
            for alternative in phrases:
                forms = pg_phrases.parts(pg_phrases.words_of(alternative))
                cursor.execute(
                    "SELECT CAST(%s AS tsvector) @@ CAST(%s AS tsquery)",
                    [literal, near_query(word_terms(alternative))],
                )
                expected = cursor.fetchone()[0]
                assert any(term in terms for term, _ in forms) == expected, (texts, alternative)
                agreed += 1
                found += expected
    assert agreed > 4000 and 200 < found < agreed - 200  # both answers well represented


def test_positions_read_back_from_postgresql_give_the_same_phrases(engine):
    rng = random.Random(11)
    listed = pg_phrases.PhraseList(
        pg_phrases.words_of(p) for p in (random_phrase(rng) for _ in range(30))
    )
    with connection.cursor() as cursor:
        for _ in range(60):
            texts = random_texts(rng)
            cursor.execute("SELECT CAST(%s AS tsvector)::text", [vector_literal(texts)])
            printed = pg_phrases.positions_of(cursor.fetchone()[0])
            assert listed.found_in(printed) == listed.found_in(vector_positions(texts))


def phrase_group(text):
    groups = query_groups(text, synonym_table())
    assert any(len(word_terms(a)) > 1 for g in groups for a in g.alternatives)
    return groups


def test_a_dictionary_phrase_is_asked_of_the_index_and_finds_what_near_found(engine):
    Synonym.objects.create(terms="bumil, ibu hamil", note="uji")
    near = make("Kelas Sehat", ringkasan="Pendampingan ibu yang sedang hamil di desa.")
    close = make("Posyandu Keliling", ringkasan="Pemeriksaan rutin ibu hamil.")
    make("Ibu Kota Bersih", ringkasan="Hamparan sawah; pemeriksaan ternak yang hamil.")
    indexing.refresh_terms()  # the dictionary changed after the migration's seed
    groups = phrase_group("bumil")
    assert engine.usable_phrases()
    with CaptureQueriesContext(connection) as queries:
        by_term = engine.match_groups(groups)
    statement = next(q["sql"] for q in queries if "phrase_terms @@" in q["sql"])
    assert "<1>" not in statement  # no position test left
    engine._phrase_state = ("forced", frozenset())  # as before the phrases were indexed
    by_position = engine.match_groups(groups)
    assert by_term == by_position == [bitsets.from_ids([near.pk, close.pk])]


def test_a_dictionary_change_keeps_results_while_the_terms_are_refreshed(engine):
    page = make("Layanan Terpadu", ringkasan="Pendataan usaha mikro di kecamatan.")
    make("Usaha Bersama", ringkasan="Koperasi desa. Jalan kecamatan dibangun secara mikro.")
    assert not Synonym.objects.filter(terms__icontains="umkx").exists()
    entry = Synonym.objects.create(terms="umkx, usaha mikro", note="uji")
    groups = phrase_group("umkx")
    # Rows were written with the earlier phrase list: positions are tested meanwhile.
    assert engine.usable_phrases() == frozenset()
    assert engine.match_groups(groups) == [bitsets.from_ids([page.pk])]
    assert indexing.refresh_terms() >= 2
    [(term, _)] = pg_phrases.parts(pg_phrases.words_of(groups[0].alternatives[-1]))
    assert term in engine.usable_phrases()
    assert engine.match_groups(groups) == [bitsets.from_ids([page.pk])]
    # A removed entry: its phrase is no longer a term any query asks for.
    entry.delete()
    indexing.refresh_terms()
    assert engine.usable_phrases() and term not in engine.usable_phrases()


def test_pages_written_after_a_change_carry_the_new_phrases(engine):
    Synonym.objects.create(terms="perpusling, perpustakaan keliling", note="uji")
    indexing.refresh_terms()
    page = make("Perpustakaan Keliling Desa")
    make("Perpustakaan Desa", ringkasan="Mobil keliling kampung.")
    groups = phrase_group("perpusling")
    with CaptureQueriesContext(connection) as queries:
        assert engine.match_groups(groups) == [bitsets.from_ids([page.pk])]
    assert any("phrase_terms @@" in q["sql"] for q in queries)


def test_a_readers_form_of_a_phrase_shares_the_dictionarys_terms(engine):
    """ "perizinan usahx" (izin or perizinan, then usahx) against the entry "izin usahx":
    the izin form is the entry's term; only the perizinan form is tested by position,
    within the documents holding that stem."""
    Synonym.objects.create(terms="izin usahx, business licence", note="uji")
    indexing.refresh_terms()
    page = make("Layanan Satu Pintu", ringkasan="Izin usahx terbit dalam sehari.")
    make("Usahx Bersama", ringkasan="Koperasi desa; izin ditempel di kantor.")
    groups = query_groups("perizinan usahx", synonym_table())
    typed = [a for g in groups for a in g.alternatives if any("perizinan" in w for w in a)]
    alternative = typed[0]
    forms = pg_phrases.parts(pg_phrases.words_of(alternative))
    assert len(forms) == 2 and sum(t in engine.usable_phrases() for t, _ in forms) == 1
    with CaptureQueriesContext(connection) as queries:
        by_term = engine.match_groups(groups)
    engine._phrase_state = ("forced", frozenset())
    assert by_term == engine.match_groups(groups)
    assert bitsets.to_ids(by_term[0]) == [page.pk]
    assert any("phrase_terms @@" in q["sql"] for q in queries)


def test_search_status_says_how_many_documents_carry_the_current_phrases(engine, capsys):
    import json

    from django.core.management import call_command

    make("Layanan Terpadu", ringkasan="Pendataan usaha mikro di kecamatan.")

    def phrases():
        call_command("search_status", "--json")
        return json.loads(capsys.readouterr().out)["dictionary_phrases"]

    indexing.refresh_terms()
    current = phrases()
    assert current["documents"] >= 1 and current["documents_current"] == current["documents"]
    Synonym.objects.create(terms="umkx, usaha mikro", note="uji")
    assert phrases()["documents_current"] == 0
    call_command("search_status")
    assert "refresh_search_terms" in capsys.readouterr().out
    call_command("refresh_search_terms")
    assert f"found again in {current['documents']} documents" in capsys.readouterr().out
    assert phrases() == current
