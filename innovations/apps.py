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
        _limit_decoded_pixels()

        post_migrate.connect(_index_reference_data, sender=self)
        post_migrate.connect(_give_curators_new_permissions, sender=self)


def _index_reference_data(sender, **kwargs):
    from .reference_data import index_reference_data

    index_reference_data()


def _give_curators_new_permissions(sender, using="default", **kwargs):
    """A site that has its national curators' group gets the group's newer permissions
    (the featured innovations) with `migrate`, without waiting for `setup_roles`."""
    from django.contrib.auth.management import create_permissions
    from django.contrib.auth.models import Group

    from .permissions import NATIONAL_CURATORS, ensure_national_curators

    if not Group.objects.using(using).filter(name=NATIONAL_CURATORS).exists():
        return
    # This app's permissions may not be created yet: auth creates them on the same signal.
    create_permissions(sender, verbosity=0, using=using)
    ensure_national_curators()


def _limit_decoded_pixels():
    """Pillow refuses to decode an image of more than twice MAX_IMAGE_PIXELS (and warns above
    it), everywhere: uploads are refused at MAX_IMAGE_PIXELS by Wagtail's own check, and an
    older, larger file cannot take a gigabyte to render."""
    from PIL import Image

    from .limits import MAX_IMAGE_PIXELS

    Image.MAX_IMAGE_PIXELS = MAX_IMAGE_PIXELS
