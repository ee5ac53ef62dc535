"""Two statuses of a goal (issue 18 §1), figures that keep their unit (§2), the installation as the baseline of
«Kva er endra» (§3) and the action statuses (§4)."""

from __future__ import annotations

import datetime as dt

import pytest
from followup_fixtures import *  # noqa: F403
from followup_fixtures import TODAY, active_plan

from indicators.followup import service
from indicators.followup.errors import InvalidInputError, InvalidStatusError
from indicators.formatting import format_number
from indicators.goal_status import count_statuses, goal_status, goal_statuses
from indicators.goals import load_plan
from indicators.plan_actions import ACTION_STATUSES, action_status, status_label, with_programme
from indicators.plan_state import evaluate_plan, read_state
from indicators.present.changes import change_lines, change_record, change_text
from indicators.regions import active_region

MEASURED = "naer-arbeidsplassar"  # the plan's jobs goal: the method rates it from SSB's figures
VALUE_GOAL = "naer-verdiskaping"  # measured, no importer: figures entered by the secretariat


def _state(engine):
    return read_state(with_programme(load_plan(active_region().plan_file("goals.toml"))), engine=engine,
                      region=active_region())


def test_a_fresh_database_has_no_changes(session):
    """The plan files' statuses and the seeded Miljøfyrtårn figures are the baseline, not changes."""
    assert service.changes(session, TODAY - dt.timedelta(days=31), plan=active_plan()) == []
    assert service.changes(session, dt.date(2000, 1, 1), plan=active_plan()) == []


def test_measured_goal_keeps_the_statistics_beside_the_secretariats_assessment(session, editor, engine):
    service.record_status(session, MEASURED, "on_track", note="Nye etableringar i 2025", by_body="RR", user=editor,
                          plan=active_plan())
    state = _state(engine)
    result = next(r for r in evaluate_plan(state, active_region().id) if r.goal.id == MEASURED)
    both = goal_status(result, state.status(MEASURED, "goal"))
    assert both.statistics is not None and both.statistics.status == result.status
    assert both.statistics.status != "on_track"  # the method's own verdict is not overwritten
    assert both.statistics.explanation  # the numbers behind it
    assert both.assessment is not None and both.assessment.status == "on_track"
    assert both.assessment.note == "Nye etableringar i 2025" and both.assessment.reported_by == "RR"
    assert both.both
    # counted once, by the secretariat's assessment (the rule on Om)
    assert both.counted == "on_track" and both.counted_from == "secretariat"
    record = both.as_record()
    assert record["statistics"]["status"] == result.status and record["assessment"]["status"] == "on_track"


def test_counts_count_each_goal_once(session, editor, engine):
    state = _state(engine)
    results = evaluate_plan(state, active_region().id)
    before = count_statuses(goal_statuses(results, state.kind_statuses("goal")))
    service.record_status(session, MEASURED, "on_track", user=editor, plan=active_plan())
    state = _state(engine)
    after = count_statuses(goal_statuses(evaluate_plan(state, active_region().id), state.kind_statuses("goal")))
    assert sum(before.values()) == sum(after.values()) == len(results)
    assert after.get("on_track", 0) == before.get("on_track", 0) + 1


def test_unassessed_measured_goal_is_counted_by_the_statistics(engine):
    state = _state(engine)
    result = next(r for r in evaluate_plan(state, active_region().id) if r.goal.id == MEASURED)
    only = goal_status(result, None)
    assert only.assessment is None and only.counted == result.status and only.counted_from == "statistics"


def test_figure_keeps_its_unit_through_evaluation_and_changes(session, editor, engine):
    service.record_figure(session, VALUE_GOAL, 4850, period=2024, unit="mill. kr", source_name="S", user=editor,
                          plan=active_plan(), region=active_region())
    state = _state(engine)
    result = next(r for r in evaluate_plan(state, active_region().id) if r.goal.id == VALUE_GOAL)
    assert result.goal.unit == "mill. kr"
    assert goal_status(result).single_period  # one figure: one dated value, no trend
    lines = change_lines(service.changes(session, TODAY, plan=active_plan()), {})
    figure = next(line for line in lines if line.kind == "figure")
    assert f"{format_number(4850)} mill. kr" in figure.text
    assert "kroner" not in figure.text


