"""The production stack, started as it is deployed: gunicorn with deploy/gunicorn.conf.py,
production settings, PostgreSQL, collected static files. Checks what a visitor's browser and
a load balancer see: static files compressed and cached, security headers, the HTTPS
redirect, /healthz, the page cache, and no absolute URL naming localhost.

Skipped, saying so, when PostgreSQL is unreachable (PG_URL)."""

import gzip
import http.client
import json
import os
import re
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from tests.factories import valid_record, write_jsonl
from tests.once import once_per_suite_run

ROOT = Path(__file__).resolve().parent.parent
PG_ADMIN = os.environ.get("PG_URL", "postgres://postgres@127.0.0.1:5432/postgres")
# Per process: two runs on one machine (a session and its CI, say) must not drop each
# other's database mid-run.
DATABASE = f"wt_prod_stack_{os.getpid()}"
PUBLIC = "https://jipp.example.go.id"
HOST = "jipp.example.go.id"
ABSOLUTE_URL = re.compile(r"""(?:https?:)?//[^\s"'<>)]+""")


def _database_url():
    psycopg = pytest.importorskip("psycopg")
    try:
        with psycopg.connect(PG_ADMIN, autocommit=True, connect_timeout=3) as conn:
            conn.execute(f"DROP DATABASE IF EXISTS {DATABASE} WITH (FORCE)")
            conn.execute(f"CREATE DATABASE {DATABASE}")
    except psycopg.OperationalError:
        pytest.skip(f"PostgreSQL is not reachable at {PG_ADMIN}: the production stack did not run")
    return PG_ADMIN.rsplit("/", 1)[0] + "/" + DATABASE


def _drop_database():
    import psycopg

    with psycopg.connect(PG_ADMIN, autocommit=True, connect_timeout=3) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {DATABASE} WITH (FORCE)")


def _free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Stack:
    def __init__(self, port, env, log):
        self.port, self.env, self.log = port, env, log

    def get(self, path, https=True, **headers):
        """(status, headers, body) of one request as nginx would pass it on."""
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
        sent = {"Host": HOST, **headers}
        if https:
            sent["X-Forwarded-Proto"] = "https"
        conn.request("GET", path, headers=sent)
        response = conn.getresponse()
        body = response.read()
        conn.close()
        return response.status, {k.lower(): v for k, v in response.getheaders()}, body


@pytest.fixture(scope="module")
def stack(tmp_path_factory):
    once_per_suite_run()
    url = _database_url()
    tmp = tmp_path_factory.mktemp("production")
    env = {
        "PATH": os.environ["PATH"],
        "HOME": os.environ.get("HOME", "/tmp"),
        "DJANGO_SETTINGS_MODULE": "jipp_site.settings.production",
        "SECRET_KEY": "smoke-k3J9s!aL0pQ2zX7vB4nM8cR5tY1wE6uI0oP3lK9jH2gF5dS8aZ",
        "JIPP_PUBLIC_URL": PUBLIC,
        "ALLOWED_HOSTS": f"{HOST},127.0.0.1",
        "DATABASE_URL": url,
        "EMAIL_HOST": "smtp.example.go.id",
        "DEFAULT_FROM_EMAIL": "JIPP <noreply@jipp.example.go.id>",
        "STATIC_ROOT": str(tmp / "static"),
        "MEDIA_ROOT": str(tmp / "media"),
        # The lexical engine only: the model's start-up would dominate this test.
        "SEARCH_EMBEDDER": "",
        "WEB_CONCURRENCY": "2",
    }

    def manage(*args):
        subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env, check=True,
                       capture_output=True, timeout=900)  # fmt: skip

    records = [valid_record(title="Posyandu Kelakar Sehat", tags=["posyandu"]),
               valid_record(title="Perpustakaan Keliling")]  # fmt: skip
    manage("migrate", "--no-input", "-v0")
    manage("setup_site")
    manage("import_innovations", str(write_jsonl(tmp / "records.jsonl", records)))
    manage("collectstatic", "--no-input", "-v0")

    port = _free_port()
    log = open(tmp / "gunicorn.log", "w+")  # noqa: SIM115 - closed below
    server = subprocess.Popen(
        [str(ROOT / ".venv" / "bin" / "gunicorn"), "-c", "deploy/gunicorn.conf.py",
         "jipp_site.wsgi"],
        cwd=ROOT, env={**env, "JIPP_BIND": f"127.0.0.1:{port}"}, stdout=log, stderr=log,
        start_new_session=True,
    )  # fmt: skip
    started = Stack(port, env, log)
    try:
        for _ in range(120):
            try:
                if started.get("/healthz", https=False)[0] in (200, 503):
                    break
            except OSError:
                time.sleep(1)
        else:
            pytest.fail("gunicorn did not answer in 120 s:\n" + (tmp / "gunicorn.log").read_text())
        yield started
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=60)
        log.close()
        _drop_database()


