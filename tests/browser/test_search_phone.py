"""The search page as a phone user meets it (375 px): results first, the filters in a panel
behind "Filter (n)" with a live count; choices apply at once, and the same page still works
without JavaScript. On a desktop (1366 px) a choice updates the results without a page load,
and long facets can be searched."""

import pytest

from .helpers import screenshot
from .world import build_world

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

PHONE = {"width": 375, "height": 667}
DESKTOP = {"width": 1366, "height": 768}
BUSY = "!document.getElementById('search-form').hasAttribute('aria-busy')"


@pytest.fixture
def world(live_server):
    return build_world()


def first_result_top(page):
    return page.locator(".search-result").first.bounding_box()["y"]


def test_phone_shows_results_first_and_filters_in_a_panel(live_server, world, new_page):
    page = new_page(viewport=PHONE, is_mobile=True, has_touch=True)
    page.goto(live_server.url + "/cari/?q=stunting")
    # The first result's title is on the first screen; the facets are not in the way.
    title = page.locator(".search-result .card__title").first.bounding_box()
    assert title["y"] + title["height"] <= PHONE["height"], title
    assert not page.locator("#search-filters").is_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    screenshot(page, "search-phone-results-first")

    toggle = page.locator("button[data-filter-open]")
    assert toggle.inner_text().replace("\n", " ") == "Filter (0)"
    toggle.click()
    panel = page.locator("#search-filters")
    assert panel.is_visible()
    assert toggle.get_attribute("aria-expanded") == "true"
    show = panel.locator("[data-show-results]")
    assert show.inner_text() == "Tampilkan 4 inovasi"

    panel.locator(f'input[name="sector"][value="{world.original.sector_id}"]').check()
    page.wait_for_function(BUSY)
    # The count follows the choice at once, inside the panel, and the URL holds the state.
    assert show.inner_text() == "Tampilkan 3 inovasi"
    assert f"sector={world.original.sector_id}" in page.url
    assert panel.is_visible()  # still open for the next choice
    screenshot(page, "search-phone-panel")

    show.click()
    assert not panel.is_visible()
    assert page.evaluate("document.activeElement.id") == "search-results"
    assert page.locator("#search-summary").inner_text().startswith("3 inovasi")
    assert toggle.inner_text().replace("\n", " ") == "Filter (1)"
    assert page.locator(".search-result").count() == 3

    # Escape closes the panel and gives the focus back to its button.
    toggle.click()
    page.keyboard.press("Escape")
    assert not panel.is_visible()
    assert toggle.evaluate("el => el === document.activeElement")


def test_phone_without_javascript_still_filters(live_server, world, new_page):
    page = new_page(viewport=PHONE, java_script_enabled=False)
    page.goto(live_server.url + "/cari/?q=stunting")
    title = page.locator(".search-result .card__title").first.bounding_box()
    assert title["y"] + title["height"] <= PHONE["height"], title
    # The filters follow the results, reached by the "Filter (0)" link.
    link = page.locator("a[data-filter-link]")
    assert link.is_visible() and link.get_attribute("href") == "#search-filters"
    link.click()
    box = page.locator(f'input[name="sector"][value="{world.original.sector_id}"]')
    box.check()
    with page.expect_navigation():
        page.locator("button.search-filters__apply").click()
    assert f"sector={world.original.sector_id}" in page.url
    assert page.locator("#search-summary").inner_text().startswith("3 inovasi")
    screenshot(page, "search-phone-nojs-filtered")


def test_desktop_choice_updates_results_without_a_page_load(live_server, world, new_page):
    page = new_page(viewport=DESKTOP)
    page.goto(live_server.url + "/cari/?q=stunting")
    assert page.locator("#search-filters").is_visible()
    assert not page.locator("button.search-filters__apply").is_visible()
    page.evaluate("window.sameDocument = true")
    page.locator(f'input[name="province"][value="{world.original.province_id}"]').check()
    page.wait_for_function(BUSY)
    assert page.evaluate("window.sameDocument") is True  # no navigation happened
    assert page.locator("#search-summary").inner_text().startswith("2 inovasi")
    titles = sorted(page.locator(".search-result .card__title").all_inner_texts())
    assert titles == sorted([world.original.title, world.other_sector.title])
    assert page.locator(".active-filters .chip").count() == 1
    # The URL is the whole state: loading it afresh gives the same page.
    page.reload()
    assert page.locator("#search-summary").inner_text().startswith("2 inovasi")
    # Back goes to the search before the choice.
    page.go_back()
    page.wait_for_function("document.querySelectorAll('.search-result').length === 4")
    screenshot(page, "search-desktop-instant")


def test_long_facet_has_type_ahead(live_server, world, new_page):
    page = new_page(viewport=DESKTOP)
    page.goto(live_server.url + "/cari/?q=stunting")
    facet = page.locator('details[data-facet="regency"]')
    facet.locator("summary").click()
    finder = facet.get_by_label("Cari kabupaten/kota")
    finder.fill("surab")
    visible = facet.locator(".facet__options li:visible")
    assert visible.count() == 1
    assert "Surabaya" in visible.first.inner_text()
    assert facet.locator(".facet__find-count").inner_text() == "1 pilihan cocok"
    # Enter in the finder does not submit the search.
    page.evaluate("window.sameDocument = true")
    finder.press("Enter")
    assert page.evaluate("window.sameDocument") is True
    # Choosing the value found applies it, and the typed text stays.
    visible.first.locator("input").check()
    page.wait_for_function(BUSY)
    assert "regency=" in page.url
    assert (
        page.locator('details[data-facet="regency"] input[type="search"]').input_value() == "surab"
    )


def test_instant_filters_work_under_the_sites_content_security_policy(live_server, world, new_page):
    """The enhancement is a static file: the policy (no inline or eval'd script) lets it run
    and nothing on the page is refused."""
    page = new_page(viewport=DESKTOP, bypass_csp=False)
    refused = []
    page.on("console", lambda message: refused.append(message.text)
            if "Content Security Policy" in message.text else None)  # fmt: skip
    response = page.goto(live_server.url + "/cari/?q=stunting")
    assert "script-src 'self'" in response.headers["content-security-policy"]
    page.locator(f'input[name="province"][value="{world.original.province_id}"]').check()
    page.locator("#search-summary").filter(has_text="2 inovasi").wait_for()
    assert f"province={world.original.province_id}" in page.url
    assert not refused, refused
