"""JIPP hubs: each publishes its own innovations under one hub index."""

from django import forms
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.db import models
from django.http import Http404
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Collection, Page
from wagtail.search import index

from jipp_site.english_fields import english_rich_text, english_title
from jipp_site.i18n import in_reader_language
from jipp_site.routing import RoutedPageMixin
from jipp_site.text import CleanTextMixin

from ..creation_token import CreationTokenPanel
from ..page_forms import HubPageForm
from ..rules import (
    MINISTRY_KIND,
    MINISTRY_REQUIRED,
    PROVINCE_REQUIRED,
    REGENCY_KIND,
    REGENCY_OUTSIDE_PROVINCE,
    REGENCY_REQUIRED,
    Level,
    Place,
    place_problems,
)
from ..widgets import RegencySelect
from .contact import validate_phone
from .fields import optional_place

HUB_PLACE_MESSAGES = {
    MINISTRY_REQUIRED: _("Simpul kementerian/lembaga harus menyebut kementerian/lembaganya."),
    MINISTRY_KIND: _("Jenis simpul tidak cocok dengan jenis kementerian/lembaga yang dipilih."),
    PROVINCE_REQUIRED: _("Simpul daerah harus menyebut provinsinya."),
    REGENCY_REQUIRED: _("Simpul kabupaten/kota harus menyebut kabupaten/kotanya."),
    REGENCY_OUTSIDE_PROVINCE: _("Kabupaten/kota ini tidak berada di provinsi yang dipilih."),
    REGENCY_KIND: _("Jenis simpul tidak cocok dengan kabupaten/kota yang dipilih."),
}


class LiveParentRouteMixin:
    """Wagtail's routing checks only the page at the end of the URL, so an innovation under
    an unpublished hub still answered 200 at its own address. A page routed through an
    unpublished one is not found either. Editors still see it: previews and "view draft"
    do not route."""

    def route(self, request, path_components):
        if path_components and not self.live:
            raise Http404
        return super().route(request, path_components)


# One enum: a hub's kind is the level it publishes at (innovations.rules.Level).
HubKind = Level


def group_by_kind(hubs):
    """[(kind, label, hubs)] in HubKind's order (ministries, agencies, provinces, kabupaten,
    kota), each kind with hubs only."""
    by_kind = {}
    for hub in hubs:
        by_kind.setdefault(hub.kind, []).append(hub)
    return [(kind, label, by_kind[kind]) for kind, label in HubKind.choices if kind in by_kind]


class HubIndexPage(LiveParentRouteMixin, RoutedPageMixin, CleanTextMixin, Page):
    title_en = english_title()
    intro = RichTextField(_("pengantar"), blank=True)
    intro_en = english_rich_text(_("pengantar dalam bahasa Inggris"))

    content_panels = Page.content_panels + [
        FieldPanel("title_en"),
        FieldPanel("intro"),
        FieldPanel("intro_en"),
    ]
    parent_page_types = ["home.HomePage"]
    subpage_types = ["innovations.HubPage"]
    max_count = 1

    class Meta:
        verbose_name = _("indeks simpul")

    @property
    def reader_title(self):
        return in_reader_language(self.title, self.title_en)

    @property
    def reader_intro(self):
        return in_reader_language(self.intro, self.intro_en)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["hubs"] = hubs = self.hubs_with_counts()
        context["hub_groups"] = group_by_kind(hubs)
        return context

    def hubs_with_counts(self):
        """Live public hubs, each with the number of its live public innovations."""
        from django.db.models.functions import Substr

        from .innovation import InnovationPage, public_q

        hubs = list(
            HubPage.objects.child_of(self)
            .live()
            .filter(public_q())
            .select_related("province", "ministry")
        )
        # One grouped query instead of one per hub: a child's path starts with its parent's.
        # order_by() drops the page manager's ORDER BY path, which would otherwise be added
        # to the GROUP BY and give one row per innovation instead of one per hub.
        prefix_length = (self.depth + 1) * Page.steplen
        counts = dict(
            InnovationPage.objects.live()
            .filter(public_q())
            .descendant_of(self)
            .order_by()
            .annotate(hub_path=Substr("path", 1, prefix_length))
            .values_list("hub_path")
            .annotate(n=models.Count("pk"))
            .values_list("hub_path", "n")
        )
        for hub in hubs:
            hub.innovation_count = counts.get(hub.path, 0)
        return sorted(hubs, key=lambda h: (h.kind not in ("kementerian", "lembaga"), h.title))


