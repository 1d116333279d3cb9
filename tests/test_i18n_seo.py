"""Two languages and being found: Indonesian at /, English under /en/, the language
switcher, the translation catalogue, sitemap.xml, robots.txt, canonical URLs, Open Graph,
schema.org JSON-LD and the Atom feeds."""

import ast
import gettext
import html
import io
import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.images import ImageFile
from django.http import QueryDict
from django.template import Context, Template
from django.test import RequestFactory
from django.utils import translation
from PIL import Image as PILImage
from wagtail.images import get_image_model
from wagtail.models import PageViewRestriction

from innovations.models import Level
from jipp_site.i18n import localize_path, path_in_language
from search.presentation import FACET_TITLES
from search.query import InvalidParameter, SearchRequest
from tests.factories import JAWA_TIMUR, create_innovation, hub_named
from tests.html_helpers import element, get_html, text_of

LOCALE_DIR = Path(settings.BASE_DIR) / "locale" / "en" / "LC_MESSAGES"
ATOM = "{http://www.w3.org/2005/Atom}"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
XHTML = "{http://www.w3.org/1999/xhtml}"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


# --- helpers --------------------------------------------------------------------------------


def meta(page_html, prop):
    """Every content of <meta property=prop> (or name=prop), unescaped."""
    found = re.findall(
        rf'<meta (?:property|name)="{re.escape(prop)}" content="([^"]*)">', page_html
    )
    return [html.unescape(value) for value in found]


def head_links(page_html, rel):
    """[(attributes dict)] of the <link rel=rel> elements in <head>."""
    head = page_html.split("</head>", 1)[0]
    links = []
    for tag in re.findall(r"<link [^>]*>", head):
        attributes = {k: html.unescape(v) for k, v in re.findall(r'([\w:-]+)="([^"]*)"', tag)}
        if attributes.get("rel") == rel:
            links.append(attributes)
    return links


def switcher(page_html):
    """{language code: (href, is current, lang attribute)} of the language switcher."""
    nav = element(page_html, 'class="language-switcher"')
    result = {}
    for tag, _name in re.findall(r"(<a [^>]*>)(.*?)</a>", nav, re.S):
        code = re.search(r'hreflang="([^"]+)"', tag).group(1)
        result[code] = (
            html.unescape(re.search(r'href="([^"]*)"', tag).group(1)),
            'aria-current="true"' in tag,
            re.search(r' lang="([^"]+)"', tag).group(1),
        )
    return result


def atom_links(page_html):
    links = head_links(page_html, "alternate")
    return [link["href"] for link in links if link.get("type") == "application/atom+xml"]


def jsonld(page_html):
    blocks = re.findall(
        r'<script type="application/ld\+json">(.*?)</script>', page_html, flags=re.S
    )
    assert len(blocks) == 1, blocks
    return json.loads(blocks[0])


def make_private(page):
    PageViewRestriction.objects.create(
        page=page, restriction_type=PageViewRestriction.PASSWORD, password="rahasia"
    )


def make_image(description="Petugas melayani warga di loket"):
    buffer = io.BytesIO()
    PILImage.new("RGB", (1600, 900), (11, 79, 138)).save(buffer, format="PNG")
    return get_image_model().objects.create(
        title="Foto loket",
        description=description,
        file=ImageFile(io.BytesIO(buffer.getvalue()), name="loket.png"),
    )


def atom(response):
    assert response.status_code == 200, response.content[:300]
    assert response["Content-Type"].startswith("application/atom+xml")
    root = ET.fromstring(response.content)
    assert root.tag == f"{ATOM}feed"
    # What RFC 4287 requires of a feed and of each entry.
    for name in ("id", "title", "updated"):
        assert root.find(f"{ATOM}{name}") is not None, name
    assert root.find(f"{ATOM}author/{ATOM}name") is not None
    for entry in root.findall(f"{ATOM}entry"):
        for name in ("id", "title", "updated"):
            assert entry.find(f"{ATOM}{name}").text, name
        assert entry.find(f"{ATOM}link[@rel='alternate']") is not None
    return root


