"""The public face: home page ways in, the statistics page (tile map, charts and their
tables), the innovation page's navigation, facts, metric cards, similar innovations and
share links, the print stylesheet, and alt text required in the image admin."""

import html
import io
import re
from collections import Counter
from pathlib import Path
from urllib.parse import quote

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image as PILImage
from wagtail.images import get_image_model
from wagtail.models import PageViewRestriction

from innovations.models import SDG, InnovationPage, Province, Sector, ServiceChannel
from search.documents import indexable_pages
from stats import charts
from stats.tilemap import COLUMNS, ROWS, TILES
from tests.factories import create_innovation, hub_named
from tests.html_helpers import element, get_html, text_of

JAWA_TIMUR = {
    "hub": "JIPP Provinsi Jawa Timur",
    "province_code": "35",
    "regency": "Kota Surabaya",
    "level": "kota",
    "institution": "Pemerintah Kota Surabaya",
}
BALI = {
    "hub": "JIPP Provinsi Bali",
    "province_code": "51",
    "regency": "Kota Denpasar",
    "level": "kota",
    "institution": "Pemerintah Kota Denpasar",
}
NATIONAL = {
    "hub": "JIPP Kementerian Kesehatan",
    "level": "kementerian",
    "ministry": "Kementerian Kesehatan",
    "province_code": None,
    "regency": None,
    "institution": "Kementerian Kesehatan",
}
STYLESHEET = Path(settings.BASE_DIR) / "static" / "css" / "site.css"


# --- helpers --------------------------------------------------------------------------------


def make_private(page):
    PageViewRestriction.objects.create(
        page=page, restriction_type=PageViewRestriction.PASSWORD, password="rahasia"
    )


def browse_links(section_html, parameter):
    """{value: count} of the /cari/?<parameter>=value links in a browse list."""
    found = re.findall(
        rf'<a href="/cari/\?{parameter}=([^"]+)" data-count="(\d+)">(.*?)</a>', section_html, re.S
    )
    return {value: (int(count), text_of(label)) for value, count, label in found}


def table_counts(page_html, table_id):
    """{row key: number} of a statistics table."""
    table = element(page_html, f'id="{table_id}"')
    rows = re.findall(
        r'<tr data-key="([^"]+)">.*?<td class="num">([\d.]+)</td></tr>', table, flags=re.S
    )
    return {key: int(number.replace(".", "")) for key, number in rows}


@pytest.fixture
def corpus(site_tree):
    """Innovations in three provinces and one ministry, with what must never be counted:
    a draft, a private page and a page under an unpublished hub."""
    pages = {
        "sumedang": create_innovation(title="Izin Sumedang", year_launched=2019),
        "bandung": create_innovation(
            title="Sehat Bandung",
            sector="kesehatan",
            regency="Kota Bandung",
            level="kota",
            channels=["bergerak"],
            year_launched=2021,
        ),
        "surabaya": create_innovation(
            **JAWA_TIMUR,
            title="Perpus Surabaya",
            sector="pendidikan",
            channels=["elektronik"],
            year_launched=2021,
        ),  # fmt: skip
        "denpasar": create_innovation(
            **BALI, title="Sampah Denpasar", sector="lingkungan", year_launched=2023, awards=[]
        ),  # fmt: skip
        "kemenkes": create_innovation(
            **NATIONAL, title="Sehat Nasional", sector="kesehatan", year_launched=2022, awards=[]
        ),  # fmt: skip
    }
    create_innovation(title="Draf Jabar", sector="pendidikan", year_launched=2015, publish=False)
    make_private(create_innovation(title="Rahasia Jabar", sector="pendidikan", year_launched=2015))
    hidden = create_innovation(
        hub="JIPP Provinsi Aceh", province_code="11", regency="Kota Banda Aceh", level="kota",
        institution="Pemerintah Kota Banda Aceh", title="Di Simpul Ditarik", year_launched=2015,
    )  # fmt: skip
    hidden.get_parent().unpublish()
    return pages


# --- home page ------------------------------------------------------------------------------


