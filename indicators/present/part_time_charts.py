"""The part-time residents chart, built here with plain arguments so the page can cache it per set of inputs."""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd
import plotly.graph_objects as go

from indicators.formatting import format_number
from indicators.model import Provenance
from indicators.part_time import PartTimeInputs, PartTimeResult, calculate, full_year_equivalents
from indicators.present import charts, texts
from indicators.present.charts import Chart
from indicators.present.texts import part_time as words


def summary_table(result: PartTimeResult, registered_population: float, population_year: int) -> pd.DataFrame:
    """The figures the page shows, as one small table for download (Nynorsk headers)."""
    equivalents = full_year_equivalents(registered_population, result.guest_days_per_year)
    rows = [
        *((label, None, float(value)) for label, value in result.table_rows()),
        (texts.fill(words.TABLE_REGISTERED, year=population_year), population_year, float(registered_population)),
        (words.TABLE_EQUIVALENTS, population_year, equivalents),
    ]
    year_column = words.TABLE_COLUMNS[1]
    return pd.DataFrame(rows, columns=list(words.TABLE_COLUMNS)).astype({year_column: "Int64"})


def comparison_figure(
    result: PartTimeResult,
    registered_population: float,
    population_year: int,
    provenances: Sequence[Provenance],
    note: str | None = None,
) -> go.Figure:
    """Bars: registered residents next to the estimated part-time residents on an average day.

    `note` says whose assumptions these are (default: the plan's)."""
    labels = [texts.fill(words.CHART_REGISTERED, year=population_year), words.CHART_PART_TIME]
    values = [registered_population, result.guest_days_per_day]
    fig = go.Figure(go.Bar(
        x=labels, y=values, marker_color=[charts.INK, charts.PALETTE[1]],
        text=[format_number(v) for v in values], textposition="outside",
        hovertemplate="%{x}: %{y:,.0f}<extra></extra>",
    ))
    shown = {"part_time": format_number(result.guest_days_per_day), "residents": format_number(registered_population)}
    if result.guest_days_per_day > registered_population:
        title = texts.fill(words.CHART_MORE, **shown)
    elif result.guest_days_per_day < registered_population:
        title = texts.fill(words.CHART_FEWER, **shown)
    else:
        title = texts.fill(words.CHART_EQUAL, **shown)
    fig = charts.finish_figure(
        fig, title=title, provenances=provenances, y_title=words.Y_PERSONS, integer_years=False,
        note=note if note is not None else texts.fill(words.PLAN_ASSUMPTIONS_NOTE),
    )
    fig.update_yaxes(range=[0, max(values) * 1.15])
    # the two names a little smaller and the plot a little wider: on a 390 px phone they stood edge to edge
    fig.update_xaxes(tickangle=0, tickfont=dict(size=charts.BASE_FONT_SIZE - 2))
    fig.update_layout(showlegend=False, margin=dict(r=15))
    return fig


def comparison(
    average_persons_per_day: int,
    uncounted_sim_share: float,
    registered_residents: int,
    external_workforce: int,
    through_traffic: int,
    day_tourists: int,
    registered_population: float,
    population_year: int,
    plan_assumptions: bool,
    sources: Sequence[Provenance],
) -> Chart:
    """The region's registered residents (latest 1 January, handed over by the page with the population's
    `sources`) next to the estimated part-time residents per day.

    The figure says whether the assumptions are the plan's (`plan_assumptions`, which the page knows) or
    changed, so a downloaded image cannot pass off changed assumptions as the plan's.

    Raises PartTimeInputError for inputs the calculation cannot use (the page checks them first).
    """
    inputs = PartTimeInputs(
        average_persons_per_day=average_persons_per_day, uncounted_sim_share=uncounted_sim_share,
        registered_residents=registered_residents, external_workforce=external_workforce,
        through_traffic=through_traffic, day_tourists=day_tourists,
    )
    result = calculate(inputs)
    sources = list(sources)
    note = texts.fill(words.PLAN_ASSUMPTIONS_NOTE if plan_assumptions else words.CHANGED_ASSUMPTIONS_NOTE)
    figure = comparison_figure(result, registered_population, population_year, sources, note=note)
    return Chart(figure, summary_table(result, registered_population, population_year), sources,
                 words.EXPORT_TITLE, words.EXPORT_NAME)
