"""The public search page /cari/, checked for what a reader sees and follows."""

import html
import re
from urllib.parse import parse_qs, urlsplit

import pytest
from django.template import Context, Template
from django.test import RequestFactory
from wagtail.models import PageViewRestriction

from search import views
from search.service import EngineUnavailable
from tests.factories import JAWA_TIMUR, create_innovation
from tests.html_helpers import element, get_html, text_of

# --- helpers --------------------------------------------------------------------------------


def result_links(page_html):
    """[(title, href)] of the results, in order."""
    found = re.findall(
        r'<h3 class="card__title" lang="\w+"><a href="([^"]*)">(.*?)</a></h3>', page_html, re.S
    )
    return [(text_of(title), html.unescape(href)) for href, title in found]


def result_titles(page_html):
    return [title for title, _ in result_links(page_html)]


def total(page_html):
    summary = element(page_html, 'aria-live="polite"')
    return int(re.search(r"\d+", text_of(summary)).group())


def checkboxes(page_html, name):
    """{label: (count, checked, value)} of one facet's checkboxes."""
    result = {}
    inputs = re.findall(
        rf'<input type="checkbox" form="search-form" id="([^"]+)" name="{name}" '
        rf'value="([^"]*)"( checked)?>',
        page_html,
    )
    for dom_id, value, checked in inputs:
        label = re.search(rf'<label for="{dom_id}">(.*?)</label>', page_html, re.S).group(1)
        count = int(re.search(r'class="facet__count">\((\d+)\)', label).group(1))
        name_text = text_of(re.sub(r'<span class="facet__count">.*?</span>', "", label))
        result[name_text] = (count, bool(checked), html.unescape(value))
    return result


def chips(page_html):
    """{visible chip text: query dict of its link}."""
    block = element(page_html, 'class="chips"')
    found = re.findall(r'<a class="chip" href="([^"]*)">(.*?)</a>', block, re.S)
    return {
        text_of(re.sub(r'<span class="visually-hidden">.*?</span>', "", body)).rstrip(" ×"): href
        for href, body in found
    }


def query_of(href):
    parts = urlsplit(html.unescape(href))
    return parts.path, parse_qs(parts.query)


def robots(page_html):
    match = re.search(r'<meta name="robots" content="([^"]*)">', page_html)
    return match.group(1) if match else None


def make_private(page):
    PageViewRestriction.objects.create(
        page=page, restriction_type=PageViewRestriction.PASSWORD, password="rahasia"
    )


@pytest.fixture
def library(site_tree):
    """Three innovations in Jawa Barat and one in Jawa Timur."""
    return {
        "keliling": create_innovation(
            title="Perpustakaan Keliling Desa",
            tagline="Mobil buku yang singgah di desa-desa terpencil setiap pekan.",
            year_launched=2019,
        ),
        "sekolah": create_innovation(
            title="Perpustakaan Sekolah Digital",
            tagline="Buku elektronik untuk sekolah dasar di pelosok.",
            year_launched=2022,
        ),
        "izin": create_innovation(title="SIPANDU Layanan Terpadu", year_launched=2023),
        "surabaya": create_innovation(
            **JAWA_TIMUR,
            title="Perpustakaan Kampung Surabaya",
            tagline="Taman baca di balai RW untuk anak-anak kampung.",
            year_launched=2020,
        ),
    }


# --- searching ------------------------------------------------------------------------------


def test_query_shows_results_with_total_snippet_and_facts(library, client):
    page_html = get_html(client, "/cari/", q="perpustakaan")

    links = dict(result_links(page_html))
    assert set(links) == {
        "Perpustakaan Keliling Desa",
        "Perpustakaan Sekolah Digital",
        "Perpustakaan Kampung Surabaya",
    }
    assert links["Perpustakaan Keliling Desa"] == library["keliling"].url
    assert total(page_html) == 3
    assert "3 inovasi ditemukan untuk “perpustakaan”" in text_of(
        element(page_html, 'aria-live="polite"')
    )
    first = element(page_html, 'class="search-result"')
    assert "<mark>" in first  # the highlighted snippet is rendered as HTML
    cards = re.findall(r'<article class="card innovation-card">.*?</article>', page_html, re.S)
    meta = text_of(next(c for c in cards if "Perpustakaan Kampung Surabaya" in c))
    assert "Jawa Timur" in meta and "Perizinan" in meta and "Sejak 2020" in meta
    assert re.search(r'<input id="search-q" type="search" name="q" value="perpustakaan"', page_html)


