"""What the Elasticsearch contract tests share: the fake node, the backend pointed at it,
pinned request bodies (bodies/*.json), and the check that the index holds exactly what the
database holds.

The real `elasticsearch` client, through its real transport, talks to a local HTTP server
(fake_node.py) that records every request and answers in Elasticsearch 9's documented
formats.
"""

import copy
import json
from pathlib import Path

import pytest

from search.backends import database_backend, get_backend
from search.backends.elasticsearch.outbox import documents
from search.models import IndexedDocument
from tests.factories import create_innovation
from tests.search.oracle import reset_search_caches

from .fake_node import FakeElasticsearch

ALIAS = "jipp-test"
API = "/api/v1/search/"
NOTICE = "Mesin pencari utama sedang tidak tersedia; hasil ini dari basis data situs."
BODIES = Path(__file__).resolve().parent / "bodies"
FIGURES = []  # measurements reported at the end of the run (report_figure)


def report_figure(line):
    """A figure worth reading without failing on it (Lucene against the database engines)."""
    FIGURES.append(line)


def pytest_terminal_summary(terminalreporter):
    if FIGURES:
        terminalreporter.section("Elasticsearch analysis on real Lucene")
        for line in FIGURES:
            terminalreporter.write_line(line)


def database_engine():
    """The database's own engine answers when the cluster cannot: sqlite or postgres."""
    return database_backend().name


def load_body(name, **values):
    """A pinned request body from bodies/<name>.json, with every string "$key" replaced by
    values[key] (ids, versions and dates a test only knows when it runs)."""
    body = json.loads((BODIES / f"{name}.json").read_text(encoding="utf-8"))
    return _fill(body, values)


def _fill(node, values):
    if isinstance(node, dict):
        return {key: _fill(value, values) for key, value in node.items()}
    if isinstance(node, list):
        return [_fill(value, values) for value in node]
    if isinstance(node, str) and node.startswith("$"):
        return values[node[1:]]  # KeyError: a placeholder the test did not fill
    return node


@pytest.fixture
def fake():
    cluster = FakeElasticsearch().start()
    yield cluster
    cluster.stop()


@pytest.fixture
def es(site_tree, settings, fake):
    """SEARCH_BACKEND=elasticsearch, pointed at the fake node; the backend instance."""
    settings.SEARCH_BACKEND = "elasticsearch"
    settings.ELASTICSEARCH_URL = fake.url
    settings.ELASTICSEARCH_INDEX = ALIAS
    settings.ELASTICSEARCH_TIMEOUT = 0.5
    settings.ELASTICSEARCH_ADMIN_TIMEOUT = 2
    settings.ELASTICSEARCH_RETRY_AFTER = 30
    settings.ELASTICSEARCH_REPLICAS = 1
    settings.ELASTICSEARCH_SHARDS = 1
    reset_search_caches()
    backend = get_backend()
    assert backend.name == "elasticsearch"
    backend.reset()
    yield backend
    backend.reset()
    reset_search_caches()


@pytest.fixture
def commit(django_capture_on_commit_callbacks):
    """`with commit():` runs what would run after the transaction commits."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


@pytest.fixture
def built(es, fake, commit):
    """An index (built by rebuild()) holding one published innovation."""
    with commit():
        page = create_innovation(title="Kampung Gizi Balita")
    es.rebuild()
    fake.requests.clear()
    return page


def bodies(fake, method, path_part):
    return [r.body for r in fake.calls(method, path_part)]


def index_matches_database(fake):
    """The index holds exactly the documents IndexedDocument says, each as it is now."""
    ids = list(IndexedDocument.objects.values_list("page_id", flat=True))
    indexed, _ = documents(ids)
    expected = {str(page_id): body for page_id, _, body in indexed}
    assert fake.documents(ALIAS) == expected
    return expected


def without(body, *path):
    """A deep copy of `body` with the value at `path` (keys) replaced by "...": for
    comparing a body whose one part is checked on its own."""
    trimmed = copy.deepcopy(body)
    node = trimmed
    for key in path[:-1]:
        node = node[key]
    node[path[-1]] = "..."
    return trimmed
