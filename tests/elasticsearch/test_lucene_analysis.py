"""Elasticsearch's analysis, proven on real Lucene.

The fake node runs no analysis, so what the index's analyzers do is checked here: the
analysis settings the backend sends (search.backends.elasticsearch.analysis, exactly as in
the index body) and the synonyms set it sends (for the seeded dictionary, 351 entries:
search/data/synonyms.json, which migration 0003 seeds) are built on Lucene, the library
Elasticsearch analyses with, and compared with the database engines' analysis
(search.analysis) wherever the engines must agree:

* tokens: every analyzer cuts and folds text as search.analysis.tokenize does;
* stop words: documents lose exactly their language's list, queries both lists;
* synonyms: every term of every rule expands, concept by concept, to the alternatives
  search.analysis.query_groups gives (compared word by word through the database engines'
  stems, since Elasticsearch sends the words to its own stemmer).

Stems may differ (Lucene's Indonesian stemmer and Porter, against search/stemming.py); how
often is reported at the end of the run, not failed on.

Lucene comes from Debian's liblucene8-java, installed by `make lucene-deps` (which `make
test` and `.ci/run` call). Without Java or the jars these tests are skipped with the reason;
on CI (CI=true) they fail instead.
"""

import json
import os
import random
from collections import defaultdict
from pathlib import Path

import pytest

from search.analysis import all_stopwords, query_groups, query_stems, stopwords, tokenize
from search.backends.elasticsearch.analysis import analysis_settings, synonym_rules
from search.stemming import stem_english, stem_indonesian
from search.synonyms import build_table

from . import lucene
from .conftest import report_figure

ROOT = Path(__file__).resolve().parents[2]
SEED = ROOT / "search" / "data" / "synonyms.json"
SHARED_RECORDS = ROOT.parent / "shared" / "data" / "innovations.jsonl"
SEARCH_ANALYZERS = ("jipp_indonesian_search", "jipp_english_search")


def seeded_entries():
    migration = (ROOT / "search" / "migrations" / "0003_seed_synonyms.py").read_text()
    assert '"data" / "synonyms.json"' in migration  # the file the migration seeds from
    return [e["terms"] for e in json.loads(SEED.read_text(encoding="utf-8"))]


@pytest.fixture(scope="module")
def engine(tmp_path_factory):
    reason = lucene.missing()
    if reason:
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(f"CI must run the analysis on real Lucene: {reason}")
        pytest.skip(f"real Lucene is not available: {reason}")
    directory = tmp_path_factory.mktemp("lucene")
    classpath = lucene.compile_harness(directory)
    entries = seeded_entries()
    rules = synonym_rules(enumerate(entries, start=1))
    analyzers = lucene.Lucene(classpath, analysis_settings("jipp-synonyms"), rules, directory)
    yield analyzers
    analyzers.close()


# --- tokens --------------------------------------------------------------------------------

TOKEN_CASES = [
    "lapor.go.id", "4.0", "data_warga", "KTP-el", "e-KTP", "Sámpah", "sa\u0301mpah",
    "naïve café", "x² + y³", "ﬁle ﬂow", "İstanbul", "C++", "3,5 juta", "Rp1.000.000",
    "ＫＴＰ ｆｕｌｌｗｉｄｔｈ", "Łódź", "æther straße", "don't", "#Jakarta2024",
    "https://lapor.go.id/laporan?id=12#a", "email@desa.id", "½ ¼ №5 ™ ℃", "𝐀𝐁𝐂 𝟏𝟐",
    "中文 日本語 한국어", "Ελληνικά кириллица عربي", "emoji 😀 di sini",
    "zero\u200bwidth soft\u00adhyphen", "tab\tnew\nline", "KELVIN \u212a", "ǅemal ǈubljana",
    "ⓐⓑⓒ ⑴⑵", "UMKM/IKM", "Posyandu-Plus", "SIPANDU_v2", "P3K", "3T",
]  # fmt: skip
PIECES = [
    *"abcxyzABCXYZ0123456789", *" .,_-/@#'\"()+*&%!?:;~|\\=<>", *"áéíóúäëïöüñçÁÉÄÖÜßøæœłđ",
    "\u0300", "\u0301", "\u0308", "\u0327", *"ＡｂＣ０１", *"²³¹⁴", "ﬁ", "ﬂ", "𝐀", "𝟎",
    *"中字αβдом", "😀", "\u00a0", "\u2003", "İ", "ı", "\u212a", "½", "№", "™", "ع", "한",
    "\u200b", "\u00ad", "ǅ", "ⓐ", "⑴",
]  # fmt: skip


