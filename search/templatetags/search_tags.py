"""Template tags of the search app.

{% similar_innovations page as similar %} gives the innovations most like `page`, as result
cards (search.presentation.Result), read from the search index (published, public pages
only). An empty list when there is nothing similar or the page is not indexed.
"""

from django import template

from search import presentation, service, state

register = template.Library()


@register.simple_tag(takes_context=True)
def similar_innovations(context, page, limit=5):
    if page is None or not page.pk:  # a page being previewed before its first save
        return []
    # One reading of the index's state for the engine and the labels (state.pinned).
    with state.pinned():
        ids = [i for i in service.similar_innovations(page.pk, limit) if i != page.pk]
        return presentation.cards_for_ids(ids, context.get("request"))
