"""Presentation helpers for the public pages: share links and the change a metric shows."""

from dataclasses import dataclass
from decimal import Decimal
from urllib.parse import quote

from django import template
from django.utils.translation import gettext as _

from innovations.templatetags.innovation_tags import _as_decimal, number

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
    url = page.get_full_url(request) if page is not None else ""
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


@dataclass
class MetricChange:
    direction: str  # "up", "down" or "same"
    arrow: str
    words: str  # "turun 79%": what a reader (and a screen reader) is told
    percent: str  # "79%", or "" when it cannot be computed (before is 0)


@register.simple_tag
def metric_change(metric):
    """How far a metric moved from before to after; None unless both numbers exist."""
    before, after = _as_decimal(metric.before), _as_decimal(metric.after)
    if before is None or after is None:
        return None
    if after == before:
        return MetricChange("same", "=", _("tetap"), "")
    direction = "up" if after > before else "down"
    percent = ""
    if before != 0:
        change = abs((after - before) / before * 100)
        places = 0 if change >= 10 else 1
        percent = f"{number(round(change, places).quantize(Decimal(1).scaleb(-places)))}%"
    if direction == "up":
        words = _("naik %(percent)s") % {"percent": percent} if percent else _("naik")
        arrow = "↑"
    else:
        words = _("turun %(percent)s") % {"percent": percent} if percent else _("turun")
        arrow = "↓"
    return MetricChange(direction, arrow, words, percent)
