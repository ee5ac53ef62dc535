"""Net in-migration (SSB Arealprofiler) on the fixture cache: the region's total, the rate per 1 000 residents,
the goal's status by the published method, the chart; and the sign rule on a hand-made series."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from indicators.cache import manifests
from indicators.goals import evaluate_goal, load_plan
from indicators.migration import net_migration, net_migration_rate
from indicators.population import population_total
from indicators.present import migration_charts
from indicators.registry import get_indicator

# SSB Arealprofiler, "Netto innflytting. Antall personer", 2021 and 2023 per member (the published workbook)
PUBLISHED_2021 = {"3320": 10, "3322": 39, "3324": 58, "3326": 53, "3328": 30, "3330": 63}
PUBLISHED_2023 = {"3320": 30, "3322": 24, "3324": 217, "3326": 24, "3328": 141, "3330": 11}


def test_members_as_published_and_the_region_is_their_sum():
    frame = net_migration().set_index(["region_code", "period"])["value"]
    for code, value in PUBLISHED_2021.items():
        assert frame[(code, 2021)] == value
    assert frame[("hallingdal", 2021)] == sum(PUBLISHED_2021.values())
    assert frame[("hallingdal", 2023)] == sum(PUBLISHED_2023.values())


def test_years_2016_to_2023():
    assert sorted(net_migration("hallingdal")["period"]) == list(range(2016, 2024))


def test_country_has_no_partial_sum():
    """The workbook lacks municipalities (Ålesund and Haram, split in 2024) in every year: no national figure."""
    country = net_migration("0")
    assert country["value"].isna().all()
    assert set(country["status"]) == {".."}


def test_rate_per_1000_uses_population_on_1_january_of_the_same_year():
    rate = net_migration_rate("hallingdal").set_index("period")["value"]
    population = population_total("hallingdal").set_index("period")["value"]
    assert rate[2022] == pytest.approx(net_migration("hallingdal").set_index("period")["value"][2022]
                                       / population[2022] * 1000)


def test_goal_is_measured_from_2021_by_direction():
    plan = load_plan()
    goal = plan.measured_by("net_migration")
    assert goal is not None
    assert goal.baseline_period == 2021
    assert goal.direction == "increase"
    result = evaluate_goal(goal, "hallingdal")
    assert result.baseline.value == 253
    assert result.latest.period == 2023
    assert result.latest.value == 447
    assert result.assessment is not None
    assert result.assessment.method == "direction"
    assert result.status == "on_track"  # (447/253)^(1/2) − 1 = +32.9 % a year ≥ 1.5 %


def test_a_fall_in_a_member_is_deterioration():
    goal = load_plan().measured_by("net_migration")
    assert goal is not None
    assert evaluate_goal(goal, "3330").status == "deterioration"  # Hol: 63 → 11


def test_a_sign_change_gives_no_cagr_status(tmp_path, monkeypatch):
    """Net migration can change sign: the method does not apply, the numbers are still there."""
    from indicators.cache import write_dataset
    from indicators.model import Dataset, Provenance

    rows = [(code, code, year, -5.0 if year == 2021 else 7.0, "") for code in PUBLISHED_2021 for year in (2021, 2023)]
    frame = pd.DataFrame(rows, columns=["region_code", "region_name", "period", "value", "status"])
    write_dataset(Dataset(frame, Provenance(dataset="net_migration", title="t", source="s")), tmp_path)
    monkeypatch.setenv("DASHBOARD_CACHE_DIR", str(tmp_path))
    goal = load_plan().measured_by("net_migration")
    assert goal is not None
    result = evaluate_goal(goal, "hallingdal")
    assert result.status == "not_applicable"
    assert result.baseline.value == -30
    assert result.latest.value == 42


def test_indicators_are_registered():
    assert get_indicator("net_migration").datasets == ("net_migration",)
    assert "population" in get_indicator("net_migration_per_1000").datasets


def test_chart_marks_the_plan_period_and_names_the_source():
    chart = migration_charts.migration_trend("hallingdal", net_migration("hallingdal"), manifests(["net_migration"]))
    layout = chart.figure.layout
    assert "447" in layout.title.text
    band = layout.shapes[0]
    assert (band.x0, band.x1) == (2021.5, 2025.5)
    assert any("Arealprofiler" in a.text for a in layout.annotations)
    assert list(chart.data["period"]) == list(range(2016, 2024))


def test_rate_chart_leaves_out_a_region_without_figures():
    sources = manifests(["net_migration", "population"])
    chart = migration_charts.migration_rate("hallingdal", net_migration_rate(), sources)
    assert set(chart.data["region_code"]) == {"hallingdal", "33"}
    assert not math.isnan(chart.data["value"].iloc[0])
