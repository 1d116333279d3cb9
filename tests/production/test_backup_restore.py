"""backup_site and restore_site: a restore into an empty database reproduces the pages,
the media files and the search index (SQLite; PostgreSQL too when it is reachable)."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.factories import valid_record, write_jsonl
from tests.once import once_per_suite_run

ROOT = Path(__file__).resolve().parents[2]
PG_ADMIN = os.environ.get("PG_URL", "postgres://postgres@127.0.0.1:5432/postgres")
MARKER = "PROBE-RESULT "


def manage(env, *args, check=True):
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=900,
        check=check,
    )


def probe(env, function):
    run = manage(
        env, "shell", "-c", f"from tests.production.backup_probe import {function}; {function}()"
    )
    lines = [line for line in run.stdout.splitlines() if line.startswith(MARKER)]
    return json.loads(lines[0][len(MARKER) :]) if lines else None


def database_urls(kind, tmp_path, request):
    if kind == "sqlite":
        return (
            f"sqlite:///{tmp_path / 'source.sqlite3'}",
            f"sqlite:///{tmp_path / 'restored.sqlite3'}",
        )
    psycopg = pytest.importorskip("psycopg")
    # Per process, so that two runs on one machine never drop each other's databases.
    names = [f"wt_prod_backup_{role}_{os.getpid()}" for role in ("source", "restored")]
    try:
        with psycopg.connect(PG_ADMIN, autocommit=True, connect_timeout=3) as conn:
            for name in names:
                conn.execute(f"DROP DATABASE IF EXISTS {name}")
                conn.execute(f"CREATE DATABASE {name}")
    except psycopg.OperationalError:
        pytest.skip(f"PostgreSQL is not reachable at {PG_ADMIN}: the PostgreSQL case did not run")
    request.addfinalizer(lambda: _drop(psycopg, names))
    base = PG_ADMIN.rsplit("/", 1)[0]
    return tuple(f"{base}/{name}" for name in names)


def _drop(psycopg, names):
    with psycopg.connect(PG_ADMIN, autocommit=True, connect_timeout=3) as conn:
        for name in names:
            conn.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


@pytest.mark.parametrize("kind", ["sqlite", "postgres"])
def test_a_restore_into_an_empty_database_reproduces_the_site(kind, tmp_path, request):
    once_per_suite_run()
    source_url, restored_url = database_urls(kind, tmp_path, request)
    common = {
        "PATH": os.environ["PATH"],
        "HOME": os.environ.get("HOME", "/tmp"),
        "DJANGO_SETTINGS_MODULE": "jipp_site.settings.dev",
        "LOG_LEVEL": "WARNING",
        "SEARCH_EMBEDDER": "",
        "TASKS_BACKEND": "django_tasks.backends.immediate.ImmediateBackend",
    }
    source = {**common, "DATABASE_URL": source_url, "MEDIA_ROOT": str(tmp_path / "media-a")}
    restored = {**common, "DATABASE_URL": restored_url, "MEDIA_ROOT": str(tmp_path / "media-b")}

    records = write_jsonl(
        tmp_path / "records.jsonl",
        [
            valid_record(title="Posyandu Kelakar Sehat"),
            valid_record(title="Perpustakaan Keliling"),
            valid_record(title="Bank Sampah Digital"),
        ],
    )
    manage(source, "migrate", "--no-input", "-v0")
    manage(source, "setup_site")
    manage(source, "import_innovations", str(records))
    probe(source, "prepare")
    before = probe(source, "describe")
    assert before["search"] == ["Posyandu Kelakar Sehat"]
    assert len(before["files"]) == 2 and all(exists for _, _, exists, _ in before["files"])

    backup = tmp_path / "backup"
    manage(source, "backup_site", str(backup))
    restore = manage(restored, "restore_site", str(backup))
    assert "Dipulihkan dari" in restore.stdout

    after = probe(restored, "describe")
    assert after == before
    assert all(status == 200 for _, _, live, status in after["pages"] if live)

    # A second restore would overwrite a live site: refused, with the reason.
    again = manage(restored, "restore_site", str(backup), check=False)
    assert again.returncode != 0 and "basis data kosong" in again.stderr
    assert probe(restored, "describe") == before


def test_a_folder_that_is_not_a_backup_is_refused(tmp_path):
    env = {
        "PATH": os.environ["PATH"],
        "DJANGO_SETTINGS_MODULE": "jipp_site.settings.dev",
        "LOG_LEVEL": "WARNING",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
    }
    run = manage(env, "restore_site", str(tmp_path), check=False)
    assert run.returncode != 0 and "bukan folder cadangan JIPP" in run.stderr
