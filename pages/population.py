"""Folketal: population over time, age composition, age pyramid and SSB's projection."""

from __future__ import annotations

import streamlit as st

from indicators.ages import DEFAULT_WORKING_AGE, WORKING_AGE_CHOICES, parse_age_band
from indicators.formatting import format_number, format_percent, format_signed
from indicators.present import population_charts
from indicators.regions import BUSKERUD, region_name
from ui.data import cached_chart, indicator_frame
from ui.figures import show
from ui.sidebar import current_region
from ui.state import synced_select

region = current_region()
name = region_name(region)
st.title(f"Folketal – {name}")

population = indicator_frame("population_total")
latest_year = int(population["period"].max())
first_year = int(population["period"].min())
by_region_year = population.set_index(["region_code", "period"])["value"]
latest = by_region_year[(region, latest_year)]
col1, col2, col3 = st.columns(3)
col1.metric(f"Folketal 1. januar {latest_year}", format_number(latest),
            f"{format_signed(latest - by_region_year[(region, latest_year - 1)])} frå året før".replace("−", "-"))
col2.metric(f"Endring sidan {first_year}", format_percent(latest / by_region_year[(region, first_year)] - 1,
                                                          signed=True))
col3.metric("Del av folketalet i Buskerud", format_percent(latest / by_region_year[(BUSKERUD, latest_year)]))

st.header("Utvikling over tid")
# A radio rather than st.tabs: the chosen view then lives in the URL like every other choice.
views = {"region": f"Folketalet i {name}", "indeks": "Samanlikna med Buskerud og Noreg",
         "kommunar": "Kommunane i Hallingdal"}
view = synced_select("Vis", list(views), param="view", default="region", format_func=views.get,
                     horizontal=True, widget=st.radio, label_visibility="collapsed")
if view == "region":
    show(cached_chart(population_charts.population_trend, region=region))
elif view == "indeks":
    base_year = int(synced_select(
        "Indeksår (= 100)", [str(y) for y in range(first_year, latest_year)], param="base_year", default="2022",
    ))
    show(cached_chart(population_charts.population_indexed, region=region, base_year=base_year))
else:
    show(cached_chart(population_charts.population_municipalities, region=region))

st.header("Innbyggjarar i yrkesaktiv alder")
ages = synced_select(
    "Aldersgruppe", WORKING_AGE_CHOICES, param="ages", default=DEFAULT_WORKING_AGE,
    format_func=lambda code: parse_age_band(code).label, horizontal=True, widget=st.radio,
)
show(cached_chart(population_charts.working_age, region=region, ages=ages))
st.caption("Planen reknar 20–64 år som yrkesaktiv alder; målet og utgangsåret står i plan/goals.toml og er "
           "forklarte på sida «Om».")

st.header("Samansetjing etter alder")
grouping = synced_select(
    "Inndeling", ["plan", "fine"], param="groups", default="plan",
    format_func={"plan": "Som i planen (0–19, 20–64, 65+)", "fine": "Finare aldersgrupper"}.get,
    horizontal=True, widget=st.radio,
)
show(cached_chart(population_charts.age_groups, region=region, grouping=grouping))

st.header("Alderspyramide")
year = int(synced_select(
    "År (1. januar)", [str(y) for y in range(first_year, latest_year + 1)], param="year",
    default=str(latest_year), widget=st.select_slider,
))
show(cached_chart(population_charts.pyramid, region=region, year=year))

st.header("Framskriving til 2050")
show(cached_chart(population_charts.projection, region=region))
st.caption(
    "Framskrivinga er SSB sin 2024-runde (tabell 14288). Kjelda vi har tala frå, seier ikkje kva alternativ "
    "det er; truleg er det hovudalternativet (MMMM). Framskrivingar er usikre, særleg for små kommunar."
)
