"""Outages: refused connections, timeouts, 5xx, partial bulk failures, several nodes, TLS
and credentials, and settings the client cannot use. Publishing still succeeds, the public
search answers from the database with a notice, nothing is asked twice at once, and every
change made meanwhile is in the index once the cluster is back."""

import logging
import shutil
import subprocess
import time

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from wagtail.models import PageViewRestriction

from innovations.models import HubPage
from search.backends import database_backend
from search.backends.elasticsearch.client import client_options
from search.models import IndexedDocument, OutboxEntry
from search.query import SearchRequest
from search.service import run_search, similar_innovations
from tests.factories import create_innovation
from tests.search.oracle import reset_search_caches

from .conftest import ALIAS, API, NOTICE, database_engine, index_matches_database

# --- outages -----------------------------------------------------------------------------------


def test_refused_connections(built, es, fake, client, commit):
    fake.stop()

    with commit():
        page = create_innovation(title="Zorblat Kampung Baca")  # publishing succeeds
    assert OutboxEntry.objects.filter(page_id=page.pk).count() == 1
    assert (
        "refused" in es.connection.last_error.lower()
        or "connection" in es.connection.last_error.lower()
    )

    response = client.get(API, {"q": "zorblat"})
    assert response.status_code == 200
    data = response.json()
    assert data["backend"] == database_engine()
    assert response["X-Search-Backend"] == database_engine()
    assert data["notice"] == NOTICE
    assert data["results"][0]["slug"] == page.slug  # the database has it (and neighbours)
    # Similar innovations come from the database engine too.
    assert similar_innovations(built.pk) == database_backend().similar(built.pk) == [page.pk]

    fake.start()  # the cluster comes back
    call_command("search_sync")
    assert not OutboxEntry.objects.exists()
    assert str(page.pk) in index_matches_database(fake)


def test_timeouts(built, es, fake, client, commit, settings):
    settings.ELASTICSEARCH_TIMEOUT = 0.3
    fake.delay = 1.5  # longer than the client waits

    with commit():
        page = create_innovation(title="Zorblat Lambat")
        started = time.monotonic()  # the delivery runs as the transaction commits
    assert time.monotonic() - started < 1.4  # gave up after the timeout
    assert OutboxEntry.objects.filter(page_id=page.pk).exists()

    sent = len(fake.requests)
    started = time.monotonic()
    data = client.get(API, {"q": "zorblat"}).json()
    assert data["backend"] == database_engine() and data["notice"] == NOTICE
    assert time.monotonic() - started < 1.0  # and does not wait again: backed off
    assert len(fake.requests) == sent  # the cluster was not asked

    fake.delay = 0
    call_command("search_sync")
    index_matches_database(fake)
    assert not OutboxEntry.objects.exists()


def test_server_errors(built, es, fake, client, commit):
    fake.failing = True  # 503 to everything
    with commit():
        page = create_innovation(title="Zorblat Gagal")
    assert OutboxEntry.objects.filter(page_id=page.pk).exists()
    assert "503" in es.connection.last_error

    data = client.get(API, {"q": "zorblat"}).json()
    assert data["backend"] == database_engine() and data["notice"] == NOTICE

    es.reset()
    data = client.get(API, {"q": "zorblat"}).json()  # tried again: still failing
    assert data["backend"] == database_engine()

    fake.failing = False
    with pytest.raises(CommandError):  # search_sync says when it could not deliver
        fake.failing = True
        call_command("search_sync")
    fake.failing = False
    call_command("search_sync")
    index_matches_database(fake)


def test_a_partial_bulk_failure_keeps_only_the_failed_changes(built, es, fake, commit):
    fake.stop()
    with commit():
        good = create_innovation(title="Zorblat Baik")
        bad = create_innovation(title="Zorblat Ditolak")
        busy = create_innovation(title="Zorblat Sibuk")
    fake.start()
    fake.bulk_failures = {
        str(bad.pk): (400, "document_parsing_exception", "failed to parse field [year]"),
        str(busy.pk): (429, "es_rejected_execution_exception", "rejected execution"),
    }
    es.reset()
    result = es.outbox.replay(force=True)

    assert result.sent == 1
    assert set(OutboxEntry.objects.values_list("page_id", flat=True)) == {bad.pk, busy.pk}
    rejected = OutboxEntry.objects.get(page_id=bad.pk)
    assert rejected.attempts == 1
    assert rejected.last_error == ("400 document_parsing_exception: failed to parse field [year]")
    assert OutboxEntry.objects.get(page_id=busy.pk).attempts == 0  # 429: only "try later"
    assert str(good.pk) in fake.documents(ALIAS)
    assert str(bad.pk) not in fake.documents(ALIAS)

    with pytest.raises(CommandError):
        call_command("search_sync")
    fake.bulk_failures = {}
    call_command("search_sync")
    assert not OutboxEntry.objects.exists()
    index_matches_database(fake)


