import json
import math
import textwrap

from indicators.cache import write_dataset
from indicators.goals import evaluate_goal, goal_status_record, load_plan
from indicators.model import Dataset, Provenance
from tests.conftest import tiny_population_frame

AREAS = """
[[areas]]
id = "attraktivitet"
name = "Attraktivitet og omdømme"
"""


def write_goals(tmp_path, body: str):
    path = tmp_path / "goals.toml"
    path.write_text(AREAS + textwrap.dedent(body), encoding="utf-8")
    return load_plan(path)


def test_relative_target_goal_on_tiny_cache(tiny_cache, tmp_path):
    plan = write_goals(tmp_path, """
        [[goals]]
        id = "wa"
        area = "attraktivitet"
        title = "Talet på innbyggarar i yrkesaktiv alder har stige med 1%."
        kind = "indicator"
        indicator = "working_age_population"
        params = { ages = "20-64" }
        baseline_period = 2021
        target_period = 2025
        target_change = 0.01
        direction = "increase"
    """)
    assert plan.problems == []
    result = evaluate_goal(plan.goals[0], "3320")
    # Flå: 1 person per sex and age in 2021, 3 in 2023 -> 90 and 270 aged 20–64
    assert result.baseline.value == 90 and result.latest.value == 270 and result.latest.period == 2023
    assert result.target.value == 90 * 1.01
    assert result.status == "achieved"
    assert round(result.change_ratio, 6) == 2.0


def test_goal_not_yet_measured_shows_no_data_and_names_the_source(tiny_cache, tmp_path):
    plan = write_goals(tmp_path, """
        [[goals]]
        id = "flytting"
        area = "attraktivitet"
        title = "Fleire flyttar til og blir buande, og færre flytter frå."
        kind = "indicator"
        planned_source = "SSB tabell 01222"
    """)
    result = evaluate_goal(plan.goals[0], "hallingdal")
    assert result.status == "no_data"
    assert "01222" in result.reason
    record = goal_status_record(result)
    assert record["latest"] == {"period": None, "value": None}
    assert record["kind"] == "indicator"


def test_qualitative_goal_keeps_its_own_status(tmp_path):
    plan = write_goals(tmp_path, """
        [[goals]]
        id = "kultur"
        area = "attraktivitet"
        title = "Hallingdal nyttar kunst og kultur som ei samfunnsbyggjande kraft."
        kind = "qualitative"
        status = "in_progress"
        status_note = "Kulturplan under arbeid"
        reported_by = "Sekretariatet"
        reviewed = 2026-03-01
    """)
    record = goal_status_record(evaluate_goal(plan.goals[0], "hallingdal"))
    assert record["status"] == "in_progress"
    assert record["reviewed"] == "2026-03-01"
    assert record["kind"] == "qualitative"


def test_no_value_from_the_baseline_year_on_is_no_data(tiny_cache, tmp_path):
    plan = write_goals(tmp_path, """
        [[goals]]
        id = "wa"
        area = "attraktivitet"
        title = "x"
        kind = "indicator"
        indicator = "working_age_population"
        baseline_period = 2027
        target_period = 2030
        target_change = 0.01
    """)
    result = evaluate_goal(plan.goals[0], "hallingdal")
    assert result.status == "no_data"
    assert "2027" in result.reason


def test_a_baseline_year_before_the_data_falls_back_to_the_first_year_with_a_value(tiny_cache, tmp_path):
    """Statistics Canada's method: no value in the base year -> the next year that has one (was no_data)."""
    plan = write_goals(tmp_path, """
        [[goals]]
        id = "wa"
        area = "attraktivitet"
        title = "x"
        kind = "indicator"
        indicator = "working_age_population"
        baseline_period = 2015
        target_period = 2025
        target_change = 0.01
    """)
    result = evaluate_goal(plan.goals[0], "hallingdal")
    assert (result.baseline.period, result.baseline.value) == (2021, 1890)
    assert result.target.value == 1890 * 1.01 and result.status == "achieved"
    record = goal_status_record(result)["assessment"]
    assert (record["base_period"], record["requested_base_period"]) == (2021, 2015)


def test_a_missing_baseline_value_falls_back_to_the_next_year_and_says_so(tmp_path, monkeypatch):
    write_dataset(
        Dataset(
            tiny_population_frame(missing=("3320", 2021)),
            Provenance(dataset="population", title="test", source="test", table_id="07459"),
        ),
        tmp_path / "cache",
    )
    monkeypatch.setenv("DASHBOARD_CACHE_DIR", str(tmp_path / "cache"))
    plan = write_goals(tmp_path, """
        [[goals]]
        id = "wa"
        area = "attraktivitet"
        title = "x"
        kind = "indicator"
        indicator = "working_age_population"
        params = { ages = "20-64" }
        baseline_period = 2021
        target_period = 2025
        direction = "increase"
    """)
    result = evaluate_goal(plan.goals[0], "3320")
    # Flå: 2021 blank; 180 aged 20–64 in 2022 and 270 in 2023
    assert (result.baseline.period, result.baseline.value) == (2022, 180)
    assert result.status == "on_track" and result.change == 90
    assessment = result.assessment
    assert assessment.base_period == 2022 and assessment.requested_base_period == 2021
    assert assessment.base_period_text == "utgangsår 2022 (2021 manglar)"
    record = goal_status_record(result)
    assert record["baseline"] == {"period": 2022, "value": 180}
    assert record["assessment"]["method"] == "direction"
    assert "2021 manglar" in record["assessment"]["explanation"]


def test_status_record_says_the_branch_the_rates_p_and_why(tiny_cache, tmp_path):
    plan = write_goals(tmp_path, """
        [[goals]]
        id = "wa"
        area = "attraktivitet"
        title = "x"
        kind = "indicator"
        indicator = "working_age_population"
        baseline_period = 2021
        target_period = 2025
        target_change = 2.0
    """)
    record = goal_status_record(evaluate_goal(plan.goals[0], "hallingdal"))
    # Hallingdal 1890 (2021) -> 2970 (2023); target 3 × 1890 in 2025
    observed = (2970 / 1890) ** (1 / 2) - 1
    required = 3 ** (1 / 4) - 1
    assessment = record["assessment"]
    assert record["status"] == "acceleration_needed"
    assert assessment["method"] == "target" and assessment["base_period"] == 2021
    assert math.isclose(assessment["observed_rate"], observed)
    assert math.isclose(assessment["required_rate"], required)
    assert math.isclose(assessment["progress_value"], observed / required) and assessment["ratio"] == assessment[
        "progress_value"
    ]
    assert "trengst for å nå målet i 2025 (P = 0,8)" in assessment["explanation"]
    json.dumps(record)  # plain JSON types only


def test_real_plan_working_age_goal_for_hallingdal():
    """On the committed snapshot: 11,709 (2022) -> latest; target +1 %."""
    plan = load_plan()
    goal = plan.goal("attr-yrkesaktiv-alder")
    result = evaluate_goal(goal, "hallingdal")
    assert result.baseline.value == 11709
    assert result.target.value == 11709 * 1.01
    assert result.latest.period >= 2026
