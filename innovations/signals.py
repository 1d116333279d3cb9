"""Hub set-up on creation, and its publishing rule kept in step with its settings; the
public page cache retired when the featured list changes."""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from pagecache.store import purge_after_commit

from .models import FeaturedInnovation, HubPage
from .permissions import setup_hub_access, sync_coordinator_publishing


@receiver(post_save, sender=HubPage)
def create_hub_groups(sender, instance, created, raw=False, **kwargs):
    if raw:
        return
    if created or not (
        instance.coordinators_id
        and instance.moderators_id
        and instance.collection_id
        and instance.review_workflow_id
    ):
        setup_hub_access(instance)
    else:
        # Publishing the hub may have changed "koordinator boleh menerbitkan langsung".
        sync_coordinator_publishing(instance)


@receiver(post_save, sender=FeaturedInnovation)
@receiver(post_delete, sender=FeaturedInnovation)
def featured_list_changed(sender, raw=False, **kwargs):
    """The home page shows the featured list: cached copies must go once the change
    commits (a reorder saves the moved entry, so it arrives here too)."""
    if not raw:
        purge_after_commit()
