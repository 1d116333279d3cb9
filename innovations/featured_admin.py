"""Admin: "Inovasi pilihan", the national curators' list of featured innovations for the
home page (innovations.models.featured). A snippet viewset: add, edit, delete, and
reorder by drag and drop (Wagtail's own reorder view, through the model's sort_order).
Who may change it is the model's permissions (innovations.*_featuredinnovation), which
only the Kurator nasional group holds (innovations.permissions)."""

from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from wagtail.admin.ui.tables import Column, DateColumn
from wagtail.snippets.views.snippets import SnippetViewSet

from .models import FeaturedInnovation, InnovationPage


class ShownColumn(Column):
    """Whether the entry shows on the home page now: a page unpublished after it was
    chosen stays in the list but is not shown, and the curator should see why."""

    def get_value(self, instance):
        # One query per row: the list holds at most FEATURED_INNOVATIONS_MAX entries.
        if InnovationPage.objects.visible().filter(pk=instance.innovation_id).exists():
            return format_html('<span class="w-status w-status--primary">{}</span>', _("tampil"))
        return format_html(
            '<span class="w-status">{}</span>', _("tidak tampil: belum atau tidak lagi terbit")
        )


class FeaturedInnovationViewSet(SnippetViewSet):
    model = FeaturedInnovation
    icon = "pick"
    menu_label = _("Inovasi pilihan")
    menu_name = "inovasi-pilihan"
    add_to_admin_menu = True
    menu_order = 455
    url_prefix = "inovasi-pilihan"
    list_display = [
        Column("__str__", label=_("inovasi")),
        "note",
        ShownColumn("shown", label=_("di beranda")),
        DateColumn("updated_at", label=_("diubah")),
    ]
    list_per_page = 50
    copy_view_enabled = False
    inspect_view_enabled = False
