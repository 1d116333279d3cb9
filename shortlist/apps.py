from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ShortlistConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "shortlist"
    verbose_name = _("Daftar pilihan")
