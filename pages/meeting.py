"""Møtemodus: the chosen goals (and charts) one per screen, large enough for the back of a council room.

Everything that defines the meeting is in the URL (?region=…&goals=a,b&charts=…&step=2), so a saved link
reopens the same selection at the same slide. Keys: → / PageDown next, ← / PageUp previous.
"""

from __future__ import annotations

import contextlib
import html
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import pandas as pd
import plotly.graph_objects as go
import streamlit as st
from streamlit.errors import StreamlitAPIException

from indicators import jobs, jobs_goal
from indicators.ages import DEFAULT_WORKING_AGE, parse_age_band
from indicators.cache import CacheError, has_dataset
from indicators.formatting import THIN_SPACE, format_number
from indicators.goals import Goal
from indicators.model import CORE_COLUMNS
from indicators.present import charts, emissions_charts, jobs_charts, population_charts
from indicators.present.charts import Chart
from indicators.present.goal_charts import goal_figure, scale_text
from indicators.present.headlines import headline
from indicators.progress import STATUS_COLOURS, STATUS_ICONS, STATUS_LABELS
from indicators.regions import REGION_NAMES, SELECTABLE_REGIONS, region_name
from indicators.registry import all_indicators
from ui.data import cached_chart, goal_result, indicator_frame, plan, provenances
from ui.state import set_param, show_url_notices, synced_int, synced_multiselect, url_choice, widget_key

CHART_HEIGHT = 700  # with the bars above, one slide fills a 1920×1080 projector without scrolling
TEXT_SCALE = 1.45  # chart text 18 px -> 26 px
REGION_KEY = widget_key("region")  # the sidebar's picker uses the same key, so both always agree
STEP_KEY = widget_key("step")
_LIGHT_TEXT_ON = {"#0072B2", "#6B6B6B"}

st.set_page_config(layout="wide", initial_sidebar_state="collapsed")
st.html(
    """
<style>
section[data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"], [data-testid="stExpandSidebarButton"],
header[data-testid="stHeader"], [data-testid="stToolbar"], footer { display: none !important; }
.block-container, [data-testid="stMainBlockContainer"] { padding: 0.8rem 2.2rem 0.5rem 2.2rem !important;
  max-width: 100% !important; }
.meeting-top { font-size: 24px; color: #4D4D4D; line-height: 1.3; }
.meeting-top b { color: #1A1A1A; }
.meeting-headline { font-size: 46px; font-weight: 700; line-height: 1.15; color: #1A1A1A; margin: 0.1em 0 0.2em; }
.meeting-detail { font-size: 25px; color: #333333; line-height: 1.3; margin: 0.2em 0 0.3em; }
.meeting-badge { display: inline-block; font-size: 30px; font-weight: 700; padding: 0.1em 0.55em;
  border-radius: 0.3em; white-space: nowrap; margin-right: 0.5em; vertical-align: middle; }
.meeting-text { font-size: 32px; line-height: 1.35; color: #1A1A1A; max-width: 60em; }
.meeting-source { font-size: 22px; color: #4D4D4D; }
.st-key-meeting_next button, .st-key-meeting_prev button { min-height: 3.2rem; }
.st-key-meeting_next p, .st-key-meeting_prev p { font-size: 24px !important; font-weight: 600; }
.st-key-meeting_next_page, .st-key-meeting_prev_page { position: absolute !important; left: -10000px !important; }
</style>
"""
)


def _e(text: object) -> str:
    return html.escape(str(text))


def status_badge(status: str) -> str:
    """Icon + text + colour, so the status never rests on colour alone."""
    colour = STATUS_COLOURS.get(status, "#6B6B6B")
    text_colour = "#FFFFFF" if colour in _LIGHT_TEXT_ON else "#000000"
    return (
        f'<span class="meeting-badge" style="background:{colour};color:{text_colour}">'
        f'<span aria-hidden="true">{_e(STATUS_ICONS.get(status, ""))}</span> '
        f"{_e(STATUS_LABELS.get(status, status))}</span>"
    )


