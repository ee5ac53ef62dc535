"""Oversikt: every result goal of the plan, grouped by focus area, with status and numbers."""

from __future__ import annotations

import html

import plotly.graph_objects as go
import streamlit as st

from indicators import charts
from indicators.formatting import format_date, format_number, format_percent
from indicators.goals import GoalResult
from indicators.progress import STATUS_LABELS
from indicators.regions import region_name
from ui.badges import badge_html
from ui.data import goal_result, plan
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

results = [goal_result(goal.id, region) for goal in current_plan.goals]


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


def sparkline(result: GoalResult) -> go.Figure:
    series = result.series
    fig = go.Figure(go.Scatter(x=series["period"], y=series["value"], mode="lines+markers",
                               line=dict(color=charts.INK, width=3), marker=dict(size=5), name="Verdi",
                               hovertemplate="%{x}: %{y:,.0f}<extra></extra>"))
    if result.target.value is not None and result.baseline.value is not None:
        fig.add_trace(go.Scatter(
            x=[result.baseline.period, result.target.period], y=[result.baseline.value, result.target.value],
            mode="lines+markers", line=dict(color=charts.TARGET_COLOUR, dash="dash", width=2),
            marker=dict(symbol="star", size=11), name="Målbane",
            hovertemplate="Mål %{x}: %{y:,.0f}<extra></extra>"))
    fig.update_layout(template=charts.TEMPLATE_NAME, height=150, margin=dict(l=10, r=10, t=10, b=10),
                      showlegend=False)
    fig.update_xaxes(tickformat="d", nticks=4, tickfont=dict(size=14))
    fig.update_yaxes(tickfont=dict(size=14), nticks=3, tickformat=",~r")
    return fig


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
    goal = result.goal
    with st.container(border=True):
        st.markdown(f"#### {html.escape(goal.label)}")
        st.markdown(badge_html(result.status), unsafe_allow_html=True)
        if goal.short_title:
            st.caption(f"Planen: «{goal.title}»")
        if goal.kind == "qualitative":
            if goal.status_note:
                st.markdown(goal.status_note)
            who = f"Rapportert av {goal.reported_by}. " if goal.reported_by else ""
            when = (f"Sist vurdert {format_date(goal.reviewed)}." if goal.reviewed
                    else "Sekretariatet har ikkje vurdert det enno.")
            st.caption(f"Kvalitativt mål. {who}{when}")
            return
        if result.latest.value is not None or result.baseline.value is not None:
            st.markdown(numbers_text(result))
        if not result.series.empty:
            st.plotly_chart(sparkline(result), theme=None, width="stretch",
                            config={"displayModeBar": False, "staticPlot": True}, key=f"spark_{goal.id}")
        if result.reason:
            st.caption(result.reason)
        if goal.source:
            st.caption(f"Kjelde: {goal.source}")


shown_any = False
for area in current_plan.areas:
    if area_choice not in (ALL, area.id):
        continue
    area_results = [r for r in results if r.goal.area == area.id]
    visible = sorted((r for r in area_results if status_choice in (ALL, r.status)), key=board_order)
    measured = [r for r in area_results if r.goal.measured]
    achieved = sum(r.status == "achieved" for r in area_results)
    with_data = sum(r.status != "no_data" for r in measured)
    st.header(area.name)
    st.markdown(
        f"{len(measured)} av {len(area_results)} mål målte med offisiell statistikk ({with_data} med data); "
        f"{achieved} nådd. *{area.subtitle}*"
    )
    if not visible:
        st.caption("Ingen mål med denne statusen.")
        continue
    shown_any = True
    columns = st.columns(3)
    for index, result in enumerate(visible):
        with columns[index % 3]:
            card(result)

if not shown_any:
    st.info("Ingen mål passar filteret.")
