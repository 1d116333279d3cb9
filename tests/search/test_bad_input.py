"""Whatever is sent, the API answers 400 naming the parameter or 200 searched as plain
text, never 500. Runs on the shared corpus, so text queries hit a real index."""

import json

import pytest
from django.test import Client

from search.facets import FACETS
from search.query import MAX_QUERY_STRING_LENGTH, MAX_SELECTED_VALUES, MAX_VALUES_PER_FACET
from search.service import EngineUnavailable

from .oracle import API

# (query string parameters, the parameter a 400 must name)
REJECTED = [
    ({"foo": "1"}, "foo"),
    ({"q": "air", "unknown_param": "x"}, "unknown_param"),
    ({"year_from": "abc"}, "year_from"),
    ({"year_from": "2020.5"}, "year_from"),
    ({"year_to": "-1"}, "year_to"),
    ({"year_from": "1800"}, "year_from"),
    ({"page": "0"}, "page"),
    ({"page": "-3"}, "page"),
    ({"page": "1000000000"}, "page"),
    ({"page": "99999999999999999999999"}, "page"),
    ({"page": "1e3"}, "page"),
    ({"page": "dua"}, "page"),
    ({"page_size": "10000"}, "page_size"),
    ({"page_size": "0"}, "page_size"),
    ({"page_size": "51"}, "page_size"),
    ({"q": "a" * 5000}, "q"),
    ({"q": "kata " * 200}, "q"),
    ({"province": "XX"}, "province"),
    ({"province": "321"}, "province"),
    ({"province": "jawa barat"}, "province"),
    ({"regency": "3205"}, "regency"),
    ({"sdg": "18"}, "sdg"),
    ({"sdg": "0"}, "sdg"),
    ({"sdg": "tujuh"}, "sdg"),
    ({"year": "20"}, "year"),
    ({"sector": "<script>"}, "sector"),
    ({"tag": "a b"}, "tag"),
    ({"award": "x\x00y"}, "award"),
    ({"award": "x" * 151}, "award"),
    ({"year_from": "2022", "year_to": "2018"}, "year_from"),
    ({"sort": "random"}, "sort"),
    ({"sort": "-newest"}, "sort"),
]

# Queries searched as plain text: q must never reach an engine as syntax.
PLAIN_QUERIES = [
    '"', '""', '"perpustakaan', 'perpustakaan"', '"perpustakaan keliling',
    "*", "perpus*", "NEAR(perpustakaan desa)", "NEAR(", "perpustakaan AND desa",
    "perpustakaan OR sampah", "NOT sampah", "AND", "OR", "NOT", "-sampah", "sampah -desa",
    "(", ")", "(sampah", "sampah)", "((()))", "a:b", "title:sampah", "a : b", "^", "sampah^2",
    "{a}", "{a b}:sampah", "'", "''", "' OR 1=1 --", "sampah'; DROP TABLE x; --", "\\", "\\'",
    "%", "_", "%_%", "&", "|", "!", "<->", "a <-> b", ":*", "sampah:*", "a & b | !c",
    "\x00", "sampah\x00desa", "\x07", "\x1b[31m", "\t\n\r", "\u200b", "\ufeffsampah",
    "\U0001f600", "sampah \U0001f5d1\ufe0f", "🇮🇩", "Ṡampah", "ﬁ", "ＳＡＭＰＡＨ", "日本語",
    "\u202e", "\ud7ff", " ", "   ", "a", "aa", "0", "2021", "9" * 400, "x" * 500,
    "supercalifragilisticexpialidociousperpustakaan" * 5,
    " ".join(["sampah"] * 90), " ".join(f"kata{i}" for i in range(80)),
    "perpustkaan (desa) OR \"sampah",
]  # fmt: skip


def error_of(response):
    assert response.status_code == 400, response.content[:300]
    assert response["Content-Type"].startswith("application/json")
    body = response.json()
    assert set(body) == {"error"}
    error = body["error"]
    assert isinstance(error["message"], str) and error["message"]
    assert error["status"] == 400
    return error


def assert_ok(response):
    assert response.status_code == 200, response.content[:300]
    data = response.json()
    assert isinstance(data["total"], int) and data["total"] >= 0
    assert isinstance(data["results"], list)
    assert set(data["facets"]) == {f.name for f in FACETS}
    return data


@pytest.mark.parametrize("params,parameter", REJECTED)
def test_rejected_with_the_parameter_named(site, client, params, parameter):
    assert error_of(client.get(API, params))["parameter"] == parameter


def test_a_value_without_a_name_is_refused_as_such(site, client):
    """ "?=x" (a stray "&=" in a hand-written URL): Django reads a parameter named "".
    The error says what is wrong and names that parameter: the empty name."""
    error = error_of(client.get(API + "?q=air&=null"))
    assert error["parameter"] == ""
    assert "tanpa nama" in error["message"] and "'=null'" in error["message"]
    english = error_of(client.get(API + "?=null&lang=en"))
    assert "without a parameter name" in english["message"]


