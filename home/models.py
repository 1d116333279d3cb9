"""The site's home page: what JIPP is, the search box, counts, featured and newest
innovations, and ways in by sector and by province."""

from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page

from jipp_site.english_fields import english_rich_text, english_title
from jipp_site.i18n import in_reader_language
from jipp_site.routing import RoutedPageMixin
from jipp_site.text import CleanTextMixin


class HomePage(RoutedPageMixin, CleanTextMixin, Page):
    intro = RichTextField(_("pengantar"), blank=True)
    intro_en = english_rich_text(_("pengantar dalam bahasa Inggris"))

    content_panels = Page.content_panels + [FieldPanel("intro"), FieldPanel("intro_en")]
    subpage_types = ["innovations.HubIndexPage", "home.StandardPage"]
    max_count = 1

    class Meta:
        verbose_name = _("beranda")

    @property
    def reader_intro(self):
        return in_reader_language(self.intro, self.intro_en)

    def get_context(self, request, *args, **kwargs):
        from innovations.cards import cards_for
        from innovations.figures import network_figures
        from innovations.models.innovation import public_q
        from stats.counts import innovation_counts, visible_innovations

        context = super().get_context(request, *args, **kwargs)
        # Only what anyone may read: live, public, and not under an unpublished hub.
        innovations = visible_innovations()
        counts = innovation_counts(innovations)
        context["innovation_count"] = counts.total
        context["hub_count"] = network_figures().hubs  # as the About page counts them
        context["province_count"] = len(counts.provinces_with_innovations)
        context["sectors"] = counts.sectors_with_innovations
        context["provinces"] = sorted(counts.provinces_with_innovations, key=lambda r: r.label)
        context["national_count"] = counts.national
        context["featured"], context["featured_by_curators"] = _featured(innovations, request)
        context["newest"] = cards_for(
            innovations.order_by("-first_published_at", "-pk")[:6], request
        )
        context["hub_index"] = (
            self.get_children().live().filter(public_q()).type(_hub_index_model()).first()
        )
        context["search_url"] = _url_or_none("search")
        context["statistics_url"] = _url_or_none("statistics")
        return context


def _featured(innovations, request):
    """(cards, chosen by the curators?): the national curators' featured list when it has
    an entry the public may read, in their order, each card with its reason; otherwise
    proven practice, picked automatically (stats.counts.featured_innovations)."""
    from innovations.cards import cards_for
    from innovations.models.featured import featured_for_home
    from stats.counts import featured_innovations

    entries = featured_for_home(innovations)
    if not entries:
        return cards_for(featured_innovations(innovations, limit=3), request), False
    cards = cards_for([entry.innovation for entry in entries], request)
    for card, entry in zip(cards, entries, strict=True):
        card.curator_note = entry.reader_note
    return cards, True


def _hub_index_model():
    from innovations.models import HubIndexPage

    return HubIndexPage


def _url_or_none(name):
    """The statistics page comes from the stats app's urlconf; the home page must render
    even where a site has not included it."""
    try:
        return reverse(name)
    except NoReverseMatch:
        return None


class StandardPage(RoutedPageMixin, CleanTextMixin, Page):
    """Plain content pages such as "Tentang JIPP"."""

    title_en = english_title()
    body = RichTextField(_("isi"), blank=True)
    body_en = english_rich_text(_("isi dalam bahasa Inggris"))

    content_panels = Page.content_panels + [
        FieldPanel("title_en"),
        FieldPanel("body"),
        FieldPanel("body_en"),
    ]
    parent_page_types = ["home.HomePage"]
    subpage_types = []

    class Meta:
        verbose_name = _("halaman biasa")

    @property
    def reader_title(self):
        return in_reader_language(self.title, self.title_en)

    @property
    def reader_body(self):
        return in_reader_language(self.body, self.body_en)

    def get_context(self, request, *args, **kwargs):
        from innovations.figures import network_figures

        context = super().get_context(request, *args, **kwargs)
        context["search_url"] = _url_or_none("search")
        context["statistics_url"] = _url_or_none("statistics")
        context["figures"] = network_figures()
        return context
