"""The public, server-rendered pages, checked for what a reader would see."""

import io
import re
from decimal import Decimal

import pytest
from django.core.files.base import ContentFile
from django.core.files.images import ImageFile
from django.test import RequestFactory
from django.utils import translation
from django.views.defaults import server_error
from PIL import Image as PILImage
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import PageViewRestriction

from innovations.models import (
    SDG,
    HubIndexPage,
    InnovationDocument,
    InnovationMetric,
    Sector,
    ServiceChannel,
    Stage,
    Status,
)
from innovations.models.sections import SECTIONS
from innovations.templatetags.innovation_tags import number, rupiah
from tests.factories import JAWA_TIMUR, create_innovation, hub_named
from tests.html_helpers import element, get_html, text_of

# --- helpers --------------------------------------------------------------------------------


def key_facts(page_html):
    """The key-facts list as {term: description text}."""
    facts = element(page_html, 'id="fakta"')
    pairs = re.findall(r"<dt>(.*?)</dt>\s*<dd>(.*?)</dd>", facts, flags=re.S)
    return {text_of(term): text_of(desc) for term, desc in pairs}


def hub_cards(page_html):
    """Hub index cards as {hub title: the card's text}."""
    cards = re.findall(r'<article class="card hub-card">.*?</article>', page_html, flags=re.S)
    result = {}
    for card in cards:
        title = text_of(re.search(r"<h3[^>]*>(.*?)</h3>", card, flags=re.S).group(1))
        result[title] = text_of(card)
    return result


def home_count(page_html, name):
    match = re.search(rf'<dd data-count="{name}">(\d+)</dd>', page_html)
    assert match, f"no {name} count on the home page"
    return int(match.group(1))


def make_private(page):
    PageViewRestriction.objects.create(
        page=page, restriction_type=PageViewRestriction.PASSWORD, password="rahasia"
    )


def png_bytes(size=(1600, 900), colour=(11, 79, 138)):
    buffer = io.BytesIO()
    PILImage.new("RGB", size, colour).save(buffer, format="PNG")
    return buffer.getvalue()


def make_image(title="Foto loket", description=""):
    return get_image_model().objects.create(
        title=title,
        description=description,
        file=ImageFile(io.BytesIO(png_bytes()), name="loket.png"),
    )


# --- home page ------------------------------------------------------------------------------


def test_home_shows_counts_and_newest_live_innovations(site_tree, client):
    titles = [f"Inovasi Terbit Nomor {n}" for n in range(1, 8)]
    for title in titles:
        create_innovation(title=title)
    create_innovation(title="Rancangan Belum Terbit", publish=False)
    create_innovation(**JAWA_TIMUR, title="Inovasi Surabaya Terbaru")

    page = get_html(client, "/")

    assert home_count(page, "innovations") == 8
    assert home_count(page, "hubs") == 2
    assert home_count(page, "provinces") == 2
    newest = text_of(element(page, 'class="newest"'))
    # Six newest, most recent first; the oldest of eight live ones drops off.
    assert "Inovasi Surabaya Terbaru" in newest
    for title in titles[2:]:
        assert title in newest
    assert titles[0] not in newest
    assert newest.index("Inovasi Surabaya Terbaru") < newest.index(titles[-1])
    assert "Rancangan Belum Terbit" not in page
    # The cards link to the innovations.
    assert 'href="/simpul/provinsi-jawa-timur/' in page


def test_home_does_not_count_private_pages(site_tree, client):
    create_innovation(title="Inovasi Terbuka")
    secret = create_innovation(title="Inovasi Berkata Sandi")
    make_private(secret)
    surabaya = create_innovation(**JAWA_TIMUR, title="Inovasi di Simpul Tertutup")
    make_private(surabaya.get_parent())

    page = get_html(client, "/")

    assert home_count(page, "innovations") == 1
    assert home_count(page, "hubs") == 1
    assert home_count(page, "provinces") == 1
    assert "Inovasi Terbuka" in page
    assert "Inovasi Berkata Sandi" not in page
    assert "Inovasi di Simpul Tertutup" not in page


