"""The innovation editor as a coordinator uses it: drafts with little filled in, one page per
create form even when autosave and a submit cross, and errors that say which tab holds them.
"""

import pytest
from django.urls import reverse
from wagtail.test.utils.form_data import querydict_from_html

from innovations.models import InnovationPage
from tests.factories import hub_named
from tests.test_permissions import (
    IN_HUB_A,
    body,
    innovation_form_data,
    login,
    make_user,
)

TITLE = "Layanan Antar Akta Sumedang"


@pytest.fixture
def coordinator(site_tree):
    from tests.factories import create_innovation

    create_innovation(title="Inovasi Lain Sumedang", **IN_HUB_A)
    hub = hub_named(IN_HUB_A["hub"])
    return make_user("koordinator_jabar", hub.coordinators), hub


def create_url(hub):
    return reverse("wagtailadmin_pages:add", args=["innovations", "innovationpage", hub.pk])


def create_form(client, hub):
    """The create form's fields as rendered (hidden token included)."""
    response = client.get(create_url(hub))
    assert response.status_code == 200
    form = querydict_from_html(body(response), form_id="page-edit-form")
    return {key: form.getlist(key) for key in form}


def test_a_draft_needs_only_a_title(client, coordinator):
    user, hub = coordinator
    login(client, user)
    data = create_form(client, hub)
    data.update(title=TITLE, slug="antar-akta")

    response = client.post(create_url(hub), data)

    assert response.status_code == 302, response.context and response.context["form"].errors
    page = InnovationPage.objects.get(slug="antar-akta")
    assert not page.live
    assert page.sector_id is None and page.year_launched is None


def test_submitting_for_review_needs_every_required_field(client, coordinator):
    user, hub = coordinator
    login(client, user)
    data = create_form(client, hub)
    data.update(title=TITLE, slug="antar-akta", channels=[], **{"action-submit": "action-submit"})

    response = client.post(create_url(hub), data)

    assert response.status_code == 200
    errors = response.context["form"].errors
    assert {"tagline", "sector", "channels", "summary", "year_launched"} <= errors.keys()
    assert not InnovationPage.objects.filter(slug="antar-akta").exists()
    summary = " ".join(errors["__all__"])
    assert "Identitas" in summary and "Tempat & klasifikasi" in summary
    assert "Cerita inovasi" in summary


def test_autosave_then_submit_makes_one_page(client, coordinator):
    """The orphan-draft bug: the first autosave creates the page; a submit sent before its
    answer arrived still posts to the create view. That made a second page, refused with a
    slug error on the hidden "Promosi" tab, and left the autosaved one behind."""
    user, hub = coordinator
    login(client, user)
    autosave = create_form(client, hub)
    token = autosave["creation_token"]
    assert token and token[0]

    # The autosave: the form as it stands (a title typed), posted in the background and
    # answered in JSON.
    autosave.update(title=TITLE, slug="antar-akta")
    response = client.post(create_url(hub), autosave, headers={"accept": "application/json"})
    assert response.json()["success"], response.content
    (made,) = InnovationPage.objects.filter(title=TITLE)

    # The coordinator's own submit, from the same form, to the same (create) address.
    full = innovation_form_data(TITLE, "antar-akta", IN_HUB_A)
    full["creation_token"] = token
    full["action-submit"] = "action-submit"
    response = client.post(create_url(hub), full)

    assert response.status_code == 302, response.context and response.context["form"].errors
    (page,) = InnovationPage.objects.filter(title=TITLE)
    assert page.pk == made.pk
    assert page.workflow_in_progress
    assert page.get_latest_revision_as_object().sector_id == "perizinan"


def test_a_token_from_another_user_makes_a_new_page(client, coordinator):
    user, hub = coordinator
    login(client, user)
    first = create_form(client, hub)
    token = first["creation_token"]
    first.update(title=TITLE, slug="antar-akta")
    client.post(create_url(hub), first)

    other = make_user("koordinator_jabar_2", hub.coordinators)
    login(client, other)
    data = innovation_form_data("Inovasi Kedua", "inovasi-kedua", IN_HUB_A)
    data["creation_token"] = token
    client.post(create_url(hub), data)

    assert InnovationPage.objects.filter(slug="antar-akta").count() == 1
    assert InnovationPage.objects.get(slug="inovasi-kedua").owner == other


def test_a_slug_clash_is_explained_in_indonesian_with_its_tab(client, coordinator):
    user, hub = coordinator
    login(client, user)
    data = create_form(client, hub)
    taken = InnovationPage.objects.get(title="Inovasi Lain Sumedang").slug
    data.update(title="Judul Baru", slug=taken)

    response = client.post(create_url(hub), data)

    assert response.status_code == 200
    errors = response.context["form"].errors
    assert errors["slug"] == [
        f"Alamat (slug) '{taken}' sudah dipakai halaman \u201cInovasi Lain Sumedang\u201d "
        f"di simpul ini. Ganti slug, mis. '{taken}-2'."
    ]
    assert "tab \u201cPromosi\u201d" in " ".join(errors["__all__"])
    page = body(response)
    assert "Ada isian yang perlu diperbaiki di tab" in page
    assert "already in use" not in page
