"""Fixtures for the browser tests: Debian's Chromium driven by Playwright against pytest-django's
live server, axe-core injected into pages, and screenshots under var/screenshots/.

`make browser-deps` installs both prerequisites (chromium from Debian, axe-core from the npm
registry with `npm ci` in this folder). Without them the tests skip locally, with the reason,
but fail under CI=true, where the Makefile target has installed them.
"""

import os

import pytest
from django.conf import settings

from .helpers import AXE_JS, CHROMIUM, DESKTOP, screenshot

# Playwright's synchronous API runs an event loop in this thread; Django refuses ORM calls
# from a thread with a running loop unless told that this is safe (the test's own thread
# only prepares data and inspects the database between browser steps).
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def _missing_prerequisites():
    missing = []
    if not (CHROMIUM.exists() and os.access(CHROMIUM, os.X_OK)):
        missing.append(f"{CHROMIUM} (Debian's chromium package)")
    if not AXE_JS.exists():
        missing.append(f"{AXE_JS.relative_to(settings.BASE_DIR)} (axe-core from npm)")
    return missing


@pytest.fixture(scope="session")
def browser():
    missing = _missing_prerequisites()
    if missing:
        reason = "browser tests need " + " and ".join(missing) + "; run `make browser-deps`"
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(reason + " (CI=true: a missing browser is a failure, not a skip)")
        pytest.skip(reason)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM))
        yield chromium
        chromium.close()


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    report = yield
    if report.when == "call":
        item.browser_test_failed = report.failed
    return report


@pytest.fixture
def new_page(browser, request):
    """Opens pages in fresh browser contexts (no shared cookies); closes them afterwards.
    When the test fails, each open page is saved as var/screenshots/FAILED-<test>-<n>.png
    (and its HTML beside it) to show where it stopped."""
    contexts = []

    def open_page(viewport=DESKTOP, **options):
        context = browser.new_context(viewport=viewport, **options)
        context.set_default_timeout(15_000)
        contexts.append(context)
        return context.new_page()

    yield open_page
    if getattr(request.node, "browser_test_failed", False):
        pages = [p for context in contexts for p in context.pages]
        for number, failed_page in enumerate(pages, 1):
            name = f"FAILED-{request.node.name}-{number}"
            path = screenshot(failed_page, name)
            path.with_suffix(".html").write_text(failed_page.content(), encoding="utf-8")
    for context in contexts:
        context.close()


@pytest.fixture
def page(new_page):
    return new_page()
