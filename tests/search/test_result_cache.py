"""The search result cache (search.resultcache): a repeated search costs fewer queries, and
no index change (unpublishing, privacy) is ever hidden behind a cached answer.

Run on the cache backends that exist here: memory, the database table, and the real Redis
(DB 12) when it answers."""

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from django.utils import translation
from wagtail.models import PageViewRestriction

from insights.models import SearchEvent
from jipp_site import cache as fail_open
from search import resultcache, state
from search.query import SearchRequest
from search.service import run_search

from .oracle import API, all_slugs

BROWSER = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 Chrome/131.0 Safari/537.36"
REDIS_TEST_URL = "redis://127.0.0.1:6379/12"


def _redis_reachable():
    try:
        import redis

        return redis.Redis.from_url(REDIS_TEST_URL, socket_connect_timeout=1).ping()
    except Exception:  # noqa: BLE001 - unreachable is a skip, whatever the reason
        return False


BACKENDS = {
    "locmem": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "database": {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "jipp_cache",
    },
    "redis": {
        "BACKEND": "jipp_site.cache.FailOpenRedisCache",
        "LOCATION": REDIS_TEST_URL,
        "KEY_PREFIX": "test-searchcache",
    },
}


@pytest.fixture(params=list(BACKENDS))
def result_cache(request, site, search_engine):
    if search_engine != "database":
        pytest.skip("only the database engines' answers are cached (docs/search.md)")
    if request.param == "redis" and not _redis_reachable():
        pytest.skip(f"Redis at {REDIS_TEST_URL} is unreachable")
    with override_settings(
        CACHES={"default": BACKENDS[request.param]}, SEARCH_RESULT_CACHE_SECONDS=300
    ):
        if request.param == "database":
            call_command("createcachetable", verbosity=0)
        resultcache.reset()  # no entry from another test's (rolled back) index
        # A test of a closed Redis leaves the process skipping Redis for a while (by design,
        # jipp_site.cache); this one needs the real Redis from its first call.
        fail_open.reset()
        yield request.param
        if request.param == "redis":
            cache.clear()


def _search(client, **params):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(API, params)
    assert response.status_code == 200, response.content[:300]
    return response, len(queries)


def test_repeated_search_is_answered_from_the_cache(result_cache, client):
    first, first_queries = _search(client, q="perpustakaan", sort="newest")
    second, second_queries = _search(client, q="perpustakaan", sort="newest")
    assert first["X-Search-Cache"] == "miss"
    assert second["X-Search-Cache"] == "hit"
    assert second.json() == first.json()
    assert second_queries < first_queries


def test_filters_in_another_order_share_the_entry(result_cache, client):
    _search(client, q="layanan", province=["32", "33"])
    second, _ = _search(client, q="layanan", province=["33", "32"])
    assert second["X-Search-Cache"] == "hit"


@pytest.mark.parametrize(
    "other",
    [
        {"q": "perpustakaan", "province": "33"},
        {"q": "perpustakaan", "sort": "newest"},
        {"q": "perpustakaan", "page_size": "5"},
        {"q": "perpustakaan", "near": "33.02", "sort": "similar"},
        {"q": "perpustakaan keliling"},
    ],
)
def test_different_searches_do_not_share_entries(result_cache, client, other):
    _search(client, q="perpustakaan")
    response, _ = _search(client, **other)
    assert response["X-Search-Cache"] == "miss"
    again, _ = _search(client, **other)
    assert again["X-Search-Cache"] == "hit"


def test_interface_languages_do_not_share_entries(result_cache, client):
    """Labels (sectors, levels) are in the reader's language: /en/cari/ has its own entries."""
    request = SearchRequest(q="perpustakaan")
    index_state = state.read()
    with translation.override("id"):
        indonesian = resultcache.key_for(request, index_state, "sqlite")
    with translation.override("en"):
        english = resultcache.key_for(request, index_state, "sqlite")
    assert indonesian != english
    assert client.get("/cari/", {"q": "perpustakaan"}).status_code == 200
    page = client.get("/en/cari/", {"q": "perpustakaan"})
    assert page.status_code == 200
    assert 'lang="en"' in page.content.decode()


