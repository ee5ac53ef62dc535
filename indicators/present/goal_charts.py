"""Goal charts: the small trend on the goal board (Oversikt), and the goal chart that meeting mode and the
status report share. Every builder is handed the evaluated `GoalResult`; none evaluates a goal itself."""

from __future__ import annotations

import html
import re
from collections.abc import Sequence

import pandas as pd
import plotly.graph_objects as go

from indicators import progress
from indicators.goals import GoalResult
from indicators.model import Provenance
from indicators.present import charts
from indicators.present.texts import report as report_texts
from indicators.regions import active_region
from indicators.safe_text import plotly_label

YEARS_BEFORE_BASELINE = 10  # goal charts start ten years before the baseline: context without clutter


def scale_text(fig: go.Figure, factor: float) -> go.Figure:
    """Make every text, line and margin of a finished figure `factor` times larger (for a projector)."""
    base = charts.BASE_FONT_SIZE
    margin = fig.layout.margin
    template_margin = fig.layout.template.layout.margin if fig.layout.template else None

    def grown(value: float | None, fallback: float) -> float:
        return (value if value is not None else fallback) * factor

    fig.update_layout(
        font=dict(size=grown(fig.layout.font.size, base)),
        title=dict(font=dict(size=grown(fig.layout.title.font.size, base + 6))),
        legend=dict(font=dict(size=grown(fig.layout.legend.font.size, base - 2))),
        hoverlabel=dict(font=dict(size=grown(None, base - 2))),
        margin=dict(
            l=grown(margin.l, (template_margin.l if template_margin else None) or 70),
            r=grown(margin.r, (template_margin.r if template_margin else None) or 30),
            t=grown(margin.t, (template_margin.t if template_margin else None) or 90),
            b=grown(margin.b, (template_margin.b if template_margin else None) or 110),
        ),
    )
    for axis in ("xaxis", "yaxis"):
        fig.update_layout({axis: dict(tickfont=dict(size=base * factor), title=dict(font=dict(size=base * factor)))})
    for annotation in fig.layout.annotations:
        annotation.font.size = grown(annotation.font.size, base - 4)
        if annotation.yshift:
            annotation.yshift = annotation.yshift * factor
    for trace in fig.data:  # bars have a marker without a size, some traces have no line
        line, marker = getattr(trace, "line", None), getattr(trace, "marker", None)
        if line is not None and getattr(line, "width", None):
            line.width = line.width * factor
        size = getattr(marker, "size", None) if marker is not None else None
        if marker is not None and isinstance(size, int | float):
            marker.size = size * factor
    return fig


def take_source_line(fig: go.Figure) -> str:
    """Remove the source line `charts.finish_figure` put under the plot and return it as one line of plain text
    (a slide shows it as text that wraps to the screen, where a plotly annotation would run off the side).
    "" when the figure has none."""
    kept, taken = [], []
    for annotation in fig.layout.annotations:
        below_plot = annotation.yref == "paper" and annotation.yanchor == "top" and (annotation.y or 0) <= 0
        if below_plot and (annotation.yshift or 0) < 0:
            taken.append(html.unescape(re.sub(r"\s*<br\s*/?>\s*", " ", annotation.text or "")).strip())
        else:
            kept.append(annotation)
    fig.layout.annotations = kept
    return " ".join(taken)


def goal_figure(
    result: GoalResult,
    provenances: Sequence[Provenance],
    *,
    title: str | None = None,
    height: int = 520,
    text_scale: float = 1.0,
) -> go.Figure | None:
    """The goal's series for its region, the baseline, and the target path where the goal has a number.

    None when there is nothing to draw (qualitative, unmeasured, or no values at all).
    """
    goal = result.goal
    series = result.series
    if goal.kind != "indicator" or series is None or series.empty or series["value"].notna().sum() == 0:
        return None
    series = series.sort_values("period")
    if goal.baseline_period is not None:
        series = series[series["period"] >= goal.baseline_period - YEARS_BEFORE_BASELINE]
    describe = result.spec.describe_period if result.spec else str
    name = active_region().names.get(result.region, result.region)
    colour = charts.region_colour(result.region)
    fig = go.Figure()
    fig.add_trace(
        go.Scatter(
            x=series["period"], y=series["value"], name=name, mode="lines+markers",
            line=dict(color=colour, width=4), marker=dict(size=8),
            hovertemplate=f"{plotly_label(name)}<br>%{{x}}: %{{y:,.0f}}<extra></extra>",
        )
    )
    base, target = result.baseline, result.target
    if base.value is not None and base.period is not None:
        fig.add_trace(
            go.Scatter(
                x=[base.period], y=[base.value], name=report_texts.GOAL_CHART_BASELINE.format(period=base.period),
                mode="markers", marker=dict(size=16, symbol="circle-open", color=charts.INK, line=dict(width=3)),
                hovertemplate=report_texts.GOAL_CHART_BASELINE_HOVER,
            )
        )
    if base.value is not None and target.value is not None and target.period is not None:
        assert base.period is not None
        path = progress.target_path(base.period, base.value, target.period, target.value)
        charts.add_target_path(fig, path, label=report_texts.GOAL_CHART_TARGET_PATH)
        fig.add_trace(
            go.Scatter(
                x=[target.period], y=[target.value], name=report_texts.GOAL_CHART_TARGET.format(period=target.period),
                mode="markers", marker=dict(size=20, symbol="star", color=charts.TARGET_COLOUR),
                hovertemplate=report_texts.GOAL_CHART_TARGET_HOVER,
            )
        )
    note = ""
    if result.latest.period is not None:
        note = report_texts.GOAL_CHART_LATEST.format(latest=describe(result.latest.period))
    charts.finish_figure(
        fig, title=title if title is not None else goal.label, provenances=provenances,
        y_title=goal.unit.capitalize() if goal.unit else "", note=note, height=height,
    )
    values = pd.concat([series["value"].dropna(), pd.Series([v for v in (base.value, target.value) if v is not None],
                                                              dtype="float64")])
    if not values.empty and float(values.min()) >= 0:
        fig.update_yaxes(rangemode="tozero")  # a count's axis starts at zero: no exaggerated slope
    years = pd.concat([series["period"], pd.Series([p for p in (base.period, target.period) if p is not None])])
    span = int(years.max()) - int(years.min()) if not years.empty else 0
    fig.update_xaxes(dtick=max(1, -(-span // 10)))  # whole years, each once (never «2024 2024 2024»)
    if not title:  # no title line: give its room to the plot (the legend still fits above)
        fig.update_layout(margin=dict(t=40))
    if text_scale != 1.0:
        scale_text(fig, text_scale)
    return fig
