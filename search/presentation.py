"""What the public search page shows, built from a SearchResponse: links that change one
thing in the query string (remove a filter, go to a page, sort), filter chips, facet groups.

Every link keeps the rest of the state, so a search page URL is the whole search: it can be
shared, bookmarked, and the browser's back and forward buttons work.
"""

from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.http import QueryDict
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail.models import Site

from jipp_site.i18n import localize_path
from jipp_site.request_memo import site_root_paths

from .facets import FACETS
from .labels import facet_labels
from .query import DEFAULT_PAGE_SIZE, MAX_PAGE
from .sources import get_source

FACET_TITLES = {
    "ministry": _("Kementerian/lembaga"),
    "province": _("Provinsi"),
    "regency": _("Kabupaten/kota"),
    "sector": _("Sektor"),
    "channel": _("Kanal layanan"),
    "level": _("Tingkat pemerintahan"),
    "stage": _("Tahap"),
    "status": _("Status"),
    "sdg": _("Tujuan Pembangunan Berkelanjutan (TPB/SDG)"),
    "year": _("Tahun diluncurkan"),
    "hub": _("Simpul"),
    "tag": _("Tag"),
    "award": _("Penghargaan"),
    "replication": _("Replikasi"),
}
# Long lists fold away so the page stays usable on a phone.
COLLAPSED_FACETS = {"regency", "tag", "hub", "ministry"}
COLLAPSE_ABOVE = 12  # any other list longer than this folds away too
# Parameters that are not part of what a page shows (the API's output format).
IGNORED_PARAMS = {"format"}
SORT_LABELS = {
    "relevance": _("Relevansi"),
    "newest": _("Terbaru"),
    "replicated": _("Paling banyak direplikasi"),
    "similar": _("Daerah serupa"),
}
PAGE_WINDOW = 2  # pages shown either side of the current one


def search_path():
    return reverse("search")


# --- query strings -------------------------------------------------------------------------


def clean_params(params):
    """A mutable copy of the query without empty values and parameters the page ignores."""
    cleaned = QueryDict(mutable=True)
    for name, values in params.lists():
        if name in IGNORED_PARAMS:
            continue
        kept = [v for v in values if v.strip()]
        if kept:
            cleaned.setlist(name, kept)
    return cleaned


class EncodedQuery:
    """A search's parameters, each name=value pair percent-encoded once.

    Every link on the page is the same search with one thing changed; joining these pieces
    keeps building N chip links at N joins, instead of re-encoding the query N times."""

    def __init__(self, params):
        if isinstance(params, EncodedQuery):
            self.pairs = params.pairs
        else:
            self.pairs = [
                (name, value, urlencode([(name, value)]))
                for name, values in clean_params(params).lists()
                for value in values
            ]

    def get(self, name, default=""):
        return next((value for n, value, _ in self.pairs if n == name), default)

    def url(self, base=None, drop=lambda name, value: False, replacements=None):
        """The search without the pairs `drop` picks, with single-valued `replacements`
        (None removes; an existing parameter keeps its place, a new one goes last)."""
        replacements = replacements or {}
        pieces, placed = [], set()
        for name, value, encoded in self.pairs:
            if drop(name, value):
                continue
            if name in replacements:
                if name not in placed and replacements[name] not in (None, ""):
                    pieces.append(urlencode([(name, str(replacements[name]))]))
                placed.add(name)
                continue
            pieces.append(encoded)
        for name, value in replacements.items():
            if name not in placed and value not in (None, ""):
                pieces.append(urlencode([(name, str(value))]))
        base = base or search_path()
        return f"{base}?{'&'.join(pieces)}" if pieces else base


def build_url(params, base=None):
    return EncodedQuery(params).url(base)


def url_without(params, name, value=None, base=None):
    """The search without one filter value (or, with no value, without the parameter).

    Any other change of the result set starts again at page 1."""

    def drop(n, v):
        return n == "page" or (n == name and (value is None or v == str(value)))

    return EncodedQuery(params).url(base, drop)


