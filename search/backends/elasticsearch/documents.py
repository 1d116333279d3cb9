"""The documents and bulk operations sent to the cluster, as pure functions."""

from ...facets import ORIGINAL, REPLICA, replication_values
from ...schema import PART_WEIGHTS

# A keyword field of the index: the IndexedDocument column it comes from.
SINGLE_VALUES = {"ministry": "ministry", "province": "province", "regency": "regency",
                 "sector": "sector", "level": "level", "stage": "stage", "status": "status",
                 "hub": "hub"}  # fmt: skip
LIST_VALUES = {"channel": "channels", "sdg": "sdgs", "tag": "tags", "award": "awards"}


def lineage(row):
    """Where the record stands in a replication lineage, as the database engines read it
    (search.facets): an original that was replicated, a replica, both or neither."""
    roles = []
    if row.get("replication_count"):
        roles.append(ORIGINAL)
    if row.get("original_id") is not None:
        roles.append(REPLICA)
    return roles


def document_body(row, vector=None):
    """The Elasticsearch document for an IndexedDocument row (a dict of its fields) and its
    vector of the configured model (a sequence of floats; None: not embedded yet)."""
    language = "en" if row["language"] == "en" else "id"
    texts = row["texts"] or {}
    body = {
        "page_id": row["page_id"],
        "seq": row["seq"],
        "slug": row["slug"],
        "url": row["url"],
        "language": language,
        f"text_{language}": {name: texts[name] for name in PART_WEIGHTS if texts.get(name)},
    }
    for name, column in SINGLE_VALUES.items():
        if row.get(column):
            body[name] = row[column]
    for name, column in LIST_VALUES.items():
        values = [str(v) for v in row.get(column) or []]
        if values:
            body[name] = values
    if row.get("year") is not None:
        body["year"] = row["year"]
    if row.get("published_at") is not None:
        body["published_at"] = row["published_at"].isoformat()
    body["replication_count"] = row.get("replication_count") or 0
    roles = lineage(row)
    if roles:
        body["lineage"] = roles
    if vector is not None:
        body["vector"] = [float(x) for x in vector]
    replication = replication_values(body["replication_count"], row.get("original_id"))
    if replication:
        body["replication"] = list(replication)
    return body


def bulk_operations(documents, deletions):
    """The operations of one `POST /<alias>/_bulk`.

    documents: [(page_id, version, body)]; deletions: [(page_id, version)]. The version is
    IndexedDocument.seq, the index generation of the row's last change, which rises in
    commit order: with `external_gte` a late, older write can never overwrite a newer one.
    """
    operations = []
    for page_id, version, body in documents:
        operations.append(
            {"index": {"_id": str(page_id), "version": version, "version_type": "external_gte"}}
        )
        operations.append(body)
    for page_id, version in deletions:
        operations.append(
            {"delete": {"_id": str(page_id), "version": version, "version_type": "external_gte"}}
        )
    return operations
