"""What recording a public search keeps, what it never keeps, and that it never gets in
the way of the search itself."""

import datetime
import logging

import pytest
from django.core.management import call_command
from django.db import connection
from django.utils import timezone

from insights.models import ResultClick, SearchAppearance, SearchEvent

from .conftest import BROWSER

pytestmark = pytest.mark.django_db

NIK = "3201234567890001"


def test_a_search_is_recorded_with_its_query_filters_language_and_count(browser_client, pages):
    response = browser_client.get("/cari/", {"q": "  POSYANDU  ", "sector": "perizinan"})
    assert response.status_code == 200

    event = SearchEvent.objects.get()
    assert event.query == "posyandu"
    assert event.filters == {"sector": ["perizinan"]}
    assert event.language == "id"
    assert event.source == "page"
    assert event.result_count == 2
    assert (event.hour.minute, event.hour.second, event.hour.microsecond) == (0, 0, 0)
    # Both hubs' pages were shown: each hub can see this query reached it.
    hubs = dict(SearchAppearance.objects.values_list("hub", "best_position"))
    assert set(hubs) == {pages["jabar"].get_parent().slug, pages["jatim"].get_parent().slug}
    assert sorted(hubs.values()) == [1, 2]


def test_english_page_and_api_are_recorded_with_their_language_and_source(browser_client, pages):
    browser_client.get("/en/search/", {"q": "posyandu"})
    browser_client.get("/api/v1/search/", {"q": "tidakadakatasepertiini"})
    page, api = SearchEvent.objects.order_by("id")
    assert (page.language, page.source, page.result_count) == ("en", "page", 2)
    assert (api.source, api.result_count) == ("api", 0)


def test_nothing_identifies_the_reader(browser_client, pages):
    browser_client.cookies["sessionid"] = "kuki-rahasia"
    response = browser_client.get(
        "/cari/", {"q": "posyandu"}, REMOTE_ADDR="203.0.113.77", HTTP_REFERER="https://x.test/"
    )
    assert "Set-Cookie" not in response.headers
    stored = [
        str(value)
        for model in (SearchEvent, SearchAppearance)
        for row in model.objects.values()
        for value in row.values()
    ]
    for secret in ("203.0.113.77", "kuki-rahasia", "Chrome", "x.test"):
        assert not any(secret in value for value in stored), secret
    field_names = {f.name for f in SearchEvent._meta.get_fields()}
    assert not field_names & {"ip", "ip_address", "user", "user_agent", "session", "cookie"}


@pytest.mark.parametrize(
    "typed, stored",
    [
        (f"status nik {NIK}", "status nik [nomor]"),
        ("hubungi 0812-3456-7890 segera", "hubungi [nomor] segera"),
        ("Budi.Santoso@Contoh.go.id pengaduan", "[email] pengaduan"),
        ("perda 12/2021 tahun 2023", "perda 12/2021 tahun 2023"),  # short numbers stay
    ],
)
def test_personal_looking_parts_of_a_query_are_never_stored(browser_client, pages, typed, stored):
    browser_client.get("/cari/", {"q": typed})
    assert SearchEvent.objects.get().query == stored


@pytest.mark.parametrize(
    "headers",
    [
        {
            "HTTP_USER_AGENT": "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)"
        },
        {"HTTP_USER_AGENT": "curl/8.5.0"},
        {"HTTP_USER_AGENT": "python-requests/2.32.3"},
        {"HTTP_USER_AGENT": BROWSER.replace("Chrome/", "HeadlessChrome/")},
        {"HTTP_USER_AGENT": ""},
        {"HTTP_USER_AGENT": BROWSER, "HTTP_SEC_PURPOSE": "prefetch;prerender"},
    ],
    ids=["googlebot", "curl", "script", "headless", "no-agent", "prefetch"],
)
def test_bots_and_prefetches_are_not_recorded(client, pages, headers):
    response = client.get("/cari/", {"q": "posyandu"}, **headers)
    assert response.status_code == 200
    assert "Posyandu Digital Sumedang" in response.content.decode()
    assert not SearchEvent.objects.exists()


