"""Featured innovations ("Inovasi pilihan"): the national curators' own choice for the home
page, in their order, each with an optional reason.

Chosen live and public; the home page shows an entry only while its innovation is still
visible (InnovationPage.objects.visible()), so a page unpublished, made private or moved
under an unpublished hub after it was chosen drops out by itself, and comes back if it is
published again. The list is short on purpose (FEATURED_INNOVATIONS_MAX).
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Max
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.models import Orderable


def featured_limit():
    return settings.FEATURED_INNOVATIONS_MAX


class FeaturedInnovation(Orderable):
    innovation = models.ForeignKey(
        "innovations.InnovationPage",
        verbose_name=_("inovasi"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    note = models.CharField(
        _("alasan dipilih"),
        max_length=200,
        blank=True,
        help_text=_("Opsional; tampil di bawah kartu inovasi di beranda."),
    )
    note_en = models.CharField(
        _("alasan dipilih (bahasa Inggris)"),
        max_length=200,
        blank=True,
        help_text=_("Untuk beranda bahasa Inggris; bila kosong, tidak ada alasan yang tampil."),
    )
    updated_at = models.DateTimeField(_("diubah"), auto_now=True)

    panels = [FieldPanel("innovation"), FieldPanel("note"), FieldPanel("note_en")]

    class Meta:
        verbose_name = _("inovasi pilihan")
        verbose_name_plural = _("inovasi pilihan")
        ordering = ["sort_order", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["innovation"], name="featured_innovation_once")
        ]

    def __str__(self):
        return self.innovation.title if self.innovation_id else str(_("inovasi pilihan"))

    @property
    def reader_note(self):
        """The reason in the reader's language. An English page without an English reason
        shows none rather than an Indonesian sentence among English ones."""
        return self.note_en if translation.get_language() == "en" else self.note

    def clean(self):
        from .innovation import InnovationPage

        super().clean()
        if not self.innovation_id:
            return
        if not InnovationPage.objects.visible().filter(pk=self.innovation_id).exists():
            raise ValidationError(
                {
                    "innovation": _(
                        "Hanya inovasi yang sudah terbit untuk umum yang dapat dipilih "
                        "(bukan draf, bukan halaman tertutup, bukan di simpul yang belum terbit)."
                    )
                }
            )
        others = FeaturedInnovation.objects.exclude(pk=self.pk)
        if others.filter(innovation_id=self.innovation_id).exists():
            raise ValidationError({"innovation": _("Inovasi ini sudah ada di daftar pilihan.")})
        limit = featured_limit()
        if others.count() >= limit:
            raise ValidationError(
                _(
                    "Daftar inovasi pilihan sudah berisi %(limit)s inovasi, batasnya. Hapus "
                    "satu dulu sebelum menambah yang lain."
                )
                % {"limit": limit}
            )

    def save(self, *args, **kwargs):
        # New entries go to the end of the list; the admin's drag-and-drop reorders them.
        if self.sort_order is None:
            last = FeaturedInnovation.objects.aggregate(last=Max("sort_order"))["last"]
            self.sort_order = 0 if last is None else last + 1
        super().save(*args, **kwargs)


def featured_for_home(visible_pages, limit=None):
    """[(innovation, entry)] the home page shows: the curators' entries whose innovation
    the public may read, in their order, at most `limit`."""
    limit = featured_limit() if limit is None else limit
    entries = (
        FeaturedInnovation.objects.filter(innovation__in=visible_pages.values("pk"))
        .select_related("innovation")
        .order_by("sort_order", "pk")[:limit]
    )
    return list(entries)
