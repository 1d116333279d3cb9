"""Regions like mine: how close an innovation's region is to the reader's kabupaten/kota,
and why ("kabupaten, 1,2 juta penduduk, 450 jiwa/km², Jawa, provinsi bertetangga").

Only official figures: the kind of region, its population (Kepmendagri 300.2.2-2138/2025),
its density (that population over the area measured by Badan Informasi Geospasial, both in
the reference data), its island group, its province and the provinces sharing a land border
with it. A figure that is missing earns no points; nothing is estimated.
"""

import math
import time
from collections import defaultdict
from dataclasses import dataclass

from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from innovations.models import InnovationPage, Province, Regency
from search import nearness

COOKIE = nearness.COOKIE  # the reader's kabupaten/kota code, remembered by the browser
COOKIE_MAX_AGE = 365 * 24 * 3600
# Population counts as similar within this ratio (1.2 million is like 0.6 to 2.4 million);
# so does density (450 people per km² is like 225 to 900).
SIMILAR_POPULATION_RATIO = 2.0
SIMILAR_DENSITY_RATIO = 2.0
# Points for each shared trait; the points for population and density shrink with the
# ratio. A neighbouring province counts less than the same province, and only one of the two
# can apply.
WEIGHTS = {"kind": 3, "population": 3, "density": 2, "island": 2, "province": 2, "neighbour": 1}
MAX_SCORE = sum(WEIGHTS.values()) - WEIGHTS["neighbour"]  # it excludes "province"
KIND_WORDS = {
    "kabupaten": gettext_lazy("kabupaten"),
    "kota": gettext_lazy("kota"),
    "provinsi": gettext_lazy("provinsi"),
}
# The traits shared, as programs read them (the search API's closeness.traits), one for each
# reason in the same order: the same kind of region, population and density within a factor
# of 2, the same island group, the same province or else a neighbouring one.
TRAITS = ("kind", "population", "density", "island_group", "same_province",
          "neighbouring_province")  # fmt: skip


LEVEL_WORDS = {
    "very_similar": gettext_lazy("sangat serupa"),
    "similar": gettext_lazy("serupa"),
    "less_similar": gettext_lazy("kurang serupa"),
    "not_similar": gettext_lazy("kurang serupa"),  # shown to no reader: the sentence says why
}


@dataclass(frozen=True)
class Closeness:
    score: int  # 0-100
    reasons: tuple  # the traits shared, as the reader reads them
    traits: tuple = ()  # the same traits as keys of TRAITS, in the same order

    @property
    def level(self):
        return str(LEVEL_WORDS[self.level_key])

    @property
    def level_key(self):
        """The level as programs read it; "not_similar" when no trait is shared."""
        if self.score >= 70:
            return "very_similar"
        if self.score >= 40:
            return "similar"
        return "less_similar" if self.score > 0 else "not_similar"


def population_words(population):
    """1226660 -> "1,2 juta penduduk"; 42793 -> "43 ribu penduduk" (in the active language)."""
    if not population:
        return ""
    if population >= 1_000_000:
        amount = number_format(round(population / 1_000_000, 1), decimal_pos=1)
        return _("%(amount)s juta penduduk") % {"amount": amount}
    amount = number_format(round(population / 1000), force_grouping=True)
    return _("%(amount)s ribu penduduk") % {"amount": amount}


def density_words(density):
    """451.7 -> "452 jiwa/km²"; 4.26 -> "4,3 jiwa/km²" (in the active language)."""
    if not density:
        return ""
    if density < 10:
        amount = number_format(round(density, 1), decimal_pos=1)
    else:
        amount = number_format(round(density), force_grouping=True)
    return _("%(amount)s jiwa/km²") % {"amount": amount}


def _nearness(a, b, similar_ratio):
    """1 for equal figures, 0.5 at the edge of "similar", None beyond it or when one is
    missing."""
    if not a or not b:
        return None
    ratio = max(a, b) / min(a, b)
    if ratio > similar_ratio:
        return None
    return 1 - math.log(ratio) / math.log(similar_ratio) / 2


