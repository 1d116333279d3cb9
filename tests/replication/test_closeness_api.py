"""Why a result is close to the reader's region, said to programs as it is said on the cards:
the search API's `closeness` (with `near`, any order, in the language `lang` asks for) and
the search export's order and "Kedekatan" column (the region remembered by the browser).
One rule (replication.regions.closeness) behind all of them. Runs on SQLite and, with
DATABASE_URL set, on PostgreSQL."""

import csv
import html
import io
import re

import pytest
from django.urls import reverse

from innovations.importing.sheet_rows import sheet_rows
from innovations.importing.spreadsheet import headers, read_spreadsheet
from replication.regions import COOKIE, TRAITS
from tests.factories import JAWA_TIMUR, create_innovation
from tests.replication.helpers import PASSWORD, VALID_POST, national_curator, request_for

pytestmark = pytest.mark.django_db

NTT = {"hub": "JIPP Provinsi Nusa Tenggara Timur", "province_code": "53",
       "regency": "Kabupaten Timor Tengah Selatan",
       "institution": "Pemerintah Kabupaten Timor Tengah Selatan"}  # fmt: skip
PLACES = [
    ("Antrean Sumedang", {"year_launched": 2018}),
    ("Antrean Majalengka", {"regency": "Kabupaten Majalengka", "year_launched": 2019}),
    ("Antrean Bandung", {"regency": "Kota Bandung", "level": "kota",
                         "institution": "Pemerintah Kota Bandung", "year_launched": 2020}),
    ("Antrean Surabaya", {**JAWA_TIMUR, "year_launched": 2021}),
    ("Antrean Timor Tengah Selatan", {**NTT, "year_launched": 2022}),
    ("Antrean Kementerian",
     {"level": "kementerian", "ministry": "Kementerian Kesehatan", "province_code": None,
      "regency": None, "hub": "JIPP Provinsi Jawa Barat", "institution": "Kemenkes",
      "year_launched": 2023}),
]  # fmt: skip
KEYS = {"region", "score", "layer", "level", "traits", "reasons", "label"}


@pytest.fixture
def places(site_tree):
    return {title: create_innovation(title=title, **fields) for title, fields in PLACES}


def api(client, **params):
    response = client.get("/api/v1/search/", params)
    assert response.status_code == 200, response.content
    return response


def closeness_by_title(client, **params):
    return {hit["title"]: hit["closeness"] for hit in api(client, **params).json()["results"]}


def test_each_result_says_why_it_is_close_to_the_region_given(places, client):
    near = closeness_by_title(client, q="antrean", sort="similar", near="32.11")
    assert all(set(why) == KEYS for why in near.values())

    bandung = near["Antrean Bandung"]  # a city in the same province, on Java
    assert {"same_province", "island_group"} <= set(bandung["traits"])
    assert "kind" not in bandung["traits"]  # a kota, not a kabupaten like Sumedang
    assert "Jawa" in bandung["reasons"] and "provinsi yang sama" in bandung["reasons"]
    assert bandung["region"] == {"code": "32.73", "name": "Kota Bandung"}
    assert bandung["label"].startswith("Dibanding Kabupaten Sumedang: ")
    assert bandung["label"].endswith(", ".join(bandung["reasons"]))

    majalengka = near["Antrean Majalengka"]  # the card's example, trait for trait
    assert majalengka["traits"] == ["kind", "population", "density", "island_group",
                                    "same_province"]  # fmt: skip
    assert majalengka["reasons"][:2] == ["kabupaten", "1,4 juta penduduk"]
    assert majalengka["level"] == "very_similar"
    assert majalengka["label"].startswith("Dibanding Kabupaten Sumedang: sangat serupa — ")

    far = near["Antrean Timor Tengah Selatan"]  # a kabupaten of a like size, far away
    assert far["traits"] == ["kind"]
    assert "Jawa" not in far["label"] and "provinsi" not in far["label"]
    assert far["score"] < bandung["score"] < majalengka["score"]

    # Its own region leads the order's first layer; each layer closer than the next.
    assert near["Antrean Sumedang"]["layer"] == 1
    assert near["Antrean Sumedang"]["score"] == 100
    assert 1 < majalengka["layer"] < bandung["layer"] < far["layer"]
    ministry = near["Antrean Kementerian"]
    assert ministry == {
        "region": None, "score": 0, "layer": None, "level": "not_similar", "traits": [],
        "reasons": [], "label": ministry["label"],
    }  # fmt: skip
    assert "kementerian/lembaga" in ministry["label"]
    assert set(TRAITS) >= {t for why in near.values() for t in why["traits"]}


def test_closeness_comes_with_any_order_and_only_with_near(places, client):
    by_relevance = closeness_by_title(client, q="antrean", near="32.11")
    by_similarity = closeness_by_title(client, q="antrean", sort="similar", near="32.11")
    assert by_relevance == by_similarity
    assert closeness_by_title(client, q="antrean", sort="newest", near="35.78")[
        "Antrean Surabaya"
    ]["layer"] == 1  # fmt: skip
    results = api(client, q="antrean").json()["results"]
    assert results and not any("closeness" in hit for hit in results)


