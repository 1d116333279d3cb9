"""Issue 17's query budget: how many SQL statements a public page costs when the page cache
does not have it (the first reader after a publication), counted with Django's
CaptureQueriesContext.

The cache is the database cache here (as on a server without Redis), so the cache's own
reads and writes are SQL statements and are counted like any other: Wagtail's site root
paths, the page cache's generation and pages. Statements that read nothing (savepoints,
the PostgreSQL engine's planner setting: CONTROL) are shown but not counted. The page
under test is a full one: tags, awards, metrics, a kit with downloads, its own contact,
two public replications (one private, not counted), a request in progress, an original
it replicates, and similar innovations, in Indonesian and in English.
"""

import re

import pytest
from django.core.cache import cache
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from wagtail.documents import get_document_model
from wagtail.models import PageViewRestriction

from innovations.models import InnovationDocument, InnovationPage
from replication.models import DownloadCount, Stage
from replication.workflow import change_stage
from tests.factories import JAWA_TIMUR, create_innovation
from tests.html_helpers import element, text_of

from .replication.helpers import request_for

pytestmark = pytest.mark.django_db

INNOVATION_BUDGET = 15  # issue 17: at most 15 queries for an innovation page, uncached
# The other public pages, at what they cost when this was written (24, 9 and 11; they were
# 37, 22 and 24) plus a little room: a change that adds a query per card fails here.
HOME_BUDGET = 26
HUB_BUDGET = 11
SEARCH_BUDGET = 13

DATABASE_CACHE = {
    "default": {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "jipp_cache",
        "KEY_PREFIX": "budget",
    }
}


def add_kit_document(page, kind, title, downloads=0):
    document = get_document_model()(title=title)
    document.file.save(f"{kind}.pdf", ContentFile(b"%PDF-1.4 kit"), save=False)
    document.save()
    page.documents.add(InnovationDocument(document=document, title=title, kind=kind))
    if downloads:
        DownloadCount.objects.create(document=document, count=downloads)


@pytest.fixture
def full_page(site_tree):
    """An innovation page with everything a page can show."""
    source = create_innovation(title="Klinik Sampah Desa", tags=["sampah", "desa"])
    page = create_innovation(
        title="Bank Sampah Digital Sumedang",
        replicated_from=source.slug,
        tags=["sampah", "bank sampah", "digital"],
        awards=["Top 45 KIPP 2023", "Top 99 KIPP 2022"],
        sdgs=[11, 12],
        secondary_sectors=["umkm", "lingkungan"],
        metrics=[
            {"label": "Sampah terpilah", "before": 10, "after": 45, "unit": "ton"},
            {"label": "Nasabah", "before": None, "after": 1200, "unit": "orang"},
        ],
    )
    page = InnovationPage.objects.get(pk=page.pk)
    page.contact_name = "Dedi Kurniawan"
    page.contact_email = "dedi@sumedangkab.example"
    add_kit_document(page, "sop", "SOP bank sampah", downloads=7)
    add_kit_document(page, "anggaran", "Templat anggaran")
    page.save_revision().publish()
    create_innovation(title="Bank Sampah Surabaya", replicated_from=page.slug,
                      tags=["sampah"], **JAWA_TIMUR)  # fmt: skip
    create_innovation(title="Bank Sampah Garut", replicated_from=page.slug,
                      regency="Kabupaten Garut", tags=["sampah"])  # fmt: skip
    private = create_innovation(title="Bank Sampah Rahasia", replicated_from=page.slug,
                                regency="Kabupaten Bandung")  # fmt: skip
    PageViewRestriction.objects.create(page=private, restriction_type="password", password="x")
    for title in ("Sampah Jadi Emas", "Sedekah Sampah Sekolah", "Pilah Sampah Pasar"):
        create_innovation(title=title, tags=["sampah"], awards=["Top 99 KIPP 2021"])
    request = request_for(InnovationPage.objects.get(pk=page.pk), consent_public="on")
    change_stage(request, Stage.KESEPAKATAN, "", None)
    return InnovationPage.objects.get(pk=page.pk)


# Statements that read nothing: a savepoint's start and end, and the PostgreSQL search
# engine's switch of the planner's index-scan setting around each match (search/backends,
# 8 of them for the similar innovations). Listed with the others, not counted as queries.
CONTROL = re.compile(
    r"^\s*((RELEASE |ROLLBACK TO )?SAVEPOINT\b|SET LOCAL [a-z_]+ = [a-z]+\s*$|"
    r"SELECT (current_setting\('[a-z_]+'\), )?set_config\('[a-z_]+', '[a-z]+', true\)\s*$)",
    re.IGNORECASE,
)


def count_queries(client, url):
    """The queries of one GET (statements that read nothing aside: CONTROL), after a first
    GET has warmed what a running server keeps in memory (content types, the search
    engine's labels) and in the cache (Wagtail's site root paths: read, and counted, on
    every request)."""
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    statements = [q["sql"] for q in queries.captured_queries]
    return sum(1 for sql in statements if not CONTROL.match(sql)), statements, response


def explain(statements):
    return "\n".join(
        f"{n:2d}. {'(not counted) ' if CONTROL.match(sql) else ''}{sql[:160]}"
        for n, sql in enumerate(statements, 1)
    )


@pytest.fixture
def database_cache():
    with override_settings(CACHES=DATABASE_CACHE):
        # The test settings use memory; the table is made here, in the test's transaction.
        call_command("createcachetable", verbosity=0)
        cache.clear()
        yield
        cache.clear()


@pytest.mark.parametrize("prefix", ["", "/en"])
def test_an_innovation_page_within_its_query_budget(full_page, client, database_cache, prefix):
    url = prefix + full_page.url
    count, statements, response = count_queries(client, url)
    html = response.content.decode()
    # The budget holds for the whole page, not a lighter one.
    assert "Top 45 KIPP 2023" in html and "bank sampah" in html
    assert "SOP bank sampah" in text_of(element(html, 'id="kit-replikasi"'))
    assert "Dedi Kurniawan" in text_of(element(html, 'id="kontak"'))
    lineage = text_of(element(html, 'id="silsilah-replikasi"'))
    assert "Klinik Sampah Desa" in lineage and "Bank Sampah Surabaya" in lineage
    assert "Rahasia" not in html
    assert "Sampah Jadi Emas" in text_of(element(html, 'id="serupa"'))
    assert 'data-replicated="2" data-in-progress="1"' in html
    assert count <= INNOVATION_BUDGET, f"{count} queries:\n{explain(statements)}"


def test_the_hub_home_and_search_pages_within_their_budgets(full_page, client, database_cache):
    budgets = {
        "/": HOME_BUDGET,
        full_page.get_parent().url: HUB_BUDGET,
        "/cari/?q=sampah": SEARCH_BUDGET,
    }
    over = []
    for url, budget in budgets.items():
        count, statements, _ = count_queries(client, url)
        if count > budget:
            over.append(f"{url}: {count} queries (budget {budget}):\n{explain(statements)}")
    assert not over, "\n".join(over)


@override_settings(PAGE_CACHE_ENABLED=True)
def test_a_cached_page_costs_one_cache_read_and_no_routing(full_page, client, database_cache):
    """A page cache hit is answered before Wagtail routes the request: one read of the
    cache (the generation and the page together), no page query at all."""
    client.get(full_page.url)  # stores it
    with CaptureQueriesContext(connection) as queries:
        response = client.get(full_page.url)
    assert response["X-Page-Cache"] == "hit"
    statements = [q["sql"] for q in queries.captured_queries]
    assert len(statements) == 1, explain(statements)
    assert "jipp_cache" in statements[0]
