"""Møtemodus: the chosen goals (and charts) one per screen, large enough for the back of a council room.

Everything that defines the meeting is in the URL (?region=…&goals=a,b&charts=…&step=2), so a saved link
reopens the same selection at the same slide. Keys: → / PageDown next, ← / PageUp previous.

The plan is evaluated once per run (ui.data.evaluation); what a slide may say, the messages derived from
numbers and the catalogue of chart slides are in indicators/present/meeting.py.
"""

from __future__ import annotations

import contextlib
import datetime as dt
from collections.abc import Callable
from dataclasses import replace

import plotly.graph_objects as go
import streamlit as st
from streamlit.errors import StreamlitAPIException

from indicators import cache
from indicators.formatting import format_date, format_number
from indicators.goal_status import goal_status
from indicators.goals import Goal, GoalResult
from indicators.municipal_matrix import PartsRow
from indicators.plan_actions import ActionsFileError
from indicators.present import charts, texts
from indicators.present.browser_copy import shared_browser_figure
from indicators.present.changes import ChangeLine, change_lines, since_text, slide_pages, summary
from indicators.present.chart_margins import fit_margins
from indicators.present.charts import Chart
from indicators.present.goal_charts import goal_figure, scale_text, take_source_line
from indicators.present.goal_status import note_html, status_html
from indicators.present.headlines import headline
from indicators.present.html import render, text_html
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
from indicators.present.texts import common as common_texts
from indicators.present.texts import meeting as t
from indicators.regions import active_region, region_name
from indicators.registry import all_indicators
from ui.data import (
    Evaluation,
    action_programme,
    cached_chart,
    changes_since,
    derived,
    evaluation,
    indicator_frame,
    meetings,
    provenances,
)
from ui.language import language_html
from ui.meeting_parts import changed_rows, parts_slide, parts_toggle
from ui.navigation import run_inside_the_app
from ui.peers import peers_not_in_meeting, similar_slide, similar_toggle
from ui.plan_notice import require_plan
from ui.sidebar import say_plan_region
from ui.state import set_param, show_url_notices, synced_int, synced_multiselect, url_choice, widget_key

run_inside_the_app()  # first: see ui/navigation.py

# The figure's own height: drawn for the 1920×1080 design; on the page the plot takes the height of its box
# (see SLIDE_CSS), this is only the height before the browser has measured the box.
CHART_HEIGHT = 700
TEXT_SCALE = 1.45  # chart text 18 px -> 26 px
REGION_KEY = widget_key("region")  # the sidebar's picker uses the same key, so both always agree
STEP_KEY = widget_key("step")
NOTE_ON_SLIDE = 180  # characters of a change's note on a slide (the whole note is on Oversikt)

PRESENT_KEY = widget_key("present")

st.set_page_config(layout="wide", initial_sidebar_state="collapsed")