def test_home_counts_and_browse_links_count_only_visible_innovations(corpus, client):
    page = get_html(client, "/")

    assert re.search(r'<dd data-count="innovations">5</dd>', page)
    assert re.search(r'<dd data-count="provinces">3</dd>', page)
    sectors = browse_links(element(page, 'id="menurut-sektor"'), "sector")
    expected = Counter(p.sector_id for p in indexable_pages())
    assert {key: count for key, (count, _) in sectors.items()} == dict(expected)
    assert sectors["kesehatan"] == (2, f"{Sector.objects.get(key='kesehatan').name} 2 inovasi")
    assert "pendidikan" in sectors and sectors["pendidikan"][0] == 1  # not the draft's
    provinces = browse_links(element(page, 'id="menurut-provinsi"'), "province")
    assert {key: count for key, (count, _) in provinces.items()} == {"32": 2, "35": 1, "51": 1}
    assert "11" not in provinces  # the only Aceh innovation is under an unpublished hub
    assert "Ditambah 1 inovasi tingkat kementerian/lembaga." in text_of(page)
    for title in ("Draf Jabar", "Rahasia Jabar", "Di Simpul Ditarik"):
        assert title not in page
    assert 'href="/statistik/"' in page


def test_home_features_proven_practice_most_replicated_first(corpus, client):
    original = corpus["denpasar"]  # no awards of its own
    sidoarjo = {**JAWA_TIMUR, "regency": "Kabupaten Sidoarjo", "level": "kabupaten"}
    create_innovation(title="Replika Sidoarjo", replicated_from=original.slug, awards=[],
                      **sidoarjo)  # fmt: skip
    create_innovation(title="Replika Bogor", replicated_from=original.slug, awards=[],
                      regency="Kabupaten Bogor")  # fmt: skip
    create_innovation(title="Replika Draf", replicated_from=original.slug, publish=False)

    page = get_html(client, "/")

    featured = element(page, 'class="featured"')
    titles = [text_of(t) for t in re.findall(r"<h3[^>]*>(.*?)</h3>", featured, re.S)]
    assert titles[0] == "Sampah Denpasar"
    assert "Direplikasi 2 kali" in text_of(featured)  # the draft replica does not count
    # The rest have an award each; innovations with neither never show.
    assert len(titles) == 3
    assert "Sehat Nasional" not in titles
    assert set(titles[1:]) <= {"Izin Sumedang", "Sehat Bandung", "Perpus Surabaya"}
    assert "1 penghargaan" in text_of(featured)
    newest = element(page, 'class="newest"')
    assert "Replika Bogor" in text_of(newest)


# --- statistics page ------------------------------------------------------------------------


def test_statistics_map_has_a_tile_per_province_with_counts_and_links(corpus, client):
    page = get_html(client, "/statistik/")

    svg = element(page, 'class="tile-map"')
    assert 'role="group"' in svg and 'aria-labelledby="map-title map-desc"' in svg
    assert re.search(r'<title id="map-title">[^<]+</title>', svg)
    tiles = re.findall(r'data-province="(\d\d)" data-count="(\d+)"', svg)
    assert sorted(code for code, _ in tiles) == sorted(
        Province.objects.values_list("pk", flat=True)
    )
    counts = {code: int(n) for code, n in tiles}
    expected = Counter(p.province_id for p in indexable_pages() if p.province_id)
    assert (
        {code: n for code, n in counts.items() if n}
        == dict(expected)
        == {"32": 2, "35": 1, "51": 1}
    )
    # Provinces with innovations are links to the search, named by their <title>.
    links = re.findall(r'<a class="tile" href="([^"]+)"[^>]*>\s*<title>([^<]+)</title>', svg)
    assert ("/cari/?province=32", "Jawa Barat: 2 inovasi") in links
    assert ("/cari/?province=51", "Bali: 1 inovasi") in links
    assert len(links) == 3
    assert "Aceh: belum ada inovasi" in svg  # under an unpublished hub: not counted
    # The table says the same.
    table = table_counts(page, "tabel-provinsi")
    assert len(table) == Province.objects.count()
    assert {code: n for code, n in table.items() if n} == dict(expected)
    assert "1 inovasi tingkat kementerian/lembaga" in text_of(page)


