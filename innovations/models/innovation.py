"""The innovation case study, the heart of the hub."""

import datetime
import functools
import logging
from dataclasses import dataclass

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator, MinValueValidator
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.utils.html import strip_tags
from django.utils.translation import gettext_lazy as _
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from taggit.models import TaggedItemBase
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    InlinePanel,
    MultiFieldPanel,
    ObjectList,
    TabbedInterface,
)
from wagtail.fields import RichTextField
from wagtail.models import Orderable, Page, PageManager, PageViewRestriction
from wagtail.query import PageQuerySet
from wagtail.search import index

from jipp_site.related_json import Related, attach_related, with_related
from jipp_site.request_memo import memoized
from jipp_site.routing import RoutedPageMixin
from jipp_site.text import CleanTextMixin

from ..creation_token import CreationTokenPanel
from ..limits import (
    MAX_AWARDS,
    MAX_KIT_DOCUMENTS,
    MAX_LEGAL_BASIS_CHARACTERS,
    MAX_METRICS,
    MAX_SECTION_CHARACTERS,
    MAX_SECTION_HTML_CHARACTERS,
)
from ..page_forms import InnovationPageForm
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
    replication_cycle,
)
from ..widgets import RegencySelect
from .contact import Contact, validate_phone
from .fields import optional_place
from .sections import SECTIONS

EARLIEST_YEAR = 1945
# The reference status (innovations/data/reference.json) shown publicly as "dihentikan";
# every other status is "aktif".
DISCONTINUED_STATUS = "berhenti"
HERO_SPECS = {
    "small": "fill-480x240|format-webp",
    "medium": "fill-800x400|format-webp",
    "large": "fill-1200x600|format-webp",
}

logger = logging.getLogger(__name__)


def current_year():
    return datetime.date.today().year


def validate_year_not_in_future(value):
    if value is not None and value > current_year():
        raise ValidationError(
            _("Tahun %(value)s belum terjadi; paling akhir %(max)s."),
            params={"value": value, "max": current_year()},
        )


class Language(models.TextChoices):
    INDONESIAN = "id", _("Bahasa Indonesia")
    ENGLISH = "en", _("English")


class Provenance(models.TextChoices):
    NONE = "", _("—")
    REPORTED = "reported", _("Berdasarkan laporan publik")
    ILLUSTRATIVE = "illustrative", _("Ilustratif")


class InnovationPageTag(TaggedItemBase):
    content_object = ParentalKey(
        "innovations.InnovationPage", related_name="tagged_items", on_delete=models.CASCADE
    )


class InnovationQuerySet(PageQuerySet):
    def visible(self):
        """Innovations anyone may read: live, with no view restriction on them or their
        ancestors, and under ancestors that are live too (a withdrawn hub hides its
        innovations). Search indexes exactly these; statistics, feeds, the sitemap and the
        pages' own lineage links show nothing else."""
        return self.filter(visible_q())


@dataclass(frozen=True)
class HiddenSections:
    """The subtrees the public cannot see: pages with a view restriction (Wagtail's
    `public()` excludes them and everything under them) and unpublished pages with
    children (whatever lies under a withdrawn hub is hidden too)."""

    restricted: tuple  # ((path, depth), ...) of the pages carrying a view restriction
    unpublished: tuple  # paths of unpublished pages that have children


def hidden_sections():
    """Read in one query, and once per public request (jipp_site.request_memo): a page
    asks `visible()` for its lineage, its summary and each similar card."""
    return memoized("innovations:hidden_sections", _read_hidden_sections)


def _read_hidden_sections():
    restricted = Exists(PageViewRestriction.objects.filter(page=OuterRef("pk")))
    rows = (
        Page.objects.annotate(restricted=restricted)
        .filter(Q(live=False, numchild__gt=0) | Q(restricted=True))
        .order_by("path")
        .values_list("path", "depth", "live", "numchild", "restricted")
    )
    restricted_pages, unpublished = [], []
    for path, depth, live, numchild, is_restricted in rows:
        if is_restricted:
            restricted_pages.append((path, depth))
        if not live and numchild > 0:
            unpublished.append(path)
    return HiddenSections(tuple(restricted_pages), tuple(unpublished))


def public_q(prefix=""):
    """Wagtail's `public()` as a condition, from the request's reading of the restricted
    subtrees (Wagtail reads every view restriction anew at each call)."""
    q = Q()
    for path, depth in hidden_sections().restricted:
        q &= ~Q(**{f"{prefix}path__startswith": path, f"{prefix}depth__gte": depth})
    return q