def region_of(page):
    """The innovation's region: its kabupaten/kota, else its province, else None."""
    return page.regency if page.regency_id else (page.province if page.province_id else None)


def _traits(region):
    if isinstance(region, Regency):
        province = region.province
        return region.kind, province.island_group_id, province.code
    return "provinsi", region.island_group_id, region.code


def neighbour_codes(regency):
    """Codes of the provinces sharing a land border with the regency's province; read once
    per Regency object (the reader's, compared with every result)."""
    cached = getattr(regency, "_neighbour_codes", None)
    if cached is None:
        through = Province.neighbours.through
        cached = frozenset(
            through.objects.filter(from_province_id=regency.province_id).values_list(
                "to_province_id", flat=True
            )
        )
        regency._neighbour_codes = cached
    return cached


def closeness(mine, theirs):
    """How close region `theirs` (a Regency or Province) is to the reader's Regency."""
    if theirs is None or mine is None:
        return Closeness(0, ())
    kind, island, province = _traits(theirs)
    my_kind, my_island, my_province = _traits(mine)
    points, reasons, traits = 0.0, [], []

    def shared(trait, weight, reason):
        nonlocal points
        points += weight
        reasons.append(reason)
        traits.append(trait)

    if kind == my_kind:
        shared("kind", WEIGHTS["kind"], str(KIND_WORDS[kind]))
    nearness = _nearness(theirs.population, mine.population, SIMILAR_POPULATION_RATIO)
    if nearness is not None:
        shared("population", WEIGHTS["population"] * nearness,
               population_words(theirs.population))  # fmt: skip
    nearness = _nearness(theirs.density, mine.density, SIMILAR_DENSITY_RATIO)
    if nearness is not None:
        shared("density", WEIGHTS["density"] * nearness, density_words(theirs.density))
    if island and island == my_island:
        shared("island_group", WEIGHTS["island"], theirs_island_name(theirs))
    if province == my_province:
        if kind != "provinsi":
            shared("same_province", WEIGHTS["province"], _("provinsi yang sama"))
    elif province in neighbour_codes(mine):
        shared("neighbouring_province", WEIGHTS["neighbour"], _("provinsi bertetangga"))
    return Closeness(round(100 * points / MAX_SCORE), tuple(reasons), tuple(traits))


def closeness_label(mine, theirs, near):
    """The sentence a reader reads for Closeness `near` of region `theirs` (None: an
    innovation of a ministry or agency) to the reader's `mine`, in the active language:
    "Dibanding Kabupaten Sumedang: sangat serupa — kabupaten, 1,4 juta penduduk, ...". The
    result cards, the innovation page, the search API and the search export all say it so."""
    if theirs is None:
        return _(
            "Inovasi kementerian/lembaga: tanpa daerah untuk dibandingkan dengan %(name)s."
        ) % {"name": mine.name}
    if not near.reasons:
        return _(
            "Daerah inovasi ini tidak serupa dengan %(name)s menurut jenis, jumlah penduduk, "
            "kepadatan, pulau dan provinsi."
        ) % {"name": mine.name}
    sentence = _("Dibanding %(name)s: %(level)s") % {"name": mine.name, "level": near.level}
    return f"{sentence} — {', '.join(near.reasons)}"


def theirs_island_name(region):
    province = region.province if isinstance(region, Regency) else region
    return province.island_group.name if province.island_group_id else ""


def reader_region(request):
    """The reader's remembered kabupaten/kota, or None."""
    code = request.COOKIES.get(COOKIE, "") if request is not None else ""
    if not code or len(code) > 5:
        return None
    return Regency.objects.select_related("province__island_group").filter(code=code).first()


def similar_innovations(mine, limit=6):
    """The visible innovations whose region is closest to `mine`, closest first, each
    with its Closeness: [(page, closeness)]."""
    pages = InnovationPage.objects.visible().select_related(
        "regency__province__island_group", "province__island_group", "sector"
    )
    scored = [(page, closeness(mine, region_of(page))) for page in pages.filter(
        province__isnull=False)]  # fmt: skip
    scored.sort(key=lambda item: (-item[1].score, -item[0].year_launched, item[0].title))
    return [item for item in scored if item[1].score > 0][:limit]


