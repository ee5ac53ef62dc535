"""Oversikt: every result goal of the plan, grouped by focus area, with status and numbers."""

from __future__ import annotations

import html

import pandas as pd
import streamlit as st

from indicators import cache
from indicators.formatting import format_date, format_number, format_percent
from indicators.goals import GoalResult
from indicators.present import texts
from indicators.present.badges import badge_html
from indicators.present.charts import source_line
from indicators.present.goal_charts import goal_sparkline
from indicators.present.texts import overview as t
from indicators.progress import OVERVIEW_CAPTION, STATUS_LABELS
from indicators.regions import region_name
from ui.data import evaluation
from ui.figures import export_buttons
from ui.sidebar import current_region
from ui.state import synced_select

ALL = "alle"
EXPLANATION_STYLE = "font-size:0.85rem;color:#4D4D4D"

region = current_region()
board = evaluation(region)  # the plan and every goal evaluated once for this run
current_plan = board.plan
st.title(t.TITLE.format(name=region_name(region)))
st.caption(f"{texts.fill(t.CAPTION_INTRO)} {OVERVIEW_CAPTION}")
for problem in current_plan.problems:
    st.warning(t.GOALS_FILE_PROBLEM.format(problem=problem), icon="⚠️")

area_ids = [a.id for a in current_plan.areas]
statuses = list(STATUS_LABELS)
col_area, col_status = st.columns(2)
with col_area:
    area_choice = synced_select(
        t.AREA_FILTER, [ALL, *area_ids], param="area", default=ALL,
        format_func=lambda a: t.ALL_AREAS if a == ALL else current_plan.area(a).name,
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
            spark = goal_sparkline(result)  # three small figures: cheaper to draw than to hash the result
            st.plotly_chart(spark.figure, theme=None, width="stretch",
                            config={"displayModeBar": False, "staticPlot": True}, key=f"spark_{goal.id}")
        notes = [text for text in (result.reason, t.GOAL_SOURCE.format(source=goal.source) if goal.source else "")
                 if text]
        st.caption("  \n".join([caption, *notes]) if caption else "  \n".join(notes))


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


def qualitative_list(area_results: list[GoalResult]) -> str:
    """The qualitative goals of an area as one compact list: badge, the goal, the secretariat's note."""
    items = []
    for result in area_results:
        goal = result.goal
        details = [html.escape(goal.status_note)] if goal.status_note else []
        if goal.reported_by:
            details.append(t.REPORTED_BY.format(who=html.escape(goal.reported_by)))
        if goal.reviewed:
            details.append(t.REVIEWED.format(date=format_date(goal.reviewed)))
        tail = f" <span style='color:#4D4D4D'>– {'; '.join(details)}</span>" if details else ""
        items.append(
            f"<li style='margin:0.35em 0'>{badge_html(result.status, 15)} "
            f"<span title='{html.escape(goal.title)}'>{html.escape(goal.title)}</span>{tail}</li>"
        )
    return "<ul style='list-style:none;padding-left:0;font-size:1.05rem'>" + "".join(items) + "</ul>"


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
        st.markdown(qualitative_list(qualitative), unsafe_allow_html=True)

if not shown_any:
    st.info(t.NOTHING_MATCHES)
