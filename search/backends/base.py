"""The small interface every search engine implements.

A backend receives SearchDocuments to index and SearchRequests to answer; it never sees
page models, views or HTTP. Writes happen inside the indexing transaction (see
search.indexing), so a database engine's index changes commit or roll back with the rows.
"""


class SearchBackend:
    name = "base"

    def index(self, documents):
        """Add or replace these SearchDocuments."""
        raise NotImplementedError

    def remove(self, page_ids):
        """Remove these documents; unknown ids are ignored."""
        raise NotImplementedError

    def clear(self):
        """Remove every document (the first step of a rebuild)."""
        raise NotImplementedError

    def search(self, request):
        """Answer a search.query.SearchRequest with a search.query.SearchResponse."""
        raise NotImplementedError

    def similar(self, page_id, limit=5):
        """Page ids of the innovations most like this one, best first."""
        raise NotImplementedError

    def status(self):
        """A dict describing the engine's health, for `search_status`."""
        return {"backend": self.name, "healthy": True}
