"""A replication kit as the public page shows it: documents grouped by kind, with counts."""

from dataclasses import dataclass

from innovations.models import KitDocumentKind

from .downloads import download_counts


@dataclass(frozen=True)
class KitItem:
    title: str
    kind: str
    language: str
    url: str
    extension: str
    size: int | None
    downloads: int


def kit_groups(page):
    """[(kind label, [KitItem, ...]), ...] in the kinds' declared order, empty kinds left out."""
    prefetched = getattr(page, "_prefetched_objects_cache", {}).get("documents")
    if prefetched is not None:  # read with the page, in this order (load_for_serving)
        rows = list(prefetched)
    else:
        rows = list(page.documents.select_related("document").order_by("sort_order", "pk"))
    counts = download_counts([row.document_id for row in rows])
    groups = {kind: [] for kind in KitDocumentKind.values}
    for row in rows:
        document = row.document
        groups.setdefault(row.kind, []).append(
            KitItem(
                title=row.display_title,
                kind=row.kind,
                language=row.language,
                url=document.url,
                extension=document.file_extension.upper(),
                size=_file_size(document),
                downloads=counts[row.document_id],
            )
        )
    labels = dict(KitDocumentKind.choices)
    return [(labels.get(kind, kind), items) for kind, items in groups.items() if items]


def _file_size(document):
    # Stored when the file is uploaded; a file gone missing must not break the page.
    try:
        return document.get_file_size()
    except OSError:
        return None
