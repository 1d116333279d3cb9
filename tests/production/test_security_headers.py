"""Security headers, the strict Content-Security-Policy and `check --deploy`."""

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from tests.factories import create_innovation

ROOT = Path(__file__).resolve().parents[2]
UUID_HEX = re.compile(r"^[0-9a-f]{32}$")


def directives(response):
    policy = response["Content-Security-Policy"]
    return {part.split()[0]: part.split()[1:] for part in policy.split("; ")}


@pytest.mark.django_db
def test_public_pages_get_the_strict_policy_and_the_other_headers(site_tree, client):
    page = create_innovation()
    for url in ("/", "/cari/?q=desa", page.url):
        response = client.get(url)
        assert response.status_code == 200, url
        csp = directives(response)
        assert csp["script-src"] == ["'self'"] and csp["style-src"] == ["'self'"], url
        assert csp["default-src"] == ["'self'"] and csp["object-src"] == ["'none'"]
        assert csp["frame-ancestors"] == ["'none'"]
        assert response["X-Frame-Options"] == "DENY"
        assert response["Referrer-Policy"] == "strict-origin-when-cross-origin"
        assert response["X-Content-Type-Options"] == "nosniff"
        assert "camera=()" in response["Permissions-Policy"]
        assert "geolocation=()" in response["Permissions-Policy"]
        assert UUID_HEX.match(response["X-Request-ID"])


@pytest.mark.django_db
def test_public_templates_have_no_inline_script_or_style(site_tree, client):
    """What the strict policy would block in a browser: any executable inline script, any
    style element or attribute. JSON-LD is data, which the policy leaves alone."""
    page = create_innovation()
    for url in ("/", "/cari/?q=desa", page.url, "/en/", "/statistik/", "/halaman-tidak-ada/"):
        html = BeautifulSoup(client.get(url).content, "html.parser")
        for script in html.find_all("script"):
            if script.get("src"):  # a file of the site's own
                assert script["src"].startswith("/static/"), (url, script["src"])
            else:
                assert script.get("type") == "application/ld+json", (url, str(script)[:200])
        assert not html.find_all("style"), url
        assert not html.select("[style]"), (url, [str(t)[:120] for t in html.select("[style]")])
        assert not [t for t in html.find_all(True) if any(a.startswith("on") for a in t.attrs)]


@pytest.mark.django_db
def test_the_admin_gets_what_wagtail_needs_and_no_more(client):
    response = client.get("/admin/login/")
    csp = directives(response)
    assert "'unsafe-inline'" in csp["script-src"] and "'unsafe-inline'" in csp["style-src"]
    assert csp["frame-ancestors"] == ["'self'"]  # its previews
    assert csp["object-src"] == ["'none'"] and csp["form-action"] == ["'self'"]


@pytest.mark.django_db
def test_a_request_id_from_the_proxy_is_kept_and_a_forged_one_replaced(site_tree, client):
    kept = "0b6a6a4c9f1e4d3b8f0e2a1c5d7e9f10"
    assert client.get("/", HTTP_X_REQUEST_ID=kept)["X-Request-ID"] == kept
    forged = client.get("/", HTTP_X_REQUEST_ID="x\ninjected log line")["X-Request-ID"]
    assert UUID_HEX.match(forged)


def test_check_deploy_has_no_warnings_under_production_settings(tmp_path):
    env = {
        "PATH": os.environ["PATH"],
        "DJANGO_SETTINGS_MODULE": "jipp_site.settings.production",
        "SECRET_KEY": "k3J9s!aL0pQ2zX7vB4nM8cR5tY1wE6uI0oP3lK9jH2gF5dS8aZ-test",
        "ALLOWED_HOSTS": "jipp.example.go.id",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        "JIPP_PUBLIC_URL": "https://jipp.example.go.id",
        "EMAIL_HOST": "smtp.example.go.id",
        "DEFAULT_FROM_EMAIL": "noreply@jipp.example.go.id",
    }
    run = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert run.returncode == 0, run.stdout + run.stderr
    assert "System check identified no issues" in run.stdout
