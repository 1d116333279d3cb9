"""Atom feeds: the newest innovations, and any search (an official follows a saved search).

/feeds/terbaru/ lists the 20 newest live public innovations; /feeds/cari/ takes exactly the
search page's query parameters and lists that search's results, the most recently published
first unless the URL asks for an order (sort=...). Under /en/ both speak English and link to
the English pages; each entry keeps the case study's own language (xml:lang).
"""

import dataclasses
import datetime
import logging

from django.contrib.syndication.views import Feed
from django.http import HttpResponse, HttpResponseBadRequest
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import escape
from django.utils.translation import gettext as _
from django.utils.xmlutils import SimplerXMLGenerator
from wagtail.models import Site

from innovations.models import InnovationPage
from jipp_site.absolute import absolute_url
from jipp_site.i18n import localize_path
from jipp_site.text import xml_safe
from pagecache.responses import cached_response
from search import presentation
from search.query import KNOWN_PARAMS, MAX_PAGE_SIZE, InvalidParameter, SearchRequest
from search.responses import cached_search_response
from search.service import EngineUnavailable, run_search

logger = logging.getLogger(__name__)

NEWEST_COUNT = 20
SEARCH_FEED_SIZE = 20
PUBLICATION_WINDOW = MAX_PAGE_SIZE
SITE_NAME = "JIPP Knowledge Hub"


class XmlSafeGenerator(SimplerXMLGenerator):
    """Writes what XML 1.0 cannot carry as spaces. Django's writer raises instead, and one
    control character in one title made the whole feed a 500 for everyone."""

    def characters(self, content):
        super().characters(xml_safe(content))

    def startElement(self, name, attrs):
        super().startElement(name, {key: xml_safe(value) for key, value in (attrs or {}).items()})


class LanguageTaggedAtomFeed(Atom1Feed):
    """Atom whose entries carry xml:lang: a case study stays in its own language."""

    def write(self, outfile, encoding):
        # Atom1Feed.write, with the XML-safe generator.
        handler = XmlSafeGenerator(outfile, encoding, short_empty_elements=True)
        handler.startDocument()
        handler.startElement("feed", self.root_attributes())
        self.add_root_elements(handler)
        self.write_items(handler)
        handler.endElement("feed")

    def item_attributes(self, item):
        attributes = super().item_attributes(item)
        if item.get("language"):
            attributes["xml:lang"] = item["language"]
        return attributes


@dataclasses.dataclass
class Entry:
    title: str
    summary: str
    link: str
    language: str
    author: str
    published: datetime.datetime | None
    updated: datetime.datetime | None
    categories: list


@dataclasses.dataclass
class FeedState:
    """Everything one request's feed needs: the feed object is shared between requests."""

    request: object
    site_name: str
    entries: list
    title: str = ""
    subtitle: str = ""
    link: str = "/"


class InnovationFeed:
    """Shared parts: the feed object is a module-level singleton, so per-request state
    travels in the FeedState that get_object() returns."""

    feed_type = LanguageTaggedAtomFeed

    def items(self, state):
        return state.entries

    def title(self, state):
        return state.title

    def subtitle(self, state):
        return state.subtitle

    # Absolute on the public address: Django would otherwise prefix the request's host.
    def link(self, state):
        return absolute_url(state.link)

    def feed_url(self, state):
        return absolute_url(state.request.get_full_path())

    def feed_guid(self, state):
        return absolute_url(state.request.get_full_path())

    def author_name(self, state):
        return state.site_name

    def item_title(self, entry):
        return entry.title  # Atom <title> is text; the XML writer escapes it

    def item_description(self, entry):
        return escape(entry.summary)  # Atom <summary type="html">

    def item_link(self, entry):
        return absolute_url(entry.link)

    def item_author_name(self, entry):
        return entry.author or None

    def item_pubdate(self, entry):
        return entry.published

    def item_updateddate(self, entry):
        return entry.updated or entry.published

    def item_categories(self, entry):
        return entry.categories

    def item_extra_kwargs(self, entry):
        return {"language": entry.language}


def _site_name(request):
    site = Site.find_for_request(request)
    return (site.site_name if site else "") or SITE_NAME


