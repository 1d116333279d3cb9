"""Issue 17, finding 3: lineage (`replicated_from`) points only at pages the public may read.

By id, a coordinator of hub A could set `replicated_from` to hub B's unpublished page and then
read its draft title in their own form. The form now refuses any original that is not live
and public, and another hub's unpublished page is never titled in hub A's admin.
"""

import pytest
from django.urls import reverse

from innovations.models import InnovationPage
from tests import test_permissions as hub_world
from tests.test_permissions import (
    B_DRAFT,
    B_LIVE,
    body,
    edit_form_data,
    login,
)

pytestmark = pytest.mark.django_db

# Two hubs, their pages and people (see tests/test_permissions.py).
world_ids, world, people = hub_world.world_ids, hub_world.world, hub_world.people


def post_edit(client, page, **changes):
    url = reverse("wagtailadmin_pages:edit", args=[page.pk])
    return client.post(url, edit_form_data(page, **changes))


def test_coordinator_cannot_link_another_hubs_draft(client, world, people):
    login(client, people.coordinator_a)

    response = post_edit(client, world.a_live, replicated_from=str(world.b_draft.pk))

    assert response.status_code == 200  # the form again, with its error
    assert "replikasi hanya boleh merujuk inovasi yang sudah terbit" in body(response)
    assert B_DRAFT not in body(response)
    page = InnovationPage.objects.get(pk=world.a_live.pk)
    assert page.get_latest_revision_as_object().replicated_from_id is None


def test_coordinator_can_link_another_hubs_published_page(client, world, people):
    login(client, people.coordinator_a)

    response = post_edit(client, world.a_live, replicated_from=str(world.b_live.pk))

    assert response.status_code == 302
    page = InnovationPage.objects.get(pk=world.a_live.pk)
    assert page.get_latest_revision_as_object().replicated_from_id == world.b_live.pk


def test_own_hubs_draft_is_refused_as_an_original_too(client, world, people):
    login(client, people.coordinator_a)

    response = post_edit(client, world.a_live, replicated_from=str(world.a_draft.pk))

    assert response.status_code == 200
    assert "replikasi hanya boleh merujuk inovasi yang sudah terbit" in body(response)


def test_an_existing_link_to_another_hubs_draft_shows_no_title(client, world, people):
    """A link made before the original was withdrawn stays, but hub A never reads hub B's
    unpublished title through it."""
    InnovationPage.objects.filter(pk=world.a_live.pk).update(replicated_from=world.b_draft)
    login(client, people.coordinator_a)

    response = client.get(reverse("wagtailadmin_pages:edit", args=[world.a_live.pk]))

    assert response.status_code == 200
    assert B_DRAFT not in body(response)
    assert B_LIVE not in body(response)
    login(client, people.coordinator_b)
    # Hub B's own people still see the title in their admin.
    response = client.get(reverse("wagtailadmin_pages:edit", args=[world.b_draft.pk]))
    assert B_DRAFT in body(response)