def test_base_layout_is_indonesian_and_navigable(site_tree, client):
    page = get_html(client, "/")

    assert '<html lang="id">' in page
    assert 'href="#main"' in page and '<main id="main"' in page
    nav = text_of(element(page, 'class="site-nav"'))
    assert nav.split() == ["Beranda", "Simpul", "Statistik", "Pilihan", "Tentang"]
    assert 'href="/simpul/"' in page and 'href="/tentang/"' in page
    form = element(page, 'role="search"')
    assert 'action="/cari/"' in form and 'method="get"' in form and 'name="q"' in form
    assert "/static/css/site.css" in page
    # One script, the shortlist's, as a file of the site's own (the page works without it).
    assert re.findall(r"<script[^>]*>", page) == ['<script src="/static/js/shortlist.js" defer>']


# --- hub index and hub pages ----------------------------------------------------------------


def test_hub_index_counts_only_live_public_innovations(site_tree, client):
    create_innovation(title="Jabar Satu")
    create_innovation(title="Jabar Dua")
    create_innovation(title="Jabar Draf", publish=False)
    make_private(create_innovation(title="Jabar Rahasia"))
    create_innovation(**JAWA_TIMUR, title="Jatim Satu")
    hidden = create_innovation(hub="JIPP Provinsi Bali", province_code="51",
                               regency="Kota Denpasar", level="kota",
                               institution="Pemerintah Kota Denpasar")  # fmt: skip
    make_private(hidden.get_parent())

    page = get_html(client, HubIndexPage.objects.get().url)
    cards = hub_cards(page)

    assert set(cards) == {"JIPP Provinsi Jawa Barat", "JIPP Provinsi Jawa Timur"}
    assert "2 inovasi" in cards["JIPP Provinsi Jawa Barat"]
    assert "1 inovasi" in cards["JIPP Provinsi Jawa Timur"]
    assert "Jawa Barat" in cards["JIPP Provinsi Jawa Barat"]
    assert f'href="{hub_named("JIPP Provinsi Jawa Barat").url}"' in page
    # Grouped by kind, each group with its count; kinds without public hubs do not show.
    group = element(page, 'id="simpul-provinsi"')
    assert 'data-hub-count="2"' in group and "Jawa Timur" in group
    assert 'id="simpul-kementerian"' not in page


def test_hub_page_lists_live_public_innovations_only(site_tree, client):
    live = create_innovation(title="Layanan Terbit Jabar")
    create_innovation(title="Layanan Draf Jabar", publish=False)
    make_private(create_innovation(title="Layanan Rahasia Jabar"))
    create_innovation(**JAWA_TIMUR, title="Layanan Surabaya")
    hub = hub_named("JIPP Provinsi Jawa Barat")
    hub.description = "<p>Simpul pengetahuan Jawa Barat.</p>"
    hub.contact_name = "Sekretariat Simpul"
    hub.contact_email = "simpul@jabarprov.go.id"
    hub.save_revision().publish()

    page = get_html(client, hub.url)

    listed = text_of(element(page, 'class="hub__innovations"'))
    assert "Layanan Terbit Jabar" in listed
    assert f'href="{live.url}"' in page
    assert "Layanan Draf Jabar" not in page
    assert "Layanan Rahasia Jabar" not in page
    assert "Layanan Surabaya" not in page
    assert "Simpul pengetahuan Jawa Barat." in page
    assert 'href="mailto:simpul@jabarprov.go.id"' in page
    assert "Sekretariat Simpul" in page
    # Breadcrumbs lead back through the hub index.
    crumbs = text_of(element(page, 'class="breadcrumbs'))
    assert crumbs.split(" ")[:2] == ["Beranda", "Simpul"]


# --- innovation page ------------------------------------------------------------------------


