from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReplicationConfig(AppConfig):
    """The replication exchange: kit downloads, replication requests and their stages."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "replication"
    verbose_name = _("Replikasi")

    def ready(self):
        # The search's "daerah serupa" order asks the content how close regions are, and
        # the API and the search export why.
        from search import nearness

        from .regions import TRAITS, explain_closeness, search_layers

        nearness.register(search_layers, explain_closeness, TRAITS)
