"""What people do on the site, in a real browser against the live server:

1. (test_admin_publish.py) a coordinator publishes a case study and finds it in search;
2. an official searches "tengkes", filters by two provinces and a sector, opens a result
   and follows its "replicated by" link;
3. a visitor on a phone reads a case study in English and switches to Indonesian.
"""

import pytest

from search.models import IndexedDocument

from .helpers import PHONE, screenshot
from .world import build_world

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture
def world(live_server):
    return build_world()


def wait_until_applied(page):
    page.wait_for_function("!document.getElementById('search-form').hasAttribute('aria-busy')")


def result_titles(page):
    return sorted(page.locator(".search-result .card__title").all_inner_texts())


def test_official_finds_tengkes_filters_and_follows_the_replication(live_server, world, page):
    original, replica = world.original, world.replica
    stunting = [original, replica, world.other_province, world.other_sector]
    # The data cannot make this pass by accident: none of it says "tengkes" (only the
    # synonym dictionary links it to stunting), and every record is indexed.
    indexed = IndexedDocument.objects.filter(removed=False)
    assert indexed.count() == 6
    assert not [d for d in indexed if "tengkes" in f"{d.title} {d.tagline} {d.texts}".lower()]
    assert replica.replicated_from_id == original.pk
    assert original.province_id != replica.province_id

    page.goto(live_server.url + "/")
    page.get_by_role("search").first.get_by_role("searchbox").fill("tengkes")
    with page.expect_navigation():
        page.get_by_role("search").first.get_by_role("button").click()
    assert "q=tengkes" in page.url
    assert result_titles(page) == sorted(p.title for p in stunting)

    filters = page.locator(".search-filters")
    for name, value in (
        ("province", original.province_id),
        ("province", replica.province_id),
        ("sector", original.sector_id),
    ):
        # Each choice applies at once (no button, no page load), the URL kept in step.
        filters.locator(f'input[name="{name}"][value="{value}"]').check()
        wait_until_applied(page)
        assert f"{name}={value}" in page.url
    screenshot(page, "scenario2-tengkes-filtered-id")
    # Jawa Tengah's record fails the province filter, Bandung's school the sector filter.
    assert result_titles(page) == sorted([original.title, replica.title])
    assert page.locator("#search-summary").inner_text().startswith("2 inovasi")
    chips = page.locator(".active-filters .chip").all_inner_texts()
    assert len(chips) == 3, chips

    page.get_by_role("link", name=original.title, exact=True).click()
    page.wait_for_url(f"**{original.url}")
    assert page.locator("h1").inner_text() == original.title
    lineage = page.locator("#silsilah-replikasi")
    assert "Direplikasi oleh 1 inovasi" in lineage.inner_text()
    screenshot(page, "scenario2-original-id")
    lineage.get_by_role("link", name=replica.title).click()
    page.wait_for_url(f"**{replica.url}")
    assert page.locator("h1").inner_text() == replica.title
    # ...and the replica points back at what it replicates.
    back = page.locator("#silsilah-replikasi .lineage__original a")
    assert back.inner_text() == original.title
    screenshot(page, "scenario2-replica-id")


def test_phone_visitor_reads_in_english_and_switches_to_indonesian(live_server, world, new_page):
    case = world.english
    page = new_page(viewport=PHONE, is_mobile=True, has_touch=True)
    page.goto(live_server.url + "/en" + case.url)

    assert page.locator("html").get_attribute("lang") == "en"
    assert page.locator("h1").inner_text() == case.title
    assert page.get_by_role("heading", name="Key facts").is_visible()
    assert page.get_by_role("heading", name="Summary", exact=True).is_visible()
    # Nothing wider than the phone: no sideways scrolling.
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    page.get_by_role("heading", name="Impact", exact=True).scroll_into_view_if_needed()
    screenshot(page, "scenario3-phone-en")

    switcher = page.get_by_role("navigation", name="Language")
    assert switcher.get_by_role("link", name="English").get_attribute("aria-current") == "true"
    switcher.get_by_role("link", name="Bahasa Indonesia").tap()
    page.wait_for_url(live_server.url + case.url)

    assert page.locator("html").get_attribute("lang") == "id"
    assert page.locator("h1").inner_text() == case.title  # the case study's own words
    assert page.get_by_role("heading", name="Fakta kunci").is_visible()
    assert page.get_by_role("heading", name="Ringkasan", exact=True).is_visible()
    switcher = page.get_by_role("navigation", name="Bahasa")
    assert switcher.get_by_role("link", name="Bahasa Indonesia").get_attribute("aria-current")
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    screenshot(page, "scenario3-phone-id")
