"""Answering a SearchRequest from the cluster, as the database engines answer it.

* The semantic leg first (when the query has a vector): the nearest documents by kNN on the
  `vector` field, within the selections, kept as search.fusion.semantic_matches keeps them.
* One request for the words (queries.search_body), in which the neighbours and the pinned
  records are results too, at score 0: the total and the facets count what the database
  engines count. Without neighbours, pins or a preferred lineage role, Elasticsearch ranks
  the page itself, as before. With them, the text ranking is read to the fusion depth and
  fused in Python exactly as the database engines fuse it (search.fusion: weighted RRF,
  pinned records first, then the preferred role's layer, which gets a request of its own),
  and the page's records are fetched with their highlights. Elasticsearch's own `rrf`
  retriever is not used: it needs 8.14 (this backend supports 8.10), weights its legs
  equally before 9.x, and cannot keep only the neighbours near the best (the margin that
  decides which count in totals and facets).
* Which concepts a record must match follows search.matching, as on the database engines
  (common concepts do not count; a record in the other language than the query's needs a
  majority of the concepts that cross into it). The first body asks a majority of all and
  counts each concept per language; when those counts say otherwise, the words are asked
  again with one branch per side of the language line (a second request, only then).
* Words no document has are handled by search.corrections with the database speller, so
  corrections, splits and words set aside are the same on every engine; when the words
  still find nothing, those found nowhere are matched fuzzily in another request.

An answer with failed shards is incomplete (it misses their documents and counts): it is
not shown, and the database engine answers instead, as for a connection error, a timeout or
a 5xx (EngineUnavailable; search.service falls back with a notice). A cluster that refuses
expensive queries (`search.allow_expensive_queries: false`) refuses the fuzzy request: the
exact answer stands, and this process stops asking for fuzziness. A kNN request the cluster
refuses (an index built before vectors) leaves the words to answer alone.
"""

import dataclasses
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from ... import corrections, fusion, matching, vectors
from ...analysis import query_groups
from ...embedders import get_embedder
from ...models import IndexedDocument
from ...query import SearchResponse
from ...results import facet_values
from ...spelling import speller
from ...synonyms import synonym_table
from ..base import EngineUnavailable
from . import concept_queries, queries, results
from .client import Connection, QueryRefused, refuses_expensive_queries
from .outbox import SEARCH_BATCHES, Outbox
from .synonyms import SynonymSet

logger = logging.getLogger("search.backends.elasticsearch")


