"""Facet selections and counts in a search body, as pure functions.

Facets are disjunctive, as in the database engines: the selections are a post_filter, and
each facet's counts come from a filter aggregation that applies every *other* facet's
selection, so a facet lists what one more value of it would add.
"""

from ...facets import FACETS
from .mappings import FACET_FIELDS

# Facets with open-ended values (any tag, any award): at national scale there can be more
# values than buckets, so the selected ones are also counted on their own ("selected"),
# and a selected tag keeps its count even when it is not among the most frequent.
OPEN_FACETS = ("tag", "award")


def selection_filters(request):
    """{facet name: filter clause} for every facet with a selection (OR within a facet)."""
    filters = {}
    for facet in FACETS:
        if facet.name == "year":
            continue
        values = request.selected(facet.name)
        if values:
            filters[facet.name] = {"terms": {facet.name: [str(v) for v in values]}}
    years = request.selected("year")
    clauses = []
    if years:
        clauses.append({"terms": {"year": sorted({int(y) for y in years}, reverse=True)}})
    if request.year_from is not None or request.year_to is not None:
        bounds = {}
        if request.year_from is not None:
            bounds["gte"] = request.year_from
        if request.year_to is not None:
            bounds["lte"] = request.year_to
        clauses.append({"range": {"year": bounds}})
    if len(clauses) == 1:
        filters["year"] = clauses[0]
    elif clauses:
        filters["year"] = {"bool": {"filter": clauses}}
    return filters


def all_of(clauses):
    if not clauses:
        return {"match_all": {}}
    return {"bool": {"filter": clauses}}


def facet_aggregations(filters, selected=None):
    """One filter aggregation per facet: the other facets' selections, then the values
    (and, for OPEN_FACETS, the selected values: `selected` maps a facet to them)."""
    aggs = {}
    for facet in FACETS:
        others = [clause for name, clause in filters.items() if name != facet.name]
        size = FACET_FIELDS[facet.name][1]
        aggs[facet.name] = {
            "filter": all_of(others),
            "aggs": {"values": {"terms": {"field": facet.name, "size": size}}},
        }
        values = (selected or {}).get(facet.name)
        if values:
            aggs[facet.name]["aggs"]["selected"] = {
                "terms": {"field": facet.name, "include": values, "size": len(values)}
            }
    return aggs


def open_selections(request):
    """{facet: sorted selected values} for the OPEN_FACETS with a selection."""
    selected = {}
    for name in OPEN_FACETS:
        values = sorted({str(v) for v in request.selected(name)})
        if values:
            selected[name] = values
    return selected
