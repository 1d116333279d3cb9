"""How far an innovation has travelled, as the public sees it: the regions that replicated
it (its public replications in the lineage) and those replicating it now (requests past
minat and not cancelled, whose requesters agreed to be counted). Numbers only: nothing
about the requesters."""

from dataclasses import dataclass

from django.db.models import Count

from innovations.cards import all_replica_counts
from innovations.models import InnovationPage

from .models import IN_PROGRESS_STAGES, ReplicationRequest


@dataclass(frozen=True)
class ReplicationSummary:
    done: int = 0  # regions whose replication is published (the search's replication count)
    in_progress: int = 0

    def __bool__(self):
        return bool(self.done or self.in_progress)


def summaries():
    """{page id: ReplicationSummary} for every visible innovation with anything to show:
    two grouped queries, whatever the number of innovations on a page."""
    visible = InnovationPage.objects.visible()
    done = all_replica_counts()  # shared with the cards on the same page
    in_progress = dict(
        ReplicationRequest.objects.filter(
            consent_public=True,
            stage__in=IN_PROGRESS_STAGES,
            innovation__in=visible.values("pk"),
        )
        .order_by()
        .values_list("innovation")
        .annotate(n=Count("pk"))
    )
    return {
        page_id: ReplicationSummary(done.get(page_id, 0), in_progress.get(page_id, 0))
        for page_id in {*done, *in_progress}
    }


EMPTY = ReplicationSummary()


def summary_for(page_id, request=None):
    """One innovation's summary; the whole table is read once per request."""
    table = getattr(request, "_replication_summaries", None)
    if table is None:
        table = summaries()
        if request is not None:
            request._replication_summaries = table
    return table.get(page_id, EMPTY)
