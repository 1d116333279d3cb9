"""Admin form tweaks."""

from django.utils.translation import gettext_lazy as _
from wagtail.images.forms import BaseImageForm


class ImageFormWithRequiredAltText(BaseImageForm):
    """Every image gets a text alternative, for screen-reader users (WCAG 1.1.1)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "description" in self.fields:
            field = self.fields["description"]
            field.required = True
            field.label = _("Teks alternatif (alt)")
            field.help_text = _("Jelaskan isi gambar bagi pembaca yang tidak dapat melihatnya.")
