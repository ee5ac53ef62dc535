"""Oversikt: every result goal of the plan, grouped by focus area, with both statuses (the method's on the
figures and the secretariat's assessment with its note, body and date), the numbers in their own unit, its
history, and at the top a one-line summary of what changed since the last recorded meeting (opens the list).

The plan's status count and the first cards are on the first screen at 1280×720: the intro is on Om, the
changes are one line until opened."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import streamlit as st

from indicators import cache, i18n
from indicators.formatting import format_date, format_number, format_percent
from indicators.goal_status import GoalStatus, count_statuses, goal_status
from indicators.goals import GoalResult
from indicators.plan_actions import ACTION_STATUSES
from indicators.present.badges import badge_html
from indicators.present.changes import (
    change_lines,
    changes_html,
    changes_table,
    entered_label,
    history_table,
    one_line,
    since_text,
    summary,
)
from indicators.present.charts import source_line
from indicators.present.export import table_excel_csv_button, to_csv_bytes
from indicators.present.goal_status import status_html
from indicators.present.html import render, text_html
from indicators.present.sparkline import sparkline_svg
from indicators.present.texts import changes as tc
from indicators.present.texts import goal_status as tg
from indicators.present.texts import overview as t
from indicators.progress import STATUS_LABELS
from indicators.regions import active_region, region_name
from indicators.safe_text import markdown_escaped
from ui.data import Evaluation, changes_since, derived, evaluation, meetings
from ui.figures import export_buttons
from ui.navigation import run_inside_the_app
from ui.plan_notice import require_plan
from ui.sidebar import current_region, say_plan_region
from ui.state import synced_select
from ui.style import page_title

run_inside_the_app()  # first: see ui/navigation.py

ALL = "alle"
ACTION_ONLY = set(ACTION_STATUSES) - {"not_assessed", "not_started", "in_progress"}
OVERVIEW_CSS = """
<style>
.count-rule { font-size: 0.85rem; color: #4D4D4D; }
.changes-group { margin: 0.6rem 0 0.2rem; }
.changes-list li { margin-bottom: 0.4rem; }
.change-detail { font-size: 0.85rem; color: #4D4D4D; }
.qualitative-goal { font-weight: 600; margin-top: 0.6rem; }
</style>
"""

region = current_region()
board = evaluation(region)  # the plan and every goal evaluated once for this run
current_plan = board.plan
page_title(t.TITLE.format(name=region_name(region)))
require_plan()  # a region with members only: the notice instead of an empty board
say_plan_region()  # a peer region chosen in the sidebar: the board is the plan's own region's
st.caption(t.CAPTION)
st.html(OVERVIEW_CSS)  # the statuses' rules are in the app's stylesheet (ui/style.py)
for problem in current_plan.problems:
    st.warning(t.GOALS_FILE_PROBLEM.format(problem=markdown_escaped(problem)), icon="⚠️")
if not board.state.available:
    st.warning(tc.UNAVAILABLE.format(reason=board.state.problem), icon="⚠️")

OTHER_DATE = "annan"
DEFAULT_DAYS_BACK = 30


def plain(text: object) -> str:
    """Plan-file or user text for a markdown element (a header, an expander label): shown as itself, never as a
    link, emphasis or heading (every markdown character backslash-escaped)."""
    return markdown_escaped(text)


def item_titles(evaluated: Evaluation) -> dict[str, str]:
    """Goal id → its short title, action number → its text (the plan's and the added ones), for change lines."""
    titles = {goal.id: goal.label for goal in evaluated.plan.goals}
    titles.update({str(c.action_number): c.text for c in evaluated.state.action_changes if c.change == "added"})
    return titles


def changes_section(evaluated: Evaluation) -> None:
    """"Kva er endra sidan sist" as one line («17 endringar sidan regionrådsmøtet 15. oktober 2026: 9 statusar,
    8 tal — vis») that opens the list: since the last meeting held (or another meeting, or a date picked)."""
    state = evaluated.state
    if not state.available:
        return
    today = dt.date.today()
    held = [m for m in meetings(state) if m.held_on <= today]
    by_id = {str(m.id): m for m in held}
    default_since = held[0].held_on if held else today - dt.timedelta(days=DEFAULT_DAYS_BACK)
    titles = item_titles(evaluated)
    default_lines = change_lines(changes_since(state, default_since), titles, active_region().names)
    headline = one_line(default_lines, default_since, held[0].name if held else None)
    label = f"{plain(headline)} — {tc.SHOW_CHANGES}" if default_lines else plain(headline)
    with st.expander(label, expanded=False, key="changes_open"):
        choice = OTHER_DATE
        if held:
            choice = st.selectbox(
                tc.COMPARE_WITH, [*by_id, OTHER_DATE], key="changes_meeting",
                format_func=lambda key: tc.COMPARE_OTHER_DATE if key == OTHER_DATE else (
                    by_id[key].name if format_date(by_id[key].held_on) in by_id[key].name
                    else tc.COMPARE_MEETING.format(name=by_id[key].name, date=format_date(by_id[key].held_on))),
            )
        else:
            st.caption(tc.NO_MEETING)
        if choice == OTHER_DATE:
            picked = st.date_input(tc.PICK_DATE, value=default_since, max_value=today, key="changes_since",
                                   format="DD.MM.YYYY")
            since = picked if isinstance(picked, dt.date) else default_since
            meeting_name = None
        else:
            since, meeting_name = by_id[choice].held_on, by_id[choice].name
        lines = change_lines(changes_since(state, since), titles, active_region().names)
        st.text(since_text(since, meeting_name))
        st.markdown(summary(lines, since))
        if lines:
            st.markdown(changes_html(lines), unsafe_allow_html=True)  # every note's links clickable
            table = changes_table(lines)
            st.download_button(tc.DOWNLOAD_CSV, i18n.bound(lambda: to_csv_bytes(table)),  # built when clicked
                               file_name=f"{tc.FILE_STEM}-{since}.csv", mime="text/csv", key="changes_csv",
                               icon=":material/download:", on_click="ignore")
            st.download_button(**table_excel_csv_button(table, f"{tc.FILE_STEM}-{since}", "changes_csv_excel"))


changes_section(board)

area_ids = [a.id for a in current_plan.areas]
goal_statuses = [key for key in STATUS_LABELS if key not in ACTION_ONLY]
# One focus area at a time by default (the counts above are the whole plan's): a screen's worth of cards reads on
# a projector, and the browser redraws eight cards on a region change, not forty. «Alle» shows the whole board.
results = list(board.results)
# both statuses of every goal (indicators/goal_status.py); counts and the status filter use the counted one
statuses: dict[str, GoalStatus] = {r.goal.id: goal_status(r, board.entry(r.goal.id)) for r in results}


def board_order(result: GoalResult) -> int:
    """Measured goals with numbers first, then measurable ones without data, then qualitative goals."""
    if result.goal.kind == "qualitative":
        return 2 if result.status == "not_assessed" else 1
    return 0 if result.status != "no_data" else 1


counts = count_statuses(statuses.values())
st.markdown(
    render("snippets/goal_count.html.j2", count=t.GOAL_COUNT.format(count=len(results)), rule=tg.COUNTED_BY,
           badges=[(badge_html(status, 15), count) for status, count in counts.items() if count]),
    unsafe_allow_html=True,
)


col_area, col_status = st.columns([3, 1])
with col_area:
    area_choice = synced_select(
        t.AREA_FILTER, [*area_ids, ALL], param="area", default=area_ids[0] if area_ids else ALL,
        format_func=lambda a: t.ALL_AREAS if a == ALL else current_plan.area(a).name,
        horizontal=True, widget=st.radio,
    )
with col_status:
    status_choice = synced_select(
        t.STATUS_FILTER, [ALL, *goal_statuses], param="status", default=ALL,
        format_func=lambda s: t.ALL_STATUSES if s == ALL else STATUS_LABELS[s],
    )

def numbers_text(result: GoalResult, single: bool = False) -> str:
    """Baseline, latest value and target in the figures' own unit; one figure (or one year) is one dated value."""
    spec = result.spec
    describe = spec.describe_period if spec else str
    unit = plain(result.goal.unit)  # an entered figure's unit is user text: never markdown
    if single and result.latest.value is not None:
        return t.SINGLE_VALUE.format(period=describe(result.latest.period), value=format_number(result.latest.value),
                                     unit=unit).rstrip() + "  \n" + t.ONE_YEAR_ONLY
    lines = [
        t.BASELINE.format(period=describe(result.baseline.period), value=format_number(result.baseline.value),
                          unit=unit),
    ]
    if result.latest.value is not None:
        change = ""
        if result.change_ratio is not None:
            change = f" ({format_percent(result.change_ratio, signed=True)})"
        lines.append(t.LATEST.format(period=describe(result.latest.period), value=format_number(result.latest.value),
                                     unit=unit, change=change))
    if result.target.value is not None:
        goal = result.goal
        wanted = f" ({format_percent(goal.target_change, signed=True, decimals=0)})" if goal.target_change else ""
        lines.append(t.TARGET.format(period=describe(result.target.period), value=format_number(result.target.value),
                                     wanted=wanted))
    elif result.goal.direction:
        lines.append(t.DIRECTION_ONLY.format(word=t.DIRECTION_WORDS.get(result.goal.direction, "")))
    return "  \n".join(lines)


def card(result: GoalResult) -> None:
    """A measured (or measurable) goal: both statuses (the statistics' with what gave it, the secretariat's with
    its note), the numbers in their unit, a small trend (one figure: one dated value)."""
    goal = result.goal
    status = statuses[goal.id]
    with st.container(border=True):
        st.markdown(f"#### {plain(goal.label)}\n\n{status_html(status)}", unsafe_allow_html=True)
        caption = t.PLAN_WORDING.format(title=plain(goal.title)) if goal.short_title else ""
        if result.latest.value is not None or result.baseline.value is not None:
            st.markdown(numbers_text(result, status.single_period))
        if not result.series.empty and not status.single_period:
            # an SVG drawn on the server (no plotly.js on the start page), shared until files or database change
            spark = derived("sparkline", lambda: sparkline_svg(result), goal=goal.id, region=region,
                            state=board.state.stamp)
            if spark:
                st.markdown(spark, unsafe_allow_html=True)
        notes = [text for text in (t.GOAL_SOURCE.format(source=plain(goal.source)) if goal.source else "",) if text]
        st.caption("  \n".join([caption, *notes]) if caption else "  \n".join(notes))
        if result.entered is not None:  # figures the secretariat entered: their source, as text
            st.text(entered_label(result.entered))
        followup(goal.id)


def followup(goal_id: str) -> None:
    """The goal's history, one click away (who assessed it when is in the status block above)."""
    entries = board.history(goal_id)
    # Lazy (on_change="rerun"): the table is built and sent only for an opened history, not for all 40 goals.
    with st.expander(f"{tc.HISTORY} ({len(entries)})" if entries else tc.HISTORY, key=f"history_{goal_id}",
                     on_change="rerun") as history:
        if history.open and entries:
            st.dataframe(history_table(entries), hide_index=True, width="stretch")
        elif history.open:
            st.caption(tc.HISTORY_EMPTY)


def spark_sources(area_id: str, area_name: str, shown: list[GoalResult]) -> None:
    """Under an area's cards: where the small charts' numbers come from (source and data date, one line per
    dataset) and each dataset's numbers to download, with their provenance."""
    by_dataset: dict[str, list[GoalResult]] = {}
    for result in shown:
        if result.spec is None or result.series.empty:
            continue
        for name in result.spec.datasets:
            by_dataset.setdefault(name, []).append(result)
    for name, using in by_dataset.items():
        provenances = cache.manifests([name])
        line = source_line(provenances)
        if line:
            st.caption(line)
        data = pd.concat(
            [r.series.assign(**{t.SPARK_GOAL_COLUMN: r.goal.id}) for r in using], ignore_index=True
        )
        dataset_title = provenances[0].title if provenances else name
        export_buttons(key=f"spark_{area_id}_{name}", data=data, provenances=provenances,
                       title=t.SPARK_DATA_TITLE.format(area=area_name, dataset=dataset_title))


def qualitative_goal(result: GoalResult) -> None:
    """A qualitative goal: the goal in the plan's words and the secretariat's assessment with its note (links in
    it clickable, nothing else rendered), body and date; its history one click away."""
    goal = result.goal
    st.markdown(
        text_html("div", "qualitative-goal", goal.title) + status_html(statuses[goal.id]),
        unsafe_allow_html=True,
    )
    followup(goal.id)


shown_any = False
for area in current_plan.areas:
    if area_choice not in (ALL, area.id):
        continue
    area_results = [r for r in results if r.goal.area == area.id]
    visible = sorted((r for r in area_results if status_choice in (ALL, statuses[r.goal.id].counted)),
                     key=board_order)
    measured = [r for r in area_results if r.goal.measured]
    achieved = sum(r.status == "achieved" for r in area_results)
    with_data = sum(r.status != "no_data" for r in measured)
    if not visible and status_choice != ALL:
        continue  # a status filter shows only the areas that have such goals
    st.subheader(plain(area.name))  # plan-file text: shown as text, never as a link
    st.caption(t.AREA_SUMMARY.format(subtitle=plain(area.subtitle), goals=len(area_results),
                                     measured=len(measured), with_data=with_data, achieved=achieved))
    shown_any = True
    cards = [r for r in visible if r.goal.kind != "qualitative"]
    qualitative = [r for r in visible if r.goal.kind == "qualitative"]
    if cards:
        columns = st.columns(3)
        for index, result in enumerate(cards):
            with columns[index % 3]:
                card(result)
        spark_sources(area.id, area.name, cards)
    if qualitative:
        st.markdown(t.QUALITATIVE_HEADING.format(count=len(qualitative)))
        for result in qualitative:
            qualitative_goal(result)

if not shown_any:
    st.info(t.NOTHING_MATCHES)
