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
    PartTimeInputError,
    PartTimeInputs,
    calculate,
    format_count_input,
    full_year_equivalents,
    input_label,
    parse_percent,
    parse_whole_number,
    percent_text,
    plan_defaults,
    plan_source,
)
from indicators.present import part_time_charts, texts
from indicators.present.texts import part_time as words
from indicators.regions import active_region
from ui.data import cached_chart, indicator_frame
from ui.figures import show
from ui.sidebar import current_region

COUNT_FIELDS = ("average_persons_per_day", "registered_residents", "external_workforce", "through_traffic",
                "day_tourists")
SHARE_KEY = "part_time_uncounted_sim_percent"
SHARE_LABEL = words.SHARE_LABEL

defaults = plan_defaults()


def count_key(name: str) -> str:
    return f"part_time_{name}"


def count_label(name: str) -> str:
    return input_label(name).replace("innb.", "innbyggjarar")


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


region_id = active_region().id
st.title(words.PAGE_TITLE)
if current_region() != region_id:
    st.info(texts.fill(words.WHOLE_REGION_ONLY), icon="ℹ️")
st.markdown(texts.fill(words.INTRODUCTION))
st.caption(texts.fill(words.SOURCE_CAPTION, source=texts.fill(plan_source())))  # the source may say {plan_title}

st.header(words.HEADER_ASSUMPTIONS)
for key, text in default_texts().items():
    st.session_state.setdefault(key, text)
inputs_col, result_col = st.columns([1, 1], gap="large")
problems: list[str] = []
counts: dict[str, int] = {}
share = defaults.uncounted_sim_share
with inputs_col:
    for name in COUNT_FIELDS:
        text = st.text_input(count_label(name), key=count_key(name), on_change=tidy_count, args=(name,),
                             help=words.COUNT_HELP)
        try:
            counts[name] = parse_whole_number(text, count_label(name))
        except PartTimeInputError as exc:
            problems.append(str(exc))
        if name == "average_persons_per_day":
            share_text = st.text_input(SHARE_LABEL, key=SHARE_KEY, on_change=tidy_share,
                                       help=words.SHARE_HELP)
            try:
                share = parse_percent(share_text, SHARE_LABEL)
            except PartTimeInputError as exc:
                problems.append(str(exc))
    st.button(words.RESET, on_click=reset_to_plan)

with result_col:
    try:
        if problems:
            raise PartTimeInputError(" ".join(problems))
        inputs = PartTimeInputs(uncounted_sim_share=share, **counts)
        result = calculate(inputs)
    except PartTimeInputError as exc:
        st.error(str(exc), icon="⚠️")
        st.stop()
    st.subheader(words.HEADER_CALCULATION)
    line_column, persons_column = words.CALCULATION_COLUMNS
    table = pd.DataFrame(
        [(label, format_number(value)) for label, value in result.table_rows()], columns=[line_column, persons_column]
    )
    st.dataframe(table, hide_index=True, width="stretch",
                 column_config={persons_column: st.column_config.TextColumn(alignment="right")})
    st.caption(words.PLAN_NUMBERS if inputs == defaults else words.CHANGED_NUMBERS)

population = indicator_frame("population_total", region=region_id).dropna(subset=["value"])
latest = population.sort_values("period").iloc[-1]
population_year, registered = int(latest["period"]), float(latest["value"])
equivalents = full_year_equivalents(registered, result.guest_days_per_year)

st.header(words.HEADER_COMPARISON)
col1, col2, col3, col4 = st.columns(4)
col1.metric(words.METRIC_PER_DAY, format_number(result.guest_days_per_day))
col2.metric(words.METRIC_PER_YEAR, format_number(result.guest_days_per_year))
col3.metric(texts.fill(words.METRIC_REGISTERED, year=population_year), format_number(registered))
col4.metric(words.METRIC_EQUIVALENTS, format_number(equivalents))
st.caption(texts.fill(words.FULL_YEAR_EQUIVALENT_NOTE))
st.caption(texts.fill(words.POPULATION_CAPTION, rounded=format_number(defaults.registered_residents)))
show(cached_chart(part_time_charts.comparison, **{name: int(getattr(inputs, name)) for name in COUNT_FIELDS},
                  uncounted_sim_share=inputs.uncounted_sim_share, registered_population=registered,
                  population_year=population_year, plan_assumptions=inputs == defaults))