# One slide fills the window at any projector resolution. `--u` is one pixel of the 1920×1080 design: text and
# padding follow the smaller of width and height, so the text keeps its share of the screen at 1280×720 as at
# 1920×1080 or 4K (with a floor that stays readable at 1024×768). The page is a column as tall as the window;
# the slide takes what the top bar leaves and the chart what the text above and the source line below leave
# (st.plotly_chart(height="stretch") draws the plot at the height of its box). The chart's own text has a
# fixed size: CSS zoom would scale it, but Streamlit then sizes the plot from the zoomed box, too small.
SLIDE_CSS = """
<style>
[data-testid="stMain"] { --u: min(calc(100vw / 1920), calc(100dvh / 1080)); }
[data-testid="stMainBlockContainer"] { padding: calc(14 * var(--u)) calc(36 * var(--u)) calc(8 * var(--u)) !important;
  max-width: 100% !important; height: 100dvh; display: flex; flex-direction: column; box-sizing: border-box; }
[data-testid="stMainBlockContainer"] > [data-testid="stVerticalBlock"] { flex: 1 1 auto; min-height: 0;
  gap: calc(10 * var(--u)); }
[data-testid="stLayoutWrapper"]:has(> .st-key-meeting_slide),
[data-testid="stLayoutWrapper"]:has(> .st-key-meeting_chart),
.st-key-meeting_slide, .st-key-meeting_chart { flex: 1 1 0; min-height: 0; }
.st-key-meeting_slide { gap: calc(8 * var(--u)); }
.st-key-meeting_slide > * { flex-shrink: 0; }
.st-key-meeting_chart > [data-testid="stElementContainer"] { flex: 1 1 0; min-height: 0; }
.st-key-meeting_chart [data-testid="stFullScreenFrame"], .st-key-meeting_chart [data-testid="stPlotlyChart"] {
  height: 100%; }
.st-key-meeting_slide [data-testid="stMarkdownContainer"], .st-key-meeting_top [data-testid="stMarkdownContainer"] {
  margin-bottom: 0; }
.meeting-top { font-size: max(14px, calc(24 * var(--u))); color: #4D4D4D; line-height: 1.3; }
.meeting-top b { color: #1A1A1A; }
.meeting-headline { font-size: max(22px, calc(46 * var(--u))); font-weight: 700; line-height: 1.15; color: #1A1A1A;
  margin: 0; }
.meeting-detail { font-size: max(15px, calc(25 * var(--u))); color: #333333; line-height: 1.3; }
.meeting-badge { display: inline-block; font-size: max(17px, calc(30 * var(--u))); font-weight: 700;
  padding: 0.1em 0.55em; border-radius: 0.3em; white-space: nowrap; margin-right: 0.5em; vertical-align: middle; }
.meeting-explanation { font-size: max(14px, calc(21 * var(--u))); color: #4D4D4D; line-height: 1.3; margin: 0; }
.meeting-text { font-size: max(18px, calc(32 * var(--u))); line-height: 1.35; color: #1A1A1A; max-width: 60em; }
.meeting-similar { font-size: max(18px, calc(28 * var(--u))) !important; margin: 0.4em 0; }
.meeting-similar th, .meeting-similar td { padding: 0.2em 0.6em 0.2em 0; border-bottom: 1px solid #D9D9D9; }
.meeting-changes { font-size: max(20px, calc(30 * var(--u))); line-height: 1.3; color: #1A1A1A; margin: 0;
  padding-left: 1.2em; }
.st-key-meeting_slide .meeting-changes > li { margin: 0 0 0.35em; font-size: max(20px, calc(30 * var(--u))); }
.meeting-change-detail, .meeting-change-note { display: block; font-size: max(20px, calc(28 * var(--u)));
  color: #333333; }
.meeting-change-group { font-size: max(20px, calc(32 * var(--u))); font-weight: 700; color: #1A1A1A; margin: 0; }
.meeting-status { display: flex; flex-direction: column; gap: calc(6 * var(--u)); }
.meeting-status-row { font-size: max(20px, calc(28 * var(--u))); line-height: 1.3; color: #1A1A1A; }
.meeting-status-source { font-weight: 700; margin-right: 0.3em; }
.meeting-status-why { font-size: max(15px, calc(22 * var(--u))); color: #4D4D4D; margin-left: 0.3em; }
.meeting-status-note, .meeting-status-evidence { font-size: max(20px, calc(28 * var(--u))); line-height: 1.3;
  color: #1A1A1A; border-left: 4px solid #B3B3B3; padding-left: 0.5em; max-width: 60em; }
.meeting-status-note-more summary { cursor: pointer; color: #0B5CAD; }
.meeting-source { font-size: max(13px, calc(20 * var(--u))); color: #4D4D4D; }
.st-key-meeting_controls button { min-height: max(2.2rem, calc(56 * var(--u))); padding: 0 calc(18 * var(--u)); }
.st-key-meeting_controls button p { font-size: max(14px, calc(22 * var(--u))) !important; font-weight: 600;
  white-space: nowrap; }
</style>
"""
# A presenter's remote sends PageDown/PageUp: the same as → and ← (the buttons' own shortcuts). A key listener, not
# two more buttons kept off screen: those were reached by Tab with no visible focus, and each button costs an
# opening page its mounting. Keys typed in a field or a list, or with a modifier, keep their usual meaning; on the
# app's other pages (no slide buttons) PageDown scrolls as always.
MEETING_KEYS_SCRIPT = """<script>
if (!window.__meetingKeys) {
  window.__meetingKeys = true;
  document.addEventListener("keydown", (event) => {
    const key = {PageDown: "meeting_next", PageUp: "meeting_prev"}[event.key];
    if (!key || event.defaultPrevented || event.altKey || event.ctrlKey || event.metaKey || event.shiftKey) return;
    const target = event.target instanceof Element ? event.target : null;
    const typing = 'input, textarea, select, [contenteditable="true"], [role="listbox"], [role="dialog"]';
    if (target && target.closest(typing)) return;
    const button = document.querySelector(`.st-key-${key} button`);
    if (!button) return;
    event.preventDefault();
    if (!button.disabled) button.click();
  });
}
</script>"""
# Presenting: Streamlit's own chrome (sidebar, header, toolbar, menu) is out of the way; the way back is the
# "Avslutt presentasjon" button (or Escape).
PRESENT_CSS = """
<style>
section[data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"], [data-testid="stExpandSidebarButton"],
header[data-testid="stHeader"], [data-testid="stToolbar"], [data-testid="stMainMenu"], [data-testid="stDecoration"],
footer { display: none !important; }
</style>
"""
# Not presenting: the app's header stays, so the page starts below it.
BROWSE_CSS = """
<style>
[data-testid="stMainBlockContainer"] { padding-top: calc(3.75rem + 8px) !important; }
</style>
"""


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
require_plan(texts.fill(common_texts.PAGE_TITLES["motemodus"]))  # a region with members only: the notice
catalogue = chart_catalogue(all_indicators())

