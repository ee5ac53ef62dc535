"""Møtemodus: the chosen goals (and charts) one per screen, large enough for the back of a council room.

Everything that defines the meeting is in the URL (?region=…&goals=a,b&charts=…&step=2), so a saved link
reopens the same selection at the same slide. Keys: → / PageDown next, ← / PageUp previous.
"""

from __future__ import annotations

import contextlib
import html
from collections.abc import Callable
from dataclasses import dataclass

import pandas as pd
import plotly.graph_objects as go
import streamlit as st
from streamlit.errors import StreamlitAPIException

from indicators import charts, jobs
from indicators.ages import parse_age_band
from indicators.formatting import format_number
from indicators.goals import Goal
from indicators.headlines import headline
from indicators.model import CORE_COLUMNS
from indicators.progress import STATUS_COLOURS, STATUS_ICONS, STATUS_LABELS
from indicators.regions import REGION_NAMES, SELECTABLE_REGIONS, region_name
from indicators.registry import all_indicators
from indicators.report import goal_figure, scale_text
from ui.data import goal_result, indicator_frame, plan, provenances
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


@dataclass(frozen=True)
class MeasureSlide:
    """The one measure a slide shows of an indicator whose frame holds several, each in its own unit."""

    measure: str
    title: str
    unit: str
    decimals: int = 0


# Frames with a `measure` column mix units (persons and per 100, persons and per cent); one axis cannot
# carry both, so a slide shows the measure named here. Any other indicator with several measures gets no chart.
MEASURE_SLIDES: dict[str, MeasureSlide] = {
    "jobs_by_workplace": MeasureSlide(jobs.JOBS, jobs.MEASURE_LABELS[jobs.JOBS], "arbeidsplassar"),
    "employed_by_residence": MeasureSlide(
        jobs.EMPLOYMENT_RATE, "Sysselsetjingsdel etter bustad (15–74 år)", "prosent", decimals=1
    ),
}


def chart_catalogue() -> dict[str, str]:
    """Indicator charts that can be added to a meeting: every registered series indicator."""
    return {
        spec.id: MEASURE_SLIDES[spec.id].title if spec.id in MEASURE_SLIDES else spec.title
        for spec in all_indicators().values() if spec.tidy
    }


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
    chosen_charts = synced_multiselect(
        "Diagram etter måla", list(catalogue), param="charts", default=[], format_func=catalogue.get,
        placeholder="Vel diagram",
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
    detail = f'<span class="meeting-detail">{_e(text.detail)}</span>' if text.detail else ""
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


def chart_slide(indicator_id: str) -> tuple[str, str]:
    spec = all_indicators()[indicator_id]
    one_measure = MEASURE_SLIDES.get(indicator_id)
    label = one_measure.title if one_measure else spec.title
    unit = one_measure.unit if one_measure else spec.unit
    decimals = one_measure.decimals if one_measure else 0
    name = region_name(region)
    title = f"{label} – {name}"
    try:
        frame = indicator_frame(indicator_id, region)
    except Exception as exc:  # noqa: BLE001 — a missing dataset is a message on the slide, not a crash
        st.markdown(f'<div class="meeting-headline">{_e(title)}</div>', unsafe_allow_html=True)
        st.markdown(f'<div class="meeting-text">Manglar data: {_e(exc)}</div>', unsafe_allow_html=True)
        return "Diagram", label
    if one_measure is not None and "measure" in frame.columns:
        frame = frame[frame["measure"] == one_measure.measure].drop(columns="measure").reset_index(drop=True)
    shaped = _single_series(frame) if not frame.empty else None
    if isinstance(shaped, str) or shaped is None or frame["value"].notna().sum() == 0:
        st.markdown(f'<div class="meeting-headline">{_e(title)}</div>', unsafe_allow_html=True)
        message = shaped if isinstance(shaped, str) else "Manglar data for denne regionen."
        st.markdown(f'<div class="meeting-text">{_e(message)}</div>', unsafe_allow_html=True)
        return "Diagram", label
    frame, dimension = shaped
    if dimension is not None:
        labeller = DIMENSION_LABELS.get(dimension, str)
        frame = frame.assign(**{f"{dimension}_label": frame[dimension].map(lambda v: labeller(str(v)))})
    known = frame.dropna(subset=["value"])
    latest_period = int(known["period"].max())
    sentence = title
    if dimension is None:
        latest_value = float(known[known["period"] == latest_period]["value"].iloc[0])
        shown = format_number(latest_value, decimals)
        sentence = f"{label}, {name}: {shown} {unit} ({spec.describe_period(latest_period)})"
    st.markdown(f'<div class="meeting-headline">{_e(sentence)}</div>', unsafe_allow_html=True)
    sources = provenances(indicator_id)
    fig: go.Figure = charts.line_chart(
        frame, title="", provenances=sources, y_title=unit.capitalize(),
        colour_by=dimension or "region_code", label_by=f"{dimension}_label" if dimension else "region_name",
        note=f"Siste tal: {spec.describe_period(latest_period)}.", hover_format=f",.{decimals}f",
    )
    fig.update_layout(height=CHART_HEIGHT + 60, margin=dict(t=40))
    scale_text(fig, TEXT_SCALE)
    st.plotly_chart(fig, theme=None, width="stretch", config={"displayModeBar": False},
                    key=f"meeting_chart_{indicator_id}_{region}")
    return "Diagram", label


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