def entries(root):
    """[(title, link href, xml:lang)] of a feed's entries, in order."""
    return [
        (
            entry.find(f"{ATOM}title").text,
            entry.find(f"{ATOM}link[@rel='alternate']").get("href"),
            entry.get(XML_LANG),
        )
        for entry in root.findall(f"{ATOM}entry")
    ]


def read_po(path):
    """[(msgctxt, msgid, msgid_plural, [msgstr...], flags)] of a .po file: a small parser."""
    messages = []
    for block in path.read_text(encoding="utf-8").split("\n\n"):
        fields, current, flags = {}, None, set()
        for line in block.strip().splitlines():
            if line.startswith("#,"):
                flags.update(flag.strip() for flag in line[2:].split(","))
            elif line.startswith("#"):
                continue
            elif m := re.match(r'^(msgctxt|msgid_plural|msgid|msgstr(?:\[\d+\])?) "(.*)"$', line):
                current = m.group(1)
                fields[current] = m.group(2)
            elif line.startswith('"') and current:
                fields[current] += line[1:-1]
        if "msgid" not in fields:
            continue
        strs = [v for k, v in sorted(fields.items()) if k.startswith("msgstr")]
        messages.append(
            (fields.get("msgctxt"), fields["msgid"], fields.get("msgid_plural"), strs, flags)
        )
    return messages


def unescape_po(text):
    """A .po string's C escapes (\\" \\n \\\\) resolved."""
    return ast.literal_eval(f'"{text}"')


# --- Indonesian at /, English under /en/ ----------------------------------------------------


def test_indonesian_at_the_root_english_under_en(site_tree, client):
    create_innovation(title="Layanan Perizinan Terpadu")

    indonesian = get_html(client, "/")
    english = get_html(client, "/en/")

    assert '<html lang="id">' in indonesian
    assert '<html lang="en">' in english
    assert text_of(element(indonesian, 'class="site-nav"')).split() == [
        "Beranda",
        "Simpul",
        "Statistik",
        "Pilihan",
        "Tentang",
    ]
    with translation.override("en"):
        shortlist = translation.gettext("Pilihan")  # the shortlist, new in the catalogue
    assert text_of(element(english, 'class="site-nav"')).split() == [
        "Home",
        "Hubs",
        "Statistics",
        *shortlist.split(),
        "About",
    ]
    assert 'href="/en/simpul/"' in english and 'href="/en/tentang/"' in english
    assert 'href="/en/statistik/"' in english
    # (the home page's own search box is its only one; the header's shows elsewhere)
    form = element(get_html(client, "/en/statistik/"), 'class="site-search"')
    assert 'action="/en/cari/"' in form
    assert ">Search</button>" in form and 'placeholder="Search innovations…"' in form
    assert "Skip to main content" in english
    # The case study's own words are not translated, and are marked as Indonesian.
    card = element(english, 'class="card innovation-card"')
    assert re.search(r'<h3 class="card__title" lang="id"><a href="/en/simpul/[^"]+">'
                     r"Layanan Perizinan Terpadu</a>", card)  # fmt: skip
    assert 'lang="id">Pelayanan perizinan terpadu satu pintu' in card
    # An English request to the root still gets Indonesian: the URL decides, not the browser.
    assert '<html lang="id">' in client.get("/", HTTP_ACCEPT_LANGUAGE="en").content.decode()


