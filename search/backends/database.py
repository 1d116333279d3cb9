"""What the SQLite and PostgreSQL engines share: query planning, facets, hits.

A database engine only has to say which documents match a query concept
(`match_group`) and how to rank candidates (`rank`); counting, disjunctive facets,
sorting, spelling and snippets are done here, the same way for both.
"""

import dataclasses
import heapq
import time

from .. import bitsets, corrections, fusion, matching, results, vectors
from ..analysis import minimum_should_match, query_groups
from ..facets import FACETS, LANGUAGE, LINEAGE, facet_index
from ..highlight import query_stem_set, snippet
from ..query import SearchResponse
from ..spelling import speller
from ..synonyms import synonym_table
from .base import SearchBackend


class Coordination:
    """The share of the query's concepts a document matches (Lucene's coord): called
    with a page id, or by classes of documents sharing a share (for SQL)."""

    def __init__(self, group_bits):
        self.group_bits = group_bits
        self._tests = [bitsets.membership(bits) for bits in group_bits]

    def __call__(self, page_id):
        return sum(test(page_id) for test in self._tests) / len(self._tests)

    def classes(self, within):
        """[(share, bitset)]: the documents of `within` grouped by their share."""
        count, found, classes = len(self.group_bits), 0, []
        for matched in range(count, 0, -1):
            bits = bitsets.at_least(self.group_bits, matched) & within & ~found
            if bits:
                classes.append((matched / count, bits))
                found |= bits
        return classes


def plain_coordination(coordination):
    """Whether scores need no coordination factor: none, or one concept that every
    candidate holds (a factor of 1)."""
    return coordination is None or len(coordination.group_bits) < 2


def best_scored(rows, candidates, needed, coordination=None):
    """[(page_id, score)] of the candidates among (page_id, score, tier) rows, best first:
    by tier, then score times the coordination factor, then page id, highest first, as
    both database engines order; the best `needed` of them, or all."""
    is_candidate = bitsets.membership(candidates)
    if plain_coordination(coordination):
        coordination = None
    keyed = [(-tier, score * (coordination(page_id) if coordination else 1.0), page_id)
             for page_id, score, tier in rows
             if is_candidate(page_id)]  # fmt: skip
    best = heapq.nlargest(needed, keyed) if needed else sorted(keyed, reverse=True)
    return [(page_id, score) for _, score, page_id in best]


