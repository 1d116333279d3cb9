"""An import started in the admin: the checked rows wait here until the coordinator confirms.

Only what the import needs is kept: who started it (to show it to them alone), the rows
as import records until they are written (then dropped), and the report (counts and
problems). No file, no address, nothing else about the person.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Phase(models.TextChoices):
    VALIDATE = "validate", _("Memeriksa baris")
    REVALIDATE = "revalidate", _("Memeriksa ulang baris")
    WRITE = "write", _("Menyimpan halaman")
    INDEX = "index", _("Menyiapkan pencarian")


class ImportJob(models.Model):
    Phase = Phase

    class Status(models.TextChoices):
        CHECKING = "checking", _("Sedang diperiksa")
        INVALID = "invalid", _("Ada kesalahan")
        READY = "ready", _("Menunggu konfirmasi")
        RUNNING = "running", _("Sedang diimpor")
        DONE = "done", _("Selesai")
        FAILED = "failed", _("Gagal")
        CANCELLED = "cancelled", _("Dibatalkan")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", editable=False
    )
    hub = models.ForeignKey(
        "innovations.HubPage",
        verbose_name=_("simpul tujuan"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    file_name = models.CharField(_("nama berkas"), max_length=255)
    allow_move = models.BooleanField(_("boleh memindahkan antarsimpul"), default=False)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.CHECKING
    )
    total = models.PositiveIntegerField(_("jumlah baris"), default=0)
    # Where the running step is (innovations.importing.progress): written from the worker
    # outside the import's transaction, so the job page sees it move while the import runs.
    phase = models.CharField(
        _("tahap"), max_length=10, choices=Phase.choices, blank=True, default=""
    )
    processed = models.PositiveIntegerField(_("sudah diproses"), default=0)
    phase_total = models.PositiveIntegerField(_("jumlah pada tahap ini"), default=0)
    progress_at = models.DateTimeField(_("kemajuan terakhir"), null=True, blank=True)
    rows = models.JSONField(null=True, blank=True, editable=False)
    report = models.JSONField(null=True, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("impor spreadsheet")
        verbose_name_plural = _("impor spreadsheet")
        ordering = ["-created_at"]

    def __str__(self):
        return self.file_name

    @property
    def finished(self):
        return self.status in (
            self.Status.INVALID, self.Status.DONE, self.Status.FAILED, self.Status.CANCELLED
        )  # fmt: skip

    @property
    def in_progress(self):
        return self.status in (self.Status.CHECKING, self.Status.RUNNING)