def _entries(pages, request, order=None):
    """Feed entries for InnovationPages, in `order` (page ids) when given."""
    pages = list(pages.select_related("sector"))
    if order is not None:
        by_id = {page.pk: page for page in pages}
        pages = [by_id[pk] for pk in order if pk in by_id]
    entries = []
    for page in pages:
        link = page.get_url(request)
        if not link:
            continue
        entries.append(
            Entry(
                title=page.title,
                summary=page.tagline,
                link=link,
                language=page.language or "id",
                author=page.institution,
                published=page.first_published_at,
                updated=page.last_published_at,
                categories=[page.sector.name] if page.sector_id else [],
            )
        )
    return entries


def _home_url():
    return localize_path("/")


class NewestInnovationsFeed(InnovationFeed, Feed):
    def get_object(self, request, *args, **kwargs):
        site_name = _site_name(request)
        pages = InnovationPage.objects.visible().order_by("-first_published_at", "-pk")[
            :NEWEST_COUNT
        ]
        return FeedState(
            request=request,
            site_name=site_name,
            entries=_entries(pages, request),
            title=_("%(site)s: inovasi terbaru") % {"site": site_name},
            subtitle=_(
                "Studi kasus inovasi pelayanan publik yang terakhir diterbitkan di %(site)s."
            )
            % {"site": site_name},
            link=_home_url(),
        )


class SearchFeed(InnovationFeed, Feed):
    def __call__(self, request, *args, **kwargs):
        try:
            return super().__call__(request, *args, **kwargs)
        except InvalidParameter as exc:
            message = _("Parameter %(parameter)s tidak sah: %(message)s") % {
                "parameter": exc.parameter,
                "message": exc.message,
            }
            return HttpResponseBadRequest(message, content_type="text/plain; charset=utf-8")
        except EngineUnavailable:
            logger.exception("Search feed unavailable for %s", request.get_full_path())
            return HttpResponse(
                _("Pencarian sedang tidak tersedia. Silakan coba lagi beberapa saat lagi."),
                status=503,
                content_type="text/plain; charset=utf-8",
            )

    def get_object(self, request, *args, **kwargs):
        params = request.GET
        search_request = SearchRequest.from_querydict(params, lenient=True)
        size = search_request.page_size if "page_size" in params else SEARCH_FEED_SIZE
        by_publication = "sort" not in params
        if by_publication:
            # A feed follows what is new. The search's "newest" is by year launched; what
            # a reader of the feed has not seen yet is what was published last. So take a
            # wider window of the newest matches and keep the most recently published.
            search_request.sort = "newest"
            search_request.page_size = max(size, PUBLICATION_WINDOW)
        else:
            search_request.page_size = size
        response = run_search(search_request)
        ids = [hit.page_id for hit in response.hits]
        pages = InnovationPage.objects.visible().filter(pk__in=ids)
        if by_publication:
            pages = pages.order_by("-first_published_at", "-pk")[:size]
            ids = None  # keep the publication order
        site_name = _site_name(request)
        filters = "; ".join(
            f"{chip.title}: {chip.label}"
            for chip in presentation.chips(search_request, response, params, with_urls=False)
        )
        if search_request.q:
            title = _("%(site)s: pencarian “%(q)s”") % {"site": site_name, "q": search_request.q}
        else:
            title = _("%(site)s: pencarian inovasi") % {"site": site_name}
        if filters:
            title = f"{title} ({filters})"
        return FeedState(
            request=request,
            site_name=site_name,
            entries=_entries(pages, request, order=ids),
            title=title,
            subtitle=_(
                "Inovasi yang cocok dengan pencarian ini, yang terakhir diterbitkan lebih dahulu."
            )
            if by_publication
            else _("Inovasi yang cocok dengan pencarian ini."),
            link=presentation.build_url(_page_params(params)),
        )


def _page_params(params):
    """The parameters that make the search: no paging, nothing the search does not know
    (utm_source and the like)."""
    cleaned = presentation.clean_params(params)
    for name in list(cleaned):
        if name == "page" or name not in KNOWN_PARAMS:
            del cleaned[name]
    return cleaned


def search_feed_url(params):
    """The feed of the search that `params` (a search page's query) describes."""
    cleaned = _page_params(params)
    cleaned.pop("page_size", None)
    query = cleaned.urlencode()
    base = reverse("feed_search")
    return f"{base}?{query}" if query else base


# The views (jipp_site/urls.py): anonymous readers get a kept copy until a publication (and,
# for a search, an index change) retires it (pagecache.responses, search.responses).
newest_feed = cached_response()(NewestInnovationsFeed())
search_feed = cached_search_response(SearchFeed())
