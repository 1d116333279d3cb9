"""{% menu_url "simpul" as hubs_url %}: Wagtail's `{% slugurl %}` for the navigation's
pages, all of them found in one query per request (jipp_site.menu)."""

from django import template
from wagtail.templatetags.wagtailcore_tags import pageurl

from jipp_site.menu import menu_page

register = template.Library()


@register.simple_tag(takes_context=True)
def menu_url(context, slug):
    page = menu_page(context.get("request"), slug)
    return pageurl(context, page) if page is not None else None
