"""Featured innovations ("Inovasi pilihan"): the national curators choose and order them in
the admin; the home page shows them, in both languages, only while the public may read
them; the cached home page changes with the list. Who may change the list is proven in
tests/test_permissions.py (the curators only)."""

import re
from contextlib import contextmanager

import pytest
from django.core.cache import caches
from django.db import connection
from django.urls import reverse
from wagtail.models import PageViewRestriction

from innovations.models.featured import FeaturedInnovation
from innovations.permissions import ensure_national_curators
from tests.factories import JAWA_TIMUR, create_innovation
from tests.html_helpers import element, get_html, text_of
from tests.test_permissions import body, login, make_user


def featured_url(view, *args):
    return reverse(f"wagtailsnippets_innovations_featuredinnovation:{view}", args=args)


@pytest.fixture
def pages(site_tree):
    return {
        "sumedang": create_innovation(title="Izin Sumedang", awards=[]),
        "surabaya": create_innovation(title="Perpus Surabaya", awards=[], **JAWA_TIMUR),
        "bogor": create_innovation(
            title="Sehat Bogor", awards=[], regency="Kabupaten Bogor", tagline="Posyandu digital."
        ),
        "draft": create_innovation(title="Draf Rahasia", awards=[], publish=False),
    }


@pytest.fixture
def curator(client, db):
    user = make_user("kurator", ensure_national_curators())
    login(client, user)
    return user


def choose(client, page, note="", note_en=""):
    return client.post(
        featured_url("add"), {"innovation": page.pk, "note": note, "note_en": note_en}
    )


def featured_on_home(client, url="/"):
    client.logout()
    page = get_html(client, url)
    section = element(page, 'class="featured"')
    titles = [
        text_of(t) for t in re.findall(r'<h3 class="card__title"[^>]*>(.*?)</h3>', section, re.S)
    ]
    return titles, section


def test_curators_choose_and_order_what_the_home_page_features(client, pages, curator):
    assert (
        choose(
            client, pages["sumedang"], "Izin terbit dalam sehari.", "Permits in a day."
        ).status_code
        == 302
    )
    assert choose(client, pages["surabaya"], "Perpustakaan keliling.").status_code == 302
    assert choose(client, pages["bogor"]).status_code == 302
    # Bogor to the top, as the list's drag and drop posts it.
    bogor = FeaturedInnovation.objects.get(innovation=pages["bogor"])
    assert client.post(featured_url("reorder", bogor.pk) + "?position=0").status_code == 200

    titles, section = featured_on_home(client)
    assert titles == ["Sehat Bogor", "Izin Sumedang", "Perpus Surabaya"]
    text = text_of(section)
    assert "Inovasi pilihan" in text and "Dipilih oleh kurator nasional JIPP." in text
    assert "Alasan dipilih: Izin terbit dalam sehari." in text
    assert "Alasan dipilih: Perpustakaan keliling." in text
    # None of the automatic ranking's wording: this is the curators' list.
    assert "paling banyak direplikasi" not in text

    titles, section = featured_on_home(client, "/en/")
    assert titles == ["Sehat Bogor", "Izin Sumedang", "Perpus Surabaya"]
    text = text_of(section)
    assert "Permits in a day." in text
    # No Indonesian reason on the English page when it has no English one.
    assert "Perpustakaan keliling" not in text and "Izin terbit" not in text


def test_a_draft_cannot_be_chosen_and_nothing_is_saved(client, pages, curator):
    response = choose(client, pages["draft"], "Belum terbit.")

    assert response.status_code == 200
    assert "Hanya inovasi yang sudah terbit untuk umum yang dapat dipilih" in body(response)
    assert not FeaturedInnovation.objects.exists()


def test_a_private_page_cannot_be_chosen(client, pages, curator):
    PageViewRestriction.objects.create(page=pages["bogor"], restriction_type="login")
    response = choose(client, pages["bogor"])
    assert response.status_code == 200
    assert not FeaturedInnovation.objects.exists()


def test_a_page_unpublished_after_it_was_chosen_leaves_the_home_page(client, pages, curator):
    for name in ("sumedang", "surabaya"):
        choose(client, pages[name])
    pages["surabaya"].unpublish()
    listing = body(client.get(featured_url("list")))
    assert "tidak tampil: belum atau tidak lagi terbit" in listing  # the curator sees why

    titles, section = featured_on_home(client)
    assert titles == ["Izin Sumedang"]
    assert "Perpus Surabaya" not in section

    # Withdrawn altogether: the home page falls back to the automatic choice.
    pages["sumedang"].unpublish()
    client.logout()
    page = get_html(client, "/")
    assert "Izin Sumedang" not in page and "Perpus Surabaya" not in page
    assert "Dipilih oleh kurator nasional JIPP." not in page


def test_the_list_has_a_limit_said_in_words(client, pages, curator, settings):
    settings.FEATURED_INNOVATIONS_MAX = 2
    choose(client, pages["sumedang"])
    choose(client, pages["surabaya"])

    response = choose(client, pages["bogor"])

    assert response.status_code == 200
    assert "sudah berisi 2 inovasi, batasnya" in body(response)
    assert FeaturedInnovation.objects.count() == 2


def test_the_same_innovation_is_chosen_once(client, pages, curator):
    choose(client, pages["sumedang"])
    response = choose(client, pages["sumedang"])
    assert response.status_code == 200
    assert "sudah ada di daftar pilihan" in body(response)
    assert FeaturedInnovation.objects.count() == 1


@contextmanager
def committed(django_capture_on_commit_callbacks):
    """Runs what a commit would run (the cache purge); the test's transaction never commits."""
    with django_capture_on_commit_callbacks(execute=True):
        yield
    connection.run_on_commit[:] = []


def test_the_cached_home_page_changes_with_the_list(
    client, pages, curator, settings, django_capture_on_commit_callbacks
):
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    settings.PAGE_CACHE_ENABLED = True
    caches["default"].clear()
    connection.run_on_commit[:] = []
    anonymous = client.__class__()
    assert anonymous.get("/")["X-Page-Cache"] == "miss"
    assert anonymous.get("/")["X-Page-Cache"] == "hit"

    with committed(django_capture_on_commit_callbacks):
        choose(client, pages["bogor"], "Posyandu yang tercatat.")
    response = anonymous.get("/")
    assert response["X-Page-Cache"] == "miss"
    assert "Posyandu yang tercatat." in response.content.decode()

    entry = FeaturedInnovation.objects.get()
    with committed(django_capture_on_commit_callbacks):
        client.post(featured_url("delete", entry.pk))
    response = anonymous.get("/")
    assert response["X-Page-Cache"] == "miss"
    assert "Posyandu yang tercatat." not in response.content.decode()
    caches["default"].clear()
