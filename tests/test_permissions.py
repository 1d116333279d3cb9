"""Per-hub rights, exercised through Wagtail's admin as a logged-in user would.

Two hubs, each with a published innovation and an unpublished draft: hub A (JIPP
Provinsi Jawa Barat) and hub B (JIPP Provinsi Jawa Timur). Hub A's coordinators and
moderators work freely in hub A, but must not change anything in hub B, nor see hub
B's drafts anywhere in the admin.

Every refusal is checked against the database, and every refused request is then
replayed by someone who is allowed to make it, to show that it does work: a refusal
caused by a malformed request would prove nothing. Likewise every "hub B's draft is
not shown here" check first shows that a superuser does see it on the same screen.
"""

from collections.abc import Callable
from dataclasses import dataclass
from types import SimpleNamespace

import pytest
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.messages import get_messages
from django.db import transaction
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from wagtail.models import (
    GroupApprovalTask,
    GroupCollectionPermission,
    GroupPagePermission,
    Page,
    PageViewRestriction,
    Revision,
    Workflow,
    WorkflowTask,
)
from wagtail.test.utils.form_data import (
    inline_formset,
    nested_form_data,
    querydict_from_html,
    rich_text,
)

from home.site_setup import ensure_site_tree
from innovations.models import HubIndexPage, HubPage, InnovationPage, Regency
from innovations.models.featured import FeaturedInnovation
from innovations.models.sections import SECTIONS
from innovations.permissions import ensure_national_curators, sync_coordinator_publishing
from tests.factories import create_innovation, hub_named

HUB_A = "JIPP Provinsi Jawa Barat"
HUB_B = "JIPP Provinsi Jawa Timur"
IN_HUB_A = {
    "hub": HUB_A,
    "province_code": "32",
    "regency": "Kabupaten Sumedang",
    "level": "kabupaten",
    "institution": "Dinas Penanaman Modal dan PTSP Kabupaten Sumedang",
}
IN_HUB_B = {
    "hub": HUB_B,
    "province_code": "35",
    "regency": "Kota Surabaya",
    "level": "kota",
    "institution": "Dinas Kependudukan dan Pencatatan Sipil Kota Surabaya",
}

A_LIVE = "SIPANDU Sumedang Terbit"
A_DRAFT = "Draf Rahasia Sumedang"
B_LIVE = "KLAMPID Surabaya Terbit"
B_DRAFT = "Draf Rahasia Surabaya"
# A new title saved on hub B's live page but not published: a draft as well.
B_PENDING = "Judul Baru Klampid Belum Terbit"
HUB_B_DRAFTS = (B_DRAFT, B_PENDING)

PASSWORD = "sandi-uji-123"
RICH_TEXT_FEATURES = ["bold", "italic", "ol", "ul", "link", "h3", "h4"]


# --- Data and people -----------------------------------------------------------------


def make_user(username, *groups, superuser=False):
    User = get_user_model()
    email = f"{username}@contoh.go.id"
    if superuser:
        return User.objects.create_superuser(username, email, PASSWORD)
    user = User.objects.create_user(username, email, PASSWORD)
    user.groups.add(*groups)
    return user


@pytest.fixture(scope="module")
def world_ids(django_db_setup, django_db_blocker):
    """The two hubs, their pages and people, built once for this module: pages made
    through the importer are slow to create. This happens in a transaction rolled back
    at the end of the module; each test runs in a nested transaction of its own (the
    `db` fixture), so whatever one test changes is undone before the next."""
    with django_db_blocker.unblock(), transaction.atomic():
        ensure_site_tree(hostname="testserver")
        pages = {
            "a_live": create_innovation(title=A_LIVE, **IN_HUB_A),
            "a_draft": create_innovation(title=A_DRAFT, publish=False, **IN_HUB_A),
            "b_live": create_innovation(title=B_LIVE, **IN_HUB_B),
            "b_draft": create_innovation(title=B_DRAFT, publish=False, **IN_HUB_B),
            "hub_a": hub_named(HUB_A),
            "hub_b": hub_named(HUB_B),
        }
        hub_a, hub_b = pages["hub_a"], pages["hub_b"]
        # Hub B lets its coordinators publish without review; hub A keeps the default
        # (review by its moderators), so both sides of that setting are exercised.
        let_coordinators_publish(hub_b)
        users = {
            "coordinator_a": make_user("koordinator_jabar", hub_a.coordinators),
            "moderator_a": make_user("moderator_jabar", hub_a.moderators),
            "coordinator_b": make_user("koordinator_jatim", hub_b.coordinators),
            "moderator_b": make_user("moderator_jatim", hub_b.moderators),
            "superuser": make_user("admin_pusat", superuser=True),
            "curator": make_user("kurator_nasional", ensure_national_curators()),
        }
        yield (
            {name: page.pk for name, page in pages.items()},
            {role: user.pk for role, user in users.items()},
        )
        transaction.set_rollback(True)


