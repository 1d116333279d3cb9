"""A spreadsheet's rows as import rows: names turned into codes (columns.row_to_record),
new innovations given an id, each row kept as a plain dict (an admin import job stores
them until the coordinator confirms) and read back as reader.RawLine for run_import."""

from django.utils.text import slugify
from django.utils.translation import gettext as _

from innovations.models import InnovationPage

from .columns import match_headers, row_to_record
from .names import NameIndex
from .reader import RawLine
from .spreadsheet import SpreadsheetError


def sheet_rows(sheet, default_hub=""):
    """Import rows (as dicts) from a Sheet; a header row that cannot be matched is a
    SpreadsheetError."""
    positions, header_problems = match_headers(sheet.header)
    if header_problems:
        raise SpreadsheetError(
            _("Baris judul kolom tidak sesuai templat: %(problems)s. Unduh templat untuk "
              "melihat judul kolom yang benar.")
            % {"problems": "; ".join(f"{header!r}: {reason}" for header, reason in header_problems)}
        )  # fmt: skip
    names = NameIndex()
    rows, used = [], set()
    taken = set(InnovationPage.objects.values_list("slug", flat=True))
    for number, cells in sheet.rows:
        record, problems = row_to_record(cells, positions, names, default_hub)
        if not record.get("id") and isinstance(record.get("title"), str):
            record["id"] = _free_slug(record["title"], taken | used)
        if isinstance(record.get("id"), str):
            used.add(record["id"])
        rows.append({"number": number, "data": record, "problems": problems})
    return rows


def raw_line(row):
    return RawLine(row["number"], data=row["data"], problems=[tuple(p) for p in row["problems"]])


def _free_slug(title, taken):
    """A new innovation's id from its title, never one already in use: a row without an
    id is a new innovation and must not overwrite one that happens to share its title."""
    base = slugify(title)[:80].strip("-") or "inovasi"
    slug, n = base, 2
    while slug in taken:
        slug, n = f"{base}-{n}", n + 1
    return slug