say_plan_region()  # a peer region chosen in the sidebar: the meeting shows the plan's own region, and says so
region: str
if st.session_state.get(REGION_KEY) in known.peer_ids:  # kept as chosen (and in the URL) for the other pages
    region = known.id
else:
    if st.session_state.get(REGION_KEY) not in known.selectable:
        st.session_state[REGION_KEY] = url_choice("region", list(known.selectable), known.selectable[0])
    region = st.session_state[REGION_KEY]
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


def last_meeting(evaluated: Evaluation) -> tuple[dt.date, str] | None:
    """The latest meeting held (date, name) in the follow-up database, None without one (or without a database)."""
    if not evaluated.state.available:
        return None
    today = dt.date.today()
    held = [m for m in meetings(evaluated.state) if m.held_on <= today]
    return (held[0].held_on, held[0].name) if held else None


def item_titles(evaluated: Evaluation) -> dict[str, str]:
    """Goal id -> its short title, added action number -> its text: change lines name the item, not its id."""
    titles = {goal.id: goal.label for goal in evaluated.plan.goals}
    titles.update({str(c.action_number): c.text for c in evaluated.state.action_changes if c.change == "added"})
    return titles


def _changes_toggle(since: tuple[dt.date, str] | None, changed: bool) -> bool:
    """"Start med det som er endra sidan sist" (kept in the URL as ?changes=1/0); offered once a meeting is
    recorded, and on by default when something changed since it (the meeting opens with the changes)."""
    key = widget_key("changes")
    if since is None:
        return False
    if not isinstance(st.session_state.get(key), bool):
        st.session_state[key] = url_choice("changes", ["0", "1"], "1" if changed else "0") == "1"
    on = st.checkbox(t.START_WITH_CHANGES, key=key,
                     help=t.START_WITH_CHANGES_HELP.format(meeting=since[1], date=format_date(since[0])))
    set_param("changes", "1" if on else "0")
    return on


