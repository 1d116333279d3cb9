"""CSV downloads of the reports, safe to open in a spreadsheet."""

import csv

from django.http import HttpResponse
from django.utils import timezone

# A cell a spreadsheet would run as a formula (=HYPERLINK(...), +cmd, -1+1, @SUM): the
# queries are typed by the public, so such a cell is written with a leading apostrophe.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value):
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def csv_response(name, header, rows):
    """rows: lists of cell values in the order of `header`."""
    stamp = timezone.localdate().isoformat()
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{name}-{stamp}.csv"'
    response.write("\ufeff")  # so that spreadsheet programs read UTF-8
    writer = csv.writer(response)
    writer.writerow(header)
    for row in rows:
        writer.writerow([safe_cell(value) for value in row])
    return response