@pytest.fixture
def world(db, world_ids):
    """Fresh instances for each test, so no test sees objects another one changed."""
    return SimpleNamespace(
        **{name: Page.objects.get(pk=pk).specific for name, pk in world_ids[0].items()}
    )


@pytest.fixture
def people(world, world_ids):
    User = get_user_model()
    return SimpleNamespace(**{role: User.objects.get(pk=pk) for role, pk in world_ids[1].items()})


def let_coordinators_publish(hub, allowed=True):
    """The hub's setting, as publishing the hub page with the box ticked applies it."""
    HubPage.objects.filter(pk=hub.pk).update(coordinators_can_publish=allowed)
    sync_coordinator_publishing(hub)


def login(client, user):
    client.logout()
    assert client.login(username=user.username, password=PASSWORD)


def reload(page):
    return Page.objects.filter(pk=page.pk).first()


def site_state():
    """Everything an admin action on pages could change."""
    return {
        "pages": list(
            Page.objects.order_by("path").values_list(
                "pk",
                "path",
                "title",
                "draft_title",
                "slug",
                "live",
                "has_unpublished_changes",
                "locked",
                "latest_revision_id",
            )
        ),
        "revisions": Revision.objects.count(),
        "restrictions": list(
            PageViewRestriction.objects.values_list("page_id", "restriction_type")
        ),
    }


def body(response):
    if response.streaming:  # CSV exports
        return b"".join(response.streaming_content).decode()
    return response.content.decode()


# --- Form data, as the admin's forms post it -------------------------------------


def innovation_form_data(title, slug, place, publish=False):
    """The InnovationPage add form, all six tabs, as Wagtail's editor would post it."""
    regency = Regency.objects.get(province_id=place["province_code"], name=place["regency"])
    data = nested_form_data(
        {
            # Identitas
            "title": title,
            "acronym": "",
            "tagline": "Layanan yang lebih dekat ke warga.",
            "institution": place["institution"],
            "language": "id",
            # Tempat & klasifikasi
            "level": place["level"],
            "province": place["province_code"],
            "regency": regency.pk,
            "sector": "perizinan",
            "year_launched": "2022",
            "stage": "penerapan",
            "status": "berjalan",
            "tags": "perizinan, daring",
            "awards": inline_formset([{"name": "Top 99 KIPP 2024"}]),
            # Cerita inovasi, Dampak & sumber daya, Replikasi: rich text as Draftail posts it
            **{
                spec.field: rich_text(f"<p>{spec.label}: {title}.</p>", features=RICH_TEXT_FEATURES)
                for spec in SECTIONS.values()
            },
            "metrics": inline_formset(
                [{"label": "Lama layanan", "before": "10", "after": "2", "unit": "hari"}]
            ),
            "budget_idr": "150000000",
            "documents": inline_formset([]),
            # Promosi
            "slug": slug,
            "seo_title": "",
            "search_description": "",
        }
    )
    # Multiple choices post one value per choice; nested_form_data would number them.
    data["channels"] = ["tatap-muka", "elektronik"]
    data["sdgs"] = ["8", "16"]
    if publish:
        data["action-publish"] = "action-publish"
    return data


def edit_form_data(page, publish=False, **changes):
    """The page's edit form exactly as the admin renders it, with `changes` applied."""
    client = Client()
    client.force_login(get_user_model().objects.filter(is_superuser=True).first())
    response = client.get(reverse("wagtailadmin_pages:edit", args=[page.pk]))
    assert response.status_code == 200
    form = querydict_from_html(body(response), form_id="page-edit-form")
    data = {key: form.getlist(key) for key in form}
    data.update(changes)
    if publish:
        data["action-publish"] = "action-publish"
    return data


# --- Creating a hub sets up its groups ---------------------------------------------


def page_permissions(group):
    return set(
        GroupPagePermission.objects.filter(group=group).values_list(
            "page_id", "permission__codename"
        )
    )


def test_creating_a_hub_in_the_admin_creates_its_groups(client, site_tree):
    index = HubIndexPage.objects.get()
    login(client, make_user("admin_bali", superuser=True))

    response = client.post(
        reverse("wagtailadmin_pages:add", args=["innovations", "hubpage", index.pk]),
        nested_form_data(
            {
                "title": "JIPP Provinsi Bali",
                "slug": "provinsi-bali",
                "kind": "provinsi",
                "province": "51",
                "description": rich_text("<p>Simpul Bali.</p>"),
                "action-publish": "action-publish",
            }
        ),
    )

    assert response.status_code == 302, response.context and response.context["form"].errors
    hub = HubPage.objects.get(slug="provinsi-bali")
    assert hub.live
    assert hub.coordinators.name == "Koordinator JIPP Provinsi Bali"
    assert hub.moderators.name == "Moderator JIPP Provinsi Bali"
    # Page rights on the hub page only (Wagtail inherits them down the hub's subtree).
    # Coordinators publish through review unless the hub allows them to publish directly.
    assert page_permissions(hub.coordinators) == {(hub.pk, "add_page"), (hub.pk, "change_page")}
    assert page_permissions(hub.moderators) == {
        (hub.pk, "add_page"),
        (hub.pk, "change_page"),
        (hub.pk, "publish_page"),
        (hub.pk, "bulk_delete_page"),
        (hub.pk, "lock_page"),
        (hub.pk, "unlock_page"),
    }
    # Images and documents in the hub's own collection, nowhere else.
    for group in (hub.coordinators, hub.moderators):
        assert set(
            GroupCollectionPermission.objects.filter(group=group).values_list(
                "collection_id", flat=True
            )
        ) == {hub.collection_id}
        assert group.permissions.filter(codename="access_admin").exists()


