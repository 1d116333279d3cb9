"""Personal data in replication requests is kept for settings.REPLICATION_REQUEST_RETENTION_DAYS
after the request last changed, then blanked; the institution and stage stay, so the
counts and the lineage do not change."""

import datetime

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from .models import ReplicationRequest, StageChange


def cutoff(now=None):
    now = now or timezone.now()
    return now - datetime.timedelta(days=settings.REPLICATION_REQUEST_RETENTION_DAYS)


def due(now=None):
    return ReplicationRequest.objects.filter(anonymised_at__isnull=True, updated_at__lt=cutoff(now))


@transaction.atomic
def anonymise_due(now=None):
    """Blank the personal data of every request past the retention period; the number done.
    Notes written to the requester may quote them, so they go too."""
    now = now or timezone.now()
    ids = list(due(now).values_list("pk", flat=True))
    # update() keeps updated_at as it was: anonymising is not activity.
    ReplicationRequest.objects.filter(pk__in=ids).update(
        name="", position="", email="", phone="", message="", anonymised_at=now
    )
    StageChange.objects.filter(request_id__in=ids).update(note="")
    return len(ids)