def test_empty_query_browses_everything_with_facets(library, client):
    page_html = get_html(client, "/cari/")

    assert total(page_html) == 4
    assert len(result_titles(page_html)) == 4
    assert checkboxes(page_html, "province") == {
        "Jawa Barat": (3, False, "32"),
        "Jawa Timur": (1, False, "35"),
    }
    for facet in ("sector", "channel", "level", "stage", "status", "sdg", "year", "hub", "tag"):
        assert checkboxes(page_html, facet), f"no {facet} checkboxes"
    assert checkboxes(page_html, "year")["2019"] == (1, False, "2019")
    # Regencies are grouped under their province; long lists fold into <details>.
    regency = element(page_html, 'class="facet facet--regency"')
    assert "<details" in regency
    jatim = re.search(
        r'<fieldset class="facet__group">\s*<legend>Jawa Timur</legend>(.*?)</fieldset>',
        regency,
        re.S,
    ).group(1)
    assert "Kota Surabaya" in jatim and "Sumedang" not in jatim
    for name in ("year_from", "year_to"):
        assert f'name="{name}"' in page_html
    assert robots(page_html) is None  # the browse page may be indexed


def test_two_provinces_stay_checked_and_both_show(library, client):
    page_html = get_html(client, "/cari/?q=perpustakaan&province=32&province=35")

    assert total(page_html) == 3
    assert {"Perpustakaan Keliling Desa", "Perpustakaan Kampung Surabaya"} <= set(
        result_titles(page_html)
    )
    provinces = checkboxes(page_html, "province")
    assert provinces["Jawa Barat"] == (2, True, "32")
    assert provinces["Jawa Timur"] == (1, True, "35")

    # One province: the other still shows its count (disjunctive facets).
    one = get_html(client, "/cari/?q=perpustakaan&province=35")
    assert result_titles(one) == ["Perpustakaan Kampung Surabaya"]
    assert checkboxes(one, "province") == {
        "Jawa Barat": (2, False, "32"),
        "Jawa Timur": (1, True, "35"),
    }


def test_selected_value_without_matches_stays_checked_with_zero(library, client):
    page_html = get_html(client, "/cari/?q=surabaya&province=32&province=35")

    assert checkboxes(page_html, "province")["Jawa Barat"] == (0, True, "32")
    assert checkboxes(page_html, "province")["Jawa Timur"] == (1, True, "35")


def test_each_chip_removes_one_filter_and_clear_all_keeps_words(library, client):
    page_html = get_html(
        client, "/cari/?q=perpustakaan&province=32&province=35&sector=perizinan&year_from=2020"
    )

    found = chips(page_html)
    assert set(found) == {
        "Provinsi: Jawa Barat",
        "Provinsi: Jawa Timur",
        "Sektor: Perizinan dan Investasi",
        "Tahun sejak: 2020",
    }
    path, query = query_of(found["Provinsi: Jawa Barat"])
    assert path == "/cari/"
    assert query == {
        "q": ["perpustakaan"],
        "province": ["35"],
        "sector": ["perizinan"],
        "year_from": ["2020"],
    }
    assert query_of(found["Sektor: Perizinan dan Investasi"])[1] == {
        "q": ["perpustakaan"],
        "province": ["32", "35"],
        "year_from": ["2020"],
    }
    assert "year_from" not in query_of(found["Tahun sejak: 2020"])[1]

    clear = re.search(r'<a class="clear-all" href="([^"]*)"', page_html).group(1)
    assert query_of(clear) == ("/cari/", {"q": ["perpustakaan"]})
    # Following a chip link gives the search without that filter.
    follow = get_html(client, html.unescape(found["Provinsi: Jawa Barat"]))
    assert checkboxes(follow, "province")["Jawa Barat"][1] is False
    assert checkboxes(follow, "province")["Jawa Timur"][1] is True


def test_year_range_filters_and_shows_in_the_inputs(library, client):
    page_html = get_html(client, "/cari/?year_from=2020&year_to=2022")

    assert set(result_titles(page_html)) == {
        "Perpustakaan Sekolah Digital",
        "Perpustakaan Kampung Surabaya",
    }
    assert re.search(r'id="year_from"[^>]*value="2020"', page_html)
    assert re.search(r'id="year_to"[^>]*value="2022"', page_html)


def test_noindex_on_filtered_sorted_and_later_pages_only(library, client):
    assert robots(get_html(client, "/cari/?q=perpustakaan")) is None
    assert robots(get_html(client, "/cari/")) is None
    for url in (
        "/cari/?q=perpustakaan&province=32",
        "/cari/?province=32",
        "/cari/?q=perpustakaan&sort=newest",
        "/cari/?q=perpustakaan&page=2",
        "/cari/?year_from=2020",
    ):
        assert robots(get_html(client, url)) == "noindex, follow", url


