"""The goal board's small trend (indicators/present/sparkline.py): an SVG drawn on the server."""

from __future__ import annotations

import math
import re

import pandas as pd

from indicators.goals import Goal, GoalResult, Point
from indicators.present import charts
from indicators.present.sparkline import sparkline_svg

NBSP = "\u00a0"


def goal() -> Goal:
    return Goal(id="yrkesaktiv", area="attraktivitet", title="Fleire i yrkesaktiv alder", kind="indicator",
                indicator="working_age_population", unit="personar", baseline_period=2022, target_period=2026,
                target_change=0.01, direction="increase")


def result(values: dict[int, float | None], baseline: Point | None = None, target: Point | None = None) -> GoalResult:
    series = pd.DataFrame({"region_code": "r", "period": list(values), "value": list(values.values())})
    none = Point(None, None)
    return GoalResult(goal(), "r", "on_track", baseline or none, none, target or none, series)


def polylines(svg: str) -> list[list[tuple[float, float]]]:
    return [[tuple(map(float, pair.split(","))) for pair in points.split()]
            for points in re.findall(r'<polyline points="([^"]+)"', svg)]


def test_the_line_goes_through_every_value_in_order_and_rises_with_them():
    svg = sparkline_svg(result({2020: 100.0, 2021: 110.0, 2022: 105.0, 2023: 130.0}))
    (line,) = polylines(svg)
    assert len(line) == 4
    xs, ys = [x for x, _ in line], [y for _, y in line]
    assert xs == sorted(xs)
    # SVG y grows downwards: the highest value is drawn highest, the lowest lowest
    assert ys.index(min(ys)) == 3 and ys.index(max(ys)) == 0
    assert svg.count(f'stroke="{charts.INK}" stroke-width="7"') == 4  # one dot per value
    assert ">2020<" in svg and ">2023<" in svg


def test_a_missing_value_leaves_a_gap():
    svg = sparkline_svg(result({2019: 5.0, 2020: 6.0, 2021: math.nan, 2022: 7.0, 2023: 8.0}))
    assert [len(line) for line in polylines(svg)] == [2, 2]


def test_the_target_path_is_dashed_from_baseline_to_target_and_inside_the_drawing():
    svg = sparkline_svg(result({2022: 11_709.0, 2023: 11_800.0}, Point(2022, 11_709.0), Point(2026, 11_826.0)))
    (path,) = re.findall(r'<line x1="([\d.]+)" y1="([\d.]+)" x2="([\d.]+)" y2="([\d.]+)" stroke="([^"]+)"', svg)
    assert path[4] == charts.TARGET_COLOUR and "stroke-dasharray" in svg
    x1, y1, x2, y2 = map(float, path[:4])
    assert x2 > x1 and y2 < y1  # later and higher
    assert all(0 <= v <= 300 for v in (x1, x2)) and all(0 <= v <= 100 for v in (y1, y2))
    assert ">2026<" in svg  # the years run to the target's


def test_the_text_alternative_says_the_span_the_values_and_the_target():
    svg = sparkline_svg(result({2022: 11_709.0, 2025: 12_257.0}, Point(2022, 11_709.0), Point(2026, 11_826.0)))
    label = re.search(r'role="img" aria-label="([^"]+)"', svg).group(1).replace(NBSP, " ")
    assert label == "Utvikling 2022–2025: frå 11 709 til 12 257. Målet er 11 826 i 2026."


def test_no_value_gives_no_drawing_and_one_value_a_dot():
    assert sparkline_svg(result({2022: None, 2023: math.nan})) == ""
    svg = sparkline_svg(result({2024: 3.5}))
    assert polylines(svg) == [] and svg.count('stroke-linecap="round"') == 1
    assert "nan" not in svg.lower()
