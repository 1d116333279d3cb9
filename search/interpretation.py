"""What a query means beyond its words: the places it is scoped to and the replication
lineage it asks about. The result is a request the engines answer as usual (filters, and
documents to rank first), and an Interpretation the page and the API show, with a way to
search the words as typed instead (interpret=0).
"""

import dataclasses
from dataclasses import dataclass, field

from django.utils.text import get_text_list
from django.utils.translation import gettext as _

from . import intent as intents
from .analysis import analyze, query_stems, stopwords, tokenize
from .facets import ORIGINAL, REPLICA
from .models import IndexedDocument
from .places import gazetteer

PLACE_FACETS = ("province", "regency")
SCOPE_FACETS = (*PLACE_FACETS, "level")
CONJUNCTIONS = frozenset({"dan", "atau", "serta", "and", "or"})
# A practice is "named" when the top match's title or acronym holds at least one of the
# query's words and its title, acronym and place names hold this share of them.
NAMED_COVERAGE = 0.6


@dataclass
class Interpretation:
    places: list = field(default_factory=list)  # search.places.PlaceMention, applied
    place_fallback: bool = False  # nothing in those places: answered without them
    replication: object = None  # search.intent.ReplicationIntent
    practice: dict | None = None  # the practice the query names: page_id, title, url

    @property
    def applied(self):
        return bool(self.places or self.replication)

    @property
    def place_labels(self):
        """ "Jawa Barat dan Jawa Tengah": the places, as read, for a sentence."""
        labels = list(dict.fromkeys(m.place.label for m in self.areas))
        return get_text_list(labels, _("dan")) if labels else ""

    @property
    def level_labels(self):
        return get_text_list(list(dict.fromkeys(m.place.label for m in self.levels)), _("atau"))

    @property
    def areas(self):
        """The geographic places (the others are levels of government)."""
        return [m for m in self.places if m.place.facet in PLACE_FACETS]

    @property
    def levels(self):
        return [m for m in self.places if m.place.facet == "level"]

    def place_filters(self):
        """{facet: [values]}: the levels, and the areas in one facet when every area is of
        one kind, otherwise their provinces (a kabupaten/kota stands for its province)."""
        filters = {}
        if self.levels:
            filters["level"] = sorted({v for m in self.levels for v in m.place.values})
        facets = {m.place.facet for m in self.areas}
        if len(facets) == 1:
            facet = facets.pop()
            filters[facet] = sorted({v for m in self.areas for v in m.place.values})
        elif facets:
            filters["province"] = sorted({v[:2] for m in self.areas for v in m.place.values})
        return filters


def interpret(request):
    """(the request to answer, Interpretation or None)."""
    if not request.interpret or not request.q:
        return request, None
    tokens = tokenize(request.q)
    meaning = Interpretation()
    mentions = _place_mentions(tokens)
    meaning.places = [
        m for m in mentions
        if not request.selected(m.place.facet)
        and not (m.place.facet in PLACE_FACETS and any(request.selected(f) for f in PLACE_FACETS))
    ]  # fmt: skip
    covered = {i for m in meaning.places for i in range(m.start, m.end)}
    words = [t for i, t in enumerate(tokens) if i not in covered]
    meaning.replication = intents.replication_intent(words)
    if not meaning.applied:
        return request, None
    text = meaning.replication.practice if meaning.replication else " ".join(words)
    scopes = meaning.place_filters() if meaning.places else {}
    filters = {**request.filters, **scopes}
    return dataclasses.replace(request, q=text, filters=filters, read_scopes=tuple(scopes)), meaning


def _place_mentions(tokens):
    mentions = gazetteer().scoped_mentions(tokens)
    # "di Jabar dan Jateng": a place joined to a scoped one by "dan" is in scope too.
    extended = list(mentions)
    for mention in mentions:
        end = mention.end
        while end + 1 < len(tokens) and tokens[end] in CONJUNCTIONS:
            more = gazetteer().mentions_at(tokens, end + 1)
            if not more:
                break
            extended += more
            end = more[0].end
    return extended


