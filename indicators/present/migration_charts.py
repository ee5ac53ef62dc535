"""Net in-migration charts for the Folketal page: bars per year with the plan period marked, and the same per
1 000 residents against the comparison regions. Builders are handed the region's code, the frame and its sources
(the page reads them through ui.data); they read no cache and no plan (the plan period comes from the region
file)."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from indicators.formatting import format_number, format_signed
from indicators.model import Provenance
from indicators.present import charts, texts
from indicators.present.charts import Chart
from indicators.present.texts import migration as words
from indicators.regions import active_region, region_name

BAND_COLOUR = "rgba(0, 114, 178, 0.10)"


def mark_plan_period(fig: go.Figure) -> go.Figure:
    """A shaded band over the plan's years (from the region file), labelled at the top; none without a plan."""
    plan = active_region().plan
    if plan is None:
        return fig
    fig.add_vrect(
        x0=plan.start - 0.5, x1=plan.end + 0.5, fillcolor=BAND_COLOUR, line_width=0, layer="below",
        annotation_text=texts.fill(words.PLAN_BAND), annotation_position="top left",
        annotation_font=dict(size=charts.SOURCE_FONT_SIZE, color=charts.MUTED),
    )
    return fig


def _value(frame: pd.DataFrame, code: str, period: int) -> float | None:
    rows = frame[(frame["region_code"] == code) & (frame["period"] == period)]["value"].dropna()
    return None if rows.empty else float(rows.iloc[0])


def migration_trend(region: str, frame: pd.DataFrame, sources: list[Provenance]) -> Chart:
    """Net in-migration per year for one region (`frame`: its net_migration; bars, below zero when more moved
    out)."""
    known = frame.dropna(subset=["value"])
    last = int(known["period"].max())
    value = float(known.set_index("period")["value"][last])
    name = region_name(region)
    template = words.TREND_MORE_IN if value > 0 else words.TREND_MORE_OUT if value < 0 else words.TREND_EVEN
    title = texts.fill(template, name=name, last=last, value=format_number(abs(value)))
    plan = active_region().plan
    base_year = plan.start - 1 if plan else None  # the last year before the plan
    base_value = _value(frame, region, base_year) if base_year is not None else None
    if base_value is not None and base_year != last:
        title += texts.fill(words.TREND_BASE, base_year=base_year, base_value=format_signed(base_value))
    fig = go.Figure(go.Bar(
        x=frame["period"], y=frame["value"], name=name, marker_color=charts.region_colour(region, charts.PALETTE[0]),
        hovertemplate=words.HOVER_PERSONS,
    ))
    charts.finish_figure(fig, title=title, provenances=sources, y_title=words.Y_PERSONS,
                         note=texts.fill(words.TREND_NOTE, last=last))
    fig.update_yaxes(zeroline=True, zerolinecolor=charts.INK, zerolinewidth=1)
    fig.update_xaxes(dtick=1)
    mark_plan_period(fig)
    return Chart(fig, frame, sources, texts.fill(words.TREND_EXPORT, name=name), f"netto_innflytting_{region}")


def migration_rate(region: str, frame: pd.DataFrame, sources: list[Provenance]) -> Chart:
    """Net in-migration per 1 000 residents (`frame`: net_migration_per_1000 of every region): the region against
    the comparison regions that have a figure."""
    active = active_region()
    codes = [region, *(c.code for c in (active.county, active.country) if c is not None)]
    frame = frame[frame["region_code"].isin(codes)]
    with_values = set(frame.dropna(subset=["value"])["region_code"])
    frame = frame[frame["region_code"].isin(with_values)]  # a comparison region without any figure is left out
    known = frame.dropna(subset=["value"])
    last = int(known[known["region_code"] == region]["period"].max())
    name = region_name(region)
    others = "".join(
        texts.fill(words.RATE_OTHER, name=region_name(code), value=format_number(_value(frame, code, last), 1))
        for code in codes[1:] if _value(frame, code, last) is not None
    )
    title = texts.fill(words.RATE_TITLE, name=name, last=last, value=format_number(_value(frame, region, last), 1),
                       others=others)
    fig = charts.line_chart(frame, title=title, provenances=sources, y_title=words.Y_RATE, hover_format=".1f",
                            note=texts.fill(words.RATE_NOTE, last=last))
    fig.update_yaxes(zeroline=True, zerolinecolor=charts.INK, zerolinewidth=1)
    mark_plan_period(fig)
    return Chart(fig, frame.reset_index(drop=True), sources, texts.fill(words.RATE_EXPORT, name=name),
                 f"netto_innflytting_per_1000_{region}")
