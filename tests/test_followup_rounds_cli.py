"""Issue 22's «What must show» on the command line: municipal editors and their parts, reporting rounds,
reminders (dry run)."""

from __future__ import annotations

import datetime as dt
import io
import json

import pytest
from followup_fixtures import *  # noqa: F403
from followup_fixtures import PASSWORD, TODAY
from sqlalchemy import select

from indicators.cli import main
from indicators.followup import db
from indicators.followup.models import AuditEntry
from indicators.regions import active_region

REGION = active_region()


def _add(monkeypatch, name: str, *options: str) -> int:
    monkeypatch.setattr("sys.stdin", io.StringIO(PASSWORD + "\n"))
    return main(["users", "add", name, *options])


@pytest.fixture
def gol_ed(engine, monkeypatch, capsys) -> str:
    assert _add(monkeypatch, "gol-ed", "--role", "editor", "--municipality", "3324", "--email", "gol@example.no") == 0
    assert "for Gol (3324)" in capsys.readouterr().err
    return "gol-ed"


@pytest.fixture
def sek(engine, monkeypatch, capsys) -> str:
    assert _add(monkeypatch, "sek", "--role", "admin", "--email", "sek@example.no") == 0
    capsys.readouterr()
    return "sek"


def test_a_municipal_editor_records_their_part_and_is_refused_elsewhere(engine, gol_ed, capsys):
    assert main(["record-status", "1", "--status", "in_progress", "--municipality", "3324", "--user", gol_ed]) == 0
    assert "Gol sin del" in capsys.readouterr().err

    assert main(["record-status", "1", "--status", "in_progress", "--municipality", "3326", "--user", gol_ed]) != 0
    assert "kan ikkje registrere delen til Hemsedal" in capsys.readouterr().err
    assert main(["record-status", "1", "--status", "in_progress", "--user", gol_ed]) != 0
    assert "kan ikkje registrere statusen til heile regionen" in capsys.readouterr().err

    with db.session_scope(engine) as session:
        refused = session.scalars(select(AuditEntry).where(AuditEntry.action == "record_status_refused")).all()
        assert [(r.actor, r.new_value) for r in refused] == [(gol_ed, "3326"), (gol_ed, "region")]
        assert all(r.origin.startswith("kommandolinja") for r in refused)

    assert main(["history", "1", "--json"]) == 0
    records = json.loads(capsys.readouterr().out)
    assert [(r["municipality"], r["status"], r["entered_by"]) for r in records] == [("3324", "in_progress", gol_ed)]


def test_users_add_with_an_unknown_municipality_lists_the_members(engine, monkeypatch, capsys):
    assert _add(monkeypatch, "x-ed", "--role", "editor", "--municipality", "0301") == 1
    err = capsys.readouterr().err
    assert "Ukjend kommunenummer «0301»" in err
    assert all(f"{m.code} {m.name}" in err for m in REGION.members)


def test_users_list_shows_the_municipality(engine, gol_ed, capsys):
    assert main(["users", "list", "--json"]) == 0
    assert {u["name"]: u["municipality"] for u in json.loads(capsys.readouterr().out)} == {gol_ed: "3324"}


# --- reporting rounds: round add / status / close / list / remind --dry-run ------------------------------------

ROUND = "Tertial 3 2026"


def _finish_part(engine, user: str, municipality: str) -> None:
    """Record every part the municipality has in the open round (the municipality is then done)."""
    from indicators.followup import reporting_rounds, service
    from indicators.goals import load_plan
    from indicators.plan_actions import with_programme

    plan = with_programme(load_plan(REGION.plan_file("goals.toml")))
    with db.session_scope(engine) as session:
        status = reporting_rounds.round_status(session, ROUND, plan=plan, region=REGION)
        for assignment in status.left_for(municipality):
            service.record_status(session, assignment.item_id, "in_progress", user=user, municipality=municipality,
                                  plan=plan, region=REGION)


def test_round_status_reports_the_municipal_entry_as_done_and_the_rest_not(engine, sek, gol_ed, capsys):
    due = (TODAY + dt.timedelta(days=14)).isoformat()
    assert main(["round", "add", ROUND, "--due", due, "--items", "actions", "--user", sek]) == 0
    assert main(["record-status", "1", "--status", "in_progress", "--municipality", "3324", "--user", gol_ed]) == 0
    capsys.readouterr()
    assert main(["round", "status", ROUND, "--json"]) == 0
    record = json.loads(capsys.readouterr().out)
    assert record["round"]["name"] == ROUND and record["round"]["items"] == "actions"
    items = {(i["item_id"], i["municipality"]): i for i in record["items"]}
    assert items[("1", "3324")]["done"] is True
    assert items[("1", "3324")]["entered_by"] == gol_ed and items[("1", "3324")]["entered_at"]
    assert items[("1", "3324")]["municipality_name"] == "Gol"
    assert [k for k, i in items.items() if i["done"]] == [("1", "3324")]
    assert items[("1", "3326")]["done"] is False and items[("1", "3326")]["entered_by"] is None
    assert items[("1", None)]["done"] is False  # the region's own status is the secretariat's
    progress = {p["reporter"]: (p["done"], p["total"]) for p in record["progress"]}
    assert progress["3324"][0] == 1 and progress["3326"][0] == 0