def change_pages(since: tuple[dt.date, str] | None) -> list[tuple[str, list[ChangeLine]]]:
    """The changes since the meeting as slides: grouped (status changes, new figures, data revisions, revised
    actions), each group over as many slides as it needs to fit the screen; every change is on a slide."""
    if since is None:
        return []
    lines = change_lines(changes_since(board.state, since[0]), item_titles(board), known.names)
    return slide_pages(lines, NOTE_ON_SLIDE)


def changed_parts(since: tuple[dt.date, str] | None) -> list[PartsRow]:
    """The actions with municipal parts whose region status or a part changed since the meeting (issue 22)."""
    if since is None or not board.state.parts:
        return []
    changed = {c.item for c in changes_since(board.state, since[0]) if c.kind == "status" and c.item_kind == "action"}
    try:
        programme = action_programme(board.state).current
    except ActionsFileError:
        return []
    return changed_rows(board.state, programme, changed, known)


def has_numbers(result: GoalResult) -> bool:
    return result.latest.value is not None or result.baseline.value is not None


def _present(on: bool) -> None:
    st.session_state[PRESENT_KEY] = on


if not isinstance(st.session_state.get(PRESENT_KEY), bool):
    st.session_state[PRESENT_KEY] = url_choice("present", ["0", "1"], "0") == "1"
presenting: bool = st.session_state[PRESENT_KEY]
if presenting:
    set_param("present", "1")
elif "present" in st.query_params:
    del st.query_params["present"]
st.html(SLIDE_CSS + (PRESENT_CSS if presenting else BROWSE_CSS) + MEETING_KEYS_SCRIPT, unsafe_allow_javascript=True)

top_left, top_right = st.container(key="meeting_top").columns([4, 5], vertical_alignment="center")
controls = top_right.container(horizontal=True, horizontal_alignment="right", vertical_alignment="center",
                               key="meeting_controls", gap="small")
with controls, st.popover(t.CHOOSE_CONTENT, icon=":material/tune:"):
    st.session_state["meeting_region"] = region
    names = known.names
    st.selectbox(t.REGION_PICKER, known.selectable, key="meeting_region", format_func=lambda code: names[code],
                 on_change=_region_changed)
    st.html(language_html())  # the sidebar has the page menu only (ui/navigation.py)
    peers_not_in_meeting()  # the plan's goals apply to the plan's region: the peers are said, not listed
    # the default deck: the goals with numbers; those without are named on one summary slide (and can be chosen)
    results_by_id = {r.goal.id: r for r in board.results}
    default_goals = [g.id for g in current_plan.goals if g.kind == "indicator" and has_numbers(results_by_id[g.id])]
    without_numbers = [g.id for g in current_plan.goals
                       if g.kind == "indicator" and not has_numbers(results_by_id[g.id])]
    chosen_goals = synced_multiselect(
        t.GOALS_PICKER, goal_ids, param="goals",
        default=default_goals,
        format_func=lambda gid: _goal_option_label(current_plan.goal(gid)),
        placeholder=t.GOALS_PLACEHOLDER,
    )
    # only charts with numbers are offered; one a link names without numbers stays listed, so it can be removed
    chosen_charts = synced_multiselect(
        t.CHARTS_PICKER, [c for c in catalogue if c in with_numbers], param="charts", default=[],
        also_valid=list(catalogue), format_func=catalogue.get, placeholder=t.CHARTS_PLACEHOLDER,
    )
    with_similar = similar_toggle() if known.peers else False  # the region beside its peer regions
    meeting_held = last_meeting(board)
    pages_of_changes = change_pages(meeting_held)
    with_changes = _changes_toggle(meeting_held, bool(pages_of_changes))
    parts_changed = changed_parts(meeting_held)
    with_parts = parts_toggle(bool(parts_changed))  # the municipalities' parts of the changed actions
    st.caption(t.LINK_HELP)
    # run on its own (tests) the page has no navigation to link back to
    with contextlib.suppress(StreamlitAPIException):
        st.page_link("pages/oversikt.py", label=t.LEAVE, icon=":material/close:")

