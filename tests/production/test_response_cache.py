"""Whole responses of the search page, the search API and the feeds, kept for anonymous
readers (pagecache.responses, search.responses): a repeated search or feed is served from
the cache, and nothing a reader must not see, or must see at once, is hidden behind it."""

import re
from contextlib import contextmanager

import pytest
from django.core.cache import caches
from django.db import connection
from django.test import Client
from wagtail.models import PageViewRestriction

from insights.models import SearchAppearance, SearchEvent
from search import caches as search_caches
from search import resultcache
from tests.factories import JAWA_TIMUR, create_innovation
from tests.production import cache_backends

# Its own Redis database: clearing it must not touch another run's (the page cache tests
# use 1, the result cache tests 12).
REDIS_LOCATION = "redis://127.0.0.1:6379/13"
BROWSER = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 Chrome/131.0 Safari/537.36"
SEARCH = "/cari/?q=sampah"
API = "/api/v1/search/?q=sampah"
FEED = "/feeds/cari/?q=sampah"
NEWEST = "/feeds/terbaru/"

pytestmark = pytest.mark.django_db


@pytest.fixture(params=["redis", "memory"])
def response_cache(request, settings):
    cache_backends.use(settings, request.param, REDIS_LOCATION, "jipp-test-responses")
    settings.PAGE_CACHE_ENABLED = True
    settings.SEARCH_RESULT_CACHE_SECONDS = 300
    caches["default"].clear()
    resultcache.reset()  # no entry from another test's (rolled back) index
    search_caches.reset()
    yield caches["default"]
    caches["default"].clear()


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """Runs what a commit would run (the page cache's purge) at the end of the block."""

    @contextmanager
    def block():
        with django_capture_on_commit_callbacks(execute=True):
            yield
        connection.run_on_commit[:] = []

    return block


@pytest.fixture
def published(site_tree, committed):
    with committed():
        return create_innovation(title="Sampah Jadi Emas", tags=["sampah"])


@pytest.fixture
def browser():
    return Client(HTTP_USER_AGENT=BROWSER)


def visit(client, url, **extra):
    response = client.get(url, **extra)
    return response.status_code, response.get("X-Page-Cache"), response.content.decode()


@pytest.mark.parametrize("url", [SEARCH, API, FEED, NEWEST, "/en/search/?q=sampah"])
def test_a_repeated_request_is_served_whole_from_the_cache(
    response_cache, published, client, url, django_assert_max_num_queries
):
    status, state, first = visit(client, url)
    assert (status, state) == (200, "miss") and "Sampah Jadi Emas" in first
    # At most the index's state (searches) and nothing else: no rendering, no cards.
    with django_assert_max_num_queries(1):
        status, state, second = visit(client, url)
    assert (status, state) == (200, "hit")
    strip = re.compile(r'name="csrfmiddlewaretoken" value="[^"]+"')
    assert strip.sub("", second) == strip.sub("", first)


def test_languages_and_query_strings_have_their_own_entries(response_cache, published, client):
    assert "Perizinan dan Investasi" in visit(client, SEARCH)[2]
    english = visit(client, "/en/search/?q=sampah")
    assert english[1] == "miss" and "Licensing and Investment" in english[2]
    assert "Perizinan dan Investasi" in visit(client, SEARCH)[2]
    assert visit(client, "/cari/?q=sampah&sector=perizinan")[1] == "miss"
    assert visit(client, "/cari/?sector=perizinan&q=sampah")[1] == "miss"


def test_a_publication_shows_at_once_in_every_cached_search_and_feed(
    response_cache, published, client, committed
):
    for url in (SEARCH, API, FEED, NEWEST):
        visit(client, url)
    with committed():
        create_innovation(id="sampah-baru", title="Bank Sampah Surabaya", tags=["sampah"],
                          **JAWA_TIMUR)  # fmt: skip
    for url in (SEARCH, API, FEED, NEWEST):
        status, state, body = visit(client, url)
        assert (status, state) == (200, "miss"), url
        assert "Bank Sampah Surabaya" in body, url


