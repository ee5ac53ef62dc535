"""The population charts, built once here so the Folketal page, meeting mode and the status report agree."""

from __future__ import annotations

import math

import plotly.graph_objects as go

from indicators import progress
from indicators.ages import parse_age_band
from indicators.aggregate import indexed
from indicators.formatting import format_number, format_percent
from indicators.goals import load_plan
from indicators.population import POPULATION as POPULATION_DATASET
from indicators.population import (
    PROJECTION,
    age_pyramid,
    population_by_age_group,
    population_projection,
    population_total,
    working_age_population,
)
from indicators.present import charts
from indicators.present.charts import Chart, dataset_sources
from indicators.regions import BUSKERUD, HALLINGDAL, MUNICIPALITY_CODES, NORWAY, region_name

PROJECTION_NOTE = "Framskrivingsrunde 2024; kjelda seier ikkje kva alternativ (truleg hovudalternativet MMMM)"


def _latest_note(year: int) -> str:
    return f"Siste tal: 1. januar {year}"


def population_trend(region: str) -> Chart:
    frame = population_total(region)
    first, last = int(frame["period"].min()), int(frame["period"].max())
    values = frame.set_index("period")["value"]
    change = values[last] / values[first] - 1
    name = region_name(region)
    title = f"Folketalet i {name} har {'auka' if change > 0 else 'minka'} {format_percent(abs(change))} sidan {first}"
    sources = dataset_sources(POPULATION_DATASET)
    fig = charts.line_chart(frame, title=title, provenances=sources, y_title="Personar", note=_latest_note(last))
    return Chart(fig, frame, sources, f"Folketal, {name}", f"folketal_{region}")


def population_indexed(region: str, base_year: int) -> Chart:
    frame = population_total()
    compared = indexed(frame[frame["region_code"].isin([region, BUSKERUD, NORWAY])], base_year)
    last = int(compared["period"].max())
    values = compared[compared["period"] == last].set_index("region_code")["value"]
    name = region_name(region)
    own, norway = values[region], values[NORWAY]
    if abs(own - norway) < 0.5 and own >= 100:  # within half an index point: no ranking to report
        message = f"{name} har vakse om lag like mykje som Noreg sidan {base_year}"
    elif own < 100:
        message = f"{name} har færre innbyggjarar enn i {base_year}" + (
            ", medan Noreg har vakse" if norway > 100 else ""
        )
    elif own > norway:
        message = f"{name} har vakse meir enn Noreg sidan {base_year}"
    else:
        message = f"{name} har vakse, men mindre enn Noreg sidan {base_year}"
    sources = dataset_sources(POPULATION_DATASET)
    fig = charts.line_chart(
        compared, title=f"{message} (indeks, {base_year} = 100)", provenances=sources, y_title="Indeks",
        hover_format=".1f", note=_latest_note(last),
    )
    title = f"Folketal indeksert ({base_year} = 100)"
    return Chart(fig, compared, sources, title, f"folketal_indeks_{region}_{base_year}")


def population_municipalities(region: str = HALLINGDAL) -> Chart:
    """Every municipality's population; the chosen one drawn thicker, the message about growth since the start."""
    frame = population_total()
    frame = frame[frame["region_code"].isin(MUNICIPALITY_CODES)]
    first, last = int(frame["period"].min()), int(frame["period"].max())
    by_region = frame.pivot_table(index="region_code", columns="period", values="value")
    growth = (by_region[last] / by_region[first] - 1).dropna().sort_values()
    fastest, slowest = growth.index[-1], growth.index[0]
    lowest = format_percent(growth[slowest], signed=True)
    shrank = growth[slowest] < 0
    tail = f"{region_name(slowest)} har {'minka' if shrank else 'vakse minst'} ({lowest})"
    highest = format_percent(growth[fastest], signed=True)
    title = f"{region_name(fastest)} har vakse mest sidan {first} ({highest}), {tail}"
    sources = dataset_sources(POPULATION_DATASET)
    fig = charts.line_chart(frame, title=title, provenances=sources, y_title="Personar", note=_latest_note(last))
    if region in MUNICIPALITY_CODES:
        for trace in fig.data:
            chosen = trace.name == region_name(region)
            trace.line.width = 6 if chosen else 2
            trace.opacity = 1 if chosen else 0.55
    return Chart(fig, frame, sources, "Folketal i kommunane i Hallingdal", f"folketal_kommunar_{region}")


