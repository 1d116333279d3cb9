"""Scenario: searches that found nothing become a synonym. A reader searches for "kuntet"
(Javanese for stunted) and finds nothing; the national curator sees the query on the admin
dashboard, adds a synonym in one step from it, and the same search then finds the stunting
case studies. On the way, a reader's click on a result is recorded by the page's beacon,
with the site's strict Content-Security-Policy in force."""

import pytest
from django.contrib.auth import get_user_model

from insights.models import ResultClick, SearchEvent
from search.models import Synonym
from tests.insights.world import national_group

from .helpers import screenshot
from .world import build_world

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

USERNAME = "kurator_nasional"
PASSWORD = "sandi-uji-123"
QUERY = "kuntet"
# A person's browser: Chromium in headless mode says "HeadlessChrome", which recording
# rightly takes for a program.
READER_AGENT = (
    "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/131.0.0.0 Safari/537.36"
)


@pytest.fixture
def curator(live_server):
    build_world()
    user = get_user_model().objects.create_user(USERNAME, f"{USERNAME}@contoh.go.id", PASSWORD)
    user.groups.add(national_group())
    return user


def wait_for(predicate, page, timeout_ms=5000):
    """Polls the database (the beacon is sent in the background) for up to timeout_ms."""
    for _ in range(timeout_ms // 100):
        if predicate():
            return True
        page.wait_for_timeout(100)
    return predicate()


def test_a_zero_result_query_becomes_a_synonym_that_finds_results(live_server, curator, new_page):
    reader = new_page(user_agent=READER_AGENT)

    # A reader searches for a word no case study uses.
    reader.goto(f"{live_server.url}/cari/?q={QUERY}")
    assert reader.locator("#search-summary").inner_text().startswith("0 inovasi ditemukan")
    screenshot(reader, "insights-zero-result")
    assert SearchEvent.objects.filter(query=QUERY, result_count=0).count() == 1

    # Another search, and a click on its second result: the beacon records its position.
    reader.goto(f"{live_server.url}/cari/?q=stunting")
    second = reader.locator(".search-result .card__title a").nth(1)
    second_title = second.inner_text()
    second.click()
    reader.wait_for_load_state()
    assert wait_for(lambda: ResultClick.objects.filter(query="stunting").exists(), reader)
    click = ResultClick.objects.get(query="stunting")
    assert click.position == 2
    assert click.hub  # the clicked page's hub, for that hub's report
    assert second_title in reader.title()

    # The national curator logs in; the dashboard lists the query that found nothing.
    admin = new_page()
    admin.goto(live_server.url + "/admin/")
    admin.wait_for_url("**/admin/login/**")
    admin.locator("#id_username").fill(USERNAME)
    admin.locator("#id_password").fill(PASSWORD)
    admin.locator('form button[type="submit"]').click()
    admin.wait_for_url(live_server.url + "/admin/")
    panel = admin.locator("#search-insights-section, [id^='search-insights']").first
    panel.wait_for()
    row = admin.get_by_role("row").filter(has_text=QUERY)
    screenshot(admin, "insights-dashboard")

    # One step: "Tambah sinonim" opens the dictionary form with the query already in it.
    row.get_by_role("link", name="Tambah sinonim").click()
    admin.wait_for_url(f"**/admin/wawasan-pencarian/sinonim/baru/?q={QUERY}")
    terms = admin.get_by_label("Istilah setara")
    assert terms.input_value() == f"{QUERY}, "
    terms.press("End")
    terms.type("stunting")
    screenshot(admin, "insights-add-synonym")
    admin.get_by_role("button", name="Simpan sinonim").click()
    admin.wait_for_url("**/admin/wawasan-pencarian/laporan/tanpa-hasil/")
    message = admin.locator(".messages").inner_text()
    assert f"Pencarian “{QUERY}” kini menemukan" in message
    screenshot(admin, "insights-synonym-saved")
    # "stunting" was in the dictionary already: the query joined that entry.
    (entry,) = Synonym.objects.filter(terms__contains=QUERY)
    assert {"stunting", "tengkes", QUERY} <= set(entry.term_list())

    # The same search now finds the stunting case studies.
    reader.goto(f"{live_server.url}/cari/?q={QUERY}")
    summary = reader.locator("#search-summary").inner_text()
    assert not summary.startswith("0 "), summary
    titles = reader.locator(".search-result .card__title a").all_inner_texts()
    assert "Rumah Gizi Sumedang" in titles
    screenshot(reader, "insights-found-after-synonym")
