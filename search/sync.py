"""Keeps the search index in step with the pages: publish, unpublish, delete, move, privacy.

Indexing runs inside the transaction that changed the page, so the page and its search
document commit (or roll back) together. `deferred()` batches the work for bulk jobs.
"""

import contextlib
import threading

from django.db.models.signals import post_delete, post_save, pre_delete
from django.dispatch import receiver
from wagtail.models import Page, PageViewRestriction
from wagtail.signals import page_published, page_unpublished, post_page_move

from innovations.models import InnovationPage

from . import indexing
from .models import Synonym

_state = threading.local()


def _pending():
    return getattr(_state, "pending", None)


@contextlib.contextmanager
def deferred(progress=None):
    """Collect page changes and index them once, at the end (imports, bulk edits)."""
    outer = _pending() is not None
    if not outer:
        _state.pending = set()
    try:
        yield
        if not outer and _state.pending:
            indexing.sync_pages(_state.pending, progress=progress)
    finally:
        if not outer:
            _state.pending = None


def affected_innovations(page):
    """Innovation ids whose document depends on this page: its subtree and its lineage.

    Lineage is that of every innovation in the subtree, wherever the other end lives: an
    original's replication count and lineage text name its replications, a replication's
    names its original, so hiding a hub changes documents in other hubs too."""
    subtree = InnovationPage.objects.filter(path__startswith=page.path)
    ids = set(subtree.values_list("pk", flat=True))
    ids.update(subtree.exclude(replicated_from=None).values_list("replicated_from_id", flat=True))
    ids.update(
        InnovationPage.objects.filter(replicated_from__in=subtree).values_list("pk", flat=True)
    )
    return ids


def sync(ids):
    pending = _pending()
    if pending is not None:
        pending.update(ids)
    else:
        indexing.sync_pages(ids)


@receiver(page_published)
@receiver(page_unpublished)
def on_publish_change(sender, instance, **kwargs):
    sync(affected_innovations(instance))


@receiver(post_page_move)
def on_move(sender, instance, **kwargs):
    sync(affected_innovations(instance))


@receiver(pre_delete, sender=InnovationPage)
def remember_lineage(sender, instance, **kwargs):
    instance._search_lineage = affected_innovations(instance) - {instance.pk}


@receiver(post_delete, sender=InnovationPage)
def on_delete(sender, instance, **kwargs):
    indexing.remove_documents([instance.pk])
    sync(getattr(instance, "_search_lineage", set()))


@receiver(post_save, sender=PageViewRestriction)
@receiver(post_delete, sender=PageViewRestriction)
def on_privacy_change(sender, instance, **kwargs):
    try:
        page = Page.objects.get(pk=instance.page_id)
    except Page.DoesNotExist:
        return  # the page itself is being deleted; on_delete handles its innovations
    sync(affected_innovations(page))


@receiver(post_save, sender=Synonym)
@receiver(post_delete, sender=Synonym)
def on_synonyms_change(sender, **kwargs):
    from .synonyms import bump_generation

    bump_generation()
