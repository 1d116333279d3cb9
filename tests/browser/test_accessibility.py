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
    }


@pytest.fixture
def world(live_server):
    # Through live_server (which brings a transactional database), not transactional_db:
    # requesting that fixture directly made pytest-django skip serializing the test
    # database, and the first test's flush then emptied the reference data for the next.
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
