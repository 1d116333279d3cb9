"""Hub set-up on creation, and its publishing rule kept in step with its settings."""

from django.db.models.signals import post_save
from django.dispatch import receiver

from .models import HubPage
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
