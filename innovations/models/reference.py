"""Reference data that innovations and hubs point to; editable as snippets.

Kemendagri codes are the natural keys: they are what the import format and the
search API speak, so they are the primary keys too.
"""

from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.search import index

from jipp_site.text import CleanTextMixin

# Where the population figures come from (innovations/data/population.json).
POPULATION_SOURCE = _("Kepmendagri No. 300.2.2-2138 Tahun 2025 (25 April 2025)")
POPULATION_HELP = _("Menurut Kepmendagri No. 300.2.2-2138 Tahun 2025; dimuat dari data referensi.")
# Where the areas come from (innovations/data/area.json).
AREA_SOURCE = _("Badan Informasi Geospasial, surat No. B-16.10/DIGD-BIG/IGD.04.04/12/2024 "
                "(16 Desember 2024)")  # fmt: skip
AREA_HELP = _("Luas wilayah menurut Badan Informasi Geospasial (16 Desember 2024); dimuat dari "
              "data referensi.")  # fmt: skip


def area_field():
    return models.DecimalField(
        _("luas (km²)"), max_digits=10, decimal_places=3, null=True, blank=True, help_text=AREA_HELP
    )


class _Figures:
    """Density from the two official figures, population / area; None when one is missing
    (never estimated)."""

    @property
    def density(self):
        if not self.population or not self.area:
            return None
        return self.population / float(self.area)


def english_or(name, name_en):
    """`name_en` on the English pages when there is one, else `name`."""
    english = (get_language() or "id").startswith("en")
    return name_en if english and name_en else name


def split_names(text):
    """'Jabar, Jawa Barat' -> ['Jabar', 'Jawa Barat']."""
    return [name.strip() for name in text.split(",") if name.strip()]


class IslandGroup(CleanTextMixin, models.Model):
    """One of the main island groups (Sumatra, Jawa, ...), as officials name a region."""

    key = models.SlugField(_("kunci"), max_length=30, primary_key=True)
    name = models.CharField(_("nama"), max_length=100, unique=True)
    other_names = models.CharField(
        _("nama lain"),
        max_length=255,
        blank=True,
        help_text=_("Dipisah koma, mis. Sumatera, Sumatra."),
    )

    panels = [FieldPanel("key"), FieldPanel("name"), FieldPanel("other_names")]

    class Meta:
        ordering = ["name"]
        verbose_name = _("kelompok pulau")
        verbose_name_plural = _("kelompok pulau")

    def __str__(self):
        return self.name

    def names(self):
        return list(dict.fromkeys([self.name, *split_names(self.other_names)]))