# What a slide may say when there are no numbers: one plain sentence, never a path or a command.
NO_NUMBERS_TEXT = "Det finst ingen tal for dette diagrammet enno."
# Errors a chart builder raises on missing or too little data (a region without numbers, an empty dataset).
NO_NUMBERS_ERRORS = (CacheError, LookupError, ValueError, ZeroDivisionError)


@dataclass(frozen=True)
class ChartSlide:
    """An indicator chart as a slide: the builder in indicators/*_charts.py whose title is the one message
    (the same chart its page shows), and the arguments it needs besides the region."""

    builder: Callable[..., Chart]
    arguments: dict[str, Any] = field(default_factory=dict)
    label: str = ""  # the name in the menu and the top bar when the indicator's title does not fit

    def build(self, region: str) -> Chart | None:
        return cached_chart(self.builder, region=region, **self.arguments)


@dataclass(frozen=True)
class IndustrySlide(ChartSlide):
    """Jobs by industry: the change from the jobs goal's baseline year (or the first year) to the latest."""

    def build(self, region: str) -> Chart | None:
        years = sorted(int(y) for y in indicator_frame(jobs.JOBS_BY_INDUSTRY, region).dropna(subset=["value"])
                       ["period"].unique())
        goal = jobs_goal.jobs_goal(current_plan)
        base_year = goal.baseline_period if goal is not None and goal.baseline_period in years else years[0]
        if years[-1] <= base_year:
            return None  # one year only: there is no change to show yet
        return cached_chart(self.builder, region=region, base_year=base_year, last_year=years[-1])


CHART_SLIDES: dict[str, ChartSlide] = {
    "population_total": ChartSlide(population_charts.population_trend),
    "working_age_population": ChartSlide(population_charts.working_age, {"ages": DEFAULT_WORKING_AGE}),
    "population_by_age_group": ChartSlide(population_charts.age_groups, {"grouping": "plan"}),
    "population_projection": ChartSlide(population_charts.projection),
    "jobs_total": ChartSlide(jobs_charts.jobs_trend),
    # the persons in jobs_by_workplace are jobs_total's numbers: this slide is its other measure, in its own unit
    "jobs_by_workplace": ChartSlide(jobs_charts.jobs_per_100, label=jobs.MEASURE_LABELS[jobs.JOBS_PER_100]),
    "employed_by_residence": ChartSlide(jobs_charts.employment_rate, label="Sysselsetjingsdel etter bustad (15–74 år)"),
    "commuting": ChartSlide(jobs_charts.commuting_over_time),
    jobs.JOBS_BY_INDUSTRY: IndustrySlide(jobs_charts.industry_change),
    "emissions_total": ChartSlide(emissions_charts.goal_chart),
    "emissions_by_sector": ChartSlide(emissions_charts.sector_chart),
    "emissions_by_influence": ChartSlide(emissions_charts.influence_chart),
}


def chart_catalogue() -> dict[str, str]:
    """Indicator charts a meeting may hold (a link may name any of them): every registered series indicator."""
    return {
        spec.id: (CHART_SLIDES[spec.id].label if spec.id in CHART_SLIDES else "") or spec.title
        for spec in all_indicators().values() if spec.tidy
    }


def has_numbers(indicator_id: str, region: str) -> bool:
    """Whether the indicator has at least one value for the region (its datasets are cached and not empty)."""
    spec = all_indicators()[indicator_id]
    if not all(has_dataset(name) for name in spec.datasets):
        return False
    try:
        frame = indicator_frame(indicator_id, region)
    except NO_NUMBERS_ERRORS:
        return False
    return "value" in frame.columns and bool(frame["value"].notna().any())


_COMMAND = re.compile(r"`[^`]*`")
_PATH = re.compile(r"(?<![\w<:/.])/(?:[\w.-]+/)+")  # /work/main/data_cache, not a URL or "15–74 år / prosent"
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[«(A-ZÆØÅ])")