def test_hub_groups_reach_their_own_hub_only(world):
    for own, other in ((world.hub_a, world.hub_b), (world.hub_b, world.hub_a)):
        for group in (own.coordinators, own.moderators):
            assert {page for page, _ in page_permissions(group)} == {own.pk}
            assert not GroupPagePermission.objects.filter(
                group=group, page__path__startswith=other.path
            ).exists()


# --- Hub A's people cannot open hub B's pages in the admin -------------------------


GET_VIEWS = {
    "edit": lambda w: reverse("wagtailadmin_pages:edit", args=[w.b_draft.pk]),
    "edit (live page)": lambda w: reverse("wagtailadmin_pages:edit", args=[w.b_live.pk]),
    "delete": lambda w: reverse("wagtailadmin_pages:delete", args=[w.b_draft.pk]),
    "unpublish": lambda w: reverse("wagtailadmin_pages:unpublish", args=[w.b_live.pk]),
    "move": lambda w: reverse("wagtailadmin_pages:move", args=[w.b_draft.pk]),
    "move confirmation": lambda w: reverse(
        "wagtailadmin_pages:move_confirm", args=[w.b_draft.pk, w.hub_a.pk]
    ),
    "copy": lambda w: reverse("wagtailadmin_pages:copy", args=[w.b_draft.pk]),
    "add subpage": lambda w: reverse("wagtailadmin_pages:add_subpage", args=[w.hub_b.pk]),
    "add innovation": lambda w: reverse(
        "wagtailadmin_pages:add", args=["innovations", "innovationpage", w.hub_b.pk]
    ),
    "privacy": lambda w: reverse("wagtailadmin_pages:set_privacy", args=[w.b_draft.pk]),
    "history": lambda w: reverse("wagtailadmin_pages:history", args=[w.b_draft.pk]),
    "revisions": lambda w: reverse("wagtailadmin_pages:revisions_index", args=[w.b_draft.pk]),
    "revision": lambda w: reverse(
        "wagtailadmin_pages:revisions_view", args=[w.b_draft.pk, w.b_draft.latest_revision_id]
    ),
    "compare revisions": lambda w: reverse(
        "wagtailadmin_pages:revisions_compare", args=[w.b_draft.pk, "earliest", "latest"]
    ),
    "view draft": lambda w: reverse("wagtailadmin_pages:view_draft", args=[w.b_draft.pk]),
    "preview": lambda w: reverse("wagtailadmin_pages:preview_on_edit", args=[w.b_draft.pk]),
    "workflow history": lambda w: reverse(
        "wagtailadmin_pages:workflow_history", args=[w.b_draft.pk]
    ),
    "usage": lambda w: reverse("wagtailadmin_pages:usage", args=[w.b_draft.pk]),
    "explorer": lambda w: reverse("wagtailadmin_explore", args=[w.hub_b.pk]),
}


def assert_permission_denied(response):
    """Wagtail's admin answers 403, or sends the user to the dashboard with an error."""
    if response.status_code == 403:
        return
    assert response.status_code == 302, response.status_code
    errors = [m for m in get_messages(response.wsgi_request) if m.level == messages.ERROR]
    assert response["Location"] == reverse("wagtailadmin_home") and errors, (
        f"redirected to {response['Location']} without a permission error"
    )


def get_until_refused(client, url):
    """GET `url`, following redirects the way a browser would, but stopping at the first
    redirect to the dashboard (where Wagtail sends people it refuses)."""
    response = client.get(url)
    for _ in range(5):
        if response.status_code != 302 or response["Location"] == reverse("wagtailadmin_home"):
            break
        response = client.get(response["Location"])
    return response


@pytest.mark.parametrize("role", ["coordinator_a", "moderator_a"])
@pytest.mark.parametrize("view", GET_VIEWS)
def test_hub_a_cannot_open_hub_b_pages(client, world, people, view, role):
    url = GET_VIEWS[view](world)
    login(client, people.superuser)
    assert get_until_refused(client, url).status_code == 200  # the screen exists and works

    login(client, getattr(people, role))
    response = get_until_refused(client, url)

    if view == "explorer":
        # The explorer shows people their own part of the tree instead.
        assert response.wsgi_request.path == reverse("wagtailadmin_explore", args=[world.hub_a.pk])
        assert response.status_code == 200
    else:
        assert_permission_denied(response)
    assert B_DRAFT not in body(response)