def test_english_innovation_page_translates_the_interface_not_the_case_study(site_tree, client):
    page = create_innovation(
        title="SIPANDU Layanan Terpadu",
        sections={"ringkasan": "Ringkasan inovasi perizinan yang khas."},
    )
    english_url = "/en" + page.url

    english = get_html(client, english_url)

    assert '<html lang="en">' in english
    assert re.search(r'<h1 lang="id">SIPANDU Layanan Terpadu</h1>', english)
    summary = element(english, 'id="ringkasan"')
    assert re.search(r"<h2[^>]*>Summary</h2>", summary)
    prose = element(summary, 'class="prose"')
    assert 'lang="id"' in prose.split(">", 1)[0]
    assert "Ringkasan inovasi perizinan yang khas." in prose
    facts = text_of(element(english, 'id="fakta"'))
    for label in ("Key facts", "Implementing institution", "Main sector", "Year launched"):
        assert label in facts
    assert "Regency" in facts  # the level, a translated choice
    assert "Decent Work and Economic Growth" in facts  # SDG names switch language
    assert "IDR 250 million" in facts  # English number formatting
    crumbs = element(english, 'class="breadcrumbs')
    assert 'href="/en/"' in crumbs and 'href="/en/simpul/"' in crumbs and ">Home<" in crumbs
    # The same page at / is all Indonesian.
    indonesian = get_html(client, page.url)
    assert re.search(r"<h2[^>]*>Ringkasan</h2>", element(indonesian, 'id="ringkasan"'))
    assert "Fakta kunci" in indonesian and "Key facts" not in indonesian


def test_wagtail_page_urls_follow_the_active_language(site_tree, rf):
    page = create_innovation()
    path = page.url
    template = Template(
        "{% load wagtailcore_tags seo_tags %}{% pageurl p %}|{{ p.url }}|{{ stored|localize }}"
    )
    context = Context({"p": page, "request": rf.get("/"), "stored": "/simpul/x/"})

    assert path.startswith("/simpul/")
    assert template.render(context) == f"{path}|{path}|/simpul/x/"
    with translation.override("en"):
        assert template.render(context) == f"/en{path}|/en{path}|/en/simpul/x/"
        assert page.get_full_url() == f"http://testserver/en{path}"
    assert localize_path("/en/simpul/x/", "en") == "/en/simpul/x/"
    assert localize_path("https://example.org/x/", "en") == "https://example.org/x/"
    assert localize_path("/simpul/x/", "id") == "/simpul/x/"


def test_english_search_page_speaks_english_and_links_to_english_pages(site_tree, client):
    page = create_innovation(title="Perpustakaan Keliling Desa", year_launched=2019)
    create_innovation(**JAWA_TIMUR, title="Perpustakaan Kampung Surabaya")

    english = get_html(client, "/en/cari/?q=perpustakaan&province=32")

    assert '<html lang="en">' in english
    assert "<h1>Search innovations</h1>" in english
    assert "1 innovation found for “perpustakaan”" in text_of(
        element(english, 'aria-live="polite"')
    )
    legends = re.findall(r"<legend>([^<]+?)\s*(?:<|$)", english)
    for heading in ("Province", "Sector", "Level of government", "Year launched"):
        assert heading in legends, legends
    assert "Regency" in text_of(element(english, 'class="facet facet--level"'))
    assert "Province: Jawa Barat" in text_of(element(english, 'class="chips"'))
    result = element(english, 'class="search-result"')
    assert f'href="/en{page.url}"' in result
    assert '<h3 class="card__title" lang="id">' in result and "Perpustakaan Keliling Desa" in result
    assert re.search(r'<p class="card__snippet" lang="id">', result)
    assert "Since 2019" in text_of(result)
    # Every link the page builds stays in English.
    for href in re.findall(r'<a class="chip" href="([^"]*)"', english):
        assert href.startswith("/en/cari/")
    assert 'action="/en/cari/"' in element(english, 'id="search-form"')
    # The alias works under /en/ too, and a bad parameter is explained in English.
    assert "Perpustakaan Keliling Desa" in get_html(client, "/en/search/?q=perpustakaan")
    error = get_html(client, "/en/cari/?q=perpustakaan&page=abc", status=400)
    assert "page must be a whole number from 1 to 1000." in error
    assert "This search address cannot be used" in error