CHARTS = [
    ("chart-sektor", "tabel-sektor", lambda pages: Counter(p.sector_id for p in pages)),
    ("chart-tahun", "tabel-tahun", lambda pages: Counter(str(p.year_launched) for p in pages)),
    (
        "chart-kanal",
        "tabel-kanal",
        lambda pages: Counter(c.key for p in pages for c in p.channels.all()),
    ),
]


def test_statistics_charts_are_svg_images_with_matching_tables(corpus, client):
    page = get_html(client, "/statistik/")
    pages = list(indexable_pages())

    for chart_id, table_id, counted in CHARTS:
        expected = {key: n for key, n in counted(pages).items() if n}
        svg = element(page, f'aria-labelledby="{chart_id}-title {chart_id}-desc"')
        assert svg.startswith("<svg") and 'role="img"' in svg.split(">", 1)[0]
        assert re.search(rf'<title id="{chart_id}-title">[^<]+</title>', svg)
        assert re.search(rf'<desc id="{chart_id}-desc">[^<]+</desc>', svg)
        # The table follows the chart and carries the same numbers as the database.
        assert page.index(svg) < page.index(f'id="{table_id}"')
        table_html = element(page, f'id="{table_id}"')
        assert re.search(r"<caption[^>]*>[^<]+</caption>", table_html)
        table = table_counts(page, table_id)
        assert {key: n for key, n in table.items() if n} == expected, chart_id
        # And the chart draws them: a value label for each non-empty row.
        drawn = re.findall(r'class="(?:bar|column)__value">(\d+)</text>', svg)
        assert Counter(int(v) for v in drawn if v != "0") == Counter(expected.values()), chart_id


def test_statistics_years_run_without_gaps_and_drafts_stay_out(corpus, client):
    page = get_html(client, "/statistik/")

    years = table_counts(page, "tabel-tahun")
    assert list(years) == [str(y) for y in range(2019, 2024)]  # 2015 only had hidden pages
    assert years == {"2019": 1, "2020": 0, "2021": 2, "2022": 1, "2023": 1}
    sectors = table_counts(page, "tabel-sektor")
    assert sectors["pendidikan"] == 1
    channel_names = dict(ServiceChannel.objects.values_list("key", "name"))
    assert set(table_counts(page, "tabel-kanal")) == set(channel_names)


def test_statistics_page_on_an_empty_site(site_tree, client):
    page = get_html(client, "/statistik/")

    assert 'class="tile-map"' in page
    assert 'class="tile"' not in page  # nothing to link to
    assert re.findall(r'data-province="\d\d" data-count="0"', page).__len__() == 38


def test_tile_grid_places_every_province_once():
    positions = [(column, row) for _, column, row in TILES.values()]
    assert len(TILES) == 38
    assert len(set(positions)) == len(positions)
    assert all(0 <= c < COLUMNS and 0 <= r < ROWS for c, r in positions)
    assert len({abbr for abbr, _, _ in TILES.values()}) == 38
    # West is left: Aceh is the first column, Papua's provinces the last ones.
    assert TILES["11"][1] == 0
    assert min(TILES[code][1] for code in ("91", "93", "95")) > TILES["81"][1]


@pytest.mark.django_db
def test_tile_grid_covers_the_reference_provinces():
    assert set(TILES) == set(Province.objects.values_list("pk", flat=True))


def _luminance(colour):
    channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(a, b):
    high, low = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def test_map_and_chart_colours_keep_aa_contrast():
    for fill, text in charts.MAP_CLASSES + [(charts.EMPTY_FILL, charts.MUTED_COLOUR)]:
        assert contrast(fill, text) >= 4.5, (fill, text)
    assert contrast(charts.BAR_COLOUR, "#ffffff") >= 4.5
    assert contrast(charts.TEXT_COLOUR, "#ffffff") >= 4.5


def test_stylesheet_text_colours_keep_aa_contrast():
    css = STYLESHEET.read_text()
    variables = dict(re.findall(r"--([\w-]+):\s*(#[0-9a-fA-F]{6})", css))
    pairs = [
        ("text", "bg"), ("muted", "bg"), ("muted", "surface"), ("muted", "tint"),
        ("brand", "bg"), ("brand", "surface"), ("brand", "tint"), ("brand-dark", "tint"),
    ]  # fmt: skip
    for fg, bg in pairs:
        assert contrast(variables[fg], variables[bg]) >= 4.5, (fg, bg)
    assert contrast("#ffffff", variables["brand-dark"]) >= 4.5  # header text
    assert contrast("#ffffff", variables["brand"]) >= 4.5  # buttons
    assert contrast(variables["control"], variables["bg"]) >= 3  # field borders