def test_innovation_page_shows_every_section(site_tree, client):
    texts = {key: f"Teks bagian {key} yang khas." for key in SECTIONS}
    page_obj = create_innovation(sections=texts)

    page = get_html(client, page_obj.url)

    for key, spec in SECTIONS.items():
        section = element(page, f'id="{key}"')
        assert section.startswith("<section")
        assert re.search(rf"<h2[^>]*>{re.escape(str(spec.label))}</h2>", section)
        assert texts[key] in text_of(section)
    toc = text_of(element(page, 'class="toc"'))
    for spec in SECTIONS.values():
        assert str(spec.label) in toc
    assert '<a href="#latar_belakang">' in page


def test_innovation_page_key_facts_awards_and_tags(site_tree, client):
    page_obj = create_innovation(title="SIPANDU Layanan Terpadu")

    page = get_html(client, page_obj.url)
    facts = key_facts(page)

    assert facts["Instansi pelaksana"] == "Dinas Penanaman Modal dan PTSP Kabupaten Sumedang"
    assert facts["Tingkat"] == "Kabupaten"
    assert facts["Provinsi"] == "Jawa Barat"
    assert facts["Kabupaten/kota"] == "Kabupaten Sumedang"
    assert facts["Sektor utama"] == Sector.objects.get(key="perizinan").name
    assert facts["Sektor lain"] == Sector.objects.get(key="umkm").name
    for key in ("tatap-muka", "elektronik"):
        assert ServiceChannel.objects.get(key=key).name in facts["Kanal layanan"]
    assert "mandiri" not in facts["Kanal layanan"].lower()
    assert SDG.objects.get(number=8).name_id in facts["TPB/SDGs"]
    assert SDG.objects.get(number=16).name_id in facts["TPB/SDGs"]
    assert facts["Tahun diluncurkan"] == "2021"
    assert facts["Tahapan"] == Stage.objects.get(key="penerapan").name
    assert facts["Status"] == f"Aktif ({Status.objects.get(key='berjalan').name})"
    assert facts["Anggaran tahunan"] == "Rp 250 juta"
    assert "Kementerian/lembaga" not in facts
    assert "SIPANDU" in text_of(element(page, 'class="acronym"'))
    assert "Pelayanan perizinan terpadu satu pintu" in page
    assert "Top 45 KIPP 2023" in text_of(element(page, 'class="awards"'))
    tags = text_of(element(page, 'class="tags"'))
    assert "perizinan" in tags and "satu pintu" in tags


def test_innovation_page_without_budget_omits_it(site_tree, client):
    page_obj = create_innovation(budget_idr=None, awards=[], tags=[])

    page = get_html(client, page_obj.url)

    assert "Anggaran tahunan" not in key_facts(page)
    assert 'class="awards"' not in page
    assert 'class="tags"' not in page


def test_innovation_page_metrics(site_tree, client):
    page_obj = create_innovation(
        metrics=[
            {"label": "Lama layanan", "before": 14, "after": 3, "unit": "hari"},
            {"label": "Desa terlayani", "before": None, "after": 1250, "unit": "desa"},
            {"label": "Indeks kepuasan", "before": 3.1, "after": 3.75, "unit": ""},
        ]
    )

    page = get_html(client, page_obj.url)
    section = element(page, 'id="metrik"')
    # Before/after cards: {label: {"Sebelum": ..., "Sesudah": ..., "change": ...}}.
    cards = {}
    for card in re.findall(r'<li class="metric-card[^"]*">(.*?)</li>', section, re.S):
        label = text_of(re.search(r"<h3[^>]*>(.*?)</h3>", card, re.S).group(1))
        values = {
            text_of(term): text_of(value)
            for term, value in re.findall(r"<dt>(.*?)</dt>\s*<dd>(.*?)</dd>", card, re.S)
        }
        change = re.search(r'<p class="metric-card__change">(.*?)</p>', card, re.S)
        values["change"] = text_of(change.group(1)) if change else None
        cards[label] = values

    assert list(cards) == ["Lama layanan", "Desa terlayani", "Indeks kepuasan"]
    assert cards["Lama layanan"]["Sebelum"] == "14 hari"
    assert cards["Lama layanan"]["Sesudah"] == "3 hari"
    assert cards["Lama layanan"]["change"] == "↓ turun 79% 14 → menjadi 3 hari"
    assert cards["Desa terlayani"]["Sebelum"] == "— tidak tercatat"
    assert cards["Desa terlayani"]["Sesudah"] == "1.250 desa"
    assert cards["Desa terlayani"]["change"] is None  # no change without a "before"
    assert cards["Indeks kepuasan"]["Sebelum"] == "3,1"
    assert cards["Indeks kepuasan"]["Sesudah"] == "3,75"
    assert cards["Indeks kepuasan"]["change"] == "↑ naik 21% 3,1 → menjadi 3,75"
    assert "None" not in section