missing_summary = chosen_goals == default_goals and bool(without_numbers)
slides: list[tuple[str, str]] = (
    ([("changes", str(i)) for i in range(max(len(pages_of_changes), 1))] if with_changes else [])
    + ([("parts", "")] if with_parts else [])
    + [("goal", g) for g in chosen_goals]
    + ([("missing", "")] if missing_summary else [])
    + ([("similar", "")] if with_similar else [])
    + [("chart", c) for c in chosen_charts]
)
total = len(slides)
step = synced_int("step", 1, max(total, 1), 1)


def _go(delta: int) -> None:
    st.session_state[STEP_KEY] = max(1, min(int(st.session_state.get(STEP_KEY, 1)) + delta, max(total, 1)))


with controls:
    st.button(t.PREVIOUS, key="meeting_prev", on_click=_go, args=(-1,), disabled=step <= 1, shortcut="Left")
    st.button(t.NEXT, key="meeting_next", on_click=_go, args=(1,), disabled=step >= total, type="primary",
              shortcut="Right")
    # a presenter's remote (PageDown/PageUp) presses these two through MEETING_KEYS_SCRIPT
    if presenting:  # Escape is what a remote's stop button sends
        st.button(t.STOP_PRESENTING, key="meeting_present_off", on_click=_present, args=(False,),
                  icon=":material/close_fullscreen:", shortcut="Escape")
    else:
        st.button(t.START_PRESENTING, key="meeting_present_on", on_click=_present, args=(True,),
                  icon=":material/slideshow:")

show_url_notices()


def _slide_ready(fig: go.Figure) -> tuple[go.Figure, str]:
    """A copy of `fig` for the slide and its source line: the line is taken out of the figure and drawn under it
    as text that wraps to the screen (the plot's margins grow to fit its tick labels)."""
    fig = go.Figure(fig)  # a cached figure stays as its page built it
    source = take_source_line(fig)
    fig.update_layout(margin=dict(b=round(24 * TEXT_SCALE)))
    return fit_margins(fig), source


def _plot(prepared: tuple[go.Figure, str], key: str) -> None:
    """The slide's chart (from `_slide_ready`) in the box that takes the room the text above leaves (see
    SLIDE_CSS), and its source line under it."""
    fig, source = prepared
    with st.container(key="meeting_chart"):
        st.plotly_chart(shared_browser_figure(fig), theme=None, width="stretch", height="stretch",
                        config={"displayModeBar": False}, key=key)
    if source:
        st.markdown(text_html("div", "meeting-source", source), unsafe_allow_html=True)


# --- one slide -------------------------------------------------------------------------------------------
def goal_slide(goal_id: str) -> tuple[str, str]:
    goal = current_plan.goal(goal_id)
    result = board.result(goal_id)
    assert result is not None  # the evaluation holds every goal of the plan
    area = next((a.name for a in current_plan.areas if a.id == goal.area), "")
    text = headline(result)
    st.markdown(text_html("div", "meeting-headline", text.sentence), unsafe_allow_html=True)
    detail_text = plain_text(text.detail)
    if detail_text and goal.kind == "indicator":
        st.markdown(text_html("div", "meeting-detail", detail_text), unsafe_allow_html=True)
    # both statuses, each for what it is: the statistics' (with its numbers) and the secretariat's with its note
    status = goal_status(result, board.entry(goal_id))
    if status.statistics is not None:  # what a slide may say: no command, no server path
        status = replace(status, statistics=replace(status.statistics, explanation=plain_text(
            status.statistics.explanation), reason=plain_text(status.statistics.reason)))
    st.markdown(status_html(status, slide=True), unsafe_allow_html=True)
    if goal.kind == "indicator" and result.latest.value is not None and goal_status(result).single_period:
        # one figure: one dated value, not a chart with a 4 849–4 851 axis
        # the evaluated goal carries the unit of the figures behind it (an entered «mill. kr», not the plan's default)
        value = t.SINGLE_VALUE.format(value=format_number(result.latest.value), unit=result.goal.unit,
                                      period=result.latest.period)
        st.markdown(text_html("div", "meeting-text", value), unsafe_allow_html=True)
        return area, goal.label
    prepared = derived("meeting_goal_figure", lambda: _goal_figure(result), goal=goal_id, region=region,
                       state=board.state.stamp)  # built once per goal, region and state, not on every key press
    if prepared is not None:
        _plot(prepared, f"meeting_chart_{goal_id}_{region}")
    else:  # qualitative or not measured: the plan's own words (the detail line holds note and reporter)
        st.markdown(text_html("div", "meeting-text", t.PLAN_WORDING.format(title=goal.title)), unsafe_allow_html=True)
    return area, goal.label


