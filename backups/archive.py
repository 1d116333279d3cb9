"""A backup is a folder: data.json.gz (every model's rows, Django's dumpdata with natural
keys), media.tar.gz (MEDIA_ROOT: images, documents) and manifest.json (what it holds).

Left out, because they are rebuilt or worthless after a restore: content types and
permissions (made by migrate), sessions, the task queue, login-throttling records, the
search index (rebuilt from the pages by the restore), Wagtail's admin search index and
image renditions (made again on demand). Kept: pages and their revisions, users, hubs,
reference data, synonyms, embeddings (expensive to compute), documents and images.

Portable between SQLite and PostgreSQL. For a large PostgreSQL site, pg_dump is faster
(docs/deployment.md); this format is the one tested to restore into an empty database.
"""

import gzip
import json
import shutil
import tarfile
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.db import connection
from django.utils import timezone

EXCLUDED = [
    "contenttypes",
    "auth.permission",
    "sessions",
    "django_tasks_database",
    "axes",
    "hubsearch.indexstate",
    "hubsearch.indexeddocument",
    "hubsearch.term",
    "hubsearch.outboxentry",
    "wagtailsearch",
    "wagtailimages.rendition",
    "wagtailadmin.editingsession",
    "wagtailcore.pagelogentry",  # written apart: see _write_page_history
]
DATA = "data.json.gz"
HISTORY = "history.json.gz"
MEDIA = "media.tar.gz"
MANIFEST = "manifest.json"


def write_backup(folder):
    """Writes the backup; on any failure removes the half-written folder and re-raises."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=False)
    try:
        return _write(folder)
    except BaseException:
        shutil.rmtree(folder, ignore_errors=True)
        raise


def _write(folder):
    with gzip.open(folder / DATA, "wt", encoding="utf-8") as data:
        call_command(
            "dumpdata",
            natural_foreign=True,
            natural_primary=False,
            exclude=EXCLUDED,
            stdout=data,
            verbosity=0,
        )
    _write_page_history(folder / HISTORY)
    media_files = 0
    with tarfile.open(folder / MEDIA, "w:gz") as media:
        root = Path(settings.MEDIA_ROOT)
        if root.is_dir():
            for path in sorted(root.rglob("*")):
                if path.is_file() and not _is_rendition(path):
                    media.add(path, arcname=str(path.relative_to(root)), recursive=False)
                    media_files += 1
    manifest = {
        "created": timezone.now().isoformat(),
        "database": connection.vendor,
        "media_files": media_files,
        "migrations": _latest_migrations(),
    }
    (folder / MANIFEST).write_text(json.dumps(manifest, indent=2), encoding="utf-8")
    return manifest


def _write_page_history(path):
    """Pages' audit history. Wagtail keeps the entries of deleted pages (pointing at ids
    that no longer exist), which dumpdata cannot serialise; those are left out."""
    from django.core import serializers
    from wagtail.models import Page, PageLogEntry

    entries = PageLogEntry.objects.filter(page_id__in=Page.objects.values("pk")).order_by("pk")
    with gzip.open(path, "wt", encoding="utf-8") as history:
        serializers.serialize(
            "json", entries.iterator(), stream=history, use_natural_foreign_keys=True
        )


def _is_rendition(path):
    # Wagtail keeps renditions in images/ beside original_images/; they are made again.
    return path.parent.name == "images"


def _latest_migrations():
    from django.db.migrations.recorder import MigrationRecorder

    latest = {}
    for app, name in MigrationRecorder(connection).applied_migrations():
        latest[app] = max(latest.get(app, name), name)
    return latest


def read_manifest(folder):
    folder = Path(folder)
    for name in (DATA, HISTORY, MEDIA, MANIFEST):
        if not (folder / name).is_file():
            raise FileNotFoundError(f"{folder / name} tidak ada: bukan folder cadangan JIPP.")
    return json.loads((folder / MANIFEST).read_text(encoding="utf-8"))


def restore_media(folder):
    root = Path(settings.MEDIA_ROOT)
    root.mkdir(parents=True, exist_ok=True)
    with tarfile.open(Path(folder) / MEDIA, "r:gz") as media:
        media.extractall(root, filter="data")  # no absolute paths, links or devices
    return sum(1 for path in root.rglob("*") if path.is_file())
