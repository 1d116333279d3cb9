"""Field declarations the page models share."""

from django.db import models


def optional_place(model, verbose_name, related_name):
    """An optional link to a row of reference data (a ministry, province or kabupaten/kota)
    that cannot be deleted while pages point at it."""
    return models.ForeignKey(
        f"innovations.{model}",
        verbose_name=verbose_name,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name=related_name,
    )
