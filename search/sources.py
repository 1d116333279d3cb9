"""Where documents come from: the one point where a content app meets the engine.

The content app implements DocumentSource and registers it once, from its AppConfig.ready()
(innovations.search_index does). The engine then asks the source for documents when it
rebuilds or syncs, and for the labels of facet values; it never reads page models itself.
The content app, in turn, tells the engine what changed through search.indexing.
"""

from django.core.exceptions import ImproperlyConfigured


class DocumentSource:
    """What the engine needs from the content it indexes."""

    def count(self):
        """How many items are searchable now (for a rebuild's progress bar)."""
        raise NotImplementedError

    def documents(self, ids=None):
        """SearchDocuments of the searchable items among `ids` (every one when None), in id
        order. Items that are not searchable (drafts, private, under an unpublished parent)
        are simply absent: the engine removes what it had of them."""
        raise NotImplementedError

    def places(self):
        """Every named area a query may mention, as search.places.Place: the names people
        write ("Jawa Tengah", "Jateng", "Kalimantan") and the facet values they stand for."""
        return []

    def cards(self, ids, request=None):
        """{id: what a result card shows} for these items (search.presentation.result_cards
        says which attributes the card template reads). Items left out show what the hit
        itself holds."""
        return {}

    def facet_labels(self, facet, values):
        """{value: (label, parent value or None)} for these values of one facet, in the
        active language. Values without a label may be left out: they show as themselves."""
        return {}

    def export(self, ids, file_format, closeness=None):
        """The searchable items among `ids`, in that order, as a file people can edit and
        import back: (content, content type, file extension), `file_format` being "xlsx"
        or "csv". `closeness`, when the reader chose a region: {id: why it is close to it}
        (search.nearness.explain's label), a last column that the import reads past. None:
        this source has no export (the search page then offers none)."""
        return None


_source = None


def register(source):
    global _source
    _source = source


def get_source():
    if _source is None:
        raise ImproperlyConfigured(
            "No search document source is registered: a content app must call "
            "search.sources.register() from its AppConfig.ready()."
        )
    return _source