def test_every_change_made_during_an_outage_is_in_the_index_afterwards(
    built, es, fake, client, commit
):
    with commit():
        create_innovation(title="Di Jawa Tengah", province_code="33", regency=None,
                          level="provinsi", hub="JIPP Provinsi Jawa Tengah")  # fmt: skip
        moved = create_innovation(title="Posko Aduan", hub="JIPP Provinsi Jawa Barat")
        edited = create_innovation(title="Judul Lama")
        hidden = create_innovation(title="Bank Sampah")
        deleted = create_innovation(title="Drone Sawah")
        unpublished = create_innovation(title="Perpustakaan Lorong")
    index_matches_database(fake)

    fake.stop()
    with commit():
        new = create_innovation(title="Zorblat Baru")
        edited.title = "Judul Baru"
        edited.save_revision().publish()
        unpublished.unpublish()
        deleted.delete()
        moved.move(HubPage.objects.get(title="JIPP Provinsi Jawa Tengah"), pos="last-child")
        PageViewRestriction.objects.create(
            page=hidden, restriction_type=PageViewRestriction.PASSWORD, password="x"
        )
    assert OutboxEntry.objects.count() >= 6
    assert client.get(API, {"q": "zorblat"}).json()["backend"] == database_engine()

    fake.start()
    call_command("search_sync")

    docs = index_matches_database(fake)
    assert str(new.pk) in docs
    assert docs[str(edited.pk)]["text_id"]["title"] == "Judul Baru"
    assert str(unpublished.pk) not in docs
    assert str(deleted.pk) not in docs
    assert str(hidden.pk) not in docs
    assert docs[str(moved.pk)]["hub"] == "provinsi-jawa-tengah"
    assert not OutboxEntry.objects.exists()


def test_delivery_resumes_by_itself_when_the_cluster_answers_again(
    built, es, fake, client, commit, settings
):
    settings.ELASTICSEARCH_RETRY_AFTER = 0.3
    fake.stop()
    with commit():
        page = create_innovation(title="Zorblat Kembali")
    assert client.get(API, {"q": "zorblat"}).json()["backend"] == database_engine()
    fake.start()
    time.sleep(0.35)  # the back-off has passed: the next search tries the cluster
    data = client.get(API, {"q": "zorblat"}).json()
    assert data["backend"] == "elasticsearch"
    assert not OutboxEntry.objects.exists()  # replayed before answering
    assert str(page.pk) in index_matches_database(fake)


def test_credentials_and_tls_options(es, settings):
    settings.ELASTICSEARCH_URL = "https://u:secret@es1:9200, https://es2:9200"
    settings.ELASTICSEARCH_API_KEY = "a2V5"
    settings.ELASTICSEARCH_CA_CERTS = "/etc/ssl/es-ca.pem"
    settings.ELASTICSEARCH_VERIFY_CERTS = True
    options = client_options()
    assert options == {
        "hosts": ["https://u:secret@es1:9200", "https://es2:9200"],
        "request_timeout": 0.5,
        "retry_on_timeout": False,
        "retry_on_status": (),
        "max_retries": 1,  # a node that cannot be reached: the other one, once
        "api_key": "a2V5",
        "verify_certs": True,
        "ca_certs": "/etc/ssl/es-ca.pem",
    }
    settings.ELASTICSEARCH_API_KEY = ""
    settings.ELASTICSEARCH_USERNAME, settings.ELASTICSEARCH_PASSWORD = "elastic", "pw"
    assert client_options()["basic_auth"] == ("elastic", "pw")
    assert es.status()["nodes"] == ["https://u:***@es1:9200", "https://es2:9200"]