def test_language_switcher_links_to_the_same_page_in_the_other_language(site_tree, client):
    page = create_innovation()

    indonesian = switcher(get_html(client, page.url))
    english = switcher(get_html(client, "/en" + page.url))
    search = switcher(get_html(client, "/en/cari/?q=perizinan&province=32"))

    assert indonesian == {
        "id": (page.url, True, "id"),
        "en": ("/en" + page.url, False, "en"),
    }
    assert english == {
        "id": (page.url, False, "id"),
        "en": ("/en" + page.url, True, "en"),
    }
    assert search["id"] == ("/cari/?q=perizinan&province=32", False, "id")
    assert switcher(get_html(client, "/en/"))["id"] == ("/", False, "id")
    assert switcher(get_html(client, "/"))["en"] == ("/en/", False, "en")
    # Plain links, no script or form.
    page_html = get_html(client, page.url)
    nav = element(page_html, 'class="language-switcher"')
    assert "<form" not in nav and "<script" not in nav
    assert 'aria-label="Bahasa"' in nav


def test_switcher_addresses_for_unusual_paths():
    assert path_in_language("/cari/?q=a&province=32", "en") == "/en/cari/?q=a&province=32"
    assert path_in_language("/x.html", "en") == "/en/x.html"  # no route: a 404 page
    assert path_in_language("/admin/pages/", "en") == "/admin/pages/"  # not a public route
    with translation.override("en"):
        assert path_in_language("/en/x.html", "id") == "/x.html"
        assert path_in_language("/en/", "id") == "/"
        assert path_in_language("/en/search/?q=a", "id") == "/search/?q=a"


def test_hreflang_alternates_name_both_languages_and_x_default(site_tree, client):
    page = create_innovation()
    base = "http://testserver"

    for url in (page.url, "/en" + page.url):
        links = head_links(get_html(client, url), "alternate")
        alternates = {link["hreflang"]: link["href"] for link in links if "hreflang" in link}
        assert alternates == {
            "id": base + page.url,
            "en": base + "/en" + page.url,
            "x-default": base + page.url,
        }


def test_not_found_under_en_is_english_and_not_canonical(site_tree, client):
    page_html = get_html(client, "/en/halaman-yang-tidak-ada/", status=404)

    assert "Page not found" in page_html
    assert 'href="/en/"' in page_html
    assert head_links(page_html, "canonical") == []
    assert '<meta name="robots" content="noindex">' in page_html


# --- the translation catalogue --------------------------------------------------------------


def test_every_message_has_an_english_translation():
    po = LOCALE_DIR / "django.po"
    messages = read_po(po)

    assert len(messages) > 200
    header = messages[0]
    assert header[1] == "" and "Language: en" in header[3][0]
    untranslated = [m[1] for m in messages[1:] if not all(s.strip() for s in m[3])]
    fuzzy = [m[1] for m in messages[1:] if "fuzzy" in m[4]]
    assert untranslated == []
    assert fuzzy == []
    assert "fuzzy" not in header[4]
    for _ctx, msgid, plural, strs, _flags in messages[1:]:
        assert len(strs) == (2 if plural else 1), msgid
        # Placeholders survive translation.
        for text in strs:
            assert sorted(re.findall(r"%\(\w+\)s", text)) == sorted(
                re.findall(r"%\(\w+\)s", msgid)
            ), msgid


def test_compiled_catalogue_matches_the_po_file():
    """django.mo is committed (the site runs without gettext); it must not be stale."""
    with open(LOCALE_DIR / "django.mo", "rb") as handle:
        catalogue = gettext.GNUTranslations(handle)

    for ctx, msgid, plural, strs, _flags in read_po(LOCALE_DIR / "django.po")[1:]:
        source, expected = unescape_po(msgid), unescape_po(strs[0])
        if plural:
            assert catalogue.ngettext(source, unescape_po(plural), 1) == expected, msgid
        elif ctx:
            assert catalogue.pgettext(unescape_po(ctx), source) == expected, msgid
        else:
            assert catalogue.gettext(source) == expected, msgid


