"""Oversikt: every result goal of the plan, grouped by focus area, with status and numbers; who assessed each
goal and when, its history, and at the top what changed since the last recorded meeting."""

from __future__ import annotations

import datetime as dt
import html

import pandas as pd
import streamlit as st

from indicators import cache
from indicators.formatting import format_date, format_number, format_percent
from indicators.goals import GoalResult
from indicators.present import texts
from indicators.present.badges import badge_html
from indicators.present.changes import (
    assessed_text,
    change_lines,
    changes_table,
    history_table,
    since_text,
    summary,
)
from indicators.present.charts import source_line
from indicators.present.export import to_csv_bytes
from indicators.present.sparkline import sparkline_svg
from indicators.present.texts import changes as tc
from indicators.present.texts import overview as t
from indicators.progress import OVERVIEW_CAPTION, STATUS_LABELS
from indicators.regions import active_region, region_name
from ui.data import Evaluation, changes_since, derived, evaluation, meetings
from ui.figures import export_buttons
from ui.navigation import run_inside_the_app
from ui.sidebar import current_region
from ui.state import synced_select
from ui.style import page_title

run_inside_the_app()  # first: see ui/navigation.py

ALL = "alle"
EXPLANATION_STYLE = "font-size:0.85rem;color:#4D4D4D"

region = current_region()
board = evaluation(region)  # the plan and every goal evaluated once for this run
current_plan = board.plan
page_title(t.TITLE.format(name=region_name(region)))
st.caption(f"{texts.fill(t.CAPTION_INTRO)} {OVERVIEW_CAPTION}")
for problem in current_plan.problems:
    st.warning(t.GOALS_FILE_PROBLEM.format(problem=problem), icon="⚠️")
if not board.state.available:
    st.warning(tc.UNAVAILABLE.format(reason=board.state.problem), icon="⚠️")

OTHER_DATE = "annan"
DEFAULT_DAYS_BACK = 30


def item_titles(evaluated: Evaluation) -> dict[str, str]:
    """Goal id → its short title, action number → its text (the plan's and the added ones), for change lines."""
    titles = {goal.id: goal.label for goal in evaluated.plan.goals}
    titles.update({str(c.action_number): c.text for c in evaluated.state.action_changes if c.change == "added"})
    return titles


