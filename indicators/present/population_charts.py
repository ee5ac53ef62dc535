"""The population charts, built once here so the Folketal page, meeting mode and the status report agree.

Builders are handed what they need (the region's code, the indicator's frame and its sources, the working-age
goal); they read no cache and no plan: the page or meeting mode reads once (ui.data) and hands the frames down."""

from __future__ import annotations

import math

import pandas as pd
import plotly.graph_objects as go

from indicators import progress
from indicators.ages import parse_age_band
from indicators.aggregate import indexed
from indicators.formatting import format_number, format_percent
from indicators.goals import Goal
from indicators.model import Provenance
from indicators.present import charts, texts
from indicators.present.charts import Chart
from indicators.present.texts import population as words
from indicators.regions import active_region, region_name


def _latest_note(year: int) -> str:
    return texts.fill(words.LATEST_NOTE, year=year)


def _verb(change: float) -> str:
    return words.GREW if change > 0 else words.SHRANK


def population_trend(region: str, frame: pd.DataFrame, sources: list[Provenance]) -> Chart:
    """The region's population_total (`frame`) over the years."""
    first, last = int(frame["period"].min()), int(frame["period"].max())
    values = frame.set_index("period")["value"]
    change = values[last] / values[first] - 1
    name = region_name(region)
    title = texts.fill(words.TREND_TITLE, name=name, verb=_verb(change), change=format_percent(abs(change)),
                       first=first)
    fig = charts.line_chart(frame, title=title, provenances=sources, y_title=words.Y_PERSONS,
                            note=_latest_note(last))
    return Chart(fig, frame, sources, texts.fill(words.TREND_EXPORT, name=name), f"folketal_{region}")


def _indexed_message(name: str, own: float, benchmark: str | None, other: float | None, base_year: int) -> str:
    """What the indexed chart says: the region against the country (else the county, else on its own)."""
    fill = {"name": name, "benchmark": benchmark or "", "base_year": base_year}
    if own < 100:
        grew = benchmark is not None and other is not None and other > 100
        return texts.fill(words.INDEXED_FEWER, **fill) + (
            texts.fill(words.INDEXED_FEWER_WHILE_GREW, **fill) if grew else ""
        )
    if benchmark is None or other is None:
        return texts.fill(words.INDEXED_GREW, **fill)
    if abs(own - other) < 0.5:  # within half an index point: no ranking to report
        return texts.fill(words.INDEXED_LIKE, **fill)
    if own > other:
        return texts.fill(words.INDEXED_MORE, **fill)
    return texts.fill(words.INDEXED_LESS, **fill)


def population_indexed(region: str, frame: pd.DataFrame, sources: list[Provenance], base_year: int) -> Chart:
    """The region indexed against the comparison regions of the region file (those it has); `frame` is
    population_total of every region."""
    active = active_region()
    comparisons = [c for c in (active.county, active.country) if c is not None]
    compared = indexed(frame[frame["region_code"].isin([region, *(c.code for c in comparisons)])], base_year)
    last = int(compared["period"].max())
    values = compared[compared["period"] == last].set_index("region_code")["value"]
    benchmark = comparisons[-1] if comparisons else None  # the country when there is one
    other = float(values[benchmark.code]) if benchmark is not None and benchmark.code in values.index else None
    message = _indexed_message(region_name(region), float(values[region]),
                               benchmark.name if benchmark else None, other, base_year)
    fig = charts.line_chart(
        compared, title=texts.fill(words.INDEXED_TITLE, message=message, base_year=base_year),
        provenances=sources, y_title=words.Y_INDEX, hover_format=".1f", note=_latest_note(last),
    )
    title = texts.fill(words.INDEXED_EXPORT, base_year=base_year)
    return Chart(fig, compared, sources, title, f"folketal_indeks_{region}_{base_year}")


