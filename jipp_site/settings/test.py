"""The test suite: fast hashing, in-memory media, same database rules as dev."""

import tempfile

from .base import *  # noqa: F403

DEBUG = False
SECRET_KEY = "test-only-not-secret"
ALLOWED_HOSTS = ["*"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
MEDIA_ROOT = tempfile.mkdtemp(prefix="jipp-test-media-")
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
PUBLIC_URL = "http://testserver"
WAGTAILADMIN_BASE_URL = PUBLIC_URL
# A fast stand-in model; tests of the real one ask for it by name.
SEARCH_EMBEDDER = "search.embedders.hashing.HashingEmbedder"

# Django's test client logs in without a request, which django-axes refuses: throttling is
# off here, and on in tests/test_admin_hardening.py (override_settings) where it is tested.
AXES_ENABLED = False

# Tasks run at once, in the test's own transaction, so a test sees their effect
# deterministically; tests/production/test_worker.py runs the real database queue and worker.
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}

# Static files straight from the finders (no collectstatic before the tests).
WHITENOISE_AUTOREFRESH = True

# Warnings and errors only: a failing test's output stays readable.
LOGGING = logging_config("text", "WARNING")  # noqa: F405

# One process: memory is enough (tests/production/test_page_cache.py uses the real Redis).
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# Off: a test's transaction is rolled back, never committed, so the purge that follows a
# commit would never run and one test would see another's pages. The cache's own tests
# turn it on.
PAGE_CACHE_ENABLED = False
# Off for the same reason: a rolled-back test leaves the index's generation where the next
# test starts it, so entries would be shared across tests. tests/search/test_result_cache.py
# turns it on.
SEARCH_RESULT_CACHE_SECONDS = 0
