"""What retires the cached pages: any page published, unpublished, moved or deleted, a page
made private or public again (Wagtail's privacy setting takes effect without a
publication), and a change of site (hostname, root page). Other edits (a snippet, an
image) show within PAGE_CACHE_SECONDS, or at once with `manage.py purge_page_cache`."""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from wagtail.models import Page, PageViewRestriction, Site
from wagtail.signals import page_published, page_unpublished, post_page_move

from jipp_site import request_memo

from .store import purge_after_commit


@receiver(page_published)
@receiver(page_unpublished)
@receiver(post_page_move)
def page_changed(sender, **kwargs):
    purge_after_commit()
    request_memo.forget()  # what this request read about hidden pages may be stale


@receiver(post_delete)
def page_deleted(sender, instance, **kwargs):
    # Deleting a page deletes its specific row and its Page row: one purge per transaction.
    if isinstance(instance, Page):
        purge_after_commit()
        request_memo.forget()


@receiver(post_save, sender=Site)
@receiver(post_delete, sender=Site)
def site_changed(sender, **kwargs):
    purge_after_commit()


@receiver(post_save, sender=PageViewRestriction)
@receiver(post_delete, sender=PageViewRestriction)
def privacy_changed(sender, **kwargs):
    # A page made private must leave the cache at once: its own cached copy, and every
    # listing, feed and search that showed it.
    purge_after_commit()
    request_memo.forget()