def test_innovation_page_without_metrics_has_no_metric_table(site_tree, client):
    page_obj = create_innovation()
    InnovationMetric.objects.filter(page=page_obj).delete()

    page = get_html(client, page_obj.url)

    assert 'id="metrik"' not in page
    assert 'href="#metrik"' not in page


def test_demo_notice_only_on_demo_records(site_tree, client):
    demo = create_innovation(demo=True, title="Inovasi Peraga")
    real = create_innovation(title="Inovasi Sungguhan")

    demo_page = get_html(client, demo.url)
    real_page = get_html(client, real.url)

    notice = element(demo_page, 'class="notice notice--demo"')
    assert "Konten demonstrasi" in text_of(notice)
    assert "notice--demo" not in real_page
    # (the demo record's card under "similar innovations" is labelled, as everywhere)
    assert "Konten demonstrasi" not in real_page[: real_page.index('id="serupa"')]
    # Demo records are labelled on the lists too.
    hub_page = get_html(client, demo.get_parent().url)
    cards = re.findall(r'<article class="card innovation-card">.*?</article>', hub_page, re.S)
    labelled = {text_of(re.search(r"<h3.*?</h3>", c, re.S).group(0)): "Konten demonstrasi" in c
                for c in cards}  # fmt: skip
    assert labelled == {"Inovasi Peraga": True, "Inovasi Sungguhan": False}


def test_english_record_is_marked_as_english(site_tree, client):
    page_obj = create_innovation(
        language="en",
        title="One Stop Licensing",
        tagline="Every permit at one counter.",
        sections={"ringkasan": "An English summary of the case."},
    )

    page = get_html(client, page_obj.url)

    assert '<html lang="id">' in page
    summary = element(page, 'id="ringkasan"')
    prose = element(summary, 'class="prose"')
    assert 'lang="en"' in prose.split(">", 1)[0]
    assert "An English summary of the case." in prose
    assert re.search(r'<h1 lang="en">One Stop Licensing</h1>', page)
    # Interface headings stay Indonesian.
    assert "<h2" in summary and "Ringkasan" in summary

    indonesian = get_html(client, create_innovation().url)
    # The language switcher and hreflang links name English; the case study must not.
    # (the English record's own card under "similar innovations" is, rightly)
    own = element(indonesian, 'class="innovation"')
    assert 'lang="en"' not in own[: own.index('id="serupa"')]
    assert 'class="prose" lang="id"' in indonesian


