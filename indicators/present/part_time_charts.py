"""The part-time residents chart, built here with plain arguments so the page can cache it per set of inputs."""

from __future__ import annotations

from collections.abc import Sequence

import plotly.graph_objects as go

from indicators.cache import read_manifest
from indicators.formatting import format_number
from indicators.model import Provenance
from indicators.part_time import (
    CHANGED_ASSUMPTIONS_NOTE,
    PLAN_ASSUMPTIONS_NOTE,
    PartTimeInputs,
    PartTimeResult,
    calculate,
    plan_defaults,
    summary_table,
)
from indicators.population import POPULATION, population_total
from indicators.present import charts
from indicators.present.charts import Chart
from indicators.regions import HALLINGDAL


def comparison_figure(
    result: PartTimeResult,
    registered_population: float,
    population_year: int,
    provenances: Sequence[Provenance],
    note: str = PLAN_ASSUMPTIONS_NOTE,
) -> go.Figure:
    """Bars: registered residents next to the estimated part-time residents on an average day."""
    labels = [
        f"Registrert folketal<br>1. januar {population_year}",
        "Gjestedøgn snitt pr. døgn<br>(deltidsinnbyggjarar, anslag)",
    ]
    values = [registered_population, result.guest_days_per_day]
    fig = go.Figure(go.Bar(
        x=labels, y=values, marker_color=[charts.INK, charts.PALETTE[1]],
        text=[format_number(v) for v in values], textposition="outside",
        hovertemplate="%{x}: %{y:,.0f}<extra></extra>",
    ))
    part_time, residents = format_number(result.guest_days_per_day), format_number(registered_population)
    if result.guest_days_per_day > registered_population:
        title = f"Fleire deltidsinnbyggjarar ({part_time}) enn fastbuande ({residents}) på eit snittdøgn"
    elif result.guest_days_per_day < registered_population:
        title = f"Færre deltidsinnbyggjarar ({part_time}) enn fastbuande ({residents}) på eit snittdøgn"
    else:
        title = f"Like mange deltidsinnbyggjarar som fastbuande på eit snittdøgn ({part_time})"
    fig = charts.finish_figure(
        fig, title=title, provenances=provenances, y_title="Personar", integer_years=False, note=note,
    )
    fig.update_yaxes(range=[0, max(values) * 1.15])
    fig.update_layout(showlegend=False)
    return fig


def comparison(
    average_persons_per_day: int,
    uncounted_sim_share: float,
    registered_residents: int,
    external_workforce: int,
    through_traffic: int,
    day_tourists: int,
) -> Chart:
    """Registered residents of Hallingdal (latest 1 January) next to the estimated part-time residents per day.

    The figure says whether the assumptions are the plan's or changed, so a downloaded image cannot pass off
    changed assumptions as the plan's.

    Raises PartTimeInputError for inputs the calculation cannot use (the page checks them first).
    """
    inputs = PartTimeInputs(
        average_persons_per_day=average_persons_per_day, uncounted_sim_share=uncounted_sim_share,
        registered_residents=registered_residents, external_workforce=external_workforce,
        through_traffic=through_traffic, day_tourists=day_tourists,
    )
    result = calculate(inputs)
    population = population_total(HALLINGDAL).dropna(subset=["value"]).sort_values("period")
    year, registered = int(population["period"].iloc[-1]), float(population["value"].iloc[-1])
    sources = [m for m in (read_manifest(POPULATION),) if m is not None]
    note = PLAN_ASSUMPTIONS_NOTE if inputs == plan_defaults() else CHANGED_ASSUMPTIONS_NOTE
    figure = comparison_figure(result, registered, year, sources, note=note)
    return Chart(figure, summary_table(result, registered, year), sources, "Deltidsinnbyggjarar",
                 "deltidsinnbyggjarar")
