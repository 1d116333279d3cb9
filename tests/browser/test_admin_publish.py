"""Scenario 1: a coordinator of one hub logs in to the admin, adds an innovation under that
hub (every required field, the province's kabupaten/kota list, the rich-text editors, an
uploaded hero image with its alt text), publishes it, and finds it through the public
search."""

import pytest
from django.contrib.auth import get_user_model
from PIL import Image as PILImage
from wagtail.images import get_image_model

from innovations.models import HubPage, InnovationPage
from innovations.permissions import sync_coordinator_publishing

from .helpers import screenshot
from .world import build_world

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

USERNAME = "koordinator_jabar"
PASSWORD = "sandi-uji-123"
# A word no other record has, so the search can only find it through the new page.
UNIQUE = "Kelorwangi"
TITLE = f"{UNIQUE} Sehat Sumedang"
ALT_TEXT = "Kader posyandu menimbang balita di Sumedang"
STORY = {
    "summary": "Kader kelor mendampingi keluarga balita agar gizinya cukup.",
    "background": "Banyak balita di desa kekurangan gizi.",
    "novelty": "Daun kelor dari pekarangan sendiri menjadi sumber gizi.",
    "implementation": "Dimulai di lima desa pada 2023.",
    "impact": "Berat badan balita yang didampingi naik sesuai grafik.",
    "resources": "Sepuluh kader dan bibit kelor.",
    "sustainability": "Dianggarkan dalam dana desa.",
    "replication": "Mulai dari desa yang sudah punya kebun kelor.",
}


@pytest.fixture
def coordinator(live_server):
    world = build_world()
    hub = world.hub
    user = get_user_model().objects.create_user(USERNAME, f"{USERNAME}@contoh.go.id", PASSWORD)
    user.groups.add(hub.coordinators)
    # This hub lets its coordinators publish without review (the default is review by
    # the hub's moderators: tests/browser/test_review_journey.py).
    HubPage.objects.filter(pk=hub.pk).update(coordinators_can_publish=True)
    sync_coordinator_publishing(hub)
    return user, hub


@pytest.fixture
def photo(tmp_path):
    """A real JPEG, made with Pillow: a green field with a lighter square."""
    path = tmp_path / "kelorwangi-posyandu.jpg"
    image = PILImage.new("RGB", (1200, 675), (46, 125, 50))
    image.paste((200, 230, 201), (400, 150, 800, 525))
    image.save(path, format="JPEG", quality=85)
    return path


def write_rich_text(page, field, text):
    editor = page.locator(f'[data-contentpath="{field}"] [contenteditable="true"]')
    editor.click()
    page.keyboard.type(text)
    # Draftail copies its content into the form's hidden input a moment after typing stops.
    page.wait_for_function(
        "([id, text]) => document.getElementById(id).value.includes(text)",
        arg=[f"id_{field}", text],
    )


def open_tab(page, name):
    page.get_by_role("tab", name=name).click()


def test_coordinator_publishes_an_innovation_and_finds_it(live_server, coordinator, photo, page):
    user, hub = coordinator

    # Log in through the admin's own form.
    page.goto(live_server.url + "/admin/")
    page.wait_for_url("**/admin/login/**")
    page.locator("#id_username").fill(USERNAME)
    page.locator("#id_password").fill(PASSWORD)
    page.locator('form button[type="submit"]').click()
    page.wait_for_url(live_server.url + "/admin/")

    # The hub's page listing, then "Add child page".
    page.goto(f"{live_server.url}/admin/pages/{hub.pk}/")
    page.locator(f'a[href="/admin/pages/{hub.pk}/add_subpage/"]').first.click()
    page.wait_for_url(f"**/admin/pages/add/innovations/innovationpage/{hub.pk}/")

    # Identity, with a hero image uploaded through the image chooser.
    page.locator("#id_title").fill(TITLE)
    page.locator("#id_tagline").fill("Daun kelor dari pekarangan untuk gizi balita.")
    page.locator("#id_institution").fill("Dinas Kesehatan Kabupaten Sumedang")
    page.locator("#id_hero_image-chooser .chooser__choose-button").click()
    modal = page.locator(".modal").last
    modal.get_by_role("tab", name="Unggah").click()
    modal.locator('input[type="file"]').set_input_files(photo)
    modal.get_by_label("Teks alternatif (alt)").fill(ALT_TEXT)
    screenshot(page, "scenario1-image-upload")
    modal.get_by_role("button", name="Unggah").click()
    modal.wait_for(state="hidden")
    screenshot(page, "scenario1-identity")

    open_tab(page, "Tempat & klasifikasi")
    page.locator("#id_level").select_option(label="Kabupaten")
    page.locator("#id_province").select_option(label="Jawa Barat")
    # The kabupaten/kota list now holds Jawa Barat's only.
    regencies = page.locator("#id_regency option:not([hidden])").all_inner_texts()
    assert "Kabupaten Sumedang" in regencies and "Kota Surabaya" not in regencies
    page.locator("#id_regency").select_option(label="Kabupaten Sumedang")
    page.locator("#id_sector").select_option(label="Kesehatan")
    page.get_by_label("Tatap muka / MPP").check()
    page.get_by_label("Layanan bergerak").check()
    page.locator("#id_year_launched").fill("2023")
    page.locator("#id_stage").select_option(label="Penerapan")
    page.locator("#id_status").select_option(label="Berjalan")
    screenshot(page, "scenario1-classification")

    open_tab(page, "Cerita inovasi")
    for field in ("summary", "background", "novelty", "implementation"):
        write_rich_text(page, field, STORY[field])
    open_tab(page, "Dampak & sumber daya")
    for field in ("impact", "resources", "sustainability"):
        write_rich_text(page, field, STORY[field])
    open_tab(page, "Replikasi")
    write_rich_text(page, "replication", STORY["replication"])

    # Publish: the action menu beside "Save draft".
    footer = page.get_by_role("navigation", name="Tindakan (bawah)")
    footer.get_by_role("button", name="Tindakan lain").click()
    footer.get_by_role("button", name="Publikasi").click()
    page.wait_for_url(f"**/admin/pages/{hub.pk}/")
    screenshot(page, "scenario1-published")

    created = InnovationPage.objects.get(title=TITLE)
    assert created.live
    assert created.get_parent().pk == hub.pk
    assert created.owner == user
    assert created.hero_image.description == ALT_TEXT
    assert created.hero_image == get_image_model().objects.get(description=ALT_TEXT)

    # The public search finds it.
    page.goto(f"{live_server.url}/cari/?q={UNIQUE.lower()}")
    screenshot(page, "scenario1-search")
    # The exact word ranks the new page first; the semantic leg may add its neighbours after it.
    assert "inovasi ditemukan" in page.locator("#search-summary").inner_text()
    result = page.locator(".search-result .card__title a").first
    assert result.inner_text() == TITLE
    result.click()
    page.wait_for_url(f"**{created.url}")
    hero = page.locator(".hero-image img")
    assert hero.get_attribute("alt") == ALT_TEXT
    assert hero.evaluate("img => img.complete && img.naturalWidth > 0")
    screenshot(page, "scenario1-public-page")
