"""The public replication request form, and the admin's stage form."""

from django import forms
from django.core.validators import MinLengthValidator
from django.utils.functional import lazy
from django.utils.translation import gettext_lazy as _

from innovations.models.contact import validate_phone

from . import limits
from .institutions import resolve
from .models import Stage

TOO_LONG = {"max_length": _("Paling banyak %(limit_value)d karakter (sekarang %(show_value)d).")}


def _lazy_percent(text, **params):
    """`text % params` in the language active when it is shown, not at import."""
    return lazy(lambda: text % params, str)()


class ReplicationRequestForm(forms.Form):
    name = forms.CharField(label=_("Nama"), max_length=limits.MAX_NAME, error_messages=TOO_LONG)
    position = forms.CharField(
        label=_("Jabatan"),
        max_length=limits.MAX_POSITION,
        error_messages=TOO_LONG,
    )
    institution = forms.CharField(
        label=_("Instansi"),
        max_length=limits.MAX_INSTITUTION,
        help_text=_(
            "Kabupaten/kota, provinsi, atau kementerian/lembaga: ketik lalu pilih dari daftar."
        ),
        error_messages=TOO_LONG,
    )
    email = forms.EmailField(
        label=_("Surel"),
        max_length=254,
        error_messages={"invalid": _("Alamat surel tidak valid, mis. nama@instansi.go.id.")},
    )
    phone = forms.CharField(
        label=_("Telepon (opsional)"),
        max_length=limits.MAX_PHONE,
        required=False,
        validators=[validate_phone],
        error_messages=TOO_LONG,
    )
    message = forms.CharField(
        label=_("Pesan"),
        max_length=limits.MAX_MESSAGE,
        validators=[MinLengthValidator(limits.MIN_MESSAGE)],
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_lazy_percent(
            _("Ceritakan apa yang ingin direplikasi dan kapan; %(min)d–%(max)d karakter."),
            min=limits.MIN_MESSAGE,
            max=limits.MAX_MESSAGE,
        ),
        error_messages={
            **TOO_LONG,
            "min_length": _("Pesan paling sedikit %(limit_value)d karakter."),
        },
    )
    consent_share = forms.BooleanField(
        label=_(
            "Saya setuju nama, jabatan, instansi, surel, telepon dan pesan ini dibagikan kepada "
            "simpul yang menerbitkan inovasi ini, untuk menindaklanjuti permintaan."
        ),
        error_messages={
            "required": _("Permintaan hanya dapat dikirim bila Anda menyetujui data dibagikan.")
        },
    )
    consent_public = forms.BooleanField(
        label=_(
            "Daerah/instansi saya boleh dihitung di halaman inovasi sebagai daerah yang sedang "
            "mereplikasi (tanpa nama dan kontak saya)."
        ),
        required=False,
    )
    # A honeypot: hidden from people (CSS and aria-hidden), filled in by form robots.
    website = forms.CharField(label=_("Jangan diisi"), required=False)

    def clean_institution(self):
        text = self.cleaned_data["institution"]
        found = resolve(text)
        if found is None:
            raise forms.ValidationError(
                _(
                    "“%(text)s” tidak ada di daftar kabupaten/kota, provinsi, dan "
                    "kementerian/lembaga. Pilih salah satu dari daftar, mis. "
                    "“Kabupaten Sumedang, Jawa Barat”."
                ),
                params={"text": text},
            )
        return found

    def clean_website(self):
        if self.cleaned_data["website"]:
            raise forms.ValidationError(
                _("Kolom ini harus dikosongkan: ia hanya untuk menyaring robot.")
            )
        return ""


class StageChangeForm(forms.Form):
    stage = forms.ChoiceField(label=_("Tahap baru"), choices=Stage.choices)
    note = forms.CharField(
        label=_("Catatan untuk pemohon (opsional)"),
        required=False,
        max_length=limits.MAX_NOTE,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_lazy_percent(
            _("Dikirim kepada pemohon lewat surel; paling banyak %(max)d karakter."),
            max=limits.MAX_NOTE,
        ),
    )

    def __init__(self, *args, current_stage, **kwargs):
        super().__init__(*args, **kwargs)
        self.current_stage = current_stage
        self.fields["stage"].choices = [c for c in Stage.choices if c[0] != current_stage]

    def clean_stage(self):
        stage = self.cleaned_data["stage"]
        if stage == self.current_stage:
            raise forms.ValidationError(_("Permintaan sudah berada di tahap ini."))
        return stage
