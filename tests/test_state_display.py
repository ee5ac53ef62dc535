"""The plan's state from the follow-up database on the read-only pages (issue 11): Oversikt and Handlingsprogram
show the latest status with who assessed it and when, the history, entered figures with their source, revised
actions; a status saved by another process shows on the next run; a missing database shows the plan files."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import pytest
from followup_fixtures import *  # noqa: F403
from followup_fixtures import TODAY, active_plan
from streamlit.testing.v1 import AppTest

from indicators.followup import service
from indicators.goals import load_plan
from indicators.plan_actions import with_programme
from indicators.plan_state import database_stamp, evaluate_plan, read_state
from indicators.present.changes import entered_label
from indicators.regions import active_region

TIMEOUT = 60
ROOT = Path(__file__).resolve().parent.parent
NOTE = "<b>Godt</b> i gang [klikk](https://evil.example) ![x](y.png)"


def run_page(path: str, **query: str) -> AppTest:
    at = AppTest.from_file(str(ROOT / path), default_timeout=TIMEOUT)
    for key, value in query.items():
        at.query_params[key] = value
    return at.run()


def texts_of(at: AppTest) -> list[str]:
    return [t.value for t in at.text]


def status_blocks(at: AppTest) -> str:
    """The goals' status blocks (indicators/present/goal_status.py) as the page sends them (HTML)."""
    return " ".join(m.value for m in at.markdown if 'class="goal-status"' in m.value)


def _qualitative_goal():
    return next(g for g in load_plan(active_region().plan_file("goals.toml")).goals if g.kind == "qualitative")


# --- the domain: one stamp, the state, figures --------------------------------------------------------------

def test_the_stamp_changes_with_every_entry(session, editor, qualitative_goal, engine):
    before = database_stamp(engine)
    service.record_status(session, qualitative_goal, "in_progress", user=editor, plan=active_plan())
    after = database_stamp(engine)
    assert before != after
    assert database_stamp(engine) == after  # nothing new: the same stamp


def test_state_lays_the_latest_entry_over_the_plan(session, editor, qualitative_goal, engine):
    service.record_status(session, qualitative_goal, "in_progress", note="fyrst", by_body="RR", user=editor,
                          plan=active_plan())
    service.record_status(session, qualitative_goal, "achieved", note=NOTE, by_body="Kommunane", user=editor,
                          assessed_on=dt.date(2025, 12, 1), plan=active_plan())
    state = read_state(with_programme(load_plan(active_region().plan_file("goals.toml"))), engine=engine,
                       region=active_region())
    goal = state.plan.goal(qualitative_goal)
    assert goal.status == "achieved"
    assert goal.status_note == NOTE
    assert goal.reported_by == "Kommunane"
    assert goal.reviewed == dt.date(2025, 12, 1)
    assert [e.status for e in state.history(qualitative_goal, "goal")] == ["achieved", "in_progress"]


def test_a_goal_id_and_an_action_number_that_read_alike_are_two_items_in_the_state(session, editor,
                                                                                  qualitative_goal, engine):
    plan = active_plan()
    plan = replace(plan, goals=[replace(g, id="7") if g.id == qualitative_goal else g for g in plan.goals])
    service.record_status(session, "7", "in_progress", kind="goal", user=editor, plan=plan)
    service.record_status(session, "7", "completed", kind="action", user=editor, plan=plan)  # the newer
    state = read_state(plan, engine=engine, region=active_region())
    assert state.status("7", "goal").status == "in_progress"
    assert state.status("7", "action").status == "completed"
    assert [e.status for e in state.history("7", "goal")] == ["in_progress"]
    assert state.kind_statuses("action")["7"].status == "completed"
    assert state.plan.goal("7").status == "in_progress"


def test_a_goal_no_importer_covers_is_evaluated_from_entered_figures(session, editor, indicator_goal, engine):
    region = active_region().id
    service.record_figure(session, indicator_goal, 10, period=2022, source_name="Kjelda AS", user=editor,
                          plan=active_plan(), region=active_region())
    service.record_figure(session, indicator_goal, 14, period=2024, source_name="Kjelda AS", user=editor,
                          plan=active_plan(), region=active_region())
    state = read_state(with_programme(load_plan(active_region().plan_file("goals.toml"))), engine=engine,
                       region=active_region())
    result = next(r for r in evaluate_plan(state, region) if r.goal.id == indicator_goal)
    assert result.latest.value == 14
    assert result.latest.period == 2024
    assert result.baseline.value == 10
    assert entered_label(result.entered) == "registrert av sekretariatet, kjelde: Kjelda AS"
    assert result.status != "no_data" or result.assessment is not None


def test_a_missing_database_file_is_not_created_and_gives_the_plan_files(tmp_path, monkeypatch):
    missing = tmp_path / "ingen" / "followup.sqlite3"
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{missing}")
    state = read_state(with_programme(load_plan(active_region().plan_file("goals.toml"))), region=active_region())
    assert not state.available
    assert "ikkje oppretta" in str(state.problem)
    assert not missing.exists()
    assert not missing.parent.exists()


