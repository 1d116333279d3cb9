"""Brings the terms the database engine derives from the synonym dictionary up to date.

On PostgreSQL each document's row holds the dictionary phrases found in it as terms of their
own (search.backends.pg_phrases). After a dictionary change the task worker does this by
itself; run it by hand after loading a dictionary without the worker, or after upgrading a
database written before phrases were indexed. Searches give the same results meanwhile.
"""

from django.core.management.base import BaseCommand

from jipp_site.progress import ProgressBar
from search import indexing


class Command(BaseCommand):
    help = "Bring the search index's dictionary phrases up to date (PostgreSQL)."

    def handle(self, *args, **options):
        stream = getattr(self.stderr, "_out", self.stderr)
        count = indexing.refresh_terms(progress=ProgressBar(0, "phrases", stream=stream))
        self.stdout.write(f"Dictionary phrases found again in {count} documents.")
