"""Regions like mine: official population figures, closeness with its reasons, the
remembered region (a cookie, no account) on the home, innovation and search pages."""

from decimal import Decimal

import pytest

from innovations.models import Province, Regency
from replication.regions import (
    COOKIE,
    closeness,
    density_words,
    population_words,
    similar_regencies,
)
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


def test_area_and_density_come_from_the_official_figures(db):
    # Badan Informasi Geospasial, 16 December 2024, as the reference data loads it.
    sumedang = regency("Kabupaten Sumedang")
    assert sumedang.area == Decimal("1566.204")
    assert round(sumedang.density, 1) == 783.2  # 1,226,660 people / 1,566.204 km²
    jawa_barat = Province.objects.get(code="32")
    assert jawa_barat.area == sum(r.area for r in jawa_barat.regencies.all())
    assert not Regency.objects.filter(area__isnull=True).exists()
    assert density_words(sumedang.density) == "783 jiwa/km²"
    assert density_words(23_107.9) == "23.108 jiwa/km²"
    assert density_words(4.26) == "4,3 jiwa/km²"
    # Without an area there is no density: never estimated.
    sumedang.area = None
    assert sumedang.density is None


def test_neighbouring_provinces_share_a_land_border(db):
    def neighbours(code):
        return set(Province.objects.get(code=code).neighbours.values_list("name", flat=True))

    assert neighbours("32") == {"DKI Jakarta", "Banten", "Jawa Tengah"}
    assert "Jawa Barat" in neighbours("33")  # both ways
    assert neighbours("51") == set()  # Bali: the strait to Jawa Timur is no land border
    assert neighbours("94") == {"Papua", "Papua Barat", "Papua Selatan", "Papua Pegunungan"}


def test_closeness_says_why(db):
    sumedang = regency("Kabupaten Sumedang")
    near = closeness(sumedang, regency("Kabupaten Majalengka"))
    assert near.reasons == (
        "kabupaten", "1,4 juta penduduk", "1.029 jiwa/km²", "Jawa", "provinsi yang sama"
    )  # fmt: skip
    assert near.level == "sangat serupa"
    # Across the border in Jawa Tengah: a neighbouring province counts, less than one's own.
    neighbour = closeness(sumedang, regency("Kabupaten Banjarnegara"))
    assert neighbour.reasons == (
        "kabupaten", "1,1 juta penduduk", "936 jiwa/km²", "Jawa", "provinsi bertetangga"
    )  # fmt: skip
    assert neighbour.level == "sangat serupa"
    assert neighbour.score < closeness(sumedang, regency("Kabupaten Kuningan")).score
    far = closeness(sumedang, regency("Kota Surabaya"))  # a city of 3 million, also on Java
    assert far.reasons == ("Jawa",)
    assert far.score < near.score
    # Same kind, population near enough, but 125 people per km² against 783, elsewhere.
    other_island = closeness(sumedang, regency("Kabupaten Timor Tengah Selatan"))
    assert other_island.reasons == ("kabupaten",)
    assert population_words(42_793) == "43 ribu penduduk"


def test_density_tells_apart_regions_of_the_same_population(db):
    sumedang, banjarnegara = regency("Kabupaten Sumedang"), regency("Kabupaten Banjarnegara")
    as_dense = closeness(sumedang, banjarnegara)
    banjarnegara.area *= 10  # the same 1.1 million people on ten times the land
    sparse = closeness(sumedang, banjarnegara)
    assert sparse.score < as_dense.score
    assert "1,1 juta penduduk" in sparse.reasons
    assert not [reason for reason in sparse.reasons if "jiwa/km²" in reason]


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
