"""The database itself: migrations idempotent, SQLite in WAL mode with foreign keys, backup/restore round trip,
a crash mid-write loses nothing already saved, two processes see each other's writes (issue 11)."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from followup_fixtures import *  # noqa: F403
from followup_fixtures import TODAY, active_plan, url_of
from sqlalchemy import func, select, text
from sqlalchemy.exc import IntegrityError

from indicators.cli import main
from indicators.followup import accounts, backup, db, service
from indicators.followup.errors import BackupError
from indicators.followup.models import AuditEntry, Base, StatusEntry

ROOT = Path(__file__).resolve().parent.parent


def _child_env(url: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("REGION_CONFIG", "DASHBOARD_CACHE_DIR")}
    env["DATABASE_URL"] = url
    env["PYTHONPATH"] = str(ROOT)
    return env


def test_upgrade_twice_changes_nothing(engine, session):
    before = {t.name: session.scalar(select(func.count()).select_from(t)) for t in Base.metadata.sorted_tables}
    session.close()
    db.upgrade(engine)
    assert db.current_revision(engine) == backup._head_revision(engine)  # the latest migration
    after = {t.name: session.scalar(select(func.count()).select_from(t)) for t in Base.metadata.sorted_tables}
    assert after == before


def test_default_database_is_under_var_and_ignored(monkeypatch):
    monkeypatch.delenv("DATABASE_URL", raising=False)
    assert db.database_url() == f"sqlite:///{ROOT / 'var' / 'followup.sqlite3'}"
    ignored = subprocess.run(["git", "check-ignore", "-q", "var/followup.sqlite3"], cwd=ROOT, check=False)
    assert ignored.returncode == 0


def test_database_url_overrides_the_default(monkeypatch):
    monkeypatch.setenv("DATABASE_URL", "postgresql+psycopg://u@127.0.0.1:5/x")
    assert db.database_url() == "postgresql+psycopg://u@127.0.0.1:5/x"


def test_sqlite_runs_in_wal_mode_with_foreign_keys(tmp_path):
    engine = db.make_engine(f"sqlite:///{tmp_path / 'a.sqlite3'}")
    db.upgrade(engine)
    with engine.connect() as connection:
        assert connection.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert connection.execute(text("PRAGMA foreign_keys")).scalar() == 1
        assert connection.execute(text("PRAGMA synchronous")).scalar() == 2  # FULL
    engine.dispose()


def test_upgrade_works_from_another_working_directory(tmp_path):
    url = f"sqlite:///{tmp_path / 'b.sqlite3'}"
    result = subprocess.run(
        [sys.executable, "-m", "indicators", "db", "upgrade"], cwd=tmp_path, env=_child_env(url),
        capture_output=True, text=True, timeout=120, check=False,
    )
    assert result.returncode == 0, result.stderr
    assert db.current_revision(db.make_engine(url)) == backup._head_revision(db.make_engine(url))


def test_a_status_entry_cannot_point_at_a_missing_previous_entry(engine, session, editor):
    session.add(StatusEntry(item_kind="action", item_id="1", sequence=1, status="achieved", note="",
                            reported_by="", assessed_on=TODAY, entered_by=editor, entered_at=db.utcnow(),
                            previous_id=999))
    with pytest.raises(IntegrityError):
        session.commit()
    session.rollback()


def test_the_same_sequence_twice_is_refused_by_the_database(engine, session, editor):
    for _ in range(2):
        session.add(StatusEntry(item_kind="action", item_id="1", sequence=1, status="achieved", note="",
                                reported_by="", assessed_on=TODAY, entered_by=editor, entered_at=db.utcnow()))
    with pytest.raises(IntegrityError):
        session.commit()
    session.rollback()


def _content(engine) -> dict[str, int | list]:
    with db.session_scope(engine) as session:
        return {
            "entries": [(e.item_id, e.status, e.note) for e in service.history(session)],
            "figures": len(service.figures(session)),
            "users": [a.name for a in accounts.list_accounts(session)],
            "meetings": [m.name for m in service.meetings(session)],
            "versions": len(service.dataset_versions(session, "population")),
            "actions": [(c.action_number, c.change) for c in service.action_changes(session)],
        }


def _fill(session, editor):
    import pandas as pd

    service.record_status(session, "1", "in_progress", note="<b>første</b>", by_body="RR", assessed_on=TODAY,
                          user=editor, plan=active_plan())
    service.record_status(session, "1", "achieved", note="andre", by_body="RR", assessed_on=TODAY, user=editor,
                          plan=active_plan())
    service.record_meeting(session, TODAY, "Regionrådsmøte", user=editor)
    service.drop_action(session, 5, revision_year=2024, reason="ferdig", user=editor, plan=active_plan())
    frame = pd.DataFrame({"region_code": ["1"], "region_name": ["x"], "period": [2021], "value": [1.0],
                          "status": [""]})
    service.record_dataset_version(session, "population", frame, {"source": "Statistisk sentralbyrå"})


@pytest.mark.parametrize("suffix", [".sqlite3", ".json"])
def test_backup_and_restore_bring_back_every_entry(engine, session, editor, tmp_path, suffix):
    _fill(session, editor)
    saved = _content(engine)
    path = service.backup(engine, tmp_path / f"kopi{suffix}")
    session.close()
    service.record_status(session, "2", "in_progress", by_body="", assessed_on=TODAY, user=editor, plan=active_plan())
    assert _content(engine) != saved
    counts = service.restore(engine, path, force=True)
    assert counts["status_entries"] == 2
    assert _content(engine) == saved
    with db.session_scope(engine) as fresh:  # ids go on after the restored ones
        entry = service.record_status(fresh, "3", "in_progress", by_body="", assessed_on=TODAY, user=editor,
                                      plan=active_plan())
        assert entry.id == 3
        assert fresh.scalars(select(AuditEntry).where(AuditEntry.action == "restore")).first() is not None


def test_sqlite_backup_is_a_sqlite_file_and_postgres_a_pg_dump(engine, tmp_path):
    written = backup.write_backup(engine, tmp_path / "kopi.bak")
    head = written.path.read_bytes()[:16]
    if db.is_sqlite(engine):
        assert (head, written.method) == (b"SQLite format 3\x00", "sqlite")
    elif backup.pg_tool("pg_dump") is not None:
        assert (head[:5], written.method, written.pg_dump_problem) == (b"PGDMP", "pg_dump", "")
    else:
        assert json.loads(written.path.read_text(encoding="utf-8"))["format"] == "followup-backup"
    as_json = backup.write_backup(engine, tmp_path / "kopi.json")  # .json: always the JSON dump
    assert (as_json.method, json.loads(as_json.path.read_text(encoding="utf-8"))["format"]) == ("json",
                                                                                              "followup-backup")


def _postgres_only(engine) -> None:
    if db.is_sqlite(engine):
        pytest.skip("pg_dump and pg_restore: PostgreSQL only")
    if backup.pg_tool("pg_dump") is None or backup.pg_tool("pg_restore") is None:
        pytest.skip("the PostgreSQL client tools are not installed")


@pytest.mark.parametrize("tool", ["missing", "failing"])
def test_without_a_working_pg_dump_the_backup_is_json_and_says_so(engine, session, editor, tmp_path, monkeypatch,
                                                                   capsys, tool):
    if db.is_sqlite(engine):
        pytest.skip("PostgreSQL only")
    _fill(session, editor)
    session.close()
    monkeypatch.setattr(backup, "pg_tool", lambda name: None if tool == "missing" else "/bin/false")
    assert main(["db", "backup", str(tmp_path / "kopi.dump")]) == 0
    err = capsys.readouterr().err
    assert "som JSON, ikkje med pg_dump" in err
    assert ("fann ikkje pg_dump" if tool == "missing" else "pg_dump feila") in err
    assert json.loads((tmp_path / "kopi.dump").read_text(encoding="utf-8"))["format"] == "followup-backup"
    assert main(["db", "restore", "--force", str(tmp_path / "kopi.dump")]) == 0
    with db.session_scope(engine) as check:
        assert service.current_status(check, "1").status == "achieved"


def test_a_pg_dump_backup_comes_back_through_pg_restore_in_one_transaction(engine, session, editor, tmp_path,
                                                                           capsys):
    _postgres_only(engine)
    _fill(session, editor)
    saved = _content(engine)
    last_id = max(e.id for e in service.history(session))
    session.close()
    assert main(["db", "backup", str(tmp_path / "kopi.dump")]) == 0
    assert "med pg_dump" in capsys.readouterr().err
    main(["record-status", "2", "--status", "in_progress", "--user", editor])
    truncated = tmp_path / "avkorta.dump"
    data = (tmp_path / "kopi.dump").read_bytes()
    truncated.write_bytes(data[: len(data) * 2 // 3])
    assert main(["db", "restore", "--force", str(truncated)]) == 1
    err = capsys.readouterr().err
    assert "Databasen er ikkje endra" in err and "Traceback" not in err
    with db.session_scope(engine) as check:
        assert service.current_status(check, "2") is not None  # the failed restore changed nothing
    assert main(["db", "restore", "--force", str(tmp_path / "kopi.dump")]) == 0
    assert _content(engine) == saved
    with db.session_scope(engine) as fresh:  # sequences go on after the restored ids; the restore is audited
        entry = service.record_status(fresh, "3", "in_progress", user=editor, plan=active_plan())
        assert entry.id == last_id + 1
        assert fresh.scalars(select(AuditEntry).where(AuditEntry.action == "restore")).first() is not None


def test_a_pg_dump_from_another_schema_revision_or_into_sqlite_is_refused(engine, session, editor, tmp_path,
                                                                          monkeypatch):
    _postgres_only(engine)
    _fill(session, editor)
    session.close()
    dump_file = service.backup(engine, tmp_path / "kopi.dump")
    monkeypatch.setattr(backup, "_head_revision", lambda _engine: "9999_framtida")
    with pytest.raises(BackupError, match="same versjon"):
        service.restore(engine, dump_file, force=True)
    monkeypatch.undo()
    lite = db.make_engine(f"sqlite:///{tmp_path / 'lite.sqlite3'}")
    db.upgrade(lite)
    with pytest.raises(BackupError, match="berre hentast tilbake i PostgreSQL"):
        service.restore(lite, dump_file)
    lite.dispose()


def test_the_client_tools_are_found_in_debians_versioned_folders(monkeypatch):
    versioned = sorted(Path("/usr/lib/postgresql").glob("*/bin/pg_dump"))
    if not versioned:
        pytest.skip("no PostgreSQL client tools under /usr/lib/postgresql")
    monkeypatch.setattr(backup.shutil, "which", lambda _name: None)  # not on PATH
    assert backup.pg_tool("pg_dump") in {str(p) for p in versioned}
    assert backup.pg_tool("ikkje-eit-verktøy") is None


def test_restore_refuses_a_file_that_is_no_backup(engine, tmp_path):
    path = tmp_path / "x.json"
    path.write_text('{"hei": 1}', encoding="utf-8")
    with pytest.raises(BackupError, match="ikkje ein tryggingskopi"):
        service.restore(engine, path)


def test_restore_of_a_missing_file_says_so(engine, tmp_path):
    with pytest.raises(BackupError, match="Kunne ikkje lese"):
        service.restore(engine, tmp_path / "finst-ikkje.sqlite3")


_WRITER = """
import sys
from indicators.followup import db, service
from indicators.goals import load_plan
from indicators.plan_actions import with_programme
from indicators.regions import active_region
engine = db.make_engine()
plan = with_programme(load_plan(active_region().plan_file("goals.toml")))
n = 0
while True:
    n += 1
    with db.session_scope(engine) as session:
        entry = service.record_status(session, "11", "in_progress" if n % 2 else "not_started", note="x" * 3000,
                                      by_body="RR", assessed_on=None, user="kari", plan=plan)
    print(entry.id, flush=True)