class Province(_Figures, CleanTextMixin, index.Indexed, models.Model):
    code = models.CharField(
        _("kode Kemendagri"),
        max_length=2,
        primary_key=True,
        validators=[RegexValidator(r"^\d{2}$", _("Kode provinsi terdiri atas 2 angka."))],
    )
    name = models.CharField(_("nama"), max_length=100, unique=True)
    short_names = models.CharField(
        _("nama singkat"),
        max_length=200,
        blank=True,
        help_text=_("Sebutan singkat yang lazim, dipisah koma, mis. Jabar."),
    )
    island_group = models.ForeignKey(
        IslandGroup,
        verbose_name=_("kelompok pulau"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="provinces",
    )
    population = models.PositiveIntegerField(
        _("jumlah penduduk"), null=True, blank=True, help_text=POPULATION_HELP
    )
    area = area_field()
    # Provinces sharing a land border (innovations/data/province_neighbours.json).
    neighbours = models.ManyToManyField("self", verbose_name=_("provinsi bertetangga"), blank=True)

    panels = [
        FieldPanel("code"),
        FieldPanel("name"),
        FieldPanel("short_names"),
        FieldPanel("island_group"),
        FieldPanel("population"),
        FieldPanel("area"),
        FieldPanel("neighbours"),
    ]
    search_fields = [
        index.SearchField("name"),
        index.AutocompleteField("name"),
        index.FilterField("code"),
    ]

    class Meta:
        ordering = ["code"]
        verbose_name = _("provinsi")
        verbose_name_plural = _("provinsi")

    def __str__(self):
        return self.name


class Regency(_Figures, CleanTextMixin, index.Indexed, models.Model):
    class Kind(models.TextChoices):
        KABUPATEN = "kabupaten", _("Kabupaten")
        KOTA = "kota", _("Kota")

    code = models.CharField(
        _("kode Kemendagri"),
        max_length=5,
        primary_key=True,
        validators=[RegexValidator(r"^\d{2}\.\d{2}$", _("Kode kabupaten/kota berbentuk NN.NN."))],
    )
    province = models.ForeignKey(
        Province, on_delete=models.PROTECT, related_name="regencies", verbose_name=_("provinsi")
    )
    name = models.CharField(_("nama"), max_length=100)
    kind = models.CharField(_("jenis"), max_length=10, choices=Kind.choices)
    population = models.PositiveIntegerField(
        _("jumlah penduduk"), null=True, blank=True, help_text=POPULATION_HELP
    )
    area = area_field()

    panels = [
        FieldPanel("code"),
        FieldPanel("province"),
        FieldPanel("name"),
        FieldPanel("kind"),
        FieldPanel("population"),
        FieldPanel("area"),
    ]
    search_fields = [
        index.SearchField("name"),
        index.AutocompleteField("name"),
        index.FilterField("province_id"),
    ]

    class Meta:
        ordering = ["code"]
        verbose_name = _("kabupaten/kota")
        verbose_name_plural = _("kabupaten/kota")
        constraints = [
            models.UniqueConstraint(fields=["province", "name"], name="unique_regency_name")
        ]

    def __str__(self):
        return self.name


class MinistryAgency(CleanTextMixin, index.Indexed, models.Model):
    class Kind(models.TextChoices):
        KEMENTERIAN = "kementerian", _("Kementerian")
        LEMBAGA = "lembaga", _("Lembaga")

    name = models.CharField(_("nama"), max_length=150, unique=True)
    name_en = models.CharField(_("nama dalam bahasa Inggris"), max_length=150, blank=True)
    slug = models.SlugField(_("slug"), max_length=150, unique=True)
    kind = models.CharField(_("jenis"), max_length=12, choices=Kind.choices)
    acronym = models.CharField(_("singkatan"), max_length=30, blank=True)

    panels = [FieldPanel("name"), FieldPanel("name_en"), FieldPanel("slug"), FieldPanel("kind"),
              FieldPanel("acronym")]  # fmt: skip
    search_fields = [
        index.SearchField("name"),
        index.SearchField("acronym"),
        index.AutocompleteField("name"),
        index.AutocompleteField("acronym"),
    ]

    class Meta:
        ordering = ["name"]
        verbose_name = _("kementerian/lembaga")
        verbose_name_plural = _("kementerian/lembaga")

    def __str__(self):
        return self.name

    @property
    def label(self):
        return english_or(self.name, self.name_en)


class _KeyedName(CleanTextMixin, index.Indexed, models.Model):
    """A small vocabulary entry: a stable key used in URLs and imports, and a label."""

    key = models.SlugField(_("kunci"), max_length=50, primary_key=True)
    name = models.CharField(_("nama"), max_length=150)
    name_en = models.CharField(_("nama dalam bahasa Inggris"), max_length=150, blank=True)
    sort_order = models.PositiveSmallIntegerField(_("urutan"), default=0)

    panels = [
        FieldPanel("key"),
        FieldPanel("name"),
        FieldPanel("name_en"),
        FieldPanel("sort_order"),
    ]
    search_fields = [index.SearchField("name"), index.AutocompleteField("name")]

    class Meta:
        abstract = True
        ordering = ["sort_order", "key"]

    def __str__(self):
        return self.name

    @property
    def label(self):
        """The name in the reader's language (the Indonesian one when there is no English)."""
        return english_or(self.name, self.name_en)


class Sector(_KeyedName):
    class Meta(_KeyedName.Meta):
        verbose_name = _("sektor")
        verbose_name_plural = _("sektor")


class ServiceChannel(_KeyedName):
    """The four service ecosystems of the national public-service policy."""

    description = models.CharField(_("keterangan"), max_length=200, blank=True)
    panels = _KeyedName.panels + [FieldPanel("description")]

    class Meta(_KeyedName.Meta):
        verbose_name = _("kanal layanan")
        verbose_name_plural = _("kanal layanan")


class FundingSource(_KeyedName):
    """Where an innovation's money comes from: APBD, APBN, DAK, Dana Desa, CSR/swasta,
    hibah/donor, lainnya (innovations/data/reference.json)."""

    class Meta(_KeyedName.Meta):
        verbose_name = _("sumber dana")
        verbose_name_plural = _("sumber dana")


class Stage(_KeyedName):
    class Meta(_KeyedName.Meta):
        verbose_name = _("tahapan")
        verbose_name_plural = _("tahapan")


class Status(_KeyedName):
    class Meta(_KeyedName.Meta):
        verbose_name = _("status")
        verbose_name_plural = _("status")


class SDG(CleanTextMixin, models.Model):
    number = models.PositiveSmallIntegerField(
        _("nomor"), primary_key=True, validators=[MinValueValidator(1), MaxValueValidator(17)]
    )
    name_id = models.CharField(_("nama (Indonesia)"), max_length=150)
    name_en = models.CharField(_("nama (Inggris)"), max_length=150)

    panels = [FieldPanel("number"), FieldPanel("name_id"), FieldPanel("name_en")]

    class Meta:
        ordering = ["number"]
        verbose_name = _("TPB/SDG")
        verbose_name_plural = _("TPB/SDGs")

    def __str__(self):
        return f"{self.number}. {self.name}"

    @property
    def name(self):
        from django.utils.translation import get_language

        return self.name_en if (get_language() or "id").startswith("en") else self.name_id
