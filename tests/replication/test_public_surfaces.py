"""What the public sees of replication requests: counts of consenting requests in
progress, and never a requester's personal data on any public surface."""

import pytest
from django.core.cache import cache

from replication.models import Stage
from replication.workflow import change_stage
from tests.factories import JAWA_TIMUR, create_innovation
from tests.html_helpers import element, get_html, text_of

from .helpers import request_for

pytestmark = pytest.mark.django_db

MARKERS = {
    "name": "Zulkarnaen Pribadiwati",
    "email": "zulkarnaen.rahasia@pemohon.example",
    "phone": "+62 812 9876 5432",
    "position": "Kepala Seksi Rahasiawan",
    "message": "Pesan pribadi berisi kataunikrahasia untuk simpul asal saja.",
}


def summary_text(client, page):
    html = get_html(client, page.url)
    header = element(html, 'class="page-header innovation__header"')
    return text_of(header)


def test_consenting_requests_in_progress_are_counted_on_the_page(site_tree, client):
    original = create_innovation(title="SIMPATI Sumedang")
    create_innovation(title="SIMPATI Garut", replicated_from=original.slug,
                      regency="Kabupaten Garut")  # fmt: skip
    counted = request_for(original, consent_public="on")
    not_counted = request_for(original, consent_public="")
    assert "Direplikasi di 1 daerah" in summary_text(client, original)
    assert "dalam proses" not in summary_text(client, original)  # both still at minat

    change_stage(counted, Stage.KESEPAKATAN, "", None)
    change_stage(not_counted, Stage.KESEPAKATAN, "", None)
    assert "Direplikasi di 1 daerah, 1 dalam proses" in summary_text(client, original)

    change_stage(counted, Stage.DIBATALKAN, "", None)
    assert "dalam proses" not in summary_text(client, original)


def test_personal_data_never_reaches_a_public_surface(site_tree, client):
    cache.clear()
    page = create_innovation(title="SIMPATI Sumedang")
    request = request_for(page, **MARKERS, consent_public="on")
    change_stage(request, Stage.IMPLEMENTASI, "Catatan kataunikrahasia", None)
    surfaces = [
        page.url,
        "/cari/?q=SIMPATI",
        "/api/v1/search/?q=SIMPATI",
        "/feeds/terbaru/",
        "/feeds/cari/?q=SIMPATI",
        "/sitemap.xml",
        "/statistik/",
        "/",
        "/en" + page.url,
    ]
    for url in surfaces:
        response = client.get(url)
        assert response.status_code == 200, url
        body = response.content.decode()
        for value in [*MARKERS.values(), "kataunikrahasia", "Zulkarnaen"]:
            assert value not in body, (url, value)
    # Searching for the requester's words finds nothing (the page echoes the query itself).
    for word in ("kataunikrahasia", "Zulkarnaen", "Pribadiwati", "Rahasiawan"):
        assert client.get("/api/v1/search/", {"q": word}).json()["total"] == 0, word
    # The request is counted, as a number only.
    assert "1 daerah sedang mereplikasi" in summary_text(client, page)


def test_the_statistics_page_has_replication_figures(site_tree, client):
    original = create_innovation(title="SIMPATI Sumedang")
    create_innovation(title="SIMPATI Garut", replicated_from=original.slug,
                      regency="Kabupaten Garut", year_launched=2022)  # fmt: skip
    create_innovation(title="SIMPATI Surabaya", replicated_from=original.slug,
                      year_launched=2023, **JAWA_TIMUR)  # fmt: skip
    draft = create_innovation(title="SIMPATI Draf", replicated_from=original.slug,
                              regency="Kabupaten Garut", publish=False)  # fmt: skip
    assert draft
    section = element(get_html(client, "/statistik/"), 'id="replikasi"')
    text = text_of(section)
    assert "2 inovasi yang terbit mereplikasi" in text  # the draft does not count
    top = text_of(element(section, 'id="replikasi-terbanyak"'))
    assert "SIMPATI Sumedang" in top and top.endswith("2")
    provinces = text_of(element(section, 'id="replikasi-provinsi"'))
    assert "Jawa Barat 1" in provinces and "Jawa Timur 1" in provinces
    assert "replication=replica&amp;province=35" in section


def test_an_innovation_page_maps_where_it_was_replicated(site_tree, client):
    original = create_innovation(title="SIMPATI Sumedang")
    create_innovation(title="SIMPATI Surabaya", replicated_from=original.slug, **JAWA_TIMUR)
    figure = element(get_html(client, original.url), 'class="replication-map"')
    assert 'alt="Peta provinsi tempat inovasi ini direplikasi: Jawa Timur (1)"' in figure
    svg = client.get(f"/replikasi/peta/{original.pk}.svg")
    assert svg["Content-Type"] == "image/svg+xml"
    body = svg.content.decode()
    assert 'data-province="35" data-count="1"' in body
    assert 'data-province="32" data-count="0"' in body
    lonely = create_innovation(title="Tanpa Replikasi")
    assert "replication-map" not in get_html(client, lonely.url)
    assert client.get(f"/replikasi/peta/{lonely.pk}.svg").status_code == 404