"""


def test_a_crash_mid_write_loses_nothing_already_saved(engine, session, editor, tmp_path):
    child = subprocess.Popen([sys.executable, "-c", _WRITER], env=_child_env(url_of(engine)),
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    saved: list[int] = []
    try:
        deadline = time.monotonic() + 90
        while len(saved) < 25 and time.monotonic() < deadline:
            line = child.stdout.readline()
            if not line:
                break
            saved.append(int(line))
    finally:
        child.send_signal(signal.SIGKILL)  # in the middle of the next write
        child.wait(timeout=30)
        child.stdout.close()
        child.stderr.close()
    assert len(saved) == 25
    session.close()
    with db.session_scope(db.make_engine(url_of(engine))) as after:
        ids = set(after.scalars(select(StatusEntry.id).where(StatusEntry.item_id == "11")))
        assert set(saved) <= ids
        if db.is_sqlite(engine):
            assert after.execute(text("PRAGMA integrity_check")).scalar() == "ok"


_READER = """
import sys, time
from indicators.followup import db, service
engine = db.make_engine()
print("klar", flush=True)
deadline = time.monotonic() + 60
while time.monotonic() < deadline:
    with db.session_scope(engine) as session:
        entry = service.current_status(session, "14")
    if entry is not None:
        print(entry.status, entry.note, entry.entered_by, flush=True)
        sys.exit(0)
    time.sleep(0.1)
sys.exit(1)
"""


def test_a_status_saved_in_one_process_appears_in_another(engine, editor, capsys):
    """Saved by the command line's code in this process, read by another process that was waiting for it."""
    env = _child_env(url_of(engine))
    reader = subprocess.Popen([sys.executable, "-c", _READER], env=env, stdout=subprocess.PIPE, text=True)
    try:
        assert reader.stdout.readline().strip() == "klar"
        code = main(["record-status", "14", "--status", "achieved", "--note", "frå A", "--user", editor])
        assert code == 0, capsys.readouterr().err
        out, _ = reader.communicate(timeout=90)
    finally:
        if reader.poll() is None:
            reader.kill()
            reader.wait()
    assert reader.returncode == 0
    assert out.strip() == f"achieved frå A {editor}"
