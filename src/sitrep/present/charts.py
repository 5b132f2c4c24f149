"""Chart geometry for inline SVG: incidents over time, and a contested figure's range by claimant.

Pure functions from records to coordinates; the templates draw them (no script, no external file),
so the same charts serve the dashboard and the self-contained HTML report.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from ..reconcile.history import FigureHistory, Step, value_words
from ..reconcile.wording import value_text
from ..records import Figure, Incident

WIDTH = 900
PLOT_LEFT = 36
PLOT_BOTTOM = 22


@dataclass(frozen=True, slots=True)
class Bar:
    x: float
    y: float
    width: float
    height: float
    label: str
    count: int
    contested: int
    contested_height: float


@dataclass(frozen=True, slots=True)
class Tick:
    x: float
    label: str


@dataclass(frozen=True, slots=True)
class Timeline:
    width: int
    height: int
    bars: tuple[Bar, ...]
    ticks: tuple[Tick, ...]
    peak: int
    bucket: str
    undated: int


@dataclass(frozen=True, slots=True)
class RangeRow:
    label: str
    value: str
    y: float
    x0: float
    x1: float
    x2: float
    open_high: bool
    unverified: bool


@dataclass(frozen=True, slots=True)
class RangeChart:
    width: int
    height: int
    rows: tuple[RangeRow, ...]
    best_x: float | None
    best: int | None
    ticks: tuple[Tick, ...]


def _bucket(day: date, unit: str) -> date:
    if unit == "year":
        return day.replace(month=1, day=1)
    if unit == "month":
        return day.replace(day=1)
    if unit == "week":
        return day - timedelta(days=day.weekday())
    return day


def _step(day: date, unit: str) -> date:
    if unit == "year":
        return day.replace(year=day.year + 1)
    if unit == "month":
        return (day.replace(day=28) + timedelta(days=4)).replace(day=1)
    return day + timedelta(days=7 if unit == "week" else 1)


def timeline(incidents: Sequence[Incident], height: int = 120) -> Timeline:
    """Incidents per day (week, month for long spans), the contested part of each bar set apart."""
    days = [i.date_start for i in incidents if i.date_start]
    undated = len(incidents) - len(days)
    if not days:
        return Timeline(WIDTH, height, (), (), 0, "day", undated)
    span = (max(days) - min(days)).days
    unit = "day" if span <= 62 else "week" if span <= 730 else "month" if span <= 3650 else "year"
    counts = Counter(_bucket(d, unit) for d in days)
    contested = Counter(
        _bucket(i.date_start, unit) for i in incidents if i.date_start and any(f.contested for f in i.figures)
    )
    buckets = [_bucket(min(days), unit)]
    while buckets[-1] < _bucket(max(days), unit):
        buckets.append(_step(buckets[-1], unit))
    peak = max(counts.values())
    plot_h = height - PLOT_BOTTOM - 8
    slot = (WIDTH - PLOT_LEFT - 4) / len(buckets)
    bars = []
    for n, b in enumerate(buckets):
        h = plot_h * counts[b] / peak
        ch = plot_h * contested[b] / peak
        width = min(max(slot * 0.8, 1.0), 48.0)
        bars.append(Bar(PLOT_LEFT + n * slot + (slot - width) / 2, 8 + plot_h - h, width, h,
                        b.isoformat()[: {"year": 4, "month": 7}.get(unit, 10)], counts[b], contested[b], ch))
    every = max(1, len(buckets) // 6)
    ticks = tuple(Tick(bar.x + bar.width / 2, bar.label) for bar in bars[::every])
    return Timeline(WIDTH, height, tuple(bars), ticks, peak, unit, undated)


def _value(low: int | None, high: int | None) -> str:
    return value_text(low, high, unknown="?", up_to="≤")


def figure_range(figure: Figure, row_height: int = 22, label_width: int = 230) -> RangeChart:
    """Each claim of a figure as a bar on one scale: solid up to its low, light from low to high
    (an open high runs to the edge)."""
    refs = figure.claims
    values = [v for r in refs for v in (r.low, r.high) if v is not None] + [v for v in (figure.best,) if v]
    top = max(values, default=1) * 1.15 or 1
    plot_w = WIDTH - label_width - 56

    def x(v: float) -> float:
        return label_width + plot_w * v / top

    rows = []
    for n, r in enumerate(refs):
        low = r.low if r.low is not None else 0
        high = r.high if r.high is not None else (top if r.low is not None else low)
        rows.append(RangeRow(
            label=(r.claimant or "the report itself") + f" ({r.doc})",
            value=_value(r.low, r.high), y=6 + n * row_height, x0=x(0), x1=max(x(low), x(0) + 2), x2=x(high),
            open_high=r.high is None and r.low is not None, unverified=r.unverified,
        ))
    ticks = tuple(Tick(x(v), str(v)) for v in _nice_ticks(top))
    height = 6 + len(rows) * row_height + 20
    best_x = x(figure.best) if figure.best is not None else None
    return RangeChart(WIDTH, height, tuple(rows), best_x, figure.best, ticks)


def _nice_ticks(top: float) -> list[int]:
    step = 1
    while top / step > 5:
        step = step * 5 // 2 if str(step).startswith("2") else step * 2
    return list(range(0, int(top) + 1, step))


# --------------------------------------------------------------------------- figure history

PALETTE = ("#2563eb", "#dc2626", "#059669", "#d97706", "#7c3aed", "#0891b2", "#db2777", "#4b5563")
"""Line colours, one a voice, in the order the voices first spoke."""


@dataclass(frozen=True, slots=True)
class StepPoint:
    x: float
    y: float
    label: str  # "26 per Pakistan (government and forces), 8 May, report.txt"


@dataclass(frozen=True, slots=True)
class StepLine:
    label: str  # the voice
    values: str  # "8 → 26 → 31"
    colour: str
    path: str  # SVG path data: horizontal to each next report, then vertical to its value
    points: tuple[StepPoint, ...]


@dataclass(frozen=True, slots=True)
class StepChart:
    width: int
    height: int
    lines: tuple[StepLine, ...]
    ticks: tuple[Tick, ...]  # values, on the y axis (x holds the value's position)
    times: tuple[Tick, ...]  # report days along the x axis


def step_chart(history: FigureHistory, width: int = 560, height: int = 150) -> StepChart:
    """A figure's history as steps: one line per voice, x the order in which the reports came (their
    days labelled), y the value; each line holds its value until the voice gives another."""
    keys = sorted({s.when.key for s in history.steps})
    left, right, top_pad, bottom = 40, 16, 8, 20
    slots = max(len(keys), 1)

    def x(key: tuple) -> float:
        n = keys.index(key)
        return left + (width - left - right) * (n + 0.5) / slots

    values = [v for s in history.steps if (v := _point(s)) is not None]
    top = max(values, default=1) * 1.15 or 1

    def y(v: float) -> float:
        return top_pad + (height - top_pad - bottom) * (1 - v / top)

    lines = []
    for n, line in enumerate(history.lines):
        pts = [(x(s.when.key), y(v), s) for s in line.steps if (v := _point(s)) is not None]
        if not pts:
            continue
        path = f"M{pts[0][0]:.1f},{pts[0][1]:.1f}"
        for (_, _, _), (px, py, _) in zip(pts, pts[1:], strict=False):
            path += f" H{px:.1f} V{py:.1f}"
        path += f" H{width - right:.1f}"
        points = tuple(StepPoint(px, py, f"{value_words(s.ref.low, s.ref.high)} per {line.voice.organisation}"
                                 f"{', ' + s.when.day.isoformat() if s.when.day else ''}, {s.ref.doc}")
                       for px, py, s in pts)
        lines.append(StepLine(line.voice.organisation, line.text, PALETTE[n % len(PALETTE)], path, points))
    ticks = tuple(Tick(y(v), str(v)) for v in _nice_ticks(top))
    times = tuple(Tick(x(k), k[1].strftime("%-d %b") if k[0] == 0 else "?") for k in keys)
    return StepChart(width, height, tuple(lines), ticks, times)


def _point(s: Step) -> float | None:
    low, high = s.ref.low, s.ref.high
    return float(low) if low is not None else (float(high) if high is not None else None)
