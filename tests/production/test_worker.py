"""The background worker: tasks queued in the database and run by `manage.py db_worker`."""

import pytest
from django.core.management import call_command
from django.test import override_settings
from django_tasks_db.models import DBTaskResult

from search import vectors
from search.models import DocumentVector
from tests.factories import create_innovation

DATABASE_QUEUE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
EMBEDDING = "search.tasks.embed_pending_documents"

# The worker closes its database connection between tasks, as a long-running process
# should; inside a test transaction that would end the test (PostgreSQL), so these commit.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture
def database_queue(site_tree):
    with override_settings(
        TASKS=DATABASE_QUEUE, SEARCH_EMBEDDER="search.embedders.hashing.HashingEmbedder"
    ):
        vectors.reset()
        yield
    vectors.reset()


def test_publishing_queues_the_embedding_and_the_worker_runs_it(
    database_queue, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        page = create_innovation()
    # Publishing returned without embedding: the work waits in the queue.
    assert not DocumentVector.objects.filter(page_id=page.pk).exists()
    queued = DBTaskResult.objects.get(task_path=EMBEDDING)
    assert queued.status == "READY"

    call_command("db_worker", "--batch", "--no-startup-delay", "--worker-id", "test-worker")

    queued.refresh_from_db()
    assert queued.status == "SUCCESSFUL", queued.traceback
    assert queued.worker_ids == ["test-worker"]
    assert DocumentVector.objects.filter(page_id=page.pk).exists()
    # Every task queued by the publication (Wagtail's own too) has run.
    assert not DBTaskResult.objects.ready().exists()


def test_a_failing_task_is_recorded_and_the_worker_goes_on(database_queue):
    with override_settings(SEARCH_EMBEDDER="search.embedders.missing.NoSuchEmbedder"):
        failing = DBTaskResult.objects.get(pk=_enqueue_embedding())
        call_command("db_worker", "--batch", "--no-startup-delay")
    failing.refresh_from_db()
    assert failing.status == "FAILED"
    assert failing.exception_class_path and failing.traceback


def _enqueue_embedding():
    from search.tasks import embed_pending_documents

    return embed_pending_documents.enqueue().id