def test_python_messages_are_translated():
    bad = QueryDict("year_from=2022&year_to=2020")
    with translation.override("en"), pytest.raises(InvalidParameter) as raised:
        SearchRequest.from_querydict(bad)
    assert raised.value.message == "year_from must not be greater than year_to."
    with translation.override("id"), pytest.raises(InvalidParameter) as raised:
        SearchRequest.from_querydict(bad)
    assert raised.value.message == "year_from tidak boleh lebih besar dari year_to."
    with translation.override("en"):
        assert str(Level.KABUPATEN.label) == "Regency"
        assert str(FACET_TITLES["level"]) == "Level of government"
    with translation.override("id"):
        assert str(Level.KABUPATEN.label) == "Kabupaten"


# --- sitemap.xml and robots.txt -------------------------------------------------------------


def test_sitemap_lists_live_public_pages_in_both_languages(site_tree, client):
    live = create_innovation(title="Inovasi Terbit")
    draft = create_innovation(title="Inovasi Draf", publish=False)
    secret = create_innovation(title="Inovasi Rahasia")
    make_private(secret)
    hidden = create_innovation(**JAWA_TIMUR, title="Inovasi di Simpul Ditarik")
    hub_named("JIPP Provinsi Jawa Timur").unpublish()

    response = client.get("/sitemap.xml")

    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/xml")
    root = ET.fromstring(response.content)
    urls = {
        url.find(f"{SITEMAP}loc").text: {
            link.get("hreflang"): link.get("href") for link in url.findall(f"{XHTML}link")
        }
        for url in root.findall(f"{SITEMAP}url")
    }
    base = "http://testserver"
    expected_alternates = {
        "id": base + live.url,
        "en": base + "/en" + live.url,
        "x-default": base + live.url,
    }
    assert urls[base + live.url] == expected_alternates
    assert urls[base + "/en" + live.url] == expected_alternates
    for page in (draft, secret, hidden):
        assert not any(page.slug in loc for loc in urls), page.title
    assert not any("provinsi-jawa-timur" in loc for loc in urls)
    for path in ("/", "/en/", "/simpul/", "/tentang/", "/simpul/provinsi-jawa-barat/", "/cari/",
                 "/en/cari/"):  # fmt: skip
        assert base + path in urls, path
    lastmods = [url.find(f"{SITEMAP}lastmod") for url in root.findall(f"{SITEMAP}url")]
    assert any(lastmod is not None for lastmod in lastmods)


def test_robots_txt(site_tree, client):
    response = client.get("/robots.txt")

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    lines = response.content.decode().splitlines()
    assert lines[0] == "User-agent: *"
    for rule in ("Disallow: /admin/", "Disallow: /django-admin/", "Disallow: /cari/?*province=",
                 "Disallow: /en/cari/?*sector=", "Disallow: /cari/?*page="):  # fmt: skip
        assert rule in lines, rule
    assert "Sitemap: http://testserver/sitemap.xml" in lines
    # The plain search and every page stay open.
    assert "Disallow: /" not in lines and "Disallow: /cari/" not in lines
    assert not any(line.startswith("Disallow: /cari/?*q=") for line in lines)


# --- canonical, Open Graph, JSON-LD ---------------------------------------------------------


