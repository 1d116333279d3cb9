"""What the search engine tells the rest of the site, without knowing who listens.

`search_performed` is sent after a public search (the page or the API) answered, with
`request` (the HttpRequest), `search_request` (search.query.SearchRequest, as the reader
asked it) and `response` (search.query.SearchResponse); the sender is "page" or "api".
A search answered from a kept response (search.responses) is announced too, with the
answer's hits and totals but no facets.
The engine knows nothing of its listeners (the insights app records searches).

It is sent with `send_robust`: a listener that raises never fails the search. Django then
logs the listener's error with its message, which could quote what was searched, so
listeners should catch their own errors and log them without personal data.
"""

from django.dispatch import Signal

search_performed = Signal()


def announce_search(request, search_request, response, source):
    search_performed.send_robust(
        sender=source, request=request, search_request=search_request, response=response
    )
