"""Seeds the synonym and acronym dictionary that coordinators then edit in the admin."""

import json
from pathlib import Path

from django.db import migrations

SEED = Path(__file__).resolve().parent.parent / "data" / "synonyms.json"


def seed(apps, schema_editor):
    Synonym = apps.get_model("hubsearch", "Synonym")
    if Synonym.objects.exists():
        return
    entries = json.loads(SEED.read_text(encoding="utf-8"))
    Synonym.objects.bulk_create(
        Synonym(terms=", ".join(e["terms"]), note=e.get("note", "")[:255]) for e in entries
    )


def unseed(apps, schema_editor):
    apps.get_model("hubsearch", "Synonym").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("hubsearch", "0002_engine_tables")]

    operations = [migrations.RunPython(seed, unseed)]
