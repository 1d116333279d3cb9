"""A spreadsheet made with the admin in one language imports with the admin in the other:
headers and labels (level, language) are read in every interface language."""

import pytest
from django.utils import translation

from innovations.importing.columns import COLUMNS, match_headers
from innovations.importing.names import NameIndex


@pytest.mark.parametrize(("made_in", "read_in"), [("en", "id"), ("id", "en")])
def test_headers_written_in_one_language_are_read_in_the_other(made_in, read_in):
    with translation.override(made_in):
        headers = [str(column.header) for column in COLUMNS]
    with translation.override(read_in):
        found, problems = match_headers(headers)
    assert problems == []
    assert set(found) == {column.field for column in COLUMNS}


@pytest.mark.django_db
@pytest.mark.parametrize("read_in", ["id", "en"])
def test_levels_and_languages_are_read_in_either_language(read_in):
    with translation.override(read_in):
        names = NameIndex()
        assert names.levels.lookup("Kabupaten") == names.levels.lookup("Regency") == "kabupaten"
        assert names.languages.lookup("Bahasa Indonesia") == "id"
        assert names.languages.lookup("Indonesian") == "id"
