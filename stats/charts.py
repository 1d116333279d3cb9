"""Server-rendered SVG charts: the geometry is computed here, the templates in
stats/templates/stats/includes/ draw it. No JavaScript; every chart has a table beside it.
"""

import math
from dataclasses import dataclass, field

from .tilemap import COLUMNS, ROWS, TILES

BAR_COLOUR = "#0b5394"  # 7.8:1 on white
TEXT_COLOUR = "#1b1f24"
MUTED_COLOUR = "#4a535e"
GRID_COLOUR = "#d0d7de"

# Sequential blues for the map; text on each keeps at least 4.5:1 (checked in the tests).
EMPTY_FILL = "#eceff2"
MAP_CLASSES = [
    # (fill, text colour)
    ("#d4e4f4", TEXT_COLOUR),
    ("#9ec3e6", TEXT_COLOUR),
    ("#5b95cf", TEXT_COLOUR),
    ("#2f6fae", "#ffffff"),
    ("#0b3a5d", "#ffffff"),
]


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


# --- tile-grid map --------------------------------------------------------------------------


@dataclass
class Tile:
    code: str
    abbr: str
    name: str
    count: int
    x: int
    y: int
    size: int
    fill: str
    text: str

    @property
    def centre(self):
        return self.x + self.size / 2

    @property
    def abbr_y(self):
        return self.y + (self.size * 0.42 if self.count else self.size * 0.58)

    @property
    def count_y(self):
        return self.y + self.size * 0.82


@dataclass
class LegendEntry:
    label: str
    fill: str


@dataclass
class TileMap:
    width: int
    height: int
    size: int
    tiles: list = field(default_factory=list)
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


def tile_map(province_rows, cell=48, gap=4):
    maximum = max((row.count for row in province_rows), default=0)
    bounds = class_breaks(maximum)
    # Spread the classes used over the whole palette, darkest for the top class.
    palette = MAP_CLASSES[len(MAP_CLASSES) - len(bounds) :] if bounds else []
    size = cell - gap
    tiles = []
    for row in province_rows:
        abbr, column, line = TILES[row.key]
        fill, text = EMPTY_FILL, MUTED_COLOUR
        for bound, (class_fill, class_text) in zip(bounds, palette, strict=True):
            if row.count and row.count <= bound:
                fill, text = class_fill, class_text
                break
        tiles.append(
            Tile(
                code=row.key,
                abbr=abbr,
                name=row.label,
                count=row.count,
                x=column * cell,
                y=line * cell,
                size=size,
                fill=fill,
                text=text,
            )
        )
    legend = [LegendEntry("0", EMPTY_FILL)]
    lower = 1
    for bound, (class_fill, _text) in zip(bounds, palette, strict=True):
        label = str(bound) if lower == bound else f"{lower}–{bound}"
        legend.append(LegendEntry(label, class_fill))
        lower = bound + 1
    return TileMap(
        width=COLUMNS * cell - gap, height=ROWS * cell - gap, size=size, tiles=tiles, legend=legend
    )
