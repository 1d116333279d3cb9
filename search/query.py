"""SearchRequest (validated parameters) and SearchResponse (what every backend returns).

Parsing is strict about structure and lenient about text: an unknown parameter or a value
of the wrong shape is a clear 400 naming the parameter; anything typed into `q` is searched
as plain words, never as engine syntax.
"""

import re
import unicodedata
from dataclasses import dataclass, field, replace
from urllib.parse import urlencode

from django.conf import settings
from django.utils.translation import gettext as _

from . import nearness
from .analysis import tokenize
from .facets import FACETS_BY_NAME, REPLICA_OF, REPLICATED

MAX_PAGE_SIZE = 50
DEFAULT_PAGE_SIZE = 10
MAX_PAGE = 1000
MAX_QUERY_LENGTH = 500
# What one request may select: every active filter value is a chip on the page linking to the
# search without it, so the page grows with values x query-string length. These bound it.
MAX_VALUES_PER_FACET = 50
MAX_SELECTED_VALUES = 60  # across all facets
MAX_QUERY_STRING_LENGTH = 4096  # characters, as encoded in the URL
# "similar": closest to the reader's region first (search.nearness), needs `near`.
SORTS = ("relevance", "newest", "replicated", "similar")
YEAR_RANGE = (1900, 2100)
SDG_RANGE = (1, 17)
LEVELS = ("kementerian", "lembaga", "provinsi", "kabupaten", "kota")

# Filter values, as regular expressions both Python and the OpenAPI document (ECMA-262) read
# alike: ASCII digits, no "$" (Python's lets a final newline through). Matched whole.
PROVINCE_PATTERN = "^[0-9]{2}$"
REGENCY_PATTERN = "^[0-9]{2}[.][0-9]{2}$"
SLUG_PATTERN = "^[A-Za-z0-9_-]{1,150}$"
# Free text (award names such as "Top 45 KIPP 2023"), without control characters or the two
# code points XML cannot carry (these values end up in the feeds' titles).
TEXT_PATTERN = "^[^\\x00-\\x1f\\x7f-\\x9f\\ufffe\\uffff]{1,150}$"
INTEGER_PATTERN = re.compile("[0-9]{1,9}")
VALUE_PATTERNS = {
    "province": PROVINCE_PATTERN,
    "regency": REGENCY_PATTERN,
    "award": TEXT_PATTERN,
}
INTEGER_FACETS = {"sdg": SDG_RANGE, "year": YEAR_RANGE}
REPLICATION_VALUES = (REPLICATED, REPLICA_OF)
ENUM_FACETS = {"level": LEVELS, "replication": REPLICATION_VALUES}
FILTER_PARAMS = [name for name in FACETS_BY_NAME if name != "year"]
SCALAR_PARAMS = {"q", "page", "page_size", "sort", "year_from", "year_to", "format", "interpret",
                 "near"}  # fmt: skip
# The API's language (its messages, facet labels and closeness labels): Indonesian unless
# lang=en. The pages take theirs from the address (/en/cari/); they ignore lang.
LANGUAGE_PARAM = "lang"
KNOWN_PARAMS = SCALAR_PARAMS | set(FILTER_PARAMS) | {"year", LANGUAGE_PARAM}


def value_pattern(facet):
    return VALUE_PATTERNS.get(facet, SLUG_PATTERN)


class InvalidParameter(ValueError):
    def __init__(self, parameter, message):
        super().__init__(message)
        self.parameter = parameter
        self.message = message


def api_languages():
    return [code for code, _name in settings.LANGUAGES]


