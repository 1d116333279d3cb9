"""What a page tells search engines and link previews: canonical URL, hreflang alternates,
Open Graph tags and, for case studies, schema.org JSON-LD."""

import json
import logging

from django.core.serializers.json import DjangoJSONEncoder
from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from wagtail.models import Page, Site

from jipp_site.absolute import absolute_url, page_url
from jipp_site.i18n import alternate_urls, current_language, og_locale

logger = logging.getLogger(__name__)

OG_IMAGE_SPEC = "fill-1200x630|format-jpeg"
SITE_NAME = "JIPP Knowledge Hub"


def default_description():
    return _(
        "Jaringan Inovasi Pelayanan Publik: studi kasus inovasi pelayanan publik Indonesia "
        "untuk dipelajari dan direplikasi."
    )


def _page(context):
    page = context.get("page")
    return page if isinstance(page, Page) and page.pk else None


def innovation_of(page):
    from innovations.models import InnovationPage

    return page if isinstance(page, InnovationPage) else None


def canonical_url(context):
    """The view's own canonical_url if it set one, else the page's full URL in the active
    language, else the request path (no query string) made absolute."""
    if "canonical_url" in context:
        return context.get("canonical_url") or ""
    request = context.get("request")
    page = _page(context)
    if page is not None:
        url = page_url(page, request)
        if url:
            return url
    if request is None:
        return ""
    return absolute_url(request.path)


def alternate_links(url):
    return [{"hreflang": code, "href": href} for code, href in alternate_urls(url)]


def site_name(request):
    site = Site.find_for_request(request) if request is not None else None
    return (site.site_name if site else "") or SITE_NAME


def share_image(page):
    """The innovation's own preview picture (innovations.share_image), or None."""
    from innovations import share_image as drawn

    digest = drawn.digest(drawn.facts(page))
    alt = " · ".join(x for x in (page.title, page.place_name) if x)
    return {
        "url": absolute_url(reverse("share_image", args=[page.pk, digest])),
        "width": drawn.WIDTH,
        "height": drawn.HEIGHT,
        "alt": alt,
        "type": "image/png",
    }


def preview_image(page, request):
    """What a link preview shows: the drawn picture, else the hero image."""
    return share_image(page) or hero_image(page, request)


def hero_image(page, request):
    """(absolute URL, width, height, alt) of the page's hero image for previews, or None."""
    image = getattr(page, "hero_image", None)
    if image is None:
        return None
    try:
        rendition = image.get_rendition(OG_IMAGE_SPEC)
    except Exception:  # a missing or unreadable file must not break the page
        logger.warning("No preview rendition for image %s", image.pk, exc_info=True)
        return None
    url = absolute_url(rendition.url)
    return {
        "url": url,
        "width": rendition.width,
        "height": rendition.height,
        "alt": image.description or "",
    }


def opengraph(context):
    """Open Graph (and Twitter card) properties for the page being rendered."""
    request = context.get("request")
    page = _page(context)
    innovation = innovation_of(page.specific if page is not None else None)
    title = ""
    description = ""
    if page is not None:
        title = page.seo_title or page.title
        description = page.search_description or getattr(page, "tagline", "") or ""
    language = current_language()
    other_locales = [
        og_locale(code) for code in ("id", "en") if og_locale(code) != og_locale(language)
    ]
    properties = {
        "site_name": site_name(request),
        "title": title or site_name(request),
        "description": description or default_description(),
        "type": "article" if innovation is not None else "website",
        "url": canonical_url(context),
        "locale": og_locale(language),
        "locale_alternates": other_locales,
        "image": preview_image(innovation, request) if innovation is not None else None,
        "article": None,
    }
    if innovation is not None:
        properties["article"] = {
            "published_time": innovation.first_published_at,
            "modified_time": innovation.last_published_at,
            "section": innovation.sector.label if innovation.sector_id else "",
            "tags": [tag.name for tag in innovation.tags.all()],
        }
    return properties


# --- schema.org ---------------------------------------------------------------------------


def _place(innovation):
    country = {"@type": "Country", "name": "Indonesia"}
    if not innovation.province_id:
        return country
    province = {
        "@type": "AdministrativeArea",
        "name": innovation.province.name,
        "containedInPlace": country,
    }
    if not innovation.regency_id:
        return province
    return {"@type": "AdministrativeArea", "name": innovation.regency.name,
            "containedInPlace": province}  # fmt: skip


def innovation_jsonld(innovation, request, url=None):
    """A case study as a schema.org Article: what, where, by whom, when, with what awards."""
    url = url or page_url(innovation, request)
    hub = innovation.parent_hub()
    publisher = {"@type": "Organization", "name": site_name(request)}
    if hub is not None:
        publisher = {"@type": "GovernmentOrganization", "name": hub.title}
        hub_url = page_url(hub, request) if hub.live else None
        if hub_url:
            publisher["url"] = hub_url
    sectors = [innovation.sector, *innovation.secondary_sectors.all()]
    data = {
        "@context": "https://schema.org",
        "@type": "Article",
        "genre": _("Studi kasus inovasi pelayanan publik"),
        "@id": url,
        "url": url,
        "mainEntityOfPage": url,
        "name": innovation.title,
        "headline": innovation.title[:110],
        "description": innovation.tagline,
        "inLanguage": innovation.language or "id",
        "datePublished": innovation.first_published_at,
        "dateModified": innovation.last_published_at or innovation.first_published_at,
        "publisher": publisher,
        "author": {"@type": "GovernmentOrganization", "name": innovation.institution},
        "about": [{"@type": "Thing", "name": sector.label} for sector in sectors if sector],
        "spatialCoverage": _place(innovation),
        "award": [award.name for award in innovation.awards.all()],
        "keywords": [tag.name for tag in innovation.tags.all()],
        "isAccessibleForFree": True,
        "isPartOf": {"@type": "WebSite", "name": site_name(request)},
    }
    if innovation.acronym and innovation.acronym != innovation.title:
        data["alternateName"] = innovation.acronym
    image = preview_image(innovation, request)
    if image:
        data["image"] = image["url"]
    original = innovation.public_original()
    if original is not None:
        original_url = page_url(original, request)
        if original_url:
            data["isBasedOn"] = original_url
    return {key: value for key, value in data.items() if value not in (None, "", [])}


# json_script's escapes: nothing in the data can close the <script> element. Control
# characters and noncharacters, which json.dumps leaves raw above U+001F, are escaped too:
# the same JSON value, and nothing in the HTML that a parser would stumble on.
_SCRIPT_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}
_SCRIPT_ESCAPES.update({code: f"\\u{code:04x}" for code in (*range(0x7F, 0xA0), 0xFFFE, 0xFFFF)})


def jsonld_script(data):
    text = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False, indent=None)
    text = text.translate(_SCRIPT_ESCAPES)
    # U+2028/2029 are valid JSON but end lines in older JavaScript parsers.
    text = text.replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")
    return format_html('<script type="application/ld+json">{}</script>', mark_safe(text))
