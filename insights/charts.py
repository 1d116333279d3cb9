"""Charts as server-rendered SVG: no script, nothing for a Content-Security-Policy to
refuse, readable by screen readers through each shape's <title>. These functions compute
the geometry; templates/insights/includes/*_chart.html draw it."""

from django.utils.formats import date_format

WIDTH = 720
LABEL_WIDTH = 270  # horizontal bars: the query's column
ROW_HEIGHT = 24
COLUMN_HEIGHT = 180  # daily columns: the plot's height
AXIS = 40  # room for the vertical axis labels
FOOT = 24  # room for the dates under the columns
MAX_LABEL = 32  # characters of a query shown beside its bar


def _short(text):
    return text if len(text) <= MAX_LABEL else text[: MAX_LABEL - 1] + "…"


def bars(rows, label_key, value_key):
    """Horizontal bars, one per row: {width, height, bars: [{y, width, label, value}]}."""
    top = max((row[value_key] for row in rows), default=0) or 1
    room = WIDTH - LABEL_WIDTH - 60
    return {
        "width": WIDTH,
        "height": ROW_HEIGHT * len(rows) + 8,
        "label_width": LABEL_WIDTH,
        "label_x": LABEL_WIDTH - 8,
        "bars": [
            {
                "y": 4 + i * ROW_HEIGHT,
                "text_y": 4 + i * ROW_HEIGHT + ROW_HEIGHT * 0.65,
                "width": max(1, round(room * row[value_key] / top)),
                "value_x": LABEL_WIDTH + 6 + max(1, round(room * row[value_key] / top)),
                "label": _short(row[label_key]),
                "full_label": row[label_key],
                "value": row[value_key],
            }
            for i, row in enumerate(rows)
        ],
    }


def columns(days):
    """Daily columns of searches with their zero-result part, from reports.daily()."""
    top = max((searches for _, searches, _ in days), default=0) or 1
    step = (WIDTH - AXIS) / max(len(days), 1)
    width = max(1.0, step * 0.8)
    columns = []
    for i, (day, searches, zero) in enumerate(days):
        height = COLUMN_HEIGHT * searches / top
        zero_height = COLUMN_HEIGHT * zero / top
        columns.append(
            {
                "x": round(AXIS + i * step, 2),
                "width": round(width, 2),
                "y": round(COLUMN_HEIGHT - height, 2),
                "height": round(height, 2),
                "zero_y": round(COLUMN_HEIGHT - zero_height, 2),
                "zero_height": round(zero_height, 2),
                "day": date_format(day, "j M"),
                "searches": searches,
                "zero": zero,
            }
        )
    labelled = {0, len(columns) // 2, len(columns) - 1} if columns else set()
    return {
        "width": WIDTH,
        "height": COLUMN_HEIGHT + FOOT,
        "plot_height": COLUMN_HEIGHT,
        "axis": AXIS,
        "axis_label_x": AXIS - 6,
        "label_y": COLUMN_HEIGHT + FOOT - 6,
        "top": top,
        "columns": columns,
        # First, middle and last day; the outer ones aligned to the plot's edges.
        "labels": [
            {
                "x": round(
                    c["x"]
                    + (0 if i == 0 else c["width"] if i == len(columns) - 1 else c["width"] / 2),
                    2,
                ),
                "anchor": "start" if i == 0 else "end" if i == len(columns) - 1 else "middle",
                "text": c["day"],
            }
            for i, c in enumerate(columns)
            if i in labelled
        ],
    }
