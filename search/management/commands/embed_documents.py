"""Fills the semantic leg's vectors: every searchable document whose vector is missing,
of another model, or of an older text. The task worker does the same after each publish;
this is for a first fill, a model change, or a machine without a worker."""

import time

from django.core.management.base import BaseCommand

from jipp_site.progress import ProgressBar
from search import vectors
from search.embedders import get_embedder


class Command(BaseCommand):
    help = "Embed the search documents that have no current vector (the semantic leg)."

    def add_arguments(self, parser):
        parser.add_argument("--limit", type=int, help="Embed at most this many documents.")

    def handle(self, *args, limit=None, **options):
        embedder = get_embedder()
        if embedder is None:
            self.stdout.write("SEARCH_EMBEDDER is empty: the semantic leg is off.")
            return
        stream = getattr(self.stderr, "_out", self.stderr)
        started = time.perf_counter()
        done = vectors.embed_pending(progress=ProgressBar(0, "vektor", stream=stream), limit=limit)
        elapsed = time.perf_counter() - started
        rate = done / elapsed if elapsed and done else 0
        with_vectors, total = vectors.coverage()
        self.stdout.write(
            f"{done} documents embedded in {elapsed:.1f} s ({rate:.2f}/s) with "
            f"{embedder.model_id}; {with_vectors} of {total} have a current vector."
        )