def test_round_close_then_a_late_entry_and_round_list(engine, sek, gol_ed, capsys):
    assert main(["round", "add", ROUND, "--due", (TODAY + dt.timedelta(days=3)).isoformat(), "--user", sek]) == 0
    assert main(["round", "close", ROUND, "--user", gol_ed]) != 0  # a municipal editor cannot close it
    assert "berre sekretariatet" in capsys.readouterr().err
    assert main(["round", "close", ROUND, "--user", sek]) == 0
    assert main(["record-status", "1", "--status", "postponed", "--municipality", "3324", "--user", gol_ed]) == 0
    capsys.readouterr()
    assert main(["round", "status", ROUND, "--json"]) == 0
    items = {(i["item_id"], i["municipality"]): i for i in json.loads(capsys.readouterr().out)["items"]}
    assert items[("1", "3324")]["done"] is True and items[("1", "3324")]["late"] is True
    assert main(["round", "list", "--json"]) == 0
    [listed] = json.loads(capsys.readouterr().out)
    assert listed["name"] == ROUND and listed["closed"] is True and listed["closed_by"] == sek
    assert main(["round", "list"]) == 0
    assert ROUND in capsys.readouterr().out


def test_round_add_refuses_a_duplicate_and_an_unknown_round_is_named(engine, sek, capsys):
    due = (TODAY + dt.timedelta(days=3)).isoformat()
    assert main(["round", "add", ROUND, "--due", due, "--user", sek]) == 0
    assert main(["round", "add", ROUND, "--due", due, "--user", sek]) == 1
    assert "finst alt" in capsys.readouterr().err
    assert main(["round", "status", "Tertial 9", "--json"]) == 1
    assert f"«{ROUND}»" in capsys.readouterr().err


def test_round_remind_dry_run_lists_a_message_per_reporter_with_items_left(engine, monkeypatch, sek, gol_ed, capsys):
    assert _add(monkeypatch, "hem-ed", "--role", "editor", "--municipality", "3326", "--email", "hem@example.no") == 0
    assert _add(monkeypatch, "aal-ed", "--role", "editor", "--municipality", "3328") == 0  # no e-mail
    due = (TODAY + dt.timedelta(days=14)).isoformat()
    assert main(["round", "add", ROUND, "--due", due, "--items", "actions", "--user", sek]) == 0
    _finish_part(engine, gol_ed, "3324")  # Gol is done
    capsys.readouterr()
    monkeypatch.delenv("SMTP_URL", raising=False)
    assert main(["round", "remind", ROUND, "--dry-run"]) == 0
    out, err = capsys.readouterr()
    recipients = [line.removeprefix("Til: ") for line in out.splitlines() if line.startswith("Til: ")]
    assert sorted(recipients) == ["hem@example.no", "sek@example.no"]
    assert "gol@example.no" not in out  # done: no reminder
    assert "Hei hem-ed," in out and "for Hemsedal" in out and "Emne: Påminning: Tertial 3 2026" in out
    assert "aal-ed (Ål)" in err and "ingen e-postadresse" in err
    with db.session_scope(engine) as session:  # a dry run sends and records nothing
        assert not session.scalars(select(AuditEntry).where(AuditEntry.action == "round_remind")).all()


def test_users_set_municipality_and_set_email(engine, gol_ed, capsys):
    assert main(["users", "set-municipality", gol_ed, "3326"]) == 0
    assert main(["users", "set-email", gol_ed, "Hemsedal@Example.no"]) == 0
    assert main(["users", "list", "--json"]) == 0
    [user] = json.loads(capsys.readouterr().out)
    assert (user["municipality"], user["email"]) == ("3326", "hemsedal@example.no")
    assert main(["users", "set-municipality", gol_ed, "9999"]) == 1
    assert "Ukjend kommunenummer «9999»" in capsys.readouterr().err
    assert main(["users", "set-municipality", gol_ed, "none"]) == 0
    assert main(["users", "set-email", gol_ed, "none"]) == 0
    assert main(["users", "list", "--json"]) == 0
    [user] = json.loads(capsys.readouterr().out)
    assert (user["municipality"], user["email"]) == (None, None)
    with db.session_scope(engine) as session:
        actions = [a.action for a in session.scalars(select(AuditEntry).where(AuditEntry.item == f"user:{gol_ed}"))]
        assert actions.count("set_user_municipality") == 2 and actions.count("set_email") == 2


def test_history_as_text_names_the_municipality_of_a_part(engine, gol_ed, capsys):
    assert main(["record-status", "1", "--status", "in_progress", "--municipality", "3324", "--user", gol_ed]) == 0
    capsys.readouterr()
    assert main(["history", "1"]) == 0
    assert "1 (Gol)" in capsys.readouterr().out


def test_round_report_per_reporter(engine, sek, gol_ed, capsys):
    due = (TODAY + dt.timedelta(days=14)).isoformat()
    assert main(["round", "add", ROUND, "--due", due, "--items", "actions", "--user", sek]) == 0
    assert main(["record-status", "1", "--status", "in_progress", "--municipality", "3324", "--user", gol_ed]) == 0
    capsys.readouterr()
    assert main(["round", "report", ROUND, "--json"]) == 0
    reporters = {r["reporter"]: r for r in json.loads(capsys.readouterr().out)["reporters"]}
    assert [(i["item_id"], i["municipality"]) for i in reporters["3324"]["reported"]] == [("1", "3324")]
    assert reporters["3326"]["reported"] == [] and reporters["3326"]["missing"]
    assert reporters[None]["name"] == REGION.name
    assert main(["round", "report", ROUND]) == 0
    assert "Gol: 1 rapportert" in capsys.readouterr().out
