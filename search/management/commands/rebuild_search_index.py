"""Rebuilds the search index from the published pages.

The database index (the fallback, and the source of truth for every engine) is rebuilt in
one transaction. With SEARCH_BACKEND=elasticsearch a new concrete index is then built from
it and the alias swapped to it atomically, so searches never go without results; changes
made meanwhile are replayed after the swap.
"""

from django.core.management.base import BaseCommand, CommandError

from jipp_site.progress import ProgressBar
from search import indexing
from search.backends import get_backend
from search.backends.base import EngineUnavailable, RebuildFailed


class Command(BaseCommand):
    help = "Rebuild the search index (and, on Elasticsearch, swap in a freshly built index)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--elasticsearch-only",
            action="store_true",
            help="Keep the database index as it is; build a new Elasticsearch index from it.",
        )

    def handle(self, *args, elasticsearch_only=False, **options):
        stream = getattr(self.stderr, "_out", self.stderr)
        backend = get_backend()
        external = backend.rebuilds_itself
        if elasticsearch_only and not external:
            raise CommandError(f"SEARCH_BACKEND is {backend.name!r}, not elasticsearch.")
        if not elasticsearch_only:
            count = indexing.rebuild(progress=ProgressBar(0, "database index", stream=stream))
            self.stdout.write(f"Database index: {count} documents.")
        if external:
            try:
                count = backend.rebuild(progress=ProgressBar(0, "elasticsearch", stream=stream))
            except (EngineUnavailable, RebuildFailed) as exc:
                if not backend.rebuild_pending():
                    backend.request_rebuild()  # so that search_sync finishes the job
                raise CommandError(
                    f"Elasticsearch: {exc}. The public search answers from the database "
                    "meanwhile; run `python manage.py search_sync` when the cluster is back."
                ) from exc
            status = backend.status()
            self.stdout.write(
                f"Elasticsearch: {count} documents in {', '.join(status.get('indices', []))} "
                f"(alias {status.get('alias')})."
            )
