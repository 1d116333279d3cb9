"""Loads the reference vocabularies shipped in innovations/data/.

Idempotent: run by a data migration on every new database and by the
`load_reference_data` command after the files change. Editors' later changes to
labels are overwritten only by an explicit run of that command.
"""

import json
from pathlib import Path

DATA_DIR = Path(__file__).resolve().parent / "data"


def read_json(name):
    with open(DATA_DIR / name, encoding="utf-8") as handle:
        return json.load(handle)


def load_reference_data(apps=None):
    """Create or update every reference row; `apps` is the migration registry when migrating."""
    model = _model_getter(apps)
    regions = read_json("regions.json")
    vocab = read_json("reference.json")

    Province, Regency = model("Province"), model("Regency")
    # Migrations before 0003 load into models without the place names.
    with_places = any(f.name == "island_group" for f in Province._meta.get_fields())
    if with_places:
        for group in regions["island_groups"]:
            model("IslandGroup").objects.update_or_create(
                key=group["key"],
                defaults={"name": group["name"], "other_names": ", ".join(group["names"])},
            )
    for province in regions["provinces"]:
        defaults = {"name": province["name"]}
        if with_places:
            defaults["short_names"] = ", ".join(province["short_names"])
            defaults["island_group_id"] = province["island_group"]
        Province.objects.update_or_create(code=province["code"], defaults=defaults)
        for regency in province["regencies"]:
            Regency.objects.update_or_create(
                code=regency["code"],
                defaults={
                    "province_id": province["code"],
                    "name": regency["name"],
                    "kind": regency["kind"],
                },
            )

    MinistryAgency = model("MinistryAgency")
    for row in vocab["ministries_and_agencies"]:
        defaults = {"slug": row["slug"], "kind": row["kind"], "acronym": row["acronym"],
                    "name_en": row.get("name_en", "")}  # fmt: skip
        MinistryAgency.objects.update_or_create(
            name=row["name"], defaults=_known(MinistryAgency, defaults)
        )

    for model_name, key in [
        ("Sector", "sectors"),
        ("ServiceChannel", "channels"),
        ("FundingSource", "funding_sources"),
        ("Stage", "stages"),
        ("Status", "statuses"),
    ]:
        if not _exists(apps, model_name):  # migrations before the model existed
            continue
        for order, row in enumerate(vocab[key]):
            defaults = {k: v for k, v in row.items() if k != "key"}
            model(model_name).objects.update_or_create(
                key=row["key"],
                defaults=_known(model(model_name), {**defaults, "sort_order": order}),
            )

    SDG = model("SDG")
    for row in vocab["sdgs"]:
        SDG.objects.update_or_create(
            number=row["number"], defaults={"name_id": row["name_id"], "name_en": row["name_en"]}
        )
    if any(f.name == "population" for f in Regency._meta.get_fields()):
        load_population(apps)
    if any(f.name == "area" for f in Regency._meta.get_fields()):
        load_area(apps)


def load_population(apps=None):
    """Population per province and kabupaten/kota (data/population.json: the figures of
    Kepmendagri 300.2.2-2138/2025 with their source). One UPDATE per region."""
    model = _model_getter(apps)
    figures = read_json("population.json")["population"]
    for name in ("Province", "Regency"):
        rows = model(name).objects.all()
        for row in rows:
            row.population = figures.get(row.code)
        model(name).objects.bulk_update(rows, ["population"], batch_size=500)


def load_funding_sources(apps=None):
    """Create the funding sources that do not exist yet (never touching an editor's labels)."""
    FundingSource = _model_getter(apps)("FundingSource")
    for order, row in enumerate(read_json("reference.json")["funding_sources"]):
        FundingSource.objects.get_or_create(
            key=row["key"],
            defaults={"name": row["name"], "name_en": row["name_en"], "sort_order": order},
        )


def load_area(apps=None):
    """Area per province and kabupaten/kota (data/area.json: Badan Informasi Geospasial's
    figures of 16 December 2024) and the provinces sharing a land border
    (data/province_neighbours.json); see scripts/build_region_area.py and
    scripts/build_province_neighbours.py for where both come from."""
    from decimal import Decimal

    model = _model_getter(apps)
    figures = read_json("area.json")["area"]
    for name in ("Province", "Regency"):
        rows = model(name).objects.all()
        for row in rows:
            value = figures.get(row.code)
            row.area = Decimal(str(value)) if value is not None else None
        model(name).objects.bulk_update(rows, ["area"], batch_size=500)
    Province = model("Province")
    through = Province.neighbours.through
    through.objects.all().delete()
    known = set(Province.objects.values_list("code", flat=True))
    neighbours = read_json("province_neighbours.json")["neighbours"]
    through.objects.bulk_create(
        through(from_province_id=code, to_province_id=other)
        for code, others in neighbours.items()
        for other in others
        if code in known and other in known
    )


def load_english_names(apps=None):
    """Fill the English names that are still empty (never an editor's own)."""
    model = _model_getter(apps)
    vocab = read_json("reference.json")
    for model_name, key, field in [
        ("MinistryAgency", "ministries_and_agencies", "slug"),
        ("Sector", "sectors", "key"),
        ("ServiceChannel", "channels", "key"),
        ("FundingSource", "funding_sources", "key"),
        ("Stage", "stages", "key"),
        ("Status", "statuses", "key"),
    ]:
        if not _exists(apps, model_name):  # migrations before the model existed
            continue
        for row in vocab[key]:
            model(model_name).objects.filter(**{field: row[field]}, name_en="").update(
                name_en=row.get("name_en", "")
            )


def _exists(apps, model_name):
    from django.apps import apps as live_apps

    try:
        (apps or live_apps).get_model("innovations", model_name)
    except LookupError:
        return False
    return True


def _known(model, values):
    """The values the model has fields for: migrations before 0008 load into models without
    the English names."""
    names = {f.name for f in model._meta.get_fields()}
    return {k: v for k, v in values.items() if k in names}


def _model_getter(apps):
    if apps is not None:
        return lambda name: apps.get_model("innovations", name)
    from django.apps import apps as live_apps

    return lambda name: live_apps.get_model("innovations", name)


REFERENCE_MODELS = ("Province", "Regency", "MinistryAgency", "Sector", "ServiceChannel",
                    "FundingSource", "Stage", "Status")  # fmt: skip


def index_reference_data():
    """Put the reference rows into Wagtail's search index, which the admin's choosers search.

    The data migration writes them through historical models, which the index's signals
    never see; without this a coordinator finds no regency among 514 by typing its name."""
    from django.apps import apps
    from wagtail.search.backends import get_search_backends

    for backend in get_search_backends():
        for name in REFERENCE_MODELS:
            model = apps.get_model("innovations", name)
            backend.add_bulk(model, list(model.objects.all()))
