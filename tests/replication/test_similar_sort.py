"""The "daerah serupa" order: results whose region is closest to the reader's come first,
ties by relevance; in the API (sort=similar&near=32.11) and on the search page (the region
remembered in the browser). Runs on SQLite and, with DATABASE_URL set, on PostgreSQL."""

import pytest

from replication.regions import COOKIE
from tests.factories import JAWA_TIMUR, create_innovation
from tests.html_helpers import get_html, text_of

pytestmark = pytest.mark.django_db

JAWA_TENGAH = {"hub": "JIPP Provinsi Jawa Tengah", "province_code": "33",
               "institution": "Pemerintah Kabupaten Banjarnegara"}  # fmt: skip

# Newest first would be the reverse of the closeness order.
PLACES = [
    ("Antrean Sumedang", {"year_launched": 2019}),
    ("Antrean Majalengka", {"regency": "Kabupaten Majalengka", "year_launched": 2020}),
    ("Antrean Banjarnegara",  # a neighbouring province, a kabupaten of the same size
     {**JAWA_TENGAH, "regency": "Kabupaten Banjarnegara", "year_launched": 2021}),
    ("Antrean Jawa Barat",  # the province itself: same province, but not a kabupaten
     {"level": "provinsi", "regency": None, "institution": "Pemerintah Provinsi Jawa Barat",
      "year_launched": 2022}),
    ("Antrean Surabaya", {**JAWA_TIMUR, "year_launched": 2023}),  # a city of 3 million
    ("Antrean Kementerian",  # no region at all: after every region
     {"level": "kementerian", "ministry": "Kementerian Kesehatan", "province_code": None,
      "regency": None, "hub": "JIPP Provinsi Jawa Barat", "institution": "Kemenkes",
      "year_launched": 2024}),
]  # fmt: skip
CLOSEST_FIRST = [title for title, _fields in PLACES]


@pytest.fixture
def places(site_tree):
    return {title: create_innovation(title=title, **fields) for title, fields in PLACES}


def titles(client, **params):
    response = client.get("/api/v1/search/", params)
    assert response.status_code == 200, response.content
    return [hit["title"] for hit in response.json()["results"]]


def test_the_api_orders_by_closeness_to_the_region_given(places, client):
    assert titles(client, q="antrean", sort="newest") == CLOSEST_FIRST[::-1]
    assert titles(client, q="antrean", sort="similar", near="32.11") == CLOSEST_FIRST
    # Without words, ties go newest first; the order of regions is the same.
    assert titles(client, sort="similar", near="32.11") == CLOSEST_FIRST
    # Paging reads on in the same order.
    assert titles(client, sort="similar", near="32.11", page=2, page_size=4) == CLOSEST_FIRST[4:]
    # From Kota Surabaya, Surabaya comes first and Sumedang's province-level kin later.
    from_surabaya = titles(client, q="antrean", sort="similar", near="35.78")
    assert from_surabaya[0] == "Antrean Surabaya"
    assert from_surabaya[-1] == "Antrean Kementerian"
    # Filters still apply.
    assert titles(client, q="antrean", sort="similar", near="32.11", province="33") == [
        "Antrean Banjarnegara"
    ]


def test_ties_in_closeness_go_by_relevance(site_tree, client):
    create_innovation(
        title="Antrean Garut Antrean Daring",
        regency="Kabupaten Garut",
        tagline="Antrean daring untuk antrean puskesmas.",
    )
    create_innovation(title="Antrean Garut", regency="Kabupaten Garut", tagline="Satu loket.")
    relevance = titles(client, q="antrean daring")
    assert relevance[0] == "Antrean Garut Antrean Daring"  # though published first
    assert titles(client, q="antrean daring", sort="newest")[0] == "Antrean Garut"
    assert titles(client, q="antrean daring", sort="similar", near="32.05") == relevance


def test_the_api_explains_what_it_needs(places, client):
    response = client.get("/api/v1/search/", {"q": "antrean", "sort": "similar"})
    assert response.status_code == 400
    assert response.json()["error"]["parameter"] == "sort"
    assert "near=" in response.json()["error"]["message"]
    for near in ("99.99", "32", "Sumedang"):
        response = client.get("/api/v1/search/", {"sort": "similar", "near": near})
        assert response.status_code == 400, near
        assert response.json()["error"]["parameter"] == "near"


def test_the_page_offers_the_order_for_the_remembered_region(places, client):
    page = text_of(get_html(client, "/cari/", q="antrean", sort="similar"))
    assert "Pilih daerah Anda untuk mengurutkan menurut daerah serupa" in page
    assert "Daerah serupa" not in page.split("Urutkan:")[1].split("Pilih daerah")[0]

    client.cookies[COOKIE] = "32.11"
    html = get_html(client, "/cari/", q="antrean")
    assert "sort=similar" in html  # offered among the orders
    html = get_html(client, "/cari/", q="antrean", sort="similar")
    page = text_of(html)
    assert "Urutan: daerah inovasi yang paling serupa dengan Kabupaten Sumedang dahulu" in page
    positions = [page.index(title) for title in CLOSEST_FIRST]
    assert positions == sorted(positions)
    # Each card says why.
    assert "provinsi bertetangga" in page
    assert 'aria-current="true" class="is-current">Daerah serupa<' in html
