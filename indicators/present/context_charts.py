"""Context charts (not goal statuses): new homes and holiday homes and the share of employed working in their
home municipality (SSB Arealprofiler), and fibre coverage (Nkom). Builders are handed the region's code, the frame
and its sources (the page reads them through ui.data); they read no cache and no plan."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from indicators.formatting import format_number
from indicators.land_use import BUILDINGS
from indicators.model import Provenance
from indicators.present import charts, texts
from indicators.present.charts import Chart
from indicators.present.texts import context as words
from indicators.regions import active_region, region_name

BUILDING_COLOURS = {"homes": charts.PALETTE[0], "holiday_homes": charts.PALETTE[1]}


def _percent(value: float) -> str:
    return f"{format_number(value, 1)} %"


def survey_text(provenances: list[Provenance], period: int) -> str:
    """'1. halvår 2022': the survey as the manifest names it (else the year)."""
    for p in provenances:
        if isinstance(p.extra, dict) and p.extra.get("survey"):
            return str(p.extra["survey"])
    return str(period)


def new_buildings_chart(region: str, frame: pd.DataFrame, sources: list[Provenance]) -> Chart:
    """New homes and new holiday homes in the last four years, per Arealprofiler year, for one region (`frame`:
    its new_buildings)."""
    last = int(frame.dropna(subset=["value"])["period"].max())
    latest = frame[frame["period"] == last].set_index("building")["value"]
    name = region_name(region)
    title = texts.fill(words.BUILDINGS_TITLE, name=name, last=last,
                       **{kind: format_number(latest.get(kind)) for kind in BUILDINGS})
    fig = go.Figure()
    for kind in BUILDINGS:
        rows = frame[frame["building"] == kind]
        fig.add_trace(go.Bar(x=rows["period"], y=rows["value"], name=words.BUILDING_LABELS[kind],
                             marker_color=BUILDING_COLOURS[kind], hovertemplate=words.HOVER_BUILDINGS))
    charts.finish_figure(fig, title=title, provenances=sources, y_title=words.Y_BUILDINGS, note=words.BUILDINGS_NOTE)
    fig.update_layout(barmode="group")
    fig.update_xaxes(dtick=1)
    return Chart(fig, frame, sources, texts.fill(words.BUILDINGS_EXPORT, name=name), f"nye_bygg_{region}")


def local_workers_chart(region: str | None, frame: pd.DataFrame, sources: list[Provenance]) -> Chart:
    """Each member's share of employed residents working in the municipality (`frame`: local_workers of the
    region as a whole; the chosen member stands out)."""
    active = active_region()
    last = int(frame.dropna(subset=["value"])["period"].max())
    latest = frame[frame["period"] == last].dropna(subset=["value"]).set_index("region_code")["value"].sort_values()
    title = texts.fill(
        words.LOCAL_TITLE, high=region_name(str(latest.index[-1])), high_value=_percent(latest.iloc[-1]),
        low=region_name(str(latest.index[0])), low_value=_percent(latest.iloc[0]), last=last,
    )
    fig = charts.line_chart(frame, title=title, provenances=sources, y_title=words.Y_SHARE, hover_format=".1f",
                            note=words.LOCAL_NOTE)
    if region in active.member_codes:
        for trace in fig.data:
            chosen = trace.name == region_name(region)
            trace.line.width = 6 if chosen else 2
            trace.opacity = 1 if chosen else 0.45
    return Chart(fig, frame, sources, texts.fill(words.LOCAL_EXPORT), f"arbeider_i_bustadkommunen_{region}")


def fibre_chart(region: str | None, frame: pd.DataFrame, sources: list[Provenance]) -> Chart:
    """Households offered fibre in the latest survey (`frame`: fibre_coverage of every region): each member, the
    survey year's county and the country."""
    active = active_region()
    last = int(frame.dropna(subset=["value"])["period"].max())
    frame = frame[frame["period"] == last].dropna(subset=["value"])
    members = frame[frame["region_code"].isin(active.member_codes)].sort_values("value")
    others = frame[~frame["region_code"].isin(active.member_codes)].sort_values("value")
    shown = pd.concat([others, members], ignore_index=True)  # members on top (plotly draws from the bottom)
    survey = survey_text(sources, last)
    low, high = members.iloc[0], members.iloc[-1]
    title = texts.fill(words.FIBRE_TITLE, survey=survey, low=low["region_name"], low_value=_percent(low["value"]),
                       high=high["region_name"], high_value=_percent(high["value"]))
    colours = [
        charts.region_colour(code, charts.COMPARISON_COLOURS[0])
        if code in active.member_codes or code in active.comparison_codes else charts.COMPARISON_COLOURS[0]
        for code in shown["region_code"]
    ]
    if region in active.member_codes:
        colours = [c if code == region or code not in active.member_codes else charts.GRID
                   for c, code in zip(colours, shown["region_code"], strict=True)]
    fig = go.Figure(go.Bar(
        x=shown["value"], y=shown["region_name"], orientation="h", marker_color=colours,
        text=[_percent(v) for v in shown["value"]], textposition="outside", hovertemplate=words.HOVER_SHARE,
    ))
    charts.finish_figure(fig, title=title, provenances=sources, note=words.FIBRE_NOTE, integer_years=False,
                         height=max(420, 60 * len(shown) + 200))
    fig.update_xaxes(title=dict(text=words.X_SHARE), range=[0, 110], ticksuffix=" %")
    fig.update_layout(showlegend=False)
    return Chart(fig, shown, sources, texts.fill(words.FIBRE_EXPORT, survey=survey), f"fiberdekning_{last}_{region}")
