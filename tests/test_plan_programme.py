"""The follow-up takes the action programme with the plan (issue 21): the plan's loader reads the actions file once
(`plan_actions.with_programme`), and listing items, resolving an id and the municipal parts read no file."""

from __future__ import annotations

import pytest
from followup_fixtures import *  # noqa: F403
from followup_fixtures import active_plan

from indicators import plan_actions
from indicators.followup import municipal_parts, service
from indicators.goals import load_plan
from indicators.plan_actions import ProgrammeNotGivenError, with_programme
from indicators.regions import active_region


def test_the_service_uses_the_programme_handed_in_with_the_plan(session, editor):
    plan = active_plan()
    expected = [str(int(n)) for n in plan.actions["number"]]
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(plan_actions, "actions_file", lambda: active_region().plan_file("borte.csv"))
        items = service.all_items(session, plan)
        assert [i.id for i in items if i.kind == "action"] == expected
        assert service.resolve_item(session, expected[0], plan, kind="action").kind == "action"
        parts = municipal_parts.current_parts(session, active_region(), plan)
        assert set(parts) == set(expected)
        entry = service.record_status(session, expected[0], "in_progress", user=editor, plan=plan, kind="action")
    assert entry.item_id == expected[0]


def test_a_plan_loaded_without_its_programme_is_refused_loudly(session):
    plan = load_plan(active_region().plan_file("goals.toml"))
    assert plan.actions is None
    with pytest.raises(ProgrammeNotGivenError):
        service.all_items(session, plan)
    with pytest.raises(ProgrammeNotGivenError):
        municipal_parts.current_parts(session, active_region(), plan)


def test_an_unreadable_actions_file_is_said_where_the_programme_is_needed(session, tmp_path):
    broken = tmp_path / "actions.csv"
    broken.write_bytes(b"\xff\xfe ikkje utf-8")
    plan = with_programme(load_plan(active_region().plan_file("goals.toml")), broken)
    assert plan.actions is None and plan.actions_problem
    with pytest.raises(service.FollowupError) as refused:
        service.all_items(session, plan)
    assert "actions.csv" in str(refused.value)
