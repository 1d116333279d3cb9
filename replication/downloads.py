"""Counting kit downloads: one counter per document, incremented in the database."""

from django.db import IntegrityError, transaction
from django.db.models import F

from .models import DownloadCount


def count_download(document_id):
    """Add one to the document's counter. An UPDATE with F() so that concurrent downloads
    are all counted; the row is created on the first download."""
    if DownloadCount.objects.filter(document_id=document_id).update(count=F("count") + 1):
        return
    try:
        with transaction.atomic():
            DownloadCount.objects.create(document_id=document_id, count=1)
    except IntegrityError:  # another request created it first
        DownloadCount.objects.filter(document_id=document_id).update(count=F("count") + 1)


def download_counts(document_ids):
    """{document id: downloads} for these documents (0 when never downloaded)."""
    counts = dict(
        DownloadCount.objects.filter(document_id__in=list(document_ids)).values_list(
            "document_id", "count"
        )
    )
    return {pk: counts.get(pk, 0) for pk in document_ids}
