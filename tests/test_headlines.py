"""The meeting-mode sentence says the message of the numbers in plain Nynorsk."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from indicators.goals import Goal, GoalResult, Point, evaluate_goal
from indicators.present.headlines import headline, headline_sentence
from indicators.registry import get_indicator

NBSP = "\u00a0"


def plain(text: str) -> str:
    return text.replace(NBSP, " ")


def indicator_goal(**changes) -> Goal:
    values = dict(
        id="yrkesaktiv", area="attraktivitet", title="Talet på innbyggarar i yrkesaktiv alder har stige med 1%.",
        kind="indicator", short_title="Innbyggjarar i yrkesaktiv alder +1 %", indicator="working_age_population",
        params={"ages": "20-64"}, unit="personar", baseline_period=2022, target_period=2026, target_change=0.01,
        direction="increase",
    )
    values.update(changes)
    return Goal(**values)


def result_for(goal: Goal, base: float | None, latest: float | None, latest_period: int | None = 2026,
               status: str = "on_track", target: float | None = None, reason: str = "") -> GoalResult:
    change = ratio = None
    if base is not None and latest is not None and latest_period and latest_period > (goal.baseline_period or 0):
        change = latest - base
        ratio = latest / base - 1 if base else None
    spec = get_indicator(goal.indicator) if goal.indicator else None
    return GoalResult(
        goal=goal, region="hallingdal", status=status,
        baseline=Point(goal.baseline_period, base), latest=Point(latest_period, latest),
        target=Point(goal.target_period, target), series=pd.DataFrame(), reason=reason,
        change=change, change_ratio=ratio, spec=spec,
    )


def test_increase_against_a_percentage_target():
    # 1000 -> 1047 is +4,7 %; the plan asked for +1 %
    sentence = plain(headline_sentence(result_for(indicator_goal(), 1000, 1047, target=1010)))
    assert sentence == "Folketalet i yrkesaktiv alder (20–64 år) har auka 4,7 % sidan 2022 – målet var 1 %."


def test_fall_is_said_as_a_fall():
    sentence = plain(headline_sentence(result_for(indicator_goal(), 1000, 979, status="deterioration")))
    assert "har gått ned 2,1 % sidan 2022" in sentence
    assert "målet var 1 %" in sentence


def test_decrease_target_is_a_nedgang():
    goal = indicator_goal(target_change=-0.25, direction="decrease", indicator="population_total", params={})
    sentence = plain(headline_sentence(result_for(goal, 200.0, 180.0)))
    assert sentence == "Folketalet har gått ned 10,0 % sidan 2022 – målet var ein nedgang på 25 %."


def test_absolute_target_names_value_unit_and_year():
    goal = indicator_goal(target_change=None, target_value=12000.0)
    sentence = plain(headline_sentence(result_for(goal, 11709, 12257)))
    assert sentence.endswith("– målet var 12 000 personar innan 2026.")


def test_direction_only_goal_says_the_direction():
    goal = indicator_goal(target_change=None, indicator="jobs_total", params={}, unit="arbeidsplassar",
                          baseline_period=2021, target_period=2025)
    result = result_for(goal, 11017, 11105, latest_period=2022)
    sentence = plain(headline_sentence(result))
    assert sentence == "Talet på arbeidsplassar har auka 0,8 % sidan 2021 – målet er at talet skal auke."
    assert "Planen gjev ingen talfesta storleik" in headline(result).detail


def test_unchanged_value():
    sentence = headline_sentence(result_for(indicator_goal(), 1000, 1000))
    assert "har halde seg uendra sidan 2022" in sentence


def test_share_goal_changes_in_percentage_points():
    goal = indicator_goal(indicator="population_total", params={}, unit="%", target_change=None, direction="increase")
    sentence = plain(headline_sentence(result_for(goal, 70.0, 72.5)))
    assert "har auka med 2,5 prosentpoeng sidan 2022" in sentence


def test_no_data_says_so_and_gives_the_reason():
    result = result_for(indicator_goal(), None, None, latest_period=None, status="no_data",
                        reason="Datasettet «population» finst ikkje.")
    text = headline(result)
    assert text.sentence == "Innbyggjarar i yrkesaktiv alder +1 %: manglar data."
    assert "Datasettet «population» finst ikkje." in text.detail


def test_only_the_baseline_year_so_far():
    result = result_for(indicator_goal(), 11709, 11709, latest_period=2022, status="no_data")
    assert "nyare tal finst ikkje enno" in headline_sentence(result)


def test_missing_baseline_is_named():
    result = result_for(indicator_goal(), None, 12257, status="no_data")
    sentence = plain(headline_sentence(result))
    assert "var 12 257 personar i 2026" in sentence and "utgangsåret 2022 manglar" in sentence


def test_unmeasured_goal_points_to_a_source():
    goal = indicator_goal(indicator=None, params={}, baseline_period=None, target_period=None, target_change=None,
                          planned_source="SSB tabell 06913", short_title="Fleire flyttar til")
    text = headline(result_for(goal, None, None, latest_period=None, status="no_data"))
    assert text.sentence == "Fleire flyttar til: dashbordet måler ikkje dette enno."
    assert text.detail == "Kjelde som kunne målt det: SSB tabell 06913"


def test_qualitative_goal_uses_the_secretariat_status():
    goal = Goal(id="q", area="naeringsliv", title="Innovasjonssatsinga er vidareført", kind="qualitative",
                status="in_progress", status_note="Vedteke i Regionrådet.", reported_by="Sekretariatet",
                reviewed=dt.date(2026, 3, 1))
    result = GoalResult(goal, "hallingdal", "in_progress", Point(None, None), Point(None, None),
                        Point(None, None), pd.DataFrame())
    text = headline(result)
    assert text.sentence == "Innovasjonssatsinga er vidareført – status: i gang."
    assert text.detail == "Vedteke i Regionrådet. Rapportert av Sekretariatet, sist vurdert 1. mars 2026."


def test_goal_subject_from_the_goals_file():
    goal = indicator_goal(headline="Talet på innbyggjarar 20–64 år")
    sentence = plain(headline_sentence(result_for(goal, 1000, 1047)))
    assert sentence.startswith("Talet på innbyggjarar 20–64 år har auka 4,7 % sidan 2022")


def test_goal_template_from_the_goals_file():
    goal = indicator_goal(headline="Yrkesaktive har {endring} frå {frå} til {til}; målet var {mål}.")
    sentence = plain(headline_sentence(result_for(goal, 1000, 1047)))
    assert sentence == "Yrkesaktive har auka 4,7 % frå 2022 til 2026; målet var 1 %."


@pytest.mark.parametrize("template", ["{endring.__class__}", "{ukjent} auke", "{endring", "{{endring}}"])
def test_a_broken_template_falls_back_to_the_standard_sentence(template):
    goal = indicator_goal(headline=template)
    sentence = plain(headline_sentence(result_for(goal, 1000, 1047)))
    assert sentence.startswith("Folketalet i yrkesaktiv alder (20–64 år) har auka 4,7 %")
    assert "class" not in sentence


def test_sentence_for_a_real_evaluation(tiny_cache):
    """Through evaluate_goal on the tiny cache: Flå has 2 × 45 × (1 + year − 2021) persons aged 20–64."""
    goal = indicator_goal(baseline_period=2021, target_period=2025, target_change=0.5)
    result = evaluate_goal(goal, "3320", cache_directory=tiny_cache)
    text = headline(result)
    # 90 (2021) -> 270 (2023): +200 %
    expected = "Folketalet i yrkesaktiv alder (20–64 år) har auka 200,0 % sidan 2021 – målet var 50 %."
    assert plain(text.sentence) == expected
    assert "Utgangspunkt 1. januar 2021: 90 personar" in plain(text.detail)
    assert "Siste tal 1. januar 2023: 270 personar" in plain(text.detail)
    assert "Mål 1. januar 2025: 135 personar" in plain(text.detail)
