"""Control characters: cleaned where text comes in, harmless wherever it goes out.

An audit published a title with U+000B (Word's line break, pasted into the admin) and every
Atom feed answered 500: XML 1.0 cannot carry it and Django's feed writer refuses it. Here the
worst characters are written straight into the database, past any cleaning (as an old row or
a bug elsewhere would leave them), and every output must still answer 200 with valid XML,
JSON and HTML. Then the admin's forms are shown to clean them on the way in.
"""

import json
import re
from xml.dom import minidom

import pytest
from django.db import connection
from taggit.models import Tag
from wagtail.test.utils.form_data import nested_form_data, rich_text

from innovations.models import HubIndexPage, HubPage, InnovationAward, InnovationPage, Province
from search.indexing import sync_pages
from tests.factories import create_innovation
from tests.test_permissions import PASSWORD, edit_form_data, make_user

# U+0000 cannot be stored in PostgreSQL text at all (the database refuses it on write).
BAD = ["\x0b", "\x1f", "\ufffe"] + (["\x00"] if connection.vendor == "sqlite" else [])
BAD_TEXT = "".join(BAD)
# What HTML, XML and JSON must never carry raw (tab, newline and carriage return are fine).
RAW_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffe\uffff]")


@pytest.fixture
def soiled(site_tree):
    """A published innovation whose title, tagline, sections, award, tag and hub carry
    every bad character, written with update() so that no cleaning runs, then indexed."""
    page = create_innovation(title="Layanan Kotor", awards=["Top 45 KIPP 2023"], tags=["kotor"])
    InnovationPage.objects.filter(pk=page.pk).update(
        title=f"Layanan{BAD_TEXT}Kotor",
        draft_title=f"Layanan{BAD_TEXT}Kotor",
        tagline=f"Tagline{BAD_TEXT}kotor",
        institution=f"Dinas{BAD_TEXT}Kotor",
        summary=f"<p>Ringkasan{BAD_TEXT}kotor</p>",
        impact=f"<p>Dampak{BAD_TEXT}kotor</p>",
    )
    InnovationAward.objects.filter(page=page).update(name=f"Top{BAD_TEXT}45")
    Tag.objects.filter(name="kotor").update(name=f"kotor{BAD_TEXT}")
    hub = HubPage.objects.parent_of(page).get()
    HubPage.objects.filter(pk=hub.pk).update(title=f"{hub.title}{BAD_TEXT}")
    sync_pages([page.pk])
    return InnovationPage.objects.get(pk=page.pk)


def assert_clean(text):
    found = RAW_CONTROL.search(text)
    assert found is None, (
        f"raw {found.group()!r} in …{text[max(0, found.start() - 60) : found.end() + 20]!r}"
    )


def feed_entries(client, url):
    response = client.get(url)
    assert response.status_code == 200, (url, response.content[:300])
    document = minidom.parseString(response.content)  # a parser error is a failure
    assert_clean(response.content.decode())
    return document


@pytest.mark.parametrize(
    "url",
    [
        "/feeds/terbaru/",
        "/en/feeds/terbaru/",
        "/feeds/cari/?q=layanan",
        "/en/feeds/cari/?q=layanan&sort=newest",
        "/feeds/cari/?tag=kotor",  # titled with the tag's label: "Tag: kotor…"
    ],
)
def test_feeds_stay_valid_xml(soiled, client, url):
    document = feed_entries(client, url)
    titles = [t.firstChild.data for t in document.getElementsByTagName("title")]
    assert any(title.startswith("Layanan") and title.endswith("Kotor") for title in titles)


def test_pages_stay_valid_html_and_json_ld(soiled, client):
    for url in (soiled.url, "/en" + soiled.url, HubPage.objects.parent_of(soiled).get().url, "/"):
        response = client.get(url)
        assert response.status_code == 200, url
        html = response.content.decode()
        assert_clean(html)
        for block in re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S):
            json.loads(block)
    assert "Ringkasan" in client.get(soiled.url).content.decode()


def test_search_page_and_api_stay_valid(soiled, client):
    page = client.get("/cari/", {"q": "layanan"})
    assert page.status_code == 200
    assert_clean(page.content.decode())
    assert "Layanan" in page.content.decode()

    api = client.get("/api/v1/search/", {"q": "layanan"})
    assert api.status_code == 200
    data = json.loads(api.content)
    assert data["total"] == 1


