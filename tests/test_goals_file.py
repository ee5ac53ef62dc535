"""The goals file: validation of single goals with small TOML files, and the real plan/goals.toml."""

from __future__ import annotations

import textwrap

import pytest

from indicators.goals import GoalFileError, load_plan
from indicators.registry import all_indicators

AREAS = """
[[areas]]
id = "klima"
name = "Klima og miljø"

[[areas]]
id = "tenesteutvikling"
name = "Tenesteutvikling"
"""

GOOD_QUALITATIVE = """
[[goals]]
id = "klima-god"
area = "klima"
title = "Hallingdal har eit betre og meir formalisert klimasamarbeid"
kind = "qualitative"
status = "in_progress"
status_note = "Klimanettverket møtest kvar månad."
reported_by = "Sekretariatet"
reviewed = 2025-03-01
"""

GOOD_MEASURED = """
[[goals]]
id = "teneste-folketal"
area = "tenesteutvikling"
title = "Folketalet aukar"
kind = "indicator"
indicator = "population_total"
baseline_period = 2022
target_period = 2026
target_change = 0.01
"""


def write_plan(tmp_path, *goals: str):
    path = tmp_path / "goals.toml"
    path.write_text(textwrap.dedent(AREAS + GOOD_QUALITATIVE + GOOD_MEASURED + "".join(goals)), encoding="utf-8")
    return path


def only_problem(plan) -> str:
    assert len(plan.problems) == 1, [str(p) for p in plan.problems]
    return str(plan.problems[0])


def assert_others_still_load(plan) -> None:
    ids = [g.id for g in plan.goals]
    assert "klima-god" in ids and "teneste-folketal" in ids


def test_a_valid_file_has_no_problems(tmp_path):
    plan = load_plan(write_plan(tmp_path))
    assert plan.problems == []
    good = plan.goal("klima-god")
    assert good.status == "in_progress" and good.reviewed.isoformat() == "2025-03-01"
    assert plan.goal("teneste-folketal").measured


def test_unknown_key(tmp_path):
    plan = load_plan(write_plan(tmp_path, """
[[goals]]
id = "klima-skrivefeil"
area = "klima"
title = "Mindre gods på veg, meir gods på bane"
kind = "qualitative"
statuss = "achieved"
"""))
    message = only_problem(plan)
    assert message.startswith("goals.toml, mål «klima-skrivefeil»:")
    assert "ukjend nøkkel: statuss" in message
    assert_others_still_load(plan)


def test_missing_target(tmp_path):
    plan = load_plan(write_plan(tmp_path, """
[[goals]]
id = "klima-utan-mal"
area = "klima"
title = "Folketalet"
kind = "indicator"
indicator = "population_total"
baseline_period = 2022
target_period = 2026
"""))
    message = only_problem(plan)
    assert "«klima-utan-mal»" in message and "manglar mål" in message
    assert_others_still_load(plan)


def test_missing_target_period(tmp_path):
    plan = load_plan(write_plan(tmp_path, """
[[goals]]
id = "klima-utan-malår"
area = "klima"
title = "Folketalet"
kind = "indicator"
indicator = "population_total"
baseline_period = 2022
target_change = 0.01
"""))
    assert "manglar «target_period»" in only_problem(plan)


@pytest.mark.parametrize("reviewed", ['"1. mars 2025"', '"2025-13-01"', "2025-03-01T10:00:00"])
def test_bad_review_date(tmp_path, reviewed):
    plan = load_plan(write_plan(tmp_path, f"""
[[goals]]
id = "klima-dato"
area = "klima"
title = "SMART VILLAGE tiltak er vurdert"
kind = "qualitative"
reviewed = {reviewed}
"""))
    message = only_problem(plan)
    assert "«klima-dato»" in message and "«reviewed» må vere ein dato" in message
    assert_others_still_load(plan)


def test_bad_year(tmp_path):
    plan = load_plan(write_plan(tmp_path, """
[[goals]]
id = "klima-år"
area = "klima"
title = "Folketalet"
kind = "indicator"
indicator = "population_total"
baseline_period = "2022"
target_period = 2026
target_change = 0.01
"""))
    assert "«baseline_period» må vere eit årstal" in only_problem(plan)


def test_bad_status(tmp_path):
    plan = load_plan(write_plan(tmp_path, """
[[goals]]
id = "klima-status"
area = "klima"
title = "Det er innført sortering av alt avfall"
kind = "qualitative"
status = "ferdig"
"""))
    message = only_problem(plan)
    assert "«klima-status»" in message and "ugyldig status 'ferdig'" in message
    assert_others_still_load(plan)


