"""Presentation helpers for the public pages: share links and the change a metric shows."""

from dataclasses import dataclass
from urllib.parse import quote

from django import template
from django.utils.translation import gettext as _

from innovations.metrics import metric_change
from jipp_site.absolute import page_url

register = template.Library()


# --- share links ----------------------------------------------------------------------------


@dataclass
class ShareLink:
    key: str
    label: str
    url: str


def _q(value):
    return quote(str(value), safe="")


@register.simple_tag(takes_context=True)
def share_links(context, page):
    """Plain links to share `page`: no third-party script is loaded, nothing is tracked.

    {% share_links page as share %} gives share.url (the page's address) and share.links."""
    request = context.get("request")
    url = page_url(page, request) if page is not None else ""
    title = getattr(page, "title", "")
    text = f"{title} {url}".strip()
    links = [
        ShareLink("whatsapp", "WhatsApp", f"https://wa.me/?text={_q(text)}"),
        ShareLink(
            "facebook", "Facebook", f"https://www.facebook.com/sharer/sharer.php?u={_q(url)}"
        ),
        ShareLink(
            "x", "X (Twitter)", f"https://twitter.com/intent/tweet?url={_q(url)}&text={_q(title)}"
        ),
        ShareLink(
            "linkedin",
            "LinkedIn",
            f"https://www.linkedin.com/sharing/share-offsite/?url={_q(url)}",
        ),
        ShareLink("email", _("Surel"), f"mailto:?subject={_q(title)}&body={_q(text)}"),
    ]
    return {"url": url, "links": links}


# --- metrics --------------------------------------------------------------------------------

register.simple_tag(metric_change, name="metric_change")
