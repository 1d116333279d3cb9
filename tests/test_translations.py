"""The English catalogue is sound and the committed django.mo is compiled from all of it.

Indonesian is the source language; an English reader sees whatever locale/en holds.
tests/test_i18n_seo.py checks that no entry is untranslated or fuzzy; this file adds what
it leaves out: every placeholder form (%(n)d, %s, {name}) and both plural forms keep their
placeholders, and django.mo holds exactly the .po's catalogue (a stale plural form or an
entry the .po no longer has counts too). `make messages`, then scripts/po_todo.py, fix it.
"""

import gettext
import re
from pathlib import Path

import polib
import pytest

LOCALE = Path(__file__).resolve().parent.parent / "locale/en/LC_MESSAGES"
PO_PATH = LOCALE / "django.po"
MO_PATH = LOCALE / "django.mo"

# %(name)s-style and bare %s/%d placeholders, and {name} ones; "%%" is a literal percent.
PLACEHOLDER = re.compile(r"%\(\w+\)[sdrfi]|%[sdrfi]|\{\w*\}")


@pytest.fixture(scope="module")
def catalogue():
    return polib.pofile(str(PO_PATH))


def _label(entry):
    where = ", ".join(path for path, _line in entry.occurrences[:2])
    return f"{entry.msgid!r} ({where})"


def _translations(entry):
    if entry.msgid_plural:
        return [entry.msgstr_plural.get(i, "") for i in range(2)]
    return [entry.msgstr]


def test_translations_keep_the_placeholders(catalogue):
    """A lost or renamed placeholder raises KeyError or drops a value at run time."""
    wrong = []
    for entry in catalogue:
        if entry.obsolete or not entry.msgid:
            continue
        sources = [entry.msgid, entry.msgid_plural] if entry.msgid_plural else [entry.msgid]
        expected = {p for source in sources for p in PLACEHOLDER.findall(source)}
        for text in _translations(entry):
            if text and set(PLACEHOLDER.findall(text)) != expected:
                wrong.append(f"{_label(entry)} -> {text!r}")
    assert not wrong, "placeholders differ:\n" + "\n".join(wrong)


def test_committed_mo_is_compiled_from_the_po(catalogue, tmp_path):
    """django.mo holds exactly the .po's translations: compile the .po afresh and compare
    the two catalogues (not the bytes: msgfmt and polib order the file differently)."""
    fresh = tmp_path / "django.mo"
    catalogue.save_as_mofile(str(fresh))
    with MO_PATH.open("rb") as committed, fresh.open("rb") as compiled:
        have = gettext.GNUTranslations(committed)._catalog
        want = gettext.GNUTranslations(compiled)._catalog
    have.pop("", None)  # the header: dates differ between compilers' runs
    want.pop("", None)
    stale = sorted(str(k) for k in want.keys() - have.keys())
    changed = sorted(str(k) for k in want.keys() & have.keys() if want[k] != have[k])
    extra = sorted(str(k) for k in have.keys() - want.keys())
    assert not (stale or changed or extra), (
        "django.mo is out of date: run `make messages` (compilemessages).\n"
        f"missing from .mo: {stale[:10]}\nchanged: {changed[:10]}\nonly in .mo: {extra[:10]}"
    )


# The names makemessages passes to xgettext as keywords (django.core.management.commands.
# makemessages), besides the plain gettext and ngettext; `_` is xgettext's own.
EXTRACTED_NAMES = {
    "_", "gettext", "ngettext", "gettext_noop", "gettext_lazy", "ngettext_lazy",
    "pgettext", "npgettext", "pgettext_lazy", "npgettext_lazy",
}  # fmt: skip
TRANSLATION_IMPORT = re.compile(
    r"^from django\.utils\.translation import (?P<names>[^\n(]+)$", re.MULTILINE
)
OWN_CODE = ("alerts", "backups", "bench", "home", "innovations", "insights", "jipp_site",
            "pagecache", "replication", "search", "seo", "shortlist", "stats")  # fmt: skip


def test_every_translated_string_is_one_makemessages_extracts():
    """A string marked through an alias xgettext does not know (`gettext_lazy as _lazy`) is
    never extracted: `make messages` then drops its English and readers of /en/ see
    Indonesian ("very similar" became "sangat serupa" that way)."""
    root = Path(__file__).resolve().parent.parent
    unknown = []
    for folder in OWN_CODE:
        for path in (root / folder).rglob("*.py"):
            for match in TRANSLATION_IMPORT.finditer(path.read_text(encoding="utf-8")):
                for name in match["names"].split(","):
                    _imported, _as, alias = name.strip().partition(" as ")
                    if alias and alias.strip() not in EXTRACTED_NAMES:
                        unknown.append(f"{path.relative_to(root)}: {name.strip()}")
    assert not unknown, f"aliases makemessages does not extract: {unknown}"