def plain_text(text: str) -> str:
    """Text as it may stand on a slide: the sentences before the first one that holds a command (`…`) or a
    server path. If the first already does: that sentence with its commands taken out, or nothing if it names a
    path. Text without either is unchanged."""
    if "`" not in text and not _PATH.search(text):
        return text
    kept: list[str] = []
    for sentence in _SENTENCE_END.split(text.strip()):
        if "`" not in sentence and not _PATH.search(sentence):
            kept.append(sentence)
            continue
        if not kept and not _PATH.search(sentence):
            cleaned = re.sub(r"\s*\((?:\s*eller med)?\s*\)", "", _COMMAND.sub("", sentence))
            kept.append(re.sub(r"\s{2,}", " ", cleaned).replace(" .", ".").strip())
        break
    return " ".join(kept)


def _goal_option_label(goal: Goal) -> str:
    area = next((a.name for a in current_plan.areas if a.id == goal.area), goal.area)
    kind = "" if goal.measured else (" (kvalitativt)" if goal.kind == "qualitative" else " (ikkje målt)")
    return f"{area}: {goal.label}{kind}"


# --- state from the URL ----------------------------------------------------------------------------------
current_plan = plan()
goal_ids = [g.id for g in current_plan.goals]
catalogue = chart_catalogue()

if st.session_state.get(REGION_KEY) not in SELECTABLE_REGIONS:
    st.session_state[REGION_KEY] = url_choice("region", SELECTABLE_REGIONS, SELECTABLE_REGIONS[0])
region: str = st.session_state[REGION_KEY]
set_param("region", region)


def _region_changed() -> None:
    st.session_state[REGION_KEY] = st.session_state["meeting_region"]


top_left, top_right = st.columns([3, 2], vertical_alignment="center")
with top_right, st.popover("Vel innhald for møtet", icon=":material/tune:", width="stretch"):
    st.session_state["meeting_region"] = region
    st.selectbox("Region", SELECTABLE_REGIONS, key="meeting_region", format_func=REGION_NAMES.get,
                 on_change=_region_changed)
    chosen_goals = synced_multiselect(
        "Mål i møtet (i denne rekkjefølgja)", goal_ids, param="goals",
        default=[g.id for g in current_plan.goals if g.measured],
        format_func=lambda gid: _goal_option_label(current_plan.goal(gid)),
        placeholder="Vel mål",
    )
    # only charts with numbers are offered; one a link names without numbers stays listed, so it can be removed
    chosen_charts = synced_multiselect(
        "Diagram etter måla", [c for c in catalogue if has_numbers(c, region)], param="charts", default=[],
        also_valid=list(catalogue), format_func=catalogue.get, placeholder="Vel diagram",
    )
    st.caption(
        "Adressa i nettlesaren tek vare på valet: lagre eller send lenkja, så opnar møtet seg med same mål "
        "og same side. Blad med → og ← (eller PageDown/PageUp). F11 gir fullskjerm."
    )
    # run on its own (tests) the page has no navigation to link back to
    with contextlib.suppress(StreamlitAPIException):
        st.page_link("pages/overview.py", label="Avslutt møtemodus", icon=":material/close:")

slides: list[tuple[str, str]] = [("goal", g) for g in chosen_goals] + [("chart", c) for c in chosen_charts]
total = len(slides)
step = synced_int("step", 1, max(total, 1), 1)


def _go(delta: int) -> None:
    st.session_state[STEP_KEY] = max(1, min(int(st.session_state.get(STEP_KEY, 1)) + delta, max(total, 1)))


with top_right:
    previous_column, next_column = st.columns(2)
    with previous_column:
        st.button("◀ Førre", key="meeting_prev", on_click=_go, args=(-1,), disabled=step <= 1, width="stretch",
                  shortcut="Left")
    with next_column:
        st.button("Neste ▶", key="meeting_next", on_click=_go, args=(1,), disabled=step >= total,
                  width="stretch", type="primary", shortcut="Right")
    # presenter remotes send PageDown/PageUp: the same actions on keys that are not shown
    st.button("Neste", key="meeting_next_page", on_click=_go, args=(1,), shortcut="PageDown")
    st.button("Førre", key="meeting_prev_page", on_click=_go, args=(-1,), shortcut="PageUp")

show_url_notices()


