"""Comparing two to four innovations side by side, with a shareable address."""

import re
from pathlib import Path

import pytest
from django.conf import settings

from tests.factories import JAWA_TIMUR, create_innovation
from tests.html_helpers import element, get_html, text_of

pytestmark = pytest.mark.django_db


def rows(html):
    """{row heading: [cell texts]} of the comparison table."""
    table = element(html, 'class="compare__table"')
    result = {}
    for row in re.findall(r"<tr[^>]*>(.*?)</tr>", table, flags=re.S):
        head = re.search(r'<th scope="row">(.*?)</th>', row, flags=re.S)
        if head:
            result[text_of(head.group(1))] = [
                text_of(c) for c in re.findall(r"<td[^>]*>(.*?)</td>", row, flags=re.S)
            ]
    return result


@pytest.fixture
def three(site_tree):
    return [
        create_innovation(title="SIMPATI Sumedang", funding_sources=["apbd", "csr-swasta"]),
        create_innovation(title="KLAMPID Surabaya", budget_idr=None, **JAWA_TIMUR),
        create_innovation(
            title="Layanan Majalengka", regency="Kabupaten Majalengka", year_launched=2019
        ),  # fmt: skip
    ]


def test_three_innovations_side_by_side_at_a_shareable_address(three, client):
    url = "/bandingkan/?" + "&".join(f"id={p.pk}" for p in three)
    html = get_html(client, url)
    table = rows(html)
    assert table["Tempat"] == ["Kabupaten Sumedang, Jawa Barat", "Kota Surabaya, Jawa Timur",
                               "Kabupaten Majalengka, Jawa Barat"]  # fmt: skip
    assert table["Penduduk daerah"] == ["1,2 juta penduduk", "3,0 juta penduduk",
                                        "1,4 juta penduduk"]  # fmt: skip
    assert table["Tahun diluncurkan"] == ["2021", "2021", "2019"]
    assert table["Kepadatan penduduk"] == ["783 jiwa/km²", "8.928 jiwa/km²", "1.029 jiwa/km²"]
    assert table["Anggaran tahunan"] == ["Rp 250 juta", "tidak tercatat", "Rp 250 juta"]
    # Beside the budget, where the money comes from; never guessed when not recorded.
    assert table["Sumber dana"] == ["APBD, CSR/swasta", "tidak tercatat", "tidak tercatat"]
    assert table["Capaian (sebelum → sesudah)"][0] == "Lama layanan: 14 → 3 hari"
    assert table["Penghargaan"][0] == "Top 45 KIPP 2023"
    assert table["Kit replikasi"] == ["belum ada"] * 3
    assert 'value="http://testserver' + url.replace("&", "&amp;") + '"' in html
    # It prints without the site's navigation and the buttons.
    css = Path(settings.BASE_DIR, "static", "css", "replication.css").read_text()
    assert "@media print" in css and ".compare__actions" in css.split("@media print")[1]


def test_the_buttons_build_the_comparison_without_javascript(three, client):
    response = client.get("/bandingkan/pilih/", {"id": three[0].pk})
    assert response["Location"] == "/bandingkan/"
    assert "Pilih 2 sampai 4 inovasi" in text_of(get_html(client, "/bandingkan/"))
    response = client.get("/bandingkan/pilih/", {"id": three[1].pk})
    assert response["Location"] == f"/bandingkan/?id={three[0].pk}&id={three[1].pk}"
    client.get("/bandingkan/pilih/", {"id": three[1].pk, "action": "hapus"})
    assert client.cookies["bandingkan"].value == str(three[0].pk)
    # The button is on the innovation page and on search results.
    assert f'href="/bandingkan/pilih/?id={three[0].pk}"' in get_html(client, three[0].url)
    assert f'href="/bandingkan/pilih/?id={three[0].pk}"' in get_html(client, "/cari/", q="SIMPATI")


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("id=1&id=2&id=3&id=4&id=5", "Paling banyak 4 inovasi"),
        ("id=abc", "bukan nomor inovasi"),
        ("", "Pilih 2 sampai 4 inovasi"),
    ],
)
def test_bad_comparisons_say_why(three, client, query, message):
    response = client.get("/bandingkan/?" + query)
    assert response.status_code in (200, 400)
    assert message in text_of(response.content.decode())


def test_a_draft_is_never_compared(three, client):
    draft = create_innovation(title="Draf Rahasia Banget", publish=False)
    html = get_html(client, f"/bandingkan/?id={three[0].pk}&id={draft.pk}&id={three[1].pk}")
    assert "Draf Rahasia Banget" not in html
    assert len(rows(html)["Tempat"]) == 2