def changes_section(evaluated: Evaluation) -> None:
    """"Kva er endra sidan sist": since the last meeting held (or another meeting, or a date picked)."""
    state = evaluated.state
    if not state.available:
        return
    today = dt.date.today()
    held = [m for m in meetings(state) if m.held_on <= today]
    by_id = {str(m.id): m for m in held}
    default_since = held[0].held_on if held else today - dt.timedelta(days=DEFAULT_DAYS_BACK)
    expanded = bool(changes_since(state, default_since))
    with st.expander(tc.HEADING, expanded=expanded):
        choice = OTHER_DATE
        if held:
            choice = st.selectbox(
                tc.COMPARE_WITH, [*by_id, OTHER_DATE], key="changes_meeting",
                format_func=lambda key: tc.COMPARE_OTHER_DATE if key == OTHER_DATE else tc.COMPARE_MEETING.format(
                    name=by_id[key].name, date=format_date(by_id[key].held_on)),
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
        lines = change_lines(changes_since(state, since), item_titles(evaluated), active_region().names)
        st.text(since_text(since, meeting_name))
        st.markdown(summary(lines, since))
        if lines:
            table = changes_table(lines)
            st.dataframe(table, hide_index=True, width="stretch")
            st.download_button(tc.DOWNLOAD_CSV, to_csv_bytes(table), file_name=f"{tc.FILE_STEM}-{since}.csv",
                               mime="text/csv", key="changes_csv", on_click="ignore")


changes_section(board)

area_ids = [a.id for a in current_plan.areas]
statuses = list(STATUS_LABELS)
# One focus area at a time by default (the counts above are the whole plan's): a screen's worth of cards reads on
# a projector, and the browser redraws eight cards on a region change, not forty. «Alle» shows the whole board.
col_area, col_status = st.columns([3, 1])
with col_area:
    area_choice = synced_select(
        t.AREA_FILTER, [*area_ids, ALL], param="area", default=area_ids[0] if area_ids else ALL,
        format_func=lambda a: t.ALL_AREAS if a == ALL else current_plan.area(a).name,
        horizontal=True, widget=st.radio,
    )
with col_status:
    status_choice = synced_select(
        t.STATUS_FILTER, [ALL, *statuses], param="status", default=ALL,
        format_func=lambda s: t.ALL_STATUSES if s == ALL else STATUS_LABELS[s],
    )

results = list(board.results)


def board_order(result: GoalResult) -> int:
    """Measured goals with numbers first, then measurable ones without data, then qualitative goals."""
    if result.goal.kind == "qualitative":
        return 2 if result.status == "not_assessed" else 1
    return 0 if result.status != "no_data" else 1


counts = {status: sum(r.status == status for r in results) for status in STATUS_LABELS}
st.markdown(
    t.GOAL_COUNT.format(count=len(results)) + " · "
    + " · ".join(f"{badge_html(status, 15)} {count}" for status, count in counts.items() if count),
    unsafe_allow_html=True,
)


def explanation_html(result: GoalResult) -> str:
    """Which branch and which numbers gave the status, in small text next to the badge."""
    text = result.assessment.explanation if result.assessment is not None else ""
    if text == result.reason:  # the reason already stands in the card's caption
        return ""
    return f" <span class='status-explanation' style='{EXPLANATION_STYLE}'>{html.escape(text)}</span>" if text else ""


def numbers_text(result: GoalResult) -> str:
    spec = result.spec
    describe = spec.describe_period if spec else str
    unit = result.goal.unit
    lines = [
        t.BASELINE.format(period=describe(result.baseline.period), value=format_number(result.baseline.value),
                          unit=unit),
    ]
    if result.latest.value is not None:
        change = ""
        if result.change_ratio is not None:
            change = f" ({format_percent(result.change_ratio, signed=True)})"
        lines.append(t.LATEST.format(period=describe(result.latest.period), value=format_number(result.latest.value),
                                     change=change))
    if result.target.value is not None:
        goal = result.goal
        wanted = f" ({format_percent(goal.target_change, signed=True, decimals=0)})" if goal.target_change else ""
        lines.append(t.TARGET.format(period=describe(result.target.period), value=format_number(result.target.value),
                                     wanted=wanted))
    elif result.goal.direction:
        lines.append(t.DIRECTION_ONLY.format(word=t.DIRECTION_WORDS.get(result.goal.direction, "")))
    return "  \n".join(lines)


def card(result: GoalResult) -> None:
    """A measured (or measurable) goal: badge with what gave it, the numbers, a small trend."""
    goal = result.goal
    with st.container(border=True):
        st.markdown(
            f"#### {html.escape(goal.label)}\n\n{badge_html(result.status)}{explanation_html(result)}",
            unsafe_allow_html=True,
        )
        caption = t.PLAN_WORDING.format(title=goal.title) if goal.short_title else ""
        if result.latest.value is not None or result.baseline.value is not None:
            st.markdown(numbers_text(result))
        if not result.series.empty:
            # an SVG drawn on the server (no plotly.js on the start page), shared until files or database change
            spark = derived("sparkline", lambda: sparkline_svg(result), goal=goal.id, region=region,
                            state=board.state.stamp)
            if spark:
                st.markdown(spark, unsafe_allow_html=True)
        notes = [text for text in (result.reason, t.GOAL_SOURCE.format(source=goal.source) if goal.source else "")
                 if text]
        st.caption("  \n".join([caption, *notes]) if caption else "  \n".join(notes))
        if result.entered_label:  # figures the secretariat entered: their source, as text
            st.text(result.entered_label)
        followup(goal.id, with_status=board.entry(goal.id) is not None)


def followup(goal_id: str, with_status: bool) -> None:
    """Who assessed the goal and when (as text: names and notes are never rendered), and its history."""
    entry = board.entry(goal_id)
    if with_status and entry is not None:
        st.text(assessed_text(entry))
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
    """A qualitative goal: badge and the goal, the secretariat's note and who assessed it when (text, never
    rendered), and its history."""
    goal = result.goal
    st.markdown(
        f"{badge_html(result.status, 15)} <span class='qualitative-goal' title='{html.escape(goal.title)}'>"
        f"{html.escape(goal.title)}</span>",
        unsafe_allow_html=True,
    )
    if goal.status_note:
        st.text(goal.status_note)
    entry = board.entry(goal.id)
    if entry is not None:
        st.text(assessed_text(entry))
    elif goal.reported_by or goal.reviewed:  # the plan file's own (the database cannot be read)
        details = [t.REPORTED_BY.format(who=goal.reported_by)] if goal.reported_by else []
        if goal.reviewed:
            details.append(t.REVIEWED.format(date=format_date(goal.reviewed)))
        st.text("; ".join(details))
    followup(goal.id, with_status=False)


shown_any = False
for area in current_plan.areas:
    if area_choice not in (ALL, area.id):
        continue
    area_results = [r for r in results if r.goal.area == area.id]
    visible = sorted((r for r in area_results if status_choice in (ALL, r.status)), key=board_order)
    measured = [r for r in area_results if r.goal.measured]
    achieved = sum(r.status == "achieved" for r in area_results)
    with_data = sum(r.status != "no_data" for r in measured)
    if not visible and status_choice != ALL:
        continue  # a status filter shows only the areas that have such goals
    st.header(area.name)
    st.markdown(t.AREA_SUMMARY.format(subtitle=area.subtitle, goals=len(area_results), measured=len(measured),
                                      with_data=with_data, achieved=achieved))
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