# --- cleaned on the way in ------------------------------------------------------------------

# What a paste can bring into a form. NUL is refused by Django's own form fields with a
# message (test_a_nul_in_a_form_is_refused_with_a_message); everything else is cleaned.
TYPED = "\x0b\x1f\x7f\x85\ufffe"


def test_the_admin_edit_form_cleans_every_text_field(client, site_tree):
    page = create_innovation(title="Layanan Bersih")
    login_as_superuser(client)
    data = edit_form_data(
        page,
        publish=True,
        title=f"Layanan{TYPED}Bersih",
        tagline=f"Satu{TYPED}kalimat",
        institution="Dinas\x0bPerizinan",
        summary=rich_text(f"<p>Ringkasan\x0bbaru{TYPED}.</p>"),
        tags=f"bersih{TYPED}, daring",
        **{"awards-0-name": "Top\x0b99"},
    )
    response = client.post(f"/admin/pages/{page.pk}/edit/", data)

    assert response.status_code == 302, response.context and response.context["form"].errors
    saved = InnovationPage.objects.get(pk=page.pk)
    texts = [saved.title, saved.tagline, saved.institution, saved.summary]
    texts += [tag.name for tag in saved.tags.all()] + [a.name for a in saved.awards.all()]
    for text in texts:
        assert_clean(text)
    assert saved.title.split() == ["Layanan", "Bersih"]
    assert "Ringkasan baru" in saved.summary
    assert saved.institution == "Dinas Perizinan"
    assert {tag.name for tag in saved.tags.all()} == {"bersih", "daring"}
    # The revision the admin shows next time holds the cleaned text too.
    assert saved.get_latest_revision_as_object().title == saved.title


def test_hub_and_snippet_forms_clean_text(client, site_tree):
    login_as_superuser(client)
    province = Province.objects.get(code="51")
    response = client.post(
        f"/admin/snippets/innovations/province/edit/{province.pk}/",
        {"code": "51", "name": "Bali\x0b"},
    )
    assert response.status_code == 302
    assert Province.objects.get(pk=province.pk).name == "Bali"

    index = HubIndexPage.objects.get()
    response = client.post(
        f"/admin/pages/add/innovations/hubpage/{index.pk}/",
        nested_form_data(
            {
                "title": "JIPP Provinsi\x0bBali",
                "slug": "provinsi-bali-bersih",
                "kind": "provinsi",
                "province": "51",
                "description": rich_text("<p>Simpul\x1fBali.</p>"),
                "contact_address": "Jl. Renon\x0b1\nDenpasar",
                "action-publish": "action-publish",
            }
        ),
    )
    assert response.status_code == 302, response.context and response.context["form"].errors
    hub = HubPage.objects.get(slug="provinsi-bali-bersih")
    assert hub.title == "JIPP Provinsi Bali"
    assert_clean(hub.description)
    assert hub.contact_address == "Jl. Renon 1\nDenpasar"  # line breaks stay in a text area


def login_as_superuser(client):
    user = make_user("admin_kendali", superuser=True)
    assert client.login(username=user.username, password=PASSWORD)
    return user


def test_a_nul_in_a_form_is_refused_with_a_message(client, site_tree):
    page = create_innovation(title="Layanan Nol")
    login_as_superuser(client)
    response = client.post(
        f"/admin/pages/{page.pk}/edit/", edit_form_data(page, title="Layanan\x00Nol")
    )

    assert response.status_code == 200
    assert response.context["form"].errors["title"] == ["Karakter null tidak diizinkan."]
    assert InnovationPage.objects.get(pk=page.pk).draft_title == "Layanan Nol"


def test_the_quick_scan_finds_exactly_what_the_pattern_finds():
    """jipp_site.middleware.has_control_bytes, the scan every HTML response gets, against
    the pattern that defines the control characters: every character of the first three
    planes' edges alone, inside text and at its ends."""
    from jipp_site.middleware import RAW_CONTROL_BYTES, has_control_bytes

    characters = [chr(c) for c in (*range(0x00, 0x300), *range(0xFFF0, 0x10000), 0x1F600)]
    text = "Inovasi · pelayanan — “terpadu”\u00a0\t\r\n"
    for character in characters:
        for sample in (character, text + character, character + text, text + character + text):
            encoded = sample.encode("utf-8", "surrogatepass")
            assert has_control_bytes(encoded) == bool(RAW_CONTROL_BYTES.search(encoded)), sample
