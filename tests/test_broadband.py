"""Fibre coverage (Nkom) and the Arealprofiler context on the fixture cache: one survey is a baseline, not a
trend; the local-worker share agrees with 03321/11618."""

from __future__ import annotations

import pytest

from indicators.broadband import fibre_coverage
from indicators.cache import manifests
from indicators.goals import evaluate_goal, load_plan
from indicators.land_use import local_workers, local_workers_register, new_buildings
from indicators.present import context_charts

BASELINE_REASON = "Utgangspunkt registrert (Nkom, 1. halvår 2022); treng ei ny kartlegging for å vurdere utviklinga."


def test_households_with_fibre_as_published():
    """Nkom's appendix, sheet Dekning_fbb_kommuner_husstander, column Fiber (× 100)."""
    frame = fibre_coverage().set_index("region_code")["value"]
    assert frame["3320"] == pytest.approx(56.7362, abs=1e-4)
    assert frame["3322"] == pytest.approx(92.5714, abs=1e-4)
    assert frame["0"] == pytest.approx(81.8505, abs=1e-4)


def test_the_region_gives_its_members_not_a_sum_of_shares():
    frame = fibre_coverage("hallingdal")
    assert set(frame["region_code"]) == {"3320", "3322", "3324", "3326", "3328", "3330"}


def test_holiday_homes_only_for_county_and_country():
    assert set(fibre_coverage(premises="holiday_homes")["region_code"]) == {"30", "0"}


def test_one_survey_is_a_baseline_for_the_region_and_each_member():
    goal = load_plan().measured_by("fibre_coverage")
    assert goal is not None
    for region in ("hallingdal", "3320"):
        result = evaluate_goal(goal, region)
        assert result.status == "no_data"
        assert result.reason == BASELINE_REASON
    member = evaluate_goal(goal, "3320")
    assert member.baseline.period == 2022
    assert member.baseline.value == pytest.approx(56.7362, abs=1e-4)


def test_local_worker_share_agrees_with_the_register_tables_2020_2022():
    """Arealprofiler's share = 03321 (same municipality) / 11618 (employed by residence), to one decimal."""
    profile = local_workers().set_index(["region_code", "period"])["value"]
    register = local_workers_register().set_index(["region_code", "period"])["value"]
    compared = 0
    for region in ("3320", "3322", "3324", "3326", "3328", "3330"):
        for year in (2020, 2021, 2022):
            assert round(profile[(region, year)], 1) == round(register[(region, year)], 1), (region, year)
            compared += 1
    assert compared == 18


def test_new_buildings_region_total():
    frame = new_buildings("hallingdal")
    latest = frame[frame["period"] == 2024].set_index("building")["value"]
    assert latest["holiday_homes"] == 2043
    assert latest["homes"] == 467


@pytest.mark.parametrize(("builder", "reader", "dataset"), [
    (context_charts.new_buildings_chart, lambda: new_buildings("hallingdal"), "new_buildings"),
    (context_charts.local_workers_chart, lambda: local_workers("hallingdal"), "local_workers"),
    (context_charts.fibre_chart, fibre_coverage, "fibre_coverage"),
])
def test_context_charts_carry_their_source(builder, reader, dataset):
    chart = builder("hallingdal", reader(), manifests([dataset]))
    assert chart.provenances
    assert any("Kjelde" in a.text for a in chart.figure.layout.annotations)


def test_fibre_chart_names_the_survey_and_the_lowest_and_highest_member():
    chart = context_charts.fibre_chart("hallingdal", fibre_coverage(), manifests(["fibre_coverage"]))
    title = chart.figure.layout.title.text
    assert "1. halvår 2022" in title
    assert "Flå" in title
    assert "Nesbyen" in title
