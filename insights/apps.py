from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InsightsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "insights"
    verbose_name = _("Wawasan pencarian")

    def ready(self):
        from search.signals import search_performed

        from .recording import record_search

        search_performed.connect(record_search, dispatch_uid="insights.record_search")
