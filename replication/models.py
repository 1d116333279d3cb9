"""What the replication exchange stores."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class DownloadCount(models.Model):
    """How often a document was downloaded: a number, nothing about who downloaded it."""

    document = models.OneToOneField(
        "wagtaildocs.Document", primary_key=True, on_delete=models.CASCADE, related_name="+"
    )
    count = models.PositiveBigIntegerField(_("jumlah unduhan"), default=0)

    class Meta:
        verbose_name = _("jumlah unduhan")
        verbose_name_plural = _("jumlah unduhan")

    def __str__(self):
        return f"{self.document_id}: {self.count}"
