"""Freshness: when an innovation was last confirmed as accurate, and which ones are stale.

A record's date is its "terakhir diverifikasi" (HubPage coordinators re-verify with one
click on their dashboard), or else its last publication. A live record not confirmed for
STALE_AFTER is stale: flagged on its hub's dashboard.
"""

import datetime

from django.db.models import Q
from django.db.models.functions import Coalesce, TruncDate
from django.utils import timezone

STALE_AFTER = datetime.timedelta(days=365)


def stale_cutoff(today=None):
    return (today or timezone.localdate()) - STALE_AFTER


def with_verified_on(pages):
    """Annotates `verified_on_date`: the verification date, or the last publication's."""
    return pages.annotate(
        verified_on_date=Coalesce(
            "last_verified",
            TruncDate(Coalesce("last_published_at", "first_published_at")),
        )
    )


def stale(pages, today=None):
    """The live pages of `pages` not confirmed since the cutoff, oldest first."""
    cutoff = stale_cutoff(today)
    return (
        with_verified_on(pages.live())
        .filter(Q(verified_on_date__lt=cutoff) | Q(verified_on_date__isnull=True))
        .order_by("verified_on_date", "title")
    )


def reverify(page, today=None):
    """Confirms the record as it stands: no revision, no review (see
    InnovationPage.last_verified)."""
    today = today or timezone.localdate()
    type(page).objects.filter(pk=page.pk).update(last_verified=today)
    page.last_verified = today
    return page


def is_stale(page, today=None):
    verified = page.verified_on
    return verified is None or verified < stale_cutoff(today)
