"""English that is English: taxonomy labels in English on /en/, the About page and the home
introduction translated, a plain notice on a case study written in Indonesian, money in the
reader's language; and figures in prose counted from the data."""

import importlib
import re

import pytest
from django.apps import apps
from django.test import override_settings
from django.utils import translation

from home import content
from home.models import HomePage, StandardPage
from innovations.models import Sector
from tests.factories import JAWA_TIMUR, create_innovation
from tests.html_helpers import element, get_html, text_of

pytestmark = pytest.mark.django_db


def path_of(page):
    """The Indonesian path, whatever language an earlier request left active."""
    with translation.override("id"):
        return page.url


def test_every_taxonomy_label_has_an_english_name(site_tree):
    from innovations.models import MinistryAgency, ServiceChannel, Stage, Status

    for model in (Sector, ServiceChannel, Stage, Status, MinistryAgency):
        missing = list(model.objects.filter(name_en="").values_list("name", flat=True))
        assert not missing, (model.__name__, missing)
    with translation.override("en"):
        assert Sector.objects.get(key="perizinan").label == "Licensing and Investment"
    assert Sector.objects.get(key="perizinan").label == "Perizinan dan Investasi"


def test_english_case_study_page_speaks_english_around_indonesian_content(site_tree, client):
    page = create_innovation(title="SIPANDU Layanan Terpadu", budget_idr=1_200_000_000)
    english = get_html(client, "/en" + path_of(page))

    notice = element(english, 'class="notice notice--language"')
    with translation.override("en"):
        said = translation.gettext("Studi kasus ini tersedia dalam bahasa Indonesia.")
    assert said in text_of(notice)
    assert f'href="{path_of(page)}" hreflang="id"' in notice  # to the Indonesian page
    facts = text_of(element(english, 'class="facts"'))
    for label in ("Licensing and Investment", "Implementation", "Running",
                  "In person / Public Service Mall (MPP)", "IDR 1.2 billion"):  # fmt: skip
        assert label in facts, label
    assert "Perizinan dan Investasi" not in facts and "Berjalan" not in facts
    chips = text_of(element(english, 'class="innovation__chips"'))
    assert "Licensing and Investment" in chips

    indonesian = get_html(client, path_of(page))
    assert "notice--language" not in indonesian
    assert "Rp 1,2 miliar" in text_of(element(indonesian, 'class="facts"'))


def test_no_language_notice_on_an_english_record(site_tree, client):
    page = create_innovation(title="One Stop Licensing", language="en")
    assert "notice--language" not in get_html(client, "/en" + path_of(page))


def test_search_facets_and_cards_use_english_names(site_tree, client):
    create_innovation(title="Perpustakaan Keliling", tags=["perpustakaan"])
    create_innovation(title="Perpustakaan Kampung", sector="pendidikan", **JAWA_TIMUR)
    english = get_html(client, "/en/cari/", q="perpustakaan")
    legends = text_of(element(english, 'id="search-facets"'))
    assert "Licensing and Investment" in legends and "Education" in legends
    assert "Perizinan dan Investasi" not in english
    cards = re.findall(r'<article class="card innovation-card">.*?</article>', english, re.S)
    assert any("Education" in text_of(card) for card in cards)


def test_home_intro_and_about_page_in_english(site_tree, client):
    home = get_html(client, "/en/")
    assert "The Public Service Innovation Network" in text_of(element(home, 'class="lead"'))
    assert "menghimpun" not in home
    about = get_html(client, "/en/tentang/")
    assert "<h1>About JIPP</h1>" in about
    assert "JIPP is a network of knowledge hubs" in about
    assert "<title>About JIPP · " in about
    indonesian = get_html(client, "/tentang/")
    assert "<h1>Tentang JIPP</h1>" in indonesian and "jaringan simpul" in indonesian


def test_hub_index_title_and_intro_in_english(site_tree, client):
    english = get_html(client, "/en/simpul/")
    assert "<h1>JIPP hubs</h1>" in english and "<title>JIPP hubs · " in english
    assert "ministries, agencies and regions" in text_of(element(english, 'class="lead"'))
    indonesian = get_html(client, "/simpul/")
    assert "<h1>Simpul JIPP</h1>" in indonesian and "menerbitkan inovasi" in indonesian


def test_figures_in_prose_come_from_the_data(site_tree, client):
    create_innovation(title="Satu")
    create_innovation(title="Dua", **JAWA_TIMUR)
    about = get_html(client, "/tentang/")
    home = get_html(client, "/")
    hubs = re.search(r'data-count="hubs">(\d+)<', about).group(1)
    innovations = re.search(r'data-count="innovations">(\d+)<', about).group(1)
    assert hubs == re.search(r'<dd data-count="hubs">(\d+)</dd>', home).group(1) == "2"
    assert innovations == re.search(r'<dd data-count="innovations">(\d+)</dd>', home).group(1)
    assert "36 simpul" not in about and "54" not in text_of(element(about, 'class="prose"'))


def test_migration_replaces_the_stale_about_text_and_adds_english(site_tree):
    about = StandardPage.objects.get(slug="tentang")
    StandardPage.objects.filter(pk=about.pk).update(
        body=content.OLD_ABOUT_BODY, body_en="", title_en=""
    )
    HomePage.objects.update(intro_en="")
    edited = StandardPage.objects.get(pk=about.pk)
    migration = importlib.import_module("home.migrations.0002_english_texts")
    migration.english_texts(apps, None)

    about = StandardPage.objects.get(pk=about.pk)
    assert about.body == content.ABOUT_BODY and about.body_en == content.ABOUT_BODY_EN
    assert about.title_en == "About JIPP"
    assert about.get_latest_revision().content["body"] == content.ABOUT_BODY
    assert HomePage.objects.get().intro_en == content.HOME_INTRO_EN
    # An editor's own text is left alone.
    StandardPage.objects.filter(pk=edited.pk).update(body="<p>Teks editor.</p>", body_en="")
    migration.english_texts(apps, None)
    assert StandardPage.objects.get(pk=edited.pk).body == "<p>Teks editor.</p>"
    assert StandardPage.objects.get(pk=edited.pk).body_en == ""


@override_settings(SITE_OWNER="Kementerian PANRB", SITE_CONTACT_EMAIL="jipp@menpan.go.id")
def test_footer_names_the_owner_and_a_contact_from_settings(site_tree, client):
    for path in ("/", "/en/", "/cari/", "/tentang/"):
        footer = element(get_html(client, path), 'class="site-footer"')
        assert "Kementerian PANRB" in footer
        assert 'href="mailto:jipp@menpan.go.id"' in footer


def test_titles_follow_one_pattern_and_one_search_box(site_tree, client):
    page = create_innovation(title="SIPANDU Layanan Terpadu")
    home = get_html(client, "/")
    assert re.search(r"<title>JIPP Knowledge Hub</title>", home)  # not the name twice
    assert "<title>SIPANDU Layanan Terpadu · JIPP Knowledge Hub</title>" in get_html(
        client, path_of(page)
    )
    # Pages with a bigger search box have no second one in the header.
    assert 'class="site-search"' not in home
    assert 'class="site-search"' not in get_html(client, "/cari/")
    assert 'class="site-search"' in get_html(client, path_of(page))
