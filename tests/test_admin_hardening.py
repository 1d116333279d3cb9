"""The admin against what a hostile tester tried, through the admin's own views.

Image uploads with decompression-bomb sizes, oversized sections and tag lists, raw HTML
posted into a rich-text field, another hub's image chosen by id, pages under an unpublished
hub, Django's own admin, and password guessing. The two hubs and their people are the ones
of tests/test_permissions.py.
"""

import re
from io import BytesIO

import pytest
from django.conf import settings
from django.core.files.images import ImageFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client, override_settings
from django.urls import reverse
from PIL import Image as PILImage
from wagtail.images import get_image_model
from wagtail.models import Page
from wagtail.test.utils.form_data import rich_text

from innovations.limits import MAX_AWARDS, MAX_IMAGE_PIXELS, MAX_SECTION_CHARACTERS, MAX_TAGS
from innovations.models import InnovationPage
from tests import test_permissions as two_hubs
from tests.test_permissions import PASSWORD, assert_permission_denied, edit_form_data, login

# The two hubs, their pages and people (fixtures shared with tests/test_permissions.py).
world_ids, world, people = two_hubs.world_ids, two_hubs.world, two_hubs.people

Image = get_image_model()


def png(width, height):
    """A one-bit PNG: a few kilobytes on disk whatever its size in pixels."""
    buffer = BytesIO()
    PILImage.new("1", (width, height)).save(buffer, "PNG")
    return SimpleUploadedFile(f"gambar-{width}x{height}.png", buffer.getvalue(), "image/png")


def form_errors(response):
    assert response.status_code == 200, response.status_code
    return response.context["form"].errors


# --- images: limits stated and kept -------------------------------------------------------


def test_the_upload_form_states_the_limits(client, world, people):
    login(client, people.coordinator_a)
    for view in ("wagtailimages:add", "wagtailimages:add_multiple"):
        page = client.get(reverse(view)).content.decode()
        assert f"{MAX_IMAGE_PIXELS // 1_000_000} megapiksel" in page, view
        assert re.search(r"Paling besar 10,0\sMB", page), view


