"""robots.txt and sitemap.xml, both served at the site root (outside the language prefix)."""

from django.conf import settings
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import translation
from django.utils.cache import patch_cache_control
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_safe
from wagtail.contrib.sitemaps import views as sitemap_views

from innovations import share_image as drawn
from innovations.models import InnovationPage
from jipp_site.absolute import absolute_url
from search.query import FILTER_PARAMS

from .sitemaps import PageSitemap

# A filtered, sorted or paged search is a variant of the plain one (the page says noindex
# too); crawling every combination of filters would be endless.
VARIANT_PARAMS = [*FILTER_PARAMS, "year", "year_from", "year_to", "sort", "page", "page_size"]


@require_safe
def share_image(request, page_id, digest):
    """An innovation's link-preview picture (innovations.share_image). The address names
    what is drawn: an old address moves on to the current picture; a page the public may
    not see has none."""
    page = (
        InnovationPage.objects.visible()
        .select_related("province", "regency", "sector", "ministry")
        .filter(pk=page_id)
        .first()
    )
    if page is None:
        raise Http404
    shown = drawn.facts(page)
    current = drawn.digest(shown)
    if digest != current:
        return redirect("share_image", page_id=page_id, digest=current)
    response = HttpResponse(drawn.stored(page_id, shown), content_type="image/png")
    # The address changes whenever the picture does.
    patch_cache_control(response, public=True, max_age=365 * 24 * 3600, immutable=True)
    return response


@require_safe
def sitemap(request):
    return sitemap_views.sitemap(request, sitemaps={"pages": PageSitemap})


@require_safe
@cache_control(max_age=3600, public=True)
def robots_txt(request):
    lines = ["User-agent: *", "Disallow: /admin/", "Disallow: /django-admin/"]
    for search_path in _search_paths():
        lines += [f"Disallow: {search_path}?*{name}=" for name in VARIANT_PARAMS]
    lines += ["", f"Sitemap: {absolute_url(reverse('sitemap'))}", ""]
    return HttpResponse("\n".join(lines), content_type="text/plain; charset=utf-8")


def _search_paths():
    """/cari/ and its alias /search/, in every language."""
    paths = []
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            paths += [reverse("search"), reverse("search_en")]
    return list(dict.fromkeys(paths))
