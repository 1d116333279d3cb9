"""The innovation editor's form: what the model alone cannot check.

- tags arrive as names from the tag widget, not through a model's full_clean: they are
  cleaned of control characters and counted here;
- a hero image or a replication-kit document is chosen by id, and the form would take any
  id: only the files the user may choose (their hub's collection) are accepted;
- the limits of innovations.limits are said in the fields' help text;
- `replicated_from` takes only innovations the public may read (issue 17, finding 3: by
  id, a coordinator could link another hub's draft and read its title in their own form);
  a link the page already has is kept when its original is later withdrawn.
"""

from django.core.exceptions import ValidationError
from django.template.defaultfilters import floatformat
from django.utils.translation import gettext as _
from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.permissions import policy_registry

from jipp_site.text import clean_text

from .limits import MAX_SECTION_CHARACTERS, MAX_TAG_LENGTH, MAX_TAGS
from .models.sections import SECTIONS


def number(value):
    return floatformat(value, "g")  # 20.000 in Indonesian, 20,000 in English


def choosable(model, user, current_id=None):
    """The `model` files `user` may choose, plus the one already chosen (kept on save, even
    when someone with wider rights chose it)."""
    allowed = policy_registry.get_by_type(model).instances_user_has_any_permission_for(
        user, ["choose"]
    )
    if current_id is None:
        return allowed
    return allowed | model.objects.filter(pk=current_id)


def lineage_choices(page):
    """Originals `page` may name: innovations the public may read, and the one it already
    names (kept as it is, so a withdrawn original does not block every later save)."""
    from .models import InnovationPage

    pages = InnovationPage.objects.visible()
    if page.replicated_from_id:
        pages = pages | InnovationPage.objects.filter(pk=page.replicated_from_id)
    return pages


class InnovationPageForm(WagtailAdminPageForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        user = self.for_user
        if user is not None and "hero_image" in self.fields:
            self.fields["hero_image"].queryset = choosable(
                get_image_model(), user, self.instance.hero_image_id
            )
        if user is not None and "documents" in self.formsets:
            for form in self.formsets["documents"].forms:
                form.fields["document"].queryset = choosable(
                    get_document_model(), user, form.instance.document_id
                )
        if "replicated_from" in self.fields:
            field = self.fields["replicated_from"]
            field.queryset = lineage_choices(self.instance)
            field.error_messages["invalid_choice"] = _(
                "Pilih inovasi yang sudah terbit untuk umum: replikasi hanya boleh merujuk "
                "inovasi yang sudah terbit."
            )
        for spec in SECTIONS.values():
            if spec.field in self.fields:
                field = self.fields[spec.field]
                field.help_text = _("%(help)s Paling banyak %(max)s karakter.") % {
                    "help": field.help_text,
                    "max": number(MAX_SECTION_CHARACTERS),
                }
        if "tags" in self.fields:
            self.fields["tags"].help_text = _(
                "Pisahkan dengan koma. Paling banyak %(max)s tag, masing-masing paling banyak "
                "%(length)s karakter."
            ) % {"max": MAX_TAGS, "length": MAX_TAG_LENGTH}

    def clean_tags(self):
        names = [clean_text(name, multiline=False) for name in self.cleaned_data.get("tags", [])]
        names = list(dict.fromkeys(name for name in names if name))
        if len(names) > MAX_TAGS:
            raise ValidationError(
                _("Paling banyak %(max)s tag per inovasi; ada %(count)s."),
                params={"max": MAX_TAGS, "count": len(names)},
                code="too_many_tags",
            )
        too_long = [name for name in names if len(name) > MAX_TAG_LENGTH]
        if too_long:
            raise ValidationError(
                _("Tag paling panjang %(max)s karakter: %(tag)s…"),
                params={"max": MAX_TAG_LENGTH, "tag": too_long[0][:40]},
                code="tag_too_long",
            )
        return names
