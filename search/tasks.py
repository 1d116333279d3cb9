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
    if any(callback is _enqueue_terms for _, callback, _ in connection.run_on_commit):
        return
    transaction.on_commit(_enqueue_terms, robust=True)


def _enqueue_terms():
    try:
        refresh_dictionary_terms.enqueue()
    except Exception:
        logger.exception("Could not queue the dictionary's terms; run refresh_search_terms")


def schedule_embedding():
    """After the current transaction commits, queue one embedding run (once per
    transaction, however many documents it wrote). Never fails the caller."""
    if get_embedder() is None:
        return
    # Already queued for this transaction? (Rolled back, the list is emptied with it.)
    if any(callback is _enqueue for _, callback, _ in connection.run_on_commit):
        return
    transaction.on_commit(_enqueue, robust=True)


def _enqueue():
    try:
        embed_pending_documents.enqueue()
    except Exception:
        logger.exception("Could not queue the embedding of new documents; run embed_documents")
