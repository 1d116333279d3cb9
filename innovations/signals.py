"""Hub set-up on creation."""

from django.db.models.signals import post_save
from django.dispatch import receiver

from .models import HubPage
from .permissions import setup_hub_access


@receiver(post_save, sender=HubPage)
def create_hub_groups(sender, instance, created, raw=False, **kwargs):
    if raw:
        return
    if created or not (
        instance.coordinators_id and instance.moderators_id and instance.collection_id
    ):
        setup_hub_access(instance)
