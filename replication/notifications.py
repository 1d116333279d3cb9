"""Email about replication requests, sent by the task worker after the change commits, so
that a slow mail server never slows the form or the admin.

Plain-text mail only: what a requester typed is never interpreted as HTML anywhere."""

import logging

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django_tasks import task

from .models import ReplicationRequest

logger = logging.getLogger(__name__)


@task()
def send_request_mail(request_id, kind, note=""):
    """kind: "received" (to the requester and the hub), "stage" (to the requester)."""
    replication_request = (
        ReplicationRequest.objects.select_related("innovation", "regency", "province", "ministry")
        .filter(pk=request_id)
        .first()
    )
    if replication_request is None or replication_request.anonymised_at:
        return 0
    with translation.override(settings.LANGUAGE_CODE):
        sent = _to_requester(replication_request, kind, note)
        if kind == "received":
            sent += _to_hub(replication_request)
    return sent


def _to_requester(replication_request, kind, note):
    if not replication_request.email:
        return 0
    context = {"request": replication_request, "note": note, "site_url": settings.PUBLIC_URL}
    subject = render_to_string(f"replication/email/{kind}_subject.txt", context)
    body = render_to_string(f"replication/email/{kind}.txt", context)
    return send_mail(
        " ".join(subject.split()), body, None, [replication_request.email], fail_silently=False
    )


def _to_hub(replication_request):
    recipients = hub_recipients(replication_request.innovation)
    if not recipients:
        return 0
    admin_path = reverse("replication_request", args=[replication_request.pk])
    context = {
        "request": replication_request,
        "admin_url": f"{settings.WAGTAILADMIN_BASE_URL.rstrip('/')}{admin_path}",
    }
    subject = render_to_string("replication/email/hub_subject.txt", context)
    body = render_to_string("replication/email/hub.txt", context)
    return send_mail(" ".join(subject.split()), body, None, recipients, fail_silently=False)


def hub_recipients(innovation):
    """The originating hub's coordinators and moderators with an email address."""
    hub = innovation.get_parent().specific
    group_ids = [pk for pk in (hub.coordinators_id, hub.moderators_id) if pk]
    if not group_ids:
        return []
    users = get_user_model().objects.filter(groups__in=group_ids, is_active=True)
    return sorted({u.email for u in users if u.email})


def queue_mail(replication_request, kind, note=""):
    """Queue the mail once the current transaction commits; a failure to queue is logged,
    never shown to the person who made the change."""

    def enqueue():
        try:
            send_request_mail.enqueue(replication_request.pk, kind, note)
        except Exception:
            logger.exception(
                "Could not queue the %s mail of request %s", kind, replication_request.pk
            )

    transaction.on_commit(enqueue)