def test_class_breaks():
    assert charts.class_breaks(0) == []
    assert charts.class_breaks(1) == [1]
    assert charts.class_breaks(7) == [2, 3, 5, 6, 7]
    assert charts.class_breaks(100) == [20, 40, 60, 80, 100]


def test_bar_and_column_geometry_scale_to_the_largest_count():
    from stats.counts import Row

    bars = charts.bar_chart([Row("a", "A", 10), Row("b", "B", 5), Row("c", "C", 0)], width=360)
    assert bars.bars[0].width == 360 - 44
    assert bars.bars[1].width == pytest.approx((360 - 44) / 2)
    assert bars.bars[2].width == 0
    columns = charts.column_chart([Row(str(y), str(y), n) for y, n in [(2020, 4), (2021, 0)]])
    assert columns.columns[0].height > 0 and columns.columns[1].height == 0
    assert columns.ticks[0].value == 0 and columns.ticks[-1].value >= 4


# --- innovation page ------------------------------------------------------------------------


@pytest.fixture
def relatives(site_tree):
    """A case study with a few others like it (same sector, tags) for similar innovations."""
    subject = create_innovation(
        title="Perizinan Satu Pintu Sumedang",
        metrics=[
            {"label": "Lama layanan", "before": 14, "after": 3, "unit": "hari"},
            {"label": "Izin terbit per bulan", "before": 200, "after": 450, "unit": "izin"},
        ],
    )
    others = [
        create_innovation(title="Perizinan Terpadu Garut", regency="Kabupaten Garut"),
        create_innovation(**JAWA_TIMUR, title="Perizinan Daring Surabaya"),
    ]
    create_innovation(title="Perizinan Draf Tasikmalaya", publish=False)
    return subject, others


def test_innovation_page_has_section_navigation_and_key_facts(relatives, client):
    subject, _ = relatives
    page = get_html(client, subject.url)

    nav = element(page, 'class="toc"')
    assert nav.startswith("<nav")
    targets = re.findall(r'href="#([\w-]+)"', nav)
    assert targets[0] == "fakta"
    assert {"ringkasan", "replikasi", "metrik", "serupa", "bagikan"} <= set(targets)
    for target in targets:
        assert f'id="{target}"' in page, target
    facts = element(page, 'id="fakta"')
    assert 'class="key-facts panel"' in facts
    facts_text = text_of(facts)
    for expected in (
        "Dinas Penanaman Modal dan PTSP Kabupaten Sumedang",
        "Jawa Barat",
        "Kabupaten Sumedang",
        Sector.objects.get(key="perizinan").name,
        ServiceChannel.objects.get(key="elektronik").name,
        SDG.objects.get(number=16).name_id,
        "2021",
        "Penerapan",
        "Berjalan",
        "Top 45 KIPP 2023",
    ):
        assert expected in facts_text, expected


def test_metric_cards_show_the_change(relatives, client):
    subject, _ = relatives
    section = element(get_html(client, subject.url), 'id="metrik"')

    cards = re.findall(r'<li class="metric-card metric-card--(\w+)">(.*?)</li>', section, re.S)
    assert [direction for direction, _ in cards] == ["down", "up"]
    down, up = (text_of(card) for _, card in cards)
    assert "Lama layanan" in down and "turun 79%" in down and "14 → menjadi 3 hari" in down
    assert "naik 125%" in up and "200 → menjadi 450 izin" in up


def test_similar_innovations_are_listed_without_drafts(relatives, client):
    subject, others = relatives
    page = get_html(client, subject.url)

    similar = element(page, 'id="serupa"')
    hrefs = re.findall(r'<a href="([^"]+)">', similar)
    assert {other.url for other in others} <= set(hrefs)
    assert subject.url not in hrefs
    assert "Perizinan Draf Tasikmalaya" not in page
    assert "Jawa Timur" in text_of(similar)