def url_with(params, base=None, **replacements):
    """The search with single-valued parameters replaced (None removes); back to page 1."""
    return EncodedQuery(params).url(base, lambda n, v: n == "page", replacements)


def url_with_page(params, number, base=None):
    return EncodedQuery(params).url(base, replacements={"page": number if number > 1 else None})


def url_with_sort(params, sort, base=None):
    return url_with(params, base, sort=None if sort == "relevance" else sort)


def clear_all_url(params, base=None):
    """Every filter dropped; the words stay."""
    return url_with(QueryDict(), base, q=EncodedQuery(params).get("q"))


def is_variant(search_request):
    """A filtered, sorted or later page: noindex, follow (a plain search may be indexed)."""
    return bool(
        search_request.filters
        or search_request.year_from is not None
        or search_request.year_to is not None
        or search_request.page > 1
        or search_request.sort != "relevance"
        or search_request.page_size != DEFAULT_PAGE_SIZE
    )


# --- page URLs -----------------------------------------------------------------------------


def public_url(url_path, request=None):
    """The address a reader follows for a page's Wagtail url_path ("/beranda/simpul/x/").

    Relative on the current site, absolute on another; a site path that is no url_path
    ("/simpul/x/", as the index stores it) stays as it is. Either way in the active
    language: "/en/simpul/x/" on the English pages."""
    if not url_path:
        return ""
    matches = [r for r in site_root_paths(request) if url_path.startswith(r.root_path)]
    if not matches:
        return localize_path(url_path)  # already a public path (the index stores those)
    current = Site.find_for_request(request) if request is not None else None
    longest = max(len(r.root_path) for r in matches)
    matches = [r for r in matches if len(r.root_path) == longest]
    chosen = next((r for r in matches if current and r.site_id == current.id), matches[0])
    rest = localize_path("/" + url_path[len(chosen.root_path) :])
    if current is not None:
        same_site = chosen.site_id == current.id
    else:
        same_site = len({r.site_id for r in site_root_paths(request)}) == 1
    return rest if same_site else chosen.root_url.rstrip("/") + rest


# --- what the template shows ---------------------------------------------------------------


@dataclass
class HitCard:
    """A result card from the hit alone, for an item the source gave no card for. The card
    template (templates/includes/innovation_card.html) reads these attributes; a source's
    cards have them and more (level, awards, replication, the headline metric)."""

    page_id: int
    title: str
    url: str
    language: str
    tagline: str
    sector: str
    place: str
    year: int | None


@dataclass
class Result:
    card: object
    url: str  # the address on this site, in the active language
    snippet: str


def result_cards(hits, request=None):
    """[Result] for the hits, in order: each with the source's card when there is one."""
    cards = get_source().cards([hit.page_id for hit in hits], request)
    results = []
    for hit in hits:
        card = cards.get(hit.page_id) or HitCard(
            hit.page_id, hit.title, hit.url, hit.language, hit.tagline, hit.sector_name,
            hit.province_name, hit.year_launched,
        )  # fmt: skip
        results.append(Result(card, public_url(hit.url, request), hit.snippet))
    return results


def cards_for_ids(ids, request=None):
    """[Result] for page ids in this order, without snippets (the similar innovations):
    the source's cards, which know each page's address; the index's stored documents are
    read only for ids the source gave no card for (as result_cards would show them)."""
    from .results import stored_hits

    cards = get_source().cards(ids, request)
    missing = [page_id for page_id in ids if page_id not in cards]
    hits = {hit.page_id: hit for hit in stored_hits(missing)} if missing else {}
    results = []
    for page_id in ids:
        if page_id in cards:
            card = cards[page_id]
            results.append(Result(card, card.url, ""))
        elif page_id in hits:
            results.extend(result_cards([hits[page_id]], request))
    return results


@dataclass
class Chip:
    title: str
    label: str
    url: str


@dataclass
class Option:
    value: str
    label: str
    count: int
    selected: bool
    dom_id: str


