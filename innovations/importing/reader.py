"""Reads an import file into (line number, parsed object or error) pairs."""

import codecs
import json
from dataclasses import dataclass, field


@dataclass
class RawLine:
    number: int
    data: object = None
    error: str = ""
    # (field, reason) found while turning a spreadsheet row into a record.
    problems: list = field(default_factory=list)


def read_jsonl(path):
    """Yield a RawLine per non-blank line; bad bytes or bad JSON become errors, not exceptions."""
    with open(path, "rb") as handle:
        for number, raw in enumerate(handle, start=1):
            if number == 1 and raw.startswith(codecs.BOM_UTF8):
                # Editors on Windows often save UTF-8 with a byte-order mark.
                raw = raw[len(codecs.BOM_UTF8) :]
            if not raw.strip():
                continue
            try:
                text = raw.decode("utf-8")
            except UnicodeDecodeError as exc:
                yield RawLine(number, error=f"bukan UTF-8 yang sah (byte ke-{exc.start + 1})")
                continue
            try:
                yield RawLine(number, data=json.loads(text))
            except json.JSONDecodeError as exc:
                yield RawLine(number, error=f"JSON tidak valid: {exc.msg} (kolom {exc.colno})")
            except ValueError as exc:
                # e.g. an integer literal longer than Python's 4300-digit conversion limit.
                yield RawLine(number, error=f"JSON tidak valid: {exc}")
            except RecursionError:
                yield RawLine(number, error="JSON tidak valid: struktur bersarang terlalu dalam")
