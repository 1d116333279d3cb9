import pytest
from django.conf import settings
from django.core.signals import request_finished
from django.utils import translation

from home.site_setup import ensure_site_tree


@pytest.fixture
def site_tree(db):
    """The home page, hub index and about page, as `setup_site` makes them."""
    return ensure_site_tree(hostname="testserver")


def _back_to_indonesian(**kwargs):
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture(autouse=True)
def _default_language_between_requests():
    """The test client runs the view in this thread, and LocaleMiddleware leaves the
    request's language active: after a request to /en/, `page.url` here would be English.
    A server activates the language afresh for every request; so do these tests."""
    request_finished.connect(_back_to_indonesian)
    yield
    request_finished.disconnect(_back_to_indonesian)
    translation.activate(settings.LANGUAGE_CODE)