def test_unpublishing_shows_in_the_very_next_identical_search(result_cache, site, client):
    page = site.page("perpus-banyumas")
    assert page.slug in all_slugs(client, q="perpustakaan")
    _, cached = _search(client, q="perpustakaan", page_size=50)
    page.unpublish()
    response, _ = _search(client, q="perpustakaan", page_size=50)
    assert response["X-Search-Cache"] == "miss"
    assert page.slug not in {r["slug"] for r in response.json()["results"]}

    page.get_latest_revision().publish()
    response, _ = _search(client, q="perpustakaan", page_size=50)
    assert page.slug in {r["slug"] for r in response.json()["results"]}


def test_a_page_made_private_leaves_cached_results_at_once(result_cache, site, client):
    page = site.page("perpus-banyumas")
    _search(client, q="perpustakaan", page_size=50)
    PageViewRestriction.objects.create(
        page=page, restriction_type=PageViewRestriction.PASSWORD, password="x"
    )
    response, _ = _search(client, q="perpustakaan", page_size=50)
    assert page.slug not in {r["slug"] for r in response.json()["results"]}
    again, _ = _search(client, q="perpustakaan", page_size=50)
    assert page.slug not in {r["slug"] for r in again.json()["results"]}


def test_private_pages_never_appear_from_the_cache(result_cache, site, client):
    hidden = site.slugs(site.hidden)
    for _ in range(2):
        assert not all_slugs(client) & hidden
        assert not all_slugs(client, q="rahasia") & hidden


def test_insights_record_cached_searches_too(result_cache, client):
    client.defaults["HTTP_USER_AGENT"] = BROWSER  # a person, not a script: recorded
    before = SearchEvent.objects.filter(query="perpustakaan").count()
    client.get(API, {"q": "perpustakaan"})
    client.get("/cari/", {"q": "perpustakaan"})
    page = client.get("/cari/", {"q": "perpustakaan"})
    assert page.status_code == 200
    events = SearchEvent.objects.filter(query="perpustakaan")
    assert events.count() == before + 3
    assert {e.result_count for e in events} == {page.context["response"].total}


def test_broken_cache_still_answers(site, search_engine, client):
    """Redis down (a closed port): the site's cache fails open, search computes."""
    closed = {"BACKEND": "jipp_site.cache.FailOpenRedisCache", "LOCATION": "redis://127.0.0.1:1/0"}
    try:
        with override_settings(CACHES={"default": closed}, SEARCH_RESULT_CACHE_SECONDS=300):
            for _ in range(2):
                response = client.get(API, {"q": "perpustakaan"})
                assert response.status_code == 200
                assert response.json()["total"] > 0
                assert client.get("/cari/", {"q": "perpustakaan"}).status_code == 200
    finally:
        fail_open.reset()  # the tests after this one meet a reachable Redis at once


def test_a_cache_that_raises_is_a_miss(site, search_engine):
    """Django's own Redis cache raises when Redis is down: the search still answers."""
    closed = {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": "redis://127.0.0.1:1/0",
    }
    with override_settings(CACHES={"default": closed}, SEARCH_RESULT_CACHE_SECONDS=300):
        for _ in range(2):
            response = run_search(SearchRequest(q="perpustakaan"))
            assert response.total > 0
            assert not response.from_cache


def test_zero_seconds_disables_it(site, search_engine, client):
    with override_settings(SEARCH_RESULT_CACHE_SECONDS=0):
        _search(client, q="perpustakaan")
        response, _ = _search(client, q="perpustakaan")
    assert response["X-Search-Cache"] == "miss"


@pytest.mark.parametrize(
    "q",
    [
        "perpustakaan di Jawa Tengah",  # a place read from the words
        "gizi balita di Sulawesi",  # an island group
        "Kampung Gizi Gowa diadaptasi dari inovasi mana",  # replication intent
        "perpustakaan selam",  # a word no document has, set aside
    ],
)
def test_interpreted_searches_are_kept_whole(result_cache, client, q):
    """What interpretation read into the words comes back from the cache unchanged."""
    first, _ = _search(client, q=q)
    second, _ = _search(client, q=q)
    assert second["X-Search-Cache"] == "hit"
    assert second.json() == first.json()
    page = client.get("/cari/", {"q": q})
    again = client.get("/cari/", {"q": q})
    assert page.status_code == again.status_code == 200
    assert again.context["response"].from_cache
    assert again.context["response"].interpretation == page.context["response"].interpretation