def test_innovation_page_has_canonical_opengraph_and_jsonld(site_tree, client):
    page = create_innovation(
        title="SIPANDU Layanan Terpadu",
        tagline="Semua izin di satu loket.",
        awards=["Top 45 KIPP 2023", "Top 99 KIPP 2022"],
    )
    page.hero_image = make_image()
    page.save_revision().publish()
    page.refresh_from_db()
    full_url = "http://testserver" + page.url

    page_html = get_html(client, page.url)

    assert [link["href"] for link in head_links(page_html, "canonical")] == [full_url]
    assert meta(page_html, "og:title") == ["SIPANDU Layanan Terpadu"]
    assert meta(page_html, "og:description") == ["Semua izin di satu loket."]
    assert meta(page_html, "og:type") == ["article"]
    assert meta(page_html, "og:url") == [full_url]
    assert meta(page_html, "og:locale") == ["id_ID"]
    assert meta(page_html, "og:locale:alternate") == ["en_US"]
    assert meta(page_html, "og:site_name") == ["JIPP Knowledge Hub"]
    [image] = meta(page_html, "og:image")
    # The drawn preview picture (innovations.share_image), preferred to the hero photo.
    assert re.fullmatch(r"http://testserver/bagikan/\d+-\w+\.png", image), image
    assert meta(page_html, "og:image:width") == ["1200"]
    assert meta(page_html, "og:image:height") == ["630"]
    [alt] = meta(page_html, "og:image:alt")
    assert alt.startswith(page.title)
    assert meta(page_html, "twitter:card") == ["summary_large_image"]

    data = jsonld(page_html)
    assert data["@context"] == "https://schema.org"
    assert data["@type"] == "Article"
    assert data["name"] == data["headline"] == "SIPANDU Layanan Terpadu"
    assert data["description"] == "Semua izin di satu loket."
    assert data["inLanguage"] == "id"
    assert data["url"] == data["@id"] == full_url
    assert data["datePublished"].startswith(str(page.first_published_at.year))
    assert data["dateModified"]
    assert data["publisher"] == {
        "@type": "GovernmentOrganization",
        "name": "JIPP Provinsi Jawa Barat",
        "url": "http://testserver" + hub_named("JIPP Provinsi Jawa Barat").url,
    }
    assert data["author"]["name"] == "Dinas Penanaman Modal dan PTSP Kabupaten Sumedang"
    assert data["about"][0] == {"@type": "Thing", "name": page.sector.name}
    assert data["spatialCoverage"]["name"] == "Kabupaten Sumedang"
    assert data["spatialCoverage"]["containedInPlace"]["name"] == "Jawa Barat"
    assert data["award"] == ["Top 45 KIPP 2023", "Top 99 KIPP 2022"]
    assert data["image"] == image

    # In English: the English URL is canonical, the case study's language is unchanged.
    english = get_html(client, "/en" + page.url)
    english_url = "http://testserver/en" + page.url
    assert [link["href"] for link in head_links(english, "canonical")] == [english_url]
    assert meta(english, "og:locale") == ["en_US"]
    assert meta(english, "og:url") == [english_url]
    assert jsonld(english)["url"] == english_url
    assert jsonld(english)["inLanguage"] == "id"


def test_jsonld_cannot_be_broken_out_of(site_tree, client):
    title = "Layanan </script><script>alert(1)</script> & <!-- Cepat"
    page = create_innovation(title=title, tagline="Tagline </SCRIPT> \u2028 akhir", language="en")

    page_html = get_html(client, page.url)

    assert "<script>alert" not in page_html
    scripts = re.findall(r"<script[^>]*>", page_html)
    assert page_html.count("</script>") == len(scripts)  # none closed early
    assert [t for t in scripts if "src=" not in t] == ['<script type="application/ld+json">']
    data = jsonld(page_html)
    assert data["name"] == title
    assert data["description"] == "Tagline </SCRIPT> \u2028 akhir"
    assert data["inLanguage"] == "en"
    assert meta(page_html, "og:title") == [title]


def test_other_pages_have_canonical_and_website_opengraph(site_tree, client):
    create_innovation()
    for url, canonical in (
        ("/", "http://testserver/"),
        ("/en/simpul/", "http://testserver/en/simpul/"),
        ("/tentang/", "http://testserver/tentang/"),
        ("/simpul/provinsi-jawa-barat/", "http://testserver/simpul/provinsi-jawa-barat/"),
    ):
        page_html = get_html(client, url)
        assert [link["href"] for link in head_links(page_html, "canonical")] == [canonical], url
        assert meta(page_html, "og:type") == ["website"], url
        assert meta(page_html, "og:url") == [canonical], url
        assert "application/ld+json" not in page_html, url
    # The search page keeps its own canonical (the alias points to /cari/), just once.
    search = get_html(client, "/en/search/?q=perizinan&province=32")
    assert [link["href"] for link in head_links(search, "canonical")] == [
        "http://testserver/en/cari/?q=perizinan&province=32"
    ]