def test_an_image_with_too_many_pixels_is_refused(client, world, people):
    login(client, people.coordinator_a)
    over = png(6000, MAX_IMAGE_PIXELS // 6000 + 1)
    assert over.size < 100_000  # a decompression bomb: small file, huge image

    response = client.post(
        reverse("wagtailimages:add"),
        {"title": "Bom", "description": "Gambar besar", "file": over,
         "collection": world.hub_a.collection_id},
    )  # fmt: skip

    assert "piksel" in " ".join(form_errors(response)["file"]).lower()
    assert not Image.objects.filter(title="Bom").exists()

    response = client.post(
        reverse("wagtailimages:add"),
        {"title": "Pas", "description": "Gambar pas", "file": png(6000, 5000),
         "collection": world.hub_a.collection_id},
    )  # fmt: skip
    assert response.status_code == 302
    assert Image.objects.filter(title="Pas").exists()


def test_the_multiple_upload_refuses_too_many_pixels(client, world, people):
    login(client, people.coordinator_a)
    response = client.post(
        reverse("wagtailimages:add_multiple"),
        {
            "files[]": png(6000, MAX_IMAGE_PIXELS // 6000 + 1),
            "collection": world.hub_a.collection_id,
        },
    )

    data = response.json()
    assert data["success"] is False
    assert "piksel" in data["error_message"].lower()
    assert not Image.objects.exists()


def test_an_image_beyond_the_limit_from_before_it_existed_does_not_break_the_page(
    client, world, monkeypatch
):
    """Decoding is refused past twice the pixel limit (Pillow's decompression-bomb error):
    the page shows without its hero image instead of spending a gigabyte, or a 500."""
    assert PILImage.MAX_IMAGE_PIXELS == MAX_IMAGE_PIXELS  # set when the app is ready
    with monkeypatch.context() as before_the_limit:
        before_the_limit.setattr(PILImage, "MAX_IMAGE_PIXELS", 200_000_000)
        giant = ImageFile(png(7000, 9000).file, name="raksasa.png")  # 63 megapixels
        image = Image.objects.create(
            title="Raksasa", file=giant, collection_id=world.hub_a.collection_id
        )
    InnovationPage.objects.filter(pk=world.a_live.pk).update(hero_image=image)

    response = client.get(world.a_live.url)

    assert response.status_code == 200
    assert 'class="hero-image"' not in response.content.decode()


# --- sizes of what one innovation holds ------------------------------------------------------


def test_a_section_too_long_is_refused_with_a_message(client, world, people):
    login(client, people.coordinator_a)
    long_text = "kata " * (MAX_SECTION_CHARACTERS // 5 + 1)
    response = client.post(
        reverse("wagtailadmin_pages:edit", args=[world.a_live.pk]),
        edit_form_data(world.a_live, summary=rich_text(f"<p>{long_text}</p>")),
    )

    (message,) = form_errors(response)["summary"]
    assert "terlalu panjang" in message and f"{MAX_SECTION_CHARACTERS}" in message
    assert not InnovationPage.objects.get(pk=world.a_live.pk).has_unpublished_changes


def test_too_many_tags_are_refused_with_a_message(client, world, people):
    login(client, people.coordinator_a)
    url = reverse("wagtailadmin_pages:edit", args=[world.a_live.pk])
    assert f"Paling banyak {MAX_TAGS} tag" in client.get(url).content.decode()  # stated

    tags = ", ".join(f"tag{i}" for i in range(MAX_TAGS + 1))
    response = client.post(url, edit_form_data(world.a_live, tags=tags))

    (message,) = form_errors(response)["tags"]
    assert f"Paling banyak {MAX_TAGS} tag" in message


def test_too_many_awards_are_refused(client, world, people):
    login(client, people.coordinator_a)
    data = edit_form_data(world.a_live)
    existing = int(data["awards-TOTAL_FORMS"][0])
    for i in range(existing, MAX_AWARDS + 1):
        data.update({f"awards-{i}-name": f"Penghargaan {i}", f"awards-{i}-id": "",
                     f"awards-{i}-ORDER": str(i + 1), f"awards-{i}-DELETE": ""})  # fmt: skip
    data["awards-TOTAL_FORMS"] = str(MAX_AWARDS + 1)

    response = client.post(reverse("wagtailadmin_pages:edit", args=[world.a_live.pk]), data)

    assert response.status_code == 200
    errors = response.context["form"].formsets["awards"].non_form_errors()
    assert errors and str(MAX_AWARDS) in errors[0]


# --- raw HTML posted into a rich-text field ------------------------------------------------


def test_raw_html_in_a_rich_text_field_is_read_as_html(client, world, people):
    login(client, people.coordinator_a)
    posted = (
        '<p>Teks <b>tebal</b> <a href="https://contoh.go.id" onclick="x()">tautan</a></p>'
        '<script>alert(1)</script><iframe src="x"></iframe>'
    )
    response = client.post(
        reverse("wagtailadmin_pages:edit", args=[world.a_live.pk]),
        edit_form_data(world.a_live, summary=posted),
    )

    assert response.status_code == 302
    summary = InnovationPage.objects.get(pk=world.a_live.pk).get_latest_revision_as_object().summary
    assert "<b>tebal</b>" in summary and 'href="https://contoh.go.id"' in summary
    assert "script" not in summary and "onclick" not in summary and "iframe" not in summary


@pytest.mark.parametrize(
    "posted", ["{", "[]", "null", '{"blocks": 5}', '{"blocks": [{}]}', "Teks biasa"]
)
def test_anything_posted_into_a_rich_text_field_is_an_answer_not_a_500(
    client, world, people, posted
):
    login(client, people.coordinator_a)
    response = client.post(
        reverse("wagtailadmin_pages:edit", args=[world.a_live.pk]),
        edit_form_data(world.a_live, summary=posted),
    )
    assert response.status_code in (200, 302)


# --- another hub's image, chosen by id -----------------------------------------------------


@pytest.fixture
def hub_images(world):
    def image(title, hub):
        file = ImageFile(png(40, 30).file, name=f"{title}.png")
        return Image.objects.create(title=title, file=file, collection_id=hub.collection_id)

    return image("Foto Jabar", world.hub_a), image("Foto Jatim", world.hub_b)


def test_a_coordinator_cannot_use_another_hubs_image_by_id(client, world, people, hub_images):
    own, other = hub_images
    login(client, people.coordinator_a)
    url = reverse("wagtailadmin_pages:edit", args=[world.a_live.pk])

    response = client.post(url, edit_form_data(world.a_live, hero_image=str(other.pk)))

    assert "hero_image" in form_errors(response)
    assert (
        InnovationPage.objects.get(pk=world.a_live.pk).get_latest_revision_as_object().hero_image_id
        != other.pk
    )

    # The same form with the hub's own image goes through.
    response = client.post(url, edit_form_data(world.a_live, hero_image=str(own.pk)))
    assert response.status_code == 302
    revision = InnovationPage.objects.get(pk=world.a_live.pk).get_latest_revision_as_object()
    assert revision.hero_image_id == own.pk


def test_the_image_chooser_refuses_another_hubs_image(client, world, people, hub_images):
    own, other = hub_images
    login(client, people.coordinator_a)
    assert client.get(reverse("wagtailimages_chooser:chosen", args=[own.pk])).status_code == 200
    assert_permission_denied(client.get(reverse("wagtailimages_chooser:chosen", args=[other.pk])))
    listing = client.get(reverse("wagtailimages_chooser:choose")).content.decode()
    assert "Foto Jabar" in listing and "Foto Jatim" not in listing


def test_a_superusers_choice_of_image_survives_a_coordinators_edit(
    client, world, people, hub_images
):
    """An image chosen by someone with wider rights stays when a coordinator saves."""
    _, other = hub_images
    InnovationPage.objects.filter(pk=world.a_live.pk).update(hero_image=other)
    login(client, people.coordinator_a)
    response = client.post(
        reverse("wagtailadmin_pages:edit", args=[world.a_live.pk]),
        edit_form_data(InnovationPage.objects.get(pk=world.a_live.pk), title="Judul Baru"),
    )
    assert response.status_code == 302


# --- pages under an unpublished hub --------------------------------------------------------


def test_pages_under_an_unpublished_hub_are_not_found(client, world, people):
    innovation_url, hub_url = world.a_live.url, world.hub_a.url
    assert client.get(innovation_url).status_code == 200

    Page.objects.get(pk=world.hub_a.pk).unpublish()

    assert InnovationPage.objects.get(pk=world.a_live.pk).live  # the page itself still is
    assert client.get(innovation_url).status_code == 404
    assert client.get("/en" + innovation_url).status_code == 404
    assert client.get(hub_url).status_code == 404
    # Its editors still see it.
    login(client, people.coordinator_a)
    draft = client.get(reverse("wagtailadmin_pages:view_draft", args=[world.a_live.pk]))
    assert draft.status_code == 200
    assert world.a_live.title in draft.content.decode()


# --- the way in ------------------------------------------------------------------------------


def test_djangos_own_admin_is_not_served(client, world, people):
    client.force_login(people.superuser)
    assert client.get("/django-admin/").status_code == 404
    assert client.get("/django-admin/auth/user/").status_code == 404


@override_settings(AXES_ENABLED=True)
def test_login_is_locked_after_repeated_wrong_passwords(world, people):
    url = reverse("wagtailadmin_login")
    user = people.coordinator_a.username
    guesser = Client(REMOTE_ADDR="203.0.113.7")
    for attempt in range(1, settings.AXES_FAILURE_LIMIT):
        response = guesser.post(url, {"username": user, "password": f"salah-{attempt}"})
        assert response.status_code == 200, attempt  # the form, with its error
    last_guess = guesser.post(url, {"username": user, "password": "salah-lagi"})
    assert last_guess.status_code == 429

    response = guesser.post(url, {"username": user, "password": PASSWORD})

    assert response.status_code == 429
    page = response.content.decode()
    assert "dikunci" in page and f"{settings.AXES_FAILURE_LIMIT} kali" in page
    assert guesser.get(reverse("wagtailadmin_home")).status_code == 302  # not signed in
    # Only that account from that address is locked: the person at their own desk, and
    # other accounts at the guesser's address, still sign in.
    for username, address in ((user, "198.51.100.2"), (people.moderator_a.username, "203.0.113.7")):
        response = Client(REMOTE_ADDR=address).post(
            url, {"username": username, "password": PASSWORD}
        )
        assert response.status_code == 302, (username, address)
