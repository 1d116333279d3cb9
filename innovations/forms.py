"""Admin form tweaks."""

from django.template.defaultfilters import filesizeformat, floatformat
from django.utils.translation import gettext_lazy as _
from wagtail.images.forms import BaseImageForm

from .limits import MAX_IMAGE_BYTES, MAX_IMAGE_PIXELS


def upload_help_text(formats):
    """The upload limits, said where the file is chosen (the single and multiple upload
    pages both show this field's help text)."""
    return _(
        "Format: %(formats)s. Paling besar %(size)s dan %(megapixels)s megapiksel (lebar × "
        "tinggi), mis. 6000 × 5000 piksel."
    ) % {
        "formats": formats,
        "size": filesizeformat(MAX_IMAGE_BYTES),
        "megapixels": floatformat(MAX_IMAGE_PIXELS / 1_000_000, "g"),
    }


class ImageFormWithRequiredAltText(BaseImageForm):
    """Every image gets a text alternative, for screen-reader users (WCAG 1.1.1)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "description" in self.fields:
            field = self.fields["description"]
            field.required = True
            field.label = _("Teks alternatif (alt)")
            field.help_text = _("Jelaskan isi gambar bagi pembaca yang tidak dapat melihatnya.")
        if "file" in self.fields:
            field = self.fields["file"]
            field.help_text = upload_help_text(field.supported_formats_text)
            # Wagtail's own messages have no Indonesian translation; these are filled in
            # (%-formatted) by Wagtail when it refuses the file.
            field.error_messages["file_too_many_pixels"] = _(
                "Gambar ini terlalu besar: %(num_pixels)s piksel; paling banyak "
                "%(max_pixels_count)s piksel (lebar × tinggi)."
            )
            field.error_messages["file_too_large"] = _(
                "Berkas ini terlalu besar (%(file_size)s); paling besar %(max_filesize)s."
            )