# --- Atom feeds -----------------------------------------------------------------------------


def test_newest_feed_lists_live_public_innovations_newest_first(site_tree, client):
    first = create_innovation(title="Inovasi Pertama")
    second = create_innovation(**JAWA_TIMUR, title="Inovasi Kedua", language="en")
    create_innovation(title="Inovasi Draf", publish=False)
    make_private(create_innovation(title="Inovasi Rahasia"))

    root = atom(client.get("/feeds/terbaru/"))

    assert root.get(XML_LANG) == "id"
    assert root.find(f"{ATOM}title").text == "JIPP Knowledge Hub: inovasi terbaru"
    assert entries(root) == [
        ("Inovasi Kedua", "http://testserver" + second.url, "en"),
        ("Inovasi Pertama", "http://testserver" + first.url, "id"),
    ]
    self_link = root.find(f"{ATOM}link[@rel='self']").get("href")
    assert self_link == "http://testserver/feeds/terbaru/"
    entry = root.find(f"{ATOM}entry")
    assert entry.find(f"{ATOM}author/{ATOM}name").text == "Pemerintah Kota Surabaya"
    assert entry.find(f"{ATOM}published") is not None

    english = atom(client.get("/en/feeds/terbaru/"))
    assert english.get(XML_LANG) == "en"
    assert english.find(f"{ATOM}title").text == "JIPP Knowledge Hub: newest innovations"
    assert [href for _t, href, _l in entries(english)] == [
        "http://testserver/en" + second.url,
        "http://testserver/en" + first.url,
    ]


def test_newest_feed_holds_twenty(site_tree, client, monkeypatch):
    from seo import feeds

    monkeypatch.setattr(feeds, "NEWEST_COUNT", 2)
    for n in range(3):
        create_innovation(title=f"Inovasi Nomor {n}")

    root = atom(client.get("/feeds/terbaru/"))

    assert [title for title, _h, _l in entries(root)] == ["Inovasi Nomor 2", "Inovasi Nomor 1"]
    assert feeds.SEARCH_FEED_SIZE == 20


def test_search_feed_follows_the_search_page_parameters(site_tree, client):
    keliling = create_innovation(title="Perpustakaan Keliling Desa", year_launched=2019)
    sekolah = create_innovation(title="Perpustakaan Sekolah Digital", year_launched=2022)
    surabaya = create_innovation(**JAWA_TIMUR, title="Perpustakaan Kampung Surabaya")
    create_innovation(title="Perpustakaan Rancangan Rahasia", publish=False)
    make_private(create_innovation(title="Perpustakaan Tertutup Khusus"))

    everything = atom(client.get("/feeds/cari/?q=perpustakaan"))
    # The most recently published first, by default.
    assert [title for title, _h, _l in entries(everything)] == [
        "Perpustakaan Kampung Surabaya",
        "Perpustakaan Sekolah Digital",
        "Perpustakaan Keliling Desa",
    ]
    # An order the URL asks for is kept: the search's "newest" is by year launched.
    by_launch = atom(client.get("/feeds/cari/?q=perpustakaan&sort=newest&page_size=2"))
    assert [title for title, _h, _l in entries(by_launch)] == [
        "Perpustakaan Sekolah Digital",
        "Perpustakaan Kampung Surabaya",
    ]
    assert "“perpustakaan”" in everything.find(f"{ATOM}title").text

    filtered = atom(client.get("/feeds/cari/?q=perpustakaan&province=32&utm_source=wa"))
    assert {href for _t, href, _l in entries(filtered)} == {
        "http://testserver" + keliling.url,
        "http://testserver" + sekolah.url,
    }
    assert "Jawa Barat" in filtered.find(f"{ATOM}title").text
    assert filtered.find(f"{ATOM}link[@rel='alternate']").get("href") == (
        "http://testserver/cari/?q=perpustakaan&province=32"
    )
    assert filtered.find(f"{ATOM}link[@rel='self']").get("href") == (
        "http://testserver/feeds/cari/?q=perpustakaan&province=32&utm_source=wa"
    )
    by_year = atom(client.get("/feeds/cari/?year_from=2020"))
    assert {title for title, _h, _l in entries(by_year)} == {
        "Perpustakaan Sekolah Digital",
        "Perpustakaan Kampung Surabaya",
    }
    english = atom(client.get("/en/feeds/cari/?province=35"))
    assert entries(english) == [
        ("Perpustakaan Kampung Surabaya", "http://testserver/en" + surabaya.url, "id")
    ]
    assert "Province: Jawa Timur" in english.find(f"{ATOM}title").text


