"""Answering a SearchRequest from the cluster, as the database engines would answer it.

One request for the query (see queries.search_body). A concept found nowhere is treated as
the database engines treat it: the suggester's correction is answered for when it finds
every word; otherwise the words found nowhere are matched fuzzily in another request. An
answer with failed shards is incomplete (it misses their documents and counts): it is not
shown, and the database engine answers instead, as for a connection error, a timeout or a
5xx (EngineUnavailable; search.service falls back with a notice). A cluster that refuses
expensive queries (`search.allow_expensive_queries: false`) refuses the fuzzy request: the
exact answer stands, and this process stops asking for fuzziness.
"""

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass

from ...analysis import query_groups, tokenize
from ...models import IndexedDocument
from ...query import SearchResponse
from ...results import facet_values
from ...synonyms import synonym_table
from ..base import EngineUnavailable
from . import queries, results
from .client import Connection, QueryRefused, refuses_expensive_queries
from .outbox import SEARCH_BATCHES, Outbox
from .synonyms import SynonymSet

logger = logging.getLogger("search.backends.elasticsearch")


@dataclass
class Searcher:
    connection: Connection
    outbox: Outbox
    synonyms: SynonymSet
    alias: Callable[[], str]  # the alias follows the settings
    fuzzy_refused: bool = False  # the cluster refused a fuzzy query: ask for none

    def prepare(self):
        """Before answering: deliver what is pending (what was just published shows), and
        give the cluster the current synonym dictionary."""
        self.connection.check_reads()
        if self.outbox.waiting_before_search():
            self.outbox.replay(max_batches=SEARCH_BATCHES)
            self.connection.check_reads()
        self.synonyms.sync()

    def _ask(self, body, preference=None):
        answer = self.connection.call(
            lambda: self.connection.client.search(
                index=self.alias(), body=body, preference=preference
            )
        )
        failed = results.shard_failures(answer)
        if failed and refuses_expensive_queries(failed):
            raise QueryRefused(failed)
        if failed:
            self.connection.trip(failed, writes=False)
            raise EngineUnavailable(failed)
        return answer

    def search(self, request):
        started = time.perf_counter()
        self.prepare()
        groups = query_groups(request.q, synonym_table()) if request.q else []
        concepts = [g.source for g in groups]
        typed = " ".join(tokenize(request.q))
        # The same query goes to the same shard copies, so scores (and pages) stay stable.
        preference = queries.preference(request, concepts)
        body = queries.search_body(request, concepts, suggest_text=typed if concepts else None)
        answer = self._ask(body, preference)
        suggestion, corrected = None, False
        counts = results.concept_counts(answer, len(concepts))
        if concepts and not all(counts):
            # A concept found nowhere is most likely a typo: suggest, and when the
            # correction finds documents, answer for it (as the database engines do).
            suggestion = results.suggestion(answer, typed)
            if suggestion:
                correction = self._corrected(request, suggestion)
                if correction is not None:
                    answer, corrected = correction, True
            if not corrected:
                # No correction to answer for: match the words found nowhere fuzzily.
                fuzzy = queries.fuzzy_concepts(groups, counts)
                answer = self._fuzzy(request, concepts, fuzzy, preference) or answer
        return SearchResponse(
            request=request,
            total=answer["hits"]["total"]["value"],
            hits=results.hits(answer["hits"]["hits"], bool(concepts), request.effective_sort),
            facets=facet_values(results.facet_counts(answer), request),
            suggestion=suggestion,
            corrected=corrected,
            backend="elasticsearch",
            took_ms=round((time.perf_counter() - started) * 1000, 2),
        )

    def _corrected(self, request, suggestion):
        """The answer for the correction, when it finds every one of its concepts."""
        retry = [g.source for g in query_groups(suggestion, synonym_table())]
        body = queries.search_body(request, retry)
        answer = self._ask(body, queries.preference(request, retry))
        if (
            retry
            and all(results.concept_counts(answer, len(retry)))
            and results.query_count(answer)
        ):
            return answer
        return None

    def _fuzzy(self, request, concepts, fuzzy, preference):
        if not fuzzy or self.fuzzy_refused:
            return None
        try:
            return self._ask(queries.search_body(request, concepts, fuzzy=fuzzy), preference)
        except QueryRefused as exc:
            logger.warning(
                "The cluster refuses fuzzy queries (search.allow_expensive_queries is false): "
                "typos are answered without fuzzy matching from now on. %s",
                exc,
            )
            self.fuzzy_refused = True
            return None

    def similar(self, page_id, limit):
        if not IndexedDocument.objects.filter(page_id=page_id, removed=False).exists():
            return []  # not searchable (a draft, private, unpublished): nothing to compare
        self.prepare()
        answer = self._ask(queries.similar_body(self.alias(), page_id, limit))
        return [int(h["_id"]) for h in answer["hits"]["hits"] if int(h["_id"]) != page_id]
