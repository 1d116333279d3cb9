"""Wagtail's own indexes for pages written in bulk: the admin search index and the reference
index.

Saving a page one at a time updates both through signals. Pages inserted in bulk send no
signals, so the bulk writer feeds them here, a batch at a time, with the entries Wagtail
itself would have written (tests compare them with Wagtail's).
"""

from django.contrib.contenttypes.models import ContentType
from django.db import connection
from modelsearch.backends.database.postgres.postgres import (
    IndexEntry,
    ObjectIndexer,
    PostgresIndex,
)
from modelsearch.index import AutocompleteField, RelatedFields, SearchField
from modelsearch.utils import balanced_reduce, get_content_type_pk
from wagtail.models import ReferenceIndex
from wagtail.search.backends import get_search_backend

from jipp_site.bulk_rows import append_rows, execute_write

REFERENCE_COLUMNS = (
    "content_type_id", "base_content_type_id", "object_id", "to_content_type_id",
    "to_object_id", "model_path", "content_path", "content_path_hash",
)  # fmt: skip


# --- admin search ------------------------------------------------------------------------


def add_to_admin_search(model, objects, refresh=True):
    """Index `objects` (all of `model`) for the admin's search. Without `refresh`, the
    caller calls refresh_admin_search once it has added every batch (the refresh reads
    back every entry, which queued writes may not have written yet).

    On PostgreSQL, modelsearch's add_items composes one expression per field and object
    into a single statement: for a thousand pages, tens of thousands of placeholders that
    Django compiles and psycopg splits and quotes one by one, which cost more than the
    pages' own rows. Here each batch goes in as a few arrays, one statement per shape of
    entry, with the same vectors (the same SQL expressions, fed by unnest instead of by
    literals). Elsewhere modelsearch indexes them itself."""
    backend = get_search_backend()
    index = backend.get_index_for_model(model)
    fields = model.get_search_fields()
    if not isinstance(index, PostgresIndex) or any(isinstance(f, RelatedFields) for f in fields):
        backend.add_bulk(model, objects)
        return
    if not objects:
        return
    shapes = {}
    for obj in objects:
        entry = _AdminEntry(obj, backend, fields)
        shapes.setdefault(entry.shape, []).append(entry)
    content_type_pk = get_content_type_pk(model)
    for shape, entries in shapes.items():
        execute_write(*_insert_sql(shape, entries, content_type_pk, backend))
    if refresh:
        index._refresh_title_norms()


def refresh_admin_search(model):
    """What add_to_admin_search(refresh=False) left out: the title norms of new entries,
    which modelsearch computes from every entry's title length."""
    index = get_search_backend().get_index_for_model(model)
    if isinstance(index, PostgresIndex):
        index._refresh_title_norms()


class _AdminEntry:
    """One object's texts for the admin index, sorted as modelsearch sorts them: title
    (SearchField "title"), autocomplete (AutocompleteFields) and body (other SearchFields),
    each a list of (stripped text, weight) with empty texts left out."""

    def __init__(self, obj, backend, fields):
        self.object_id = str(obj.pk)
        self.title, self.autocomplete, self.body = [], [], []
        indexer = ObjectIndexer(obj, backend)
        for field in fields:
            for current, weight, value in indexer.prepare_field(obj, field):
                if isinstance(current, AutocompleteField):
                    part = self.autocomplete
                elif isinstance(current, SearchField):
                    part = self.title if current.field_name == "title" else self.body
                else:
                    continue
                text = value.strip()
                if text:
                    part.append((text, weight))

    @property
    def shape(self):
        return tuple(tuple(w for _t, w in part) for part in self.parts)

    @property
    def parts(self):
        return (self.title, self.autocomplete, self.body)

    @property
    def plain_texts(self):
        return (" ".join(t for t, _w in self.title), " ".join(t for t, _w in self.body))


def _vector_sql(weights, columns, config, params):
    """modelsearch's vector expression (ObjectIndexer.as_vector) over columns of unnest."""
    if not weights:
        return "to_tsvector(COALESCE('', ''))"  # its EMPTY_VECTOR
    leaves = []
    for weight, column in zip(weights, columns, strict=True):
        if config is None:
            leaves.append(f"setweight(to_tsvector(COALESCE({column}, '')), %s)")
            params.append(weight)
        else:
            leaves.append(f"setweight(to_tsvector(%s::regconfig, COALESCE({column}, '')), %s)")
            params.extend([config, weight])
    return balanced_reduce(lambda a, b: f"({a} || {b})", leaves)


def _insert_sql(shape, entries, content_type_pk, backend):
    columns = ["object_id", "title_text", "body_text"]
    arrays = [
        [e.object_id for e in entries],
        [e.plain_texts[0] for e in entries],
        [e.plain_texts[1] for e in entries],
    ]
    vectors, params = [], []
    configs = (backend.config, backend.autocomplete_config, backend.config)
    for number, (weights, config) in enumerate(zip(shape, configs, strict=True)):
        names = [f"p{number}_{i}" for i in range(len(weights))]
        columns += names
        arrays += [[e.parts[number][i][0] for e in entries] for i in range(len(weights))]
        vectors.append(_vector_sql(weights, [f"u.{n}" for n in names], config, params))
    unnest = ", ".join(["%s::text[]"] * len(arrays))
    sql = (
        f"INSERT INTO {IndexEntry._meta.db_table} (content_type_id, object_id, title, "
        "autocomplete, body, title_norm, title_text, body_text) "
        f"SELECT %s, u.object_id, {vectors[0]}, {vectors[1]}, {vectors[2]}, 1.0, u.title_text, "
        f"u.body_text FROM unnest({unnest}) AS u({', '.join(columns)}) "
        "ON CONFLICT (content_type_id, object_id) DO UPDATE SET title = EXCLUDED.title, "
        "title_norm = 1.0, autocomplete = EXCLUDED.autocomplete, body = EXCLUDED.body, "
        "title_text = EXCLUDED.title_text, body_text = EXCLUDED.body_text"
    )
    return sql, [content_type_pk, *params, *arrays]


# --- reference index ---------------------------------------------------------------------


def add_references(objects):
    """Reference index rows for new objects (snippet usage, "used by" counts), as
    ReferenceIndex.create_or_update_for_object would write them for each. The objects'
    child relations must hold their saved rows: a child's id is part of its path."""
    rows = []
    types = {}
    # A UUID as this database stores it (32 hex digits on SQLite).
    hash_field = ReferenceIndex._meta.get_field("content_path_hash")
    for obj in objects:
        model = type(obj)
        if not ReferenceIndex.is_indexed(model):
            continue
        if model not in types:
            types[model] = _content_types(obj)
        content_type_id, base_content_type_id = types[model]
        for to_type, to_id, model_path, content_path in set(
            ReferenceIndex._extract_references_from_object(obj)
        ):
            rows.append(
                (
                    content_type_id,
                    base_content_type_id,
                    str(obj.pk),
                    to_type,
                    to_id,
                    model_path,
                    content_path,
                    hash_field.get_db_prep_value(
                        ReferenceIndex._get_content_path_hash(content_path), connection
                    ),
                )
            )
    return append_rows(ReferenceIndex._meta.db_table, REFERENCE_COLUMNS, rows)


def _content_types(obj):
    # As create_or_update_for_object: the object's own type and its base model's.
    models = [obj, *obj._meta.get_parent_list()]
    types = [ContentType.objects.get_for_model(m, for_concrete_model=False) for m in models]
    return types[0].pk, types[-1].pk