def test_search_feed_shows_a_new_case_study_of_an_old_innovation_first(site_tree, client):
    """Following a search means seeing what was just published, whenever it was launched."""
    for year in range(2015, 2024):
        create_innovation(title=f"Layanan Perizinan {year}", year_launched=year)
    late = create_innovation(title="Layanan Perizinan Lama Baru Terbit", year_launched=2005)

    titles = [title for title, _h, _l in entries(atom(client.get("/feeds/cari/?q=perizinan")))]

    assert titles[0] == late.title
    assert titles[1:4] == [
        "Layanan Perizinan 2023",
        "Layanan Perizinan 2022",
        "Layanan Perizinan 2021",
    ]


@pytest.mark.parametrize(
    "query",
    [
        "page=abc",
        "sort=acak",
        "province=jabar",
        "year_from=2022&year_to=2020",
        "q=a&q=b",
        "page_size=500",
        "sdg=99",
    ],  # fmt: skip
)
def test_search_feed_bad_parameters_are_400(site_tree, client, query):
    response = client.get(f"/feeds/cari/?{query}")

    assert response.status_code == 400
    assert response["Content-Type"].startswith("text/plain")


def test_feeds_are_linked_from_the_home_and_search_pages(site_tree, client):
    create_innovation(title="Perpustakaan Keliling Desa")

    home = get_html(client, "/")
    assert atom_links(home) == ["/feeds/terbaru/"]
    english_home = get_html(client, "/en/")
    assert "/en/feeds/terbaru/" in [link["href"] for link in head_links(english_home, "alternate")]

    search = get_html(client, "/cari/?q=perpustakaan&province=32&page=2&page_size=5&fbclid=x")
    assert atom_links(search) == ["/feeds/terbaru/", "/feeds/cari/?q=perpustakaan&province=32"]
    visible = re.search(r'<a href="([^"]*)"[^>]*>Ikuti pencarian ini \(Atom\)</a>', search)
    assert visible and html.unescape(visible.group(1)) == "/feeds/cari/?q=perpustakaan&province=32"
    # The link leads to a working feed of the same search.
    assert entries(atom(client.get(html.unescape(visible.group(1)))))[0][0] == (
        "Perpustakaan Keliling Desa"
    )
    english = get_html(client, "/en/cari/?q=perpustakaan")
    assert "Follow this search (Atom)" in english
    assert 'href="/en/feeds/cari/?q=perpustakaan"' in english


def test_similar_innovations_link_to_the_english_pages(site_tree):
    page = create_innovation(title="Perpustakaan Keliling Desa")
    other = create_innovation(title="Perpustakaan Keliling Kota")
    template = Template(
        "{% load search_tags %}{% similar_innovations page as similar %}"
        "{% for s in similar %}{{ s.url }}{% endfor %}"
    )
    request = RequestFactory().get("/en" + page.url)
    with translation.override("en"):
        rendered = template.render(Context({"page": page, "request": request}))
    assert rendered == "/en" + other.url