def test_several_nodes_when_one_is_down_the_others_answer(built, es, fake, settings, commit):
    second = fake.add_node()
    settings.ELASTICSEARCH_URL = f"{fake.url},{second.url}"
    fake.node.stop()  # the first node crashes; the client moves on to the second

    with commit():
        page = create_innovation(title="Zorblat Dua Simpul")
    assert not OutboxEntry.objects.exists()  # delivered through the second node
    response = run_search(SearchRequest(q="zorblat"))
    assert response.backend == "elasticsearch" and not response.notice
    assert str(page.pk) in index_matches_database(fake)
    assert es.status()["nodes"] == [fake.url, second.url]


@pytest.mark.parametrize(
    "credentials,header",
    [
        ({"ELASTICSEARCH_API_KEY": "a2V5OnNlY3JldA=="}, "ApiKey a2V5OnNlY3JldA=="),
        (
            {"ELASTICSEARCH_USERNAME": "jipp", "ELASTICSEARCH_PASSWORD": "rahasia"},
            "Basic amlwcDpyYWhhc2lh",  # base64("jipp:rahasia")
        ),
    ],
)
def test_credentials_reach_the_cluster(built, es, fake, settings, credentials, header):
    for name, value in credentials.items():
        setattr(settings, name, value)
    es.search(SearchRequest(q="gizi"))
    assert fake.requests
    assert {r.headers.get("authorization") for r in fake.requests} == {header}


def make_certificates(directory):
    """A throwaway CA and a certificate for 127.0.0.1 signed by it (openssl CLI)."""
    run = lambda *args: subprocess.run(args, cwd=directory, check=True, capture_output=True)  # noqa: E731
    ec = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes"]
    run("openssl", "req", "-x509", *ec, "-keyout", "ca.key", "-out", "ca.pem", "-days", "2",
        "-subj", "/CN=JIPP test CA", "-addext", "basicConstraints=critical,CA:TRUE",
        "-addext", "keyUsage=critical,keyCertSign,cRLSign")  # fmt: skip
    run("openssl", "req", *ec, "-keyout", "node.key", "-out", "node.csr", "-subj", "/CN=127.0.0.1")
    (directory / "ext.cnf").write_text(
        "subjectAltName=IP:127.0.0.1\nbasicConstraints=critical,CA:FALSE\n"
        "keyUsage=critical,digitalSignature\nextendedKeyUsage=serverAuth\n"
        "authorityKeyIdentifier=keyid\nsubjectKeyIdentifier=hash\n"
    )
    run("openssl", "x509", "-req", "-in", "node.csr", "-CA", "ca.pem", "-CAkey", "ca.key",
        "-CAcreateserial", "-out", "node.pem", "-days", "2", "-extfile", "ext.cnf")  # fmt: skip
    return directory / "ca.pem", (directory / "node.pem", directory / "node.key")


@pytest.mark.skipif(not shutil.which("openssl"), reason="needs the openssl command")
@pytest.mark.filterwarnings(
    "ignore:Connecting to .* verify_certs=False is insecure", "ignore:Unverified HTTPS request"
)  # said by the client and urllib3 for the last, deliberately unverified part
def test_tls_with_the_clusters_certificate_authority(built, es, fake, settings, tmp_path):
    ca, node_files = make_certificates(tmp_path)
    node = fake.add_node(tls=node_files)
    assert node.url.startswith("https://")
    settings.ELASTICSEARCH_URL = node.url
    settings.ELASTICSEARCH_CA_CERTS = str(ca)
    assert es.search(SearchRequest(q="gizi")).backend == "elasticsearch"

    # Without the CA the node's certificate is not trusted: the database answers.
    settings.ELASTICSEARCH_CA_CERTS = ""
    response = run_search(SearchRequest(q="gizi"))
    assert response.backend == database_engine() and response.notice == NOTICE
    assert "certificate" in es.connection.last_error.lower()

    settings.ELASTICSEARCH_VERIFY_CERTS = False  # explicitly: trust whatever answers
    es.reset()
    assert es.search(SearchRequest(q="gizi")).backend == "elasticsearch"