# --- one slide -------------------------------------------------------------------------------------------
def goal_slide(goal_id: str) -> tuple[str, str]:
    goal = current_plan.goal(goal_id)
    result = goal_result(goal_id, region)
    area = next((a.name for a in current_plan.areas if a.id == goal.area), "")
    text = headline(result)
    st.markdown(f'<div class="meeting-headline">{_e(text.sentence)}</div>', unsafe_allow_html=True)
    detail_text = plain_text(text.detail)
    detail = f'<span class="meeting-detail">{_e(detail_text)}</span>' if detail_text else ""
    st.markdown(f"<div>{status_badge(result.status)}{detail}</div>", unsafe_allow_html=True)
    sources = provenances(goal.indicator) if goal.measured and goal.indicator else []
    fig = goal_figure(result, sources, title="", height=CHART_HEIGHT, text_scale=TEXT_SCALE)
    if fig is not None:
        st.plotly_chart(fig, theme=None, width="stretch", config={"displayModeBar": False},
                        key=f"meeting_chart_{goal_id}_{region}")
    else:  # qualitative or not measured: the plan's own words (the detail line holds note and reporter)
        st.markdown(f'<div class="meeting-text">Planen: «{_e(goal.title)}»</div>', unsafe_allow_html=True)
    return area, goal.label


def _age_label(code: str) -> str:
    try:
        return parse_age_band(code).label
    except ValueError:
        return code


DIMENSION_LABELS: dict[str, Callable[[str], str]] = {
    "age_group": _age_label,
    "series": lambda v: {"registered": "Registrert", "projection": "Framskriving (SSB)"}.get(v, v),
    "sex": lambda v: {"female": "Kvinner", "male": "Menn", "total": "I alt"}.get(v, v),
}


MIXED_UNITS_TEXT = (
    "Dette diagrammet har tal i fleire måleeiningar og kan ikkje visast på éin akse; sjå sida for indikatoren."
)
SEVERAL_DIMENSIONS_TEXT = (
    "Dette diagrammet har fleire inndelingar og passar ikkje på éin skjerm; sjå sida for indikatoren."
)


def _single_series(frame: pd.DataFrame) -> tuple[pd.DataFrame, str | None] | str:
    """The frame and the one dimension that separates its lines (None: one line), or why it does not fit."""
    if "measure" in frame.columns and frame["measure"].nunique() > 1:
        return MIXED_UNITS_TEXT
    dimensions = [c for c in frame.columns if c not in CORE_COLUMNS and frame[c].nunique(dropna=False) > 1]
    if len(dimensions) > 1:
        return SEVERAL_DIMENSIONS_TEXT
    return frame, (dimensions[0] if dimensions else None)


PERCENT_UNITS = {"prosent", "%"}


def _value_text(value: float, unit: str, decimals: int) -> str:
    """72.04 prosent -> '72,0 %'; 1291 arbeidsplassar -> '1 291 arbeidsplassar'."""
    shown = format_number(value, decimals)
    return f"{shown}{THIN_SPACE}%" if unit.strip().lower() in PERCENT_UNITS else f"{shown} {unit}".rstrip()


def _derived_message(frame: pd.DataFrame, dimension: str | None, label: str, unit: str, describe: Callable) -> str:
    """One line for an indicator without its own chart builder: the latest value and where it came from, or
    which line is largest in the latest period."""
    name = region_name(region)
    decimals = 1 if unit.strip().lower() in PERCENT_UNITS else 0
    known = frame.dropna(subset=["value"])
    last = int(known["period"].max())
    in_last = known[known["period"] == last]
    if dimension is not None:
        top = in_last.loc[in_last["value"].idxmax()]
        value = _value_text(float(top["value"]), unit, decimals)
        return f"{label}, {name}: {top[f'{dimension}_label']} er størst ({value}, {describe(last)})"
    latest = float(in_last["value"].iloc[0])
    first = int(known["period"].min())
    message = f"{label}, {name}: {_value_text(latest, unit, decimals)} ({describe(last)})"
    if first < last:
        start = float(known[known["period"] == first]["value"].iloc[0])
        if round(start, decimals) != round(latest, decimals):
            message += f", {'opp' if latest > start else 'ned'} frå {_value_text(start, unit, decimals)} i {first}"
    return message


