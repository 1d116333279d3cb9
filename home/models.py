"""The site's home page: what JIPP is, counts and the newest innovations."""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page


class HomePage(Page):
    intro = RichTextField(_("pengantar"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")]
    subpage_types = ["innovations.HubIndexPage", "home.StandardPage"]
    max_count = 1

    class Meta:
        verbose_name = _("beranda")

    def get_context(self, request, *args, **kwargs):
        from innovations.models import HubPage, InnovationPage

        context = super().get_context(request, *args, **kwargs)
        innovations = InnovationPage.objects.live().public()
        context["innovation_count"] = innovations.count()
        context["hub_count"] = HubPage.objects.live().public().count()
        context["province_count"] = (
            innovations.exclude(province=None).values("province").distinct().count()
        )
        context["newest"] = innovations.select_related(
            "province", "regency", "sector", "ministry"
        ).order_by("-first_published_at", "-pk")[:6]
        context["hub_index"] = self.get_children().live().public().type(_hub_index_model()).first()
        return context


def _hub_index_model():
    from innovations.models import HubIndexPage

    return HubIndexPage


class StandardPage(Page):
    """Plain content pages such as "Tentang JIPP"."""

    body = RichTextField(_("isi"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("body")]
    parent_page_types = ["home.HomePage"]
    subpage_types = []

    class Meta:
        verbose_name = _("halaman biasa")