def visible_q(prefix=""):
    """The condition of `visible()` on the page at `prefix` ("replicated_from__" for the
    page an innovation replicates): one definition for the queryset and its annotations."""
    q = Q(**{f"{prefix}live": True}) & public_q(prefix)
    for path in hidden_sections().unpublished:
        q &= ~Q(**{f"{prefix}path__startswith": path})
    return q


def unpublished_ancestor_paths():
    """Paths of unpublished pages that have children (hubs, the hub index, the home page):
    whatever lies under one of them is hidden from the public."""
    return list(hidden_sections().unpublished)


def _original_id(page_id):
    return (
        InnovationPage.objects.filter(pk=page_id)
        .values_list("replicated_from_id", flat=True)
        .first()
    )


def _section_field(label, help_text):
    return RichTextField(
        label,
        features=["bold", "italic", "ol", "ul", "link", "h3", "h4"],
        help_text=help_text,
    )


class InnovationPage(RoutedPageMixin, CleanTextMixin, Page):
    objects = PageManager.from_queryset(InnovationQuerySet)()

    acronym = models.CharField(_("akronim"), max_length=40, blank=True)
    tagline = models.CharField(
        _("tagline"),
        max_length=140,
        validators=[MaxLengthValidator(140)],
        help_text=_("Satu kalimat, paling banyak 140 karakter."),
    )
    language = models.CharField(
        _("bahasa"), max_length=2, choices=Language.choices, default=Language.INDONESIAN
    )
    institution = models.CharField(_("instansi pelaksana"), max_length=255)
    level = models.CharField(_("tingkat"), max_length=12, choices=Level.choices)
    ministry = optional_place("MinistryAgency", _("kementerian/lembaga"), "innovations")
    province = optional_place("Province", _("provinsi"), "innovations")
    regency = optional_place("Regency", _("kabupaten/kota"), "innovations")
    sector = models.ForeignKey(
        "innovations.Sector",
        verbose_name=_("sektor utama"),
        null=True,  # a draft may leave it empty; publishing requires it (blank=False)
        on_delete=models.PROTECT,
        related_name="primary_innovations",
    )
    secondary_sectors = ParentalManyToManyField(
        "innovations.Sector",
        verbose_name=_("sektor lain"),
        blank=True,
        related_name="secondary_innovations",
    )
    channels = ParentalManyToManyField(
        "innovations.ServiceChannel", verbose_name=_("kanal layanan"), related_name="innovations"
    )
    sdgs = ParentalManyToManyField(
        "innovations.SDG", verbose_name=_("TPB/SDGs"), blank=True, related_name="innovations"
    )
    year_launched = models.PositiveSmallIntegerField(
        _("tahun diluncurkan"),
        null=True,
        validators=[MinValueValidator(EARLIEST_YEAR), validate_year_not_in_future],
    )
    stage = models.ForeignKey(
        "innovations.Stage", verbose_name=_("tahapan"), null=True, on_delete=models.PROTECT
    )
    status = models.ForeignKey(
        "innovations.Status", verbose_name=_("status"), null=True, on_delete=models.PROTECT
    )
    tags = ClusterTaggableManager(through=InnovationPageTag, blank=True, verbose_name=_("tag"))
    replicated_from = models.ForeignKey(
        "self",
        verbose_name=_("mereplikasi inovasi"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="replications",
        help_text=_("Inovasi asli yang direplikasi atau diadaptasi oleh inovasi ini."),
    )
    budget_idr = models.PositiveBigIntegerField(_("anggaran tahunan (Rp)"), null=True, blank=True)
    # Several at once is common (APBD with Dana Desa, APBD with CSR); empty means not stated.
    funding_sources = ParentalManyToManyField(
        "innovations.FundingSource",
        verbose_name=_("sumber dana"),
        blank=True,
        related_name="innovations",
        help_text=_("Pilih semua yang membiayai inovasi; kosongkan bila tidak diketahui."),
    )
    hero_image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("gambar utama"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    summary = _section_field(*SECTIONS["ringkasan"].labels)
    background = _section_field(*SECTIONS["latar_belakang"].labels)
    novelty = _section_field(*SECTIONS["kebaruan"].labels)
    implementation = _section_field(*SECTIONS["implementasi"].labels)
    impact = _section_field(*SECTIONS["dampak"].labels)
    resources = _section_field(*SECTIONS["sumber_daya"].labels)
    sustainability = _section_field(*SECTIONS["keberlanjutan"].labels)
    replication = _section_field(*SECTIONS["replikasi"].labels)

    legal_basis = models.TextField(
        _("dasar hukum"),
        blank=True,
        validators=[MaxLengthValidator(MAX_LEGAL_BASIS_CHARACTERS)],
        help_text=_(
            "Peraturan yang menjadi dasar inovasi (mis. Perbup No. 12 Tahun 2021), satu per "
            "baris; paling banyak 2.000 karakter."
        ),
    )
    # Who answers questions about this innovation; empty means the hub's contact.
    contact_name = models.CharField(_("narahubung"), max_length=150, blank=True)
    contact_role = models.CharField(_("jabatan narahubung"), max_length=150, blank=True)
    contact_email = models.EmailField(_("surel narahubung"), blank=True)
    contact_phone = models.CharField(
        _("telepon narahubung"), max_length=40, blank=True, validators=[validate_phone]
    )

    provenance = models.CharField(
        _("asal data"), max_length=12, choices=Provenance.choices, blank=True
    )
    is_demo = models.BooleanField(
        _("konten demonstrasi"),
        default=False,
        help_text=_("Ditandai di situs sebagai konten demonstrasi."),
    )
    # Set when the coordinator confirms the record is still accurate (innovations.freshness);
    # kept outside revisions, like a publication date: a one-click re-verification must not
    # create a draft, and an older revision must not roll it back.
    last_verified = models.DateField(_("terakhir diverifikasi"), null=True, blank=True,
                                     editable=False)  # fmt: skip
    # Fingerprint of the imported record, so re-importing an unchanged file writes nothing.
    source_hash = models.CharField(max_length=64, blank=True, editable=False)

    identity_panels = Page.content_panels + [
        FieldPanel("acronym"),
        # Two lines that grow with the text: 140 characters do not fit a one-line box.
        FieldPanel("tagline", widget=forms.Textarea(attrs={"rows": 2, "maxlength": 140})),
        FieldRowPanel([FieldPanel("institution"), FieldPanel("language")]),
        FieldPanel("hero_image"),
        FieldPanel("is_demo"),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("contact_name"), FieldPanel("contact_role")]),
                FieldRowPanel([FieldPanel("contact_email"), FieldPanel("contact_phone")]),
            ],
            heading=_("Narahubung"),
            help_text=_("Kosongkan untuk memakai narahubung simpul."),
        ),
        CreationTokenPanel(),
    ]
    classification_panels = [
        MultiFieldPanel(
            [
                FieldPanel("level"),
                FieldPanel("ministry", widget=forms.Select),
                FieldRowPanel(
                    [
                        FieldPanel("province", widget=forms.Select),
                        FieldPanel("regency", widget=RegencySelect("province")),
                    ]
                ),
            ],
            heading=_("Tempat"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("sector", widget=forms.Select),
                FieldPanel("secondary_sectors", widget=forms.CheckboxSelectMultiple),
                # Many-to-many: Wagtail would require it even for a draft.
                FieldPanel("channels", widget=forms.CheckboxSelectMultiple, required_on_save=False),
                FieldPanel("sdgs", widget=forms.CheckboxSelectMultiple),
            ],
            heading=_("Klasifikasi"),
        ),
        FieldRowPanel(
            [
                FieldPanel("year_launched"),
                FieldPanel("stage", widget=forms.Select),
                FieldPanel("status", widget=forms.Select),
            ]
        ),
        InlinePanel("awards", heading=_("Penghargaan"), label=_("Penghargaan"), max_num=MAX_AWARDS),
        FieldPanel("tags"),
    ]
    story_panels = [
        FieldPanel("summary"),
        FieldPanel("background"),
        FieldPanel("novelty"),
        FieldPanel("implementation"),
    ]
    results_panels = [
        FieldPanel("impact"),
        InlinePanel("metrics", heading=_("Metrik"), label=_("Metrik"), max_num=MAX_METRICS),
        FieldPanel("resources"),
        FieldPanel("budget_idr"),
        FieldPanel("funding_sources", widget=forms.CheckboxSelectMultiple),
        FieldPanel("sustainability"),
    ]
    replication_panels = [
        FieldPanel("replication"),
        FieldPanel("replicated_from"),
        FieldPanel("legal_basis"),
        InlinePanel(
            "documents",
            heading=_("Kit replikasi"),
            label=_("Dokumen"),
            max_num=MAX_KIT_DOCUMENTS,
        ),
    ]
    edit_handler = TabbedInterface(
        [
            ObjectList(identity_panels, heading=_("Identitas")),
            ObjectList(classification_panels, heading=_("Tempat & klasifikasi")),
            ObjectList(story_panels, heading=_("Cerita inovasi")),
            ObjectList(results_panels, heading=_("Dampak & sumber daya")),
            ObjectList(replication_panels, heading=_("Replikasi")),
            ObjectList(Page.promote_panels, heading=_("Promosi")),
        ]
    )

    search_fields = Page.search_fields + [
        index.SearchField("acronym"),
        index.SearchField("tagline"),
        index.SearchField("institution"),
        index.SearchField("summary"),
        index.FilterField("level"),
        index.FilterField("province"),
        index.FilterField("sector"),
        index.FilterField("year_launched"),
    ]
    parent_page_types = ["innovations.HubPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("inovasi")
        verbose_name_plural = _("inovasi")
        indexes = [models.Index(fields=["year_launched"])]
        # National curators (innovations.permissions): read every hub, edit none.
        permissions = [
            ("view_network", _("Dapat melihat seluruh jaringan simpul (hanya baca)")),
        ]

    base_form_class = InnovationPageForm

    @classmethod
    def load_for_serving(cls, pk):
        """The page as the public sees it, with everything its template reads, in one
        query (jipp_site.routing): its reference data joined, the page it replicates
        with whether the public may see it, and its lists (awards, metrics, tags, sectors,
        channels, sources of funds, SDGs, kit documents) as JSON (jipp_site.related_json)."""
        relations = serving_relations()
        page = (
            with_related(cls.objects.filter(pk=pk), relations)
            .select_related(
                "sector", "province", "regency", "ministry", "stage", "status", "hero_image",
                "replicated_from__province", "replicated_from__regency",
                "replicated_from__ministry",
            )
            .annotate(
                original_visible=models.ExpressionWrapper(
                    Q(replicated_from__isnull=False) & visible_q("replicated_from__"),
                    output_field=models.BooleanField(),
                )
            )
            .first()
        )  # fmt: skip
        return attach_related(page, relations) if page is not None else None

    def with_content_json(self, content):
        obj = super().with_content_json(content)
        obj.last_verified = self.last_verified
        return obj

    @property
    def verified_on(self):
        """The date the record was last confirmed: its verification, or else its last
        publication (a moderator's approval is a check too)."""
        if self.last_verified:
            return self.last_verified
        published = self.last_published_at or self.first_published_at
        return published.date() if published else None

    @property
    def is_discontinued(self):
        """ "Dihentikan" publicly: the innovation's status says it stopped."""
        return self.status_id == DISCONTINUED_STATUS

    def clean(self):
        super().clean()
        errors = {}
        self._check_place(errors)
        self._check_lineage(errors)
        self._check_section_sizes(errors)
        if errors:
            raise ValidationError(errors)

    def _check_section_sizes(self, errors):
        for spec in SECTIONS.values():
            html = getattr(self, spec.field) or ""
            text_length = len(strip_tags(html))
            if text_length > MAX_SECTION_CHARACTERS or len(html) > MAX_SECTION_HTML_CHARACTERS:
                errors[spec.field] = _(
                    "%(section)s terlalu panjang: %(length)s karakter; paling banyak %(max)s "
                    "(dengan format paling banyak %(max_html)s)."
                ) % {
                    "section": spec.label,
                    "length": text_length,
                    "max": MAX_SECTION_CHARACTERS,
                    "max_html": MAX_SECTION_HTML_CHARACTERS,
                }

    def _check_place(self, errors):
        place = Place.of(
            self.level,
            self.ministry if self.ministry_id else None,
            self.province_id,
            self.regency if self.regency_id else None,
        )
        for rule, field in place_problems(place):
            errors[field] = self._place_message(rule)

    def _place_message(self, rule):
        if rule == MINISTRY_REQUIRED:
            return _(
                "Inovasi tingkat kementerian/lembaga harus menyebut kementerian atau lembaganya."
            )
        if rule == MINISTRY_KIND:
            return _("%(ministry)s adalah %(kind)s, tidak cocok dengan tingkat %(level)s.") % {
                "ministry": self.ministry.name,
                "kind": self.ministry.get_kind_display(),
                "level": self.get_level_display(),
            }
        if rule == PROVINCE_REQUIRED:
            return _("Inovasi daerah harus menyebut provinsinya.")
        if rule == REGENCY_REQUIRED:
            return _("Inovasi tingkat kabupaten/kota harus menyebut kabupaten/kotanya.")
        if rule == REGENCY_OUTSIDE_PROVINCE:
            return _("%(regency)s tidak berada di Provinsi %(province)s.") % {
                "regency": self.regency.name,
                "province": self.province.name,
            }
        assert rule == REGENCY_KIND, rule
        return _("Tingkat %(level)s tidak cocok dengan %(regency)s.") % {
            "level": self.get_level_display(),
            "regency": self.regency.name,
        }

    def _check_lineage(self, errors):
        if not self.replicated_from_id:
            return
        if self.pk and self.replicated_from_id == self.pk:
            errors["replicated_from"] = _("Inovasi tidak dapat mereplikasi dirinya sendiri.")
            return
        if replication_cycle(self.pk, self.replicated_from_id, _original_id) is not None:
            errors["replicated_from"] = _(
                "Pilihan ini membentuk siklus replikasi (%(title)s sudah mereplikasi "
                "inovasi ini, langsung atau tidak langsung)."
            ) % {"title": self.replicated_from.title}

    # Lineage for the public page: only what the public may see. Each is read once per page
    # object (the page, its structured data and its map all ask).
    def public_original(self):
        if "_public_original" not in self.__dict__:
            self._public_original = self._read_public_original()
        return self._public_original

    def _read_public_original(self):
        if not self.replicated_from_id:
            return None
        known = getattr(self, "original_visible", None)  # for_serving's annotation
        if known is not None:
            return self.replicated_from if known else None
        return InnovationPage.objects.visible().filter(pk=self.replicated_from_id).first()

    def public_replications(self):
        """[InnovationPage] replicating this one, oldest first, with their places."""
        if "_public_replications" not in self.__dict__:
            self._public_replications = list(
                InnovationPage.objects.visible()
                .filter(replicated_from=self)
                .select_related("province", "regency", "ministry")
                .order_by("year_launched", "title")
            )
        return self._public_replications

    def contact(self):
        """The innovation's own contact, or else its hub's (None when neither names anyone)."""
        own = Contact.of(self)
        if own:
            return own
        hub = self.parent_hub()
        return Contact.of(hub, from_hub=True) if hub is not None else None

    def parent_hub(self):
        """The hub that publishes this innovation (its parent), or None. Read once per page
        object: the profile beside the page, its contact, its preview picture and its
        structured data all ask (a routed page already knows its parent: one query)."""
        if "_parent_hub" not in self.__dict__:
            from .hubs import HubPage

            parent = self.get_parent().specific if self.depth and self.depth > 1 else None
            self._parent_hub = parent if isinstance(parent, HubPage) else None
        return self._parent_hub

    def legal_basis_lines(self):
        return [line.strip() for line in self.legal_basis.splitlines() if line.strip()]

    def hero_renditions(self):
        """The hero image at three widths ({"small", "medium", "large"}), or None: also when
        the file cannot be rendered (missing, or beyond Pillow's decompression-bomb limit,
        as an image uploaded before the pixel limit may be). The page then shows without it."""
        if not self.hero_image_id:
            return None
        try:
            renditions = self.hero_image.get_renditions(*HERO_SPECS.values())
        except Exception:  # noqa: BLE001 (any decoding failure: the page must still show)
            logger.warning("Hero image %s of page %s not rendered", self.hero_image_id, self.pk,
                           exc_info=True)  # fmt: skip
            return None
        return {size: renditions[spec] for size, spec in HERO_SPECS.items()}

    def sections(self):
        """The eight sections in reading order, with their labels, skipping empty ones."""
        return [
            (spec, getattr(self, spec.field))
            for spec in SECTIONS.values()
            if getattr(self, spec.field)
        ]

    @property
    def place_label(self):
        """place_name in the reader's language: a ministry has an English name."""
        if self.regency_id or self.province_id:
            return self.place_name
        return self.ministry.label if self.ministry_id else ""

    @property
    def place_name(self):
        if self.regency_id:
            return f"{self.regency.name}, {self.province.name}"
        if self.province_id:
            return self.province.name
        return self.ministry.name if self.ministry_id else ""


class InnovationAward(CleanTextMixin, Orderable):
    page = ParentalKey(InnovationPage, related_name="awards", on_delete=models.CASCADE)
    name = models.CharField(_("penghargaan"), max_length=150, help_text=_("mis. Top 45 KIPP 2023"))

    panels = [FieldPanel("name")]

    def __str__(self):
        return self.name


class InnovationMetric(CleanTextMixin, Orderable):
    page = ParentalKey(InnovationPage, related_name="metrics", on_delete=models.CASCADE)
    label = models.CharField(_("indikator"), max_length=255)
    before = models.DecimalField(
        _("sebelum"), max_digits=18, decimal_places=2, null=True, blank=True
    )
    after = models.DecimalField(_("sesudah"), max_digits=18, decimal_places=2)
    unit = models.CharField(_("satuan"), max_length=60, blank=True)

    panels = [
        FieldPanel("label"),
        FieldRowPanel([FieldPanel("before"), FieldPanel("after"), FieldPanel("unit")]),
    ]

    def __str__(self):
        return self.label


class KitDocumentKind(models.TextChoices):
    SOP = "sop", _("SOP")
    REGULATION = "regulasi", _("Regulasi (Perbup/Perwal/Pergub)")
    BUDGET = "anggaran", _("Templat anggaran")
    TOR = "kak", _("Kerangka acuan kerja (KAK)")
    TRAINING = "pelatihan", _("Materi pelatihan")
    OTHER = "lainnya", _("Lainnya")


class InnovationDocument(CleanTextMixin, Orderable):
    page = ParentalKey(InnovationPage, related_name="documents", on_delete=models.CASCADE)
    document = models.ForeignKey(
        "wagtaildocs.Document",
        verbose_name=_("dokumen"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    title = models.CharField(
        _("judul"),
        max_length=255,
        blank=True,
        help_text=_("Kosongkan untuk memakai judul dokumen."),
    )

    kind = models.CharField(
        _("jenis dokumen"),
        max_length=12,
        choices=KitDocumentKind.choices,
        default=KitDocumentKind.OTHER,
    )
    language = models.CharField(
        _("bahasa"), max_length=2, choices=Language.choices, default=Language.INDONESIAN
    )

    panels = [
        FieldPanel("document"),
        FieldPanel("title"),
        FieldRowPanel([FieldPanel("kind"), FieldPanel("language")]),
    ]

    @property
    def display_title(self):
        return self.title or self.document.title


def _reference(name, through_link, target, model, fields, order):
    through = getattr(InnovationPage, name).through
    return Related(
        name, through.objects.all(), through_link,
        {key: f"{target}__{key}" for key in fields}, order, model=model,
    )  # fmt: skip


@functools.cache
def serving_relations():
    """What the public innovation page lists, read as JSON with the page (built once per
    process: see Related.subquery)."""
    from taggit.models import Tag
    from wagtail.documents import get_document_model

    from .reference import SDG, FundingSource, Sector, ServiceChannel

    reference = ("key", "name", "name_en", "sort_order")
    return [
        Related("awards", InnovationAward.objects.all(), "page",
                {f: f for f in ("id", "sort_order", "page_id", "name")}, ("sort_order", "id")),
        Related("metrics", InnovationMetric.objects.all(), "page",
                {f: f for f in ("id", "sort_order", "page_id", "label", "before", "after",
                                "unit")},
                ("sort_order", "id")),
        _reference("secondary_sectors", "innovationpage", "sector", Sector, reference,
                   ("sort_order", "key")),
        _reference("channels", "innovationpage", "servicechannel", ServiceChannel,
                   (*reference, "description"), ("sort_order", "key")),
        _reference("funding_sources", "innovationpage", "fundingsource", FundingSource,
                   reference, ("sort_order", "key")),
        _reference("sdgs", "innovationpage", "sdg", SDG, ("number", "name_id", "name_en"),
                   ("number",)),
        Related("tags", InnovationPageTag.objects.all(), "content_object",
                {"id": "tag__id", "name": "tag__name", "slug": "tag__slug", "_through": "id"},
                ("_through",), model=Tag),
        Related("documents", InnovationDocument.objects.all(), "page",
                {f: f for f in ("id", "sort_order", "page_id", "document_id", "title", "kind",
                                "language")},
                ("sort_order", "id"),
                nested={"document": (get_document_model(), {
                    f: f"document__{f}" for f in ("id", "title", "file", "file_size")})}),
    ]  # fmt: skip