class DatabaseBackend(SearchBackend):
    # --- what each engine provides --------------------------------------------------

    row_fields = ()  # IndexedDocument columns this engine fills through row_values()

    def row_values(self, document):
        """Values of `row_fields` for this document, written with its row."""
        return {}

    def terms_status(self):
        """(documents whose dictionary-derived terms are current, documents), or None for
        an engine that derives none (see refresh_terms)."""
        return None

    def refresh_terms(self, progress=None):
        """Bring what the engine derived from the synonym dictionary at indexing time up
        to date after the dictionary changed; the number of documents rewritten. Engines
        that derive nothing (SQLite: the dictionary is read at query time) do nothing."""
        return 0

    def match_group(self, group):
        """Bitset of documents matching any alternative of one query group."""
        raise NotImplementedError

    def match_groups(self, groups):
        """[bitset] of each group's matches; engines may answer them all in one go."""
        return [self.match_group(group) for group in groups]

    def rank(self, groups, candidates, union, needed, coordination, tier_groups=None):
        """[(page_id, score)] best first, at least `needed` long when candidates allow.

        `coordination(page_id)` is the share of query concepts the document matches;
        engines multiply their text score by it, so matching more of the query wins.
        With many matches, engines rank by tiers (the heaviest fields a match falls in);
        `tier_groups` are the concepts that place a document in a tier (the rare ones:
        "desa" in a title says little), all of `groups` when not given.
        """
        raise NotImplementedError

    # --- search ---------------------------------------------------------------------

    def search(self, request):
        started = time.perf_counter()
        index = facet_index()
        groups = query_groups(request.q, synonym_table()) if request.q else []
        suggestion, corrected, ignored = None, False, []
        text_bits, union = index.all, index.all
        group_bits, deciding = [], []
        if groups:
            text_bits, union, group_bits, deciding = self._text_match(
                groups, index.all, self._reachable(index, request)
            )
            missing = [g.source for g, bits in zip(groups, group_bits, strict=True) if not bits]
            fix = corrections.plan([w for w in missing if " " not in w], speller())
            ignored = fix.ignored
            if fix.changes_words or (fix.ignored and not text_bits):
                # Typos corrected, words written together split, words no document has
                # set aside: when that finds documents, answer for it.
                text = fix.apply(request.q)
                suggestion = text if fix.changes_words else None
                retry = query_groups(text, synonym_table()) if text else []
                if retry:
                    retry_bits, retry_union, retry_groups, retry_deciding = self._text_match(
                        retry, index.all, self._reachable(index, request)
                    )
                    if retry_bits:
                        groups, text_bits, union = retry, retry_bits, retry_union
                        group_bits, deciding = retry_groups, retry_deciding
                        corrected = fix.changes_words
                        if corrected and request.vector is not None:
                            # The meaning is read from the words as corrected: a model
                            # reads a typo as another word, or as noise.
                            request = dataclasses.replace(
                                request, vector=vectors.PendingVector(text)
                            )

        masks = self._filter_masks(index, request)
        allowed = index.all
        for mask in masks.values():
            allowed &= mask
        needed = request.offset + request.page_size
        coordination = Coordination(group_bits)
        tier_groups = [groups[i] for i in deciding]
        # The lexical ranking of the first layer, while the query's vector is still being
        # computed on another thread (search.vectors.PendingVector): waiting for it first
        # put the model's time and the ranking's one after the other. The call is the one
        # rank() below makes when the semantic leg answers; kept by its arguments.
        early, ready = {}, {}
        stems = query_stem_set(groups)
        if isinstance(request.vector, vectors.PendingVector):
            request.vector.prepare()
        pinnable = self._pinnable(index, request, allowed, masks)
        if groups and request.effective_sort == "relevance" and request.vector is not None:
            pinned = [i for i in request.pinned if pinnable >> i & 1]
            first = self._preference_layers(
                index, request, text_bits & allowed & ~bitsets.from_ids(pinned), True
            )[0]
            depth = max(needed - len(pinned), fusion.FUSION_DEPTH)
            if first and depth > 0:
                early[first, depth] = lexical = self.rank(
                    groups, first, union, depth, coordination, tier_groups
                )
                # The words' best matches are most of the page the legs' fusion gives
                # (search.fusion): their rows and snippets are read now too.
                ready = self._prepared_hits([i for i, _ in lexical[:needed]], stems)
        text_counts = self._facet_counts(index, text_bits, masks)
        # The semantic leg: the documents closest in meaning, within the filters.
        semantic = fusion.semantic_matches(vectors.nearest(request.vector, allowed))
        semantic_bits = bitsets.from_ids(page_id for page_id, _ in semantic)
        if not groups:
            semantic_bits = 0  # browsing: every document is a result already
        sort = request.effective_sort
        similar = sort == "similar"
        # "Daerah serupa" orders by closeness first, then as relevance (or, without words,
        # newest) would within each equally close group.
        if similar:
            sort = "relevance" if groups or semantic else "newest"
        relevance = sort == "relevance" and bool(groups or semantic)
        # Documents interpretation pinned (a named practice's lineage) are results even
        # when their words differ, if the filters allow them (a lineage partner: if the
        # reader's own filters allow it, see _pinnable).
        pinned = (
            [i for i in request.pinned if pinnable >> i & 1] if relevance and not similar else []
        )
        matched = text_bits | semantic_bits | bitsets.from_ids(pinned)
        final = (matched & allowed) | bitsets.from_ids(pinned)
        total = final.bit_count()
        facets = self._facets(index, request, text_counts, matched & ~text_bits, masks)

        if relevance:
            document_counts = [bits.bit_count() for bits in group_bits]
            reachable = self._reachable(index, request)
            # A record is judged on the words its language can hold (see _text_match):
            # the confidence of a best match in another language counts only those.
            crossing_counts = [
                count if bits & reachable else None
                for bits, count in zip(group_bits, document_counts, strict=True)
            ] if reachable else document_counts  # fmt: skip
            size = index.all.bit_count()

            def rank(layer, k):
                lexical_layer = layer & text_bits
                depth = max(k, fusion.FUSION_DEPTH) if semantic else k
                if (lexical_layer, depth) in early:
                    lexical = early[lexical_layer, depth]
                elif groups and lexical_layer:
                    lexical = self.rank(
                        groups, lexical_layer, union, depth, coordination, tier_groups
                    )
                else:
                    lexical = []
                if not semantic:
                    return lexical
                close = [page_id for page_id, _ in semantic if layer >> page_id & 1]
                ids = [page_id for page_id, _ in lexical]
                held = {i for i, bits in enumerate(group_bits) if ids and bits >> ids[0] & 1}
                across = reachable and ids and reachable >> ids[0] & 1
                counts = crossing_counts if across else document_counts
                sure = fusion.confidence(held, counts, size)
                leg_weights = fusion.weights(request.language, index.languages(ids), sure)
                return fusion.fuse(ids, close, leg_weights)[:k]

        else:

            def rank(layer, k):
                return [(i, None) for i in index.ordered_page(layer, sort, 0, k)]

        ranked = [(page_id, None) for page_id in pinned]
        rest = final & ~bitsets.from_ids(pinned)
        if similar:
            layers = self._near_layers(index, request.near_layers, rest)
        else:
            layers = self._preference_layers(index, request, rest, relevance)
        for layer in layers:
            if len(ranked) >= needed:
                break
            ranked += rank(layer, needed - len(ranked))
        ranked = ranked[request.offset : needed]
        hits = self._hits(ranked, stems, ready)
        return SearchResponse(
            request=request,
            total=total,
            hits=hits,
            facets=facets,
            suggestion=suggestion,
            corrected=corrected,
            ignored=ignored,
            backend=self.name,
            took_ms=round((time.perf_counter() - started) * 1000, 2),
        )

    @staticmethod
    def _preference_layers(index, request, bits, relevance):
        """The documents in ranking order of layers: those of the lineage role the query
        prefers (search.intent), then the others; one layer when nothing is preferred."""
        if not (relevance and request.prefer):
            return [bits]
        preferred = bits & index.selection_mask(LINEAGE, [request.prefer])
        return [preferred, bits & ~preferred]

    @staticmethod
    def _pinnable(index, request, allowed, masks):
        """The documents a pinned record may be: those the filters allow, and for a
        lineage partner (SearchRequest.partners) those the reader's own filters allow."""
        if not (request.partners and request.read_scopes):
            return allowed
        own = index.all
        for name, mask in masks.items():
            if name not in request.read_scopes:
                own &= mask
        return allowed | (own & bitsets.from_ids(request.partners))

    @staticmethod
    def _near_layers(index, near_layers, bits):
        """The documents in order of their region's closeness (search.nearness): one layer
        per group of equally close places, then everything else. Empty layers are skipped,
        and the caller stops reading once a page is full."""
        in_regency = 0
        for regency_bits in index.postings["regency"].values():
            in_regency |= regency_bits
        seen = 0
        for codes in near_layers:
            mask = index.selection_mask("regency", [c for c in codes if "." in c])
            provinces = [c for c in codes if "." not in c]
            if provinces:
                mask |= index.selection_mask("province", provinces) & ~in_regency
            layer = bits & mask & ~seen
            if layer:
                seen |= layer
                yield layer
        if bits & ~seen:
            yield bits & ~seen

    @staticmethod
    def _reachable(index, request):
        """The records in another language than the query's (see _text_match), or None
        when the query's language is not known."""
        if request.language is None:
            return None
        return index.all & ~index.selection_mask(LANGUAGE, [request.language])

    def _text_match(self, groups, universe, reachable=None):
        group_bits = [bits & universe for bits in self.match_groups(groups)]
        union = bitsets.at_least(group_bits, 1)
        # The common-words rule and the words a record's language can hold
        # (search.matching, the rules Elasticsearch's query body applies too).
        deciding = matching.deciding_concepts(
            [bits.bit_count() for bits in group_bits], universe.bit_count()
        )
        required = self._required(group_bits, deciding)
        if reachable:
            # An English query over Indonesian records: those records need a majority of
            # the words that can cross; English records still need a majority of them all.
            # The same for an Indonesian query over the English records.
            crossing = matching.crossing_concepts(
                deciding, [bool(bits & reachable) for bits in group_bits]
            )
            if crossing:
                required = (required & ~reachable) | (
                    self._required(group_bits, crossing) & reachable
                )
        return required, union, group_bits, deciding

    @staticmethod
    def _required(group_bits, deciding):
        """Documents matching enough of the deciding groups."""
        return bitsets.at_least(
            [group_bits[i] for i in deciding], minimum_should_match(len(deciding))
        )

    @staticmethod
    def _filter_masks(index, request):
        masks = {}
        for name, values in request.filters.items():
            if name == "year":
                continue
            masks[name] = index.selection_mask(name, values)
        years = request.selected("year")
        if years or request.year_from is not None or request.year_to is not None:
            mask = index.year_mask(request.year_from, request.year_to)
            if years:
                mask &= index.selection_mask("year", years)
            masks["year"] = mask
        return masks

    @staticmethod
    def _facet_counts(index, bits, masks):
        """{facet name: {value: count}} of the documents of `bits`, each facet within every
        other facet's selection (disjunctive facets)."""
        counts = {}
        for facet in FACETS:
            mask = bits
            for name, other in masks.items():
                if name != facet.name:
                    mask &= other
            counts[facet.name] = index.counts(facet.name, mask)
        return counts

    @staticmethod
    def _facets(index, request, text_counts, extra, masks):
        """Facet values for the word matches (`text_counts`, counted while the query's
        vector was computed) and the `extra` documents only the meaning or interpretation
        found: a few dozen, added one by one."""
        counts = text_counts
        if extra:
            counts = {name: dict(values) for name, values in text_counts.items()}
            for facet in FACETS:
                mask = extra
                for name, other in masks.items():
                    if name != facet.name:
                        mask &= other
                found = counts[facet.name]
                for page_id in bitsets.to_ids(mask):
                    for value in set(index.values[page_id][facet.name]):
                        found[value] = found.get(value, 0) + 1
        return results.facet_values(counts, request)

    @staticmethod
    def _prepared_hits(page_ids, stems):
        """{page_id: (stored row, snippet)} of these documents."""
        rows = results.stored_rows(page_ids) if page_ids else {}
        return {
            page_id: (row, snippet(row["texts"], stems, row["language"]) if stems else "")
            for page_id, row in rows.items()
        }

    @classmethod
    def _hits(cls, ranked, stems, ready=None):
        """[Hit] of the ranked documents; `ready` holds some already (_prepared_hits)."""
        if not ranked:
            return []
        ready = dict(ready or {})
        missing = [page_id for page_id, _ in ranked if page_id not in ready]
        ready.update(cls._prepared_hits(missing, stems))
        rows = {page_id: row for page_id, (row, _) in ready.items()}
        if not stems:
            return results.hits(ranked, rows)
        return results.hits(ranked, rows, lambda row: ready[row["page_id"]][1])

    def similar(self, page_id, limit=5):
        raise NotImplementedError
