"""The public face: home page ways in, the statistics page (province map, charts and their
tables), the innovation page's navigation, facts, metric cards, similar innovations and
share links, the print stylesheet, and alt text required in the image admin."""

import html
import io
import math
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
from stats import charts
from stats.counts import Row
from tests.factories import JAWA_TIMUR, create_innovation, hub_named
from tests.html_helpers import element, get_html, text_of

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
    expected = Counter(p.sector_id for p in InnovationPage.objects.visible())
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
    assert "Direplikasi di 2 daerah" in text_of(featured)  # the draft replica does not count
    # The rest have an award each; innovations with neither never show.
    assert len(titles) == 3
    assert "Sehat Nasional" not in titles
    assert set(titles[1:]) <= {"Izin Sumedang", "Sehat Bandung", "Perpus Surabaya"}
    assert "★ Top 45 KIPP 2023" in text_of(featured)  # the award itself, by name
    newest = element(page, 'class="newest"')
    assert "Replika Bogor" in text_of(newest)


# --- statistics page ------------------------------------------------------------------------


PROVINCE_SHAPE = re.compile(
    r'<(a|g) class="province[^"]*"(?: href="([^"]+)")? data-province="(\d\d)" '
    r'data-count="(\d+)"[^>]*>\s*<title>([^<]+)</title>(.*?)</\1>',
    re.S,
)


def map_shapes(page_html):
    """{code: {"link", "count", "title", "paths", "fills", "circles"}} of the province map."""
    svg = element(page_html, 'class="province-map"')
    shapes = {}
    for tag, href, code, count, title, body in PROVINCE_SHAPE.findall(svg):
        assert code not in shapes, f"province {code} drawn twice"
        shapes[code] = {
            "link": href if tag == "a" else None,
            "count": int(count),
            "title": html.unescape(title),
            "paths": re.findall(r'<path d="([^"]+)"', body),
            "fills": re.findall(r'fill="(#[0-9a-f]{6})"', body),
            "circles": len(re.findall(r"<circle ", body)),
        }
    return svg, shapes


def test_statistics_map_draws_every_province_once_with_counts_colours_and_links(corpus, client):
    page = get_html(client, "/statistik/")

    svg, shapes = map_shapes(page)
    opening = svg.split(">", 1)[0]
    assert svg.startswith("<svg") and 'role="group"' in opening
    assert 'aria-labelledby="map-title map-desc"' in opening
    assert re.search(r'viewBox="0 0 1000 [\d.]+"', opening) and " width=" not in opening
    assert re.search(r'<title id="map-title">[^<]+</title>', svg)
    assert re.search(r'<desc id="map-desc">[^<]+</desc>', svg)
    # Every province exactly once, each one path; besides them only the neighbours' outline.
    codes = set(Province.objects.values_list("pk", flat=True))
    assert set(shapes) == codes and len(codes) == 38
    assert all(len(shape["paths"]) == 1 for shape in shapes.values())
    assert svg.count("<path ") == 38 + 1
    assert all(shape["circles"] == (code in ("31", "34")) for code, shape in shapes.items())

    # Counts: what the database says, what the titles say and what the table says agree.
    expected = Counter(p.province_id for p in InnovationPage.objects.visible() if p.province_id)
    assert dict(expected) == {"32": 2, "35": 1, "51": 1}
    table = table_counts(page, "tabel-provinsi")
    names = dict(Province.objects.values_list("pk", "name"))
    for code, shape in shapes.items():
        assert shape["count"] == table[code] == expected.get(code, 0), code
        if shape["count"]:
            assert shape["title"] == f"{names[code]}: {shape['count']} inovasi"
        else:
            assert shape["title"] == f"{names[code]}: belum ada inovasi"
    assert shapes["11"]["count"] == 0  # the Aceh innovation is under an unpublished hub

    # Provinces with innovations link to the search for that province, named for screen
    # readers; the others are not links.
    links = {code: shape["link"] for code, shape in shapes.items() if shape["link"]}
    assert links == {code: f"/cari/?province={code}" for code in expected}
    assert re.search(
        r'<a class="province" href="/cari/\?province=32"[^>]*aria-label="Jawa Barat: 2 inovasi"',
        svg,
    )

    # Colours: none for nothing, darker for more, the darkest for the most.
    for code, shape in shapes.items():
        assert set(shape["fills"]) == {shape["fills"][0]}, code  # a marker as its province
        if not shape["count"]:
            assert shape["fills"][0] == charts.EMPTY_FILL, code
    assert shapes["32"]["fills"][0] == charts.MAP_CLASSES[-1]
    assert _luminance(shapes["35"]["fills"][0]) > _luminance(shapes["32"]["fills"][0])
    assert shapes["35"]["fills"][0] == shapes["51"]["fills"][0]
    legend = element(page, 'class="map-legend"')
    assert re.findall(r'fill="(#[0-9a-f]{6})"', legend) == [
        charts.EMPTY_FILL,
        *charts.MAP_CLASSES[-2:],
    ]
    assert "1 inovasi tingkat kementerian/lembaga" in text_of(page)


def test_statistics_page_stays_light_with_the_map(corpus, client):
    page = get_html(client, "/statistik/")
    assert len(page.encode()) < 200 * 1024
    assert charts.MAP_DATA.stat().st_size < 120 * 1024
    assert re.search(r'<link rel="stylesheet" href="[^"]*/css/stats\.css"', page)


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
    pages = list(InnovationPage.objects.visible())

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


