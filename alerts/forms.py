from django import forms
from django.utils.translation import gettext_lazy as _

from search.query import MAX_QUERY_STRING_LENGTH


class SubscribeForm(forms.Form):
    email = forms.EmailField(
        label=_("Alamat surel"),
        max_length=254,
        error_messages={
            "required": _("Isi alamat surel Anda."),
            "invalid": _("Alamat surel ini tidak sah; periksa penulisannya."),
        },
    )
    query = forms.CharField(required=False, max_length=MAX_QUERY_STRING_LENGTH,
                            widget=forms.HiddenInput)  # fmt: skip
    # Left empty by people; bots fill every field.
    website = forms.CharField(required=False, label=_("Jangan diisi"))
