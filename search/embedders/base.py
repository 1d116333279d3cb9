"""What the semantic leg needs of a model: text in, unit-length vectors out."""


class Embedder:
    # Names the model and its version: vectors of another model are never mixed in.
    model_id = "base"
    dim = 0

    def documents(self, texts):
        """An (n, dim) float32 array of unit vectors, one per document text."""
        raise NotImplementedError

    def query(self, text):
        """A (dim,) float32 unit vector for a query."""
        raise NotImplementedError