@pytest.mark.parametrize("q", PLAIN_QUERIES)
def test_anything_in_q_is_plain_text(site, client, q):
    response = client.get(API, {"q": q})
    if response.status_code == 400:
        assert error_of(response)["parameter"] == "q"
    else:
        assert_ok(response)


def test_syntax_characters_do_not_change_the_words(site, client):
    """Operators are ignored: the words around them are searched as words."""

    def slugs(q):
        return [r["slug"] for r in assert_ok(client.get(API, {"q": q, "page_size": 50}))["results"]]

    plain = slugs("perpustakaan desa")
    assert plain
    for q in ('"perpustakaan desa"', "perpustakaan AND desa", "(perpustakaan) desa",
              "perpustakaan* desa^", "perpustakaan: -desa", "{perpustakaan} desa",
              '"perpustakaan desa'):  # fmt: skip
        assert slugs(q) == plain, q
    assert slugs("NEAR(perpustakaan desa)") == slugs("near perpustakaan desa")
    assert slugs("perpustakaan OR sampah") == slugs("or perpustakaan sampah")
    assert slugs("sampah\x00desa") == slugs("sampah desa")
    assert slugs("\x07sampah") == slugs("sampah")
    assert slugs("sampah \U0001f5d1") == slugs("sampah")


def test_boolean_words_are_just_words(site, client):
    # "AND"/"OR"/"NOT" must not act as operators: NOT sampah still finds sampah pages.
    data = assert_ok(client.get(API, {"q": "NOT sampah"}))
    assert data["total"] >= 2


@pytest.mark.parametrize(
    "raw",
    [
        "q=%ff%fe",
        "q=%ff",
        "q=sampah%c3%28",
        "q=%ed%a0%80",  # an encoded surrogate
        "q=%c0%af",  # overlong
        "q=%00",
        "q=%",
        "q=%zz",
        "q=sampah&province=%ff",
        "award=%ff%fe",
        "%ff=1",
        "q=a&q=b",
        "page=1&page=2",
        "page_size=5&page_size=5",
        "sort=newest&sort=newest",
        "year_from=2019&year_from=2020",
        "q",
        "=",
        "&&&",
        "province=",
        "province=32&province=32",
        "sdg=1&sdg=17&sdg=4",
        "year_from=&year_to=",
        "format=json",
        "q=" + "%41" * 6000,
    ],
)
def test_raw_query_strings(site, client, raw):
    response = client.generic("GET", f"{API}?{raw}")
    assert response.status_code in (200, 400), (raw, response.status_code)
    assert response["Content-Type"].startswith("application/json")
    if response.status_code == 400:
        assert isinstance(error_of(response)["parameter"], str)  # "=" names the parameter ""
    else:
        assert_ok(response)


def test_repeated_page_is_rejected(site, client):
    response = client.generic("GET", f"{API}?page=1&page=2")
    assert error_of(response)["parameter"] == "page"


def test_invalid_utf8_is_searched_as_nothing_in_particular(site, client):
    data = assert_ok(client.generic("GET", f"{API}?q=%ff%fe"))
    assert "\ufffd" not in json.dumps(data["suggestion"])


def test_many_values_for_one_facet(site, client):
    assert_ok(client.get(API, {"tag": [f"tag-{i}" for i in range(MAX_VALUES_PER_FACET)]}))
    error = error_of(
        client.get(API, {"tag": [f"tag-{i}" for i in range(MAX_VALUES_PER_FACET + 1)]})
    )
    assert error["parameter"] == "tag"


def test_unknown_but_well_formed_values_select_nothing(site, client):
    data = assert_ok(
        client.get(API, {"sector": "tidak-ada", "hub": "tidak-ada", "award": "<b>x</b>"})
    )
    assert data["total"] == 0
    selected = {(f, v["value"]) for f, vs in data["facets"].items() for v in vs if v["selected"]}
    assert selected == {("sector", "tidak-ada"), ("hub", "tidak-ada"), ("award", "<b>x</b>")}


@pytest.mark.parametrize("url", [API, "/api/v1/openapi.json"])
@pytest.mark.parametrize("method", ["post", "put", "patch", "delete", "options", "trace"])
def test_other_methods_are_not_allowed(site, method, url):
    """405 with an Allow header, as the document says, even with CSRF checks on (a browser
    or a program without a CSRF token used to get CSRF's 403)."""
    client = Client(enforce_csrf_checks=True)
    response = client.generic(method.upper(), url, "q=sampah")
    assert response.status_code == 405
    assert set(response["Allow"].split(", ")) == {"GET", "HEAD"}


