"""Recording public searches and result clicks (see insights.models for what is kept).

Recording never fails a search: every error is caught and logged by its type alone (the
message could quote the query). Nor does it make the reader wait: the search is noted in
memory while the view runs and written when the request is finished (Django's
request_finished, sent when the WSGI server closes the response, after sending it), in
one transaction that on PostgreSQL does not wait for the disk.
"""

import logging
import threading

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone, translation

from search.models import IndexedDocument

from .models import ResultClick, SearchAppearance, SearchEvent
from .privacy import is_automated, normalise_query

logger = logging.getLogger(__name__)


def recording_enabled():
    return getattr(settings, "INSIGHTS_RECORDING", True)


def current_hour():
    return timezone.now().replace(minute=0, second=0, microsecond=0)


_pending = threading.local()  # searches of this thread's current request, not yet written


def record_search(sender, request, search_request, response, **kwargs):
    """search.signals.search_performed listener: notes the search for write_pending()."""
    try:
        if _worth_recording(request, search_request):
            if not hasattr(_pending, "searches"):
                _pending.searches = []
            _pending.searches.append(_search_row(sender, search_request, response))
    except Exception as exc:  # noqa: BLE001 - a search must never fail because of this
        logger.error("Search not recorded (%s)", type(exc).__name__)


def discard_pending(**kwargs):
    """request_started listener: a search noted outside a request cycle (a view called
    directly) is not written into the next request's."""
    _pending.searches = []


def write_pending(**kwargs):
    """request_finished listener: writes the searches the request noted."""
    searches, _pending.searches = getattr(_pending, "searches", []), []
    for row in searches:
        try:
            _store_search(row)
        except Exception as exc:  # noqa: BLE001 - logged without the query
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
    """{hub slug: its best position} among the hits shown. The hits carry their hub; an
    engine whose hits do not is asked the index (one query)."""
    hubs = {hit.page_id: hit.hub for hit in hits}
    if not any(hubs.values()):
        rows = IndexedDocument.objects.filter(page_id__in=hubs).values_list("page_id", "hub")
        hubs.update(rows)
    best = {}
    for number, hit in enumerate(hits, start=1):
        hub = hubs.get(hit.page_id)
        if hub and hub not in best:
            best[hub] = number
    return best


def _without_waiting_for_the_disk():
    """On PostgreSQL, this transaction's commit does not wait for its WAL to reach the disk:
    the search answers without an fsync. A crash may lose the last few recorded searches
    (never corrupt anything), which insights can afford."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL synchronous_commit TO OFF")


def _search_row(source, search_request, response):
    """What will be stored of this search, computed while the request's state is at hand."""
    event = SearchEvent(
        hour=current_hour(),
        query=normalise_query(search_request.q),
        filters=_filters(search_request),
        language=(translation.get_language() or settings.LANGUAGE_CODE)[:8],
        source=source if source in (SearchEvent.PAGE, SearchEvent.API) else SearchEvent.API,
        result_count=response.total,
        corrected=bool(response.corrected),
    )
    return event, _hub_positions(response.hits) if response.hits else {}


def _store_search(row):
    event, hubs = row
    with transaction.atomic():
        _without_waiting_for_the_disk()
        event.save()
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
