"""Folketal: population over time, age composition, age pyramid and SSB's projection."""

from __future__ import annotations

import plotly.graph_objects as go
import streamlit as st

from indicators import charts
from indicators.aggregate import indexed
from indicators.ages import DEFAULT_WORKING_AGE, WORKING_AGE_CHOICES, parse_age_band
from indicators.formatting import format_number, format_percent
from indicators.population import age_pyramid
from indicators.regions import BUSKERUD, MUNICIPALITY_CODES, NORWAY, region_name
from ui.data import indicator_frame, provenances
from ui.figures import show_chart
from ui.sidebar import current_region
from ui.state import synced_select

region = current_region()
name = region_name(region)
st.title(f"Folketal – {name}")

population = indicator_frame("population_total")
sources = provenances("population_total")
latest_year = int(population["period"].max())
first_year = int(population["period"].min())
own = population[population["region_code"] == region].sort_values("period")
latest = own[own["period"] == latest_year]["value"].iloc[0]
previous = own[own["period"] == latest_year - 1]["value"].iloc[0]

col1, col2, col3 = st.columns(3)
col1.metric(f"Folketal 1. januar {latest_year}", format_number(latest),
            f"{format_number(latest - previous)} frå året før".replace("−", "-"))
base = own[own["period"] == first_year]["value"].iloc[0]
col2.metric(f"Endring sidan {first_year}", format_percent(latest / base - 1, signed=True))
col3.metric("Del av Buskerud", format_percent(
    latest / population[(population["region_code"] == BUSKERUD) & (population["period"] == latest_year)]["value"].iloc[0]
))

# --- Over time -------------------------------------------------------------------------------------------
st.header("Utvikling over tid")
tab_region, tab_index, tab_municipalities = st.tabs(
    [f"Folketalet i {name}", "Samanlikna med Buskerud og Noreg", "Kommunane i Hallingdal"]
)
with tab_region:
    change = latest / base - 1
    direction = "auka" if change > 0 else "minka"
    fig = charts.line_chart(
        own, title=f"Folketalet i {name} har {direction} {format_percent(abs(change))} sidan {first_year}",
        provenances=sources, y_title="Personar",
    )
    show_chart(fig, key=f"folketal_{region}", data=own, provenances=sources, title=f"Folketal, {name}")

with tab_index:
    base_year = int(synced_select(
        "Indeksår (= 100)", [str(y) for y in range(first_year, latest_year)], param="base_year", default="2022",
    ))
    compared = population[population["region_code"].isin([region, BUSKERUD, NORWAY])]
    index = indexed(compared, base_year)
    fig = charts.line_chart(
        index, title=f"Folketal som indeks, {base_year} = 100", provenances=sources, y_title="Indeks",
        hover_format=".1f",
    )
    show_chart(fig, key=f"folketal_indeks_{region}_{base_year}", data=index, provenances=sources,
               title=f"Folketal indeksert ({base_year} = 100)")

with tab_municipalities:
    municipalities = population[population["region_code"].isin(MUNICIPALITY_CODES)]
    fig = charts.line_chart(
        municipalities, title="Folketal i kvar kommune", provenances=sources, y_title="Personar",
    )
    show_chart(fig, key="folketal_kommunar", data=municipalities, provenances=sources,
               title="Folketal i kommunane i Hallingdal")

# --- Working age ---------------------------------------------------------------------------------------
st.header("Innbyggjarar i yrkesaktiv alder")
ages = synced_select(
    "Aldersgruppe", WORKING_AGE_CHOICES, param="ages", default=DEFAULT_WORKING_AGE,
    format_func=lambda code: parse_age_band(code).label, horizontal=True, widget=st.radio,
)
working = indicator_frame("working_age_population", region, ages=ages)
working_base = working[working["period"] == 2022]["value"].iloc[0]
working_latest = working[working["period"] == latest_year]["value"].iloc[0]
band_label = parse_age_band(ages).label
fig = charts.line_chart(
    working,
    title=f"{band_label}: {format_percent(working_latest / working_base - 1, signed=True)} frå 2022 til {latest_year}",
    provenances=sources, y_title="Personar",
)
show_chart(fig, key=f"yrkesaktiv_{region}_{ages}", data=working, provenances=sources,
           title=f"Innbyggjarar {band_label}, {name}")

