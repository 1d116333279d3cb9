"""A small, fast, deterministic embedder for tests: each stem of the text (Indonesian and
English readings) adds to a few hashed dimensions. It knows no meaning beyond shared words,
so tests of the semantic leg's mechanics (filters, drafts, pages without vectors) run in
milliseconds; one test runs the real model."""

import hashlib

import numpy as np

from ..analysis import query_stems, tokenize
from .base import Embedder


class HashingEmbedder(Embedder):
    model_id = "hashing-test-64"
    dim = 64

    def documents(self, texts):
        return np.stack([self._vector(text) for text in texts]) if texts else np.zeros((0, 64))

    def query(self, text):
        return self._vector(text)

    def _vector(self, text):
        vector = np.zeros(self.dim, dtype=np.float32)
        for token in tokenize(text):
            for stem in query_stems(token):
                digest = hashlib.blake2b(stem.encode(), digest_size=4).digest()
                vector[int.from_bytes(digest, "big") % self.dim] += 1.0
        norm = np.linalg.norm(vector)
        return vector / norm if norm else vector