# --- ...nor change anything in hub B ----------------------------------------------


@dataclass
class Attempt:
    """One way of changing hub B through the admin."""

    perform: Callable  # (client, world) -> response
    took_effect: Callable  # (world) -> bool, read from the database
    allowed: str = "coordinator_b"  # someone who may make the same request
    # How the admin refuses it: "denied" (403 / permission error), "invalid" (the form
    # rejects a destination in hub B) or "skipped" (bulk actions leave out the pages
    # the user may not act on).
    refusal: str = "denied"
    prepare: Callable = lambda world: None


def pk_of(name):
    """The id of one of the world's pages, looked up when the request is made."""
    return lambda world: getattr(world, name).pk


def post_page_view(view, *args, data=None, query=""):
    """POST to a page view; `args` may be pk_of(...) lookups, `data` a function of the world."""

    def perform(client, world):
        url = reverse(
            f"wagtailadmin_pages:{view}", args=[a(world) if callable(a) else a for a in args]
        )
        return client.post(url + query, data(world) if callable(data) else (data or {}))

    return perform


def post_bulk(action, page, data=None):
    def perform(client, world):
        url = reverse("wagtail_bulk_action", args=["wagtailcore", "page", action])
        payload = data(world) if callable(data) else (data or {})
        return client.post(f"{url}?id={getattr(world, page).pk}", payload)

    return perform


def prepared_form(builder):
    """Build the form data before the attempt (as a superuser sees the form)."""
    return lambda world: setattr(world, "form", builder(world))


def posted_form(world):
    return world.form


def copy_to(parent, slug):
    return lambda world: {
        "new_title": "Salinan",
        "new_slug": slug,
        "new_parent_page": getattr(world, parent).pk,
        "copy_subpages": "",
        "publish_copies": "",
        "alias": "",
    }


def lock_by_superuser(page):
    def prepare(world):
        admin = get_user_model().objects.filter(is_superuser=True).first()
        Page.objects.filter(pk=getattr(world, page).pk).update(
            locked=True, locked_by=admin, locked_at=timezone.now()
        )

    return prepare


def parent_id(page):
    return Page.objects.get(pk=page.pk).get_parent().pk


def new_innovation_in_hub_b(publish):
    return prepared_form(
        lambda w: innovation_form_data("Inovasi Baru Surabaya", "baru-sby", IN_HUB_B, publish)
    )


ADD_IN_HUB_B = post_page_view(
    "add", "innovations", "innovationpage", pk_of("hub_b"), data=posted_form
)

