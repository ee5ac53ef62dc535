"""The part-time residents chart, built here with plain arguments so the page can cache it per set of inputs."""

from __future__ import annotations

from indicators.cache import read_manifest
from indicators.charts import Chart
from indicators.part_time import (
    CHANGED_ASSUMPTIONS_NOTE,
    PLAN_ASSUMPTIONS_NOTE,
    PartTimeInputs,
    calculate,
    comparison_figure,
    plan_defaults,
    summary_table,
)
from indicators.population import POPULATION, population_total
from indicators.regions import HALLINGDAL


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
