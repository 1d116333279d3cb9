"""Recording public searches and result clicks (see insights.models for what is kept).

Recording never fails a search: every error is caught and logged by its type alone (the
message could quote the query). It writes two rows at most, in one savepoint.
"""

import logging

from django.conf import settings
from django.db import transaction
from django.utils import timezone, translation

from search.models import IndexedDocument

from .models import ResultClick, SearchAppearance, SearchEvent
from .privacy import is_automated, normalise_query

logger = logging.getLogger(__name__)


def recording_enabled():
    return getattr(settings, "INSIGHTS_RECORDING", True)


def current_hour():
    return timezone.now().replace(minute=0, second=0, microsecond=0)


def record_search(sender, request, search_request, response, **kwargs):
    """search.signals.search_performed listener."""
    try:
        if _worth_recording(request, search_request):
            _store_search(sender, search_request, response)
    except Exception as exc:  # noqa: BLE001 - a search must never fail because of this
        logger.error("Search not recorded (%s)", type(exc).__name__)


def _worth_recording(request, search_request):
    # The first page only: paging through one search is not another search.
    return (
        recording_enabled()
        and request.method == "GET"
        and search_request.page == 1
        and not is_automated(request)
    )


def _filters(search_request):
    filters = {name: [str(v) for v in values] for name, values in search_request.filters.items()}
    for bound in ("year_from", "year_to"):
        if getattr(search_request, bound):
            filters[bound] = [str(getattr(search_request, bound))]
    return filters


def _hub_positions(hits):
    """{hub slug: its best position} among the hits shown."""
    positions = {hit.page_id: number for number, hit in enumerate(hits, start=1)}
    rows = IndexedDocument.objects.filter(page_id__in=positions).exclude(hub="")
    best = {}
    for page_id, hub in rows.values_list("page_id", "hub"):
        best[hub] = min(best.get(hub, positions[page_id]), positions[page_id])
    return best


def _store_search(source, search_request, response):
    hubs = _hub_positions(response.hits) if response.hits else {}
    with transaction.atomic():
        event = SearchEvent.objects.create(
            hour=current_hour(),
            query=normalise_query(search_request.q),
            filters=_filters(search_request),
            language=(translation.get_language() or settings.LANGUAGE_CODE)[:8],
            source=source if source in (SearchEvent.PAGE, SearchEvent.API) else SearchEvent.API,
            result_count=response.total,
            corrected=bool(response.corrected),
        )
        SearchAppearance.objects.bulk_create(
            SearchAppearance(event=event, hub=hub, best_position=position)
            for hub, position in hubs.items()
        )


def record_click(query, position, page_id):
    """A click on a result, if the page is one the index has; False otherwise."""
    hub = (
        IndexedDocument.objects.filter(page_id=page_id, removed=False)
        .values_list("hub", flat=True)
        .first()
    )
    if hub is None:
        return False
    ResultClick.objects.create(
        hour=current_hour(), query=normalise_query(query), position=position,
        page_id=page_id, hub=hub,
    )  # fmt: skip
    return True