def _no_numbers(text: str = NO_NUMBERS_TEXT) -> None:
    st.markdown(f'<div class="meeting-headline">{_e(text)}</div>', unsafe_allow_html=True)


def _show_figure(fig: go.Figure, indicator_id: str) -> None:
    """A finished chart on the slide: its title is already the headline above, so the plot gets that room."""
    fig = go.Figure(fig)  # the cached figure stays as the page built it
    fig.update_layout(title=dict(text=""), height=CHART_HEIGHT + 60, margin=dict(t=40))
    scale_text(fig, TEXT_SCALE)
    st.plotly_chart(fig, theme=None, width="stretch", config={"displayModeBar": False},
                    key=f"meeting_chart_{indicator_id}_{region}")


def _headline_of(fig: go.Figure) -> str:
    """The chart's one-message title as one line of text (titles are wrapped with <br> for images)."""
    return re.sub(r"\s*<br\s*/?>\s*", " ", fig.layout.title.text or "").strip()


def chart_slide(indicator_id: str) -> tuple[str, str]:
    label = catalogue[indicator_id]
    if not has_numbers(indicator_id, region):
        _no_numbers()
        return "Diagram", label
    slide = CHART_SLIDES.get(indicator_id)
    if slide is None:
        generic_chart_slide(indicator_id, label)
        return "Diagram", label
    try:
        chart = slide.build(region)
    except NO_NUMBERS_ERRORS:  # too little data for the chart's message: say so in plain words
        chart = None
    if chart is None:
        _no_numbers()
        return "Diagram", label
    st.markdown(f'<div class="meeting-headline">{_e(_headline_of(chart.figure))}</div>', unsafe_allow_html=True)
    _show_figure(chart.figure, indicator_id)
    return "Diagram", label


def generic_chart_slide(indicator_id: str, label: str) -> None:
    """An indicator registered without a chart builder: its lines, under a message derived from its numbers."""
    spec = all_indicators()[indicator_id]
    frame = indicator_frame(indicator_id, region)
    shaped = _single_series(frame)
    if isinstance(shaped, str):
        _no_numbers(shaped)
        return
    frame, dimension = shaped
    if dimension is not None:
        labeller = DIMENSION_LABELS.get(dimension, str)
        frame = frame.assign(**{f"{dimension}_label": frame[dimension].map(lambda v: labeller(str(v)))})
    message = _derived_message(frame, dimension, label, spec.unit, spec.describe_period)
    st.markdown(f'<div class="meeting-headline">{_e(message)}</div>', unsafe_allow_html=True)
    last = int(frame.dropna(subset=["value"])["period"].max())
    percent = spec.unit.strip().lower() in PERCENT_UNITS
    fig = charts.line_chart(
        frame, title="", provenances=provenances(indicator_id), y_title=spec.unit.capitalize(),
        colour_by=dimension or "region_code", label_by=f"{dimension}_label" if dimension else "region_name",
        note=f"Siste tal: {spec.describe_period(last)}.", hover_format=",.1f" if percent else ",.0f",
    )
    _show_figure(fig, indicator_id)


slide_area = st.container()
with slide_area:
    if total == 0:
        st.markdown('<div class="meeting-headline">Ingen mål eller diagram er valde for møtet.</div>',
                    unsafe_allow_html=True)
        st.markdown('<div class="meeting-text">Vel mål under «Vel innhald for møtet» øvst til høgre.</div>',
                    unsafe_allow_html=True)
        where, label = "", ""
    else:
        kind, item = slides[step - 1]
        where, label = goal_slide(item) if kind == "goal" else chart_slide(item)

with top_left:
    position = f"{step} av {total}" if total else "–"
    parts = [f"<b>Møtemodus · {_e(region_name(region))}</b>", _e(position)]
    if where:
        parts.append(_e(where))
    if label:
        parts.append(f"<b>{_e(label)}</b>")
    st.markdown(f'<div class="meeting-top">{" · ".join(parts)}</div>', unsafe_allow_html=True)