def test_duplicate_id(tmp_path):
    plan = load_plan(write_plan(tmp_path, """
[[goals]]
id = "klima-god"
area = "klima"
title = "Ein annan tekst med same id"
kind = "qualitative"
"""))
    message = only_problem(plan)
    assert "«klima-god»" in message and "same id står to gonger" in message
    assert plan.goal("klima-god").title.startswith("Hallingdal har eit betre")  # the first one is kept


def test_unknown_area(tmp_path):
    plan = load_plan(write_plan(tmp_path, """
[[goals]]
id = "turisme-1"
area = "turisme"
title = "Fleire turistar"
kind = "qualitative"
"""))
    message = only_problem(plan)
    assert "«turisme-1»" in message and "ukjend innsatsområde «turisme»" in message
    assert_others_still_load(plan)


def test_measurable_goal_without_indicator_needs_a_planned_source(tmp_path):
    plan = load_plan(write_plan(tmp_path, """
[[goals]]
id = "klima-fyrtarn"
area = "klima"
title = "Auke i talet på miljøfyrtårnsertifiserte bedrifter"
kind = "indicator"
"""))
    assert "planned_source" in only_problem(plan)


def test_file_that_is_not_toml(tmp_path):
    path = tmp_path / "goals.toml"
    path.write_text("[[goals]\nid = ", encoding="utf-8")
    with pytest.raises(GoalFileError, match="ikkje gyldig TOML"):
        load_plan(path)


# --- the real plan/goals.toml -----------------------------------------------------------------------------

# Goals measured by indicators that are built in parallel: until an indicator is registered, its goal is a
# problem ("Ukjend indikator"); once it is, the goal must load cleanly.
PENDING = {"naer-arbeidsplassar": "jobs_total", "klima-utslepp-25": "emissions_total"}
PREFIXES = {
    "naeringsliv": "naer-", "infrastruktur": "infra-", "klima": "klima-", "attraktivitet": "attr-",
    "tenesteutvikling": "teneste-",
}


def test_real_goals_file_loads_with_goals_in_all_five_areas():
    plan = load_plan()
    registered = all_indicators()
    still_pending = {goal_id for goal_id, indicator in PENDING.items() if indicator not in registered}
    assert {p.goal_id for p in plan.problems} == still_pending
    assert all("Ukjend indikator" in p.problem for p in plan.problems)
    assert [a.id for a in plan.areas] == list(PREFIXES)
    loaded = {g.id for g in plan.goals} | still_pending
    assert len(loaded) == 40  # every bullet under «Resultatmål pr. innsatsområde» (one bullet holds two goals)
    per_area = {area: 0 for area in PREFIXES}
    for goal in plan.goals:
        per_area[goal.area] += 1
        assert goal.id.startswith(PREFIXES[goal.area]), goal.id
        assert 0 < len(goal.short_title) <= 45, goal.id
    assert all(count >= 5 for count in per_area.values()), per_area


def test_real_goals_file_measured_and_measurable_goals():
    plan = load_plan()
    goals = {g.id: g for g in plan.goals}
    working_age = goals["attr-yrkesaktiv-alder"]
    assert (working_age.indicator, working_age.target_change, working_age.target_period) == (
        "working_age_population", 0.01, 2026,
    )
    if "naer-arbeidsplassar" in goals:
        jobs = goals["naer-arbeidsplassar"]
        assert (jobs.indicator, jobs.baseline_period, jobs.direction, jobs.target_change) == (
            "jobs_total", 2021, "increase", None,
        )
    if "klima-utslepp-25" in goals:
        emissions = goals["klima-utslepp-25"]
        assert (emissions.baseline_period, emissions.target_change, emissions.direction) == (2009, -0.25, "decrease")
    measurable = [g for g in plan.goals if g.kind == "indicator" and not g.measured]
    assert {"infra-ladepunkt", "klima-miljofyrtarn"} <= {g.id for g in measurable}
    measured = {g.id: g.indicator for g in plan.goals if g.measured}
    assert measured["attr-flytting"] == "net_migration"
    assert measured["infra-fiber"] == "fibre_coverage"
    assert all(g.planned_source for g in measurable)
    for goal in plan.goals:
        if goal.kind == "qualitative":
            assert goal.status in ("not_assessed", "not_started", "in_progress", "achieved")
