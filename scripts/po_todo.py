"""List or fill the English catalogue's open entries (untranslated or fuzzy).

    python scripts/po_todo.py list            # open entries as JSON, for translating
    python scripts/po_todo.py apply FILE.json # {msgid: msgstr or [singular, plural]}

`apply` writes each given translation, clears its fuzzy flag and the previous msgid that
makemessages kept for it, and leaves every other entry as it was. A key may carry a
context as "context\\x04msgid", as gettext itself joins them. Run `make messages` after
applying so that django.mo is compiled from the result.
"""

import json
import sys
from pathlib import Path

import polib

PO_PATH = Path(__file__).resolve().parent.parent / "locale/en/LC_MESSAGES/django.po"


def entry_key(entry):
    return f"{entry.msgctxt}\x04{entry.msgid}" if entry.msgctxt else entry.msgid


def is_open(entry):
    if entry.obsolete:
        return False
    if "fuzzy" in entry.flags:
        return True
    if entry.msgid_plural:
        return not all(entry.msgstr_plural.values())
    return not entry.msgstr


def list_open(po):
    rows = []
    for entry in po:
        if not is_open(entry):
            continue
        row = {"msgid": entry_key(entry), "where": entry.occurrences[:2]}
        if entry.msgid_plural:
            row["msgid_plural"] = entry.msgid_plural
        if "fuzzy" in entry.flags:
            row["fuzzy_guess"] = entry.msgstr or dict(entry.msgstr_plural)
            row["previous_msgid"] = entry.previous_msgid
        rows.append(row)
    return rows


def apply(po, translations):
    by_key = {entry_key(entry): entry for entry in po if not entry.obsolete}
    missing = [key for key in translations if key not in by_key]
    for key, text in translations.items():
        entry = by_key.get(key)
        if entry is None:
            continue
        if entry.msgid_plural:
            if not isinstance(text, list) or len(text) != 2:
                raise SystemExit(f"plural entry needs [singular, plural]: {key!r}")
            entry.msgstr_plural = {0: text[0], 1: text[1]}
        else:
            entry.msgstr = text
        if "fuzzy" in entry.flags:
            entry.flags.remove("fuzzy")
        entry.previous_msgid = None
        entry.previous_msgid_plural = None
        entry.previous_msgctxt = None
    return missing


def main(argv):
    po = polib.pofile(str(PO_PATH), wrapwidth=79)
    if argv[1:2] == ["list"]:
        json.dump(list_open(po), sys.stdout, ensure_ascii=False, indent=1)
        print()
        return 0
    if argv[1:2] == ["apply"] and len(argv) == 3:
        translations = json.loads(Path(argv[2]).read_text(encoding="utf-8"))
        missing = apply(po, translations)
        po.save()
        for key in missing:
            print(f"not in the catalogue: {key!r}", file=sys.stderr)
        print(f"{len(list_open(po))} entries still open", file=sys.stderr)
        return 0
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv))
