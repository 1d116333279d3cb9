from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InsightsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "insights"
    verbose_name = _("Wawasan pencarian")

    def ready(self):
        from django.core.signals import request_finished, request_started

        from search.signals import search_performed

        from .recording import discard_pending, record_search, write_pending

        search_performed.connect(record_search, dispatch_uid="insights.record_search")
        request_started.connect(discard_pending, dispatch_uid="insights.discard_pending")
        request_finished.connect(write_pending, dispatch_uid="insights.write_pending")