# --- the pages ------------------------------------------------------------------------------------------------

def test_overview_shows_who_assessed_a_goal_when_and_its_history(session, editor, engine):
    goal = _qualitative_goal()
    service.record_status(session, goal.id, "in_progress", note="fyrst", by_body="RR", user=editor,
                          assessed_on=dt.date(2025, 3, 1), plan=active_plan())
    service.record_status(session, goal.id, "achieved", note=NOTE, by_body="Kommunane", user=editor,
                          assessed_on=dt.date(2025, 11, 3), plan=active_plan())
    at = run_page("pages/oversikt.py", area=goal.area)
    assert not at.exception
    shown = status_blocks(at)
    # the note without a click, as text: its markup escaped, its markdown as written; only the bare https
    # address is a link (to itself, in a new tab), never «klikk» or an image
    assert "&lt;b&gt;Godt&lt;/b&gt; i gang [klikk](" in shown
    assert ('<a href="https://evil.example" target="_blank" rel="noopener noreferrer">https://evil.example</a>'
            in shown)
    assert "<img" not in shown and "<b>Godt" not in shown
    assert "Sekretariatet si vurdering:" in shown
    assert "vurdert av Kommunane 3. november 2025" in shown and "registrert av kari " in shown
    histories = [e for e in at.expander if e.label == "Historikk (2)"]
    assert histories
    assert not any("Vurdert av" in d.value.columns for d in at.dataframe)  # drawn only when opened
    at.session_state[f"history_{goal.id}"] = True  # as a click on the closed history does
    at.run()
    table = next(d.value for d in at.dataframe if "Vurdert av" in d.value.columns)
    assert table["Status"].tolist() == ["Nådd", "I gang"]
    assert table["Vurdert av"].tolist() == ["Kommunane", "RR"]
    assert table["Merknad"].tolist() == [NOTE, "fyrst"]


def test_overview_labels_entered_figures_with_their_source(session, editor, indicator_goal, engine):
    goal = next(g for g in load_plan(active_region().plan_file("goals.toml")).goals if g.id == indicator_goal)
    service.record_figure(session, indicator_goal, 12, period=2023, source_name="Vegvesenet", user=editor,
                          plan=active_plan(), region=active_region())
    at = run_page("pages/oversikt.py", area=goal.area)
    assert not at.exception
    assert "registrert av sekretariatet, kjelde: Vegvesenet" in texts_of(at)


def test_overview_lists_what_changed_since_the_last_meeting(session, editor, admin, engine):
    goal = _qualitative_goal()
    service.record_meeting(session, TODAY - dt.timedelta(days=2), "Regionrådsmøte", user=admin)
    service.record_status(session, goal.id, "in_progress", by_body="RR", user=editor, plan=active_plan())
    service.drop_action(session, 7, revision_year=TODAY.year, reason="gjort av andre", user=editor, plan=active_plan())
    at = run_page("pages/oversikt.py")
    assert not at.exception
    # one line that opens the list: «2 endringar sidan Regionrådsmøte …: 1 status, 1 tiltak revidert — vis»
    section = next(e for e in at.expander if "endringar sidan Regionrådsmøte" in e.label)
    assert not section.proto.expanded
    assert "1 status, 1 tiltak revidert — vis" in section.label
    lines = [m.value for m in at.markdown if "endring" in m.value]
    assert any("statusendring" in line for line in lines)
    changes = next(m.value for m in at.markdown if "class='changes'" in m.value)
    assert "<strong>Statusendringar</strong>" in changes and "<strong>Reviderte tiltak</strong>" in changes
    assert f"Mål – {goal.label}: ingen status → I gang" in changes
    assert "Tiltak 7" in changes
    assert "teke ut ved rulleringa" in changes


def test_actions_page_shows_the_database_status_revisions_and_the_adopted_list(session, editor, engine):
    service.record_status(session, "3", "achieved", note="ferdig", by_body="Kommunane", user=editor, plan=active_plan())
    service.add_action(session, text="Nytt tiltak om sykkelvegar", area="klima", revision_year=TODAY.year,
                       reason="rullering", user=editor, plan=active_plan())
    service.drop_action(session, 5, revision_year=TODAY.year, reason="utgått", user=editor, plan=active_plan())
    at = run_page("pages/handlingsprogram.py")
    assert not at.exception
    table = at.dataframe[0].value
    assert len(table) == 62
    row3 = table[table["Nr."] == 3].iloc[0]
    assert row3["Status"] == "✔ Gjennomført"  # icon and word, never colour alone
    assert row3["Vurdert av"] == "Kommunane"
    assert row3["Registrert"].startswith("kari ")
    assert table[table["Nr."] == 62].iloc[0]["Rullering"] == f"lagt til ved rulleringa {TODAY.year}"
    assert "teke ut ved rulleringa" in table[table["Nr."] == 5].iloc[0]["Tiltak"]
    dropped_only = run_page("pages/handlingsprogram.py", actions_revision="dropped")
    assert dropped_only.dataframe[0].value["Nr."].tolist() == [5]
    adopted = run_page("pages/handlingsprogram.py")
    adopted.toggle(key="actions_as_adopted").set_value(True).run()
    assert not adopted.exception
    original = adopted.dataframe[0].value
    assert len(original) == 61
    assert "Rullering" not in original.columns
    assert original[original["Nr."] == 3].iloc[0]["Status"] == "○ Ikkje vurdert"  # as the plan file has it
    labels = [b.proto.label for b in adopted.get("download_button")]
    assert labels == ["Last ned den vedtekne lista (CSV)", "CSV for Excel", "Last ned den vedtekne lista (Excel)"]


