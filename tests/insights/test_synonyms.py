"""The synonym dictionary in the admin ("Sinonim dan akronim"), and the one step from a
query that found nothing to an entry that makes it find something."""

import pytest
from django.contrib.messages import get_messages

from search import caches
from search.models import Synonym

from .conftest import as_user

ADD_FROM_QUERY = "/admin/wawasan-pencarian/sinonim/baru/"
ZERO_REPORT = "/admin/wawasan-pencarian/laporan/tanpa-hasil/"
SNIPPETS = "/admin/sinonim/"


@pytest.fixture(autouse=True)
def fresh_synonym_table():
    # The dictionary table is cached per process by its generation, which a rolled-back
    # test puts back where it was: start and end each test with an empty cache.
    caches.reset()
    yield
    caches.reset()


def result_count(client, q):
    return client.get("/api/v1/search/", {"q": q}).json()["total"]


def test_a_curator_turns_a_zero_result_query_into_results_in_one_step(client, world):
    assert result_count(client, "uav") == 0
    as_user(client, world.people.national)

    report = client.get(ZERO_REPORT).content.decode()
    assert f'href="{ADD_FROM_QUERY}?q=uav"' in report
    form = client.get(ADD_FROM_QUERY, {"q": "uav"}).content.decode()
    assert "uav, </textarea>" in form
    assert "Dari pencarian tanpa hasil: “uav”" in form

    response = client.post(
        f"{ADD_FROM_QUERY}?q=uav",
        {"terms": "uav, pesawat nirawak", "note": "Dari pencarian tanpa hasil: “uav”"},
    )
    assert response.status_code == 302 and response.url == ZERO_REPORT
    assert [str(m) for m in get_messages(response.wsgi_request)] == [
        "Sinonim “uav, pesawat nirawak” disimpan. Pencarian “uav” kini menemukan 1 hasil."
    ]
    client.logout()
    page = client.get("/cari/", {"q": "uav"}).content.decode()
    assert "Pemetaan Wilayah dengan Pesawat Nirawak" in page


def test_a_query_that_means_a_known_expression_joins_that_entry(client, world):
    as_user(client, world.people.national)
    entry = Synonym.objects.get(terms__startswith="KTP-el")
    before = Synonym.objects.count()
    response = client.post(f"{ADD_FROM_QUERY}?q=ktp berchip", {"terms": "ktp berchip, e-KTP"})
    assert response.status_code == 302, response.context["form"].errors
    entry.refresh_from_db()
    assert entry.term_list()[-1] == "ktp berchip" and "e-KTP" in entry.term_list()
    assert Synonym.objects.count() == before
    (message,) = get_messages(response.wsgi_request)
    assert str(message).startswith("Istilah baru ditambahkan ke entri “KTP-el, e-KTP,")


def test_a_synonym_that_still_finds_nothing_says_so(client, world):
    as_user(client, world.people.national)
    response = client.post(f"{ADD_FROM_QUERY}?q=uav", {"terms": "uav, kendaraan udara"})
    assert Synonym.objects.filter(terms="uav, kendaraan udara").exists()
    (message,) = get_messages(response.wsgi_request)
    assert "masih belum menemukan hasil" in str(message) and message.level_tag == "warning"


def test_the_one_step_form_refuses_what_the_dictionary_refuses(client, world):
    as_user(client, world.people.national)
    before = Synonym.objects.count()
    page = client.post(f"{ADD_FROM_QUERY}?q=uav", {"terms": "uav, "}).content.decode()
    assert "Isi paling sedikit dua istilah yang berbeda" in page
    assert Synonym.objects.count() == before


def test_people_without_the_dictionary_right_cannot_add_from_a_query(client, world):
    before = Synonym.objects.count()
    for role in ("coordinator_a", "admin_only"):
        as_user(client, getattr(world.people, role))
        response = client.post(ADD_FROM_QUERY, {"terms": "uav, pesawat nirawak"})
        assert response.status_code == 302 and response.url == "/admin/"
        response = client.post(f"{SNIPPETS}add/", {"terms": "uav, pesawat nirawak"})
        assert response.status_code == 302 and response.url == "/admin/"
    assert Synonym.objects.count() == before
    # The same request by a curator does add it.
    as_user(client, world.people.national)
    assert client.post(f"{SNIPPETS}add/", {"terms": "uav, pesawat nirawak"}).status_code == 302
    assert Synonym.objects.count() == before + 1


# --- the dictionary screen --------------------------------------------------------------------


def test_the_dictionary_lists_and_searches_entries_in_indonesian(client, world):
    as_user(client, world.people.national)
    page = client.get(SNIPPETS).content.decode()
    assert "Sinonim dan akronim" in page and "istilah setara" in page
    found = client.get(SNIPPETS, {"q": "tengkes"}).content.decode()
    assert "stunting" in found and "KTP-el" not in found


@pytest.mark.parametrize(
    "terms, error",
    [
        ("posyandu", "Isi paling sedikit dua istilah yang berbeda"),
        ("Posyandu, posyandu", "Isi paling sedikit dua istilah yang berbeda"),
        ("uav, !!!", "“!!!” tidak berisi kata yang bisa dicari."),
        ("uav, " + "a" * 101, "terlalu panjang (paling banyak 100 karakter)"),
        (", ".join(f"istilah{i}" for i in range(21)), "Paling banyak 20 istilah"),
        ("e-KTP, kartu identitas", "“e-KTP” sudah ada di entri “KTP-el, e-KTP,"),
    ],
)
def test_an_entry_that_cannot_work_is_refused_with_its_reason(client, world, terms, error):
    as_user(client, world.people.national)
    before = Synonym.objects.count()
    page = client.post(f"{SNIPPETS}add/", {"terms": terms, "note": ""}).content.decode()
    assert error in page
    assert Synonym.objects.count() == before


def test_editing_an_entry_is_not_refused_for_the_terms_it_already_has(client, world):
    as_user(client, world.people.national)
    entry = Synonym.objects.get(terms__startswith="KTP-el")
    response = client.post(
        f"{SNIPPETS}edit/{entry.pk}/",
        {"terms": entry.terms + ", kartu identitas digital", "note": entry.note},
    )
    assert response.status_code == 302
    entry.refresh_from_db()
    assert entry.terms.endswith(", kartu identitas digital")
