"""Regions like mine: how close an innovation's region is to the reader's kabupaten/kota,
and why ("kabupaten, 1,2 juta penduduk, Sumatra").

Only official figures: the kind of region, its population (Kepmendagri 300.2.2-2138/2025,
in the reference data), its island group and province. Area and density are not loaded,
so they are not used; nothing is estimated.
"""

import math
from dataclasses import dataclass

from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from innovations.models import InnovationPage, Regency

COOKIE = "daerah_saya"  # the reader's kabupaten/kota code, remembered by the browser
COOKIE_MAX_AGE = 365 * 24 * 3600
# Population counts as similar within this ratio (1.2 million is like 0.6 to 2.4 million).
SIMILAR_POPULATION_RATIO = 2.0
# Points for each shared trait; the population's points shrink with the ratio.
WEIGHTS = {"kind": 3, "population": 3, "island": 2, "province": 2}
MAX_SCORE = sum(WEIGHTS.values())
KIND_WORDS = {"kabupaten": _lazy("kabupaten"), "kota": _lazy("kota"), "provinsi": _lazy("provinsi")}


@dataclass(frozen=True)
class Closeness:
    score: int  # 0-100
    reasons: tuple  # the traits shared, as the reader reads them

    @property
    def level(self):
        if self.score >= 70:
            return _("sangat serupa")
        if self.score >= 40:
            return _("serupa")
        return _("kurang serupa")


def population_words(population):
    """1226660 -> "1,2 juta penduduk"; 42793 -> "43 ribu penduduk" (in the active language)."""
    if not population:
        return ""
    if population >= 1_000_000:
        amount = number_format(round(population / 1_000_000, 1), decimal_pos=1)
        return _("%(amount)s juta penduduk") % {"amount": amount}
    amount = number_format(round(population / 1000), force_grouping=True)
    return _("%(amount)s ribu penduduk") % {"amount": amount}


def region_of(page):
    """The innovation's region: its kabupaten/kota, else its province, else None."""
    return page.regency if page.regency_id else (page.province if page.province_id else None)


def _traits(region):
    if isinstance(region, Regency):
        province = region.province
        return region.kind, region.population, province.island_group_id, province.code
    return "provinsi", region.population, region.island_group_id, region.code


def closeness(mine, theirs):
    """How close region `theirs` (a Regency or Province) is to the reader's Regency."""
    if theirs is None or mine is None:
        return Closeness(0, ())
    kind, population, island, province = _traits(theirs)
    my_kind, my_population, my_island, my_province = _traits(mine)
    points, reasons = 0.0, []
    if kind == my_kind:
        points += WEIGHTS["kind"]
        reasons.append(str(KIND_WORDS[kind]))
    if population and my_population:
        ratio = max(population, my_population) / min(population, my_population)
        if ratio <= SIMILAR_POPULATION_RATIO:
            # Full points for equal populations, half at the edge of "similar".
            nearness = 1 - math.log(ratio) / math.log(SIMILAR_POPULATION_RATIO) / 2
            points += WEIGHTS["population"] * nearness
            reasons.append(population_words(population))
    if island and island == my_island:
        points += WEIGHTS["island"]
        reasons.append(theirs_island_name(theirs))
    if province == my_province and kind != "provinsi":
        points += WEIGHTS["province"]
        reasons.append(_("provinsi yang sama"))
    return Closeness(round(100 * points / MAX_SCORE), tuple(reasons))


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
    one query, so a page of results costs no more than one."""
    pages = InnovationPage.objects.visible().filter(province__isnull=False)
    pages = pages.select_related("regency__province__island_group", "province__island_group")
    return {page.pk: region_of(page) for page in pages}
