import textwrap

from indicators.goals import evaluate_goal, goal_status_record, load_plan

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


def test_missing_baseline_value_is_no_data(tiny_cache, tmp_path):
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
    assert result.status == "no_data"
    assert "2015" in result.reason


def test_real_plan_working_age_goal_for_hallingdal():
    """On the committed snapshot: 11,709 (2022) -> latest; target +1 %."""
    plan = load_plan()
    goal = plan.goal("attr-yrkesaktiv-alder")
    result = evaluate_goal(goal, "hallingdal")
    assert result.baseline.value == 11709
    assert result.target.value == 11709 * 1.01
    assert result.latest.period >= 2026