@pytest.mark.parametrize(
    "table_id,query",
    [
        ("tabel-provinsi", "province={key}"),
        ("tabel-sektor", "sector={key}"),
        ("tabel-tahun", "year_from={key}&year_to={key}"),
        ("tabel-kanal", "channel={key}"),
    ],
)
def test_statistics_table_rows_link_to_the_search_they_count(corpus, client, table_id, query):
    page = get_html(client, "/statistik/")
    table = element(page, f'id="{table_id}"')
    counts = table_counts(page, table_id)
    links = {
        key: html.unescape(href)
        for key, href in re.findall(
            r'<tr data-key="([^"]+)"><th scope="row"><a href="([^"]+)"', table
        )
    }
    # A row with innovations links to the search narrowed to it; an empty row links nowhere.
    assert set(links) == {key for key, n in counts.items() if n}
    for key, href in links.items():
        assert href == "/cari/?" + query.format(key=key)
        response = client.get(href)
        assert response.status_code == 200


def test_statistics_page_on_an_empty_site(site_tree, client):
    page = get_html(client, "/statistik/")

    _, shapes = map_shapes(page)
    assert len(shapes) == 38
    assert all(s["count"] == 0 and s["link"] is None for s in shapes.values())
    assert 'class="province"' not in page  # nothing to link to
    assert {s["fills"][0] for s in shapes.values()} == {charts.EMPTY_FILL}


def path_points(d):
    """The absolute points of an SVG path made of M, l and z commands, ring by ring."""
    rings = re.findall(r"M([^Mlz]+)l([^Mlz]*)z", d)
    assert "".join(f"M{start}l{rest}z" for start, rest in rings) == d, "unexpected commands"
    points = []
    for start, rest in rings:
        numbers = [float(n) for n in re.findall(r"-?\d+(?:\.\d+)?", f"{start} {rest}")]
        x, y = numbers[0], numbers[1]
        ring = [(x, y)]
        for dx, dy in zip(numbers[2::2], numbers[3::2], strict=True):
            x, y = x + dx, y + dy
            ring.append((x, y))
        points.append(ring)
    return points


def test_province_outlines_lie_in_the_map_in_the_right_places():
    outlines = charts.province_outlines()
    width, height = outlines["width"], outlines["height"]
    centres = {}
    for code, outline in outlines["provinces"].items():
        points = [p for ring in path_points(outline["d"]) for p in ring]
        assert len(points) >= 3, code
        xs, ys = [x for x, _ in points], [y for _, y in points]
        assert min(xs) >= 0 and max(xs) <= width and min(ys) >= 0 and max(ys) <= height, code
        centres[code] = ((min(xs) + max(xs)) / 2, (min(ys) + max(ys)) / 2)
    # West is left, north is up: Aceh is the westernmost, the six Papua provinces are the
    # easternmost, and the provinces split off since 2012 lie where they should.
    by_longitude = sorted(centres, key=lambda c: centres[c][0])
    assert by_longitude[0] == "11"
    assert set(by_longitude[-6:]) == {"91", "92", "93", "94", "95", "96"}
    assert centres["65"][1] < centres["64"][1]  # Kalimantan Utara north of Kalimantan Timur
    assert centres["93"][1] > centres["95"][1] > centres["91"][1]  # Selatan, Pegunungan, Papua
    assert centres["94"][0] < centres["95"][0]  # Papua Tengah west of Papua Pegunungan
    assert centres["96"][0] < centres["92"][0]  # Papua Barat Daya west of Papua Barat
    java = ["36", "31", "32", "33", "35"]
    assert sorted(java, key=lambda c: centres[c][0]) == java
    # The two provinces too small to click have a marker circle, joined to them, in the map.
    for code in ("31", "34"):
        marker = outlines["provinces"][code]["marker"]
        assert 0 < marker["cx"] < width and 0 < marker["cy"] < height
        assert math.dist((marker["x"], marker["y"]), centres[code]) < 5
    assert {c for c, o in outlines["provinces"].items() if "marker" in o} == {"31", "34"}


@pytest.mark.django_db
def test_province_outlines_match_the_reference_provinces():
    assert set(charts.province_outlines()["provinces"]) == set(
        Province.objects.values_list("pk", flat=True)
    )


def test_province_map_skips_unknown_provinces_and_shades_by_count():
    counts = [("11", 0), ("12", 1), ("13", 4), ("14", 7), ("15", 10), ("99", 3)]
    drawn = charts.province_map([Row(code, code, count) for code, count in counts])

    assert [p.code for p in drawn.provinces] == ["11", "12", "13", "14", "15"]  # no "99"
    fills = [p.fill for p in drawn.provinces]
    assert fills[0] == charts.EMPTY_FILL and fills[-1] == charts.MAP_CLASSES[-1]
    luminances = [_luminance(fill) for fill in fills]
    assert luminances == sorted(luminances, reverse=True)  # more innovations, darker
    assert len(set(fills)) == 5
    assert [entry.label for entry in drawn.legend] == ["0", "1–2", "3–4", "5–6", "7–8", "9–10"]
    assert drawn.provinces[0].marker is None
    jakarta = charts.province_map([Row("31", "DKI Jakarta", 2)]).provinces[0]
    assert jakarta.marker is not None and jakarta.fill == charts.MAP_CLASSES[-1]


def _luminance(colour):
    channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(a, b):
    high, low = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def test_map_and_chart_colours_keep_aa_contrast():
    # The map draws no text; its classes must tell apart, lightest for the fewest.
    scale = [charts.EMPTY_FILL, *charts.MAP_CLASSES]
    for lighter, darker in zip(scale, scale[1:], strict=False):
        assert _luminance(lighter) > _luminance(darker), (lighter, darker)
        assert contrast(lighter, darker) >= 1.3, (lighter, darker)
    assert contrast(charts.MAP_CLASSES[-1], "#ffffff") >= 4.5
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
    # No third-party widget: the only scripts are the site's own files.
    assert all(src.startswith("/static/") for src in re.findall(r'<script[^>]*src="([^"]+)"', page))


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
