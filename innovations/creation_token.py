"""The create form's token: one create form makes at most one page (innovations.page_creation
says why and how it is used)."""

import re
import uuid

from django import forms
from wagtail.admin.panels import Panel

TOKEN_FIELD = "creation_token"
TOKEN_PATTERN = re.compile(r"^[0-9a-f]{32}$")


def posted_token(request):
    token = request.POST.get(TOKEN_FIELD, "") if request.method == "POST" else ""
    return token if TOKEN_PATTERN.match(token) else None


class CreationTokenPanel(Panel):
    """Renders the create form's hidden token (see the module's docstring)."""

    def get_form_options(self):
        return {"fields": [TOKEN_FIELD]}

    class BoundPanel(Panel.BoundPanel):
        template_name = "innovations/admin/creation_token_panel.html"

        @property
        def bound_field(self):
            return self.form[TOKEN_FIELD]

        def is_shown(self):
            return TOKEN_FIELD in self.form.fields


class CreationTokenFormMixin(forms.Form):
    creation_token = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk is None:
            self.fields[TOKEN_FIELD].initial = uuid.uuid4().hex
        else:
            del self.fields[TOKEN_FIELD]