def population_municipalities(region: str | None, frame: pd.DataFrame, sources: list[Provenance]) -> Chart:
    """Every member's population (`frame`: population_total of every region); the chosen one drawn thicker, the
    message about growth since the start."""
    active = active_region()
    region = region or active.id
    frame = frame[frame["region_code"].isin(active.member_codes)]
    first, last = int(frame["period"].min()), int(frame["period"].max())
    by_region = frame.pivot_table(index="region_code", columns="period", values="value")
    growth = (by_region[last] / by_region[first] - 1).dropna().sort_values()
    fastest, slowest = growth.index[-1], growth.index[0]
    verb = words.MEMBERS_SHRANK if growth[slowest] < 0 else words.MEMBERS_GREW_LEAST
    tail = texts.fill(words.MEMBERS_TAIL, slowest=region_name(slowest), verb=verb,
                      lowest=format_percent(growth[slowest], signed=True))
    title = texts.fill(words.MEMBERS_TITLE, fastest=region_name(fastest), first=first,
                       highest=format_percent(growth[fastest], signed=True), tail=tail)
    fig = charts.line_chart(frame, title=title, provenances=sources, y_title=words.Y_PERSONS,
                            note=_latest_note(last))
    if region in active.member_codes:
        for trace in fig.data:
            chosen = trace.name == region_name(region)
            trace.line.width = 6 if chosen else 2
            trace.opacity = 1 if chosen else 0.55
    return Chart(fig, frame, sources, texts.fill(words.MEMBERS_EXPORT), f"folketal_kommunar_{region}")


def working_age(region: str, frame: pd.DataFrame, sources: list[Provenance], ages: str, goal: Goal | None = None
                ) -> Chart:
    """Working-age residents (`frame`: working_age_population of the region for `ages`) with the plan's target
    path (the caller hands over the plan's working-age goal, found with `plan.measured_by(WORKING_AGE_POPULATION)`;
    None draws the series alone).

    The issue lets the user choose the definition of working age; the plan's +1 % is then drawn for the
    chosen band and labelled so."""
    values = frame.dropna(subset=["value"]).set_index("period")["value"]
    last = int(values.index.max())
    label = parse_age_band(ages).label
    name = region_name(region)
    export_title = texts.fill(words.WORKING_AGE_EXPORT, label=label, name=name)
    if (goal is None or goal.target_change is None or goal.target_period is None or goal.baseline_period is None
            or goal.baseline_period not in values.index):  # no goal, or changed in goals.toml: no target drawn
        title = texts.fill(words.WORKING_AGE_PLAIN_TITLE, label=label, name=name, first=int(values.index.min()),
                           last=last)
        fig = charts.line_chart(frame, title=title, provenances=sources, y_title=words.Y_PERSONS,
                                note=_latest_note(last))
        return Chart(fig, frame, sources, export_title, f"yrkesaktiv_{region}_{ages}")
    base_year, target_year = goal.baseline_period, goal.target_period
    change = values[last] / values[base_year] - 1
    target_value = goal.target_level(float(values[base_year]))
    assert target_value is not None  # the goal has a target change and the base year a value
    wanted = format_percent(goal.target_change, signed=True, decimals=0)
    title = texts.fill(words.WORKING_AGE_TITLE, label=label, name=name, change=format_percent(change, signed=True),
                       base_year=base_year, last=last, wanted=wanted)
    path_label = texts.fill(words.WORKING_AGE_PATH, wanted=wanted, target_year=target_year)
    if ages != goal.params.get("ages"):
        path_label = texts.fill(words.WORKING_AGE_PATH_OTHER_BAND, wanted=wanted, label=label)
    fig = charts.line_chart(frame, title=title, provenances=sources, y_title=words.Y_PERSONS,
                            note=_latest_note(last))
    charts.add_target_path(fig, progress.target_path(base_year, values[base_year], target_year, target_value),
                           label=path_label)
    return Chart(fig, frame, sources, export_title, f"yrkesaktiv_{region}_{ages}")


def age_groups(region: str, frame: pd.DataFrame, sources: list[Provenance], grouping: str) -> Chart:
    """The region's population_by_age_group for `grouping` (`frame`) over the years."""
    frame = frame.sort_values(["age_group"], key=lambda codes: codes.map(lambda c: parse_age_band(c).low),
                              kind="stable")
    shown = frame.assign(group_label=frame["age_group"].map(lambda code: parse_age_band(code).label))
    name = region_name(region)
    first, last = int(frame["period"].min()), int(frame["period"].max())
    # the message: the group that changed most (relative) since the first year
    by_group = frame.pivot_table(index="age_group", columns="period", values="value")
    changes = (by_group[last] / by_group[first] - 1).dropna()
    mover = changes.abs().idxmax()
    title = texts.fill(words.AGE_GROUPS_TITLE, name=name, group=parse_age_band(mover).label,
                       verb=_verb(changes[mover]), change=format_percent(changes[mover], signed=True), first=first)
    fig = charts.line_chart(
        shown, title=title, provenances=sources, y_title=words.Y_PERSONS,
        colour_by="age_group", label_by="group_label", note=_latest_note(last),
    )
    return Chart(fig, frame, sources, texts.fill(words.AGE_GROUPS_EXPORT, name=name),
                 f"aldersgrupper_{region}_{grouping}")