def test_the_api_says_it_in_english_when_asked(places, client):
    response = api(client, q="antrean", near="32.11", lang="en")
    assert response["Content-Language"] == "en"
    near = {hit["title"]: hit["closeness"] for hit in response.json()["results"]}
    majalengka = near["Antrean Majalengka"]
    assert majalengka["label"].startswith("Compared with Kabupaten Sumedang: very similar — ")
    assert "same province" in majalengka["reasons"]
    assert "1.4 million inhabitants" in majalengka["reasons"]
    assert majalengka["traits"][-1] == "same_province"  # the keys do not change
    # Indonesian is the default, and lang is checked like every parameter.
    assert api(client, q="antrean")["Content-Language"] == "id"
    for bad in ({"lang": "fr"}, {"lang": ""}, {"lang": ["en", "id"]}):
        response = client.get("/api/v1/search/", {"q": "antrean", **bad})
        assert response.status_code == 400, bad
        assert response.json()["error"]["parameter"] == "lang"


def test_an_unknown_region_is_refused_plainly(places, client):
    for near in ("99.99", "32", "Sumedang"):
        response = client.get("/api/v1/search/", {"q": "antrean", "near": near})
        assert response.status_code == 400, near
        error = response.json()["error"]
        assert error["parameter"] == "near"
        assert "bukan kode kabupaten/kota yang dikenal" in error["message"]


def test_the_api_says_what_the_cards_say(places, client):
    near = closeness_by_title(client, q="antrean", near="32.11", page_size=20)
    client.cookies[COOKIE] = "32.11"
    page = client.get("/cari/", {"q": "antrean", "page_size": 20}).content.decode()
    cards = card_lines(page)
    for title, why in near.items():
        if why["reasons"]:  # a card shows its line only when something is shared
            assert cards[title] == why["label"], title
        else:
            assert title not in cards


def test_no_personal_data_in_the_closeness(places, client):
    # A replication request from Sumedang: its requester appears nowhere in the answer.
    request_for(places["Antrean Majalengka"], consent_public="on")
    text = api(client, q="antrean", sort="similar", near="32.11").content.decode()
    for personal in (VALID_POST["name"], VALID_POST["email"], VALID_POST["phone"],
                     VALID_POST["position"]):  # fmt: skip
        assert personal not in text


# --- the search export ---------------------------------------------------------------------


def card_lines(page):
    """{card title: its closeness line} of a search page, in the page's order."""
    cards = {}
    for article in re.findall(r"<article class=\"card innovation-card\">.*?</article>", page,
                              re.S):  # fmt: skip
        title = re.search(r'class="card__title"[^>]*><a[^>]*>(.*?)</a>', article, re.S)
        line = re.search(r'<p class="closeness"[^>]*>(.*?)</p>', article, re.S)
        if line:
            cards[html.unescape(title.group(1))] = " ".join(html.unescape(line.group(1)).split())
    return cards


def page_titles(client, **params):
    page = client.get("/cari/", params).content.decode()
    found = re.findall(r'class="card__title"[^>]*><a[^>]*>(.*?)</a>', page, re.S)
    return [html.unescape(title) for title in found]


def export(client, **params):
    response = client.get(reverse("search_export"), {"format": "csv", **params})
    assert response.status_code == 200, response.content[:500]
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    return response, rows[0], rows[1:]


@pytest.fixture
def curator(client):
    user = national_curator()
    assert client.login(username=user.username, password=PASSWORD)
    return user


def test_the_export_follows_the_pages_order_for_the_readers_region(places, client, curator):
    params = {"q": "antrean", "sort": "similar", "page_size": 20}
    client.cookies[COOKIE] = "32.11"
    on_the_page = page_titles(client, **params)
    assert on_the_page[:2] == ["Antrean Sumedang", "Antrean Majalengka"]
    assert on_the_page[-1] == "Antrean Kementerian"

    _response, header, rows = export(client, **params)

    title, closeness = header.index("Judul"), header.index("Kedekatan")
    assert [row[title] for row in rows] == on_the_page
    assert header == [*headers(), "Kedekatan"]  # a last column, after the template's own
    by_title = {row[title]: row[closeness] for row in rows}
    near = closeness_by_title(client, q="antrean", near="32.11", page_size=20)
    assert by_title == {name: why["label"] for name, why in near.items()}
    assert "provinsi yang sama" in by_title["Antrean Bandung"]

    # Another region, another order; the page and its export agree again.
    client.cookies[COOKIE] = "35.78"
    on_the_page = page_titles(client, **params)
    assert on_the_page[0] == "Antrean Surabaya"
    _response, header, rows = export(client, **params)
    assert [row[header.index("Judul")] for row in rows] == on_the_page


def test_without_a_region_the_export_is_as_before(places, client, curator):
    params = {"q": "antrean", "sort": "similar", "page_size": 20}
    on_the_page = page_titles(client, **params)  # no region: by relevance
    _response, header, rows = export(client, **params)
    assert header == headers()
    assert [row[header.index("Judul")] for row in rows] == on_the_page


def test_an_export_with_closeness_imports_back_as_it_was(places, client, curator):
    client.cookies[COOKIE] = "32.11"
    response, header, _rows = export(client, q="antrean", sort="similar")
    assert "Kedekatan" in header
    with_column = sheet_rows(read_spreadsheet("hasil.csv", response.content))
    del client.cookies[COOKIE]
    response, header, _rows = export(client, q="antrean", sort="similar")
    assert "Kedekatan" not in header
    without = sheet_rows(read_spreadsheet("hasil.csv", response.content))
    assert {row["data"]["id"]: row["data"] for row in with_column} == {
        row["data"]["id"]: row["data"] for row in without
    }
    assert not any(row["problems"] for row in with_column)