@dataclass
class FacetGroup:
    name: str
    title: str
    options: list
    collapsed: bool = False
    subgroups: list = field(default_factory=list)  # [(province name, options)] for regencies

    @property
    def selected_count(self):
        return sum(1 for o in self.options if o.selected)


def facet_groups(response):
    """Every facet with values (the year always: it has the range inputs), in FACETS order."""
    groups = []
    province_names = {v.value: str(v.label) for v in response.facets.get("province", [])}
    for facet in FACETS:
        values = response.facets.get(facet.name, [])
        options = [
            Option(v.value, str(v.label), v.count, v.selected, f"f-{facet.name}-{i}")
            for i, v in enumerate(values, start=1)
        ]
        group = FacetGroup(
            name=facet.name,
            title=FACET_TITLES.get(facet.name, facet.name),
            options=options,
            collapsed=facet.name in COLLAPSED_FACETS or len(options) > COLLAPSE_ABOVE,
        )
        if facet.name == "regency":
            parents = [v.parent or "" for v in values]
            group.subgroups = _by_province(options, parents, province_names)
        if options or facet.name == "year":
            groups.append(group)
    return groups


def _by_province(options, parents, province_names):
    missing = {code for code in parents if code and code not in province_names}
    if missing:
        labels = facet_labels({"province": missing})["province"]
        province_names = {**province_names, **{code: labels[code][0] for code in missing}}
    grouped = {}
    for option, code in zip(options, parents, strict=True):
        grouped.setdefault(code, []).append(option)
    subgroups = [
        (province_names.get(code) or str(_("Lainnya")), items) for code, items in grouped.items()
    ]
    subgroups.sort(key=lambda pair: pair[0])
    return subgroups


def chips(search_request, response, params, with_urls=True):
    """One removable chip per active filter value, the year range included (without links
    when only the labels are wanted, as in a feed's title)."""
    query = EncodedQuery(params) if with_urls else None

    def removal_url(name, value=None):
        return url_without(query, name, value) if with_urls else ""

    labels = {
        name: {v.value: str(v.label) for v in values} for name, values in response.facets.items()
    }
    result = []
    for facet in FACETS:
        for value in search_request.selected(facet.name):
            result.append(
                Chip(
                    title=str(FACET_TITLES.get(facet.name, facet.name)),
                    label=labels.get(facet.name, {}).get(str(value), str(value)),
                    url=removal_url(facet.name, value),
                )
            )
    for name, title in (("year_from", _("Tahun sejak")), ("year_to", _("Tahun sampai"))):
        year = getattr(search_request, name)
        if year is not None:
            result.append(Chip(str(title), str(year), removal_url(name)))
    return result


def sort_links(search_request, params):
    """The orders a reader can choose; relevance only means something for words."""
    current = search_request.effective_sort
    params = EncodedQuery(params)
    choices = (
        ["relevance", "newest", "replicated"] if search_request.q else ["newest", "replicated"]
    )
    if search_request.near_layers is not None:  # a region to be close to is known
        choices.append("similar")
    links = []
    for sort in choices:
        if not search_request.q and sort == "newest":
            url = url_with(params, sort=None)
        else:
            url = url_with_sort(params, sort)
        links.append(
            {"value": sort, "label": SORT_LABELS[sort], "url": url, "current": sort == current}
        )
    return links


def pagination(search_request, response, params):
    """Numbered page links around the current page, with the first and last always there."""
    last = min(response.page_count, MAX_PAGE)
    params = EncodedQuery(params)
    current = search_request.page
    if last <= 1 and current <= 1:
        return None
    numbers = sorted(
        {1, last} | set(range(max(1, current - PAGE_WINDOW), min(last, current + PAGE_WINDOW) + 1))
    )
    items, previous = [], 0
    for number in numbers:
        if number - previous > 1:
            items.append({"gap": True})
        items.append(
            {
                "number": number,
                "url": url_with_page(params, number),
                "current": number == current,
            }
        )
        previous = number
    return {
        "items": items,
        "previous": url_with_page(params, min(current - 1, last)) if current > 1 else None,
        "next": url_with_page(params, current + 1) if current < last else None,
        "last": last,
    }