def nice_step(largest: float) -> float:
    """A round tick step (1, 2 or 5 × 10^n) so that two steps cover the largest bar: symmetric, readable ticks."""
    half = max(largest / 2, 1)
    magnitude = 10 ** math.floor(math.log10(half))
    for factor in (1, 2, 5, 10):
        if factor * magnitude >= half:
            return factor * magnitude
    return 10 * magnitude


def pyramid(region: str, data: pd.DataFrame, sources: list[Provenance], year: int) -> Chart:
    """The region's population by sex and age group in `year` (`data`: population.age_pyramid)."""
    men, women = data[data["sex"] == "male"], data[data["sex"] == "female"]
    name = region_name(region)
    fig = go.Figure()
    fig.add_trace(go.Bar(y=men["age_group"], x=-men["value"], name=words.PYRAMID_MEN, orientation="h",
                         marker_color=charts.PALETTE[0], customdata=men["value"],
                         hovertemplate=f"{words.PYRAMID_MEN} %{{y}}: %{{customdata:,.0f}}<extra></extra>"))
    fig.add_trace(go.Bar(y=women["age_group"], x=women["value"], name=words.PYRAMID_WOMEN, orientation="h",
                         marker_color=charts.PALETTE[1],
                         hovertemplate=f"{words.PYRAMID_WOMEN} %{{y}}: %{{x:,.0f}}<extra></extra>"))
    older = data[data["age_low"] >= 65]["value"].sum() / data["value"].sum()
    title = texts.fill(words.PYRAMID_TITLE, name=name, year=year, older=format_percent(older))
    charts.finish_figure(fig, title=title, provenances=sources,
                         integer_years=False, height=640)
    largest = float(max(men["value"].max(), women["value"].max()))
    step = nice_step(largest)
    ticks = [-2 * step, -step, 0, step, 2 * step]
    fig.update_layout(barmode="overlay", bargap=0.05)
    fig.update_xaxes(tickvals=ticks, ticktext=[format_number(abs(t)) for t in ticks],
                     title=dict(text=words.Y_PERSONS),
                     range=[-largest * 1.05, largest * 1.05])  # symmetric, so both sides read alike
    fig.update_yaxes(title=dict(text=words.Y_AGE), tickformat="")
    return Chart(fig, data, sources, texts.fill(words.PYRAMID_EXPORT, name=name, year=year),
                 f"pyramide_{region}_{year}")


def projection(region: str, frame: pd.DataFrame, sources: list[Provenance]) -> Chart:
    """The region's population_projection (`frame`: registered and projected); `sources`: both datasets'."""
    registered = frame[frame["series"] == "registered"]
    projected = frame[frame["series"] == "projection"]
    end_year = int(projected["period"].max())
    end_value = projected[projected["period"] == end_year]["value"].iloc[0]
    last = int(registered.dropna(subset=["value"])["period"].max())
    name = region_name(region)
    fig = go.Figure()
    fig.add_trace(go.Scatter(x=registered["period"], y=registered["value"], name=words.PROJECTION_REGISTERED,
                             mode="lines+markers", line=dict(color=charts.INK, width=4)))
    fig.add_trace(go.Scatter(x=projected["period"], y=projected["value"], name=words.PROJECTION_SERIES,
                             mode="lines", line=dict(color=charts.PALETTE[0], width=4, dash="dash")))
    title = texts.fill(words.PROJECTION_TITLE, value=format_number(end_value), name=name, end_year=end_year)
    both = registered.merge(projected, on="period", suffixes=("_registered", "_projected"))
    overlap = both[both["period"] == last]
    if not overlap.empty:
        gap = overlap["value_registered"].iloc[0] - overlap["value_projected"].iloc[0]
        side = words.PROJECTION_UNDER if gap < 0 else words.PROJECTION_OVER
        title += texts.fill(words.PROJECTION_GAP, last=last, gap=format_number(abs(gap)), side=side)
    charts.finish_figure(
        fig, title=title, provenances=sources, y_title=words.Y_PERSONS,
        note=texts.fill(words.PROJECTION_LATEST_NOTE, last=last, note=words.PROJECTION_NOTE),
    )
    return Chart(fig, frame, sources, texts.fill(words.PROJECTION_EXPORT, name=name), f"framskriving_{region}")
