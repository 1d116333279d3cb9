from types import SimpleNamespace

import pytest
from django.contrib.auth import get_user_model
from django.db import transaction

from home.site_setup import ensure_site_tree
from search import caches
from tests.factories import JAWA_TIMUR, create_innovation

from .world import PASSWORD, build_world

BROWSER = (
    "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/131.0.0.0 Safari/537.36"
)
HUB_A = "JIPP Provinsi Jawa Barat"  # the factory's default hub


@pytest.fixture
def browser_client(client):
    """A client that looks like a person's browser (the test client sends no User-Agent,
    which recording takes for a program)."""
    client.defaults["HTTP_USER_AGENT"] = BROWSER
    return client


@pytest.fixture
def pages(site_tree):
    """Two published innovations in two hubs, both about "posyandu"."""
    caches.reset()
    return {
        "jabar": create_innovation(title="Posyandu Digital Sumedang", tags=["posyandu"]),
        "jatim": create_innovation(title="Posyandu Keliling Surabaya", **JAWA_TIMUR),
    }


@pytest.fixture(scope="module")
def world_ids(django_db_setup, django_db_blocker):
    """The world of tests/insights/world.py, built once per module in a transaction rolled
    back at its end; each test runs in a savepoint of its own."""
    with django_db_blocker.unblock(), transaction.atomic():
        ensure_site_tree(hostname="testserver")
        caches.reset()
        pages, hubs, users = build_world()
        yield (
            {name: page.pk for name, page in pages.items()},
            hubs,
            {role: user.pk for role, user in users.items()},
        )
        transaction.set_rollback(True)


@pytest.fixture
def world(db, world_ids):
    pages, hubs, users = world_ids
    User = get_user_model()
    return SimpleNamespace(
        pages=pages,
        hubs=SimpleNamespace(**hubs),
        people=SimpleNamespace(**{r: User.objects.get(pk=pk) for r, pk in users.items()}),
    )


def as_user(client, user):
    client.logout()
    assert client.login(username=user.username, password=PASSWORD)
    return client
