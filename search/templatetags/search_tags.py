"""Template tags of the search app.

{% similar_innovations page as similar %} gives the innovations most like `page`, as dicts
with title, url, tagline and province_name, read from the search index (published, public
pages only). An empty list when there is nothing similar or the page is not indexed.
"""

from django import template

from search import presentation, service
from search.labels import facet_labels
from search.models import IndexedDocument

register = template.Library()


@register.simple_tag(takes_context=True)
def similar_innovations(context, page, limit=5):
    page_id = getattr(page, "pk", None)
    if not page_id:
        return []
    ids = [i for i in service.similar_innovations(page_id, limit) if i != page_id]
    if not ids:
        return []
    rows = {
        row["page_id"]: row
        for row in IndexedDocument.objects.filter(page_id__in=ids, removed=False).values(
            "page_id", "title", "url", "tagline", "province"
        )
    }
    provinces = facet_labels({"province": {r["province"] for r in rows.values() if r["province"]}})
    request = context.get("request")
    similar = []
    for page_id in ids:
        row = rows.get(page_id)
        if row is None:
            continue
        similar.append(
            {
                "title": row["title"],
                "url": presentation.public_url(row["url"], request),
                "tagline": row["tagline"],
                "province_name": provinces["province"].get(row["province"], ("", None))[0],
            }
        )
    return similar


@register.simple_tag
def search_url_without(params, name, value=None):
    """The search page URL for `params` without one filter value: {% search_url_without
    request.GET "province" "32" %}."""
    return presentation.url_without(params, name, value)


@register.simple_tag
def search_page_url(params, number):
    """The search page URL for `params` at page `number`, every other parameter kept."""
    return presentation.url_with_page(params, int(number))