def test_paging_through_a_search_is_not_another_search(browser_client, pages):
    browser_client.get("/cari/", {"q": "posyandu", "page_size": "1"})
    browser_client.get("/cari/", {"q": "posyandu", "page_size": "1", "page": "2"})
    browser_client.head("/cari/", {"q": "posyandu"})
    assert SearchEvent.objects.count() == 1


def test_recording_is_switched_off_by_its_setting(browser_client, pages, settings):
    settings.INSIGHTS_RECORDING = False
    assert browser_client.get("/cari/", {"q": "posyandu"}).status_code == 200
    assert not SearchEvent.objects.exists()


def test_a_failing_recorder_never_fails_the_search_nor_logs_the_query(
    browser_client, pages, caplog
):
    # A real failure: the table recording writes to is gone (rolled back after the test).
    with connection.cursor() as cursor:
        cursor.execute(f"DROP TABLE {SearchAppearance._meta.db_table}")
    with caplog.at_level(logging.INFO):
        page = browser_client.get("/cari/", {"q": f"posyandu {NIK}"})
        api = browser_client.get("/api/v1/search/", {"q": "posyandu"})
    assert page.status_code == 200 and "Posyandu Digital Sumedang" in page.content.decode()
    assert api.status_code == 200 and api.json()["total"] == 2
    # Nothing half-written: the event's row went with the failed savepoint.
    assert not SearchEvent.objects.exists()
    failures = [r for r in caplog.records if r.name == "insights.recording"]
    assert len(failures) == 2
    logged = "\n".join(r.getMessage() + str(r.exc_info or "") for r in caplog.records)
    assert "posyandu" not in logged and NIK not in logged


def _old(model, days, **fields):
    hour = timezone.now() - datetime.timedelta(days=days)
    return model.objects.create(hour=hour, **fields)


def test_purge_deletes_what_is_older_than_the_retention_period(db, settings, capsys):
    settings.INSIGHTS_RETENTION_DAYS = 30
    fields = {"query": "q", "language": "id", "source": "page", "result_count": 0}
    old = _old(SearchEvent, 31, **fields)
    SearchAppearance.objects.create(event=old, hub="hub", best_position=1)
    kept = _old(SearchEvent, 29, **fields)
    _old(ResultClick, 40, query="q", position=1, page_id=1)
    kept_click = _old(ResultClick, 1, query="q", position=1, page_id=1)

    call_command("purge_search_insights")

    assert list(SearchEvent.objects.all()) == [kept]
    assert not SearchAppearance.objects.exists()
    assert list(ResultClick.objects.all()) == [kept_click]
    assert "Dihapus 1 pencarian dan 1 klik" in capsys.readouterr().out


def test_purge_takes_a_number_of_days_and_refuses_nonsense(db):
    fields = {"query": "q", "language": "id", "source": "page", "result_count": 0}
    _old(SearchEvent, 3, **fields)
    call_command("purge_search_insights", "--days", "2")
    assert not SearchEvent.objects.exists()
    from django.core.management import CommandError

    with pytest.raises(CommandError, match="1 atau lebih"):
        call_command("purge_search_insights", "--days", "0")


def test_the_row_is_written_after_the_response_is_ready_not_before(pages):
    # As a WSGI server does: call the application, send the response, then close it.
    from django.core.handlers.wsgi import WSGIHandler
    from django.core.signals import request_finished, request_started
    from django.db import close_old_connections
    from django.test import RequestFactory

    environ = RequestFactory(HTTP_USER_AGENT=BROWSER).get("/cari/", {"q": "posyandu"}).environ
    # As Django's test client does: the test's connection (and transaction) stays open.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        response = WSGIHandler()(environ, lambda status, headers: None)
        assert response.status_code == 200 and b"Posyandu Digital Sumedang" in response.content
        assert not SearchEvent.objects.exists()  # the reader did not wait for the write
        response.close()
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)
    assert SearchEvent.objects.get().query == "posyandu"