@dataclass
class Asking:
    """What every body of one search shares besides its words."""

    also: list  # ids that are results besides the text matches (neighbours, pinned)
    ranking: int | None  # depth of the text ranking read for fusion; None: ranked here
    pinned: tuple  # ids whose place under the selections is asked
    fuzzy: tuple = ()  # indices of concepts matched fuzzily
    counts: list = field(default_factory=list)  # documents per concept in the index
    size: int = 0  # documents in the index (the counts' whole)
    reaches: list | None = None  # per concept: held by a record in another language
    matching: object = None  # search.matching.Matching: which concepts a record must match


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
        relevance = request.effective_sort == "relevance" and bool(groups)
        semantic, roles = self._neighbours(request) if groups else ([], {})
        pinned = tuple(request.pinned) if relevance else ()
        fused = relevance and bool(semantic or pinned or request.prefer)
        ask = Asking(
            also=[page_id for page_id, _ in semantic] + list(pinned),
            ranking=max(request.offset + request.page_size, fusion.FUSION_DEPTH) if fused else None,
            pinned=pinned,
        )
        answer, ask.matching = self._ask_words(request, groups, ask)
        exact = answer  # the concepts' counts, which a fuzzy answer lacks
        counts = results.concept_counts(answer, len(groups))
        ask.size = results.index_size(answer)
        suggestion, corrected, ignored = None, False, []
        missing = [g.source for g, count in zip(groups, counts, strict=True) if not count]
        if missing:
            # Words no document has: corrected, split or set aside exactly as the database
            # engines do (search.corrections, with the same speller); when that finds
            # documents, the answer is for it.
            fix = corrections.plan([w for w in missing if " " not in w], speller())
            ignored = fix.ignored
            if fix.changes_words or (fix.ignored and not results.query_count(answer)):
                text = fix.apply(request.q)
                suggestion = text if fix.changes_words else None
                retry = query_groups(text, synonym_table()) if text else []
                if retry:
                    meant, asking = (semantic, roles), ask
                    if fix.changes_words and fused and request.vector is not None:
                        # The meaning is read from the words as corrected, as the database
                        # engines read it: a model reads a typo as another word, or noise.
                        meant = self._neighbours(
                            dataclasses.replace(request, vector=vectors.PendingVector(text))
                        )
                        also = [page_id for page_id, _ in meant[0]] + list(pinned)
                        asking = dataclasses.replace(ask, also=also)
                    asking = dataclasses.replace(asking, matching=None)
                    retried, asking.matching = self._ask_words(request, retry, asking)
                    if results.query_count(retried):
                        answer, groups, corrected = retried, retry, fix.changes_words
                        exact = answer
                        counts = results.concept_counts(answer, len(groups))
                        (semantic, roles), ask = meant, asking
            if not results.query_count(answer):
                # Still no document has the words: match the ones found nowhere fuzzily.
                ask.fuzzy = concept_queries.fuzzy_concepts(groups, counts)
                # A typo is found in no language; what it may mean could be in any.
                ask.matching = self._matching(request, answer, len(groups), ask.fuzzy)
                fuzzy = self._fuzzy(request, groups, ask)
                if fuzzy is not None:
                    answer = fuzzy
                    if answer["hits"]["total"]["value"]:  # found after all: not set aside
                        matched = {groups[i].source for i in ask.fuzzy}
                        ignored = [word for word in ignored if word not in matched]
        if fused:
            # The lexical leg's confidence reads the concepts' counts (search.fusion); a
            # fuzzy answer carries none, so those of the exact one serve.
            ask.counts, ask.size = counts, results.index_size(answer) or ask.size
            ask.reaches = results.concept_reaches(exact, len(groups), request.language)
            hits = self._fused_page(request, groups, answer, ask, semantic, roles)
        else:
            hits = results.hits(answer["hits"]["hits"], bool(groups), request.effective_sort)
        return SearchResponse(
            request=request,
            total=answer["hits"]["total"]["value"],
            hits=hits,
            facets=facet_values(results.facet_counts(answer), request),
            suggestion=suggestion,
            corrected=corrected,
            ignored=ignored,
            backend="elasticsearch",
            took_ms=round((time.perf_counter() - started) * 1000, 2),
        )

    def _ask_for(self, request, groups, ask, layer=None):
        concepts = [g.source for g in groups]
        body = queries.search_body(
            request,
            concepts,
            fuzzy=ask.fuzzy,
            also=ask.also,
            ranking=ask.ranking,
            layer=layer,
            pinned=ask.pinned,
            matching=ask.matching,
        )
        # The same query goes to the same shard copies, so scores (and pages) stay stable.
        return self._ask(body, queries.preference(request, concepts))

    def _ask_words(self, request, groups, ask):
        """The words' answer, and the search.matching.Matching it was asked with: first a
        majority of all the concepts; if the concepts' counts (whole index, per language)
        call for another rule, once more with it, so the hits, total and facets are the
        database engines'."""
        answer = self._ask_for(request, groups, dataclasses.replace(ask, matching=None))
        rule = self._matching(request, answer, len(groups))
        if rule is None:
            return answer, None
        return self._ask_for(request, groups, dataclasses.replace(ask, matching=rule)), rule

    @staticmethod
    def _matching(request, answer, count, crossing=()):
        """The Matching the answer's concept counts call for, or None for a majority of
        all. crossing: concepts taken to reach every language (the fuzzy ones)."""
        counts = results.concept_counts(answer, count)
        reaches = results.concept_reaches(answer, count, request.language)
        if reaches is not None:
            reaches = [held or i in crossing for i, held in enumerate(reaches)]
        rule = matching.plan(counts, results.index_size(answer), reaches)
        return None if rule.is_plain(count) else rule

    def _neighbours(self, request):
        """The semantic leg: ([(page_id, cosine)] close enough to count, as
        search.fusion.semantic_matches keeps them; {page_id: lineage roles})."""
        vector = request.vector
        if isinstance(vector, vectors.PendingVector):
            vector = vector.result()
        if vector is None or get_embedder() is None:
            return [], {}
        body = queries.neighbours_body(request, vector, vectors.NEIGHBOURS)
        try:
            answer = self._ask(body, queries.preference(request, ["knn"]))
        except EngineUnavailable:
            if not self.connection.reads_available():
                raise  # the cluster is failing: the database answers
            # Refused (an index built before vectors, or for a model of other dimensions:
            # rebuild_search_index): the words alone still answer completely.
            return [], {}
        found, roles = results.neighbours(answer)
        return fusion.semantic_matches(found), roles

    def _fused_page(self, request, groups, answer, ask, semantic, roles):
        """The page of a fused ranking, as the database engines rank it: the pinned records
        the selections allow, then the preferred lineage role's records, then the others;
        within each, the text ranking and the neighbours fused (search.fusion)."""
        needed = request.offset + request.page_size
        allowed = results.allowed_ids(answer)
        ranked = [(page_id, None) for page_id in ask.pinned if page_id in allowed]
        pinned = {page_id for page_id, _ in ranked}
        text = [r for r in results.text_ranking(answer) if r[0] not in pinned]
        close = [(page_id, roles.get(page_id, set())) for page_id, _ in semantic]
        close = [(page_id, role) for page_id, role in close if page_id not in pinned]
        if request.prefer:
            first = self._ask_for(request, groups, ask, layer=request.prefer)
            preferred = [r for r in results.text_ranking(first) if r[0] not in pinned]
            layers = [
                (preferred, [p for p, role in close if request.prefer in role]),
                (
                    [r for r in text if request.prefer not in r[3]],
                    [p for p, role in close if request.prefer not in role],
                ),
            ]
        else:
            layers = [(text, [p for p, _ in close])]
        for lexical, neighbours in layers:
            if len(ranked) >= needed:
                break
            ranked += self._fuse(request, lexical, neighbours, needed - len(ranked), ask)
        page = ranked[request.offset : needed]
        if not page:
            return []
        concepts = [g.source for g in groups]
        fetched = self._ask(queries.page_body(concepts, [p for p, _ in page], ask.fuzzy))
        by_id = {int(raw["_id"]): raw for raw in fetched["hits"]["hits"]}
        ordered = [{**by_id[p], "_score": score, "sort": None} for p, score in page if p in by_id]
        return results.hits(ordered, True, "relevance")

    @staticmethod
    def _fuse(request, lexical, neighbours, k, ask):
        """One layer's ranking, as search.backends.database ranks a layer."""
        if not neighbours:
            return [(page_id, score) for page_id, score, *_ in lexical[:k]]
        ids = [page_id for page_id, *_ in lexical]
        languages = [language for _, _, language, *_ in lexical]
        held = lexical[0][4] if lexical else None
        counts = ask.counts
        if lexical and ask.reaches and lexical[0][2] != request.language:
            # A best match in the other language is judged on the words that cross into
            # it, as on the database engines: the others are not counted against it.
            counts = [c if cross else None for c, cross in zip(counts, ask.reaches, strict=True)]
        sure = fusion.confidence(held, counts, ask.size)
        leg_weights = fusion.weights(request.language, languages, sure)
        return fusion.fuse(ids, neighbours, leg_weights)[:k]

    def _fuzzy(self, request, groups, ask):
        if not ask.fuzzy or self.fuzzy_refused:
            return None
        try:
            return self._ask_for(request, groups, ask)
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