def test_sorting_links_keep_filters_and_mark_the_current_order(library, client):
    page_html = get_html(client, "/cari/?q=perpustakaan&province=32&sort=newest")

    sort = element(page_html, 'class="search-sort"')
    links = {
        text_of(label): html.unescape(href)
        for href, label in re.findall(r'<a href="([^"]*)"[^>]*>(.*?)</a>', sort)
    }
    assert query_of(links["Relevansi"])[1] == {"q": ["perpustakaan"], "province": ["32"]}
    assert query_of(links["Paling banyak direplikasi"])[1]["sort"] == ["replicated"]
    assert re.search(r'aria-current="true"[^>]*>Terbaru<', sort)
    # Newest first: the 2022 innovation before the 2019 one.
    assert result_titles(page_html) == [
        "Perpustakaan Sekolah Digital",
        "Perpustakaan Keliling Desa",
    ]
    # The form keeps the chosen order when the words or filters change.
    assert '<input type="hidden" name="sort" value="newest">' in page_html


def test_pagination_links_keep_every_other_parameter(library, client):
    page_html = get_html(client, "/cari/?province=32&page_size=1&sort=newest")

    assert total(page_html) == 3
    assert result_titles(page_html) == ["SIPANDU Layanan Terpadu"]
    nav = element(page_html, 'class="pagination"')
    hrefs = [html.unescape(h) for h in re.findall(r'href="([^"]*)"', nav)]
    pages = {query_of(h)[1].get("page", ["1"])[0]: h for h in hrefs}
    assert set(pages) == {"1", "2", "3"}
    for href in hrefs:
        query = query_of(href)[1]
        assert query["province"] == ["32"] and query["page_size"] == ["1"]
        assert query["sort"] == ["newest"]
    assert re.search(r'aria-current="page"><span class="visually-hidden">Halaman </span>1<', nav)

    second = get_html(client, pages["2"])
    assert result_titles(second) == ["Perpustakaan Sekolah Digital"]
    assert 'rel="prev"' in second and 'rel="next"' in second
    assert '<ol class="search-results__list" start="2">' in second


def test_page_past_the_end_offers_the_last_page(library, client):
    page_html = get_html(client, "/cari/?q=perpustakaan&page=5")

    notice = text_of(element(page_html, 'class="notice"'))
    assert "di luar jumlah hasil" in notice
    assert "?q=perpustakaan" in page_html


# --- help when nothing is found -------------------------------------------------------------


def test_typo_is_corrected_and_said_so(library, client):
    page_html = get_html(client, "/cari/", q="perpustkaan keliling")

    assert result_titles(page_html) == ["Perpustakaan Keliling Desa"]
    correction = text_of(element(page_html, 'class="search-correction"'))
    assert "Menampilkan hasil untuk perpustakaan keliling" in correction
    assert "perpustkaan keliling" in correction


def test_no_results_help_lists_filter_removals_and_the_suggestion(library, client):
    page_html = get_html(client, "/cari/?q=perpustkaan+keliling&province=35&year=2019")

    assert total(page_html) == 0
    assert result_titles(page_html) == []
    help_box = element(page_html, 'class="no-results"')
    links = {
        text_of(label): html.unescape(href)
        for href, label in re.findall(r'<a href="([^"]*)">(.*?)</a>', help_box)
    }
    assert query_of(links["Tanpa Provinsi: Jawa Timur"])[1] == {
        "q": ["perpustkaan keliling"],
        "year": ["2019"],
    }
    assert query_of(links["Tanpa Tahun diluncurkan: 2019"])[1] == {
        "q": ["perpustkaan keliling"],
        "province": ["35"],
    }
    assert query_of(links["Hapus semua filter"])[1] == {"q": ["perpustkaan keliling"]}
    assert "Mungkin maksud Anda" in text_of(help_box)
    assert query_of(links["perpustakaan keliling"])[1]["q"] == ["perpustakaan keliling"]


def test_suggestion_without_correction_and_engine_notice_are_shown(library, client, monkeypatch):
    real = views.run_search

    def with_extras(search_request):
        response = real(search_request)
        response.suggestion = "perpustakaan desa"
        response.notice = "Mesin pencari utama sedang tidak tersedia."
        return response

    monkeypatch.setattr(views, "run_search", with_extras)
    page_html = get_html(client, "/cari/", q="perpustakaan")

    suggestion = element(page_html, 'class="search-suggestion"')
    assert "Mungkin maksud Anda:" in text_of(suggestion)
    assert query_of(re.search(r'href="([^"]*)"', suggestion).group(1))[1] == {
        "q": ["perpustakaan desa"]
    }
    assert "Mesin pencari utama sedang tidak tersedia." in text_of(
        element(page_html, 'class="notice search-notice"')
    )