def _goal_figure(result: GoalResult) -> tuple[go.Figure, str] | None:
    sources = cache.manifests(result.spec.datasets) if result.spec is not None else []
    fig = goal_figure(result, sources, title="", height=CHART_HEIGHT, text_scale=TEXT_SCALE)
    return _slide_ready(fig) if fig is not None else None


def _short_note(note: str) -> str:
    note = " ".join(note.split())
    return note if len(note) <= NOTE_ON_SLIDE else note[:NOTE_ON_SLIDE].rsplit(" ", 1)[0] + " …"


def changes_slide(since: tuple[dt.date, str] | None, index: int) -> tuple[str, str]:
    """Slide `index` of what was entered since the last meeting (see `change_pages`): a group heading and its
    changes, each with who and when and its note, in text readable from the back of the room."""
    st.markdown(text_html("div", "meeting-headline", t.CHANGES_HEADLINE), unsafe_allow_html=True)
    if since is None:  # the meeting was removed from the database after the link was made
        st.markdown(text_html("div", "meeting-text", t.CHANGES_NO_MEETING), unsafe_allow_html=True)
        return "", t.CHANGES_LABEL
    held_on, name = since
    if not pages_of_changes:
        nothing = f"{since_text(held_on, name)} {summary([], held_on)}"
        st.markdown(text_html("div", "meeting-text", nothing), unsafe_allow_html=True)
        return "", t.CHANGES_LABEL
    heading, lines = pages_of_changes[min(index, len(pages_of_changes) - 1)]
    if index == 0:
        every = [line for _, chunk in pages_of_changes for line in chunk]
        intro = f"{since_text(held_on, name)} {summary(every, held_on)}"
        st.markdown(text_html("div", "meeting-detail", intro), unsafe_allow_html=True)
    st.markdown(text_html("div", "meeting-change-group", heading), unsafe_allow_html=True)
    shown = [{"text": line.text, "detail": line.detail,
              "note": note_html(_short_note(line.note), "meeting-change-note-text") if line.note else ""}
             for line in lines]
    st.markdown(render("snippets/meeting_changes.html.j2", lines=shown), unsafe_allow_html=True)
    return "", t.CHANGES_LABEL


def missing_slide() -> tuple[str, str]:
    """One slide for the goals left out of the default deck because they have no numbers yet."""
    labels = [current_plan.goal(g).label for g in without_numbers]
    head = t.MISSING_HEADLINE.format(count=texts.number_word(len(labels)).capitalize())
    st.markdown(text_html("div", "meeting-headline", head), unsafe_allow_html=True)
    st.markdown(render("snippets/list.html.j2", css_class="meeting-changes", items=labels), unsafe_allow_html=True)
    st.markdown(text_html("div", "meeting-explanation", t.MISSING_HELP), unsafe_allow_html=True)
    return "", t.MISSING_LABEL


