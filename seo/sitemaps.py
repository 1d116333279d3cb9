"""sitemap.xml: every live public page in both languages, each with its hreflang alternates.

Wagtail's own Sitemap lists live public descendants of the site root, but a live page under
an unpublished hub would slip in, and it knows nothing of languages. This one takes the
innovations from InnovationPage.objects.visible() (the same rule search uses: live,
no view restriction, no unpublished ancestor) and gives every page an Indonesian and an
English <url>, each naming both plus x-default (the Indonesian original).
"""

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db.models import Q
from django.urls import reverse
from django.utils import translation
from wagtail.contrib.sitemaps import Sitemap
from wagtail.models import Page

from jipp_site.absolute import absolute_url


class PageSitemap(Sitemap):
    # Two <url> per page; a sitemap file may hold 50,000.
    limit = 20_000

    def items(self):
        from innovations.models import InnovationPage

        root = self.get_wagtail_site().root_page
        pages = root.get_descendants(inclusive=True).live().public()
        # Nothing under an unpublished page (a withdrawn hub hides its innovations).
        hidden = Page.objects.filter(live=False, numchild__gt=0, path__startswith=root.path)
        for path in hidden.values_list("path", flat=True):
            pages = pages.exclude(path__startswith=path)
        innovation_type = ContentType.objects.get_for_model(InnovationPage)
        pages = pages.filter(
            ~Q(content_type=innovation_type)
            | Q(pk__in=InnovationPage.objects.visible().values("pk"))
        )
        return pages.only(
            "id", "path", "depth", "url_path", "last_published_at", "latest_revision_created_at"
        ).order_by("path")

    def _urls(self, page, protocol, domain):
        urls, last_mods = [], []
        for item in self.paginator.page(page).object_list:
            locations = {}
            for code, _name in settings.LANGUAGES:
                with translation.override(code):
                    path = item.get_url(self.request)
                locations[code] = absolute_url(path) if path else None
            if None in locations.values():
                continue  # not routable on this site
            lastmod = item.last_published_at or item.latest_revision_created_at
            urls.extend(_entries(locations, lastmod))
            last_mods.append(lastmod)
        if str(page) == "1":
            urls.extend(self._search_entries())
        if last_mods and None not in last_mods:
            self.latest_lastmod = max(last_mods)
        return urls

    def _search_entries(self):
        """The search page: browsing every innovation is a page worth finding."""
        locations = {}
        for code, _name in settings.LANGUAGES:
            with translation.override(code):
                locations[code] = absolute_url(reverse("search"))
        return _entries(locations, None)


def _entries(locations, lastmod):
    alternates = [{"lang_code": code, "location": url} for code, url in locations.items()]
    alternates.append({"lang_code": "x-default", "location": locations[settings.LANGUAGE_CODE]})
    return [
        {
            "location": url,
            "lastmod": lastmod,
            "changefreq": None,
            "priority": None,
            "alternates": alternates,
        }
        for url in locations.values()
    ]
