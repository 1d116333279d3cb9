"""The public address (JIPP_PUBLIC_URL) and the email settings, per environment."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command
from django.test import override_settings
from wagtail.models import Site

from home.models import HomePage
from innovations.models import HubIndexPage

ROOT = Path(__file__).resolve().parents[2]

PRODUCTION_ENV = {
    "DJANGO_SETTINGS_MODULE": "jipp_site.settings.production",
    "SECRET_KEY": "x" * 60,
    "ALLOWED_HOSTS": "jipp.example.go.id",
    "DATABASE_URL": "sqlite:///:memory:",
    "JIPP_PUBLIC_URL": "https://jipp.example.go.id",
    "EMAIL_HOST": "smtp.example.go.id",
    "DEFAULT_FROM_EMAIL": "JIPP <noreply@jipp.example.go.id>",
}

READ_SETTINGS = (
    "import json, django; django.setup(); from django.conf import settings as s; "
    "print(json.dumps([s.PUBLIC_URL, s.WAGTAILADMIN_BASE_URL, s.EMAIL_BACKEND, s.EMAIL_HOST, "
    "s.DEFAULT_FROM_EMAIL]))"
)


def load_settings(env):
    """Start Django in a fresh interpreter with `env` only (plus PATH): settings modules
    run once per process, so this is the only honest way to see what they do."""
    base = {"PATH": os.environ["PATH"], "HOME": os.environ.get("HOME", "/tmp")}
    return subprocess.run(
        [sys.executable, "-c", READ_SETTINGS],
        cwd=ROOT,
        env={**base, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_production_reads_public_url_and_smtp_from_the_environment():
    run = load_settings(PRODUCTION_ENV)
    assert run.returncode == 0, run.stderr
    public, admin_base, backend, host, sender = json.loads(run.stdout)
    assert public == admin_base == "https://jipp.example.go.id"
    assert backend == "django.core.mail.backends.smtp.EmailBackend"
    assert host == "smtp.example.go.id"
    assert sender == "JIPP <noreply@jipp.example.go.id>"


@pytest.mark.parametrize("missing", ["JIPP_PUBLIC_URL", "EMAIL_HOST", "DEFAULT_FROM_EMAIL"])
def test_production_refuses_to_start_without(missing):
    env = {k: v for k, v in PRODUCTION_ENV.items() if k != missing}
    run = load_settings(env)
    assert run.returncode != 0
    assert f"Set the {missing} environment variable for production." in run.stderr


@pytest.mark.parametrize(
    "value",
    [
        "jipp.example.go.id",
        "ftp://jipp.example.go.id",
        "https://jipp.example.go.id/hub",
        "https://",
    ],
)
def test_a_malformed_public_url_is_refused_with_its_value(value):
    run = load_settings({**PRODUCTION_ENV, "JIPP_PUBLIC_URL": value})
    assert run.returncode != 0
    assert "ImproperlyConfigured" in run.stderr and "JIPP_PUBLIC_URL" in run.stderr


def test_dev_defaults_to_the_local_address_and_prints_mail():
    run = load_settings({"DJANGO_SETTINGS_MODULE": "jipp_site.settings.dev"})
    assert run.returncode == 0, run.stderr
    public, admin_base, backend, _host, _sender = json.loads(run.stdout)
    assert public == admin_base == "http://127.0.0.1:8000"
    assert backend == "django.core.mail.backends.console.EmailBackend"


@pytest.mark.django_db
def test_setup_site_points_the_default_site_at_the_public_url():
    with override_settings(PUBLIC_URL="https://jipp.example.go.id"):
        call_command("setup_site", stdout=open(os.devnull, "w"))  # noqa: SIM115
    site = Site.objects.get(is_default_site=True)
    assert (site.hostname, site.port) == ("jipp.example.go.id", 443)
    index = HubIndexPage.objects.get()
    assert index.full_url == "https://jipp.example.go.id/simpul/"

    # A moved site: running it again with the new address follows, keeping the same tree.
    with override_settings(PUBLIC_URL="http://jipp.test:8080"):
        call_command("setup_site", stdout=open(os.devnull, "w"))  # noqa: SIM115
    site = Site.objects.get(is_default_site=True)
    assert (site.hostname, site.port) == ("jipp.test", 8080)
    assert site.root_page_id == HomePage.objects.get().pk
    assert HubIndexPage.objects.get().full_url == "http://jipp.test:8080/simpul/"
