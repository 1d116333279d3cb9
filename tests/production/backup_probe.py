"""Run inside `manage.py shell` by test_backup_restore: prepares a source site, or prints
what a visitor and an editor would see of a site, as one JSON line after a marker."""

import io
import json
import sys

MARKER = "PROBE-RESULT "


def prepare():
    """Adds what only the admin makes: an image with its file, a document."""
    from django.core.files.images import ImageFile
    from django.core.files.uploadedfile import SimpleUploadedFile
    from PIL import Image as PILImage
    from wagtail.documents.models import Document
    from wagtail.images.models import Image

    buffer = io.BytesIO()
    PILImage.new("RGB", (40, 30), (200, 40, 40)).save(buffer, "PNG")
    Image.objects.create(title="Foto posyandu", file=ImageFile(buffer, name="posyandu.png"))
    Document.objects.create(
        title="Panduan replikasi",
        file=SimpleUploadedFile("panduan.txt", b"Langkah replikasi inovasi."),
    )


def describe():
    from django.test import Client
    from wagtail.documents.models import Document
    from wagtail.images.models import Image
    from wagtail.models import Page

    client = Client()
    pages = [
        [
            page.url_path,
            page.title,
            page.live,
            client.get(page.url).status_code if page.live else None,
        ]
        for page in Page.objects.filter(depth__gt=1).order_by("path").specific()
    ]
    search = client.get("/api/v1/search/", {"q": "kelakar"}).json()
    files = [
        [item.title, item.file.name, item.file.storage.exists(item.file.name), item.file.size]
        for item in [*Image.objects.order_by("title"), *Document.objects.order_by("title")]
    ]
    result = {
        "pages": pages,
        "search": [hit["title"] for hit in search["results"]],
        "files": files,
    }
    sys.stdout.write(MARKER + json.dumps(result) + "\n")
