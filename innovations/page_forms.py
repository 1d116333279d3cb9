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

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.template.defaultfilters import floatformat
from django.utils.html import strip_tags
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.permissions import policy_registry

from jipp_site.text import clean_text

from .creation_token import CreationTokenFormMixin
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


FORMSET_LABELS = {
    "awards": gettext_lazy("Penghargaan"),
    "metrics": gettext_lazy("Metrik"),
    "documents": gettext_lazy("Kit replikasi"),
}


def tab_of_fields(model):
    """{field or formset name: tab heading} for a page model with a tabbed editor."""
    handler = model.get_edit_handler()
    tabs = {}
    for tab in handler.children:
        options = tab.get_form_options()
        for name in [*options.get("fields", []), *options.get("formsets", {})]:
            tabs.setdefault(name, str(tab.heading))
    return tabs


class TabbedErrorsMixin:
    """Errors say where they are, in Indonesian.

    An editor with several tabs shows a field's error only inside its tab: an error on the
    slug, in the "Promosi" tab, left people with "could not be saved" and nothing visible
    to fix. After validation, the form adds one message at the top naming each tab that
    holds an error and its fields. Wagtail's own slug message (English, and silent on
    which page holds the address) is replaced by one that names that page.
    """

    def full_clean(self):
        super().full_clean()
        if self.is_bound:
            self._explain_slug_clash()
            summary = self._tab_summary()
            if summary:
                self._errors.setdefault(NON_FIELD_ERRORS, self.error_class()).append(summary)

    def _explain_slug_clash(self):
        slug = self.data.get("slug")
        if "slug" not in self._errors or not slug or self.parent_page is None:
            return
        holder = (
            self.parent_page.get_children().filter(slug=slug).exclude(pk=self.instance.pk).first()
        )
        if holder is not None:
            self._errors["slug"] = self.error_class(
                [
                    _(
                        "Alamat (slug) '%(slug)s' sudah dipakai halaman “%(title)s” "
                        "di simpul ini. Ganti slug, mis. '%(slug)s-2'."
                    )
                    % {"slug": slug, "title": holder.get_admin_display_title()}
                ]
            )

    def _tab_summary(self):
        tabs = tab_of_fields(type(self.instance))
        if len(set(tabs.values())) < 2:
            return None
        by_tab = {}
        for name in self._errors:
            if name in self.fields and name in tabs:
                by_tab.setdefault(tabs[name], []).append(str(self.fields[name].label))
        for name, formset in getattr(self, "formsets", {}).items():
            if name in tabs and formset.is_bound and not formset.is_valid():
                label = FORMSET_LABELS.get(name, name)
                by_tab.setdefault(tabs[name], []).append(str(label))
        if not by_tab:
            return None
        parts = [
            _("tab “%(tab)s” (%(fields)s)") % {"tab": tab, "fields": ", ".join(fields)}
            for tab, fields in by_tab.items()
        ]
        return _("Ada isian yang perlu diperbaiki di %(places)s.") % {"places": "; ".join(parts)}


class InnovationPageForm(TabbedErrorsMixin, CreationTokenFormMixin, WagtailAdminPageForm):
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

    def clean(self):
        cleaned_data = super().clean()
        # An untouched rich-text editor posts one empty paragraph, which passed as filled
        # in: a section with no text is empty, and required when the page is submitted
        # or published (a draft may leave it; see Wagtail's deferred validation).
        for spec in SECTIONS.values():
            value = cleaned_data.get(spec.field)
            if value and not strip_tags(value).strip():
                cleaned_data[spec.field] = ""
                if self.fields[spec.field].required:
                    self.add_error(spec.field, self.fields[spec.field].error_messages["required"])
        return cleaned_data

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


class HubPageForm(TabbedErrorsMixin, CreationTokenFormMixin, WagtailAdminPageForm):
    """The hub's own settings: only its moderators (and superusers) may let coordinators
    publish without review; for anyone else the box is shown but cannot be changed."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields.get("coordinators_can_publish")
        if field is not None and not self._user_moderates_hub():
            field.disabled = True

    def _user_moderates_hub(self):
        user = self.for_user
        if user is None or user.is_superuser:
            return True
        moderators_id = self.instance.moderators_id
        return bool(moderators_id) and user.groups.filter(pk=moderators_id).exists()