class HubPage(LiveParentRouteMixin, RoutedPageMixin, CleanTextMixin, Page):
    kind = models.CharField(_("jenis simpul"), max_length=12, choices=Level.choices)
    ministry = optional_place("MinistryAgency", _("kementerian/lembaga"), "hubs")
    province = optional_place("Province", _("provinsi"), "hubs")
    regency = optional_place("Regency", _("kabupaten/kota"), "hubs")
    description = RichTextField(_("deskripsi"), blank=True)
    logo = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("logo"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    website = models.URLField(_("situs web"), blank=True)
    is_demo = models.BooleanField(
        _("profil demonstrasi"),
        default=False,
        help_text=_("Ditandai di situs sebagai profil contoh, bukan data resmi simpul."),
    )
    contact_name = models.CharField(_("narahubung"), max_length=150, blank=True)
    contact_role = models.CharField(_("jabatan narahubung"), max_length=150, blank=True)
    contact_email = models.EmailField(_("surel"), blank=True)
    contact_phone = models.CharField(
        _("telepon"), max_length=40, blank=True, validators=[validate_phone]
    )
    contact_address = models.TextField(_("alamat"), blank=True)
    coordinators_can_publish = models.BooleanField(
        _("koordinator boleh menerbitkan langsung"),
        default=False,
        help_text=_(
            "Jika dicentang, koordinator simpul dapat menerbitkan tanpa persetujuan "
            "moderator. Hanya moderator simpul yang dapat mengubahnya; berlaku setelah "
            "halaman simpul diterbitkan."
        ),
    )

    # Set up once, when the hub is first created (see innovations.permissions).
    coordinators = models.OneToOneField(
        Group, null=True, blank=True, editable=False, on_delete=models.SET_NULL, related_name="+"
    )
    moderators = models.OneToOneField(
        Group, null=True, blank=True, editable=False, on_delete=models.SET_NULL, related_name="+"
    )
    collection = models.OneToOneField(
        Collection,
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # The hub's own review workflow (innovations.review), assigned to the hub page.
    review_workflow = models.OneToOneField(
        "wagtailcore.Workflow",
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    content_panels = Page.content_panels + [
        MultiFieldPanel(
            [
                FieldPanel("kind"),
                FieldPanel("ministry", widget=forms.Select),
                FieldPanel("province", widget=forms.Select),
                FieldPanel("regency", widget=RegencySelect("province")),
            ],
            heading=_("Pemilik simpul"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("description"),
                FieldPanel("logo"),
                FieldPanel("website"),
                FieldPanel("contact_address"),
                FieldPanel("is_demo"),
            ],
            heading=_("Profil simpul"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("contact_name"),
                FieldPanel("contact_role"),
                FieldPanel("contact_email"),
                FieldPanel("contact_phone"),
            ],
            heading=_("Kontak"),
        ),
        MultiFieldPanel(
            [FieldPanel("coordinators_can_publish")],
            heading=_("Tinjauan"),
        ),
        CreationTokenPanel(),
    ]
    search_fields = Page.search_fields + [index.SearchField("description")]
    parent_page_types = ["innovations.HubIndexPage"]
    subpage_types = ["innovations.InnovationPage"]

    base_form_class = HubPageForm

    class Meta:
        verbose_name = _("simpul JIPP")
        verbose_name_plural = _("simpul JIPP")

    def with_content_json(self, content):
        # Revisions must never roll the hub's access set-up back to an older state.
        obj = super().with_content_json(content)
        obj.coordinators_id = self.coordinators_id
        obj.moderators_id = self.moderators_id
        obj.collection_id = self.collection_id
        obj.review_workflow_id = self.review_workflow_id
        return obj

    def clean(self):
        super().clean()
        place = Place.of(
            self.kind,
            self.ministry if self.ministry_id else None,
            self.province_id,
            self.regency if self.regency_id else None,
        )
        errors = {field: HUB_PLACE_MESSAGES[rule] for rule, field in place_problems(place)}
        if errors:
            raise ValidationError(errors)

    def get_context(self, request, *args, **kwargs):
        from ..cards import cards_for
        from .innovation import InnovationPage, public_q

        context = super().get_context(request, *args, **kwargs)
        context["innovations"] = cards_for(
            InnovationPage.objects.child_of(self)
            .live()
            .filter(public_q())
            .order_by("-year_launched", "title"),
            request,
        )
        return context
