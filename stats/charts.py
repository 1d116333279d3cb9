"""Server-rendered SVG charts: the geometry is computed here, the templates in
stats/templates/stats/includes/ draw it. No JavaScript; every chart has a table beside it.

The province map's outlines are in stats/data/provinces.svg.json (made once by
scripts/build_province_map.py; sources and licences in stats/data/README.md).
"""

import functools
import json
import math
from dataclasses import dataclass, field
from pathlib import Path

BAR_COLOUR = "#0b5394"  # 7.8:1 on white
TEXT_COLOUR = "#1b1f24"
MUTED_COLOUR = "#4a535e"
GRID_COLOUR = "#d0d7de"

# Sequential blues for the map, lightest for the fewest innovations. No text is drawn on the
# map (names and counts are in each province's <title> and in the table), so the classes only
# need to tell apart from one another and from the empty provinces.
EMPTY_FILL = "#f5f6f7"
MAP_CLASSES = ["#c6dbef", "#8dbbe2", "#4f8cc9", "#24609e", "#0b3a5d"]
MAP_DATA = Path(__file__).resolve().parent / "data" / "provinces.svg.json"


def nice_step(maximum, target_ticks=5):
    """A round step (1, 2, 5 x 10^n) giving about `target_ticks` gridlines up to `maximum`."""
    if maximum <= 0:
        return 1
    raw = maximum / target_ticks
    magnitude = 10 ** math.floor(math.log10(raw))
    for multiple in (1, 2, 5, 10):
        step = multiple * magnitude
        if step >= raw:
            return max(1, int(step))
    return max(1, int(10 * magnitude))


# --- horizontal bars (sectors, channels) ----------------------------------------------------


@dataclass
class Bar:
    label: str
    count: int
    label_y: float
    y: float
    width: float
    value_x: float
    value_y: float


@dataclass
class BarChart:
    width: int
    height: int
    bar_height: int
    bars: list = field(default_factory=list)


def bar_chart(rows, width=360):
    """One row per item: its label on a line of its own (long sector names fit on a phone),
    the bar below it, the count at the bar's end."""
    row_height, bar_height, label_gap = 46, 16, 18
    value_space = 44
    maximum = max((row.count for row in rows), default=0) or 1
    scale = (width - value_space) / maximum
    bars = []
    for index, row in enumerate(rows):
        top = index * row_height
        bar_width = round(row.count * scale, 1)
        bar_y = top + label_gap + 4
        bars.append(
            Bar(
                label=row.label,
                count=row.count,
                label_y=top + label_gap - 2,
                y=bar_y,
                width=max(bar_width, 1 if row.count else 0),
                value_x=bar_width + 6,
                value_y=bar_y + bar_height - 3,
            )
        )
    return BarChart(
        width=width, height=len(rows) * row_height + 4, bar_height=bar_height, bars=bars
    )


# --- columns (years) ------------------------------------------------------------------------


@dataclass
class Column:
    label: str
    count: int
    x: float
    y: float
    width: float
    height: float
    centre: float
    value_y: float
    show_label: bool
    show_value: bool


@dataclass
class Tick:
    value: int
    y: float


@dataclass
class ColumnChart:
    width: int
    height: int
    plot_left: int
    plot_right: int
    baseline: float
    label_y: float
    tick_label_x: int
    columns: list = field(default_factory=list)
    ticks: list = field(default_factory=list)


def column_chart(rows, width=360, height=220):
    left, right, top, bottom = 30, 4, 18, 28
    plot_width = width - left - right
    plot_height = height - top - bottom
    maximum = max((row.count for row in rows), default=0)
    step = nice_step(maximum)
    ceiling = max(step, math.ceil(maximum / step) * step)
    slot = plot_width / max(len(rows), 1)
    # Year labels are about 30 units wide at this size: label every n-th column.
    label_every = max(1, math.ceil(32 / slot))
    baseline = top + plot_height
    columns = []
    for index, row in enumerate(rows):
        column_height = round(plot_height * row.count / ceiling, 1)
        column_width = round(slot * 0.68, 1)
        x = left + index * slot + (slot - column_width) / 2
        columns.append(
            Column(
                label=row.label,
                count=row.count,
                x=round(x, 1),
                y=round(baseline - column_height, 1),
                width=column_width,
                height=column_height,
                centre=round(left + index * slot + slot / 2, 1),
                value_y=round(baseline - column_height - 5, 1),
                show_label=(len(rows) - 1 - index) % label_every == 0,
                show_value=bool(row.count) and slot >= 16,
            )
        )
    ticks = [
        Tick(value=value, y=round(baseline - plot_height * value / ceiling, 1))
        for value in range(0, ceiling + 1, step)
    ]
    return ColumnChart(
        width=width,
        height=height,
        plot_left=left,
        plot_right=width - right,
        baseline=baseline,
        label_y=baseline + 18,
        tick_label_x=left - 6,
        columns=columns,
        ticks=ticks,
    )


# --- province map ---------------------------------------------------------------------------


@functools.cache
def province_outlines():
    """{"width", "height", "context", "provinces": {code: {"d", "marker"?}}}, read once."""
    return json.loads(MAP_DATA.read_text(encoding="utf-8"))


@dataclass
class Marker:
    """A circle out at sea for a province too small to see, with a line to the province."""

    cx: float
    cy: float
    r: float
    x: float
    y: float


@dataclass
class ProvinceShape:
    code: str
    name: str
    count: int
    d: str
    fill: str
    marker: Marker | None = None


@dataclass
class LegendEntry:
    label: str
    fill: str


@dataclass
class ProvinceMap:
    width: float
    height: float
    context: str
    provinces: list = field(default_factory=list)
    legend: list = field(default_factory=list)


def class_breaks(maximum, classes=None):
    """Upper bounds of the shading classes: equal steps up to the largest count, without
    repeats (so a small maximum gives fewer classes)."""
    classes = classes or len(MAP_CLASSES)
    bounds = []
    for index in range(1, classes + 1):
        bound = math.ceil(maximum * index / classes)
        if bound and bound not in bounds:
            bounds.append(bound)
    return bounds


def province_map(province_rows):
    """One shape per province row that has an outline, shaded by its count. A province the
    outlines do not know (none today) is left off the map; the table still lists it."""
    outlines = province_outlines()
    maximum = max((row.count for row in province_rows), default=0)
    bounds = class_breaks(maximum)
    # Spread the classes used over the whole palette, darkest for the top class.
    palette = MAP_CLASSES[len(MAP_CLASSES) - len(bounds) :] if bounds else []
    provinces = []
    for row in province_rows:
        outline = outlines["provinces"].get(row.key)
        if outline is None:
            continue
        fill = EMPTY_FILL
        for bound, class_fill in zip(bounds, palette, strict=True):
            if row.count and row.count <= bound:
                fill = class_fill
                break
        marker = outline.get("marker")
        provinces.append(
            ProvinceShape(
                code=row.key,
                name=row.label,
                count=row.count,
                d=outline["d"],
                fill=fill,
                marker=Marker(**marker) if marker else None,
            )
        )
    legend = [LegendEntry("0", EMPTY_FILL)]
    lower = 1
    for bound, class_fill in zip(bounds, palette, strict=True):
        label = str(bound) if lower == bound else f"{lower}–{bound}"
        legend.append(LegendEntry(label, class_fill))
        lower = bound + 1
    return ProvinceMap(
        width=outlines["width"],
        height=outlines["height"],
        context=outlines["context"],
        provinces=provinces,
        legend=legend,
    )
