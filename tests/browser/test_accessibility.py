"""axe-core on the public pages, in both languages, on a desktop and a phone-sized screen:
no serious or critical WCAG 2.0/2.1 A/AA violation. Each page checked leaves a screenshot in
var/screenshots/. Then the keyboard: the skip link, the facets, visible focus, and the live
region that announces the result count."""

from urllib.parse import urlencode

import pytest

from .helpers import PHONE, axe_violations, blocking, describe, screenshot
from .world import build_world

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

LANGUAGES = {"id": "", "en": "/en"}


def search_with_filters(world):
    query = urlencode(
        [
            ("q", "stunting"),
            ("province", world.original.province_id),
            ("province", world.replica.province_id),
            ("sector", world.original.sector_id),
        ]
    )
    return f"/cari/?{query}"


def public_pages(world):
    """name -> Indonesian path; the English path is the same under /en."""
    return {
        "home": "/",
        "search": search_with_filters(world),
        "innovation": world.original.url,
        "hub": world.hub.url,
        "statistics": "/statistik/",
        "about": "/tentang/",
        "hub-index": "/simpul/",
    }


@pytest.fixture
def world(live_server):
    # live_server brings a transactional database: each test's data is committed (the server
    # thread sees it) and flushed afterwards; serialized_rollback restores the reference
    # data that the migrations loaded.
    return build_world()


def check_page(page, live_server, path, name):
    response = page.goto(live_server.url + path)
    assert response.status == 200, f"{path}: HTTP {response.status}"
    screenshot(page, name)
    problems = blocking(axe_violations(page))
    return f"{name} ({path}):\n{describe(problems)}" if problems else None


@pytest.mark.parametrize("language", LANGUAGES)
def test_public_pages_have_no_serious_axe_violations(live_server, world, new_page, language):
    desktop, phone = new_page(), new_page(viewport=PHONE)
    failures = []
    for name, path in public_pages(world).items():
        path = LANGUAGES[language] + path
        for view, page in (("desktop", desktop), ("phone", phone)):
            failure = check_page(page, live_server, path, f"{name}-{language}-{view}")
            if failure:
                failures.append(failure)
        assert desktop.locator("html").get_attribute("lang") == language
    assert not failures, "axe found serious or critical violations:\n" + "\n\n".join(failures)


def test_axe_reports_a_violation_when_there_is_one(page):
    """The harness itself: a page with an unlabelled image and an unlabelled field must
    produce blocking violations, or the zero above would prove nothing."""
    page.set_content('<html lang="id"><body><main><img src="x.png"><input></main></body></html>')
    found = {v["id"] for v in blocking(axe_violations(page))}
    assert {"image-alt", "label"} <= found, found


FOCUS_STATE = """() => {
    const el = document.activeElement;
    const outlined = (node) => {
        const style = getComputedStyle(node);
        return style.outlineStyle !== "none" && parseFloat(style.outlineWidth) > 0;
    };
    // A result card draws the focus ring around the whole card (:focus-within).
    let shown = outlined(el);
    for (let node = el.parentElement; !shown && node && node !== document.body;
         node = node.parentElement) {
        shown = node.matches(":focus-within") && outlined(node);
    }
    const box = el.getBoundingClientRect();
    return {
        tag: el.tagName.toLowerCase(), id: el.id, cls: String(el.className),
        name: el.getAttribute("name") || "", value: el.value || "",
        text: (el.innerText || "").trim().slice(0, 60), shown,
        onscreen: box.width > 0 && box.height > 0 && box.bottom > 0 && box.top < innerHeight,
    };
}"""


def tab(page):
    page.keyboard.press("Tab")
    return page.evaluate(FOCUS_STATE)


def tab_to(page, selector, limit=120):
    """Tabs forward until the element matching selector has the focus; returns every focus
    state passed on the way (so each can be checked for a visible focus indicator)."""
    visited = []
    target = page.locator(selector)
    for _ in range(limit):
        visited.append(tab(page))
        if target.evaluate("el => el === document.activeElement"):
            return visited
    raise AssertionError(f"{selector} not reached in {limit} presses of Tab: {visited[-5:]}")


def test_search_and_facets_work_from_the_keyboard(live_server, world, page):
    original, replica = world.original, world.replica
    page.goto(live_server.url + "/cari/?q=stunting")
    assert page.locator("#search-summary").inner_text().startswith("4 inovasi")

    # The skip link comes first, shows itself, and moves the focus to the main content.
    first = tab(page)
    assert "skip-link" in first["cls"], first
    assert first["shown"] and first["onscreen"], first
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"
    assert page.url.endswith("#main")

    # From there, the facets: tick two provinces and a sector with the space bar.
    visited = []
    for name, value in (
        ("province", original.province_id),
        ("province", replica.province_id),
        ("sector", original.sector_id),
    ):
        box = f'input[name="{name}"][value="{value}"]'
        visited += tab_to(page, box)
        page.keyboard.press("Space")
        # Applied at once; the focus stays on the same choice, wherever it now stands.
        page.wait_for_function("!document.getElementById('search-form').hasAttribute('aria-busy')")
        assert page.locator(box).is_checked()
        assert page.locator(box).evaluate("el => el === document.activeElement")
    screenshot(page, "keyboard-facets-applied-id")

    hidden = [state for state in visited if not state["shown"]]
    assert not hidden, f"focus not visible on: {hidden}"
    assert {"a", "input", "button"} <= {state["tag"] for state in visited}

    for name, value in (
        ("province", original.province_id),
        ("province", replica.province_id),
        ("sector", original.sector_id),
    ):
        assert f"{name}={value}" in page.url
    titles = page.locator(".search-result .card__title").all_inner_texts()
    assert sorted(titles) == sorted([original.title, replica.title])

    # The count is announced: it sits in a polite live region.
    summary = page.locator("#search-summary")
    assert summary.inner_text().startswith("2 inovasi")
    assert summary.evaluate("el => el.closest('[aria-live]').getAttribute('aria-live')") in (
        "polite",
        "assertive",
    )

    # A new search typed in the keyword field is sent with Enter and keeps the filters.
    page.locator("#search-q").focus()
    page.keyboard.press("Control+A")
    page.keyboard.type("gizi")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert "q=gizi" in page.url and f"province={original.province_id}" in page.url
    assert page.locator("#search-summary").inner_text().startswith("2 inovasi")


@pytest.mark.parametrize("language", LANGUAGES)
def test_main_navigation_links_the_statistics_page(live_server, world, page, language):
    prefix = LANGUAGES[language]
    page.goto(live_server.url + prefix + "/")
    nav = page.get_by_role(
        "navigation", name={"id": "Navigasi utama", "en": "Main navigation"}[language]
    )
    link = nav.get_by_role("link", name={"id": "Statistik", "en": "Statistics"}[language])
    assert link.get_attribute("aria-current") is None
    link.click()
    page.wait_for_url(f"**{prefix}/statistik/")
    link = nav.get_by_role("link", name={"id": "Statistik", "en": "Statistics"}[language])
    assert link.get_attribute("aria-current") == "page"
    assert nav.locator('[aria-current="page"]').count() == 1
