"""Møtemodus: the chosen goals (and charts) one per screen, large enough for the back of a council room.

Everything that defines the meeting is in the URL (?region=…&goals=a,b&charts=…&step=2), so a saved link
reopens the same selection at the same slide. Keys: → / PageDown next, ← / PageUp previous.

The plan is evaluated once per run (ui.data.evaluation); what a slide may say, the messages derived from
numbers and the catalogue of chart slides are in indicators/present/meeting.py.
"""

from __future__ import annotations

import contextlib
import html

import plotly.graph_objects as go
import streamlit as st
from streamlit.errors import StreamlitAPIException

from indicators import cache
from indicators.goals import Goal
from indicators.present import charts
from indicators.present.badges import badge_html
from indicators.present.charts import Chart
from indicators.present.goal_charts import goal_figure, scale_text
from indicators.present.headlines import headline
from indicators.present.meeting import (
    CHART_SLIDES,
    NO_NUMBERS_ERRORS,
    ChartSlide,
    change_span,
    chart_catalogue,
    derived_message,
    has_values,
    headline_of,
    is_percent,
    plain_text,
    single_series,
    with_dimension_labels,
)
from indicators.present.texts import meeting as t
from indicators.regions import active_region, region_name
from indicators.registry import all_indicators
from ui.data import cached_chart, evaluation, indicator_frame
from ui.state import set_param, show_url_notices, synced_int, synced_multiselect, url_choice, widget_key

