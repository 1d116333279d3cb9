"""Delivers the Elasticsearch outbox: index changes that could not reach the cluster."""

import time

from django.core.management.base import BaseCommand, CommandError

from jipp_site.progress import ProgressBar
from search.backends import get_backend
from search.backends.base import EngineUnavailable, RebuildFailed


class Command(BaseCommand):
    help = "Replay pending search index changes to Elasticsearch (the outbox)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--watch",
            type=float,
            metavar="SECONDS",
            help="Keep going: replay, then wait this long, until interrupted.",
        )

    def handle(self, *args, watch=None, **options):
        backend = get_backend()
        if not backend.uses_outbox:
            self.stdout.write(
                f"SEARCH_BACKEND is {backend.name!r}: its index is written in the page's own "
                "transaction, there is nothing to replay."
            )
            return
        while True:
            ok = self._once(backend)
            if watch is None:
                if not ok:
                    raise CommandError("Some changes are still waiting; see search_status.")
                return
            time.sleep(watch)

    def _once(self, backend):
        stream = getattr(self.stderr, "_out", self.stderr)
        if backend.rebuild_pending():
            self.stdout.write("A rebuild is pending: building a new index.")
            try:
                count = backend.rebuild(progress=ProgressBar(0, "elasticsearch", stream=stream))
            except (EngineUnavailable, RebuildFailed) as exc:
                self.stderr.write(f"Rebuild failed: {exc}")
                return False
            self.stdout.write(f"Rebuilt: {count} documents.")
        result = backend.deliver_all(progress=ProgressBar(0, "outbox", stream=stream))
        self.stdout.write(f"Delivered {result.sent} changes; {result.remaining} waiting.")
        for page_id, reason in sorted(result.rejected.items()):
            self.stderr.write(f"  page {page_id} refused: {reason}")
        if result.error:
            self.stderr.write(f"Elasticsearch unavailable: {result.error}")
        return not result.error and not result.rejected and result.remaining == 0
