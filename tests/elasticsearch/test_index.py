"""The index as sent: its settings, analyzers and mappings (bodies/index_create.json), the
character folding derived from the database engines' normalisation, and the facet fields.
What these analyzers do on real Lucene is tested in test_lucene_analysis.py."""

import unicodedata
from pathlib import Path

from search.analysis import normalize, tokenize
from search.backends.elasticsearch.analysis import folding_rules
from search.backends.elasticsearch.mappings import FACET_FIELDS, active_shards
from tests.factories import create_innovation

from .conftest import ALIAS, bodies, load_body

DATA = Path(__file__).resolve().parents[2] / "search" / "data"


def stop_words(language):
    """The project's stop list, read from its file (not through search.analysis)."""
    return sorted(set((DATA / f"stopwords_{language}.txt").read_text(encoding="utf-8").split()))


def test_index_is_created_with_the_exact_settings_and_mappings(es, fake, commit):
    with commit():
        create_innovation(title="Kampung Gizi")
    es.rebuild()

    (create,) = [r for r in fake.calls("PUT") if r.path.startswith(f"/{ALIAS}-") and
                 r.path.count("/") == 1]  # fmt: skip
    # While loading: no replicas, no refresh; then the configured number. Page 1000 of 50
    # fits the result window; highlighting analyses at most 1,000,000 characters a field.
    assert create.body == load_body(
        "index_create",
        folding_rules=list(folding_rules()),
        indonesian_stop_words=stop_words("id"),
        english_stop_words=stop_words("en"),
        query_stop_words=sorted(set(stop_words("id")) | set(stop_words("en"))),
    )
    # The project's stop lists, not Lucene's `_indonesian_`, which drops "dini" (so that
    # q=dini found nothing) and 95 more words the database engines keep.
    stop = create.body["settings"]["analysis"]["filter"]["jipp_indonesian_stop"]["stopwords"]
    assert "dini" not in stop and "yang" in stop
    (settings_update,) = bodies(fake, "PUT", "/_settings")
    assert settings_update == {"index": {"number_of_replicas": 1, "refresh_interval": None}}


def unescape(side):
    units = []
    i = 0
    while i < len(side):
        if side.startswith("\\u", i):
            units.append(int(side[i + 2 : i + 6], 16))
            i += 6
        else:
            units.append(ord(side[i]))
            i += 1
    return b"".join(u.to_bytes(2, "big") for u in units).decode("utf-16-be")


def test_folding_rules_say_what_the_database_engines_normalisation_does():
    rules = folding_rules()
    assert len(rules) == len(set(rules)) > 2500
    assert all(rule.isascii() for rule in rules)  # \uXXXX escapes: nothing to trim or split
    folded = {}
    for rule in rules:
        source, target = rule.split(" => ")
        char = unescape(source)
        assert len(char) == 1 and char not in folded
        folded[char] = unescape(target)
        assert folded[char] == normalize(char)
    assert folded["á"] == "a" and folded["Ä"] == "a" and folded["²"] == "2"
    assert folded["ﬁ"] == "fi" and folded["Ａ"] == "a" and folded["\U0001d400"] == "a"  # 𝐀
    assert folded["\u0301"] == ""  # a combining accent vanishes: "sa\u0301mpah" is one word
    assert folded["½"] == "1\u20442"  # the fraction slash stays, and separates 1 from 2
    # Characters normalisation leaves as they are, or turns into no letter or digit, are
    # separators on both sides: they need no rule.
    for char in ("ł", "æ", "ß", "—", "\u00a0", "中"):
        assert char not in folded
        assert not tokenize(char)
    assert unicodedata.combining("\u0301")


def test_every_facet_has_a_keyword_field_and_buckets_for_every_value():
    assert set(FACET_FIELDS) == {
        "ministry", "province", "regency", "sector", "channel", "level", "stage", "status",
        "sdg", "year", "hub", "tag", "award", "replication",
    }  # fmt: skip
    sizes = {name: size for name, (_, size) in FACET_FIELDS.items()}
    assert sizes["province"] >= 38
    assert sizes["regency"] >= 514
    assert sizes["sdg"] >= 17


def test_the_swap_waits_for_every_shard_copy_the_cluster_can_place():
    assert active_shards(shards=1, replicas=2, data_nodes=3) == 3
    assert active_shards(shards=2, replicas=1, data_nodes=3) == 4
    # A replica needs a node of its own: one node holds the primaries only.
    assert active_shards(shards=1, replicas=1, data_nodes=1) == 1
    assert active_shards(shards=1, replicas=2, data_nodes=2) == 2
    assert active_shards(shards=1, replicas=0, data_nodes=3) == 1