def test_content_is_html_escaped(site_tree, client):
    page_obj = create_innovation(
        title="Layanan <script>alert(1)</script> Cepat",
        tagline='Tagline "berkutip" & <b>tebal</b>',
        sections={"dampak": "Naik <img src=x onerror=alert(2)> drastis"},
        awards=["<i>Top 99</i> KIPP"],
        tags=["<u>tag</u>"],
    )

    page = get_html(client, page_obj.url)

    # The only inline script is the schema.org JSON-LD, with "<" escaped inside it; the
    # others are the site's own files.
    scripts = re.findall(r"<script[^>]*>", page)
    assert [s for s in scripts if "src=" not in s] == ['<script type="application/ld+json">']
    assert all(re.fullmatch(r'<script src="/static/js/\w+\.js" defer>', s) for s in scripts
               if "src=" in s), scripts  # fmt: skip
    assert "<script>alert" not in page
    assert "<img src=x" not in page
    assert "<b>tebal</b>" not in page
    assert "<i>Top 99</i>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "&lt;img src=x onerror=alert(2)&gt;" in page
    assert "&lt;i&gt;Top 99&lt;/i&gt;" in page
    assert "&lt;u&gt;tag&lt;/u&gt;" in page
    assert 'content="Tagline &quot;berkutip&quot; &amp; &lt;b&gt;tebal&lt;/b&gt;"' in page
    # The lists that show the card are escaped too.
    for listing in (get_html(client, "/"), get_html(client, page_obj.get_parent().url)):
        assert "<script>" not in listing
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in listing
        assert "<b>tebal</b>" not in listing


def test_replication_lineage_both_ways(site_tree, client):
    original = create_innovation(title="Inovasi Asli Sumedang")
    replica = create_innovation(
        **JAWA_TIMUR, title="Replika di Surabaya", replicated_from=original.slug
    )
    create_innovation(title="Replika Masih Draf", replicated_from=original.slug, publish=False)
    secret = create_innovation(title="Replika Berkata Sandi", replicated_from=original.slug)
    make_private(secret)

    original_page = get_html(client, original.url)
    replica_page = get_html(client, replica.url)

    lineage = element(original_page, 'id="silsilah-replikasi"')
    assert "Direplikasi oleh 1 inovasi:" in text_of(lineage)
    assert f'href="{replica.url}"' in lineage
    assert "Replika di Surabaya" in lineage
    assert "Kota Surabaya" in text_of(lineage)
    assert "Replika Masih Draf" not in original_page
    assert "Replika Berkata Sandi" not in original_page
    assert "Mereplikasi:" not in original_page

    back = element(replica_page, 'class="lineage__original"')
    assert text_of(back).startswith("Mereplikasi: Inovasi Asli Sumedang")
    assert f'href="{original.url}"' in back
    assert "Direplikasi oleh" not in replica_page


def test_no_lineage_link_to_an_unpublished_original(site_tree, client):
    original = create_innovation(title="Asli yang Ditarik")
    replica = create_innovation(title="Replika Mandiri", replicated_from=original.slug)
    original.unpublish()

    page = get_html(client, replica.url)

    assert "Mereplikasi" not in page
    assert "Asli yang Ditarik" not in page
    assert 'id="silsilah-replikasi"' not in page


def test_no_lineage_links_to_pages_under_an_unpublished_hub(site_tree, client):
    """Lineage links follow InnovationPage.objects.visible(), like search and the sitemap:
    a withdrawn hub hides its innovations from other hubs' pages too (before, they were
    listed, since they are live and public on their own)."""
    original = create_innovation(title="Asli di Jawa Barat")
    replica = create_innovation(
        **JAWA_TIMUR, title="Replika di Hub Ditarik", replicated_from=original.slug
    )
    hidden_original = create_innovation(**JAWA_TIMUR, title="Asli di Hub Ditarik")
    replica_of_hidden = create_innovation(
        title="Replika dari Hub Ditarik", replicated_from=hidden_original.slug
    )
    hub_named("JIPP Provinsi Jawa Timur").unpublish()

    original_page = get_html(client, original.url)
    assert "Replika di Hub Ditarik" not in original_page
    assert 'id="silsilah-replikasi"' not in original_page
    assert client.get(replica.url).status_code in (200, 404)  # its own URL: issue 17

    page = get_html(client, replica_of_hidden.url)
    assert "Mereplikasi" not in page
    assert "Asli di Hub Ditarik" not in page


