from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InnovationsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "innovations"
    verbose_name = _("Inovasi")

    def ready(self):
        from django.db.models.signals import post_migrate

        from . import admin_titles, search_index, signals  # noqa: F401

        admin_titles.install()
        search_index.register()

        post_migrate.connect(_index_reference_data, sender=self)


def _index_reference_data(sender, **kwargs):
    from .reference_data import index_reference_data

    index_reference_data()
