"""The synonym and acronym dictionary (search.models.Synonym) in the admin, under
"Sinonim dan akronim". Its rules are the model's own (Synonym.clean); saving or deleting
an entry reloads the dictionary in every process (search.synonyms)."""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.ui.tables import Column, DateColumn
from wagtail.snippets.views.snippets import SnippetViewSet

from search.models import Synonym


class SynonymViewSet(SnippetViewSet):
    model = Synonym
    icon = "list-ul"
    menu_label = _("Sinonim dan akronim")
    menu_name = "sinonim-dan-akronim"
    add_to_admin_menu = True
    menu_order = 460
    url_prefix = "sinonim"
    list_display = [
        Column("__str__", label=_("istilah setara")),
        "note",
        DateColumn("updated_at", label=_("diubah")),
    ]
    search_fields = ["terms", "note"]
    search_backend_name = None  # the database directly: every entry, seeded ones too
    ordering = ["terms"]
    list_per_page = 50
    copy_view_enabled = False
    inspect_view_enabled = False
