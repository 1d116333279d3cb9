"""Fixtures for the browser tests: Debian's Chromium driven by Playwright against pytest-django's
live server, axe-core injected into pages, and screenshots under var/screenshots/.

`make browser-deps` installs both prerequisites (chromium from Debian, axe-core from the npm
registry with `npm ci` in this folder). Without them the tests skip locally, with the reason,
but fail under CI=true, where the Makefile target has installed them.
"""

import os
import threading

import pytest
from django.conf import settings
from django.core.servers.basehttp import ThreadedWSGIServer
from django.db import connections
from django.test.testcases import LiveServerThread

from .helpers import AXE_JS, CHROMIUM, DESKTOP, screenshot


def _missing_prerequisites():
    missing = []
    if not (CHROMIUM.exists() and os.access(CHROMIUM, os.X_OK)):
        missing.append(f"{CHROMIUM} (Debian's chromium package)")
    if not AXE_JS.exists():
        missing.append(f"{AXE_JS.relative_to(settings.BASE_DIR)} (axe-core from npm)")
    return missing


class SerializedWSGIServer(ThreadedWSGIServer):
    """The live server, answering one request at a time.

    With an in-memory SQLite test database every request thread shares one connection object,
    and SQLite connections are not safe for concurrent use: when the admin's background
    requests (the editing-session ping, choosers) overlapped a save, SQLite failed the save
    with "not an error". Connections are still accepted in parallel, so a kept-alive idle
    connection never blocks another; only the application calls queue, response body
    included, since closing a response runs the request_finished handlers on the database.
    """

    def set_app(self, application):
        lock = threading.Lock()

        def serialized(environ, start_response):
            with lock:
                response = application(environ, start_response)
                try:
                    return list(response)
                finally:
                    if hasattr(response, "close"):
                        response.close()

        super().set_app(serialized)


@pytest.fixture(scope="session", autouse=True)
def serialized_live_server():
    # Autouse, so in place before pytest-django's session-wide live_server starts its thread.
    original = LiveServerThread.server_class
    LiveServerThread.server_class = SerializedWSGIServer
    yield
    LiveServerThread.server_class = original


# Per module, not per session: while Playwright runs, its event loop counts as running in
# this thread, which would change the conditions of the tests that run after these.
@pytest.fixture(scope="module")
def browser():
    missing = _missing_prerequisites()
    if missing:
        reason = "browser tests need " + " and ".join(missing) + "; run `make browser-deps`"
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(reason + " (CI=true: a missing browser is a failure, not a skip)")
        pytest.skip(reason)
    from playwright.sync_api import sync_playwright

    # Django keeps its connections in thread-local storage, except while an asyncio loop
    # is running in the thread, when it switches to per-context storage, and so to new
    # connection objects: the ones without the test database's serialized contents, which
    # TransactionTestCase restores after each flush. Playwright's synchronous API keeps its
    # loop running in this thread, so hand the same connection objects to both storages.
    shared = {alias: connections[alias] for alias in connections}
    # For the same reason Django refuses ORM calls from this thread unless told that this is
    # safe: it is, the test's thread only prepares data and reads it between browser steps.
    unsafe = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with sync_playwright() as playwright:
        for alias, connection in shared.items():
            connections[alias] = connection
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM))
        yield chromium
        chromium.close()
    if unsafe is None:
        del os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"]
    else:
        os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = unsafe


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
        # The site's Content-Security-Policy forbids inline and eval'd script, which is how
        # Playwright waits on conditions and injects axe-core; tests that check the policy
        # itself open their pages with bypass_csp=False.
        options.setdefault("bypass_csp", True)
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