def _no_numbers(text: str = t.NO_NUMBERS) -> None:
    st.markdown(text_html("div", "meeting-headline", text), unsafe_allow_html=True)


def _large_text(fig: go.Figure) -> tuple[go.Figure, str]:
    """A finished chart for the slide: its title is already the headline above, so the plot gets that room."""
    fig = go.Figure(fig)  # a cached figure stays as its page built it
    fig.update_layout(title=dict(text=""), height=CHART_HEIGHT + 60, margin=dict(t=40))
    if counts_from_zero(fig):
        fig.update_yaxes(rangemode="tozero")  # a count's axis starts at zero on a slide: no exaggerated slope
    scale_text(fig, TEXT_SCALE)
    return _slide_ready(fig)


def counts_from_zero(fig: go.Figure) -> bool:
    """Whether the chart's values are counts or shares that should be read from zero: every y value of its
    line traces is ≥ 0 and the axis is not an index (which reads from its base, 100)."""
    title = (fig.layout.yaxis.title.text or "").lower() if fig.layout.yaxis.title else ""
    if "indeks" in title or not fig.data:
        return False
    for trace in fig.data:
        ys = getattr(trace, "y", None)
        if ys is None:
            return False
        numbers = [float(y) for y in ys if isinstance(y, int | float) and y == y]
        if numbers and min(numbers) < 0:
            return False
    return True


def _show_figure(make: Callable[[], go.Figure], indicator_id: str, **key: object) -> None:
    """The chart `make` returns, in large text; built once per indicator, region, `key` and cache state (meeting
    mode reruns on every key press, and scaling a figure's text is slow)."""
    prepared = derived("meeting_chart_figure", lambda: _large_text(make()), indicator=indicator_id, region=region,
                       **key)
    _plot(prepared, f"meeting_chart_{indicator_id}_{region}")


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
    if slide.takes_frame:
        frame_region = None if slide.every_region else region
        arguments.update(frame=indicator_frame(indicator_id, frame_region, **slide.frame_params),
                         sources=provenances(indicator_id))
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
    st.markdown(text_html("div", "meeting-headline", headline_of(chart.figure)), unsafe_allow_html=True)
    _show_figure(lambda: chart.figure, indicator_id, chart=chart.key, state=board.state.stamp)
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
    st.markdown(text_html("div", "meeting-headline", message), unsafe_allow_html=True)
    last = int(frame.dropna(subset=["value"])["period"].max())
    make = lambda: charts.line_chart(  # noqa: E731
        frame, title="", provenances=cache.manifests(spec.datasets), y_title=spec.unit.capitalize(),
        colour_by=dimension or "region_code", label_by=f"{dimension}_label" if dimension else "region_name",
        note=t.LATEST_NOTE.format(when=spec.describe_period(last)),
        hover_format=",.1f" if is_percent(spec.unit) else ",.0f",
    )
    _show_figure(make, indicator_id)


slide_area = st.container(key="meeting_slide")
with slide_area:
    if total == 0:
        st.markdown(text_html("div", "meeting-headline", t.NOTHING_CHOSEN), unsafe_allow_html=True)
        st.markdown(text_html("div", "meeting-text", t.NOTHING_CHOSEN_HELP), unsafe_allow_html=True)
        where, label = "", ""
    else:
        kind, item = slides[step - 1]
        if kind == "changes":
            where, label = changes_slide(meeting_held, int(item))
        elif kind == "missing":
            where, label = missing_slide()
        elif kind == "parts" and meeting_held is not None:
            where, label = "", parts_slide(parts_changed, known, meeting_held)
        elif kind == "similar":
            where, label = "", similar_slide()
        else:
            where, label = goal_slide(item) if kind == "goal" else chart_slide(item)

with top_left:
    position = t.POSITION.format(step=step, total=total) if total else "–"
    st.markdown(render("snippets/meeting_top.html.j2", title=t.TOP_BAR.format(name=region_name(region)),
                       position=position, where=where, label=label), unsafe_allow_html=True)
