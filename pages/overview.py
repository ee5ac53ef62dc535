"""Oversikt: every result goal of the plan, grouped by focus area, with status and numbers."""

from __future__ import annotations

import html

import streamlit as st

from indicators.formatting import format_date, format_number, format_percent
from indicators.goals import GoalResult
from indicators.present.badges import badge_html
from indicators.present.goal_charts import goal_sparkline
from indicators.progress import STATUS_LABELS
from indicators.regions import region_name
from ui.data import cached_chart, goal_results, plan
from ui.sidebar import current_region
from ui.state import synced_select

ALL = "alle"

region = current_region()
current_plan = plan()
st.title(f"Oversikt over resultatmåla – {region_name(region)}")
st.caption(
    "Strategisk plan for Hallingdal 2022–2025. Målte mål viser utgangspunkt, siste tal og mål; status etter "
    "Statistics Canada sin metode (sjå «Om»). Kvalitative mål har status frå sekretariatet."
)
for problem in current_plan.problems:
    st.warning(f"Feil i målfila: {problem}", icon="⚠️")

area_ids = [a.id for a in current_plan.areas]
statuses = list(STATUS_LABELS)
col_area, col_status = st.columns(2)
with col_area:
    area_choice = synced_select(
        "Innsatsområde", [ALL, *area_ids], param="area", default=ALL,
        format_func=lambda a: "Alle innsatsområde" if a == ALL else current_plan.area(a).name,
    )
with col_status:
    status_choice = synced_select(
        "Status", [ALL, *statuses], param="status", default=ALL,
        format_func=lambda s: "Alle statusar" if s == ALL else STATUS_LABELS[s],
    )

results = goal_results(region)


def board_order(result: GoalResult) -> int:
    """Measured goals with numbers first, then measurable ones without data, then qualitative goals."""
    if result.goal.kind == "qualitative":
        return 2 if result.status == "not_assessed" else 1
    return 0 if result.status != "no_data" else 1


counts = {status: sum(r.status == status for r in results) for status in STATUS_LABELS}
st.markdown(
    f"**{len(results)} resultatmål** · "
    + " · ".join(f"{badge_html(status, 15)} {count}" for status, count in counts.items() if count),
    unsafe_allow_html=True,
)


def numbers_text(result: GoalResult) -> str:
    spec = result.spec
    describe = spec.describe_period if spec else str
    unit = result.goal.unit
    lines = [
        f"**Utgangspunkt** ({describe(result.baseline.period)}): {format_number(result.baseline.value)} {unit}",
    ]
    if result.latest.value is not None:
        change = ""
        if result.change_ratio is not None:
            change = f" ({format_percent(result.change_ratio, signed=True)})"
        lines.append(f"**Siste tal** ({describe(result.latest.period)}): {format_number(result.latest.value)}{change}")
    if result.target.value is not None:
        goal = result.goal
        wanted = f" ({format_percent(goal.target_change, signed=True, decimals=0)})" if goal.target_change else ""
        lines.append(f"**Mål** ({describe(result.target.period)}): {format_number(result.target.value)}{wanted}")
    elif result.goal.direction:
        word = "auke" if result.goal.direction == "increase" else "nedgang"
        lines.append(f"**Mål:** {word} (planen gir ingen talfesta storleik)")
    return "  \n".join(lines)


def card(result: GoalResult) -> None:
    """A measured (or measurable) goal: badge, the numbers, a small trend and the source."""
    goal = result.goal
    with st.container(border=True):
        st.markdown(
            f"#### {html.escape(goal.label)}\n\n{badge_html(result.status)}", unsafe_allow_html=True
        )
        caption = f"Planen: «{goal.title}»" if goal.short_title else ""
        if result.latest.value is not None or result.baseline.value is not None:
            st.markdown(numbers_text(result))
        if not result.series.empty:
            spark = cached_chart(goal_sparkline, goal_id=goal.id, region=result.region)
            st.plotly_chart(spark.figure, theme=None, width="stretch",
                            config={"displayModeBar": False, "staticPlot": True}, key=f"spark_{goal.id}")
        notes = [text for text in (result.reason, f"Kjelde: {goal.source}" if goal.source else "") if text]
        st.caption("  \n".join([caption, *notes]) if caption else "  \n".join(notes))


def qualitative_list(area_results: list[GoalResult]) -> str:
    """The qualitative goals of an area as one compact list: badge, the goal, the secretariat's note."""
    items = []
    for result in area_results:
        goal = result.goal
        details = [html.escape(goal.status_note)] if goal.status_note else []
        if goal.reported_by:
            details.append(f"rapportert av {html.escape(goal.reported_by)}")
        if goal.reviewed:
            details.append(f"sist vurdert {format_date(goal.reviewed)}")
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
    st.markdown(
        f"*{area.subtitle}*  \n{len(area_results)} mål · {len(measured)} målte med offisiell statistikk "
        f"({with_data} med tal så langt) · {achieved} nådd"
    )
    shown_any = True
    cards = [r for r in visible if r.goal.kind != "qualitative"]
    qualitative = [r for r in visible if r.goal.kind == "qualitative"]
    if cards:
        columns = st.columns(3)
        for index, result in enumerate(cards):
            with columns[index % 3]:
                card(result)
    if qualitative:
        st.markdown(f"**Kvalitative mål** ({len(qualitative)}) – status frå sekretariatet")
        st.markdown(qualitative_list(qualitative), unsafe_allow_html=True)

if not shown_any:
    st.info("Ingen mål passar filteret.")
