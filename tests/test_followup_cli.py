"""The follow-up commands (names fixed by issue 11), in-process through indicators.cli.main and once as a real
process."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path

import pytest
from followup_fixtures import *  # noqa: F403
from followup_fixtures import PASSWORD, TODAY

from indicators.cli import main
from indicators.followup import accounts, db, service

ROOT = Path(__file__).resolve().parent.parent


def _add_user(monkeypatch, name: str, role: str, password: str = PASSWORD) -> int:
    monkeypatch.setattr("sys.stdin", io.StringIO(password + "\n"))
    return main(["users", "add", name, "--role", role])


def test_db_upgrade(engine, capsys):
    assert main(["db", "upgrade"]) == 0
    assert f"versjon {db.current_revision(engine)})" in capsys.readouterr().err


def test_users_add_reads_the_password_from_stdin_and_never_prints_it(engine, monkeypatch, capsys):
    assert _add_user(monkeypatch, "kari", "editor") == 0
    out, err = capsys.readouterr()
    assert PASSWORD not in out + err
    with db.session_scope(engine) as session:
        assert accounts.authenticate(session, "kari", PASSWORD).role == "editor"


def test_users_add_prompts_without_echo_on_a_terminal(engine, monkeypatch):
    prompts = []
    monkeypatch.setattr("sys.stdin.isatty", lambda: True, raising=False)
    monkeypatch.setattr("getpass.getpass", lambda prompt: prompts.append(prompt) or PASSWORD)
    assert main(["users", "add", "ola", "--role", "admin"]) == 0
    assert len(prompts) == 2


def test_users_add_with_unknown_role_is_a_usage_error(engine, capsys):
    with pytest.raises(SystemExit) as caught:
        main(["users", "add", "kari", "--role", "reader"])
    assert caught.value.code == 2


def test_record_status_then_history_json(engine, editor, capsys):
    code = main(["record-status", "3", "--status", "in_progress", "--note", "<i>Godt</i> i gang", "--by", "RR",
                 "--date", "2025-06-01", "--user", editor])
    assert code == 0
    capsys.readouterr()
    assert main(["history", "3", "--json"]) == 0
    records = json.loads(capsys.readouterr().out)
    assert len(records) == 1
    assert records[0]["status"] == "in_progress"
    assert records[0]["note"] == "<i>Godt</i> i gang"
    assert records[0]["reported_by"] == "RR"
    assert records[0]["assessed_on"] == "2025-06-01"
    assert records[0]["entered_by"] == editor


@pytest.mark.parametrize(("args", "message"), [
    (["99", "--status", "in_progress"], "Ukjend mål eller tiltak «99»"),
    (["ikkje-mal", "--status", "in_progress"], "Ukjend mål eller tiltak «ikkje-mal»"),
    (["3", "--status", "ferdig"], "Ugyldig status «ferdig»"),
    (["3", "--status", ""], "Status manglar"),
])
def test_record_status_refuses_unknown_id_and_status(engine, editor, capsys, args, message):
    assert main(["record-status", *args, "--user", editor]) == 1
    assert message in capsys.readouterr().err


def test_record_status_refuses_unknown_user(engine, capsys):
    assert main(["record-status", "3", "--status", "in_progress", "--user", "ola"]) == 1
    assert "Ukjend brukar «ola»" in capsys.readouterr().err


def test_record_status_refuses_future_date(engine, editor, capsys):
    assert main(["record-status", "3", "--status", "in_progress", "--date", "2999-01-01", "--user", editor]) == 1
    assert "fram i tid" in capsys.readouterr().err


def test_record_status_refuses_a_date_that_is_no_date(engine, editor, capsys):
    with pytest.raises(SystemExit) as caught:
        main(["record-status", "3", "--status", "in_progress", "--date", "1. mai", "--user", editor])
    assert caught.value.code == 2
    assert "ÅÅÅÅ-MM-DD" in capsys.readouterr().err


def test_history_of_unknown_id_fails(engine, capsys):
    assert main(["history", "999", "--json"]) == 1


def test_changes_since_json(engine, editor, capsys):
    main(["record-status", "4", "--status", "achieved", "--user", editor])
    capsys.readouterr()
    assert main(["changes", "--since", TODAY.isoformat(), "--json"]) == 0
    records = json.loads(capsys.readouterr().out)
    statuses = [r for r in records if r["kind"] == "status"]
    assert [(r["item"], r["new_status"]) for r in statuses] == [("4", "achieved")]


def test_changes_since_last_meeting_by_default(engine, editor, capsys):
    assert main(["meeting", "add", TODAY.isoformat(), "Regionrådsmøte", "--user", editor]) == 0
    main(["record-status", "4", "--status", "achieved", "--user", editor])
    capsys.readouterr()
    assert main(["changes", "--json"]) == 0
    assert any(r["item"] == "4" for r in json.loads(capsys.readouterr().out))


def test_record_figure_needs_a_source(engine, editor, indicator_goal, capsys):
    with pytest.raises(SystemExit):
        main(["record-figure", indicator_goal, "--value", "3", "--period", "2024", "--user", editor])
    assert main(["record-figure", indicator_goal, "--value", "3", "--period", "2024", "--source", " ",
                 "--user", editor]) == 1
    assert "kjelde" in capsys.readouterr().err


def test_record_figure(engine, editor, indicator_goal):
    assert main(["record-figure", indicator_goal, "--value", "3", "--period", "2024", "--source", "Vegvesenet",
                 "--quoted", "sitert tal frå ei pressemelding", "--user", editor]) == 0
    with db.session_scope(engine) as session:
        figure = service.figures(session, indicator_goal)[0]
    assert figure.value == 3
    assert figure.quoted is True


def test_backup_and_restore_commands(engine, editor, tmp_path, capsys):
    main(["record-status", "5", "--status", "achieved", "--user", editor])
    assert main(["db", "backup", str(tmp_path / "kopi.bak")]) == 0
    main(["record-status", "5", "--status", "not_started", "--user", editor])
    assert main(["db", "restore", str(tmp_path / "kopi.bak")]) == 1  # the database has entries
    assert main(["db", "restore", "--force", str(tmp_path / "kopi.bak")]) == 0
    with db.session_scope(engine) as session:
        assert service.current_status(session, "5").status == "achieved"


def test_real_process_records_and_lists(engine, editor, tmp_path, monkeypatch, capsys):
    env = {"DATABASE_URL": db.make_engine().url.render_as_string(hide_password=False), "PYTHONPATH": str(ROOT),
           "PATH": "/usr/bin:/bin"}
    record = subprocess.run(
        [sys.executable, "-m", "indicators", "record-status", "6", "--status", "in_progress", "--by", "Kommunane",
         "--user", editor], cwd=tmp_path, env=env, capture_output=True, text=True, timeout=120, check=False,
    )
    assert record.returncode == 0, record.stderr
    # what the real process saved, listed and refused through the same commands' code in this process, from the
    # same folder (another Python process costs a second; the one above is the one that must be real)
    monkeypatch.chdir(tmp_path)
    capsys.readouterr()
    assert main(["history", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)[0]["reported_by"] == "Kommunane"
    assert main(["record-status", "6", "--status", "in_progress", "--user", "ola"]) == 1
    assert "Ukjend brukar «ola»" in capsys.readouterr().err
