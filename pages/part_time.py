"""Deltidsinnbyggjarar: the plan's guest-day estimate from teledata, editable, next to the registered population.

The assumptions are typed as Norwegian numbers («46 724», «6,5»); they are what-if numbers for this session,
not view state, so they are not kept in the URL.
"""

from __future__ import annotations

import contextlib

import pandas as pd
import streamlit as st

from indicators.formatting import format_number
from indicators.part_time import (
    FULL_YEAR_EQUIVALENT_NOTE,
    INPUT_LABELS,
    PartTimeInputError,
    PartTimeInputs,
    calculate,
    format_count_input,
    full_year_equivalents,
    parse_percent,
    parse_whole_number,
    percent_text,
    plan_defaults,
    plan_source,
)
from indicators.present import part_time_charts
from indicators.regions import HALLINGDAL
from ui.data import cached_chart, indicator_frame
from ui.figures import show
from ui.sidebar import current_region

COUNT_FIELDS = ("average_persons_per_day", "registered_residents", "external_workforce", "through_traffic",
                "day_tourists")
SHARE_KEY = "part_time_uncounted_sim_percent"
SHARE_LABEL = "Påslag for personar utan mobil / avvik for SIM-kort (%)"

defaults = plan_defaults()


def count_key(name: str) -> str:
    return f"part_time_{name}"


def count_label(name: str) -> str:
    return INPUT_LABELS[name].replace("innb.", "innbyggjarar")


def default_texts() -> dict[str, str]:
    texts = {count_key(name): format_count_input(int(getattr(defaults, name))) for name in COUNT_FIELDS}
    texts[SHARE_KEY] = percent_text(defaults.uncounted_sim_share)
    return texts


def reset_to_plan() -> None:
    st.session_state.update(default_texts())


def tidy_count(name: str) -> None:
    """After an edit, show a valid count with a space between the thousands (46724 -> 46 724)."""
    with contextlib.suppress(PartTimeInputError):  # else left as typed; the message is shown below the fields
        st.session_state[count_key(name)] = format_count_input(
            parse_whole_number(st.session_state[count_key(name)], count_label(name))
        )


def tidy_share() -> None:
    with contextlib.suppress(PartTimeInputError):
        st.session_state[SHARE_KEY] = percent_text(parse_percent(st.session_state[SHARE_KEY], SHARE_LABEL))


st.title("Deltidsinnbyggjarar")
if current_region() != HALLINGDAL:
    st.info("Anslaget gjeld Hallingdal samla: planen har ikkje tal for kvar kommune. Sida viser difor Hallingdal "
            "same kva region som er vald.", icon="ℹ️")
st.markdown(
    "Planen reknar ut kor mange som oppheld seg i Hallingdal på eit snittdøgn ut frå teledata, og kor mange "
    "gjestedøgn det gir. Tala under er planen sine; du kan endre føresetnadene og sjå korleis anslaget endrar seg."
)
st.caption(f"Kjelde for føresetnadene: {plan_source()}.")

st.header("Føresetnader")
for key, text in default_texts().items():
    st.session_state.setdefault(key, text)
inputs_col, result_col = st.columns([1, 1], gap="large")
problems: list[str] = []
counts: dict[str, int] = {}
share = defaults.uncounted_sim_share
with inputs_col:
    for name in COUNT_FIELDS:
        text = st.text_input(count_label(name), key=count_key(name), on_change=tidy_count, args=(name,),
                             help="Heile personar; mellomrom mellom tusena går fint (46 724).")
        try:
            counts[name] = parse_whole_number(text, count_label(name))
        except PartTimeInputError as exc:
            problems.append(str(exc))
        if name == "average_persons_per_day":
            share_text = st.text_input(SHARE_LABEL, key=SHARE_KEY, on_change=tidy_share,
                                       help="I prosent, med desimalkomma om du treng det (6 eller 6,5).")
            try:
                share = parse_percent(share_text, SHARE_LABEL)
            except PartTimeInputError as exc:
                problems.append(str(exc))
    st.button("Tilbakestill til tala i planen", on_click=reset_to_plan)

with result_col:
    try:
        if problems:
            raise PartTimeInputError(" ".join(problems))
        inputs = PartTimeInputs(uncounted_sim_share=share, **counts)
        result = calculate(inputs)
    except PartTimeInputError as exc:
        st.error(str(exc), icon="⚠️")
        st.stop()
    st.subheader("Utrekninga, som i planen")
    table = pd.DataFrame(
        [(label, format_number(value)) for label, value in result.table_rows()], columns=["Post", "Personar"]
    )
    st.dataframe(table, hide_index=True, width="stretch",
                 column_config={"Personar": st.column_config.TextColumn(alignment="right")})
    if inputs == defaults:
        st.caption("Dette er tala i planen.")
    else:
        st.caption("Føresetnadene er endra frå planen sine tal.")

population = indicator_frame("population_total", region=HALLINGDAL).dropna(subset=["value"])
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
show(cached_chart(part_time_charts.comparison, **{name: int(getattr(inputs, name)) for name in COUNT_FIELDS},
                  uncounted_sim_share=inputs.uncounted_sim_share))
