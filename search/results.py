"""Result assembly, the same for every engine: hits from stored documents, and facet values
with their labels. Engines find and rank; what a reader sees is built here."""

import heapq

from .facets import FACETS
from .labels import facet_labels
from .query import FacetValue, Hit

# What a hit needs of a stored document (an IndexedDocument row, or an engine's source
# document mapped to the same keys).
HIT_FIELDS = ["page_id", "slug", "title", "url", "tagline", "texts", "language", "province",
              "sector", "year", "hub"]  # fmt: skip


def stored_rows(page_ids):
    """{page_id: row} of HIT_FIELDS for these documents, from the database's index."""
    from .models import IndexedDocument

    rows = IndexedDocument.objects.filter(page_id__in=page_ids, removed=False)
    return {row["page_id"]: row for row in rows.values(*HIT_FIELDS)}


def hits(ranked, rows, snippet=None):
    """[Hit] for `ranked` [(page_id, score or None)], best first, from `rows` {page_id: row};
    ids without a row (removed meanwhile) are skipped. `snippet(row)` gives a hit's HTML
    snippet; none when not given."""
    present = [(rows[page_id], score) for page_id, score in ranked if page_id in rows]
    labels = facet_labels(
        {
            "province": {row["province"] for row, _ in present if row["province"]},
            "sector": {row["sector"] for row, _ in present if row["sector"]},
        }
    )
    return [
        Hit(
            page_id=row["page_id"],
            slug=row["slug"],
            title=row["title"],
            url=row["url"],
            tagline=row["tagline"],
            snippet=snippet(row) if snippet else "",
            province=row["province"],
            province_name=labels["province"].get(row["province"], ("", None))[0],
            sector=row["sector"],
            sector_name=labels["sector"].get(row["sector"], ("", None))[0],
            year_launched=row["year"],
            score=None if score is None else round(float(score), 4),
            language=row["language"] or "id",
            hub=row.get("hub") or "",
        )
        for row, score in present
    ]


def stored_hits(page_ids):
    """[Hit] for these ids, in this order, without scores or snippets (similar lists)."""
    return hits([(page_id, None) for page_id in page_ids], stored_rows(page_ids))


def facet_values(counts, request):
    """{facet name: [FacetValue]} from {facet name: {value: count}}: selected values always
    shown (with 0 when nothing matches them), labelled, in each facet's order."""
    wanted = {
        f.name: set(counts.get(f.name, {})) | set(map(str, request.selected(f.name)))
        for f in FACETS
    }
    labels = facet_labels(wanted)
    return {f.name: _values(f, counts.get(f.name, {}), labels[f.name], request) for f in FACETS}


def _values(facet, counts, labels, request):
    selected = set(map(str, request.selected(facet.name)))
    shown = set(counts) | selected
    if facet.top and len(shown) > facet.top:
        # Only the most frequent values are shown (and the selected ones): pick them before
        # building a value for each of thousands of tags.
        shown = selected | set(
            heapq.nsmallest(
                facet.top, counts, key=lambda v: (-counts[v], labels.get(v, (v, None))[0])
            )
        )
    values = []
    for value in shown:
        label, parent = labels.get(value, (value, None))
        values.append(FacetValue(value, label, counts.get(value, 0), value in selected, parent))
    if facet.name == "year":
        values.sort(key=lambda v: v.value, reverse=True)
    elif facet.name == "sdg":
        values.sort(key=lambda v: int(v.value) if v.value.isdigit() else 0)
    else:
        values.sort(key=lambda v: (-v.count, v.label))
    if facet.top:
        shown = values[: facet.top]
        shown += [v for v in values[facet.top :] if v.selected]
        values = shown
    return values
