"""Deltidsinnbyggjarar: the plan's guest-day estimate from teledata, editable, next to the registered population."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from indicators.formatting import format_number
from indicators.part_time import (
    FULL_YEAR_EQUIVALENT_NOTE,
    INPUT_LABELS,
    PartTimeInputError,
    PartTimeInputs,
    calculate,
    comparison_figure,
    full_year_equivalents,
    plan_defaults,
    plan_source,
    summary_table,
)
from indicators.regions import HALLINGDAL
from ui.data import indicator_frame, provenances
from ui.figures import show_chart

COUNT_FIELDS = ("average_persons_per_day", "registered_residents", "external_workforce", "through_traffic",
                "day_tourists")
SHARE_KEY = "part_time_uncounted_sim_percent"

defaults = plan_defaults()


def reset_to_plan() -> None:
    for name in COUNT_FIELDS:
        st.session_state[f"part_time_{name}"] = int(getattr(defaults, name))
    st.session_state[SHARE_KEY] = defaults.uncounted_sim_share * 100


st.title("Deltidsinnbyggjarar")
st.markdown(
    "Planen reknar ut kor mange som oppheld seg i Hallingdal på eit snittdøgn ut frå teledata, og kor mange "
    "gjestedøgn det gir. Tala under er planen sine; du kan endre føresetnadene og sjå korleis anslaget endrar seg."
)
st.caption(f"Kjelde for føresetnadene: {plan_source()}.")

st.header("Føresetnader")
inputs_col, result_col = st.columns([1, 1], gap="large")
with inputs_col:
    counts: dict[str, int] = {}
    for name in COUNT_FIELDS:
        key = f"part_time_{name}"
        st.session_state.setdefault(key, int(getattr(defaults, name)))
        label = INPUT_LABELS[name].replace("innb.", "innbyggjarar")
        counts[name] = int(st.number_input(label, min_value=0, step=100, key=key))
        if name == "average_persons_per_day":
            st.session_state.setdefault(SHARE_KEY, defaults.uncounted_sim_share * 100)
            st.number_input(
                "Påslag for personar utan mobil / avvik for SIM-kort (%)", min_value=0.0, max_value=99.0,
                step=0.5, format="%.1f", key=SHARE_KEY,
            )
    st.button("Tilbakestill til tala i planen", on_click=reset_to_plan)

inputs = PartTimeInputs(uncounted_sim_share=float(st.session_state[SHARE_KEY]) / 100, **counts)

with result_col:
    try:
        result = calculate(inputs)
    except PartTimeInputError as exc:
        st.error(str(exc), icon="⚠️")
        st.stop()
    st.subheader("Utrekninga, som i planen")
    table = pd.DataFrame(
        [(label, format_number(value)) for label, value in result.table_rows()], columns=["Post", "Personar"]
    )
    st.dataframe(table, hide_index=True, width="stretch")
    if inputs == defaults:
        st.caption("Dette er tala i planen.")
    else:
        st.caption("Føresetnadene er endra frå planen sine tal.")

population = indicator_frame("population_total", region=HALLINGDAL).dropna(subset=["value"])
sources = provenances("population_total")
latest = population.sort_values("period").iloc[-1]
population_year, registered = int(latest["period"]), float(latest["value"])
equivalents = full_year_equivalents(registered, result.guest_days_per_year)

st.header("Samanlikna med folketalet")
col1, col2, col3, col4 = st.columns(4)
col1.metric("Gjestedøgn snitt pr. døgn", format_number(result.guest_days_per_day))
col2.metric("Gjestedøgn pr. år", format_number(result.guest_days_per_year))
col3.metric(f"Registrert folketal 1. januar {population_year}", format_number(registered))
col4.metric("Heilårsekvivalentar (anslag)", format_number(equivalents))
st.caption(FULL_YEAR_EQUIVALENT_NOTE)
st.caption(
    "Folketalet er det registrerte folketalet i Hallingdal (Statistisk sentralbyrå, tabell 07459). Planen "
    "trekkjer frå eit runda tal (20 000) for innbyggjarane; det kan du endre over."
)

fig = comparison_figure(result, registered, population_year, sources)
show_chart(fig, key="deltidsinnbyggjarar", data=summary_table(result, registered, population_year),
           provenances=sources, title="Deltidsinnbyggjarar")