ATTEMPTS = {
    "create": Attempt(
        prepare=new_innovation_in_hub_b(publish=False),
        perform=ADD_IN_HUB_B,
        took_effect=lambda w: InnovationPage.objects.filter(slug="baru-sby").exists(),
    ),
    "create and publish": Attempt(
        prepare=new_innovation_in_hub_b(publish=True),
        perform=ADD_IN_HUB_B,
        took_effect=lambda w: InnovationPage.objects.filter(slug="baru-sby", live=True).exists(),
    ),
    "edit": Attempt(
        prepare=prepared_form(lambda w: edit_form_data(w.b_live, title="Diubah dari Jabar")),
        perform=post_page_view("edit", pk_of("b_live"), data=posted_form),
        took_effect=lambda w: reload(w.b_live).draft_title == "Diubah dari Jabar",
    ),
    "publish": Attempt(
        prepare=prepared_form(lambda w: edit_form_data(w.b_draft, publish=True)),
        perform=post_page_view("edit", pk_of("b_draft"), data=posted_form),
        took_effect=lambda w: reload(w.b_draft).live,
    ),
    "unpublish": Attempt(
        perform=post_page_view("unpublish", pk_of("b_live")),
        took_effect=lambda w: not reload(w.b_live).live,
    ),
    "delete": Attempt(
        perform=post_page_view("delete", pk_of("b_draft")),
        took_effect=lambda w: reload(w.b_draft) is None,
    ),
    "move hub B's page to hub A": Attempt(
        perform=post_page_view("move_confirm", pk_of("b_live"), pk_of("hub_a")),
        took_effect=lambda w: parent_id(w.b_live) == w.hub_a.pk,
        allowed="superuser",  # nobody else holds rights in both hubs
    ),
    "move hub A's page into hub B": Attempt(
        perform=post_page_view("move_confirm", pk_of("a_live"), pk_of("hub_b")),
        took_effect=lambda w: parent_id(w.a_live) == w.hub_b.pk,
        allowed="superuser",
    ),
    "copy": Attempt(
        perform=post_page_view("copy", pk_of("b_live"), data=copy_to("hub_b", "salinan-sby")),
        took_effect=lambda w: Page.objects.filter(slug="salinan-sby").exists(),
    ),
    "copy hub A's page into hub B": Attempt(
        perform=post_page_view("copy", pk_of("a_live"), data=copy_to("hub_b", "salinan-jabar")),
        took_effect=lambda w: Page.objects.filter(slug="salinan-jabar").exists(),
        allowed="superuser",
        refusal="invalid",
    ),
    "lock": Attempt(
        perform=post_page_view("lock", pk_of("b_live")),
        took_effect=lambda w: reload(w.b_live).locked,
        allowed="moderator_b",
    ),
    "unlock": Attempt(
        prepare=lock_by_superuser("b_live"),
        perform=post_page_view("unlock", pk_of("b_live")),
        took_effect=lambda w: not reload(w.b_live).locked,
        allowed="moderator_b",
    ),
    "set privacy": Attempt(
        perform=post_page_view("set_privacy", pk_of("b_live"), data={"restriction_type": "login"}),
        took_effect=lambda w: PageViewRestriction.objects.filter(page=w.b_live).exists(),
    ),
    "reorder": Attempt(
        perform=post_page_view("set_page_position", pk_of("b_draft"), query="?position=0"),
        took_effect=lambda w: w.hub_b.get_children().first().pk == w.b_draft.pk,
    ),
    "bulk publish": Attempt(
        perform=post_bulk("publish", "b_draft"),
        took_effect=lambda w: reload(w.b_draft).live,
        refusal="skipped",
    ),
    "bulk unpublish": Attempt(
        perform=post_bulk("unpublish", "b_live"),
        took_effect=lambda w: not reload(w.b_live).live,
        refusal="skipped",
    ),
    "bulk delete": Attempt(
        perform=post_bulk("delete", "b_draft"),
        took_effect=lambda w: reload(w.b_draft) is None,
        refusal="skipped",
    ),
    "bulk move to hub A": Attempt(
        perform=post_bulk("move", "b_live", data=lambda w: {"chooser": w.hub_a.pk}),
        took_effect=lambda w: parent_id(w.b_live) == w.hub_a.pk,
        allowed="superuser",
        refusal="skipped",
    ),
}


@pytest.mark.parametrize("role", ["coordinator_a", "moderator_a"])
@pytest.mark.parametrize("name", ATTEMPTS)
def test_hub_a_cannot_change_hub_b(client, world, people, name, role):
    attempt = ATTEMPTS[name]
    attempt.prepare(world)
    before = site_state()

    login(client, getattr(people, role))
    response = attempt.perform(client, world)

    if attempt.refusal == "denied":
        assert_permission_denied(response)
    elif attempt.refusal == "invalid":
        assert response.status_code == 200
        assert "new_parent_page" in response.context["form"].errors
    else:
        assert response.status_code in (200, 302)
    assert site_state() == before
    assert not attempt.took_effect(world)

    # The very same request, from someone entitled to make it, does go through.
    login(client, getattr(people, attempt.allowed))
    response = attempt.perform(client, world)
    assert attempt.took_effect(world), (response.status_code, response.get("Location"))


# --- Hub B's drafts are nowhere to be seen -----------------------------------------


@pytest.fixture
def busy_world(world, people):
    """Hub A and B drafts locked and in moderation, and a pending title on B's live page,
    so that every report has something to list."""
    admin = people.superuser
    task = GroupApprovalTask.objects.create(name="Persetujuan uji")
    workflow = Workflow.objects.create(name="Alur uji")
    WorkflowTask.objects.create(workflow=workflow, task=task, sort_order=0)
    for page in (world.a_draft, world.b_draft):
        workflow.start(page, admin)
        Page.objects.filter(pk=page.pk).update(
            locked=True, locked_by=admin, locked_at=timezone.now()
        )
    # Edited last, so it is the "last edited page" of its type.
    pending = world.b_live.get_latest_revision_as_object()
    pending.title = B_PENDING
    pending.save_revision(user=admin, log_action=True)
    return world


@dataclass
class Surface:
    url: Callable  # (world) -> str
    shows: tuple = (B_DRAFT,)  # what a superuser sees there, proving the screen lists it
    own: tuple = ()  # what hub A's coordinator must still see there
    hidden: tuple = HUB_B_DRAFTS


def admin_url(name, *args, query=""):
    def url(world):
        return reverse(name, args=[arg(world) if callable(arg) else arg for arg in args]) + query

    return url


def bulk_confirmation(action, query):
    return lambda w: (
        reverse("wagtail_bulk_action", args=["wagtailcore", "page", action])
        + query.format(hub_b=w.hub_b.pk)
    )


