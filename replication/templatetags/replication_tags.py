"""Template tags of the replication exchange, for the innovation page and result cards."""

from django import template

from .. import figures, regions
from ..kits import kit_groups
from ..summary import summary_for

register = template.Library()


@register.simple_tag
def replication_kit(page):
    """The page's kit documents grouped by kind (see replication.kits.kit_groups)."""
    return kit_groups(page)


@register.simple_tag(takes_context=True)
def replication_summary(context, page_id):
    """ReplicationSummary(done, in_progress) of one innovation (see replication.summary)."""
    return summary_for(page_id, context.get("request"))


# --- regions like mine -------------------------------------------------------------------


def _cached(request, name, compute):
    """A value computed once per request (several includes ask for the same thing)."""
    if request is None:
        return compute()
    key = f"_replication_{name}"
    if not hasattr(request, key):
        setattr(request, key, compute())
    return getattr(request, key)


@register.simple_tag(takes_context=True)
def reader_region(context):
    """The reader's remembered kabupaten/kota (a Regency), or None."""
    request = context.get("request")
    return _cached(request, "reader_region", lambda: regions.reader_region(request))


@register.simple_tag(takes_context=True)
def closeness_to_reader(context, page_id):
    """Closeness of an innovation's region to the reader's, or None without a region."""
    request = context.get("request")
    mine = reader_region(context)
    if mine is None:
        return None
    places = _cached(request, "innovation_regions", regions.innovation_regions)
    return regions.closeness(mine, places.get(page_id))


@register.simple_tag(takes_context=True)
def closeness_sentence(context, page_id):
    """What the reader reads of that closeness (replication.regions.closeness_label), or ""
    without a region."""
    request = context.get("request")
    mine = reader_region(context)
    if mine is None:
        return ""
    region = _cached(request, "innovation_regions", regions.innovation_regions).get(page_id)
    return regions.closeness_label(mine, region, regions.closeness(mine, region))


@register.simple_tag(takes_context=True)
def similar_for_reader(context, limit=6):
    mine = reader_region(context)
    return regions.similar_innovations(mine, limit) if mine else []


@register.simple_tag(takes_context=True)
def similar_regions_search_url(context):
    """The search page's URL with the "daerah serupa" filter: the reader's 40 most
    similar kabupaten/kota as regency filters, the rest of the query kept."""
    request = context.get("request")
    mine = reader_region(context)
    if mine is None or request is None:
        return ""
    params = request.GET.copy()
    params.setlist("regency", regions.similar_regencies(mine))
    params.pop("page", None)
    return f"{request.path}?{params.urlencode()}"


@register.simple_tag
def replication_figures():
    """Figures for the statistics page (see replication.figures)."""
    return figures.replication_figures()


@register.simple_tag
def replication_places(page):
    """[(province name, replications)] where this innovation was replicated."""
    return figures.replication_places(page)