def test_share_links_carry_the_encoded_address_and_no_scripts(relatives, client):
    subject, _ = relatives
    page = get_html(client, subject.url)

    share = element(page, 'id="bagikan"')
    full_url = subject.get_full_url()
    encoded = quote(full_url, safe="")
    hrefs = [html.unescape(h) for h in re.findall(r'href="([^"]+)"', share)]
    starts = [
        "https://wa.me/?text=",
        "https://www.facebook.com/sharer/sharer.php?u=",
        "https://twitter.com/intent/tweet?url=",
        "https://www.linkedin.com/sharing/share-offsite/?url=",
        "mailto:?subject=",
    ]
    assert len(hrefs) == len(starts)
    for start, href in zip(starts, hrefs, strict=True):
        assert href.startswith(start), href
        assert encoded in href, href
    assert quote(subject.title, safe="") in hrefs[0]
    copy = re.search(r'<input id="share-url"[^>]*>', share).group(0)
    assert "readonly" in copy and f'value="{full_url}"' in copy
    assert not re.search(r"<script[^>]+src=", page)  # no third-party widget


def test_print_stylesheet_for_case_studies():
    css = STYLESHEET.read_text()
    start = css.index("@media print")
    body = css[start:]
    hidden = body[: body.index("display: none")]
    for selector in (".site-header", ".site-footer", ".site-search", ".toc", ".share"):
        assert selector in hidden, selector
    assert 'content: " (" attr(href) ")"' in body
    metric_rule = re.search(r"([^{}]*)\{[^}]*break-inside:\s*avoid", body)
    assert metric_rule and ".metric-card" in metric_rule.group(1)


@pytest.mark.django_db
def test_stylesheet_is_served_for_every_medium(site_tree, client):
    page = get_html(client, "/")
    link = re.search(r'<link rel="stylesheet" href="([^"]+site\.css)"[^>]*>', page)
    assert link and "media=" not in link.group(0)


# --- other pages ----------------------------------------------------------------------------


def test_about_page_and_hubs_render_with_ways_onward(corpus, client):
    about = get_html(client, "/tentang/")
    aside = element(about, 'class="see-also panel"')
    assert 'href="/cari/"' in aside and 'href="/statistik/"' in aside
    hub = get_html(client, hub_named("JIPP Provinsi Jawa Barat").url)
    assert "Izin Sumedang" in text_of(element(hub, 'class="hub__innovations"'))


def test_404_offers_search_and_a_way_home(site_tree, client):
    page = get_html(client, "/tidak-ada-halaman-ini/", status=404)
    assert 'action="/cari/"' in page and 'name="q"' in page
    assert 'href="/"' in page


# --- images in the admin --------------------------------------------------------------------


def _png_upload(name="foto.png"):
    buffer = io.BytesIO()
    PILImage.new("RGB", (64, 48), (11, 79, 138)).save(buffer, format="PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


@pytest.mark.django_db
def test_image_upload_without_alt_text_is_refused_in_the_admin(client):
    admin = get_user_model().objects.create_superuser("admin", "admin@example.org", "rahasia")
    client.force_login(admin)
    images = get_image_model().objects

    response = client.post(
        reverse("wagtailimages:add"), {"title": "Loket terpadu", "file": _png_upload()}
    )

    assert response.status_code == 200  # the form again, not a redirect
    assert not images.exists()
    form = response.context["form"]
    assert "description" in form.errors
    body = response.content.decode()
    assert "Teks alternatif (alt)" in body
    assert any(message in body for message in form.errors["description"])

    response = client.post(
        reverse("wagtailimages:add"),
        {
            "title": "Loket terpadu",
            "file": _png_upload(),
            "description": "Petugas melayani warga di loket terpadu",
        },
    )
    assert response.status_code == 302
    assert images.get().description == "Petugas melayani warga di loket terpadu"


def test_innovation_counts_ignore_innovations_without_a_visible_hub(corpus):
    from stats.counts import innovation_counts

    counts = innovation_counts()
    assert counts.total == InnovationPage.objects.live().public().count() - 1
    assert counts.national == 1
