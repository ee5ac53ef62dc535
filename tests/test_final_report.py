"""The Sluttrapport for the plan period (`python -m indicators report --final`, issue 11) and the statusrapport
with who assessed each goal and its history."""

from __future__ import annotations

import datetime as dt
import re

import pandas as pd
import pytest
from followup_fixtures import *  # noqa: F403
from followup_fixtures import active_plan

from indicators.cli import main
from indicators.followup import service
from indicators.goals import Goal, GoalResult, Plan, Point
from indicators.plan_state import evaluate_final, final_period, read_state
from indicators.regions import active_region

NOTE = "<script>alert(1)</script> [lenkje](https://evil.example)"


def _text(html: str) -> str:
    html = re.sub(r"<style>.*?</style>", "", html, flags=re.S)
    html = re.sub(r"<[^>]+>", " ", html)
    return re.sub(r"\s+", " ", html)


@pytest.mark.browser  # the report draws its charts in Chromium
def test_final_report_has_final_values_statuses_history_and_actions(session, editor, qualitative_goal, tmp_path,
                                                                     capsys):
    service.record_status(session, qualitative_goal, "in_progress", note="fyrst", by_body="RR", user=editor,
                          assessed_on=dt.date(2024, 5, 1), plan=active_plan())
    service.record_status(session, qualitative_goal, "achieved", note=NOTE, by_body="RR", user=editor,
                          assessed_on=dt.date(2025, 12, 1), plan=active_plan())
    service.add_action(session, text="Tiltak frå rulleringa", area=active_plan().areas[0].id,
                       revision_year=2024, reason="rullering", user=editor, plan=active_plan())
    service.drop_action(session, 4, revision_year=2024, reason="utgått", user=editor, plan=active_plan())
    target = tmp_path / "slutt.html"
    assert main(["report", "--final", "--output", str(target)]) == 0
    assert "Skreiv sluttrapporten" in capsys.readouterr().err
    html = target.read_text(encoding="utf-8")
    plan = active_region().plan
    assert "<h1>Sluttrapport</h1>" in html
    assert f"Sluttrapport {plan.start}–{plan.end}" not in html  # the plan's title names the period once
    assert "<script>alert" not in html  # the note is escaped, never rendered
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    text = _text(html)
    assert "Statushistorikk" in text
    assert "Vurdert av RR 1. desember 2025" in text
    assert "Handlingsprogrammet" in text
    assert "lagt til ved rulleringa 2024" in text
    assert "teke ut ved rulleringa 2024" in text
    assert "break-inside: avoid" in html
    assert "@page { size: A4" in html


@pytest.mark.browser  # the report draws its charts in Chromium
def test_final_report_default_name_is_the_plan_period(engine, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert main(["report", "--final", "--output", str(tmp_path) + "/"]) == 0
    plan = active_region().plan
    assert (tmp_path / f"sluttrapport-{active_region().id}-{plan.start}-{plan.end}.html").exists()


def _result(label: str) -> GoalResult:
    goal = Goal("g", "a", "Mål", "indicator", indicator="population_total", baseline_period=2020,
                target_period=2025, direction="increase")
    from indicators.registry import get_indicator

    spec = get_indicator("population_total")
    spec = type(spec)(**{**spec.__dict__, "period_label": label}) if hasattr(spec, "__dict__") else spec
    none = Point(None, None)
    return GoalResult(goal, "r", "no_data", none, none, none, pd.DataFrame(), spec=spec)


def test_final_period_is_the_last_year_or_1_january_after():
    assert final_period(_result("1. januar {year}"), 2025) == 2026
    assert final_period(_result("4. kvartal {year}"), 2025) == 2025


def test_final_values_leave_out_numbers_after_the_plan_period(engine, tmp_path, monkeypatch):
    """A series that goes past the plan's end is cut there: the final value is the end's (or the nearest before)."""
    from indicators.goals import load_plan
    from indicators.plan_actions import with_programme

    state = read_state(with_programme(load_plan(active_region().plan_file("goals.toml"))), engine=engine,
                       region=active_region())
    end = 2022
    results = evaluate_final(state, active_region().id, end)
    for result in results:
        if result.latest.period is not None and result.goal.kind == "indicator":
            assert result.latest.period <= final_period(result, end)
    assert isinstance(state.plan, Plan)


@pytest.mark.browser  # the report draws its charts in Chromium
def test_statusrapport_shows_who_assessed_and_the_history(session, editor, qualitative_goal, tmp_path):
    service.record_status(session, qualitative_goal, "in_progress", note="undervegs", by_body="Kommunane",
                          user=editor, assessed_on=dt.date(2025, 6, 2), plan=active_plan())
    target = tmp_path / "status.html"
    assert main(["report", "--output", str(target)]) == 0
    text = _text(target.read_text(encoding="utf-8"))
    assert "Vurdert av Kommunane 2. juni 2025" in text
    assert "Statushistorikk" in text
    assert "undervegs" in text