def test_the_index_alone_changing_retires_cached_searches(response_cache, published, client):
    """A publication that has not committed yet purges no page, but the index changed in
    the same transaction: the searches read the new state at once."""
    visit(client, SEARCH)
    create_innovation(id="sampah-baru", title="Bank Sampah Surabaya", tags=["sampah"],
                      **JAWA_TIMUR)  # fmt: skip
    status, state, html = visit(client, SEARCH)
    assert state == "miss" and "Bank Sampah Surabaya" in html


@pytest.mark.parametrize("how", ["unpublished", "private"])
def test_a_page_that_leaves_the_public_leaves_every_cached_response(
    response_cache, published, client, committed, how
):
    for url in (SEARCH, API, FEED, NEWEST, published.url):
        assert "Sampah Jadi Emas" in visit(client, url)[2]
    with committed():
        if how == "unpublished":
            published.unpublish()
        else:  # Wagtail's privacy setting: no publication follows
            PageViewRestriction.objects.create(
                page=published, restriction_type=PageViewRestriction.PASSWORD, password="rahasia"
            )
    for url in (SEARCH, API, FEED, NEWEST, published.url):
        assert "Sampah Jadi Emas" not in visit(client, url)[2], url


def test_every_search_served_from_the_cache_is_recorded(response_cache, published, browser):
    for _ in range(3):
        visit(browser, SEARCH)
        visit(browser, API)
    states = [visit(browser, SEARCH)[1], visit(browser, API)[1]]
    assert states == ["hit", "hit"]
    events = SearchEvent.objects.order_by("id")
    assert [e.source for e in events] == ["page", "api"] * 4
    assert {(e.query, e.result_count) for e in events} == {("sampah", 1)}
    hub = published.get_parent().slug
    assert list(SearchAppearance.objects.values_list("hub", "best_position").distinct()) == [
        (hub, 1)
    ]


def test_each_reader_gets_a_csrf_token_of_their_own_that_works(response_cache, published):
    """The alert form on the search page posts with the token of the reader's own cookie."""
    tokens = []
    for _ in range(2):
        reader = Client(enforce_csrf_checks=True, HTTP_USER_AGENT=BROWSER)
        response = reader.get(SEARCH)
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', response.text)[1]
        assert "csrftoken" in response.cookies
        assert "Cookie" in response["Vary"]
        tokens.append((response["X-Page-Cache"], token))
        form = {"csrfmiddlewaretoken": token, "email": "warga@example.org", "query": "q=sampah"}
        posted = reader.post("/peringatan/berlangganan/", form)
        assert posted.status_code == 200, posted.content[:300]
    assert [state for state, _ in tokens] == ["miss", "hit"]
    assert tokens[0][1] != tokens[1][1]


def test_readers_with_a_region_a_session_or_messages_get_their_own_page(
    response_cache, published, client, admin_client
):
    visit(client, SEARCH)
    client.cookies["daerah_saya"] = "32.11"  # Kabupaten Sumedang
    status, state, html = visit(client, SEARCH)
    assert state is None and "Hanya daerah serupa dengan" in html
    assert visit(admin_client, SEARCH)[1] is None
    stranger = Client()
    stranger.cookies["messages"] = "x"
    assert visit(stranger, SEARCH)[1] is None


def test_refusals_and_errors_are_not_kept(response_cache, published, client):
    for _ in range(2):
        assert visit(client, "/cari/?year_from=abc")[:2] == (400, None)
        assert visit(client, "/api/v1/search/?sort=nope")[:2] == (400, None)


def test_a_cached_english_search_is_recorded_in_english(response_cache, published, browser):
    for url in (API + "&lang=en", "/en/search/?q=sampah"):
        assert [visit(browser, url)[1] for _ in range(2)] == ["miss", "hit"]
    assert list(SearchEvent.objects.values_list("source", "language").order_by("id")) == [
        ("api", "en"),
        ("api", "en"),
        ("page", "en"),
        ("page", "en"),
    ]
