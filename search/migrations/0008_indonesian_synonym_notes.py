"""The seeded synonym entries' notes in Indonesian, the language curators work in.

Migration 0003 seeded the notes in English; search/data/synonyms.json now carries them in
Indonesian for new databases, and this migration brings existing ones level. A note is
replaced only while it is still, word for word, the English that was seeded: a note a
curator has written or edited since is theirs and stays as it is. Going back restores the
English the same way, only where the note is still the Indonesian put here.
"""

import json
from pathlib import Path

from django.db import migrations

# [{"terms": first term (for the reader), "en": seeded note, "id": its Indonesian}]
NOTES = Path(__file__).resolve().parent.parent / "data" / "synonym_notes_english.json"


def _replace(apps, old, new):
    Synonym = apps.get_model("hubsearch", "Synonym")
    for pair in json.loads(NOTES.read_text(encoding="utf-8")):
        # update(), not save(): "diubah" in the curator's list keeps the curator's date
        Synonym.objects.filter(note=pair[old][:255]).update(note=pair[new][:255])


def to_indonesian(apps, schema_editor):
    _replace(apps, "en", "id")


def to_english(apps, schema_editor):
    _replace(apps, "id", "en")


class Migration(migrations.Migration):
    dependencies = [("hubsearch", "0007_document_vectors")]

    operations = [migrations.RunPython(to_indonesian, to_english)]