def test_the_database_engines_do_not_use_the_outbox(site_tree, settings):
    settings.SEARCH_BACKEND = ""
    reset_search_caches()
    page = create_innovation(title="Kampung Gizi")
    assert IndexedDocument.objects.filter(page_id=page.pk).exists()
    assert not OutboxEntry.objects.exists()
    assert run_search(SearchRequest(q="gizi")).backend == database_engine()


# --- no immediate retries -------------------------------------------------------------------


@pytest.mark.parametrize("status", [429, 503])
def test_an_overloaded_cluster_is_not_asked_again_at_once(built, es, fake, client, commit, status):
    """The client used to repeat a request answered 429 or 5xx three times at once, four
    times the load on a cluster that said it had too much. Now one request, then the
    back-off: the database answers and deliveries wait."""
    fake.failing = status
    data = client.get(API, {"q": "gizi"}).json()
    assert data["backend"] == database_engine() and data["notice"] == NOTICE
    assert len(fake.requests) == 1

    fake.requests.clear()
    es.reset()
    with commit():
        page = create_innovation(title="Zorblat Sibuk")
    assert len(fake.calls("PUT", "/_bulk")) == 1
    assert OutboxEntry.objects.filter(page_id=page.pk).exists()
    assert str(status) in es.connection.last_error


# --- settings the client cannot use ---------------------------------------------------------


def test_no_node_url_is_said_as_much(es, settings, client, caplog):
    settings.ELASTICSEARCH_URL = " , "
    with caplog.at_level(logging.ERROR, logger="search"):
        assert client.get(API, {"q": "gizi"}).json()["notice"] == NOTICE
    assert "ELASTICSEARCH_URL is not set; searches answer from the database" in caplog.text


def test_a_node_url_gets_the_default_port(es, settings):
    settings.ELASTICSEARCH_URL = (
        "http://es1, https://u:secret@es2.example.go.id/, https://[::1]:9243/prefix/"
    )
    assert client_options()["hosts"] == [
        "http://es1:9200",
        "https://u:secret@es2.example.go.id:9200",
        "https://[::1]:9243/prefix",
    ]


def test_a_node_url_without_a_port_does_not_break_the_search(built, es, settings, client):
    """The client refuses "http://host" (no port) with a ValueError, which escaped the
    fallback: the public search answered 500."""
    settings.ELASTICSEARCH_URL = "http://127.0.0.1"  # port 9200: nothing listens there
    response = client.get(API, {"q": "gizi"})
    assert response.status_code == 200
    assert [r["slug"] for r in response.json()["results"]] == [built.slug]


@pytest.mark.parametrize(
    "url,reason",
    [
        ("localhost:9200", "'localhost:9200' must start with http:// or https://"),
        ("ftp://es.example.go.id", "'ftp://es.example.go.id' must start with http:// or https://"),
        ("http://es:92OO", "'http://es:92OO' has a port that is not a number"),
        (
            "https://elastic:rahasia@es:x",
            "'https://elastic:***@es:x' has a port that is not a number",
        ),
        ("http://es:9200/?x=1", "'http://es:9200/?x=1' must not have a query string or fragment"),
    ],
)
def test_unusable_settings_are_logged_and_the_database_answers(
    built, es, settings, client, commit, caplog, url, reason
):
    settings.ELASTICSEARCH_URL = url
    with caplog.at_level(logging.ERROR, logger="search"):
        response = client.get(API, {"q": "gizi"})
        data = response.json()
    assert response.status_code == 200
    assert data["backend"] == database_engine() and data["notice"] == NOTICE
    (record,) = [r for r in caplog.records if r.levelno == logging.ERROR]
    assert record.getMessage() == (
        f"ELASTICSEARCH_URL: {reason}; searches answer from the database engine meanwhile"
    )
    assert "rahasia" not in caplog.text  # never a password in the log

    caplog.clear()
    with commit():
        page = create_innovation(title="Zorblat Salah Atur")  # publishing still succeeds
    assert OutboxEntry.objects.filter(page_id=page.pk).exists()
    assert client.get(API, {"q": "gizi"}).status_code == 200
    assert not [r for r in caplog.records if r.levelno == logging.ERROR]  # said once
    assert es.status()["error"] == f"ELASTICSEARCH_URL: {reason}"