def api_language(params):
    """The language the API answers in: `lang`, once, one of the site's languages; else
    the site's own (Indonesian)."""
    values = params.getlist(LANGUAGE_PARAM)
    if not values:
        return settings.LANGUAGE_CODE
    if len(values) > 1:
        raise InvalidParameter(
            LANGUAGE_PARAM,
            _("%(name)s hanya boleh muncul sekali.") % {"name": repr(LANGUAGE_PARAM)},
        )
    if values[0] not in api_languages():
        raise InvalidParameter(
            LANGUAGE_PARAM,
            _("%(name)s harus salah satu dari: %(choices)s.")
            % {"name": LANGUAGE_PARAM, "choices": ", ".join(api_languages())},
        )
    return values[0]


@dataclass
class SearchRequest:
    q: str = ""
    page: int = 1
    page_size: int = DEFAULT_PAGE_SIZE
    sort: str = "relevance"
    filters: dict = field(default_factory=dict)  # facet name -> list of values
    year_from: int | None = None
    year_to: int | None = None
    # Read places and replication intent from the words (search.interpretation); the
    # reader turns it off with interpret=0 to search the words as typed.
    interpret: bool = True
    # Set by interpretation, never by parameters: documents to rank first, in this order
    # (those the filters allow), and a lineage role (search.facets.ORIGINAL or REPLICA)
    # whose documents rank before the others.
    pinned: tuple = ()
    prefer: str | None = None
    # Also set by interpretation: the filters it read from the words (facet names, never
    # one the reader selected), and the pinned records that are lineage partners of the
    # records the question is about. A scope read from the words qualifies those records,
    # not their partners: a partner is pinned if the reader's own filters allow it.
    read_scopes: tuple = ()
    partners: tuple = ()
    # The reader's kabupaten/kota for sort=similar ("32.11"), and the layers of place codes
    # search.nearness gave for it (None: not resolved; the sort then falls back).
    near: str = ""
    near_layers: tuple | None = field(default=None, compare=False, repr=False)
    # Set by search.service for the semantic leg: the query's vector, or a
    # search.vectors.PendingVector still being computed (None: lexical only), and its
    # language ("en" weighs the semantic leg higher, see search.fusion).
    vector: object = field(default=None, compare=False, repr=False)
    language: str = "id"

    @property
    def offset(self):
        return (self.page - 1) * self.page_size

    @property
    def effective_sort(self):
        sort = self.sort
        if sort == "similar" and self.near_layers is None:
            sort = "relevance"  # no region chosen (the page says how to choose one)
        # Relevance means nothing without words ("", "*", an emoji); browsing shows the newest.
        return sort if sort != "relevance" or tokenize(self.q) else "newest"

    def near_to(self, code):
        """This request ordered for kabupaten/kota `code` (None or "" when unknown)."""
        found = nearness.layers(code) if code else None
        return replace(self, near=code if found is not None else "", near_layers=found)

    @classmethod
    def from_querydict(cls, params, lenient=False):
        """Parse and check every parameter; InvalidParameter names the first one at fault.

        The API is strict: an unknown parameter, or a blank one other than q, is an error.
        The page and the feeds are `lenient`: links shared on social media carry tracking
        parameters (utm_source, fbclid), and a search form sends its empty fields."""
        if not lenient:
            _check_known(params)
        for name in SCALAR_PARAMS:
            if len(params.getlist(name)) > 1:
                raise InvalidParameter(
                    name, _("%(name)s hanya boleh muncul sekali.") % {"name": repr(name)}
                )
        if not lenient:
            params = _without_blanks(params)
        request = cls(
            q=_clean_query(params.get("q", ""), lenient),
            page=_integer(params, "page", 1, 1, MAX_PAGE),
            page_size=_integer(params, "page_size", DEFAULT_PAGE_SIZE, 1, MAX_PAGE_SIZE),
            sort=_choice(params, "sort", SORTS),
            year_from=_optional_year(params, "year_from"),
            year_to=_optional_year(params, "year_to"),
            interpret=_flag(params, "interpret", True),
        )
        if params.get("near"):
            request = request.near_to(params["near"])
            if request.near_layers is None:
                raise InvalidParameter("near", nearness.unknown_message(params["near"]))
        elif request.sort == "similar" and not lenient:
            raise InvalidParameter(
                "sort",
                _("sort=similar mengurutkan menurut kedekatan dengan daerah Anda: sertakan "
                  "near=<kode kabupaten/kota>, mis. near=32.11."),
            )  # fmt: skip
        if request.year_from and request.year_to and request.year_from > request.year_to:
            raise InvalidParameter(
                "year_from", _("year_from tidak boleh lebih besar dari year_to.")
            )
        selected = 0
        for name in FILTER_PARAMS + ["year"]:
            values = _filter_values(params, name, lenient)
            if values:
                request.filters[name] = values
                selected += len(values)
                if selected > MAX_SELECTED_VALUES:
                    raise InvalidParameter(
                        name,
                        _("Pilih paling banyak %(max)s nilai filter sekaligus, dari semua filter.")
                        % {"max": MAX_SELECTED_VALUES},
                    )
        _check_query_string_length(params)
        return request

    def selected(self, name):
        return self.filters.get(name, [])

    def own_filters(self):
        """The filters less those interpretation read from the words (read_scopes): what
        the lineage partners among the pinned records must pass."""
        return {k: v for k, v in self.filters.items() if k not in self.read_scopes}


