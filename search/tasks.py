"""Background work of the search engine, run by the task worker (django-tasks)."""

import logging

from django.db import connection, transaction
from django_tasks import task

from . import vectors
from .embedders import get_embedder

logger = logging.getLogger(__name__)


@task()
def embed_pending_documents():
    """Embed every document whose vector is missing or stale (search.vectors)."""
    return vectors.embed_pending()


@task()
def refresh_dictionary_terms():
    """After a dictionary change: the terms the database engine derived from it."""
    from .indexing import refresh_terms  # indexing queues this module's tasks

    return refresh_terms()


def schedule_terms_refresh():
    """After the current transaction commits, queue one refresh of the dictionary's terms
    (search.indexing.refresh_terms). Never fails the caller."""
    _queue_once(refresh_dictionary_terms, "the dictionary's terms; run refresh_search_terms")


def schedule_embedding():
    """After the current transaction commits, queue one embedding run (once per
    transaction, however many documents it wrote). Never fails the caller."""
    if get_embedder() is None:
        return
    _queue_once(embed_pending_documents, "the embedding of new documents; run embed_documents")


def _queue_once(job, what):
    """Queue `job` when the current transaction commits, once however often asked in it
    (rolled back, the request goes with it); a queue that fails is logged, never raised."""

    def enqueue():
        try:
            job.enqueue()
        except Exception:
            logger.exception("Could not queue %s", what)

    enqueue.job = job
    pending = connection.run_on_commit
    if any(getattr(callback, "job", None) is job for _, callback, _ in pending):
        return
    transaction.on_commit(enqueue, robust=True)