# --- Age groups -----------------------------------------------------------------------------------------
st.header("Samansetjing etter alder")
grouping = synced_select(
    "Inndeling", ["plan", "fine"], param="groups", default="plan",
    format_func={"plan": "Som i planen (0–19, 20–64, 65+)", "fine": "Finare aldersgrupper"}.get,
    horizontal=True, widget=st.radio,
)
groups = indicator_frame("population_by_age_group", region, groups=grouping)
groups = groups.assign(group_label=groups["age_group"].map(lambda code: parse_age_band(code).label))
fig = charts.line_chart(
    groups, title=f"Folketal etter aldersgruppe, {name}", provenances=sources, y_title="Personar",
    colour_by="age_group", label_by="group_label",
)
show_chart(fig, key=f"aldersgrupper_{region}_{grouping}", data=groups.drop(columns="group_label"),
           provenances=sources, title=f"Folketal etter aldersgruppe, {name}")

# --- Pyramid --------------------------------------------------------------------------------------------
st.header("Alderspyramide")
year = int(synced_select(
    "År (1. januar)", [str(y) for y in range(first_year, latest_year + 1)], param="year",
    default=str(latest_year), widget=st.select_slider,
))
pyramid = age_pyramid(region, year)
men = pyramid[pyramid["sex"] == "male"]
women = pyramid[pyramid["sex"] == "female"]
fig = go.Figure()
fig.add_trace(go.Bar(y=men["age_group"], x=-men["value"], name="Menn", orientation="h",
                     marker_color=charts.PALETTE[0], customdata=men["value"],
                     hovertemplate="Menn %{y}: %{customdata:,.0f}<extra></extra>"))
fig.add_trace(go.Bar(y=women["age_group"], x=women["value"], name="Kvinner", orientation="h",
                     marker_color=charts.PALETTE[1],
                     hovertemplate="Kvinner %{y}: %{x:,.0f}<extra></extra>"))
charts.finish_figure(fig, title=f"Alderspyramide, {name}, 1. januar {year}", provenances=sources,
                     integer_years=False, height=640)
limit = float(max(men["value"].max(), women["value"].max()))
ticks = [round(limit * f, -1 if limit > 100 else 0) for f in (-1, -0.5, 0, 0.5, 1)]
fig.update_layout(barmode="overlay", bargap=0.05)
fig.update_xaxes(tickvals=ticks, ticktext=[format_number(abs(t)) for t in ticks], title=dict(text="Personar"))
fig.update_yaxes(title=dict(text="Alder"), tickformat="")
show_chart(fig, key=f"pyramide_{region}_{year}", data=pyramid, provenances=sources,
           title=f"Alderspyramide {name} {year}")

# --- Projection -----------------------------------------------------------------------------------------
st.header("Framskriving til 2050")
projection = indicator_frame("population_projection", region)
projection_sources = provenances("population_projection")
registered = projection[projection["series"] == "registered"]
projected = projection[projection["series"] == "projection"]
end_value = projected[projected["period"] == projected["period"].max()]["value"].iloc[0]
fig = go.Figure()
fig.add_trace(go.Scatter(x=registered["period"], y=registered["value"], name="Registrert folketal",
                         mode="lines+markers", line=dict(color=charts.INK, width=4)))
bridge = registered[registered["period"] == registered["period"].max()]
fig.add_trace(go.Scatter(x=list(bridge["period"]) + list(projected["period"]),
                         y=list(bridge["value"]) + list(projected["value"]),
                         name="Framskriving (SSB, 2024-runden)", mode="lines",
                         line=dict(color=charts.PALETTE[0], width=4, dash="dash")))
charts.finish_figure(
    fig,
    title=f"SSB framskriv {format_number(end_value)} innbyggjarar i {name} i 2050",
    provenances=projection_sources, y_title="Personar",
    note="Framskrivingsrunde 2024; kjelda seier ikkje kva alternativ (truleg hovudalternativet MMMM)",
)
show_chart(fig, key=f"framskriving_{region}", data=projection, provenances=projection_sources,
           title=f"Folketal og framskriving, {name}")
st.caption(
    "Framskrivinga er SSB sin 2024-runde (tabell 14288). Kjelda vi har tala frå, seier ikkje kva alternativ "
    "det er; truleg er det hovudalternativet (MMMM). Framskrivingar er usikre, særleg for små kommunar."
)
