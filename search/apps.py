from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SearchConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "search"
    label = "hubsearch"
    verbose_name = _("Pencarian")

    def ready(self):
        from django.db.models.signals import post_delete, post_save

        from .models import Synonym
        from .synonyms import on_dictionary_change

        # Coordinators' dictionary edits reach every process's analyser (search.state).
        post_save.connect(on_dictionary_change, sender=Synonym, dispatch_uid="synonyms.saved")
        post_delete.connect(on_dictionary_change, sender=Synonym, dispatch_uid="synonyms.deleted")
