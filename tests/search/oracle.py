"""The test oracle: what search should answer, worked out from the page tree by brute force.

Nothing here uses search/ code (except to reset its caches): visibility, facet values and
counts come straight from the page models, so a bug in the engine cannot hide in both.
"""

from collections import Counter

from wagtail.models import Page

from innovations.models import InnovationPage

FACETS = [
    "ministry", "province", "regency", "sector", "channel", "level", "stage", "status", "sdg",
    "year", "hub", "tag", "award", "replication",
]  # fmt: skip
API = "/api/v1/search/"


def reset_search_caches():
    from search import caches

    caches.reset()


# --- what is visible --------------------------------------------------------------------


def visible_pages():
    """Live, public innovations none of whose ancestors is unpublished."""
    pages = InnovationPage.objects.live().public()
    depth = InnovationPage.objects.values_list("depth", flat=True).first()
    if depth is not None:
        for path in Page.objects.filter(live=False, depth__lt=depth).values_list("path", flat=True):
            pages = pages.exclude(path__startswith=path)
    return pages


def facet_values(page):
    """{facet: set of values} for one page, read from the models."""
    return {
        "ministry": {page.ministry.slug} if page.ministry else set(),
        "province": {page.province_id} if page.province_id else set(),
        "regency": {page.regency_id} if page.regency_id else set(),
        "sector": {page.sector_id},
        "channel": {c.key for c in page.channels.all()},
        "level": {page.level},
        "stage": {page.stage_id},
        "status": {page.status_id},
        "sdg": {str(s.number) for s in page.sdgs.all()},
        "year": {str(page.year_launched)},
        "hub": {page.get_parent().slug},
        "tag": {t.slug for t in page.tags.all()},
        "award": {a.name for a in page.awards.all()},
    }


def visible_records():
    """{slug: {facet: values, "_year": int, "_replications": int}} for every visible page."""
    visible = visible_pages()
    visible_ids = set(visible.values_list("pk", flat=True))
    records = {}
    for page in visible.select_related("ministry").prefetch_related(
        "channels", "sdgs", "tags", "awards"
    ):
        record = facet_values(page)
        record["_year"] = page.year_launched
        record["_replications"] = sum(
            1 for pk in page.replications.values_list("pk", flat=True) if pk in visible_ids
        )
        # The replication facet: replicated by a visible page, replicating a visible one.
        record["replication"] = ({"replicated"} if record["_replications"] else set()) | (
            {"replica"} if page.replicated_from_id in visible_ids else set()
        )
        records[page.slug] = record
    return records


# --- filtering and counting -------------------------------------------------------------


def passes(record, filters, year_from=None, year_to=None, skip=None):
    """Does a page pass every selection except facet `skip`'s? (OR within, AND across.)"""
    for name, values in filters.items():
        if name != skip and not record[name] & {str(v) for v in values}:
            return False
    if skip != "year":
        if year_from is not None and record["_year"] < year_from:
            return False
        if year_to is not None and record["_year"] > year_to:
            return False
    return True


def expected_facets(records, filters, year_from=None, year_to=None):
    """{facet: {value: (count, selected)}}: disjunctive counts plus zero-count selections."""
    result = {}
    for name in FACETS:
        counts = Counter()
        for record in records.values():
            if passes(record, filters, year_from, year_to, skip=name):
                counts.update(record[name])
        values = {v: (n, False) for v, n in counts.items()}
        for selected in filters.get(name, []):
            values[str(selected)] = (counts.get(str(selected), 0), True)
        result[name] = values
    return result


def expected_matches(records, filters, year_from=None, year_to=None):
    return {slug for slug, r in records.items() if passes(r, filters, year_from, year_to)}


# --- the API ----------------------------------------------------------------------------


def get(client, **params):
    response = client.get(API, params)
    assert response.status_code == 200, (params, response.status_code, response.content[:500])
    assert response["Content-Type"].startswith("application/json")
    return response.json()


def all_results(client, **params):
    """Every result of a query, walking the pages (page_size 50)."""
    results, page = [], 1
    while True:
        data = get(client, **params, page=page, page_size=50)
        results += data["results"]
        if not data["results"] or len(results) >= data["total"]:
            assert len(results) == data["total"], (params, len(results), data["total"])
            return results
        page += 1


def all_slugs(client, **params):
    slugs = [r["slug"] for r in all_results(client, **params)]
    assert len(slugs) == len(set(slugs)), f"duplicate results for {params}: {slugs}"
    return set(slugs)


def facet_table(data):
    """The API's facets as {facet: {value: (count, selected)}}."""
    return {
        name: {v["value"]: (v["count"], v["selected"]) for v in values}
        for name, values in data["facets"].items()
    }
