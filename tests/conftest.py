import pytest

from home.site_setup import ensure_site_tree


@pytest.fixture
def site_tree(db):
    """The home page, hub index and about page, as `setup_site` makes them."""
    return ensure_site_tree(hostname="testserver")