def without_places(request, original):
    """The request without the filters interpretation added, its words as typed."""
    filters = {k: v for k, v in request.filters.items() if k not in SCOPE_FACETS}
    filters.update({k: v for k, v in original.filters.items() if k in SCOPE_FACETS})
    return dataclasses.replace(request, q=original.q, filters=filters)


def practice_lineage(meaning, top_hit):
    """Pin the named practice's lineage when the top match for the practice's words is
    that practice; otherwise prefer a lineage role. Returns (pinned ids, prefer)."""
    wanted = meaning.replication.wants
    generic = ORIGINAL if wanted == intents.REPLICATED else REPLICA
    if top_hit is None or not _names(meaning.replication.practice, top_hit):
        return (), generic
    practice_id = top_hit.page_id
    if intents.named_wants(meaning.replication) == intents.ORIGINAL:
        original = (
            IndexedDocument.objects.filter(page_id=practice_id, removed=False)
            .values_list("original_id", flat=True)
            .first()
        )
        lineage = [original] if original else []
    else:
        lineage = list(
            IndexedDocument.objects.filter(original_id=practice_id, removed=False)
            .order_by("-replication_count", "page_id")
            .values_list("page_id", flat=True)
        )
    if not lineage:
        return (), generic
    meaning.practice = {"page_id": practice_id, "title": top_hit.title, "url": top_hit.url}
    return (*lineage, practice_id), None


def lineages(page_ids, prefer):
    """With no practice named: the records of the preferred lineage role among `page_ids`
    (a ranking, best first), each followed by its lineage partners (an original by its
    replications, most replicated first; a replication by its original). A lineage is one
    answer to a question about replication: the practice and where it went, or where it
    came from. Returns (the ids to pin, in order; the partners among them).

    A scope read from the words ("inovasi kementerian yang ditiru pemerintah daerah": the
    central tier) qualifies the records the question is about, not their partners: the
    ministry's practice is answered with the regional governments that replicated it. So
    the partners are pinned within the reader's own filters only (SearchRequest.partners),
    and `page_ids` is a ranking within every filter."""
    rows = IndexedDocument.objects.filter(page_id__in=page_ids, removed=False).values_list(
        "page_id", "original_id", "replication_count"
    )
    roles = {page_id: (original, count) for page_id, original, count in rows}
    heads = [
        page_id for page_id in page_ids if page_id in roles
        and (roles[page_id][1] if prefer == ORIGINAL else roles[page_id][0] is not None)
    ]  # fmt: skip
    replications = {}
    if prefer == ORIGINAL:
        for page_id, original in (
            IndexedDocument.objects.filter(original_id__in=heads, removed=False)
            .order_by("-replication_count", "page_id")
            .values_list("page_id", "original_id")
        ):
            replications.setdefault(original, []).append(page_id)
    pinned, partners = [], []
    for page_id in heads:
        lineage = replications.get(page_id, []) if prefer == ORIGINAL else [roles[page_id][0]]
        pinned += [i for i in (page_id, *lineage) if i not in pinned]
        partners += [i for i in lineage if i not in partners]
    heads = set(heads)
    return tuple(pinned), tuple(i for i in partners if i not in heads)


def _names(practice, hit):
    """Whether `hit` is the practice these words name (see NAMED_COVERAGE)."""
    row = IndexedDocument.objects.filter(page_id=hit.page_id).values("texts", "language").first()
    if row is None:
        return False
    texts, language = row["texts"], row["language"] or "id"
    heading = set(analyze(f"{texts.get('title', '')} {texts.get('acronym', '')}", language))
    places = set(analyze(texts.get("facts", ""), language))
    words = [t for t in tokenize(practice) if t not in stopwords("id") | stopwords("en")]
    if not words:
        return False
    in_heading = [w for w in words if query_stems(w) & heading]
    covered = [w for w in words if query_stems(w) & (heading | places)]
    return bool(in_heading) and len(covered) >= NAMED_COVERAGE * len(words)
