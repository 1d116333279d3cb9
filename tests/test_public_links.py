"""Links that work when shared: every absolute URL a page, feed or sitemap writes starts with
the configured public address (settings.PUBLIC_URL, from JIPP_PUBLIC_URL), whatever host the
request came in on and whatever the Wagtail Site record still says; and each innovation has
its own preview picture, drawn with Pillow, that changes with the page."""

import io
import re

import pytest
from django.test import override_settings
from PIL import Image

from home.site_setup import ensure_site_tree
from tests.factories import create_innovation

pytestmark = pytest.mark.django_db

PUBLIC = "https://jipp.example.go.id"
ABSOLUTE = re.compile(r"""https?://[^\s"'<>)]+""")


@pytest.fixture
def legacy_site(db):
    """A site set up the old way, at `localhost`, as the audit found it."""
    return ensure_site_tree(hostname="localhost", port=80)


@pytest.fixture
def pages(legacy_site):
    original = create_innovation(title="Rumah Gizi Sumedang", tags=["stunting"])
    replica = create_innovation(title="Pos Gizi Bogor", replicated_from=original.slug,
                                regency="Kabupaten Bogor", tags=["stunting"])  # fmt: skip
    return original, replica


def own_urls(body):
    """Absolute URLs in a response that point at this site (not at share services)."""
    external = (
        "wa.me", "facebook.com", "twitter.com", "linkedin.com", "schema.org", "www.w3.org",
        "www.sitemaps.org", "www.google.com", "opensearch", "spec.",
    )  # fmt: skip
    return [u for u in ABSOLUTE.findall(body) if not any(e in u for e in external)]


@override_settings(PUBLIC_URL=PUBLIC)
def test_no_absolute_url_points_at_localhost_under_a_configured_host(pages, client):
    original, replica = pages
    paths = [
        "/", "/en/", original.url, "/en" + original.url, replica.url,
        original.get_parent().url, "/tentang/", "/cari/?q=gizi", "/en/cari/?q=gizi",
        "/feeds/terbaru/", "/en/feeds/terbaru/", "/feeds/cari/?q=gizi", "/sitemap.xml",
        "/robots.txt", "/api/v1/openapi.json",
    ]  # fmt: skip
    checked = 0
    for path in paths:
        response = client.get(path, HTTP_HOST="localhost")
        assert response.status_code == 200, path
        body = response.content.decode()
        assert "localhost" not in body, (path, [u for u in own_urls(body) if "localhost" in u])
        for url in own_urls(body):
            assert url.startswith(PUBLIC), (path, url)
            checked += 1
    assert checked > 40  # the test saw real links, not an empty page


@override_settings(PUBLIC_URL=PUBLIC)
def test_canonical_og_url_and_share_links_use_the_public_address(pages, client):
    original, _replica = pages
    body = client.get(original.url, HTTP_HOST="localhost").content.decode()
    expected = PUBLIC + original.url
    assert f'<link rel="canonical" href="{expected}">' in body
    assert f'<meta property="og:url" content="{expected}">' in body
    assert f'<input id="share-url" type="text" readonly value="{expected}"' in body
    assert f'data-share-url="{expected}"' in body
    assert "https%3A%2F%2Fjipp.example.go.id" in body  # inside the share services' links
    feed = client.get("/feeds/terbaru/", HTTP_HOST="localhost").content.decode()
    assert f'href="{expected}"' in feed


def preview_path(body):
    url = re.search(r'<meta property="og:image" content="([^"]+)"', body).group(1)
    assert url.startswith("http://testserver/bagikan/"), url
    return url[len("http://testserver") :]


def test_each_innovation_has_a_preview_picture_that_follows_the_page(site_tree, client):
    page = create_innovation(title="Rumah Gizi Sumedang")
    body = client.get(page.url).content.decode()
    path = preview_path(body)
    assert '<meta property="og:image:width" content="1200">' in body
    assert '<meta name="twitter:card" content="summary_large_image">' in body

    response = client.get(path)
    assert response.status_code == 200 and response["Content-Type"] == "image/png"
    assert "immutable" in response["Cache-Control"]
    data = b"".join(response.streaming_content) if response.streaming else response.content
    assert len(data) < 100 * 1024  # within the weight budget for a preview
    image = Image.open(io.BytesIO(data))
    assert (image.format, image.size) == ("PNG", (1200, 630))

    # A new title is a new picture at a new address; the old address leads to it.
    page.title = "Rumah Gizi Sumedang Berkelanjutan"
    page.save_revision().publish()
    new_path = preview_path(client.get(page.url).content.decode())
    assert new_path != path
    new = client.get(new_path)
    assert new.status_code == 200
    assert new.content != data
    old = client.get(path)
    assert old.status_code == 302 and old["Location"] == new_path


def test_no_preview_picture_for_a_draft(site_tree, client):
    page = create_innovation(title="Inovasi Rancangan", publish=False)
    assert client.get(f"/bagikan/{page.pk}-000000000000.png").status_code == 404
    assert client.get("/bagikan/999999-000000000000.png").status_code == 404