WORKING_AGE_GOAL = "attr-yrkesaktiv-alder"


def working_age(region: str, ages: str) -> Chart:
    """Working-age residents with the plan's target path (baseline and target from plan/goals.toml).

    The issue lets the user choose the definition of working age; the plan's +1 % is then drawn for the
    chosen band and labelled so."""
    goal = next((g for g in load_plan().goals if g.id == WORKING_AGE_GOAL), None)
    frame = working_age_population(region, ages=ages)
    values = frame.dropna(subset=["value"]).set_index("period")["value"]
    last = int(values.index.max())
    label = parse_age_band(ages).label
    name = region_name(region)
    sources = dataset_sources(POPULATION_DATASET)
    usable = goal is not None and goal.target_change is not None and goal.baseline_period in values.index
    if not usable:  # goal removed or changed in goals.toml: show the series without a target
        title = f"{label} i {name}, {int(values.index.min())}–{last}"
        fig = charts.line_chart(frame, title=title, provenances=sources, y_title="Personar", note=_latest_note(last))
        return Chart(fig, frame, sources, f"Innbyggjarar {label}, {name}", f"yrkesaktiv_{region}_{ages}")
    base_year, target_year = goal.baseline_period, goal.target_period
    change = values[last] / values[base_year] - 1
    target_value = values[base_year] * (1 + goal.target_change)
    wanted = format_percent(goal.target_change, signed=True, decimals=0)
    title = f"{label} i {name}: {format_percent(change, signed=True)} frå {base_year} til {last} – målet er {wanted}"
    path_label = f"Målbane ({wanted} innan {target_year})"
    if ages != goal.params.get("ages"):
        path_label = f"Planen sitt mål ({wanted}) brukt på {label}"
    fig = charts.line_chart(frame, title=title, provenances=sources, y_title="Personar", note=_latest_note(last))
    charts.add_target_path(fig, progress.target_path(base_year, values[base_year], target_year, target_value),
                           label=path_label)
    return Chart(fig, frame, sources, f"Innbyggjarar {label}, {name}", f"yrkesaktiv_{region}_{ages}")


def age_groups(region: str, grouping: str) -> Chart:
    frame = population_by_age_group(region, groups=grouping)
    frame = frame.sort_values(["age_group"], key=lambda codes: codes.map(lambda c: parse_age_band(c).low),
                              kind="stable")
    shown = frame.assign(group_label=frame["age_group"].map(lambda code: parse_age_band(code).label))
    name = region_name(region)
    first, last = int(frame["period"].min()), int(frame["period"].max())
    # the message: the group that changed most (relative) since the first year
    by_group = frame.pivot_table(index="age_group", columns="period", values="value")
    changes = (by_group[last] / by_group[first] - 1).dropna()
    mover = changes.abs().idxmax()
    verb = "auka" if changes[mover] > 0 else "minka"
    title = (f"{name}: aldersgruppa {parse_age_band(mover).label} har {verb} mest, "
             f"{format_percent(changes[mover], signed=True)} sidan {first}")
    sources = dataset_sources(POPULATION_DATASET)
    fig = charts.line_chart(
        shown, title=title, provenances=sources, y_title="Personar",
        colour_by="age_group", label_by="group_label", note=_latest_note(last),
    )
    return Chart(fig, frame, sources, f"Folketal etter aldersgruppe, {name}", f"aldersgrupper_{region}_{grouping}")


