"""The "Inovasi" admin listing: every innovation the user may see, with list filters."""

import re
from types import SimpleNamespace

import pytest
from django.contrib.auth import get_user_model
from django.db import transaction
from django.urls import reverse
from wagtail.models import Page

from home.site_setup import ensure_site_tree
from tests.factories import create_innovation, hub_named

HUB_A = "JIPP Provinsi Jawa Barat"
HUB_B = "JIPP Provinsi Jawa Timur"
SUMEDANG = {"hub": HUB_A, "province_code": "32", "regency": "Kabupaten Sumedang"}
SURABAYA = {
    "hub": HUB_B,
    "province_code": "35",
    "regency": "Kota Surabaya",
    "level": "kota",
    "institution": "Dinas Kependudukan dan Pencatatan Sipil Kota Surabaya",
}

# Titles chosen so that none contains another.
INNOVATIONS = {
    "a_live": dict(
        title="Izin Kilat Sumedang",
        sector="perizinan",
        stage="penerapan",
        status="berjalan",
        year_launched=2021,
        **SUMEDANG,
    ),
    "a_draft": dict(
        title="Posyandu Pintar Jabar",
        publish=False,
        level="provinsi",
        sector="kesehatan",
        stage="uji-coba",
        status="dikembangkan",
        year_launched=2023,
        **{**SUMEDANG, "regency": None},
    ),
    "b_live": dict(
        title="KLAMPID Surabaya",
        sector="adminduk",
        stage="penerapan",
        status="berjalan",
        year_launched=2019,
        **SURABAYA,
    ),
    "b_draft": dict(
        title="Loket Keliling Surabaya",
        publish=False,
        sector="adminduk",
        stage="inisiatif",
        status="berhenti",
        year_launched=2020,
        **SURABAYA,
    ),
}
PASSWORD = "sandi-uji-123"


@pytest.fixture(scope="module")
def listing_ids(django_db_setup, django_db_blocker):
    """Built once for the module, in a transaction rolled back at its end; each test runs
    in a nested transaction of its own."""
    with django_db_blocker.unblock(), transaction.atomic():
        ensure_site_tree(hostname="testserver")
        ids = {key: create_innovation(**fields).pk for key, fields in INNOVATIONS.items()}
        ids["hub_a"], ids["hub_b"] = hub_named(HUB_A).pk, hub_named(HUB_B).pk
        User = get_user_model()
        coordinator = User.objects.create_user("koordinator_jabar", password=PASSWORD)
        coordinator.groups.add(hub_named(HUB_A).coordinators)
        admin = User.objects.create_superuser("admin_pusat", "admin@contoh.go.id", PASSWORD)
        ids["coordinator"], ids["superuser"] = coordinator.pk, admin.pk
        yield ids
        transaction.set_rollback(True)


@pytest.fixture
def ids(db, listing_ids):
    return SimpleNamespace(**listing_ids)


def title(key):
    return INNOVATIONS[key]["title"]


def listed(client, query=""):
    response = client.get(reverse("innovation_listing:index") + query)
    assert response.status_code == 200
    html = response.content.decode()
    return {key for key in INNOVATIONS if title(key) in html}


def login(client, pk):
    user = get_user_model().objects.get(pk=pk)
    assert client.login(username=user.username, password=PASSWORD)


def test_listing_is_in_the_admin_menu(client, ids):
    login(client, ids.coordinator)
    html = client.get(reverse("wagtailadmin_home")).content.decode()
    assert reverse("innovation_listing:index") in html
    assert "Inovasi" in html


def test_superuser_lists_every_innovation(client, ids):
    login(client, ids.superuser)
    assert listed(client) == set(INNOVATIONS)


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("?province=35", {"b_live", "b_draft"}),
        ("?province=32", {"a_live", "a_draft"}),
        ("?hub={hub_a}", {"a_live", "a_draft"}),
        ("?hub={hub_b}", {"b_live", "b_draft"}),
        ("?level=kota", {"b_live", "b_draft"}),
        ("?level=provinsi&level=kabupaten", {"a_live", "a_draft"}),
        ("?sector=kesehatan", {"a_draft"}),
        ("?sector=adminduk&sector=perizinan", {"a_live", "b_live", "b_draft"}),
        ("?stage=uji-coba", {"a_draft"}),
        ("?status=berhenti", {"b_draft"}),
        ("?year_launched=2019", {"b_live"}),
        ("?live=false", {"a_draft", "b_draft"}),
        ("?province=35&live=true", {"b_live"}),
    ],
)
def test_filters_narrow_the_listing(client, ids, query, expected):
    login(client, ids.superuser)
    assert listed(client, query.format(**vars(ids))) == expected


@pytest.mark.parametrize(("query", "pill"), [("?live=true", "Ya"), ("?live=false", "Tidak")])
def test_a_yes_no_filter_in_force_reads_in_indonesian(client, ids, query, pill):
    """Wagtail would show the filter's Python value, "Terbit: True"."""
    login(client, ids.superuser)
    html = client.get(reverse("innovation_listing:index") + query).content.decode()
    pill_text = re.sub(r"<[^>]+>", " ", html.split('<li class="w-pill">')[1])
    assert pill_text.split()[:2] == ["Terbit:", pill]


def test_coordinator_lists_own_hub_only_drafts_included(client, ids):
    login(client, ids.coordinator)
    assert listed(client) == {"a_live", "a_draft"}


@pytest.mark.parametrize(
    "query", ["?province=35", "?hub={hub_b}", "?live=false", "?q=Surabaya", "?sector=adminduk"]
)
def test_coordinator_filters_never_reach_other_hubs(client, ids, query):
    login(client, ids.coordinator)
    assert not listed(client, query.format(**vars(ids))) & {"b_live", "b_draft"}


def test_coordinator_is_offered_own_hub_only(client, ids):
    login(client, ids.coordinator)
    response = client.get(reverse("innovation_listing:index"))
    hubs = response.context["filters"].form.fields["hub"].queryset
    assert list(hubs.values_list("pk", flat=True)) == [ids.hub_a]


def test_listing_rows_link_to_the_editor(client, ids):
    login(client, ids.coordinator)
    html = client.get(reverse("innovation_listing:index")).content.decode()
    assert reverse("wagtailadmin_pages:edit", args=[ids.a_draft]) in html
    assert Page.objects.get(pk=ids.a_draft).live is False


@pytest.mark.parametrize(
    "model,typed,expected",
    [
        ("regency", "Sumedang", "Kabupaten Sumedang"),
        ("regency", "Sumed", "Kabupaten Sumedang"),  # part of a word, as it is being typed
        ("province", "Jawa Tim", "Jawa Timur"),
        ("sector", "Keseh", "Kesehatan"),
        ("ministryagency", "Kemendagri", "Kementerian Dalam Negeri"),
    ],
)
def test_reference_data_of_a_new_site_is_found_in_the_admin_choosers(
    admin_client, model, typed, expected
):
    # Nothing but the migrations has run: the reference rows they load must be searchable.
    response = admin_client.get(
        f"/admin/snippets/choose/innovations/{model}/results/", {"q": typed}
    )
    assert response.status_code == 200
    assert expected in response.content.decode()
