"""Weight budgets for a reader on a cheap phone and a slow connection: an innovation page's
HTML at most 60 KB, the site's CSS and JavaScript together at most 100 KB, and the hero
image as responsive WebP renditions."""

import io
import json
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.staticfiles import finders
from django.core.files.base import ContentFile
from django.core.files.images import ImageFile
from PIL import Image as PILImage
from wagtail.documents import get_document_model
from wagtail.images import get_image_model

from innovations.models import InnovationDocument
from tests.factories import create_innovation

HTML_BUDGET = 60 * 1024
CSS_JS_BUDGET = 100 * 1024
DEMO = Path(settings.BASE_DIR) / "data" / "demo" / "innovations.jsonl"


def realistic_record():
    """The longest demonstration record that replicates nothing: real text, real length."""
    records = [json.loads(line) for line in DEMO.read_text(encoding="utf-8").splitlines()]
    candidates = [r for r in records if not r.get("replicated_from") and r.get("province_code")]
    record = max(candidates, key=lambda r: len(json.dumps(r, ensure_ascii=False)))
    record.pop("id")
    record["metrics"] = (record.get("metrics") or []) + [
        {"label": "Lama layanan rata-rata", "before": 14, "after": 3, "unit": "hari"},
        {"label": "Warga terlayani per tahun", "before": 12000, "after": 48500, "unit": "orang"},
        {"label": "Indeks kepuasan masyarakat", "before": 3.1, "after": 3.75, "unit": ""},
    ]
    record["awards"] = (record.get("awards") or []) + ["Top 45 KIPP 2023", "Top 99 KIPP 2022"]
    return record


def photo(size=(2400, 1350)):
    """A photograph-like image (noise compresses badly, like a real photo)."""
    image = PILImage.effect_noise(size, 64).convert("RGB")
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", quality=85)
    return buffer.getvalue()


@pytest.fixture
def rich_page(site_tree):
    record = realistic_record()
    page = create_innovation(**record)
    # Others alike, so the similar-innovations list is full, and replications of this one.
    for n in range(6):
        create_innovation(
            **{**record, "title": f"{record['title']} Replika {n}", "replicated_from": page.slug}
        )
    page.hero_image = get_image_model().objects.create(
        title="Foto layanan",
        description="Petugas melayani warga di loket layanan terpadu",
        file=ImageFile(io.BytesIO(photo()), name="layanan.jpg"),
    )
    for title in ("Panduan replikasi", "Standar operasional prosedur", "Materi pelatihan"):
        document = get_document_model().objects.create(
            title=title, file=ContentFile(b"%PDF-1.4 contoh" * 400, name="kit.pdf")
        )
        InnovationDocument.objects.create(page=page, document=document)
    page.save_revision().publish()
    return page


def test_innovation_page_html_within_budget(rich_page, client):
    response = client.get(rich_page.url)
    assert response.status_code == 200
    body = response.content

    # It is the full page: every part a reader gets is in these bytes.
    text = body.decode()
    for marker in ('id="fakta"', 'id="metrik"', 'id="silsilah-replikasi"', 'id="kit-replikasi"',
                   'id="serupa"', 'id="bagikan"', 'class="hero-image"'):  # fmt: skip
        assert marker in text, marker
    assert len(body) <= HTML_BUDGET, f"innovation page HTML is {len(body)} bytes"


def test_hero_image_is_responsive_webp(rich_page, client):
    text = client.get(rich_page.url).content.decode()

    figure = re.search(r'<figure class="hero-image">(.*?)</figure>', text, re.S).group(1)
    img = re.search(r"<img[^>]*>", figure).group(0)
    srcset = re.search(r'srcset="([^"]+)"', img).group(1)
    candidates = [c.strip().split() for c in srcset.split(",")]
    assert [w for _, w in candidates] == ["480w", "800w", "1200w"]
    assert all(url.endswith(".webp") for url, _ in candidates)
    assert re.search(r'\bsrc="[^"]+\.webp"', img)
    assert re.search(r'\bsizes="[^"]+"', img)
    assert 'width="1200"' in img and 'height="600"' in img
    assert 'loading="lazy"' not in img  # the hero is what the reader sees first
    assert 'alt="Petugas melayani warga di loket layanan terpadu"' in img
    # The renditions really are WebP files, and smaller ones for smaller screens. (Read
    # from storage by URL: Wagtail may answer from its rendition cache, not the database.)
    sizes = {}
    for url, width in candidates:
        assert url.startswith(settings.MEDIA_URL), url
        data = (Path(settings.MEDIA_ROOT) / url[len(settings.MEDIA_URL) :]).read_bytes()
        image = PILImage.open(io.BytesIO(data))
        assert image.format == "WEBP", url
        assert f"{image.width}w" == width
        sizes[image.width] = len(data)
    assert sizes[480] < sizes[800] < sizes[1200]
    # Every raster image on the page is WebP (the replication map is a vector SVG).
    for src in re.findall(r'<img[^>]*\bsrc="([^"]+)"', text):
        assert src.endswith((".webp", ".svg")), src


def served_assets():
    """Every CSS and JavaScript file the site serves from its own static folders (the
    admin's assets are not the public's: they come from Wagtail's and Django's apps)."""
    files = []
    for directory in settings.STATICFILES_DIRS:
        files += [p for p in Path(directory).rglob("*") if p.suffix in (".css", ".js")]
    return files


def test_css_and_javascript_within_budget():
    files = served_assets()
    assert any(p.name == "site.css" for p in files)
    total = sum(p.stat().st_size for p in files)
    assert total <= CSS_JS_BUDGET, f"CSS and JS weigh {total} bytes: {[str(p) for p in files]}"


def test_pages_load_only_the_sites_own_assets(rich_page, client):
    for url in ("/", rich_page.url, "/statistik/", "/cari/?q=layanan"):
        text = client.get(url).content.decode()
        stylesheets = re.findall(r'<link rel="stylesheet" href="([^"]+)"', text)
        assert stylesheets, url
        for href in stylesheets:
            assert href.startswith(settings.STATIC_URL), (url, href)  # no CDN
            assert finders.find(href[len(settings.STATIC_URL) :]), href
        # Scripts, where a page has any, are the site's own static files (no CDN, no inline
        # code: the page works without them).
        for src in re.findall(r'<script[^>]+src="([^"]+)"', text):
            assert src.startswith(settings.STATIC_URL), (url, src)
            assert finders.find(src[len(settings.STATIC_URL) :]), src
        assert not re.search(
            r"<script(?![^>]*\b(src=|type=\"application/ld\+json\"))[^>]*>", text
        ), url