def test_head_is_answered_like_get(site, client):
    head = client.head(API, {"q": "sampah"})
    get = client.get(API, {"q": "sampah"})
    assert head.status_code == get.status_code == 200
    assert head["Content-Type"] == get["Content-Type"]
    assert head.content == b""


@pytest.mark.parametrize("name", ["sort", "page", "page_size", "year_from", "province", "tag"])
def test_blank_parameters_are_refused_by_the_api(site, client, name):
    error = error_of(client.generic("GET", f"{API}?q=sampah&{name}="))
    assert error["parameter"] == name
    assert "tidak boleh kosong" in error["message"]


def test_blank_parameters_from_a_form_are_left_out_on_the_page(site, client):
    """The search form sends its empty fields: the page and the feed skip them."""
    for url in ("/cari/", "/feeds/cari/"):
        response = client.generic("GET", f"{url}?q=sampah&sort=&year_from=&year_to=&province=")
        assert response.status_code == 200, url


@pytest.mark.parametrize(
    "raw,parameter",
    [
        ("year=1800", "year"),  # four digits, outside the documented range
        ("sdg=01", None),  # an integer, written with a leading zero: accepted
        ("level=desa", "level"),  # outside the documented enum
        ("page=%20%202", "page"),  # not an integer as sent
        ("province=%D9%A3%D9%A2", "province"),  # Arabic-Indic digits
        ("tag=sampah%0A", "tag"),  # a trailing newline is not part of a slug
        ("q=" + "+" * 501, "q"),  # the API's q is at most 500 characters as sent
    ],
)
def test_values_are_checked_as_the_document_says(site, client, raw, parameter):
    response = client.generic("GET", f"{API}?{raw}")
    if parameter is None:
        assert_ok(response)
    else:
        assert error_of(response)["parameter"] == parameter


def test_engine_unavailable_is_a_documented_503(site, client, monkeypatch):
    from search import api

    def unavailable(request):
        raise EngineUnavailable("database engine down")

    monkeypatch.setattr(api, "run_search", unavailable)
    response = client.get(API, {"q": "sampah"})

    assert response.status_code == 503
    assert int(response["Retry-After"]) > 0
    error = response.json()["error"]
    assert error["status"] == 503 and error["parameter"] is None and error["message"]


def test_openapi_documents_every_status_and_limit(client):
    operation = client.get("/api/v1/openapi.json").json()["paths"]["/api/v1/search/"]["get"]
    assert {"200", "400", "405", "414", "503"} <= set(operation["responses"])
    for status in ("400", "503"):
        assert "application/json" in operation["responses"][status]["content"]
    text = operation["description"]
    for limit in (MAX_VALUES_PER_FACET, MAX_SELECTED_VALUES, MAX_QUERY_STRING_LENGTH):
        assert str(limit) in text
    assert "year_from" in text and "HEAD" in text
    for parameter in operation["parameters"]:
        if parameter["schema"]["type"] == "array":
            assert parameter["schema"]["maxItems"] == MAX_VALUES_PER_FACET


def test_openapi_document(client):
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    document = json.loads(response.content)
    assert document["openapi"].startswith("3.")
    assert document["info"]["title"]
    operation = document["paths"]["/api/v1/search/"]["get"]
    names = {p["name"] for p in operation["parameters"]}
    facet_names = {f.name for f in FACETS}
    assert facet_names <= names
    assert {"q", "page", "page_size", "sort", "year_from", "year_to"} <= names
    for parameter in operation["parameters"]:
        assert parameter["in"] == "query"
        assert "schema" in parameter
    for facet in facet_names:
        (parameter,) = [p for p in operation["parameters"] if p["name"] == facet]
        assert parameter["schema"]["type"] == "array"
    assert {"200", "400"} <= set(operation["responses"])
    assert "application/json" in operation["responses"]["200"]["content"]


def test_openapi_names_every_known_parameter(site, client):
    """Anything the API accepts is documented, and nothing documented is refused (with the
    reference data: `near` names a kabupaten/kota it must find)."""
    document = client.get("/api/v1/openapi.json").json()
    documented = {p["name"] for p in document["paths"]["/api/v1/search/"]["get"]["parameters"]}
    for name in documented:
        value = {"q": "x", "page": "1", "page_size": "5", "sort": "newest", "year_from": "2000",
                 "year_to": "2020", "year": "2020", "province": "32", "regency": "32.05",
                 "sdg": "3", "channel": "bergerak", "level": "kota", "near": "32.11",
                 "interpret": "1", "replication": "replicated",
                 "lang": "en"}.get(name, "x")  # fmt: skip
        response = client.get(API, {name: value})
        assert response.status_code == 200, (name, response.content[:200])