def test_engine_down_is_a_503_page_not_a_crash(site_tree, client, monkeypatch):
    def unavailable(search_request):
        raise EngineUnavailable("cluster down")

    monkeypatch.setattr(views, "run_search", unavailable)
    page_html = get_html(client, "/cari/", status=503, q="perpustakaan")

    assert "Pencarian sedang tidak tersedia" in text_of(element(page_html, 'role="alert"'))
    assert robots(page_html) == "noindex, follow"


def test_nothing_at_all_offers_to_browse(library, client):
    page_html = get_html(client, "/cari/", q="zzzqqq")

    assert total(page_html) == 0
    assert 'href="/cari/">Telusuri semua inovasi' in page_html


# --- bad input ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("query", "parameter"),
    [
        ("page=0", "page"),
        ("page=abc", "page"),
        ("page_size=10000", "page_size"),
        ("year_from=abc", "year_from"),
        ("year_from=2023&year_to=2020", "year_from"),
        ("province=XYZ", "province"),
        ("sort=best", "sort"),
        ("q=a&q=b", "q"),
    ],
)
def test_bad_parameters_are_a_friendly_400(site_tree, client, query, parameter):
    page_html = get_html(client, f"/cari/?q=perpustakaan&{query}", status=400)

    error = element(page_html, 'role="alert"')
    assert f"<code>{parameter}</code>" in error
    assert robots(page_html) == "noindex, follow"
    without = re.search(r'<a href="([^"]*)">Cari tanpa parameter', error).group(1)
    assert parameter not in query_of(without)[1]


def test_unknown_parameters_such_as_tracking_tags_are_ignored(site_tree, client):
    page_html = get_html(client, "/cari/?q=perpustakaan&utm_source=wa&fbclid=x1")

    assert total(page_html) >= 0
    assert 'role="alert"' not in page_html


ODD_QUERIES = [
    '"perpustakaan',
    "perpus*",
    "NEAR(perpustakaan desa",
    "perpustakaan AND desa",
    "-",
    "a\x00b\x1f",
    "perpustakaan OR",
    "<script>alert(1)</script>",
    "' OR 1=1 --",
    "(((",
]


@pytest.mark.parametrize("q", ODD_QUERIES)
def test_any_words_are_searched_as_text(library, client, q):
    page_html = get_html(client, "/cari/", q=q)

    assert "<script>alert" not in page_html
    assert total(page_html) >= 0


def test_english_alias_serves_the_same_search_with_canonical_cari(library, client):
    page_html = get_html(client, "/search/?q=perpustakaan&province=35")

    assert result_titles(page_html) == ["Perpustakaan Kampung Surabaya"]
    assert (
        '<link rel="canonical" href="http://testserver/cari/?q=perpustakaan&amp;province=35">'
        in (page_html)
    )


def test_drafts_and_private_pages_never_appear(library, client):
    create_innovation(title="Perpustakaan Rancangan Rahasia", publish=False)
    private = create_innovation(title="Perpustakaan Tertutup Khusus")
    make_private(private)

    for url in ("/cari/?q=perpustakaan", "/cari/", "/cari/?q=rancangan", "/cari/?q=tertutup"):
        page_html = get_html(client, url)
        assert "Rancangan Rahasia" not in page_html, url
        assert "Tertutup Khusus" not in page_html, url
    assert total(get_html(client, "/cari/")) == 4


# --- similar innovations tag ----------------------------------------------------------------


def test_similar_innovations_tag_lists_published_relatives(library, client):
    create_innovation(title="Perpustakaan Keliling Rancangan", publish=False)
    page = library["keliling"]
    request = RequestFactory().get(page.url, HTTP_HOST="testserver")
    template = Template(
        "{% load search_tags %}{% similar_innovations page as similar %}"
        "{% for s in similar %}[{{ s.card.title }}|{{ s.url }}|{{ s.card.place }}|"
        "{{ s.card.tagline }}]"
        "{% endfor %}"
    )
    rendered = template.render(Context({"page": page, "request": request}))
    items = re.findall(r"\[(.*?)\|(.*?)\|(.*?)\|(.*?)\]", rendered)

    titles = [title for title, *_ in items]
    assert "Perpustakaan Keliling Desa" not in titles  # not the page itself
    assert "Perpustakaan Keliling Rancangan" not in titles  # nor a draft
    assert {"Perpustakaan Sekolah Digital", "Perpustakaan Kampung Surabaya"} <= set(titles)
    surabaya = library["surabaya"]
    assert (surabaya.title, surabaya.url, surabaya.place_name, surabaya.tagline) in items


def test_similar_innovations_tag_is_empty_for_pages_not_in_the_index(site_tree):
    draft = create_innovation(title="Perpustakaan Draf", publish=False)
    template = Template(
        "{% load search_tags %}{% similar_innovations page as similar %}{{ similar|length }}"
    )
    assert template.render(Context({"page": draft})) == "0"
    assert template.render(Context({"page": None})) == "0"