SURFACES = {
    "dashboard": Surface(admin_url("wagtailadmin_home")),
    "explorer: hub B": Surface(admin_url("wagtailadmin_explore", pk_of("hub_b"))),
    "explorer: search the whole tree": Surface(
        admin_url("wagtailadmin_explore", pk_of("hub_a"), query="?q=Rahasia&search_all=1"),
        own=(A_DRAFT,),
    ),
    "explorer: filter the whole tree": Surface(
        admin_url(
            "wagtailadmin_explore", pk_of("hub_a"), query="?has_child_pages=false&search_all=1"
        ),
        own=(A_DRAFT,),
    ),
    "explorer: results fragment": Surface(
        admin_url("wagtailadmin_explore_results", pk_of("hub_a"), query="?q=Rahasia&search_all=1"),
        own=(A_DRAFT,),
    ),
    "sidebar explorer: hub B": Surface(
        lambda w: f"/admin/api/main/pages/?child_of={w.hub_b.pk}&for_explorer=1"
    ),
    "sidebar explorer: search": Surface(lambda w: "/admin/api/main/pages/?search=Rahasia"),
    "page search": Surface(
        admin_url("wagtailadmin_pages:search", query="?q=Rahasia"), own=(A_DRAFT,)
    ),
    "page search: results fragment": Surface(
        admin_url("wagtailadmin_pages:search_results", query="?q=Rahasia"), own=(A_DRAFT,)
    ),
    "pages of a type": Surface(
        admin_url("wagtailadmin_pages:type_use", "innovations", "innovationpage"),
        own=(A_DRAFT,),
    ),
    "report: locked pages": Surface(admin_url("wagtailadmin_reports:locked_pages")),
    "report: locked pages, CSV": Surface(
        admin_url("wagtailadmin_reports:locked_pages", query="?export=csv")
    ),
    # Wagtail lists there the pages the user may publish: hub A's coordinators publish
    # through review, so their own pages are not theirs to list (their dashboard lists
    # the stale ones instead).
    "report: aging pages": Surface(
        admin_url("wagtailadmin_reports:aging_pages"), shows=(B_PENDING,)
    ),
    "report: site history": Surface(admin_url("wagtailadmin_reports:site_history"), own=(A_DRAFT,)),
    "report: site history, CSV": Surface(
        admin_url("wagtailadmin_reports:site_history", query="?export=csv"), own=(A_DRAFT,)
    ),
    "report: page types usage": Surface(
        admin_url("wagtailadmin_reports:page_types_usage"), shows=(B_PENDING,), own=(A_DRAFT,)
    ),
    "report: workflows": Surface(admin_url("wagtailadmin_reports:workflow"), own=(A_DRAFT,)),
    "report: workflow tasks": Surface(
        admin_url("wagtailadmin_reports:workflow_tasks"), own=(A_DRAFT,)
    ),
    "innovation listing": Surface(admin_url("innovation_listing:index"), own=(A_DRAFT,)),
    "innovation listing: search": Surface(
        admin_url("innovation_listing:index", query="?q=Rahasia"), own=(A_DRAFT,)
    ),
    # The page chooser lists live pages from every hub (an innovation may replicate
    # another hub's), so hub B's live page stays choosable, but not its drafts, and not
    # its pending title (test_choosers_title_another_hubs_pages_as_published).
    "page chooser: hub B": Surface(
        admin_url("wagtailadmin_choose_page_child", pk_of("hub_b")), own=(), hidden=(B_DRAFT,)
    ),
    "page chooser: search": Surface(
        admin_url("wagtailadmin_choose_page_search", query="?q=Rahasia"),
        own=(A_DRAFT,),
        hidden=(B_DRAFT,),
    ),
    "page chooser: inside hub B's draft": Surface(
        admin_url("wagtailadmin_choose_page_child", pk_of("b_draft"))
    ),
    "bulk delete: every page": Surface(bulk_confirmation("delete", "?id=all")),
    "bulk publish: hub B's pages": Surface(bulk_confirmation("publish", "?id=all&childOf={hub_b}")),
    "move confirmation": Surface(
        admin_url("wagtailadmin_pages:move_confirm", pk_of("b_draft"), pk_of("hub_a"))
    ),
}


@pytest.mark.parametrize("viewer", ["coordinator_a", "moderator_a"])
@pytest.mark.parametrize("name", SURFACES)
def test_hub_b_drafts_are_hidden_from_hub_a(client, busy_world, people, name, viewer):
    surface = SURFACES[name]
    url = surface.url(busy_world)

    login(client, people.superuser)
    seen_by_superuser = body(client.get(url))
    for title in surface.shows:
        assert title in seen_by_superuser, f"{name} does not list {title!r} at all"

    login(client, getattr(people, viewer))
    response = client.get(url, follow=True)
    seen = body(response)
    for title in surface.hidden:
        assert title not in seen
    if viewer == "coordinator_a":
        for title in surface.own:
            assert title in seen, f"{name} hides hub A's own {title!r} from its coordinator"


def test_page_chooser_still_offers_other_hubs_live_pages(client, world, people):
    login(client, people.coordinator_a)
    response = client.get(reverse("wagtailadmin_choose_page_child", args=[world.hub_b.pk]))
    assert response.status_code == 200
    assert B_LIVE in body(response)
    assert B_DRAFT not in body(response)


