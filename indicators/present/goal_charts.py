"""Small charts for the goal board (Oversikt)."""

from __future__ import annotations

import plotly.graph_objects as go

from indicators.goals import evaluate_goal, load_plan
from indicators.present import charts
from indicators.present.charts import Chart, dataset_sources


def goal_sparkline(goal_id: str, region: str) -> Chart:
    """The goal's series with its baseline-to-target line: a small trend without axes titles or legend."""
    result = evaluate_goal(load_plan().goal(goal_id), region)
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
    datasets = result.spec.datasets if result.spec else ()
    return Chart(fig, series, dataset_sources(*datasets), result.goal.label, f"spark_{goal_id}_{region}")
