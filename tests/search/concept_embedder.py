"""A test model that knows a few English words' Indonesian meaning, so that a query shares
no word with a page and still means the same (what the real model does across languages)."""

from search.embedders.hashing import HashingEmbedder

CONCEPTS = {
    "nutrition": "gizi",
    "toddlers": "balita",
    "toddler": "balita",
    "library": "perpustakaan",
    "waste": "sampah",
}


class ConceptEmbedder(HashingEmbedder):
    model_id = "concept-test-64"

    def _vector(self, text):
        words = [CONCEPTS.get(word.lower(), word) for word in text.split()]
        return super()._vector(" ".join(words))
