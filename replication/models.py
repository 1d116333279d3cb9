"""What the replication exchange stores: download counts, and replication requests with
their stage history. A request holds personal data (name, position, email, phone, message):
only the originating hub and national curators see it, and it is anonymised after
settings.REPLICATION_REQUEST_RETENTION_DAYS (see replication.retention)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .limits import (
    MAX_MESSAGE,
    MAX_NAME,
    MAX_NOTE,
    MAX_PHONE,
    MAX_POSITION,
)


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


class Stage(models.TextChoices):
    """The stages of a replication, as the national platform tracks them."""

    MINAT = "minat", _("Minat")
    KOMUNIKASI = "komunikasi", _("Komunikasi")
    KESEPAKATAN = "kesepakatan", _("Kesepakatan (MoU/PKS)")
    IMPLEMENTASI = "implementasi", _("Implementasi")
    SELESAI = "selesai", _("Selesai")
    DIBATALKAN = "dibatalkan", _("Dibatalkan")


# Stages at which the replicating region's draft innovation may be created.
DRAFT_STAGES = (Stage.IMPLEMENTASI, Stage.SELESAI)
# Stages shown publicly as "in progress" (for requests whose requester consented).
IN_PROGRESS_STAGES = (Stage.KOMUNIKASI, Stage.KESEPAKATAN, Stage.IMPLEMENTASI)


class ReplicationRequest(models.Model):
    innovation = models.ForeignKey(
        "innovations.InnovationPage",
        verbose_name=_("inovasi"),
        on_delete=models.CASCADE,
        related_name="replication_requests",
    )
    stage = models.CharField(
        _("tahap"), max_length=12, choices=Stage.choices, default=Stage.MINAT, db_index=True
    )
    # The requesting institution, from the reference data: exactly one of the three.
    regency = models.ForeignKey(
        "innovations.Regency",
        verbose_name=_("kabupaten/kota"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    province = models.ForeignKey(
        "innovations.Province",
        verbose_name=_("provinsi"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    ministry = models.ForeignKey(
        "innovations.MinistryAgency",
        verbose_name=_("kementerian/lembaga"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    # Personal data: blanked by the anonymise command after the retention period.
    name = models.CharField(_("nama"), max_length=MAX_NAME, blank=True)
    position = models.CharField(_("jabatan"), max_length=MAX_POSITION, blank=True)
    email = models.EmailField(_("surel"), blank=True)
    phone = models.CharField(_("telepon"), max_length=MAX_PHONE, blank=True)
    message = models.TextField(_("pesan"), max_length=MAX_MESSAGE, blank=True)
    consent_share = models.BooleanField(_("setuju data dibagikan ke simpul asal"), default=False)
    consent_public = models.BooleanField(
        _("setuju dihitung secara publik"),
        default=False,
        help_text=_("Hanya nama daerah/instansi dan tahapnya yang dihitung, tanpa data pribadi."),
    )
    replica = models.ForeignKey(
        "innovations.InnovationPage",
        verbose_name=_("draf inovasi replikasi"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("diajukan"), auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(_("diperbarui"), auto_now=True)
    anonymised_at = models.DateTimeField(_("dianonimkan"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("permintaan replikasi")
        verbose_name_plural = _("permintaan replikasi")
        constraints = [
            models.CheckConstraint(
                name="replication_request_one_institution",
                condition=(
                    models.Q(regency__isnull=False, province__isnull=True, ministry__isnull=True)
                    | models.Q(regency__isnull=True, province__isnull=False, ministry__isnull=True)
                    | models.Q(regency__isnull=True, province__isnull=True, ministry__isnull=False)
                ),
            )
        ]

    def __str__(self):
        return f"{self.institution_name} → {self.innovation_id} ({self.get_stage_display()})"

    @property
    def institution(self):
        return self.regency or self.province or self.ministry

    @property
    def institution_name(self):
        if self.regency_id:
            return self.regency.name
        if self.province_id:
            return _("Provinsi %(name)s") % {"name": self.province.name}
        return self.ministry.name if self.ministry_id else ""

    @property
    def can_have_draft(self):
        return self.stage in DRAFT_STAGES and self.replica_id is None


class StageChange(models.Model):
    """One step in a request's history (the first one is its submission)."""

    request = models.ForeignKey(
        ReplicationRequest, on_delete=models.CASCADE, related_name="history"
    )
    from_stage = models.CharField(_("dari tahap"), max_length=12, choices=Stage.choices, blank=True)
    to_stage = models.CharField(_("ke tahap"), max_length=12, choices=Stage.choices)
    note = models.TextField(_("catatan"), max_length=MAX_NOTE, blank=True)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("oleh"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    changed_at = models.DateTimeField(_("waktu"), auto_now_add=True)

    class Meta:
        ordering = ["changed_at", "pk"]
        verbose_name = _("perubahan tahap")
        verbose_name_plural = _("perubahan tahap")

    def __str__(self):
        return f"{self.from_stage or '-'} → {self.to_stage}"
