"""The search document's text, declared once: its parts, the field groups they feed, and
what each group is called and weighs in every engine.

A SearchDocument carries plain text by part (title, tagline, the sections...). Parts are
grouped by how much a match in them says about a document; each engine derives its own
layout from these groups, so a weight or a part is changed here and nowhere else:

* SQLite: one FTS5 column per group, scored by bm25 with the groups' weights;
* PostgreSQL: one tsvector weight letter per group, ranked with the same ratios;
* Elasticsearch: one text field per part, boosted by its group's weight.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class FieldGroup:
    name: str
    parts: tuple  # SearchDocument text parts, in the order their words are indexed
    weight: float  # relative to the body's 1
    pg_weight: str  # tsvector weight letter
    fts_column: str  # SQLite FTS5 column


SECTION_PARTS = (
    "background", "novelty", "implementation", "impact", "resources", "sustainability",
    "replication",
)  # fmt: skip

FIELD_GROUPS = (
    FieldGroup("heading", ("title", "acronym"), 10.0, "A", "a"),
    # tags: the tag names and the main sector's name; lineage: "replikasi dari X",
    # "sudah direplikasi oleh ...": officials look for proven, replicated practice.
    FieldGroup("lead", ("tagline", "tags", "lineage"), 5.0, "B", "b"),
    FieldGroup("summary", ("summary",), 2.5, "C", "c"),
    # facts: institution, places, ministry and awards; extra: secondary sectors, channels.
    FieldGroup("body", (*SECTION_PARTS, "facts", "extra"), 1.0, "D", "d"),
)
GROUPS_BY_NAME = {group.name: group for group in FIELD_GROUPS}

TEXT_PARTS = tuple(part for group in FIELD_GROUPS for part in group.parts)
PART_WEIGHTS = {part: group.weight for group in FIELD_GROUPS for part in group.parts}

# Parts that are searched but never shown: a snippet is cut from the others, and only
# the others feed the spelling dictionary (a tag list or another page's title in the
# lineage is no sentence, and not this document's own words).
SEARCH_ONLY_PARTS = ("tags", "lineage", "extra")
SHOWN_PARTS = tuple(part for part in TEXT_PARTS if part not in SEARCH_ONLY_PARTS)
# Where a snippet is cut from, in order of preference when passages tie.
SNIPPET_PARTS = ("tagline", "summary", "title", *SECTION_PARTS, "facts")
# What the semantic leg embeds: what a reader skims to decide (the model's cost grows
# with the text, and the sections' detail is the lexical leg's to match).
EMBEDDED_PARTS = ("title", "tagline", "summary")
# What "similar innovations" compares: the heavy groups, not the long sections.
SIMILAR_GROUPS = ("heading", "lead", "summary")
SIMILAR_PARTS = tuple(p for name in SIMILAR_GROUPS for p in GROUPS_BY_NAME[name].parts)

# --- ranking settings every engine shares ------------------------------------------------

# Score every match up to this many; above it, rank by tiers (the heaviest group a match
# falls in first), so that a common word does not score the whole collection.
EXACT_RANK_LIMIT = 1500
# The tiers, heaviest first: a match in the heading, then heading or lead, and so on.
TIER_GROUPS = (("heading",), ("heading", "lead"), ("heading", "lead", "summary"))
# Words of a multi-word alternative ("ibu hamil") must stand this close, in any order.
NEAR_DISTANCE = 4
# "Similar innovations" asks for the document's rarest words, this many.
SIMILAR_TERMS = 12


def group_texts(texts):
    """{group name: the plain text of its parts, in order} for a document's `texts`."""
    return {
        group.name: " ".join(texts[part] for part in group.parts if texts.get(part))
        for group in FIELD_GROUPS
    }
