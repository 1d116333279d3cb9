from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReplicationConfig(AppConfig):
    """The replication exchange: kit downloads, replication requests and their stages."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "replication"
    verbose_name = _("Replikasi")