def similar_regencies(mine, limit=40):
    """Codes of the kabupaten/kota closest to `mine` (itself first): the "daerah serupa"
    filter of the search page."""
    regencies = Regency.objects.select_related("province__island_group")
    scored = sorted(
        regencies, key=lambda r: (-closeness(mine, r).score, r.code != mine.code, r.code)
    )
    return [r.code for r in scored[:limit]]


def innovation_regions():
    """{page id: its region (Regency or Province)} for every visible regional innovation:
    one query of three columns, so a page of results costs no more than one, and the
    regions themselves come from regions()."""
    return _regions_of(InnovationPage.objects.visible())


def result_regions(ids):
    """The same for innovations the search returned (public already, as the engine indexes
    only those): a query by id, without visible()'s reading of the page tree."""
    return _regions_of(InnovationPage.objects.filter(pk__in=list(ids)))


def _regions_of(pages):
    known = regions()
    found = pages.filter(province__isnull=False).values_list("pk", "regency_id", "province_id")
    return {pk: known.get(regency or province) for pk, regency, province in found}


# The "daerah serupa" order of the search (search.nearness). Scoring 552 regions takes a few
# milliseconds, so each process keeps the layers of a region a while; reference data
# changes rarely, and an edit shows within LAYERS_SECONDS.
LAYERS_SECONDS = 600
_layers_cache = {}
_regions_cache = {}


def regions():
    """{code: Regency or Province} of every kabupaten/kota ("32.11") and province ("32"),
    with their provinces and island groups: read once per process and LAYERS_SECONDS, like
    the layers (552 rows of reference data)."""
    cached = _regions_cache.get("all")
    if cached and time.monotonic() - cached[0] < LAYERS_SECONDS:
        return cached[1]
    found = {
        region.code: region
        for region in [
            *Regency.objects.select_related("province__island_group"),
            *Province.objects.select_related("island_group"),
        ]
    }
    _regions_cache["all"] = (time.monotonic(), found)
    return found


def _regency(code):
    region = regions().get(code)
    return region if isinstance(region, Regency) else None


def search_layers(code):
    """Place codes grouped by their closeness to kabupaten/kota `code`, closest first (its
    own code leads): the search's "daerah serupa" order. None for an unknown code."""
    cached = _layers_cache.get(code)
    if cached and time.monotonic() - cached[0] < LAYERS_SECONDS:
        return cached[1]
    mine = _regency(code)
    if mine is None:
        return None
    by_score = defaultdict(list)
    for region in regions().values():
        score = 101 if region.code == code else closeness(mine, region).score
        if score > 0:
            by_score[score].append(region.code)
    layers = tuple(tuple(sorted(by_score[score])) for score in sorted(by_score, reverse=True))
    if len(_layers_cache) > 1000:
        _layers_cache.clear()
    _layers_cache[code] = (time.monotonic(), layers)
    return layers


def explain_closeness(code, page_ids):
    """Why each innovation among `page_ids` (search results) is as close as it is to
    kabupaten/kota `code` (search.nearness.explain, for the API and the export), in the
    active language: {page id: {"place", "region", "score", "level", "traits", "reasons",
    "label"}},
    "place" being the code the search's layers hold for it (its kabupaten/kota, or its
    province for a province-level innovation; None for a ministry or agency). None for an
    unknown code. Only reference data about regions: nothing about any person."""
    mine = _regency(code)
    if mine is None:
        return None
    places = result_regions(page_ids)
    explained = {}
    for page_id in page_ids:
        region = places.get(page_id)
        near = closeness(mine, region)
        explained[page_id] = {
            "place": region.code if region is not None else None,
            "region": {"code": region.code, "name": region.name} if region is not None else None,
            "score": near.score,
            "level": near.level_key,
            "traits": list(near.traits),
            "reasons": list(near.reasons),
            "label": closeness_label(mine, region, near),
        }
    return explained
