"""The English counterparts of a page's Indonesian texts, declared alike on every page type
that has them (shown under /en/ through jipp_site.i18n.in_reader_language)."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.fields import RichTextField


def english_title():
    return models.CharField(_("judul dalam bahasa Inggris"), max_length=255, blank=True)


def english_rich_text(verbose_name):
    return RichTextField(
        verbose_name, blank=True, help_text=_("Ditampilkan di halaman berbahasa Inggris (/en/).")
    )