def test_a_database_that_cannot_be_read_gives_a_notice_and_the_plan_files(tmp_path, monkeypatch):
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'finst-ikkje.sqlite3'}")
    for page in ("pages/oversikt.py", "pages/handlingsprogram.py"):
        at = run_page(page)
        assert not at.exception
        assert any("Oppfølgingsdatabasen kan ikkje lesast no" in w.value for w in at.warning)
    assert not (tmp_path / "finst-ikkje.sqlite3").exists()


def test_an_unmigrated_database_gives_a_notice_not_a_traceback(tmp_path, monkeypatch):
    empty = tmp_path / "tom.sqlite3"
    import sqlite3

    sqlite3.connect(empty).close()
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{empty}")
    at = run_page("pages/oversikt.py")
    assert not at.exception
    assert any("Oppfølgingsdatabasen kan ikkje lesast no" in w.value for w in at.warning)


# --- two processes on one database ---------------------------------------------------------------------------

def test_a_status_saved_by_another_process_shows_on_the_next_run(session, editor, engine, database_env):
    goal = _qualitative_goal()
    first = run_page("pages/oversikt.py", area=goal.area)  # this process has read (and cached) the state
    assert not first.exception
    assert "vurdert av Regionrådet" not in status_blocks(first)
    done = subprocess.run(
        [sys.executable, "-m", "indicators", "record-status", goal.id, "--status", "achieved", "--by", "Regionrådet",
         "--note", "sett frå ein annan prosess", "--user", editor],
        cwd=ROOT, env={**os.environ, "DATABASE_URL": database_env}, capture_output=True, text=True, timeout=120,
    )
    assert done.returncode == 0, done.stderr
    again = run_page("pages/oversikt.py", area=goal.area)
    assert not again.exception
    assert "sett frå ein annan prosess" in status_blocks(again)
    assert "vurdert av Regionrådet" in status_blocks(again)


@pytest.mark.parametrize("page", ["pages/oversikt.py", "pages/handlingsprogram.py"])
def test_pages_read_the_database_once_per_run(page, engine, monkeypatch):
    import indicators.plan_state as plan_state

    calls = []
    original = plan_state.database_stamp

    def counting(*args, **kwargs):
        calls.append(1)
        return original(*args, **kwargs)

    monkeypatch.setattr(plan_state, "database_stamp", counting)
    monkeypatch.setattr("ui.data.database_stamp", counting)
    at = run_page(page)
    assert not at.exception
    assert len(calls) == 1


# --- status --json -------------------------------------------------------------------------------------------

def test_status_json_shows_the_database_status_with_note_body_and_date(session, editor, capsys):
    import json

    from indicators.cli import main

    goal = _qualitative_goal()
    service.record_status(session, goal.id, "in_progress", note="på veg", by_body="RR", user=editor,
                          assessed_on=dt.date(2025, 10, 1), plan=active_plan())
    assert main(["status", "--json"]) == 0
    record = next(r for r in json.loads(capsys.readouterr().out) if r["id"] == goal.id)
    assert record["status"] == "in_progress"
    assert record["status_note"] == "på veg"
    assert record["reported_by"] == "RR"
    assert record["reviewed"] == "2025-10-01"
    assert record["followup"]["entered_by"] == editor


def test_status_json_fails_and_names_a_damaged_dataset(engine, tmp_path, monkeypatch, capsys):
    import json
    import shutil

    from indicators.cli import main

    copy = tmp_path / "cache"
    shutil.copytree(os.environ["DASHBOARD_CACHE_DIR"], copy)
    data = copy / "population" / "data.csv"
    lines = data.read_text(encoding="utf-8").splitlines()
    lines[1] = lines[1].rsplit(",", 2)[0] + ",1,"  # one value changed: the checksum no longer matches
    data.write_text("\n".join(lines) + "\n", encoding="utf-8")
    monkeypatch.setenv("DASHBOARD_CACHE_DIR", str(copy))
    assert main(["status", "--json"]) == 1
    captured = capsys.readouterr()
    records = json.loads(captured.out)
    damaged = [r for r in records if r.get("damaged_dataset") == "population"]
    assert damaged
    assert all("Datasettet «population» er skadd" in r["reason"] for r in damaged)
    assert "Datasettet «population» er skadd" in captured.err
