import pytest

from search import caches
from tests.factories import JAWA_TIMUR, create_innovation

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
