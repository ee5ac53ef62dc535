"""Deltidsinnbyggjarar: the plan's guest-day estimate from teledata, editable, next to the registered population.

Three sections (tabs, ui/sections.py; only the open one is built, and it is in the URL): the key message (people on
an average day against the registered residents) first, the six-field calculation («Rekn ut sjølv») and the context
figures (new buildings, fibre) when opened. The assumptions are typed as Norwegian numbers («46 724», «6,5»); they
are what-if numbers for this session, not view state, so they are not kept in the URL.
"""

from __future__ import annotations

import contextlib

import pandas as pd
import streamlit as st

from indicators.formatting import format_number
from indicators.goals import GoalFileError
from indicators.part_time import (
    PartTimeInputError,
    PartTimeInputs,
    PartTimeResult,
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
from indicators.present import context_charts, part_time_charts, texts
from indicators.present.key_figures import KeyFigure
from indicators.present.texts import context as context_words
from indicators.present.texts import part_time as words
from indicators.regions import active_region, region_name
from indicators.safe_text import markdown_escaped
from ui.data import cached_chart, evaluation, has_figures, indicator_frame, provenances
from ui.figures import show
from ui.goal_status import show_goal_status
from ui.key_figures import show_key_figures
from ui.navigation import run_inside_the_app
from ui.sections import show_sections
from ui.sidebar import current_region, say_plan_region
from ui.style import page_title

run_inside_the_app()  # first: see ui/navigation.py


def numbers_table(frame: pd.DataFrame, key: str) -> None:
    """A small table whose last column holds (formatted, so text) numbers, aligned right as numbers are read
    (ui/style.py styles containers keyed numbers_*: CSS, because a pandas Styler cost a third of the run)."""
    with st.container(key=f"numbers_{key}"):
        st.table(frame, hide_index=True)


COUNT_FIELDS = ("average_persons_per_day", "registered_residents", "external_workforce", "through_traffic",
                "day_tourists")
SHARE_KEY = "part_time_uncounted_sim_percent"
SHARE_LABEL = words.SHARE_LABEL
RESET_KEY = "part_time_reset"
TYPED_KEY = "part_time_typed"  # the fields' texts, kept while the form's section is closed (its widgets are not)

# the plan's assumptions; None for a region with members only (then only the context figures further down)
defaults: PartTimeInputs | None = plan_defaults() if active_region().has_plan else None


def count_key(name: str) -> str:
    return f"part_time_{name}"


def count_label(name: str) -> str:
    return input_label(name).replace("innb.", "innbyggjarar")


def default_texts(assumptions: PartTimeInputs) -> dict[str, str]:
    texts = {count_key(name): format_count_input(int(getattr(assumptions, name))) for name in COUNT_FIELDS}
    texts[SHARE_KEY] = percent_text(assumptions.uncounted_sim_share)
    return texts


def typed_texts(assumptions: PartTimeInputs) -> dict[str, str]:
    """The fields' texts as last typed. The form is drawn only in its own section, and Streamlit forgets a widget's
    state after a run that did not draw it: the texts are kept under a key of their own, so the comparison shows
    what was typed after the user has left the form, and the form shows it again on return."""
    kept: dict[str, str] = st.session_state.setdefault(TYPED_KEY, default_texts(assumptions))
    for key in kept:
        if key in st.session_state:  # the field was drawn in the last run: its text (tidied) is the latest
            kept[key] = st.session_state[key]
    return kept


def reset_to_plan(assumptions: PartTimeInputs) -> None:
    st.session_state.update(default_texts(assumptions))
    st.session_state[TYPED_KEY] = default_texts(assumptions)


def tidy_count(name: str) -> None:
    """After an edit, show a valid count with a space between the thousands (46724 -> 46 724)."""
    with contextlib.suppress(PartTimeInputError):  # else left as typed; the message is shown below the fields
        st.session_state[count_key(name)] = format_count_input(
            parse_whole_number(st.session_state[count_key(name)], count_label(name))
        )


def tidy_share() -> None:
    with contextlib.suppress(PartTimeInputError):
        st.session_state[SHARE_KEY] = percent_text(parse_percent(st.session_state[SHARE_KEY], SHARE_LABEL))


def read_inputs(assumptions: PartTimeInputs, typed: dict[str, str]) -> tuple[PartTimeInputs | None, list[str]]:
    """The assumptions as typed, or the problems with them."""
    problems: list[str] = []
    counts: dict[str, int] = {}
    share = assumptions.uncounted_sim_share
    for name in COUNT_FIELDS:
        try:
            counts[name] = parse_whole_number(typed[count_key(name)], count_label(name))
        except PartTimeInputError as exc:
            problems.append(str(exc))
    try:
        share = parse_percent(typed[SHARE_KEY], SHARE_LABEL)
    except PartTimeInputError as exc:
        problems.append(str(exc))
    if problems:
        return None, problems
    return PartTimeInputs(uncounted_sim_share=share, **counts), []


def calculated(inputs: PartTimeInputs | None, problems: list[str]) -> tuple[PartTimeResult | None, list[str]]:
    """The plan's calculation, or why it cannot be made (impossible numbers are said, in Nynorsk)."""
    if inputs is None:
        return None, problems
    try:
        return calculate(inputs), []
    except PartTimeInputError as exc:
        return None, [str(exc)]


def comparison_section(assumptions: PartTimeInputs, inputs: PartTimeInputs | None, result: PartTimeResult | None,
                       problems: list[str]) -> None:
    """The key message: people on an average day against the registered residents."""
    if inputs is None or result is None:
        st.error(" ".join(problems), icon="⚠️")
        return
    population = indicator_frame("population_total", region=region_id).dropna(subset=["value"])
    latest = population.sort_values("period").iloc[-1]
    population_year, registered = int(latest["period"]), float(latest["value"])
    equivalents = full_year_equivalents(registered, result.guest_days_per_year)
    show_key_figures([
        KeyFigure(words.METRIC_PER_DAY, format_number(result.guest_days_per_day)),
        KeyFigure(texts.fill(words.METRIC_REGISTERED, year=population_year), format_number(registered)),
        KeyFigure(words.METRIC_PER_YEAR, format_number(result.guest_days_per_year)),
        KeyFigure(words.METRIC_EQUIVALENTS, format_number(equivalents)),
    ])
    st.caption(texts.fill(words.FULL_YEAR_EQUIVALENT_NOTE))
    counts = {name: int(getattr(inputs, name)) for name in COUNT_FIELDS}
    show(cached_chart(part_time_charts.comparison, **counts, uncounted_sim_share=inputs.uncounted_sim_share,
                      registered_population=registered, population_year=population_year,
                      plan_assumptions=inputs == assumptions, sources=tuple(provenances("population_total"))),
         downloads_menu=True)  # no download-button code to load while the page opens (issue 20)
    st.caption(texts.fill(words.POPULATION_CAPTION, rounded=format_number(assumptions.registered_residents)))


def calculation_section(assumptions: PartTimeInputs, typed: dict[str, str], inputs: PartTimeInputs | None,
                        result: PartTimeResult | None, problems: list[str]) -> None:
    """«Rekn ut sjølv»: the six fields, and the plan's calculation beside them."""
    st.header(words.HEADER_ASSUMPTIONS)
    # the source may say {plan_title}
    st.caption(texts.fill(words.SOURCE_CAPTION, source=texts.fill(plan_source())))
    # The fields start from what was typed, also after a run that did not draw them: assigned, not set by default
    # (the browser showed a field left while edited as empty on return otherwise). `typed` holds the fields' own
    # latest values when they were drawn, so while the form stays open this changes nothing.
    for key, text in typed.items():
        st.session_state[key] = text
    inputs_col, result_col = st.columns([1, 1], gap="large")
    with inputs_col:
        for name in COUNT_FIELDS:
            st.text_input(count_label(name), key=count_key(name), on_change=tidy_count, args=(name,),
                          help=words.COUNT_HELP)
            if name == "average_persons_per_day":
                st.text_input(SHARE_LABEL, key=SHARE_KEY, on_change=tidy_share, help=words.SHARE_HELP)
        st.button(words.RESET, on_click=reset_to_plan, args=(assumptions,), key=RESET_KEY)

    with result_col:
        if inputs is None or result is None:
            st.error(" ".join(problems), icon="⚠️")
        else:
            st.subheader(words.HEADER_CALCULATION)
            line_column, persons_column = words.CALCULATION_COLUMNS
            table = pd.DataFrame(
                [(label, format_number(value)) for label, value in result.table_rows()],
                columns=[line_column, persons_column],
            )
            # st.table, not st.dataframe: a few rows read best (and draw fastest) as a plain HTML table
            numbers_table(table, "calculation")
            st.caption(words.PLAN_NUMBERS if inputs == assumptions else words.CHANGED_NUMBERS)


def latest_table(frame: pd.DataFrame, columns: dict[str, str]) -> pd.DataFrame:
    """The latest period's figures as a small table (names and Norwegian numbers), columns renamed."""
    latest = frame[frame["period"] == frame.dropna(subset=["value"])["period"].max()]
    shown = latest.assign(value=[format_number(v, 1 if "%" in columns["value"] else 0) for v in latest["value"]])
    return shown[list(columns)].rename(columns=columns)


def context_section() -> None:
    """Context, not goal statuses: figures by default, the chart (with its downloads) when asked for."""
    chosen = current_region()
    st.header(context_words.BUILDINGS_HEADER)
    if has_figures("new_buildings", chosen):
        buildings = indicator_frame("new_buildings", region=chosen).assign(
            building=lambda f: f["building"].map(context_words.BUILDING_LABELS))
        numbers_table(latest_table(buildings, context_words.BUILDINGS_TABLE), "buildings")
        if st.toggle(context_words.SHOW_CHART, key="part_time_buildings_chart"):
            show(cached_chart(context_charts.new_buildings_chart, region=chosen,
                              frame=indicator_frame("new_buildings", region=chosen),
                              sources=provenances("new_buildings")))
    else:
        st.info(texts.fill(context_words.BUILDINGS_NO_DATA, name=region_name(chosen)))

    st.header(context_words.FIBRE_HEADER)
    if has_figures("fibre_coverage", region_id):
        fibre = indicator_frame("fibre_coverage").dropna(subset=["value"])
        sources = provenances("fibre_coverage")
        survey = context_charts.survey_text(sources, int(fibre["period"].max()))
        numbers_table(latest_table(fibre, context_words.FIBRE_TABLE), "fibre")
        st.caption(texts.fill(context_words.FIBRE_TABLE_CAPTION, survey=survey))
        if st.toggle(context_words.SHOW_CHART, key="part_time_fibre_chart"):
            show(cached_chart(context_charts.fibre_chart, region=chosen, frame=indicator_frame("fibre_coverage"),
                              sources=sources))
        holiday_homes = indicator_frame("fibre_coverage", premises="holiday_homes").dropna(subset=["value"])
        if not holiday_homes.empty:
            latest_survey = holiday_homes[holiday_homes["period"] == holiday_homes["period"].max()]
            values = ", ".join(
                texts.fill(context_words.FIBRE_HOLIDAY_VALUE, name=row.region_name,
                           value=f"{format_number(row.value, 1)} %")
                for row in latest_survey.itertuples()
            )
            st.caption(texts.fill(context_words.FIBRE_HOLIDAY_HOMES, survey=survey, values=values))
        try:
            fibre_goal = evaluation(chosen).measured_by("fibre_coverage")
        except GoalFileError:  # the figures need no goals file
            fibre_goal = None
        if fibre_goal is not None:
            st.caption(texts.fill(context_words.GOAL_HEADING, goal=markdown_escaped(fibre_goal.goal.title)))
            show_goal_status(fibre_goal, evaluation(chosen).entry(fibre_goal.goal.id))
    else:
        st.info(texts.fill(context_words.FIBRE_NO_DATA))


region_id = active_region().id
page_title(words.PAGE_TITLE)
say_plan_region()  # a peer region chosen: the estimate rests on the plan's own assumptions and region
whole_region_note = st.empty()  # always there: a box that came and went would shift (and redraw) all below it
if current_region() != region_id:
    whole_region_note.info(texts.fill(words.WHOLE_REGION_ONLY), icon="ℹ️")
if defaults is None:  # a region with members only: no plan folder, so no assumptions to calculate with
    st.info(texts.fill(words.NO_ASSUMPTIONS), icon="ℹ️")
    context_section()
else:
    assumptions = defaults
    st.markdown(texts.fill(words.INTRODUCTION))
    typed = typed_texts(assumptions)
    inputs, problems = read_inputs(assumptions, typed)
    result, problems = calculated(inputs, problems)
    # The key message first; the form and the context figures are built only when their section is opened (issue
    # 20: their text inputs, button, tables and toggles each cost the first open the loading of their code).
    show_sections({
        words.SECTION_COMPARISON: lambda: comparison_section(assumptions, inputs, result, problems),
        words.SECTION_CALCULATION: lambda: calculation_section(assumptions, typed, inputs, result, problems),
        words.SECTION_CONTEXT: context_section,
    })
