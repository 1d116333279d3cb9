"""The public page cache: anonymous visitors get cached pages, which every publication,
unpublication, move and deletion retires; editors and private pages never see the cache."""

from contextlib import contextmanager

import pytest
from django.core.cache import caches
from django.db import connection
from django.test import override_settings
from wagtail.models import PageViewRestriction

from tests.factories import JAWA_TIMUR, create_innovation
from tests.production import cache_backends

REDIS_LOCATION = "redis://127.0.0.1:6379/1"


@pytest.fixture(params=["redis", "memory"])
def page_cache(request, settings):
    cache_backends.use(settings, request.param, REDIS_LOCATION, "jipp-test-pagecache")
    settings.PAGE_CACHE_ENABLED = True
    caches["default"].clear()
    yield caches["default"]
    caches["default"].clear()


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """Runs what a commit would run at the end of the block. The test's transaction never
    commits, so the callbacks also stay queued: they are dropped here, or the next block's
    purge would think one was already due."""

    @contextmanager
    def block():
        with django_capture_on_commit_callbacks(execute=True):
            yield
        connection.run_on_commit[:] = []

    return block


@pytest.fixture
def published(site_tree, committed):
    with committed():
        return create_innovation(title="Sampah Jadi Emas")


def visit(client, url):
    response = client.get(url)
    return response.status_code, response.get("X-Page-Cache"), response.content.decode()


@pytest.mark.django_db
def test_the_second_anonymous_view_is_served_from_the_cache_without_queries(
    page_cache, published, client, django_assert_num_queries
):
    assert visit(client, published.url)[:2] == (200, "miss")
    with django_assert_num_queries(0):
        status, state, html = visit(client, published.url)
    assert (status, state) == (200, "hit") and "Sampah Jadi Emas" in html


@pytest.mark.django_db
def test_publishing_and_unpublishing_retire_the_cached_page(
    page_cache, published, client, committed
):
    visit(client, published.url)
    visit(client, "/")
    with committed():
        published.title = "Sampah Jadi Rupiah"
        published.save_revision().publish()
    status, state, html = visit(client, published.url)
    assert (status, state) == (200, "miss") and "Sampah Jadi Rupiah" in html

    with committed():
        published.unpublish()
    assert visit(client, published.url)[0] == 404
    assert "Sampah Jadi Rupiah" not in visit(client, "/")[2]


@pytest.mark.django_db
def test_moving_and_deleting_retire_the_cached_page(page_cache, published, client, committed):
    old_url = published.url
    visit(client, old_url)
    with committed():
        other_hub = create_innovation(**JAWA_TIMUR).get_parent()
    visit(client, old_url)
    with committed():
        published.move(other_hub, pos="last-child")
    # Not the cached page: Wagtail's automatic redirect to the new address.
    response = client.get(old_url)
    assert response.status_code == 301 and "X-Page-Cache" not in response

    published.refresh_from_db()
    visit(client, published.url)
    new_url = published.url
    with committed():
        published.delete()
    assert visit(client, new_url)[0] == 404


@pytest.mark.django_db
def test_editors_and_private_pages_bypass_the_cache(
    page_cache, published, client, admin_client, committed
):
    visit(client, published.url)
    response = admin_client.get(published.url)
    assert response.status_code == 200 and "X-Page-Cache" not in response

    with committed():
        PageViewRestriction.objects.create(
            page=published, restriction_type=PageViewRestriction.PASSWORD, password="rahasia"
        )
        published.save_revision().publish()
    for _ in range(2):
        status, state, html = visit(client, published.url)
        assert state is None and "Sampah Jadi Emas" not in html  # the password form


@pytest.mark.django_db
def test_pages_with_a_query_string_are_not_cached(page_cache, published, client):
    """(The search page, the API and the feeds keep whole responses per query string:
    tests/production/test_response_cache.py.)"""
    for _ in range(2):
        assert client.get(published.url + "?utm=x").get("X-Page-Cache") is None


@pytest.mark.django_db
@override_settings(
    CACHES={
        "default": {
            "BACKEND": "jipp_site.cache.FailOpenRedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",  # nothing listens there
            "OPTIONS": {"socket_connect_timeout": 0.2, "socket_timeout": 0.2},
        }
    },
    PAGE_CACHE_ENABLED=True,
)
def test_an_unreachable_cache_serves_pages_uncached(published, client):
    from jipp_site import cache

    cache.reset()
    for _ in range(2):
        status, state, html = visit(client, published.url)
        assert status == 200 and state != "hit" and "Sampah Jadi Emas" in html
    cache.reset()