def test_hero_image_has_alt_text(site_tree, client):
    page_obj = create_innovation()
    page_obj.hero_image = make_image(description="Petugas melayani warga di loket terpadu")
    page_obj.save_revision().publish()

    page = get_html(client, page_obj.url)

    figure = element(page, 'class="hero-image"')
    img = re.search(r"<img[^>]*>", figure).group(0)
    assert 'alt="Petugas melayani warga di loket terpadu"' in img
    assert re.search(r'src="[^"]+\.webp"', img)
    assert 'width="1200"' in img and 'height="600"' in img


def test_hero_image_without_description_is_decorative(site_tree, client):
    page_obj = create_innovation()
    page_obj.hero_image = make_image(title="IMG_2041.png")
    page_obj.save_revision().publish()

    page = get_html(client, page_obj.url)

    img = re.search(r"<img[^>]*>", element(page, 'class="hero-image"')).group(0)
    assert 'alt=""' in img
    assert "IMG_2041" not in img


def test_no_hero_image_no_figure(site_tree, client):
    page = get_html(client, create_innovation().url)
    assert 'class="hero-image"' not in page


def test_replication_kit_documents(site_tree, client):
    page_obj = create_innovation()
    document = get_document_model().objects.create(
        title="Panduan teknis", file=ContentFile(b"%PDF-1.4 contoh" * 100, name="panduan.pdf")
    )
    document.file_size = document.file.size
    document.save()
    InnovationDocument.objects.create(page=page_obj, document=document, title="Panduan replikasi")

    page = get_html(client, page_obj.url)

    kit = element(page, 'id="kit-replikasi"')
    assert f'href="{document.url}"' in kit
    assert "Panduan replikasi" in kit
    assert "PDF" in text_of(kit)
    assert "1,5 KB" in text_of(kit)


# --- errors ---------------------------------------------------------------------------------


def test_unknown_url_renders_friendly_404(site_tree, client):
    response = client.get("/halaman-yang-tidak-ada/")

    assert response.status_code == 404
    assert "404.html" in [t.name for t in response.templates]
    body = response.content.decode()
    assert "Halaman tidak ditemukan" in body
    assert 'href="/"' in body and '<main id="main"' in body


def test_draft_innovation_url_is_404(site_tree, client):
    draft = create_innovation(title="Draf Tersembunyi", publish=False)

    response = client.get(draft.url)

    assert response.status_code == 404
    assert "Draf Tersembunyi" not in response.content.decode()


def test_private_innovation_asks_for_password(site_tree, client):
    secret = create_innovation(title="Isi Rahasia Sekali")
    make_private(secret)

    response = client.get(secret.url)

    assert "Isi Rahasia Sekali" not in response.content.decode()


def test_500_page_needs_no_database_or_context(db, django_assert_num_queries):
    request = RequestFactory().get("/")
    with django_assert_num_queries(0):
        response = server_error(request)
    assert response.status_code == 500
    body = response.content.decode()
    assert "Terjadi kesalahan di server" in body
    assert '<html lang="id">' in body


# --- formatting helpers ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (250000000, "Rp 250 juta"),
        (1_200_000_000, "Rp 1,2 miliar"),
        (3 * 10**12, "Rp 3 triliun"),
        (999_999, "Rp 999.999"),
        (0, "Rp 0"),
        (Decimal("1500.40"), "Rp 1.500"),
        (None, ""),
    ],
)
def test_rupiah(value, expected):
    # Formats follow the active language: say which (an earlier test may have left another).
    with translation.override("id"):
        assert rupiah(value) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [(1_200_000_000, "IDR 1.2 billion"), (250_000_000, "IDR 250 million"),
     (Decimal("1500.40"), "IDR 1,500")],
)  # fmt: skip
def test_rupiah_in_english(value, expected):
    with translation.override("en"):
        assert rupiah(value) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (Decimal("14.00"), "14"),
        (Decimal("2.50"), "2,5"),
        (Decimal("1250000"), "1.250.000"),
        (Decimal("1E+2"), "100"),
        (None, ""),
    ],
)
def test_number(value, expected):
    with translation.override("id"):
        assert number(value) == expected
