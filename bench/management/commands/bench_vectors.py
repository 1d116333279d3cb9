"""Vectors for the benchmark: a sample embedded for real (the embedding throughput), the rest
filled from the sample's vectors.

The real model embeds about 1.5 documents a second on this 2-core machine (0.35 s on an idle
one), so embedding 10,000 records for every benchmark run would take hours. The semantic
leg's search cost does not depend on what the vectors say but on how many there are (one
matrix product over all rows), and a little on how they cluster (how many neighbours lie
within the fusion margin of the best). So each record outside the sample gets the vector of
a sample record (in turn) plus Gaussian noise, normalised: cosine about 0.9 to its source,
as near variants of one practice are, which the synthetic records (recombined from the
demonstration corpus, sector by sector) are.
"""

import json
import time

import numpy as np
from django.core.management.base import BaseCommand

from search import vectors
from search.backends import get_backend
from search.embedders import get_embedder
from search.models import DocumentVector, IndexedDocument

# Per-dimension noise: for unit vectors of 384 dimensions, cosine ≈ 1 / sqrt(1 + 384 σ²) ≈ 0.9.
NOISE = 0.025
SEED = 13


class Command(BaseCommand):
    help = "Embed a sample of documents for real (timed) and fill the others' vectors from it."

    def add_arguments(self, parser):
        parser.add_argument("--real", type=int, default=64, help="Documents embedded for real.")
        parser.add_argument("--output", help="Write the figures as JSON here.")

    def handle(self, *args, real, output, **options):
        embedder = get_embedder()
        if embedder is None:
            self.stderr.write("SEARCH_EMBEDDER is empty: no semantic leg to benchmark.")
            return
        embedder.documents(["pemanasan model"])  # load the model outside the timing
        started = time.perf_counter()
        embedded = vectors.embed_pending(limit=real)
        seconds = time.perf_counter() - started
        filled = self._fill(embedder)
        total = IndexedDocument.objects.filter(removed=False).count()
        result = {
            "model": embedder.model_id,
            "embedded_for_real": embedded,
            "embed_seconds": round(seconds, 1),
            "documents_per_second": round(embedded / seconds, 2) if seconds else None,
            "estimated_minutes_for_all": round(total * seconds / embedded / 60, 1)
            if embedded
            else None,
            "filled_from_sample": filled,
            "documents": total,
        }
        self.stderr.write(json.dumps(result))
        if output:
            with open(output, "w", encoding="utf-8") as handle:
                json.dump(result, handle, indent=2)

    def _fill(self, embedder):
        sample = [
            np.frombuffer(bytes(raw), dtype="<f4")
            for raw in DocumentVector.objects.filter(model=embedder.model_id)
            .order_by("page_id")
            .values_list("vector", flat=True)
        ]
        if not sample:
            return 0
        rng = np.random.default_rng(SEED)
        ids = list(vectors.pending(embedder))
        backend, filled = get_backend(), 0
        for start in range(0, len(ids), 1000):
            rows = list(
                IndexedDocument.objects.filter(page_id__in=ids[start : start + 1000])
                .order_by("page_id")
                .values_list("page_id", "texts", "embed_hash")
            )
            base = np.stack([sample[(start + i) % len(sample)] for i in range(len(rows))])
            noisy = base + rng.normal(0, NOISE, base.shape).astype(np.float32)
            noisy /= np.linalg.norm(noisy, axis=1, keepdims=True)
            vectors.write(embedder.model_id, rows, noisy, backend)
            filled += len(rows)
        return filled
