"""Issue 22's «What must show» on the command line: municipal editors and their parts, reporting rounds,
reminders (dry run)."""

from __future__ import annotations

import io
import json

import pytest
from followup_fixtures import *  # noqa: F403
from followup_fixtures import PASSWORD
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