CHART_HEIGHT = 700  # with the bars above, one slide fills a 1920×1080 projector without scrolling
TEXT_SCALE = 1.45  # chart text 18 px -> 26 px
REGION_KEY = widget_key("region")  # the sidebar's picker uses the same key, so both always agree
STEP_KEY = widget_key("step")

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
.meeting-explanation { font-size: 21px; color: #4D4D4D; line-height: 1.3; margin: 0 0 0.3em; }
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


def _availability_key() -> tuple[object, ...]:
    """Changes when the cache folder or any dataset in it changes (a refresh or import writes a new manifest)."""
    names = sorted({name for spec in all_indicators().values() for name in spec.datasets})
    return (str(cache.cache_dir()), *((p.dataset, p.retrieved_at, p.checksum) for p in cache.manifests(names)))


@st.cache_data(show_spinner=False, max_entries=64)
def _charts_with_numbers(region: str, indicator_ids: tuple[str, ...], key: tuple[object, ...]) -> frozenset[str]:
    """The indicators that have at least one value for the region: computed once per region and cache state,
    not once per chart on every run."""
    indicators = all_indicators()
    found = set()
    for indicator_id in indicator_ids:
        if not all(cache.has_dataset(name) for name in indicators[indicator_id].datasets):
            continue
        try:
            frame = indicator_frame(indicator_id, region)
        except NO_NUMBERS_ERRORS:
            continue
        if has_values(frame):
            found.add(indicator_id)
    return frozenset(found)


# --- state from the URL ----------------------------------------------------------------------------------
known = active_region()
catalogue = chart_catalogue(all_indicators())

if st.session_state.get(REGION_KEY) not in known.selectable:
    st.session_state[REGION_KEY] = url_choice("region", list(known.selectable), known.selectable[0])
region: str = st.session_state[REGION_KEY]
set_param("region", region)
board = evaluation(region)  # the plan and every goal evaluated once for this run
current_plan = board.plan
goal_ids = [g.id for g in current_plan.goals]
with_numbers = _charts_with_numbers(region, tuple(catalogue), _availability_key())


def _goal_option_label(goal: Goal) -> str:
    area = next((a.name for a in current_plan.areas if a.id == goal.area), goal.area)
    kind = "" if goal.measured else (t.QUALITATIVE_MARK if goal.kind == "qualitative" else t.NOT_MEASURED_MARK)
    return t.GOAL_OPTION.format(area=area, label=goal.label, kind=kind)


def _region_changed() -> None:
    st.session_state[REGION_KEY] = st.session_state["meeting_region"]


top_left, top_right = st.columns([3, 2], vertical_alignment="center")
with top_right, st.popover(t.CHOOSE_CONTENT, icon=":material/tune:", width="stretch"):
    st.session_state["meeting_region"] = region
    names = known.names
    st.selectbox(t.REGION_PICKER, known.selectable, key="meeting_region", format_func=lambda code: names[code],
                 on_change=_region_changed)
    chosen_goals = synced_multiselect(
        t.GOALS_PICKER, goal_ids, param="goals",
        default=[g.id for g in current_plan.goals if g.measured],
        format_func=lambda gid: _goal_option_label(current_plan.goal(gid)),
        placeholder=t.GOALS_PLACEHOLDER,
    )
    # only charts with numbers are offered; one a link names without numbers stays listed, so it can be removed
    chosen_charts = synced_multiselect(
        t.CHARTS_PICKER, [c for c in catalogue if c in with_numbers], param="charts", default=[],
        also_valid=list(catalogue), format_func=catalogue.get, placeholder=t.CHARTS_PLACEHOLDER,
    )
    st.caption(t.LINK_HELP)
    # run on its own (tests) the page has no navigation to link back to
    with contextlib.suppress(StreamlitAPIException):
        st.page_link("pages/overview.py", label=t.LEAVE, icon=":material/close:")

slides: list[tuple[str, str]] = [("goal", g) for g in chosen_goals] + [("chart", c) for c in chosen_charts]
total = len(slides)
step = synced_int("step", 1, max(total, 1), 1)


def _go(delta: int) -> None:
    st.session_state[STEP_KEY] = max(1, min(int(st.session_state.get(STEP_KEY, 1)) + delta, max(total, 1)))


with top_right:
    previous_column, next_column = st.columns(2)
    with previous_column:
        st.button(t.PREVIOUS, key="meeting_prev", on_click=_go, args=(-1,), disabled=step <= 1, width="stretch",
                  shortcut="Left")
    with next_column:
        st.button(t.NEXT, key="meeting_next", on_click=_go, args=(1,), disabled=step >= total,
                  width="stretch", type="primary", shortcut="Right")
    # presenter remotes send PageDown/PageUp: the same actions on keys that are not shown
    st.button(t.NEXT_HIDDEN, key="meeting_next_page", on_click=_go, args=(1,), shortcut="PageDown")
    st.button(t.PREVIOUS_HIDDEN, key="meeting_prev_page", on_click=_go, args=(-1,), shortcut="PageUp")

show_url_notices()


# --- one slide -------------------------------------------------------------------------------------------
def goal_slide(goal_id: str) -> tuple[str, str]:
    goal = current_plan.goal(goal_id)
    result = board.result(goal_id)
    assert result is not None  # the evaluation holds every goal of the plan
    area = next((a.name for a in current_plan.areas if a.id == goal.area), "")
    text = headline(result)
    st.markdown(f'<div class="meeting-headline">{_e(text.sentence)}</div>', unsafe_allow_html=True)
    detail_text = plain_text(text.detail)
    detail = f'<span class="meeting-detail">{_e(detail_text)}</span>' if detail_text else ""
    badge = badge_html(result.status, size_px=None, css_class="meeting-badge")
    st.markdown(f"<div>{badge}{detail}</div>", unsafe_allow_html=True)
    # which branch and which numbers gave the status (unless the detail line already says it)
    explanation = plain_text(result.assessment.explanation) if result.assessment is not None else ""
    if explanation and explanation not in detail_text:
        st.markdown(f'<div class="meeting-explanation">{_e(explanation)}</div>', unsafe_allow_html=True)
    sources = cache.manifests(result.spec.datasets) if result.spec is not None else []
    fig = goal_figure(result, sources, title="", height=CHART_HEIGHT, text_scale=TEXT_SCALE)
    if fig is not None:
        st.plotly_chart(fig, theme=None, width="stretch", config={"displayModeBar": False},
                        key=f"meeting_chart_{goal_id}_{region}")
    else:  # qualitative or not measured: the plan's own words (the detail line holds note and reporter)
        wording = _e(t.PLAN_WORDING.format(title=goal.title))
        st.markdown(f'<div class="meeting-text">{wording}</div>', unsafe_allow_html=True)
    return area, goal.label


def _no_numbers(text: str = t.NO_NUMBERS) -> None:
    st.markdown(f'<div class="meeting-headline">{_e(text)}</div>', unsafe_allow_html=True)


def _show_figure(fig: go.Figure, indicator_id: str) -> None:
    """A finished chart on the slide: its title is already the headline above, so the plot gets that room."""
    fig = go.Figure(fig)  # the cached figure stays as the page built it
    fig.update_layout(title=dict(text=""), height=CHART_HEIGHT + 60, margin=dict(t=40))
    scale_text(fig, TEXT_SCALE)
    st.plotly_chart(fig, theme=None, width="stretch", config={"displayModeBar": False},
                    key=f"meeting_chart_{indicator_id}_{region}")


def build_chart(indicator_id: str, slide: ChartSlide) -> Chart | None:
    """The slide's chart from its page's builder, handed the goal it needs from this run's evaluation."""
    arguments = dict(slide.arguments)
    if slide.goal_of is not None:
        arguments.update(slide.goal_arguments(board.measured_by(slide.goal_of)))
    if slide.change_since_goal_of is not None:
        measured = board.measured_by(slide.change_since_goal_of)
        years = indicator_frame(indicator_id, region).dropna(subset=["value"])["period"]
        span = change_span([int(y) for y in years], measured.goal if measured is not None else None)
        if span is None:
            return None  # one year only: there is no change to show yet
        arguments.update(base_year=span[0], last_year=span[1])
    return cached_chart(slide.builder, region=region, **arguments)


def chart_slide(indicator_id: str) -> tuple[str, str]:
    label = catalogue[indicator_id]
    if indicator_id not in with_numbers:
        _no_numbers()
        return t.CHART_PLACE, label
    slide = CHART_SLIDES.get(indicator_id)
    if slide is None:
        generic_chart_slide(indicator_id, label)
        return t.CHART_PLACE, label
    try:
        chart = build_chart(indicator_id, slide)
    except NO_NUMBERS_ERRORS:  # too little data for the chart's message: say so in plain words
        chart = None
    if chart is None:
        _no_numbers()
        return t.CHART_PLACE, label
    st.markdown(f'<div class="meeting-headline">{_e(headline_of(chart.figure))}</div>', unsafe_allow_html=True)
    _show_figure(chart.figure, indicator_id)
    return t.CHART_PLACE, label


def generic_chart_slide(indicator_id: str, label: str) -> None:
    """An indicator registered without a chart builder: its lines, under a message derived from its numbers."""
    spec = all_indicators()[indicator_id]
    shaped = single_series(indicator_frame(indicator_id, region))
    if isinstance(shaped, str):
        _no_numbers(shaped)
        return
    frame, dimension = shaped
    frame = with_dimension_labels(frame, dimension)
    message = derived_message(frame, dimension, label, spec.unit, spec.describe_period, region_name(region))
    st.markdown(f'<div class="meeting-headline">{_e(message)}</div>', unsafe_allow_html=True)
    last = int(frame.dropna(subset=["value"])["period"].max())
    fig = charts.line_chart(
        frame, title="", provenances=cache.manifests(spec.datasets), y_title=spec.unit.capitalize(),
        colour_by=dimension or "region_code", label_by=f"{dimension}_label" if dimension else "region_name",
        note=t.LATEST_NOTE.format(when=spec.describe_period(last)),
        hover_format=",.1f" if is_percent(spec.unit) else ",.0f",
    )
    _show_figure(fig, indicator_id)


slide_area = st.container()
with slide_area:
    if total == 0:
        st.markdown(f'<div class="meeting-headline">{_e(t.NOTHING_CHOSEN)}</div>', unsafe_allow_html=True)
        st.markdown(f'<div class="meeting-text">{_e(t.NOTHING_CHOSEN_HELP)}</div>', unsafe_allow_html=True)
        where, label = "", ""
    else:
        kind, item = slides[step - 1]
        where, label = goal_slide(item) if kind == "goal" else chart_slide(item)

with top_left:
    position = t.POSITION.format(step=step, total=total) if total else "–"
    parts = [f"<b>{_e(t.TOP_BAR.format(name=region_name(region)))}</b>", _e(position)]
    if where:
        parts.append(_e(where))
    if label:
        parts.append(f"<b>{_e(label)}</b>")
    st.markdown(f'<div class="meeting-top">{" · ".join(parts)}</div>', unsafe_allow_html=True)