# Another hub's unpublished title change (a live page's pending title, a hub's pending
# name) stays out of every place the page chooser and chooser fields title pages with.
HUB_B_PENDING = "Simpul Jatim Nama Baru Belum Terbit"
CHOOSER_TITLES = {
    "browse hub B": lambda w: reverse("wagtailadmin_choose_page_child", args=[w.hub_b.pk]),
    "search, with each result's parent": lambda w: (
        reverse("wagtailadmin_choose_page_search") + "?q=KLAMPID"
    ),
    "chosen pages": lambda w: (
        reverse("wagtailadmin_choose_page_chosen_multiple") + f"?id={w.b_live.pk}"
    ),
    "chooser field on hub A's replication": lambda w: reverse(
        "wagtailadmin_pages:edit", args=[w.a_live.pk]
    ),
}


@pytest.fixture
def pending_titles(busy_world, people):
    """Hub B's live innovation (B_PENDING, from busy_world) and hub B itself carry title
    changes not yet published; hub A's live innovation replicates hub B's."""
    hub = busy_world.hub_b.get_latest_revision_as_object()
    hub.title = HUB_B_PENDING
    hub.save_revision(user=people.superuser)
    InnovationPage.objects.filter(pk=busy_world.a_live.pk).update(replicated_from=busy_world.b_live)
    return busy_world


@pytest.mark.parametrize("surface", CHOOSER_TITLES)
def test_choosers_title_another_hubs_pages_as_published(client, pending_titles, people, surface):
    login(client, people.coordinator_a)
    response = client.get(CHOOSER_TITLES[surface](pending_titles))
    page = body(response)

    assert response.status_code == 200
    assert B_LIVE in page
    assert B_PENDING not in page
    assert HUB_B_PENDING not in page


@pytest.mark.parametrize("role", ["coordinator_b", "superuser"])
def test_choosers_show_pending_titles_to_who_may_edit_them(client, pending_titles, people, role):
    login(client, getattr(people, role))
    browse = body(client.get(CHOOSER_TITLES["browse hub B"](pending_titles)))
    search = body(client.get(CHOOSER_TITLES["search, with each result's parent"](pending_titles)))

    assert B_PENDING in browse and HUB_B_PENDING in browse
    assert B_PENDING in search and HUB_B_PENDING in search


# --- What hub A's people can do in hub A --------------------------------------------


@pytest.mark.parametrize("publish", [False, True], ids=["draft", "published"])
def test_coordinator_creates_an_innovation_in_own_hub(client, world, people, publish):
    let_coordinators_publish(world.hub_a)
    login(client, people.coordinator_a)
    response = client.post(
        reverse("wagtailadmin_pages:add", args=["innovations", "innovationpage", world.hub_a.pk]),
        innovation_form_data("PANDU Desa Sumedang", "pandu-desa", IN_HUB_A, publish=publish),
    )

    assert response.status_code == 302, response.context and (
        response.context["form"].errors,
        [fs.errors for fs in response.context["form"].formsets.values()],
    )
    page = InnovationPage.objects.get(slug="pandu-desa")
    assert page.get_parent().pk == world.hub_a.pk
    assert page.live is publish
    assert page.owner == people.coordinator_a
    saved = page.get_latest_revision_as_object()
    assert saved.title == "PANDU Desa Sumedang"
    assert (saved.province_id, saved.regency.name, saved.level) == (
        "32",
        "Kabupaten Sumedang",
        "kabupaten",
    )
    assert saved.sector_id == "perizinan"
    assert {c.pk for c in saved.channels.all()} == {"tatap-muka", "elektronik"}
    assert [a.name for a in saved.awards.all()] == ["Top 99 KIPP 2024"]
    assert [(m.label, m.after) for m in saved.metrics.all()] == [("Lama layanan", 2)]
    assert "Ringkasan: PANDU Desa Sumedang." in saved.summary


def test_coordinator_edits_own_hub_page_without_publishing(client, world, people):
    login(client, people.coordinator_a)
    response = client.post(
        reverse("wagtailadmin_pages:edit", args=[world.a_live.pk]),
        edit_form_data(world.a_live, title="SIPANDU Sumedang Versi Baru"),
    )

    assert response.status_code == 302
    page = reload(world.a_live).specific
    assert page.title == A_LIVE  # the live version is untouched...
    assert page.draft_title == "SIPANDU Sumedang Versi Baru"  # ...the draft has the change
    assert page.has_unpublished_changes


def test_coordinator_publishes_own_hub_draft_when_the_hub_allows_it(client, world, people):
    let_coordinators_publish(world.hub_a)
    login(client, people.coordinator_a)
    response = client.post(
        reverse("wagtailadmin_pages:edit", args=[world.a_draft.pk]),
        edit_form_data(world.a_draft, publish=True, title="Draf Sumedang Kini Terbit"),
    )

    assert response.status_code == 302
    page = reload(world.a_draft)
    assert page.live
    assert page.title == "Draf Sumedang Kini Terbit"


