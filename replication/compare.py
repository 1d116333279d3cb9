"""Side-by-side comparison of two to four innovations: the facts an official weighs."""

from dataclasses import dataclass

from django.utils.translation import gettext as _

from innovations.models import InnovationPage

from .kits import kit_groups
from .regions import density_words, population_words, region_of
from .summary import summary_for

MIN_ITEMS, MAX_ITEMS = 2, 4
COOKIE = "bandingkan"  # the innovations chosen so far, "12,40,7"
METRICS_SHOWN = 3


class CompareError(ValueError):
    pass


def parse_ids(values):
    """Page ids from ?id=... values, in order and without repeats; CompareError (with the
    reason, in Indonesian) when they are not 2 to 4 whole numbers."""
    ids = []
    for value in values:
        if not value.strip().isdigit() or len(value) > 12:
            raise CompareError(_("“%(value)s” bukan nomor inovasi.") % {"value": value[:30]})
        if int(value) not in ids:
            ids.append(int(value))
    if len(ids) > MAX_ITEMS:
        raise CompareError(
            _("Paling banyak %(max)d inovasi dapat dibandingkan sekaligus; Anda memilih %(n)d.")
            % {"max": MAX_ITEMS, "n": len(ids)}
        )
    return ids


@dataclass
class Column:
    page: InnovationPage
    population: str
    density: str
    metrics: list
    awards: list
    channels: list
    funding: list
    kit_count: int
    summary: object


def columns(ids, request=None):
    """One column per visible innovation, in the order asked; ids not visible are left out
    (a draft or private page is never compared)."""
    pages = {
        page.pk: page
        for page in InnovationPage.objects.visible()
        .filter(pk__in=ids)
        .select_related("regency__province", "province", "ministry", "sector", "stage")
        .prefetch_related("channels", "funding_sources", "awards", "metrics")
    }
    result = []
    for page_id in ids:
        page = pages.get(page_id)
        if page is None:
            continue
        region = region_of(page)
        result.append(
            Column(
                page=page,
                population=population_words(region.population) if region else "",
                density=density_words(region.density) if region else "",
                metrics=list(page.metrics.all())[:METRICS_SHOWN],
                awards=[a.name for a in page.awards.all()],
                channels=[c.label for c in page.channels.all()],
                funding=[f.label for f in page.funding_sources.all()],
                kit_count=sum(len(items) for _label, items in kit_groups(page)),
                summary=summary_for(page.pk, request),
            )
        )
    return result


def chosen_ids(request):
    """The ids kept in the browser's comparison cookie."""
    raw = request.COOKIES.get(COOKIE, "")
    return [int(v) for v in raw.split(",") if v.isdigit()][:MAX_ITEMS]