def test_a_figure_in_another_unit_needs_a_choice(session, editor):
    service.record_figure(session, VALUE_GOAL, 4850, period=2023, unit="mill. kr", source_name="S", user=editor,
                          plan=active_plan(), region=active_region())
    with pytest.raises(InvalidInputError, match="rekne talet om"):
        service.record_figure(session, VALUE_GOAL, 5.1, period=2024, unit="mrd. kr", source_name="S", user=editor,
                              plan=active_plan(), region=active_region())
    converted = service.record_figure(session, VALUE_GOAL, 5.1, period=2024, unit="mrd. kr", source_name="S",
                                      user=editor, unit_choice="convert", plan=active_plan(), region=active_region())
    assert (converted.value, converted.unit) == (pytest.approx(5100), "mill. kr")
    assert "Omrekna frå 5,1 mrd. kr" in converted.note
    started = service.record_figure(session, VALUE_GOAL, 12, period=2024, unit="prosent", source_name="S",
                                    user=editor, unit_choice="new_series", plan=active_plan(), region=active_region())
    assert started.starts_series
    series = service.figure_series(session, VALUE_GOAL, region=active_region())
    assert list(series["value"]) == [12] and series.attrs["unit"] == "prosent"  # the earlier series is kept aside
    assert len(service.figures(session, VALUE_GOAL)) == 3  # …but stays stored


def test_change_lines_name_actions_in_words_with_local_time(session, editor):
    service.record_status(session, "12", "in_progress", note="Oppstart i haust", user=editor, plan=active_plan())
    [change] = service.changes(session, TODAY, plan=active_plan())
    assert change.item_kind == "action"
    assert change_text(change, {}).startswith("Tiltak 12 – ")
    assert change_text(change, {}).endswith(": ingen → I gang")
    assert "at_local" not in change.as_record()  # the service gives the moment as data; the words are present's
    assert change_record(change, {})["at_local"].endswith(change.at.replace(tzinfo=dt.UTC).astimezone(
        service.DISPLAY_ZONE).strftime("kl. %H.%M"))


def test_action_statuses(session, editor):
    assert {"postponed", "completed", "cancelled"} <= set(ACTION_STATUSES)
    assert "achieved" not in ACTION_STATUSES  # «Nådd» stays the goals' word
    for status in ("postponed", "completed", "cancelled"):
        entry = service.record_status(session, "3", status, user=editor, plan=active_plan())
        assert entry.status == status
    entry = service.record_status(session, "3", "achieved", user=editor, plan=active_plan())
    assert status_label(entry.status, entry.item_kind) == "Gjennomført"
    assert action_status("achieved") == "completed"
    with pytest.raises(InvalidStatusError):
        service.record_status(session, "3", "on_track", user=editor, plan=active_plan())
    with pytest.raises(InvalidStatusError):  # a goal is never «Utsett»
        service.record_status(session, MEASURED, "postponed", user=editor, plan=active_plan())


def test_entered_figures_get_a_sentence_and_a_chart_with_each_year_once(session, editor, engine):
    from indicators.present.goal_charts import goal_figure
    from indicators.present.headlines import headline

    service.record_figure(session, VALUE_GOAL, 4850, period=2024, unit="mill. kr", source_name="S", user=editor,
                          plan=active_plan(), region=active_region())
    service.record_figure(session, VALUE_GOAL, 4900, period=2025, unit="mill. kr", source_name="S", user=editor,
                          plan=active_plan(), region=active_region())
    state = _state(engine)
    result = next(r for r in evaluate_plan(state, active_region().id) if r.goal.id == VALUE_GOAL)
    assert "måler ikkje" not in headline(result).sentence
    fig = goal_figure(result, [])
    assert fig.layout.xaxis.dtick == 1
    assert fig.layout.yaxis.rangemode == "tozero"
    assert fig.layout.yaxis.title.text == "Mill. kr"


def test_status_json_carries_both_statuses(session, editor, engine, capsys):
    from indicators.cli import main

    service.record_status(session, MEASURED, "on_track", note="N", by_body="RR", user=editor, plan=active_plan())
    assert main(["status", "--json"]) == 0
    import json

    record = next(r for r in json.loads(capsys.readouterr().out) if r["id"] == MEASURED)
    assert record["statuses"]["assessment"]["status"] == "on_track"
    assert record["statuses"]["statistics"]["status"] == record["status"] != "on_track"
    assert record["statuses"]["counted"] == "on_track"
