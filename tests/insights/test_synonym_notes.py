"""The seeded synonym entries' notes are Indonesian on the curator's "Sinonim dan akronim"
screen, and the migration that translated existing databases' notes left alone every note
a curator wrote."""

import importlib
import json
from pathlib import Path

from django.apps import apps
from django.conf import settings

from search.models import Synonym

from .conftest import as_user

SNIPPETS = "/admin/sinonim/"
DATA = Path(settings.BASE_DIR) / "search" / "data"
MIGRATION = importlib.import_module("search.migrations.0008_indonesian_synonym_notes")


def seeded_pairs():
    return json.loads((DATA / "synonym_notes_english.json").read_text(encoding="utf-8"))


def test_the_seed_and_the_translation_agree():
    seed = json.loads((DATA / "synonyms.json").read_text(encoding="utf-8"))
    pairs = seeded_pairs()
    assert [e["note"] for e in seed] == [p["id"] for p in pairs]
    assert [e["terms"][0] for e in seed] == [p["terms"] for p in pairs]
    assert len({p["en"] for p in pairs}) == len(pairs)  # one Indonesian for each English


def test_the_curator_reads_the_seeded_notes_in_indonesian(client, world):
    english = {p["en"] for p in seeded_pairs()}
    assert not Synonym.objects.filter(note__in=english).exists()
    as_user(client, world.people.national)

    page = client.get(SNIPPETS, {"q": "1000 HPK"}).content.decode()

    assert "Seribu hari pertama kehidupan." in page
    assert "First 1000 days of life" not in page


def test_the_migration_translates_only_notes_still_as_seeded(world):
    pairs = {p["terms"]: p for p in seeded_pairs()}
    untouched = Synonym.objects.get(terms__startswith="1000 HPK")
    edited = Synonym.objects.get(terms__startswith="KTP-el")
    Synonym.objects.filter(pk=untouched.pk).update(note=pairs["1000 HPK"]["en"])
    own_words = pairs["KTP-el"]["en"] + " Also asked for as 'KTP chip'."
    Synonym.objects.filter(pk=edited.pk).update(note=own_words)
    dates = dict(Synonym.objects.values_list("pk", "updated_at"))

    MIGRATION.to_indonesian(apps, None)

    untouched.refresh_from_db()
    edited.refresh_from_db()
    assert untouched.note == "Seribu hari pertama kehidupan."
    assert edited.note == own_words
    assert dict(Synonym.objects.values_list("pk", "updated_at")) == dates

    MIGRATION.to_english(apps, None)
    untouched.refresh_from_db()
    assert untouched.note == "First 1000 days of life."