def nice_step(largest: float) -> float:
    """A round tick step (1, 2 or 5 × 10^n) so that two steps cover the largest bar: symmetric, readable ticks."""
    half = max(largest / 2, 1)
    magnitude = 10 ** math.floor(math.log10(half))
    for factor in (1, 2, 5, 10):
        if factor * magnitude >= half:
            return factor * magnitude
    return 10 * magnitude


def pyramid(region: str, year: int) -> Chart:
    data = age_pyramid(region, year)
    men, women = data[data["sex"] == "male"], data[data["sex"] == "female"]
    name = region_name(region)
    fig = go.Figure()
    fig.add_trace(go.Bar(y=men["age_group"], x=-men["value"], name="Menn", orientation="h",
                         marker_color=charts.PALETTE[0], customdata=men["value"],
                         hovertemplate="Menn %{y}: %{customdata:,.0f}<extra></extra>"))
    fig.add_trace(go.Bar(y=women["age_group"], x=women["value"], name="Kvinner", orientation="h",
                         marker_color=charts.PALETTE[1], hovertemplate="Kvinner %{y}: %{x:,.0f}<extra></extra>"))
    sources = dataset_sources(POPULATION_DATASET)
    older = data[data["age_low"] >= 65]["value"].sum() / data["value"].sum()
    title = f"Alderspyramide, {name}, 1. januar {year}: {format_percent(older)} er 65 år eller eldre"
    charts.finish_figure(fig, title=title, provenances=sources,
                         integer_years=False, height=640)
    largest = float(max(men["value"].max(), women["value"].max()))
    step = nice_step(largest)
    ticks = [-2 * step, -step, 0, step, 2 * step]
    fig.update_layout(barmode="overlay", bargap=0.05)
    fig.update_xaxes(tickvals=ticks, ticktext=[format_number(abs(t)) for t in ticks], title=dict(text="Personar"),
                     range=[-largest * 1.05, largest * 1.05])  # symmetric, so both sides read alike
    fig.update_yaxes(title=dict(text="Alder"), tickformat="")
    return Chart(fig, data, sources, f"Alderspyramide {name} {year}", f"pyramide_{region}_{year}")


def projection(region: str) -> Chart:
    frame = population_projection(region)
    registered = frame[frame["series"] == "registered"]
    projected = frame[frame["series"] == "projection"]
    end_year = int(projected["period"].max())
    end_value = projected[projected["period"] == end_year]["value"].iloc[0]
    last = int(registered.dropna(subset=["value"])["period"].max())
    name = region_name(region)
    fig = go.Figure()
    fig.add_trace(go.Scatter(x=registered["period"], y=registered["value"], name="Registrert folketal",
                             mode="lines+markers", line=dict(color=charts.INK, width=4)))
    fig.add_trace(go.Scatter(x=projected["period"], y=projected["value"], name="Framskriving (SSB, 2024-runden)",
                             mode="lines", line=dict(color=charts.PALETTE[0], width=4, dash="dash")))
    title = f"SSB framskriv {format_number(end_value)} innbyggjarar i {name} i {end_year}"
    both = registered.merge(projected, on="period", suffixes=("_registered", "_projected"))
    overlap = both[both["period"] == last]
    if not overlap.empty:
        gap = overlap["value_registered"].iloc[0] - overlap["value_projected"].iloc[0]
        side = "under" if gap < 0 else "over"
        title += f" – i {last} var folketalet {format_number(abs(gap))} {side} framskrivinga"
    sources = dataset_sources(POPULATION_DATASET, PROJECTION)
    charts.finish_figure(
        fig, title=title, provenances=sources, y_title="Personar",
        note=f"Siste registrerte tal: 1. januar {last}. {PROJECTION_NOTE}",
    )
    return Chart(fig, frame, sources, f"Folketal og framskriving, {name}", f"framskriving_{region}")
