"""The coordinators' dictionary as an Elasticsearch synonyms set: sent when it changes,
before the searches that need it, as explicit rules in the terms the search analyzers see."""

from search.backends.elasticsearch.analysis import synonym_rules
from search.models import Synonym
from search.query import SearchRequest

from .conftest import ALIAS


def test_the_synonym_dictionary_is_a_synonyms_set_updated_when_it_changes(built, es, fake):
    stored = fake.synonyms["jipp-test-synonyms"]
    entries = [(s.pk, s.term_list()) for s in Synonym.objects.order_by("pk")]
    assert stored == synonym_rules(entries)
    # One rule per term: "ktp el => ktp el, e ktp, ..." for the first entry (KTP-el, e-KTP,
    # KTP elektronik, kartu tanda penduduk elektronik, electronic ID card).
    first = Synonym.objects.order_by("pk").first()
    assert stored[0] == {
        "id": f"synonym-{first.pk}-0",
        "synonyms": "ktp el => ktp el, e ktp, ktp elektronik, kartu tanda penduduk elektronik, "
        "electronic id card",
    }

    es.search(SearchRequest(q="drone"))
    assert fake.calls("PUT", "/_synonyms/") == []  # unchanged: not sent again

    synonym = Synonym.objects.create(terms="drone, pesawat nirawak, UAV => x, a\\b", note="uji")
    es.search(SearchRequest(q="drone"))
    (put,) = fake.calls("PUT", "/_synonyms/")
    assert put.path == "/_synonyms/jipp-test-synonyms"
    # No `refresh` parameter: Elasticsearch 8 does not know it, and 9 reloads the analyzers
    # before answering unless told not to.
    assert put.query == {}
    added = [r for r in put.body["synonyms_set"] if r["id"].startswith(f"synonym-{synonym.pk}-")]
    # Solr syntax cannot leak in: the terms arrive as the analyzers' words (and "a" is an
    # English stop word).
    assert [r["synonyms"].split(" => ")[0] for r in added] == [
        "drone", "pesawat nirawak", "uav x", "b"
    ]  # fmt: skip
    assert added[1] == {
        "id": f"synonym-{synonym.pk}-1",
        "synonyms": "pesawat nirawak => pesawat nirawak, drone, uav x, b",
    }
    # Searches come after the update, in the same process.
    targets = [r.target for r in fake.requests]
    assert targets.index("PUT /_synonyms/jipp-test-synonyms") < targets.index(
        f"POST /{ALIAS}/_search", targets.index("PUT /_synonyms/jipp-test-synonyms")
    )
    synonym.delete()
    es.search(SearchRequest(q="drone"))
    assert fake.synonyms["jipp-test-synonyms"] == synonym_rules(entries)


def test_synonym_rules_are_the_terms_as_the_analyzers_see_them():
    assert synonym_rules([(1, ["KTP-el", "e-KTP", " "]), (2, ["solo"])]) == [
        {"id": "synonym-1-0", "synonyms": "ktp el => ktp el, e ktp"},
        {"id": "synonym-1-1", "synonyms": "e ktp => e ktp, ktp el"},
    ]
    # Stop words are taken out of the terms: the stop filter runs before the synonyms.
    assert synonym_rules([(3, ["surat keterangan tidak mampu", "SKTM"])]) == [
        {"id": "synonym-3-0", "synonyms": "surat keterangan mampu => surat keterangan mampu, sktm"},
        {"id": "synonym-3-1", "synonyms": "sktm => sktm, surat keterangan mampu"},
    ]
    # As in the database engines, entries whose terms share a stem answer for each other.
    rules = synonym_rules([(4, ["izin", "permit"]), (5, ["perizinan", "licensing"])])
    assert {r["synonyms"] for r in rules} == {
        "izin => izin, permit, licensing",
        "permit => permit, izin",
        "perizinan => perizinan, permit, licensing",
        "licensing => licensing, perizinan",
    }
