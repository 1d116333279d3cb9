"""Email alerts for a search: an address, the search (its query string), and a secret token
for the confirmation and unsubscribe links. The address is kept only for this, shown nowhere,
and the row is deleted on unsubscribe (and when never confirmed within a week)."""

import secrets

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


def new_token():
    return secrets.token_urlsafe(32)


class Subscription(models.Model):
    email = models.EmailField(_("surel"), max_length=254)
    query = models.CharField(_("pencarian"), max_length=4096, blank=True)
    language = models.CharField(_("bahasa"), max_length=5, default="id")
    token = models.CharField(max_length=64, unique=True, default=new_token, editable=False)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    confirmed_at = models.DateTimeField(null=True, blank=True, editable=False)
    # New case studies are those first published after this (the confirmation, then each
    # digest sent).
    last_sent_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("langganan peringatan")
        verbose_name_plural = _("langganan peringatan")
        constraints = [
            models.UniqueConstraint(fields=["email", "query"], name="one_alert_per_search")
        ]

    def __str__(self):
        return f"Subscription {self.pk}"  # never the address