def fuzz_strings(count=400, seed=13):
    rng = random.Random(seed)
    return ["".join(rng.choice(PIECES) for _ in range(rng.randint(1, 24))) for _ in range(count)]


def test_every_analyzer_cuts_and_folds_text_as_the_database_engines(engine):
    mismatches = []
    for text in TOKEN_CASES + fuzz_strings():
        if engine.terms("jipp_words", text) != tokenize(text):
            mismatches.append((text, engine.terms("jipp_words", text), tokenize(text)))
    assert not mismatches, mismatches[:10]
    # The examples of the review, which the standard tokenizer kept whole.
    assert engine.terms("jipp_words", "lapor.go.id 4.0 data_warga") == [
        "lapor", "go", "id", "4", "0", "data", "warga"
    ]  # fmt: skip
    checked = len(TOKEN_CASES) + 400
    report_figure(f"tokens: {checked} texts, {len(mismatches)} differ from search.analysis")


def corpus_texts():
    from tests.search.conftest import VISIBLE

    texts = []
    for spec in VISIBLE.values():
        texts += [spec["title"], spec["tagline"], *spec["sections"].values()]
    return texts


@pytest.mark.parametrize("language,analyzer", [("id", "jipp_indonesian"), ("en", "jipp_english")])
def test_documents_lose_exactly_their_languages_stop_words(engine, language, analyzer):
    unstemmed = f"{analyzer}@unstemmed"
    kept = [w for w in sorted(stopwords(language)) if engine.terms(unstemmed, w)]
    assert not kept, kept[:20]
    # Lucene's own list differs: its words the project keeps are indexed ("dini").
    built_in = engine.built_in_stop_words("_indonesian_" if language == "id" else "_english_")
    extra = sorted(built_in - stopwords(language))
    dropped = [w for w in extra if engine.terms(unstemmed, w) != [w]]
    assert not dropped, dropped[:20]
    # Whole texts: the words a database engine indexes, before stemming.
    for text in corpus_texts():
        expected = [t for t in tokenize(text) if t not in stopwords(language)]
        assert engine.terms(unstemmed, text) == expected, text
    report_figure(
        f"stop words ({language}): {len(stopwords(language))} dropped by the index, "
        f"{len(extra)} of Lucene's built-in list kept as the project keeps them"
    )


def test_queries_lose_both_languages_stop_words(engine):
    for analyzer in SEARCH_ANALYZERS:
        kept = [w for w in sorted(all_stopwords()) if engine.paths(f"{analyzer}@unstemmed", w)]
        assert not kept, (analyzer, kept[:20])
    assert engine.terms("jipp_indonesian_search@unstemmed", "dini") == ["dini"]


# --- synonyms --------------------------------------------------------------------------------


def database_alternatives(group):
    """The word sequences a database engine matches for one query concept, each word as
    its set of stems (search.analysis.Group)."""
    return set(group.alternatives)


def lucene_alternatives(paths):
    return {tuple(frozenset(query_stems(word)) for word in path) for path in paths}


