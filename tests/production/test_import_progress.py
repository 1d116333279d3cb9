"""A large spreadsheet import's progress, as the job page reads it while the worker runs.

The import writes everything in one transaction, so nothing it writes is visible before
the end; its progress is recorded outside that transaction (innovations.importing.progress)
and must be readable from another connection while the import is half-way. The worker is
django-tasks' database queue run by `manage.py db_worker`, as in production. At a known
row, the worker waits (a receiver of the progress signal) while another thread, with its
own database connection, reads the job page's figures, then lets it go on.
"""

import threading
import traceback

import pytest
from django.core.management import call_command
from django.db import OperationalError, connection
from django.test import Client
from django.urls import reverse

from innovations.importing import jobs
from innovations.importing.progress import progress_recorded
from innovations.models import ImportJob, InnovationPage
from tests.factories import create_innovation, hub_named
from tests.test_import_admin import job_of, row, upload, xlsx
from tests.test_permissions import PASSWORD, login, make_user

DATABASE_QUEUE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
ROWS = 40
TITLE = "Inovasi Kemajuan"

# The worker closes its connection between tasks; inside a test transaction that would end
# the test (PostgreSQL), and another connection could not see the job: these commit.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


class Look:
    """Stops the worker when the job reaches `processed` rows of `phase`, and reads the
    job from another thread (another connection) meanwhile."""

    def __init__(self, job, phase, processed, username):
        self.job_id, self.phase, self.processed = job.pk, phase, processed
        self.username = username
        self.reached, self.looked = threading.Event(), threading.Event()
        self.seen = None
        self.error = None

    def __enter__(self):
        # Logged in before the worker starts: logging in writes a session, and SQLite takes
        # one writer at a time (the import holds that lock until it commits). Polling the
        # progress writes nothing.
        self.reader = Client()
        assert self.reader.login(username=self.username, password=PASSWORD)
        progress_recorded.connect(self.pause, dispatch_uid="progress-test")
        self.thread = threading.Thread(target=self.look)
        self.thread.start()
        return self

    def __exit__(self, *exc):
        progress_recorded.disconnect(dispatch_uid="progress-test")
        self.reached.set()  # never leave the reader waiting
        self.thread.join(60)

    def pause(self, sender, job_id, phase, processed, phase_total, **kwargs):
        # The worker's thread: wait here, half-way, until the other connection has looked.
        if (job_id, phase, processed) == (self.job_id, self.phase, self.processed):
            self.reached.set()
            assert self.looked.wait(60), "the reader never looked"

    def look(self):
        try:
            if not self.reached.wait(120):
                return
            job = ImportJob.objects.get(pk=self.job_id)
            seen = {"status": job.status, "progress": jobs.progress_of(job)}
            try:
                seen["pages"] = InnovationPage.objects.filter(title__startswith=TITLE).count()
            except OperationalError as exc:
                # An in-memory SQLite test database shares one cache between connections,
                # where a table the import has written is locked until it commits.
                seen["pages"] = f"locked ({exc})"
            # What the page's script polls, as the person who started the import.
            response = self.reader.get(reverse("innovations_import_progress", args=[self.job_id]))
            seen["json"] = response.json() if response.status_code == 200 else response
            self.seen = seen
        except Exception:  # noqa: BLE001 - reported by the test
            self.error = traceback.format_exc()
        finally:
            connection.close()  # this thread's own connection
            self.looked.set()


def nothing_written_yet(pages):
    return pages == 0 or (isinstance(pages, str) and pages.startswith("locked"))


def test_progress_moves_while_the_worker_checks_and_writes(site_tree, client, settings,
                                                           monkeypatch):  # fmt: skip
    settings.TASKS = DATABASE_QUEUE
    settings.IMPORT_PROGRESS_INTERVAL = 0  # record every row, so the test can stop at one
    monkeypatch.setattr(jobs, "IN_REQUEST_ROWS", 1)  # this file goes to the worker
    create_innovation(title="Inovasi Awal")  # the hub
    hub = hub_named("JIPP Provinsi Jawa Barat")
    admin = make_user("admin_impor", superuser=True)
    login(client, admin)
    data = xlsx([row(Judul=f"{TITLE} {n}") for n in range(ROWS)])

    job = job_of(upload(client, data, hub=hub))
    assert job.status == ImportJob.Status.CHECKING  # queued for the worker

    half = ROWS // 2
    with Look(job, ImportJob.Phase.VALIDATE, half, admin.username) as checking:
        call_command("db_worker", "--batch", "--no-startup-delay", "--worker-id", "progress")
    assert checking.error is None, checking.error
    assert checking.seen["status"] == ImportJob.Status.CHECKING
    assert checking.seen["progress"] == ("Memeriksa baris", half, ROWS, 50)
    json = checking.seen["json"]
    assert (json["done"], json["total"], json["percent"], json["in_progress"]) == (
        half, ROWS, 50, True
    )  # fmt: skip
    job.refresh_from_db()
    assert job.status == ImportJob.Status.READY

    client.post(reverse("innovations_import_job", args=[job.pk]), {"confirm": "1"})
    with Look(job, ImportJob.Phase.WRITE, half, admin.username) as writing:
        call_command("db_worker", "--batch", "--no-startup-delay", "--worker-id", "progress")
    assert writing.error is None, writing.error
    seen = writing.seen
    assert seen["status"] == ImportJob.Status.RUNNING
    label, done, total, percent = seen["progress"]
    assert (label, done, total) == ("Menyimpan halaman", half, ROWS)
    assert 20 < percent < 85  # past checking the rows again, before indexing
    assert seen["json"]["percent"] == percent and seen["json"]["phase"] == label
    # Half-way through the one transaction: nothing of it is visible yet.
    assert nothing_written_yet(seen["pages"]), seen["pages"]

    job.refresh_from_db()
    assert job.status == ImportJob.Status.DONE, job.report
    assert (job.processed, job.phase) == (ROWS, "")
    assert InnovationPage.objects.filter(title__startswith=TITLE).count() == ROWS
    done_page = client.get(reverse("innovations_import_job", args=[job.pk])).content.decode()
    assert 'id="import-done"' in done_page and 'id="import-progress"' not in done_page
