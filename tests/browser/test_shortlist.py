"""The shortlist ("Simpan"), in a real browser: kept with no account, it survives a reload,
its page's address reproduces it on a fresh browser, and it exports as CSV."""

import csv
import io

import pytest

from .helpers import axe_violations, blocking, describe, screenshot
from .world import build_world

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

PHONE = {"width": 375, "height": 667}
DESKTOP = {"width": 1366, "height": 768}


@pytest.fixture
def world(live_server):
    return build_world()


def save(page, title):
    button = page.locator(".innovation-card", has_text=title).locator("button.save-button")
    button.click()
    assert button.get_attribute("aria-pressed") == "true"


def test_shortlist_survives_a_reload_and_its_url_reproduces_it(live_server, world, new_page):
    page = new_page(viewport=DESKTOP)
    page.goto(live_server.url + "/cari/?q=stunting")
    save(page, world.original.title)
    save(page, world.replica.title)
    page.reload()
    pressed = page.locator('button.save-button[aria-pressed="true"]')
    assert pressed.count() == 2
    assert page.locator("[data-shortlist-count]").first.inner_text().strip() == "(2)"

    # A case study saved from its own page, on a phone.
    phone = new_page(viewport=PHONE, is_mobile=True, has_touch=True)
    phone.goto(live_server.url + world.other_sector.url)
    button = phone.locator(".share-bar button.save-button")
    assert button.bounding_box()["y"] < PHONE["height"] * 2  # near the top
    button.click()
    assert button.get_attribute("aria-pressed") == "true"

    page.locator("[data-shortlist-link]").first.click()
    page.wait_for_url("**/pilihan/?id=*")
    titles = page.locator(".shortlist__cards .card__title").all_inner_texts()
    assert titles == [world.original.title, world.replica.title]
    shared = page.locator("#shortlist-url").input_value()
    assert shared.endswith(f"/pilihan/?id={world.original.pk}&id={world.replica.pk}")
    screenshot(page, "shortlist-desktop")

    # Removing one updates the saved list (the address of this page stays as it was).
    save_button = page.locator(".innovation-card", has_text=world.replica.title).locator(
        "button.save-button"
    )
    save_button.click()
    assert save_button.get_attribute("aria-pressed") == "false"
    assert page.locator("[data-shortlist-count]").first.inner_text().strip() == "(1)"

    # A fresh browser (no storage) opening the shared link sees the same list.
    fresh = new_page(viewport=PHONE, is_mobile=True)
    fresh.goto(shared.replace("http://testserver", live_server.url))
    titles = fresh.locator(".shortlist__cards .card__title").all_inner_texts()
    assert titles == [world.original.title, world.replica.title]
    assert fresh.locator('button.save-button[aria-pressed="true"]').count() == 0
    fresh.locator("[data-shortlist-adopt]").click()
    assert fresh.locator('button.save-button[aria-pressed="true"]').count() == 2
    screenshot(fresh, "shortlist-phone-shared")
    problems = blocking(axe_violations(fresh))
    assert not problems, describe(problems)

    # The CSV has one row per case study, with the facts a decision needs.
    csv_url = fresh.locator("a[download]").get_attribute("href")
    response = fresh.request.get(live_server.url + csv_url)
    assert response.headers["content-type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.text().lstrip("\ufeff"))))
    assert rows[0][:3] == ["Judul", "Alamat", "Instansi pelaksana"]
    assert [r[0] for r in rows[1:]] == [world.original.title, world.replica.title]
    assert rows[2][3] == "Kota Surabaya, Jawa Timur"


def test_empty_shortlist_page_explains_itself(live_server, world, new_page):
    page = new_page(viewport=PHONE, is_mobile=True)
    page.goto(live_server.url + "/en/pilihan/")
    assert page.locator(".shortlist__empty").is_visible()
    problems = blocking(axe_violations(page))
    assert not problems, describe(problems)
