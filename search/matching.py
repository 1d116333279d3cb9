"""Which of a query's concepts a record must match: the rules every engine applies.

Pure functions on per-concept document counts, so the database engines (which count with
bitsets) and Elasticsearch (which counts with a filters aggregation, then builds its query
body from the result) decide the same way:

* The common-words rule: concepts found in a large share of the collection ("inovasi",
  "layanan", "daerah") say little about what is wanted; they rank, but do not count towards
  how many concepts must match. Statistics need a real collection (100 documents).
* A record is judged on the words its language can hold: a concept that no record in the
  other language than the query's holds (no dictionary entry carries it across) cannot be
  matched there, so those records need a majority of the concepts that can cross.
"""

from dataclasses import dataclass

from .analysis import minimum_should_match

COMMON_TERM_RATIO = 0.2
COMMON_TERMS_MIN_DOCS = 100


def deciding_concepts(counts, size):
    """Indices of the concepts that decide: the rare ones, or all when none is rare.

    counts: documents each concept matches in the collection of `size` documents."""
    if size >= COMMON_TERMS_MIN_DOCS:
        limit = COMMON_TERM_RATIO * size
        rare = [i for i, count in enumerate(counts) if count <= limit]
        if rare:
            return rare
    return list(range(len(counts)))


def crossing_concepts(deciding, reaches):
    """Of the deciding concepts, those that records in the other language can hold
    (reaches[i]: whether any such record matches concept i), when that is some but not
    all of them; otherwise None: those records need what the query's language needs (none
    crosses, so none of them can match; or all cross)."""
    crossing = [i for i in deciding if reaches[i]]
    if crossing and len(crossing) < len(deciding):
        return crossing
    return None


@dataclass(frozen=True)
class Matching:
    """What a record must match: `minimum(deciding)` of the deciding concepts in the
    query's language; in the other language, `minimum(crossing)` of the crossing ones
    when crossing is not None."""

    deciding: tuple
    crossing: tuple | None = None

    @staticmethod
    def minimum(indices):
        return minimum_should_match(len(indices))

    def is_plain(self, concept_count):
        """Whether this is simply a majority of all the concepts, for every record."""
        return self.crossing is None and len(self.deciding) == concept_count


def plan(counts, size, reaches=None):
    """The Matching for concepts matching `counts` documents of `size`; `reaches` as in
    crossing_concepts, or None when the languages' counts are not known."""
    deciding = deciding_concepts(counts, size)
    crossing = crossing_concepts(deciding, reaches) if reaches is not None else None
    return Matching(tuple(deciding), None if crossing is None else tuple(crossing))
