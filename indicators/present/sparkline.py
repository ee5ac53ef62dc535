"""The goal board's small trend: an SVG drawn on the server, not a plotly chart.

Oversikt shows one per measured goal. As plotly charts they made the start page load plotly.js and draw a figure
per card (about a second when the page opens, most of a region change: issue 13). A sparkline needs no
interaction: a line with its points, the baseline-to-target path dashed with a star at the target, the first and
last year, and the lowest and highest value. Missing values leave a gap. The colours are the charts' (INK and
TARGET_COLOUR); the numbers stay readable as text in the card, and downloadable under the area.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from indicators.formatting import format_number
from indicators.goals import GoalResult
from indicators.present import charts
from indicators.present.html import render
from indicators.present.texts import overview as overview_texts

WIDTH, HEIGHT = 300, 100  # the drawing's own units; it is stretched to the card's width at HEIGHT_PX
HEIGHT_PX = 90
INSET = 8  # room for the points and the target mark at the edges

Point = tuple[float, float]


def _number(value: float) -> str:
    return format_number(value, 0 if abs(value) >= 100 or float(value).is_integer() else 1)


def _segments(points: Sequence[tuple[float, float | None]]) -> list[list[Point]]:
    """Runs of points without a missing value between them (a gap where a value is missing)."""
    runs: list[list[Point]] = [[]]
    for x, y in points:
        if y is None or math.isnan(y):
            if runs[-1]:
                runs.append([])
        else:
            runs[-1].append((x, y))
    return [run for run in runs if run]


def sparkline_svg(result: GoalResult) -> str:
    """The goal's series (and target path) as inline SVG with its first and last year under it and a text
    alternative; "" when the series has no value. The drawing stretches to the card's width; its lines and dots
    keep their thickness, and the years are HTML text at the page's size."""
    series = result.series.sort_values("period")
    values = [(float(p), None if v is None or (isinstance(v, float) and math.isnan(v)) else float(v))
              for p, v in zip(series["period"], series["value"], strict=True)]
    runs = _segments(values)
    if not runs:
        return ""
    path: list[Point] = []
    baseline, target = result.baseline, result.target
    if (baseline.period is not None and baseline.value is not None and target.period is not None
            and target.value is not None):
        path = [(float(baseline.period), float(baseline.value)), (float(target.period), float(target.value))]
    known = [point for run in runs for point in run]
    xs = [x for x, _ in known + path]
    ys = [y for _, y in known + path]
    x_low, x_high, y_low, y_high = min(xs), max(xs), min(ys), max(ys)

    def place(point: Point) -> Point:
        x, y = point
        across = (x - x_low) / (x_high - x_low) if x_high > x_low else 0.5
        up = (y - y_low) / (y_high - y_low) if y_high > y_low else 0.5
        return INSET + across * (WIDTH - 2 * INSET), HEIGHT - INSET - up * (HEIGHT - 2 * INSET)

    target_line: tuple[str, ...] | None = None
    if path:
        target_line = tuple(f"{v:.1f}" for point in path for v in place(point))  # x1, y1, x2, y2
    lines = []  # per run: its points ("x,y x,y", empty for a lone value) and its dots
    for run in runs:
        placed = [(f"{x:.1f}", f"{y:.1f}") for x, y in (place(p) for p in run)]
        lines.append({"points": " ".join(f"{x},{y}" for x, y in placed) if len(placed) > 1 else "", "dots": placed})

    (first_year, first_value), (last_year, last_value) = known[0], known[-1]
    alt = overview_texts.SPARK_ALT.format(first=int(first_year), last=int(last_year),
                                          start=_number(first_value), end=_number(last_value))
    if path:
        alt += " " + overview_texts.SPARK_ALT_TARGET.format(value=_number(path[1][1]), year=int(path[1][0]))
    return render("snippets/sparkline.html.j2", alt=alt, width=WIDTH, height=HEIGHT, height_px=HEIGHT_PX,
                  target=target_line, lines=lines, ink=charts.INK, target_colour=charts.TARGET_COLOUR,
                  muted=charts.MUTED, years=[int(year) for year in (x_low, x_high)])