def test_every_synonym_rule_expands_as_in_the_database_engines(engine):
    """Each term of each seeded entry, split into concepts as search.analysis splits a
    query (and as the backend sends them, one multi_match each), must expand on Lucene to
    the alternatives the database engines search for."""
    entries = seeded_entries()
    table = build_table(entries)
    mismatches, checked, entries_affected = defaultdict(list), 0, set()
    for number, terms in enumerate(entries, start=1):
        for term in terms:
            for group in query_groups(term, table):
                checked += 1
                expected = database_alternatives(group)
                for analyzer in SEARCH_ANALYZERS:
                    paths = engine.paths(f"{analyzer}@unstemmed", group.source)
                    if lucene_alternatives(paths) != expected:
                        mismatches[analyzer].append((group.source, sorted(paths)))
                        entries_affected.add(number)
    report_figure(
        f"synonyms: {len(entries)} entries, {checked} concepts in both search analyzers, "
        f"{sum(map(len, mismatches.values()))} expand differently "
        f"({len(entries_affected)} entries)"
    )
    assert not mismatches, {a: m[:10] for a, m in mismatches.items()}


def test_the_reviews_examples_find_every_alternative(engine):
    """With the stop filter after synonym_graph, "lalu lintas" found only "lalin" and
    "pendidikan anak usia dini" only "paud" (elastic/elasticsearch#28838)."""
    for analyzer in SEARCH_ANALYZERS:
        paths = engine.paths(f"{analyzer}@unstemmed", "lalu lintas")
        assert {("lalu", "lintas"), ("lalin",)} <= paths
        paths = engine.paths(f"{analyzer}@unstemmed", "pendidikan anak usia dini")
        assert {("pendidikan", "anak", "usia", "dini"), ("paud",)} <= paths
        # A stop word inside a term: the rule (sent without it) still matches the query.
        paths = engine.paths(f"{analyzer}@unstemmed", "surat keterangan tidak mampu")
        assert {("surat", "keterangan", "mampu"), ("sktm",)} <= paths
    # And through the stemmer, as the index sees them.
    assert ("lalin",) in engine.paths("jipp_indonesian_search", "lalu lintas")


# --- stems: reported, not failed on -----------------------------------------------------------


def vocabulary():
    words = set()
    for terms in seeded_entries():
        for term in terms:
            words.update(tokenize(term))
    for text in corpus_texts():
        words.update(tokenize(text))
    if SHARED_RECORDS.exists():  # the demo data, when ../shared is there
        for line in SHARED_RECORDS.read_text(encoding="utf-8").splitlines():
            record = json.loads(line)
            words.update(tokenize(json.dumps(record, ensure_ascii=False)))
    return sorted(w for w in words if w.isalpha() and w not in all_stopwords())


def classes(stems):
    """word -> the words that share its stem."""
    by_stem = defaultdict(set)
    for word, stem in stems.items():
        by_stem[stem].add(word)
    return {word: frozenset(by_stem[stem]) for word, stem in stems.items()}


def test_stems_where_lucene_and_the_project_differ(engine):
    words = vocabulary()
    for language, analyzer, ours in (
        ("id", "jipp_indonesian", stem_indonesian),
        ("en", "jipp_english", stem_english),
    ):
        lucene_stems = {w: tuple(engine.terms(analyzer, w)) for w in words}
        project_stems = {w: (ours(w),) for w in words}
        differ = sum(lucene_stems[w] != project_stems[w] for w in words)
        lucene_classes, project_classes = classes(lucene_stems), classes(project_stems)
        regrouped = sum(lucene_classes[w] != project_classes[w] for w in words)
        report_figure(
            f"stems ({language}): {len(words)} words; Lucene's stem differs for {differ}, "
            f"and {regrouped} words meet other words than with search/stemming.py"
        )
    # Where the two must meet for the engines to agree on the basics.
    for word in ("pelayanan", "layanan", "melayani"):
        assert engine.terms("jipp_indonesian", word) == ["layan"]
    assert engine.terms("jipp_english", "permits") == ["permit"]
