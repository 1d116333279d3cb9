"""How much one search request may ask for, and what building its page costs.

An audit sent /cari/ 13 facets x 100 values (a 13.5 KB URL) and got 46 MB back: every
active-filter chip links to the same search without its value, and each link re-encoded the
whole query string. A request is now bounded (values per facet, values in all, length of the
query string), each bound a clear 400 naming the parameter on the API, the page and the feed;
and every link on the page is put together from pairs encoded once.
"""

import urllib.parse
from urllib.parse import urlencode

import pytest

from search.facets import FACETS
from search.query import MAX_QUERY_STRING_LENGTH, MAX_SELECTED_VALUES, MAX_VALUES_PER_FACET
from tests.html_helpers import element, text_of

from .oracle import API

PAGE = "/cari/"
FEED = "/feeds/cari/"


def tags(count, start=0, width=20):
    return [f"tag-{i:0{width}d}" for i in range(start, start + count)]


def audit_query():
    """The audit's URL: 100 values for each of the 13 facets."""
    values = {
        "province": [f"{i:02d}" for i in range(100)],
        "regency": [f"{i // 100:02d}.{i % 100:02d}" for i in range(100)],
        "sdg": [str(1 + i % 17) for i in range(100)],
        "year": [str(1950 + i) for i in range(100)],
        "award": [f"Penghargaan {i}" for i in range(100)],
    }
    pairs = [
        (facet.name, value)
        for facet in FACETS
        for value in values.get(facet.name, [f"nilai-{i}" for i in range(100)])
    ]
    return urlencode(pairs)


def api_error(response):
    assert response.status_code == 400, response.content[:200]
    return response.json()["error"]


# --- the bounds -------------------------------------------------------------------------


@pytest.mark.parametrize("where", [API, PAGE, FEED])
def test_too_many_values_for_one_facet(site_tree, client, where):
    allowed = client.get(where, {"tag": tags(MAX_VALUES_PER_FACET)})
    refused = client.get(where, {"tag": tags(MAX_VALUES_PER_FACET + 1)})

    assert allowed.status_code == 200
    assert refused.status_code == 400
    message = refused.content.decode()
    assert f"Paling banyak {MAX_VALUES_PER_FACET} nilai untuk tag" in message
    if where == API:
        assert api_error(refused)["parameter"] == "tag"


@pytest.mark.parametrize("where", [API, PAGE, FEED])
def test_too_many_values_in_all(site_tree, client, where):
    half = MAX_SELECTED_VALUES // 2
    within = {"hub": tags(half), "tag": tags(MAX_SELECTED_VALUES - half)}
    beyond = {"hub": tags(half), "tag": tags(MAX_SELECTED_VALUES - half + 1)}

    assert client.get(where, within).status_code == 200
    refused = client.get(where, beyond)

    assert refused.status_code == 400
    assert f"paling banyak {MAX_SELECTED_VALUES} nilai filter" in refused.content.decode()
    if where == API:
        assert api_error(refused)["parameter"] == "tag"  # the facet that went over


@pytest.mark.parametrize("where", [API, PAGE, FEED])
def test_query_string_too_long(site_tree, client, where):
    # Award names are free text of up to 150 characters: 30 of them stay within the counts.
    awards = [f"{i:03d} " + "x" * 146 for i in range(30)]
    assert len(urlencode([("award", a) for a in awards])) > MAX_QUERY_STRING_LENGTH

    refused = client.get(where, {"award": awards})

    assert refused.status_code == 400
    assert f"paling banyak {MAX_QUERY_STRING_LENGTH} karakter" in refused.content.decode()
    if where == API:
        assert api_error(refused)["parameter"] == "award"  # the longest part of the query


def test_the_page_names_the_bound_and_offers_the_search_without_it(site_tree, client):
    response = client.get(PAGE, {"q": "sampah", "tag": tags(MAX_VALUES_PER_FACET + 1)})

    error = element(response.content.decode(), 'role="alert"')
    assert "<code>tag</code>" in error
    assert "Cari tanpa parameter tag" in text_of(error)
    assert 'href="/cari/?q=sampah"' in error


@pytest.mark.parametrize("where", [API, PAGE, FEED])
def test_the_audit_url_is_refused_quickly_and_briefly(site_tree, client, where):
    response = client.generic("GET", f"{where}?{audit_query()}")

    assert response.status_code == 400
    assert len(response.content) < 20_000  # it was 46 MB


# --- what a request within the bounds costs ---------------------------------------------


def test_a_page_at_every_bound_stays_small(site_tree, client):
    """The most a request may select, with the longest values that fit: every chip links
    to the whole search less one value, so the page grows with values x URL length."""
    per_facet = MAX_SELECTED_VALUES // 3
    params = {
        "q": "sampah",
        "tag": tags(per_facet, width=30),
        "hub": tags(per_facet, width=30),
        "award": tags(MAX_SELECTED_VALUES - 2 * per_facet, width=30),
    }
    query = urlencode(params, doseq=True)
    assert len(query) <= MAX_QUERY_STRING_LENGTH

    response = client.get(f"{PAGE}?{query}")

    assert response.status_code == 200
    assert response.content.count(b'class="chip"') == MAX_SELECTED_VALUES
    assert len(response.content) < 400_000


@pytest.fixture
def encoded_bytes(monkeypatch):
    """How many bytes go through percent-encoding (QueryDict and urlencode both end there)."""
    counted = {"bytes": 0}
    original = urllib.parse.quote_from_bytes

    def counting(data, *args, **kwargs):
        counted["bytes"] += len(data)
        return original(data, *args, **kwargs)

    monkeypatch.setattr(urllib.parse, "quote_from_bytes", counting)
    return counted


def test_building_the_page_links_is_linear_in_the_selected_values(site_tree, client, encoded_bytes):
    def encoded_for(count):
        query = urlencode({"q": "sampah", "tag": tags(count, width=40)}, doseq=True)
        encoded_bytes["bytes"] = 0
        response = client.get(f"{PAGE}?{query}")
        assert response.status_code == 200
        assert response.content.count(b'class="chip"') == count
        return encoded_bytes["bytes"]

    small, large = encoded_for(12), encoded_for(48)

    # Linear: four times the values, about four times the bytes (quadratic was sixteen).
    assert large < 5 * small, (small, large)


def test_the_page_states_the_bounds(site_tree, client):
    page = client.get(PAGE, {"q": "sampah"}).content.decode()
    stated = text_of(element(page, 'class="search-filters__limits"'))
    assert stated == (
        f"Paling banyak {MAX_VALUES_PER_FACET} pilihan per filter dan "
        f"{MAX_SELECTED_VALUES} pilihan sekaligus."
    )


def test_the_bounds_speak_english_under_en(site_tree, client):
    response = client.get("/en/search/", {"tag": tags(MAX_VALUES_PER_FACET + 1)})
    assert response.status_code == 400
    assert f"At most {MAX_VALUES_PER_FACET} values for tag" in response.content.decode()
    page = client.get("/en/search/", {"q": "sampah"}).content.decode()
    assert f"At most {MAX_VALUES_PER_FACET} choices per filter" in page
