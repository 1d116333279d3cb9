"""The click beacon: which result was followed, and nothing about who followed it."""

import pytest

from insights.models import ResultClick

from .conftest import BROWSER

pytestmark = pytest.mark.django_db


def test_the_search_page_carries_what_the_beacon_needs(browser_client, pages):
    html = browser_client.get("/cari/", {"q": "posyandu"}).content.decode()
    assert 'data-click-url="/insights/klik/"' in html
    assert f'data-page-id="{pages["jabar"].pk}"' in html
    assert "insights/clicks.js" in html


def test_a_click_is_recorded_with_query_position_and_hub(browser_client, pages):
    page = pages["jatim"]
    response = browser_client.post(
        "/insights/klik/", {"q": " Posyandu ", "position": "2", "page": str(page.pk)}
    )
    assert response.status_code == 204
    assert "Set-Cookie" not in response.headers
    click = ResultClick.objects.get()
    assert (click.query, click.position, click.page_id) == ("posyandu", 2, page.pk)
    assert click.hub == page.get_parent().slug


@pytest.mark.parametrize(
    "data",
    [
        {"q": "x", "position": "0", "page": "1"},
        {"q": "x", "position": "abc", "page": "1"},
        {"q": "x", "position": "99999999", "page": "1"},
        {"q": "x" * 501, "position": "1", "page": "1"},
        {"q": "x", "position": "1"},
        {"q": "x", "position": "١", "page": "1"},  # an Arabic-Indic digit
    ],
)
def test_a_malformed_click_is_refused_with_a_reason(browser_client, pages, data):
    response = browser_client.post("/insights/klik/", data)
    assert response.status_code == 400
    assert "Klik tidak valid" in response.content.decode()
    assert not ResultClick.objects.exists()


def test_a_click_on_a_page_the_index_does_not_have_is_refused(browser_client, pages):
    pages["jabar"].unpublish()
    response = browser_client.post(
        "/insights/klik/", {"q": "x", "position": "1", "page": str(pages["jabar"].pk)}
    )
    assert response.status_code == 400
    assert not ResultClick.objects.exists()


def test_clicks_from_bots_are_ignored_and_only_post_is_accepted(client, pages):
    data = {"q": "x", "position": "1", "page": str(pages["jabar"].pk)}
    assert client.post("/insights/klik/", data, HTTP_USER_AGENT="curl/8").status_code == 204
    assert client.get("/insights/klik/", data, HTTP_USER_AGENT=BROWSER).status_code == 405
    assert not ResultClick.objects.exists()
