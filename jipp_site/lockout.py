"""What a person locked out of the admin sees (django-axes calls this; see settings)."""

from django.conf import settings
from django.shortcuts import render

TEMPLATE = "wagtailadmin/account/locked_out.html"


def lockout_response(request, original_response=None, credentials=None):
    """The admin's look, in the reader's language, saying how long the lock lasts: 429."""
    cool_off = settings.AXES_COOLOFF_TIME
    context = {
        "failure_limit": settings.AXES_FAILURE_LIMIT,
        "minutes": int(cool_off.total_seconds() // 60) if cool_off else None,
    }
    return render(request, TEMPLATE, context, status=429)
