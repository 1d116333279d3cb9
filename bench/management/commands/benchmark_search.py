"""Times the search API, stock Wagtail search and the bare engine query on the loaded data."""

import json
import resource
import time
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import connection, transaction

from bench import harness as benchmark
from innovations.importing.validation import RecordValidator, ReferenceIndex
from innovations.importing.writer import PageWriter, record_hash
from search import indexing, vectors
from search.backends import get_backend
from search.models import IndexedDocument


class Command(BaseCommand):
    help = "Benchmark search on the current database (load data with import_innovations first)."

    def add_arguments(self, parser):
        parser.add_argument("--queries", type=int, default=120)
        parser.add_argument(
            "--stock-budget",
            type=float,
            default=180.0,
            help="Seconds after which stock Wagtail search stops taking more samples.",
        )
        parser.add_argument(
            "--stock-import", type=Path, help="JSONL to time page-by-page creation."
        )
        parser.add_argument(
            "--mix2-rounds",
            type=int,
            default=5,
            help="Times issue 17's second mix (21 queries) is run through the API.",
        )
        parser.add_argument("--output", type=Path)
        parser.add_argument(
            "--recording-only",
            action="store_true",
            help="Only the search insights figure: the API with recording on and off.",
        )

    def handle(self, *args, queries, stock_budget, stock_import, output, mix2_rounds,
               recording_only, **options):  # fmt: skip
        # As in production: with DEBUG on, Django also logs every SQL statement it sends.
        settings.DEBUG = False
        documents = IndexedDocument.objects.filter(removed=False).count()
        mix = benchmark.query_mix(benchmark.rare_words(), count=queries)
        self.stderr.write(f"{documents} documents, {len(mix)} queries, {connection.vendor}")
        result = {
            "backend": get_backend().name,
            "database": connection.vendor,
            "documents": documents,
            "queries": len(mix),
        }
        with_vectors, _ = vectors.coverage()
        result["vectors"] = with_vectors
        result["recording"] = benchmark.recording_overhead(mix)
        self.stderr.write(f"recording {result['recording']}")
        if recording_only:
            self._write(result, output)
            return
        result["api"] = benchmark.measure(benchmark.api_runner, mix)
        self.stderr.write(f"api {result['api']}")
        # Issue 17's second mix, through the API (cold), with stock Wagtail on the same
        # queries in the same run as the baseline that says how fast this machine is now.
        second = benchmark.second_mix()
        result["api_mix2"] = benchmark.measure(
            benchmark.api_runner, second * mix2_rounds, warmup=3, by_query=True
        )
        self.stderr.write(f"api mix2 {result['api_mix2']}")
        result["stock_mix2"] = benchmark.measure(
            benchmark.stock_runner, second, budget_seconds=stock_budget, warmup=1
        )
        self.stderr.write(f"stock mix2 {result['stock_mix2']}")
        result["engine_top10"] = benchmark.measure(benchmark.engine_runner, mix)
        self.stderr.write(f"engine {result['engine_top10']}")
        result["stock_wagtail"] = benchmark.measure(
            benchmark.stock_runner, mix, budget_seconds=stock_budget, warmup=1
        )
        self.stderr.write(f"stock {result['stock_wagtail']}")
        if stock_import:
            result["stock_import_per_second"] = self._stock_import_rate(stock_import)
        result["peak_rss_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)
        self._write(result, output)

    def _write(self, result, output):
        text = json.dumps(result, indent=2)
        self.stdout.write(text)
        if output:
            output.write_text(text)

    def _stock_import_rate(self, path):
        """Wagtail's page-by-page creation (add_child, revision, publish) on the same records,
        rolled back afterwards."""
        validator = RecordValidator(ReferenceIndex())
        records = []
        with open(path, encoding="utf-8") as handle:
            for number, line in enumerate(handle, start=1):
                data = json.loads(line)
                data["id"] = "stock-" + data["id"]
                record = validator.validate(number, data)
                record.digest = record_hash(data, False)
                records.append(record)
        # Stock means Wagtail alone: the hub's own search indexing is held back (deferred,
        # then dropped with the rollback) so it does not count against the baseline.
        elapsed = None
        try:
            with transaction.atomic(), indexing.deferred():
                writer = PageWriter()
                started = time.perf_counter()
                for record in records:
                    writer.write(record)
                elapsed = time.perf_counter() - started
                raise _Rollback
        except _Rollback:
            pass
        return round(len(records) / elapsed, 1)


class _Rollback(Exception):
    pass
