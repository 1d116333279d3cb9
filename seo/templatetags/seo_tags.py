"""Template tags for languages and being found.

{% language_links as languages %}   the switcher: this page in every language
{% canonical_link %}                <link rel="canonical"> (absolute)
{% hreflang_links %}                <link rel="alternate" hreflang=...> for the canonical
{% opengraph_tags %}                Open Graph and Twitter card <meta> tags
{% structured_data %}               schema.org JSON-LD, on case-study pages
{% newest_feed_url %}               /feeds/terbaru/ in the active language
{% search_feed_url %}               the feed of the search on the page (query kept)
{{ "/simpul/x/"|localize }}         a stored site path in the active language
"""

from django import template
from django.http import QueryDict
from django.urls import reverse
from django.utils.html import format_html, format_html_join

from jipp_site import i18n
from seo import feeds, metadata

register = template.Library()


@register.simple_tag(takes_context=True)
def language_links(context):
    return i18n.language_links(context.get("request"))


@register.simple_tag(takes_context=True)
def canonical_link(context):
    url = metadata.canonical_url(context)
    return format_html('<link rel="canonical" href="{}">', url) if url else ""


@register.simple_tag(takes_context=True)
def hreflang_links(context):
    url = metadata.canonical_url(context)
    if not url:
        return ""
    return format_html_join(
        "\n    ",
        '<link rel="alternate" hreflang="{}" href="{}">',
        ((link["hreflang"], link["href"]) for link in metadata.alternate_links(url)),
    )


@register.inclusion_tag("includes/opengraph.html", takes_context=True)
def opengraph_tags(context):
    return {"og": metadata.opengraph(context)}


@register.simple_tag(takes_context=True)
def structured_data(context):
    page = context.get("page")
    innovation = metadata.innovation_of(page)
    if innovation is None or not innovation.pk:
        return ""
    request = context.get("request")
    url = metadata.canonical_url(context) or None
    return metadata.jsonld_script(metadata.innovation_jsonld(innovation, request, url))


@register.simple_tag
def newest_feed_url():
    return reverse("feed_newest")


@register.simple_tag(takes_context=True)
def search_feed_url(context):
    request = context.get("request")
    return feeds.search_feed_url(request.GET if request is not None else QueryDict())


@register.filter
def localize(path):
    return i18n.localize_path(path)
