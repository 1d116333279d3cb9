"""The result card: the same summary of a case study on the search page, the home page, its
hub's page and under "similar innovations", with what helps an official decide: where and at
what level, since when, the headline result, awards and replication."""

import re

import pytest

from innovations.models import InnovationPage
from tests.factories import JAWA_TIMUR, create_innovation
from tests.html_helpers import get_html, text_of

pytestmark = pytest.mark.django_db

CARD = r'<article class="card innovation-card">.*?</article>'


def card_for(page_html, title):
    for card in re.findall(CARD, page_html, re.S):
        if f">{title}</a></h3>" in card:
            return card
    raise AssertionError(f"no card for {title!r}")


@pytest.fixture
def lineage(site_tree):
    original = create_innovation(
        title="Rumah Gizi Sumedang",
        awards=["Top 45 KIPP 2023", "Top 99 KIPP 2022"],
        metrics=[
            {"label": "Warga terlayani", "before": None, "after": 500, "unit": "orang"},
            {"label": "Prevalensi stunting", "before": 32.2, "after": 8.27, "unit": "%"},
        ],
        tags=["stunting"],
    )
    replica = create_innovation(
        title="Pos Gizi Surabaya", awards=[], metrics=[], replicated_from=original.slug,
        tags=["stunting"], **JAWA_TIMUR,
    )  # fmt: skip
    return original, replica


def assert_original_card(card):
    text = text_of(card)
    assert "Kabupaten Sumedang, Jawa Barat" in text
    assert "Kabupaten" in text and "Sejak 2021" in text
    # The first metric that moved, not the first one listed (it has no "before").
    assert "Prevalensi stunting : turun 74% (32,2 → menjadi 8,27 % )" in text
    assert "★ Top 45 KIPP 2023 +1 penghargaan" in text
    assert "Direplikasi di 1 daerah" in text  # the replication app's summary, on every card
    assert "Hasil replikasi" not in text


def test_the_same_card_on_search_home_hub_and_similar(lineage, client):
    original, replica = lineage
    search = get_html(client, "/cari/", q="gizi")
    assert_original_card(card_for(search, original.title))
    assert "<mark>" in card_for(search, original.title)  # the search keeps its snippet

    home = get_html(client, "/")
    assert_original_card(card_for(home, original.title))

    hub = get_html(client, original.get_parent().url)
    assert_original_card(card_for(hub, original.title))

    similar = get_html(client, replica.url)
    section = similar[similar.index('id="serupa"') :]
    assert_original_card(card_for(section, original.title))


def test_replica_card_says_it_is_a_replication(lineage, client):
    _original, replica = lineage
    card = card_for(get_html(client, "/cari/", q="gizi"), replica.title)
    text = text_of(card)
    assert "Hasil replikasi" in text and "Kota Surabaya, Jawa Timur" in text
    assert "Kota" in text
    assert "penghargaan" not in text and "turun" not in text  # none to show


def test_card_hides_a_replication_that_is_not_public(lineage, client):
    original, replica = lineage
    InnovationPage.objects.get(pk=replica.pk).unpublish()
    card = card_for(get_html(client, "/"), original.title)
    assert "Direplikasi" not in card


def test_english_card_formats_numbers_in_english(lineage, client):
    original, _replica = lineage
    card = card_for(get_html(client, "/en/cari/", q="gizi"), original.title)
    assert "Prevalensi stunting : down 74% (32.2 → to 8.27 % )" in text_of(card)
    assert "Since 2021" in text_of(card)
