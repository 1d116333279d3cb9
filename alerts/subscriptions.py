"""Subscribing, confirming, unsubscribing, and what a digest holds."""

import dataclasses
import datetime

from django.conf import settings
from django.core.mail import EmailMessage
from django.http import QueryDict
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from innovations.models import InnovationPage
from jipp_site.absolute import absolute_url
from search.query import SearchRequest
from search.service import run_search

from .models import Subscription

MAX_PER_ADDRESS = 20  # searches one email address may follow
UNCONFIRMED_DAYS = 7  # an unconfirmed address is deleted after this
DIGEST_SIZE = 20  # new case studies listed in one digest, at most
# What does not change the result set: a digest is always newest first.
IGNORED = {"page", "page_size", "sort", "format", "interpret"}


class TooMany(Exception):
    pass


def normalise_query(raw):
    """The search's query string without paging and sorting; InvalidParameter when the
    search could not run."""
    params = QueryDict(raw or "")
    SearchRequest.from_querydict(params, lenient=True)
    kept = QueryDict(mutable=True)
    for name, values in params.lists():
        values = [v for v in values if v.strip()]
        if name not in IGNORED and values:
            kept.setlist(name, values)
    return kept.urlencode()


def subscribe(email, query, language):
    """The (possibly new) unconfirmed subscription, its confirmation mail sent; None when the
    address already follows this search (nothing is sent, and the page says the same)."""
    email = email.strip().lower()
    existing = Subscription.objects.filter(email=email, query=query).first()
    if existing is not None and existing.confirmed_at is not None:
        return None
    if existing is None:
        if Subscription.objects.filter(email=email).count() >= MAX_PER_ADDRESS:
            raise TooMany
        existing = Subscription.objects.create(email=email, query=query, language=language)
    _send_confirmation(existing)
    return existing


def describe(query):
    """The search in words for the mails: its keywords, or "semua inovasi"."""
    q = QueryDict(query).get("q", "").strip()
    return q


def search_url(subscription):
    with translation.override(subscription.language):
        path = reverse("search")
    return absolute_url(f"{path}?{subscription.query}" if subscription.query else path)


def _links(subscription):
    with translation.override(subscription.language):
        confirm = reverse("alert_confirm", args=[subscription.token])
        unsubscribe = reverse("alert_unsubscribe", args=[subscription.token])
    return absolute_url(confirm), absolute_url(unsubscribe)


def _send(subscription, template, subject, context):
    confirm, unsubscribe = _links(subscription)
    context = {
        **context,
        "confirm_url": confirm,
        "unsubscribe_url": unsubscribe,
        "search_url": search_url(subscription),
        "words": describe(subscription.query),
    }
    body = render_to_string(template, context)
    message = EmailMessage(
        subject=settings.EMAIL_SUBJECT_PREFIX + subject,
        body=body,
        to=[subscription.email],
        # One-click unsubscribe from the mail program itself (RFC 8058).
        headers={
            "List-Unsubscribe": f"<{unsubscribe}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        },  # fmt: skip
    )
    message.send()


def _send_confirmation(subscription):
    with translation.override(subscription.language):
        _send(subscription, "alerts/email/confirm.txt",
              _("Konfirmasi peringatan inovasi baru"), {})  # fmt: skip


def confirm(token):
    subscription = Subscription.objects.filter(token=token).first()
    if subscription is None:
        return None
    if subscription.confirmed_at is None:
        now = timezone.now()
        subscription.confirmed_at = subscription.last_sent_at = now
        subscription.save(update_fields=["confirmed_at", "last_sent_at"])
    return subscription


def unsubscribe(token):
    """Deletes the subscription, address and all; whether there was one."""
    deleted, _by_model = Subscription.objects.filter(token=token).delete()
    return bool(deleted)


# --- digests ------------------------------------------------------------------------------


def new_matches(subscription):
    """Public case studies matching the search, first published since the last digest."""
    request = SearchRequest.from_querydict(QueryDict(subscription.query), lenient=True)
    request = dataclasses.replace(request, sort="newest", page=1, page_size=50)
    ids = [hit.page_id for hit in run_search(request).hits]
    return list(
        InnovationPage.objects.visible()
        .filter(pk__in=ids, first_published_at__gt=subscription.last_sent_at)
        .order_by("-first_published_at")[:DIGEST_SIZE]
    )


def send_digest(subscription):
    """Sends the digest if there is anything new; how many case studies it listed."""
    with translation.override(subscription.language):
        pages = new_matches(subscription)
        if not pages:
            return 0
        items = [{"title": p.title, "url": absolute_url(p.get_url()), "tagline": p.tagline,
                  "place": p.place_label} for p in pages]  # fmt: skip
        subject = ngettext(
            "%(count)s inovasi baru untuk pencarian Anda",
            "%(count)s inovasi baru untuk pencarian Anda",
            len(items),
        ) % {"count": len(items)}
        _send(subscription, "alerts/email/digest.txt", subject, {"items": items})
    subscription.last_sent_at = timezone.now()
    subscription.save(update_fields=["last_sent_at"])
    return len(items)


def forget_unconfirmed(now=None):
    cutoff = (now or timezone.now()) - datetime.timedelta(days=UNCONFIRMED_DAYS)
    deleted, _by_model = Subscription.objects.filter(
        confirmed_at__isnull=True, created_at__lt=cutoff
    ).delete()
    return deleted