def _check_known(params):
    unknown = sorted(set(params.keys()) - KNOWN_PARAMS)
    if unknown and not unknown[0]:
        # "?=x" or a stray "&=": a value without a name. `parameter` is that name, "".
        raise InvalidParameter(
            "",
            _("Ada nilai tanpa nama parameter (%(value)s); tulis sebagai nama=nilai.")
            % {"value": repr("=" + params.getlist("")[0])},
        )
    if unknown:
        raise InvalidParameter(
            unknown[0],
            _("Parameter tidak dikenal: %(name)s. Yang dikenal: %(known)s.")
            % {"name": repr(unknown[0]), "known": ", ".join(sorted(KNOWN_PARAMS - {"format"}))},
        )


def _without_blanks(params):
    """The API refuses a blank value (sort=, province=): leave the parameter out instead.
    Only the words may be empty (q= searches for everything)."""
    for name, values in params.lists():
        if name != "q" and any(not value for value in values):
            raise InvalidParameter(
                name,
                _("%(name)s tidak boleh kosong; hilangkan parameternya bila tidak dipakai.")
                % {"name": name},
            )
    return params


def _clean_query(raw, lenient):
    # A form may send a long run of spaces that collapses to little; a program may not.
    if len(raw) > (MAX_QUERY_LENGTH * 10 if lenient else MAX_QUERY_LENGTH):
        raise InvalidParameter(
            "q",
            _("q terlalu panjang (paling banyak %(max)s karakter).") % {"max": MAX_QUERY_LENGTH},
        )
    # Control characters and invalid code points are dropped; the rest is plain text.
    cleaned = "".join(
        ch if unicodedata.category(ch)[0] != "C" else " " for ch in raw.replace("\ufffd", " ")
    )
    cleaned = " ".join(cleaned.split())
    if len(cleaned) > MAX_QUERY_LENGTH:
        raise InvalidParameter(
            "q",
            _("q terlalu panjang (paling banyak %(max)s karakter).") % {"max": MAX_QUERY_LENGTH},
        )
    return cleaned


def _check_query_string_length(params):
    """The whole query string, as encoded in a URL, within MAX_QUERY_STRING_LENGTH. Checked
    after every parameter on its own, so the error names the parameter that takes most room."""
    lengths = {}
    for name, values in params.lists():
        lengths[name] = sum(len(urlencode([(name, value)])) + 1 for value in values)
    if sum(lengths.values()) - 1 > MAX_QUERY_STRING_LENGTH:
        raise InvalidParameter(
            max(lengths, key=lengths.get),
            _("Alamat pencarian terlalu panjang: paling banyak %(max)s karakter setelah tanda ?.")
            % {"max": MAX_QUERY_STRING_LENGTH},
        )