def test_coordinator_unpublishes_own_hub_page_when_the_hub_allows_it(client, world, people):
    let_coordinators_publish(world.hub_a)
    login(client, people.coordinator_a)
    response = client.post(reverse("wagtailadmin_pages:unpublish", args=[world.a_live.pk]))

    assert response.status_code == 302
    assert not reload(world.a_live).live


def test_moderator_deletes_own_hub_page(client, world, people):
    login(client, people.moderator_a)
    response = client.post(reverse("wagtailadmin_pages:delete", args=[world.a_live.pk]))

    assert response.status_code == 302
    assert reload(world.a_live) is None
    assert reload(world.b_live) is not None


def test_moderator_locks_and_unlocks_own_hub_page(client, world, people):
    login(client, people.moderator_a)
    client.post(reverse("wagtailadmin_pages:lock", args=[world.a_live.pk]))
    assert reload(world.a_live).locked
    client.post(reverse("wagtailadmin_pages:unlock", args=[world.a_live.pk]))
    assert not reload(world.a_live).locked


def test_coordinator_explorer_shows_own_hub_only(client, world, people):
    login(client, people.coordinator_a)
    explorer = body(client.get(reverse("wagtailadmin_explore", args=[world.hub_a.pk])))
    assert A_LIVE in explorer and A_DRAFT in explorer
    assert B_LIVE not in explorer and B_DRAFT not in explorer


# --- The home page's featured list is the national curators' ------------------------


def featured_url(view, *args):
    return reverse(f"wagtailsnippets_innovations_featuredinnovation:{view}", args=args)


def featured_state():
    return list(
        FeaturedInnovation.objects.order_by("sort_order", "pk").values_list(
            "innovation_id", "note", "sort_order"
        )
    )


def feature(world, *names):
    return [
        FeaturedInnovation.objects.create(innovation=getattr(world, name), note=f"Alasan {name}")
        for name in names
    ]


FEATURED_ATTEMPTS = {
    "add": Attempt(
        perform=lambda client, w: client.post(
            featured_url("add"), {"innovation": w.a_live.pk, "note": "Praktik teruji"}
        ),
        took_effect=lambda w: FeaturedInnovation.objects.filter(innovation=w.a_live).exists(),
        allowed="curator",
    ),
    "edit the reason": Attempt(
        prepare=lambda w: setattr(w, "entries", feature(w, "b_live")),
        perform=lambda client, w: client.post(
            featured_url("edit", w.entries[0].pk),
            {"innovation": w.b_live.pk, "note": "Diubah"},
        ),
        took_effect=lambda w: FeaturedInnovation.objects.filter(note="Diubah").exists(),
        allowed="curator",
    ),
    "delete": Attempt(
        prepare=lambda w: setattr(w, "entries", feature(w, "b_live")),
        perform=lambda client, w: client.post(featured_url("delete", w.entries[0].pk)),
        took_effect=lambda w: not FeaturedInnovation.objects.exists(),
        allowed="curator",
    ),
    "reorder": Attempt(
        prepare=lambda w: setattr(w, "entries", feature(w, "a_live", "b_live")),
        perform=lambda client, w: client.post(
            featured_url("reorder", w.entries[1].pk) + "?position=0"
        ),
        took_effect=lambda w: featured_state()[0][0] == w.b_live.pk,
        allowed="curator",
    ),
}


@pytest.mark.parametrize("role", ["coordinator_a", "moderator_a", "coordinator_b"])
@pytest.mark.parametrize("name", FEATURED_ATTEMPTS)
def test_only_curators_change_the_featured_list(client, world, people, name, role):
    attempt = FEATURED_ATTEMPTS[name]
    attempt.prepare(world)
    before = featured_state()

    login(client, getattr(people, role))
    response = attempt.perform(client, world)

    assert_permission_denied(response)
    assert featured_state() == before
    assert not attempt.took_effect(world)

    login(client, getattr(people, attempt.allowed))
    response = attempt.perform(client, world)
    assert attempt.took_effect(world), (response.status_code, response.get("Location"))


@pytest.mark.parametrize("role", ["coordinator_a", "moderator_a"])
def test_hub_people_neither_see_nor_open_the_featured_list(client, world, people, role):
    feature(world, "a_live")
    login(client, people.curator)
    listing = client.get(featured_url("list"))
    assert listing.status_code == 200 and A_LIVE in body(listing)
    assert featured_url("list") in body(client.get(reverse("wagtailadmin_home")))  # the menu

    login(client, getattr(people, role))
    assert_permission_denied(client.get(featured_url("list")))
    assert_permission_denied(client.get(featured_url("add")))
    assert featured_url("list") not in body(client.get(reverse("wagtailadmin_home")))
