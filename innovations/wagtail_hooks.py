"""Admin: reference data as snippets, and an innovation listing with filters."""

from django.utils.translation import gettext_lazy as _
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from .models import SDG, MinistryAgency, Province, Regency, Sector, ServiceChannel, Stage, Status


class ProvinceViewSet(SnippetViewSet):
    model = Province
    icon = "site"
    list_display = ["code", "name"]
    search_fields = ["name"]
    ordering = ["code"]


class RegencyViewSet(SnippetViewSet):
    model = Regency
    icon = "site"
    list_display = ["code", "name", "kind", "province"]
    list_filter = ["province", "kind"]
    search_fields = ["name"]
    ordering = ["code"]
    list_per_page = 50


class MinistryAgencyViewSet(SnippetViewSet):
    model = MinistryAgency
    icon = "group"
    list_display = ["name", "acronym", "kind", "slug"]
    list_filter = ["kind"]
    search_fields = ["name", "acronym"]


class SectorViewSet(SnippetViewSet):
    model = Sector
    icon = "tag"
    list_display = ["name", "key"]


class ServiceChannelViewSet(SnippetViewSet):
    model = ServiceChannel
    icon = "mail"
    list_display = ["name", "key", "description"]


class SDGViewSet(SnippetViewSet):
    model = SDG
    icon = "globe"
    list_display = ["number", "name_id", "name_en"]


class StageViewSet(SnippetViewSet):
    model = Stage
    icon = "list-ol"
    list_display = ["name", "key"]


class StatusViewSet(SnippetViewSet):
    model = Status
    icon = "list-ul"
    list_display = ["name", "key"]


class ReferenceDataGroup(SnippetViewSetGroup):
    menu_label = _("Data referensi")
    menu_icon = "folder-open-inverse"
    menu_order = 300
    items = (
        ProvinceViewSet,
        RegencyViewSet,
        MinistryAgencyViewSet,
        SectorViewSet,
        ServiceChannelViewSet,
        SDGViewSet,
        StageViewSet,
        StatusViewSet,
    )


register_snippet(ReferenceDataGroup)
