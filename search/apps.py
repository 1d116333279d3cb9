from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SearchConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "search"
    label = "hubsearch"
    verbose_name = _("Pencarian")

    def ready(self):
        from . import sync  # noqa: F401