def _integer(params, name, default, low, high):
    raw = params.get(name)
    if raw in (None, ""):
        return default
    value = _ascii_integer(raw)
    if value is None:
        raise InvalidParameter(
            name,
            _("%(name)s harus berupa bilangan bulat %(low)s-%(high)s.")
            % {"name": name, "low": low, "high": high},
        )
    if not low <= value <= high:
        raise InvalidParameter(
            name,
            _("%(name)s harus di antara %(low)s dan %(high)s; diberikan %(value)s.")
            % {"name": name, "low": low, "high": high, "value": value},
        )
    return value


def _ascii_integer(raw):
    """The integer `raw` spells in ASCII digits, or None ("٣", " 3" and "3.0" are not)."""
    return int(raw) if INTEGER_PATTERN.fullmatch(raw) else None


def _optional_year(params, name):
    raw = params.get(name)
    if raw in (None, ""):
        return None
    return _integer(params, name, None, *YEAR_RANGE)


def _flag(params, name, default):
    raw = params.get(name)
    if raw in (None, ""):
        return default
    if raw not in ("0", "1", "true", "false"):
        raise InvalidParameter(
            name, _("%(name)s harus 0 atau 1 (false atau true).") % {"name": name}
        )
    return raw in ("1", "true")


def _choice(params, name, choices):
    raw = params.get(name) or choices[0]
    if raw not in choices:
        raise InvalidParameter(
            name,
            _("%(name)s harus salah satu dari: %(choices)s.")
            % {"name": name, "choices": ", ".join(choices)},
        )
    return raw


def _filter_values(params, name, lenient):
    """A facet's values, each checked whole. A form's values are trimmed and its blanks
    dropped; the API's are taken as sent (its blanks were refused already)."""
    values = params.getlist(name)
    if lenient:
        values = [v.strip() for v in values if v.strip()]
    if len(values) > MAX_VALUES_PER_FACET:
        raise InvalidParameter(
            name,
            _("Paling banyak %(max)s nilai untuk %(name)s.")
            % {"max": MAX_VALUES_PER_FACET, "name": name},
        )
    for value in values:
        if not _valid_value(name, value):
            raise InvalidParameter(
                name,
                _("Nilai %(value)s tidak sah untuk %(name)s.")
                % {"value": repr(value[:50]), "name": name},
            )
    return list(dict.fromkeys(values))


def _valid_value(name, value):
    if name in INTEGER_FACETS:
        low, high = INTEGER_FACETS[name]
        number = _ascii_integer(value)
        return number is not None and low <= number <= high
    if name in ENUM_FACETS:
        return value in ENUM_FACETS[name]
    return re.fullmatch(value_pattern(name)[1:-1], value) is not None


@dataclass
class Hit:
    page_id: int
    slug: str
    title: str
    url: str
    tagline: str
    snippet: str
    province: str
    province_name: str
    sector: str
    sector_name: str
    year_launched: int | None
    score: float | None
    language: str = "id"  # the case study's own language, for lang="..." on the page
    hub: str = ""  # the slug of the hub that publishes it (for search insights, not the API)


@dataclass
class FacetValue:
    value: str
    label: str
    count: int
    selected: bool
    parent: str | None = None


@dataclass
class SearchResponse:
    request: SearchRequest
    total: int
    hits: list
    facets: dict  # name -> list[FacetValue]
    suggestion: str | None = None
    corrected: bool = False  # the hits are for `suggestion`, the typed query found nothing
    ignored: list = field(default_factory=list)  # typed words no document has, set aside
    interpretation: object = None  # search.interpretation.Interpretation, when one applied
    backend: str = ""
    took_ms: float = 0.0
    notice: str = ""
    from_cache: bool = False  # answered from search.resultcache, not computed

    @property
    def page_count(self):
        size = self.request.page_size
        return max(1, (self.total + size - 1) // size)
