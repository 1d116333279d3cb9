"""Related rows read inside their parent's own query, as JSON.

`prefetch_related` costs one query per relation: an innovation page with awards, metrics,
tags, three kinds of reference data and a kit costs seven besides the page. Here each
relation is a correlated subquery aggregating its rows into one JSON array (SQLite's
json_group_array, PostgreSQL's jsonb_agg), so the page and all of them arrive in one row.
The rows are then made model instances and installed exactly where `prefetch_related`
would have put them (the instance's `_prefetched_objects_cache`), so `page.awards.all()`,
`page.tags.all()` and the rest read them without a query, as after a prefetch; anything
that filters or orders them anew queries the database as it would then.

Only the fields named are read: what the public pages use. An instance built here has the
others deferred (Django loads one on first access, with a query).
"""

import json
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import models
from django.db.models import Aggregate, JSONField, OuterRef, Subquery
from django.db.models.functions import Cast, JSONObject


class JSONRows(Aggregate):
    """The group's rows as one JSON array."""

    function = "JSON_GROUP_ARRAY"
    output_field = JSONField()

    def as_postgresql(self, compiler, connection, **extra_context):
        return super().as_sql(compiler, connection, function="JSONB_AGG", **extra_context)


@dataclass
class Related:
    """One relation of the parent, read as JSON.

    name: the parent's accessor (`page.<name>.all()`), which is also the prefetch cache key;
    rows: a queryset of the model whose rows are listed (the related model itself, or the
    through model of a many-to-many); link: its field naming the parent; fields: {attname
    of the model built: path from `rows`}; model: the model built (defaults to rows');
    order: JSON keys to sort the rows by, as the relation's own ordering does; a key with
    a leading underscore is read for sorting only (a through table's id).
    """

    name: str
    rows: models.QuerySet
    link: str
    fields: dict
    order: tuple
    model: type | None = None
    nested: dict = field(default_factory=dict)  # {attribute: Related-like (model, fields)}

    @property
    def built_model(self):
        return self.model or self.rows.model

    def subquery(self):
        """The JSON column's expression, built once per relation: Django copies it when
        it is added to a queryset, and building it costs more than running it."""
        cached = self.__dict__.get("_subquery")
        if cached is None:
            cached = self.__dict__["_subquery"] = self._build_subquery()
        return cached

    def _build_subquery(self):
        values = {key: _json_safe(self.rows.model, path) for key, path in self.fields.items()}
        for attribute, (_, nested_fields) in self.nested.items():
            for key, path in nested_fields.items():
                values[f"{attribute}__{key}"] = _json_safe(self.rows.model, path)
        rows = (
            self.rows.filter(**{self.link: OuterRef("pk")})
            .order_by()
            .values(self.link)
            .annotate(_rows=JSONRows(JSONObject(**values)))
            .values("_rows")
        )
        return Subquery(rows, output_field=JSONField())


def _field_at(model, path):
    """The model field at the end of a lookup path ("sector__name")."""
    *joins, last = path.split("__")
    for name in joins:
        model = model._meta.get_field(name).related_model
    return model._meta.get_field(last)


def _json_safe(model, path):
    # Decimals travel as text: JSON numbers would become floats (8.27 -> 8.2699999...).
    if isinstance(_field_at(model, path), models.DecimalField):
        return Cast(path, models.CharField())
    return models.F(path)


def _value(model_field, value):
    if value is None:
        return None
    if isinstance(model_field, models.DecimalField):
        quantum = Decimal(1).scaleb(-model_field.decimal_places)
        return Decimal(str(value)).quantize(quantum, context=model_field.context)
    if isinstance(model_field, models.ForeignKey):
        return model_field.target_field.to_python(value)
    return model_field.to_python(value)


def _build(model, db, row):
    names, values = [], []
    for attname, value in row.items():
        model_field = next(f for f in model._meta.concrete_fields if f.attname == attname)
        names.append(attname)
        values.append(_value(model_field, value))
    # from_db wants every concrete field, in order, with DEFERRED for those not read.
    by_name = dict(zip(names, values, strict=True))
    ordered = [f.attname for f in model._meta.concrete_fields]
    return model.from_db(db, ordered, [by_name.get(n, models.DEFERRED) for n in ordered])


def with_related(queryset, relations):
    """The queryset with one JSON column per relation (see attach_related)."""
    return queryset.annotate(**{f"_json_{r.name}": r.subquery() for r in relations})


def attach_related(instance, relations):
    """Install the instance's JSON columns as its prefetched relations."""
    db = instance._state.db
    cache = getattr(instance, "_prefetched_objects_cache", None)
    if cache is None:
        cache = instance._prefetched_objects_cache = {}
    for relation in relations:
        rows = getattr(instance, f"_json_{relation.name}", None) or []
        if isinstance(rows, str):
            rows = json.loads(rows)
        rows = sorted(rows, key=lambda row: tuple(row[key] for key in relation.order))
        objects = []
        for row in rows:
            # Keys with a leading underscore only sort (a through table's id).
            own = {k: v for k, v in row.items() if "__" not in k and not k.startswith("_")}
            obj = _build(relation.built_model, db, own)
            for attribute, (nested_model, nested_fields) in relation.nested.items():
                nested = {key: row[f"{attribute}__{key}"] for key in nested_fields}
                setattr(obj, attribute, _build(nested_model, db, nested))
            objects.append(obj)
        # The relation's own lazy queryset, holding the rows as a prefetch leaves them.
        queryset = getattr(instance, relation.name).all()
        queryset._result_cache = objects
        queryset._prefetch_done = True
        cache[relation.name] = queryset
    return instance
