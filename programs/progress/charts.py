"""Charts drawn on the server as SVG: series in, accessible markup out.

Pure Python with no Django and no JavaScript: a page puts each chart's `svg` inside a
<figure> with a text summary and the data as a table, and the browser only paints it.

The SVG carries geometry and presentation attributes (stroke-width, font-size) only. Every
colour comes from CSS classes (`chart-line`, `chart-point`, `chart-bar`, `chart-grid`,
`chart-tick`, and the `increase` / `reduction` markers) styled in static/css/app.css with
`currentColor` and the theme variables, so the same markup reads in light and dark mode and
passes a strict Content-Security-Policy (no style attributes). A `viewBox` lets the chart
scale to any width, phone or desk.

Every piece of text that reaches the markup — titles, descriptions, tick labels, point
titles, ids — is escaped here, so labels that came from people (an exercise named
`<script>`) can never become markup.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from html import escape

# The drawing's own coordinate system; CSS scales it to the width of the page.
WIDTH = 400
HEIGHT = 200
LEFT = 44  # room for the y tick labels
RIGHT = 14
TOP = 22  # room for the unit above the y axis
BOTTOM = 26  # room for the x tick labels
FONT_SIZE = 12
POINT_RADIUS = 3.5
MARKER_SIZE = 6.5
MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
# Past this many days the x axis names months ("Mar 2026") rather than days ("5 Mar").
MONTH_LABELS_AFTER_DAYS = 180
MARKERS = ("", "increase", "reduction")


class Svg(str):
    """Markup built by this module with every text escaped.

    `__html__` is the convention Django's templates (and markupsafe) use to recognise text
    that is already safe HTML, so `{{ chart.svg }}` renders as markup without a `|safe`.
    """

    __slots__ = ()

    def __html__(self) -> str:
        return str(self)


def _text(value: object) -> str:
    return escape(str(value), quote=True)


def _coord(value: float) -> str:
    """Coordinates with at most two decimals: short markup, no float noise."""
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return "0" if text == "-0" else text


def number_label(value: float) -> str:
    """A tick value as people write it: 10 → "10", 2.5 → "2.5", 0.30000000004 → "0.3"."""
    rounded = round(value, 6)
    if rounded == int(rounded):
        return str(int(rounded))
    return f"{rounded:g}"


def short_date(day: date, *, months: bool = False) -> str:
    """ "5 Mar" for a date, or "Mar 2026" when the axis spans many months."""
    if months:
        return f"{MONTHS[day.month - 1]} {day.year}"
    return f"{day.day} {MONTHS[day.month - 1]}"


# --- scales ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class LinearScale:
    """Maps values in `domain` linearly onto `range` (pixels; the range may run backwards,
    as a y axis does). A domain of one value maps to the middle of the range."""

    domain: tuple[float, float]
    range: tuple[float, float]

    def __call__(self, value: float) -> float:
        low, high = self.domain
        start, end = self.range
        if high == low:
            return (start + end) / 2
        return start + (value - low) * (end - start) / (high - low)


def nice_step(span: float, intervals: int) -> float:
    """The round step (1, 2, 2.5 or 5 × a power of ten) that cuts `span` into at most about
    `intervals` pieces."""
    raw = span / max(intervals, 1)
    magnitude = 10 ** math.floor(math.log10(raw))
    for multiple in (1, 2, 2.5, 5):
        if raw <= multiple * magnitude * (1 + 1e-9):
            return multiple * magnitude
    return 10 * magnitude


def nice_ticks(low: float, high: float, intervals: int = 4) -> list[float]:
    """Round tick values from at or below `low` to at or above `high`.

    The first and last ticks are the axis bounds, so every value is on the chart. A single
    value gets some room either side; values that are never negative (loads, reps, seconds)
    never get a negative tick.
    """
    low, high = min(low, high), max(low, high)
    if high == low:
        pad = abs(low) * 0.1 or 1.0
        low, high = (low - pad if low - pad >= 0 or low < 0 else 0.0), high + pad
    step = nice_step(high - low, intervals)
    start = math.floor(low / step + 1e-9) * step
    stop = math.ceil(high / step - 1e-9) * step
    count = round((stop - start) / step)
    return [round(start + index * step, 9) for index in range(count + 1)]


@dataclass(frozen=True)
class Tick:
    position: float  # pixels along its axis
    label: str


def _edge_anchor(index: int, count: int) -> str:
    """Labels at either end of the x axis lean inwards so they are never cut off."""
    if count > 1 and index == 0:
        return "start"
    if count > 1 and index == count - 1:
        return "end"
    return "middle"


def _every(count: int, most: int) -> list[int]:
    """Every k-th index out of `count`, from the first, with k chosen so at most `most` are
    picked: labels at an even rhythm under the bars."""
    step = math.ceil(count / most)
    return list(range(0, count, step))


# --- drawing ---------------------------------------------------------------------------------


def _open_svg(chart_id: str, title: str, description: str) -> list[str]:
    chart_id = _text(chart_id)
    return [
        f'<svg class="chart-svg" viewBox="0 0 {WIDTH} {HEIGHT}" width="100%" role="img" '
        f'aria-labelledby="{chart_id}-title" aria-describedby="{chart_id}-desc" '
        f'font-size="{FONT_SIZE}">',
        f'<title id="{chart_id}-title">{_text(title)}</title>',
        f'<desc id="{chart_id}-desc">{_text(description)}</desc>',
    ]


def _axes(
    y_ticks: Sequence[Tick], x_ticks: Sequence[Tick], unit: str, *, edge_labels: bool = True
) -> list[str]:
    """Grid lines, tick labels and the unit. `edge_labels` leans the first and last x labels
    inwards, for axes whose ends are the first and last values (not bar centres)."""
    parts = ['<g class="chart-grid" stroke-width="1">']
    for tick in y_ticks:
        y = _coord(tick.position)
        parts.append(f'<line x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{y}" y2="{y}"/>')
    parts.append("</g>")
    parts.append('<g class="chart-tick">')
    if unit:
        parts.append(f'<text x="{LEFT - 6}" y="{TOP - 9}" text-anchor="end">{_text(unit)}</text>')
    for tick in y_ticks:
        parts.append(
            f'<text x="{LEFT - 6}" y="{_coord(tick.position + 4)}" text-anchor="end">'
            f"{_text(tick.label)}</text>"
        )
    for index, tick in enumerate(x_ticks):
        anchor = _edge_anchor(index, len(x_ticks)) if edge_labels else "middle"
        parts.append(
            f'<text x="{_coord(tick.position)}" y="{HEIGHT - 8}" text-anchor="{anchor}">'
            f"{_text(tick.label)}</text>"
        )
    parts.append("</g>")
    return parts


def _y_axis(values: Sequence[float], intervals: int = 4) -> tuple[LinearScale, list[Tick]]:
    ticks = nice_ticks(min(values), max(values), intervals)
    scale = LinearScale((ticks[0], ticks[-1]), (HEIGHT - BOTTOM, TOP))
    return scale, [Tick(scale(value), number_label(value)) for value in ticks]


# --- line charts -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Datum:
    """One value on a line chart: `when` along the x axis, `value` up the y axis. `title` is
    what a pointer resting on the point shows; `marker` draws the point as a triangle up
    ("increase") or down ("reduction") instead of a dot."""

    when: date
    value: float
    title: str
    marker: str = ""

    def __post_init__(self) -> None:
        if self.marker not in MARKERS:
            raise ValueError(f"Unknown marker {self.marker!r}; use one of {MARKERS}.")


@dataclass(frozen=True)
class PlottedPoint:
    x: float
    y: float
    datum: Datum


@dataclass(frozen=True)
class LineChart:
    """A series over time as geometry: its points, ticks, and the SVG that draws them."""

    chart_id: str
    title: str
    description: str
    unit: str
    points: tuple[PlottedPoint, ...]
    y_ticks: tuple[Tick, ...]
    x_ticks: tuple[Tick, ...]

    @property
    def polyline(self) -> str:
        """The SVG `points` attribute: "x,y x,y ..." in date order."""
        return " ".join(f"{_coord(p.x)},{_coord(p.y)}" for p in self.points)

    @property
    def svg(self) -> Svg:
        parts = _open_svg(self.chart_id, self.title, self.description)
        parts += _axes(self.y_ticks, self.x_ticks, self.unit)
        parts.append(
            f'<polyline class="chart-line" fill="none" stroke-width="2" '
            f'stroke-linejoin="round" points="{self.polyline}"/>'
        )
        parts.append('<g class="chart-points">')
        parts += [_point(point) for point in self.points]
        parts.append("</g></svg>")
        return Svg("".join(parts))


def _point(point: PlottedPoint) -> str:
    x, y, title = point.x, point.y, _text(point.datum.title)
    marker = point.datum.marker
    if marker == "":
        return (
            f'<circle class="chart-point" cx="{_coord(x)}" cy="{_coord(y)}" '
            f'r="{POINT_RADIUS}"><title>{title}</title></circle>'
        )
    # A triangle pointing the way the load went, so the mark reads without colour too.
    size = MARKER_SIZE
    tip = y - size if marker == "increase" else y + size
    base = y + size * 0.7 if marker == "increase" else y - size * 0.7
    corners = f"{_coord(x)},{_coord(tip)} {_coord(x - size)},{_coord(base)} " + (
        f"{_coord(x + size)},{_coord(base)}"
    )
    return (
        f'<polygon class="chart-point {marker}" stroke-width="1.5" points="{corners}">'
        f"<title>{title}</title></polygon>"
    )


def _date_ticks(first: date, last: date, scale: LinearScale) -> list[Tick]:
    span = (last - first).days
    months = span > MONTH_LABELS_AFTER_DAYS
    if span == 0:
        return [Tick(scale(first.toordinal()), short_date(first))]
    days = [first + timedelta(days=round(span * i / 3)) for i in range(4)]
    if span < 3:
        days = [first, last]
    return [Tick(scale(day.toordinal()), short_date(day, months=months)) for day in days]


def line_chart(
    data: Sequence[Datum],
    *,
    chart_id: str,
    title: str,
    description: str,
    unit: str = "",
) -> LineChart:
    """Values over time, placed by date so a break in training shows as a gap in time.

    The y axis spans round numbers around the values (it need not start at zero, so small
    steps in load stay visible); the x axis runs from the first date to the last.
    """
    if not data:
        raise ValueError("A line chart needs at least one value.")
    ordered = sorted(data, key=lambda d: d.when)
    y_scale, y_ticks = _y_axis([d.value for d in ordered])
    first, last = ordered[0].when, ordered[-1].when
    x_scale = LinearScale((first.toordinal(), last.toordinal()), (LEFT + 8, WIDTH - RIGHT - 8))
    points = tuple(PlottedPoint(x_scale(d.when.toordinal()), y_scale(d.value), d) for d in ordered)
    return LineChart(
        chart_id=chart_id,
        title=title,
        description=description,
        unit=unit,
        points=points,
        y_ticks=tuple(y_ticks),
        x_ticks=tuple(_date_ticks(first, last, x_scale)),
    )


# --- bar charts ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Bar:
    """One bar: `label` names its slot on the x axis; `value` None leaves the slot empty (a
    week with nothing to measure is not a zero)."""

    label: str
    value: float | None
    title: str


@dataclass(frozen=True)
class PlacedBar:
    x: float
    y: float
    width: float
    height: float
    bar: Bar


@dataclass(frozen=True)
class BarChart:
    chart_id: str
    title: str
    description: str
    unit: str
    bars: tuple[PlacedBar, ...]
    y_ticks: tuple[Tick, ...]
    x_ticks: tuple[Tick, ...]

    @property
    def svg(self) -> Svg:
        parts = _open_svg(self.chart_id, self.title, self.description)
        parts += _axes(self.y_ticks, self.x_ticks, self.unit, edge_labels=False)
        parts.append('<g class="chart-bars">')
        for placed in self.bars:
            if placed.bar.value is None:
                continue
            # A zero still gets a sliver, so "measured: none" differs from "nothing to measure".
            height = max(placed.height, 1.5)
            parts.append(
                f'<rect class="chart-bar" x="{_coord(placed.x)}" '
                f'y="{_coord(placed.y + placed.height - height)}" '
                f'width="{_coord(placed.width)}" height="{_coord(height)}">'
                f"<title>{_text(placed.bar.title)}</title></rect>"
            )
        parts.append("</g></svg>")
        return Svg("".join(parts))


def bar_chart(
    bars: Sequence[Bar],
    *,
    chart_id: str,
    title: str,
    description: str,
    unit: str = "",
    y_max: float | None = None,
    y_intervals: int = 4,
) -> BarChart:
    """Bars in the order given, each in an equal slot; the y axis starts at zero and runs to
    `y_max` (100 for percentages) or to a round number above the tallest bar, cut into about
    `y_intervals` round steps (5 puts a 0–10 scale's ticks on whole numbers)."""
    if not bars:
        raise ValueError("A bar chart needs at least one bar.")
    values = [b.value for b in bars if b.value is not None]
    top = y_max if y_max is not None else max([*values, 0.0]) or 1.0
    y_scale, y_ticks = _y_axis([0.0, top], y_intervals)
    slot = (WIDTH - RIGHT - LEFT) / len(bars)
    width = max(slot * 0.7, 0.5)
    baseline = y_scale(0)
    placed = []
    for index, bar in enumerate(bars):
        x = LEFT + slot * index + (slot - width) / 2
        y = y_scale(bar.value) if bar.value is not None else baseline
        placed.append(PlacedBar(x, y, width, baseline - y, bar))
    x_ticks = [Tick(placed[i].x + width / 2, bars[i].label) for i in _every(len(bars), 5)]
    return BarChart(
        chart_id=chart_id,
        title=title,
        description=description,
        unit=unit,
        bars=tuple(placed),
        y_ticks=tuple(y_ticks),
        x_ticks=tuple(x_ticks),
    )