def test_healthz_answers_load_balancers_over_plain_http(stack):
    status, headers, body = stack.get("/healthz", https=False)
    assert status == 200, body
    assert json.loads(body)["status"] == "ok"
    assert headers["content-type"] == "application/json"


def test_plain_http_is_redirected_to_https(stack):
    status, headers, _ = stack.get("/", https=False)
    assert status == 301 and headers["location"] == f"{PUBLIC}/"


def test_security_headers(stack):
    status, headers, _ = stack.get("/")
    assert status == 200
    assert headers["strict-transport-security"].startswith("max-age=31536000")
    csp = headers["content-security-policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp
    assert "frame-ancestors 'none'" in csp and "upgrade-insecure-requests" in csp
    assert headers["x-frame-options"] == "DENY"
    assert headers["x-content-type-options"] == "nosniff"
    assert headers["referrer-policy"] == "strict-origin-when-cross-origin"
    assert "camera=()" in headers["permissions-policy"]
    assert re.fullmatch(r"[0-9a-f]{32}", headers["x-request-id"])
    assert headers["server"] == "gunicorn"  # the WSGI server, not Django's development one


def test_static_files_are_hashed_compressed_and_cached_for_a_year(stack):
    _, _, body = stack.get("/")
    stylesheets = re.findall(r'href="(/static/[^"]+\.css)"', body.decode())
    assert stylesheets and all(re.search(r"\.[0-9a-f]{12}\.css$", s) for s in stylesheets)
    status, headers, compressed = stack.get(stylesheets[0], **{"Accept-Encoding": "gzip"})
    assert status == 200
    assert headers["content-encoding"] == "gzip"
    assert "max-age=315360000" in headers["cache-control"]
    assert "immutable" in headers["cache-control"]
    assert b"{" in gzip.decompress(compressed)


def test_no_absolute_url_names_localhost(stack):
    _, _, home = stack.get("/")
    innovation = re.search(r'href="(/simpul/[^"]+/[^"]+/)"', home.decode())
    assert innovation, "the home page lists no innovation"
    seen_own = []
    for path in ("/", "/cari/?q=posyandu", innovation.group(1), "/en/", "/feeds/terbaru/",
                 "/sitemap.xml"):  # fmt: skip
        status, _, body = stack.get(path)
        assert status == 200, path
        text = body.decode()
        urls = ABSOLUTE_URL.findall(text)
        assert not [u for u in urls if "localhost" in u or "127.0.0.1" in u], path
        assert "localhost" not in text, path
        # Links to the site itself (not share links carrying its address as a parameter).
        own = [u for u in urls if urlsplit(u if "://" in u else "https:" + u).hostname == HOST]
        assert all(u.startswith(PUBLIC + "/") for u in own), (path, own)
        seen_own += own
    assert len(seen_own) > 10  # the check above did look at the site's own links


def test_anonymous_pages_are_served_from_the_cache(stack):
    _, _, home = stack.get("/")
    path = re.search(r'href="(/simpul/[^"]+/[^"]+/)"', home.decode()).group(1)
    states = [stack.get(path)[1].get("x-page-cache") for _ in range(3)]
    assert states[-1] == "hit", states


def test_requests_are_logged_as_json_with_their_id(stack):
    _, headers, _ = stack.get("/tentang/")
    time.sleep(1)
    stack.log.seek(0)
    lines = [json.loads(line) for line in stack.log if line.startswith("{")]
    access = [line for line in lines if line["logger"] == "gunicorn.access"]
    assert any(headers["x-request-id"] in line["message"] for line in access)
    assert not [line for line in lines if line["level"] == "ERROR"], lines


def test_searches_and_feeds_are_served_whole_from_the_cache(stack):
    """(pagecache.responses) Each worker serves what another kept; each reader still gets a
    CSRF cookie and a token of their own for the alert form."""
    for path in ("/cari/?q=posyandu", "/api/v1/search/?q=posyandu", "/feeds/cari/?q=posyandu",
                 "/feeds/terbaru/"):  # fmt: skip
        answers = [stack.get(path) for _ in range(3)]
        assert [status for status, _, _ in answers] == [200, 200, 200], path
        assert answers[-1][1].get("x-page-cache") == "hit", path
        assert b"Posyandu Kelakar Sehat" in answers[-1][2], path
    pattern = rb'name="csrfmiddlewaretoken" value="([^"]+)"'
    readers = [stack.get("/cari/?q=posyandu") for _ in range(2)]
    assert all(headers.get("x-page-cache") == "hit" for _, headers, _ in readers)
    assert all("csrftoken=" in headers.get("set-cookie", "") for _, headers, _ in readers)
    tokens = {re.search(pattern, body).group(1) for _, _, body in readers}
    assert len(tokens) == 2
