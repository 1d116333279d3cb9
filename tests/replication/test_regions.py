"""Regions like mine: official population figures, closeness with its reasons, the
remembered region (a cookie, no account) on the home, innovation and search pages."""

import pytest

from innovations.models import Province, Regency
from replication.regions import COOKIE, closeness, population_words, similar_regencies
from tests.factories import JAWA_TIMUR, create_innovation
from tests.html_helpers import element, get_html, text_of

pytestmark = pytest.mark.django_db


def regency(name):
    return Regency.objects.select_related("province__island_group").get(name=name)


def test_population_comes_from_the_official_figures(db):
    # Kepmendagri 300.2.2-2138/2025, as the reference data loads it.
    assert regency("Kabupaten Sumedang").population == 1_226_660
    assert Province.objects.get(code="32").population == 51_316_378
    national = sum(Province.objects.values_list("population", flat=True))
    assert national == 284_973_643
    assert not Regency.objects.filter(population__isnull=True).exists()


def test_closeness_says_why(db):
    sumedang = regency("Kabupaten Sumedang")
    near = closeness(sumedang, regency("Kabupaten Majalengka"))
    assert near.reasons == ("kabupaten", "1,4 juta penduduk", "Jawa", "provinsi yang sama")
    assert near.level == "sangat serupa"
    far = closeness(sumedang, regency("Kota Surabaya"))  # a city of 3 million, also on Java
    assert far.reasons == ("Jawa",)
    assert far.score < near.score
    other_island = closeness(sumedang, regency("Kabupaten Timor Tengah Selatan"))
    assert other_island.reasons == ("kabupaten",)
    assert population_words(42_793) == "43 ribu penduduk"


def test_the_most_similar_regencies_start_with_ones_own(db):
    codes = similar_regencies(regency("Kabupaten Sumedang"))
    assert codes[0] == "32.11"
    assert len(codes) == 40
    assert "35.78" not in codes  # Kota Surabaya


def test_choosing_a_region_is_remembered_and_shown(site_tree, client):
    near = create_innovation(title="Inovasi Majalengka", regency="Kabupaten Majalengka")
    create_innovation(title="Inovasi Surabaya", **JAWA_TIMUR)
    response = client.get("/daerah-saya/", {"region": "Kabupaten Sumedang, Jawa Barat",
                                             "next": near.url})  # fmt: skip
    assert response.status_code == 302 and response["Location"] == near.url
    assert client.cookies[COOKIE].value == "32.11"
    assert client.cookies[COOKIE]["httponly"]

    page = text_of(get_html(client, near.url))
    assert "Dibanding Kabupaten Sumedang: sangat serupa — kabupaten, 1,4 juta penduduk" in page

    home = element(get_html(client, "/"), 'id="daerah-serupa"')
    items = text_of(home)
    assert "Inovasi dari daerah serupa dengan Kabupaten Sumedang" in items
    assert items.index("Inovasi Majalengka") < items.index("Inovasi Surabaya")

    search = get_html(client, "/cari/", q="inovasi")
    assert "Hanya daerah serupa dengan Kabupaten Sumedang" in text_of(search)
    assert "regency=32.11" in search


def test_an_unknown_region_is_refused_clearly(site_tree, client):
    response = client.get("/daerah-saya/", {"region": "Kabupaten Atlantis"})
    assert response.status_code == 400
    assert "bukan kabupaten/kota yang dikenal" in text_of(response.content.decode())
    assert COOKIE not in client.cookies


def test_forgetting_the_region_and_a_foreign_next_is_ignored(site_tree, client):
    client.get("/daerah-saya/", {"region": "Kabupaten Sumedang, Jawa Barat"})
    response = client.get("/daerah-saya/", {"action": "hapus", "next": "https://jahat.example/"})
    assert response["Location"] == "/"
    assert client.cookies[COOKIE].value == ""
