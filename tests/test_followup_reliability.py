"""Nothing is said to be saved that is not stored (issue 19): a missing SQLite file is an error (never a fresh
empty database), a file replaced under the running app is noticed, a save is confirmed only when it can be read
back, restore refuses to overwrite entries without --force, and a locked, full or missing database gives a
Nynorsk message and exit 1 — never a traceback."""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from followup_fixtures import *  # noqa: F403
from followup_fixtures import PASSWORD, TODAY, active_plan, url_of
from sqlalchemy import event, select, update

from indicators.cli import main
from indicators.followup import accounts, db, service
from indicators.followup.errors import DatabaseBusyError, DatabaseMissingError, SaveNotConfirmedError
from indicators.followup.models import AuditEntry, LoginSession, StatusEntry
from indicators.followup.service import statuses

ROOT = Path(__file__).resolve().parent.parent


def _env(url: str) -> dict[str, str]:
    return {"DATABASE_URL": url, "PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin", "HOME": "/tmp"}


def _sqlite_only(engine) -> Path:
    if not db.is_sqlite(engine):
        pytest.skip("a file matter: SQLite only")
    path = db.engine_file(engine)
    assert path is not None
    return path


def test_a_missing_sqlite_file_is_an_error_and_is_not_created(tmp_path, monkeypatch, capsys):
    missing = tmp_path / "borte" / "followup.sqlite3"
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{missing}")
    code = main(["record-status", "1", "--status", "in_progress", "--user", "kari"])
    err = capsys.readouterr().err
    assert code == 1
    assert "Oppfølgingsdatabasen finst ikkje" in err and "db upgrade" in err
    assert "Traceback" not in err
    assert not missing.exists() and not missing.parent.exists()
    with pytest.raises(DatabaseMissingError):
        db.make_engine(f"sqlite:///{missing}").connect()
    assert not missing.exists()


def test_a_missing_file_in_a_real_process(tmp_path):
    missing = tmp_path / "followup.sqlite3"
    result = subprocess.run(
        [sys.executable, "-m", "indicators", "record-status", "1", "--status", "in_progress", "--user", "kari"],
        env=_env(f"sqlite:///{missing}"), cwd=tmp_path, capture_output=True, text=True, timeout=120, check=False,
    )
    assert result.returncode != 0
    assert "Oppfølgingsdatabasen finst ikkje" in result.stderr
    assert "Traceback" not in result.stderr
    assert not missing.exists()


def test_only_db_upgrade_creates_the_file(tmp_path, monkeypatch, capsys):
    path = tmp_path / "ny.sqlite3"
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{path}")
    assert main(["history"]) == 1
    assert not path.exists()
    assert main(["db", "upgrade"]) == 0
    assert path.exists()
    assert main(["history"]) == 0


def test_a_deleted_file_is_noticed_and_nothing_is_said_saved(engine, session, editor, capsys):
    path = _sqlite_only(engine)
    service.record_status(session, "1", "in_progress", by_body="RR", assessed_on=TODAY, user=editor, plan=active_plan())
    session.close()
    path.unlink()
    for suffix in ("-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    with db.session_scope(engine) as after, pytest.raises((DatabaseMissingError, DatabaseBusyError)):
        service.record_status(after, "2", "in_progress", by_body="RR", assessed_on=TODAY, user=editor,
                              plan=active_plan())
    assert not path.exists()  # never a fresh empty database


def test_a_replaced_file_gets_the_write_not_the_old_one(engine, session, editor, tmp_path):
    """An operator copies another database over the path while the app runs (its pooled connection still
    holds the old file): the next save goes into the file now under the path."""
    path = _sqlite_only(engine)
    service.record_status(session, "1", "in_progress", by_body="RR", assessed_on=TODAY, user=editor, plan=active_plan())
    other = tmp_path / "other.sqlite3"
    with sqlite3.connect(path) as source, sqlite3.connect(other) as target:
        source.backup(target)
    session.close()
    old_inode = path.stat().st_ino
    os.replace(other, path)
    assert path.stat().st_ino != old_inode
    with db.session_scope(engine) as after:
        saved = service.record_status(after, "2", "achieved", by_body="RR", assessed_on=TODAY, user=editor,
                                      plan=active_plan())
    with sqlite3.connect(path) as check:
        assert check.execute("SELECT status FROM status_entries WHERE id = ?", (saved.id,)).fetchone() == ("achieved",)


@pytest.mark.parametrize("how", ["replaced", "deleted"])
def test_a_file_replaced_during_the_save_is_not_confirmed(engine, session, editor, tmp_path, monkeypatch, how):
    """The file is swapped or deleted after the write began (its connection holds the old file) and before the
    commit: the save is refused, not confirmed."""
    path = _sqlite_only(engine)
    copy = tmp_path / "copy.sqlite3"
    with sqlite3.connect(path) as source, sqlite3.connect(copy) as target:
        source.backup(target)
    real_audit = statuses.audit

    def audit_then_swap(*args, **kwargs):
        real_audit(*args, **kwargs)
        if how == "replaced":
            os.replace(copy, path)
        else:
            path.unlink()

    monkeypatch.setattr(statuses, "audit", audit_then_swap)  # the module that records statuses
    with pytest.raises(SaveNotConfirmedError, match="ikkje lagra"):
        service.record_status(session, "3", "achieved", by_body="RR", assessed_on=TODAY, user=editor,
                              plan=active_plan())
    if how == "replaced":
        with sqlite3.connect(path) as check:
            assert check.execute("SELECT count(*) FROM status_entries WHERE item_id = '3'").fetchone() == (0,)
    else:
        assert not path.exists()


def test_a_save_is_confirmed_only_when_it_reads_back(engine, session, editor, monkeypatch):
    def lost(_engine, _added):
        raise SaveNotConfirmedError("ikkje stadfesta")

    monkeypatch.setattr(db, "_read_back", lost)
    with pytest.raises(SaveNotConfirmedError):
        service.record_status(session, "4", "achieved", by_body="RR", assessed_on=TODAY, user=editor,
                              plan=active_plan())


def test_the_read_back_uses_a_fresh_connection_and_finds_the_row(engine, session, editor, monkeypatch):
    seen: list[tuple[str, tuple]] = []
    real = db._read_back
    monkeypatch.setattr(db, "_read_back", lambda e, added: seen.extend((t.name, k) for t, k in added) or real(e, added))
    entry = service.record_status(session, "4", "achieved", by_body="RR", assessed_on=TODAY, user=editor,
                                  plan=active_plan())
    assert ("status_entries", (entry.id,)) in seen


def _fill(session, editor):
    service.record_status(session, "1", "achieved", by_body="RR", assessed_on=TODAY, user=editor, plan=active_plan())


def test_restore_over_entries_needs_force_and_keeps_a_safety_copy(engine, session, editor, tmp_path, capsys):
    _fill(session, editor)
    backup_file = tmp_path / "kopi.bak"
    assert main(["db", "backup", str(backup_file)]) == 0
    main(["record-status", "2", "--status", "in_progress", "--user", editor])
    capsys.readouterr()
    assert main(["db", "restore", str(backup_file)]) == 1
    err = capsys.readouterr().err
    assert "--force" in err and "Traceback" not in err
    with db.session_scope(engine) as check:
        assert service.current_status(check, "2") is not None  # nothing replaced
    assert main(["db", "restore", "--force", str(backup_file)]) == 0
    err = capsys.readouterr().err
    line = next(line for line in err.splitlines() if "lagra i" in line)
    safety = Path(line.split("lagra i ", 1)[1].rstrip("."))
    assert safety.exists()
    if db.is_sqlite(engine):
        assert safety.parent == db.engine_file(engine).parent  # beside the database
    with db.session_scope(engine) as check:
        assert service.current_status(check, "2") is None
    # the safety copy holds what was replaced
    assert main(["db", "restore", "--force", str(safety)]) == 0
    with db.session_scope(engine) as check:
        assert service.current_status(check, "2") is not None


def test_restore_into_a_fresh_database_needs_no_force(engine, session, editor, tmp_path, capsys):
    _fill(session, editor)
    backup_file = tmp_path / "kopi.json"
    assert main(["db", "backup", str(backup_file)]) == 0
    session.close()
    fresh = tmp_path / "fresh.sqlite3"
    fresh_engine = db.make_engine(f"sqlite:///{fresh}")
    db.upgrade(fresh_engine)
    result = service.restore(fresh_engine, backup_file)
    assert result.safety_copy is None
    with db.session_scope(fresh_engine) as check:
        assert service.current_status(check, "1").status == "achieved"
    fresh_engine.dispose()


def test_a_running_app_writes_into_the_restored_database(engine, session, editor, tmp_path):
    """The restore replaces the content in place: an app process's engine, open across the restore, writes
    into the restored database (never into a file that is no longer there)."""
    _fill(session, editor)
    app_engine = db.make_engine(url_of(engine))
    with db.session_scope(app_engine) as app:
        service.current_status(app, "1")
    backup_file = service.backup(engine, tmp_path / "kopi.sqlite3")
    service.record_status(session, "2", "in_progress", by_body="RR", assessed_on=TODAY, user=editor, plan=active_plan())
    session.close()
    service.restore(engine, backup_file, force=True)
    with db.session_scope(app_engine) as app:
        service.record_status(app, "5", "achieved", by_body="RR", assessed_on=TODAY, user=editor, plan=active_plan())
    with db.session_scope(engine) as check:
        assert service.current_status(check, "5").status == "achieved"
        assert service.current_status(check, "2") is None
    app_engine.dispose()


@pytest.mark.parametrize("damage", ["truncated-sqlite", "truncated-json", "folder", "missing-folder-parent"])
def test_bad_backups_and_paths_give_a_message_not_a_traceback(engine, session, editor, tmp_path, capsys, damage):
    _fill(session, editor)
    session.close()
    if damage.startswith("truncated"):
        suffix = ".sqlite3" if damage == "truncated-sqlite" else ".json"
        good = service.backup(engine, tmp_path / f"kopi{suffix}")
        data = good.read_bytes()
        good.write_bytes(data[: len(data) // 3])
        code = main(["db", "restore", "--force", str(good)])
    elif damage == "folder":
        code = main(["db", "backup", str(tmp_path)])
    else:
        blocker = tmp_path / "ei-fil"
        blocker.write_text("x")
        code = main(["db", "backup", str(blocker / "under" / "kopi.bak")])
    err = capsys.readouterr().err
    assert code == 1
    assert err.startswith("Feil: ")
    assert "Traceback" not in err and "Error" not in err
    with db.session_scope(engine) as check:
        assert service.current_status(check, "1").status == "achieved"  # nothing lost


def test_a_full_disk_gives_a_nynorsk_message(engine, session, editor, monkeypatch, capsys):
    _sqlite_only(engine)
    made = db.make_engine

    def full(*args, **kwargs):
        created = made(*args, **kwargs)

        @event.listens_for(created, "connect")
        def no_more_pages(dbapi_connection, _record):
            pages = dbapi_connection.execute("PRAGMA page_count").fetchone()[0]
            dbapi_connection.execute(f"PRAGMA max_page_count = {pages}")
        return created

    monkeypatch.setattr(db, "make_engine", full)
    code = main(["record-status", "7", "--status", "in_progress", "--note", "x" * 3900, "--user", editor])
    err = capsys.readouterr().err
    assert code == 1
    assert "Disken er full" in err and "Traceback" not in err


_HOLD = """
import sqlite3, sys, time
connection = sqlite3.connect(sys.argv[1], isolation_level=None)
connection.execute("BEGIN EXCLUSIVE")
print("held", flush=True)
time.sleep(float(sys.argv[2]))
connection.execute("COMMIT")
"""


def _hold(path: Path, seconds: float) -> subprocess.Popen:
    holder = subprocess.Popen([sys.executable, "-c", _HOLD, str(path), str(seconds)], stdout=subprocess.PIPE, text=True)
    assert holder.stdout.readline().strip() == "held"
    return holder


def test_a_locked_database_waits_then_saves(engine, editor, capsys):
    """The command's own code in this process, with the command line's wait (another process holds the lock; a
    real `python -m indicators` process is tested by test_a_missing_file_in_a_real_process)."""
    path = _sqlite_only(engine)
    holder = _hold(path, 3)
    try:
        started = time.monotonic()
        code = main(["record-status", "8", "--status", "achieved", "--user", editor])
    finally:
        holder.wait(timeout=30)
    err = capsys.readouterr().err
    assert code == 0, err
    assert "Traceback" not in err
    assert time.monotonic() - started >= 2
    with db.session_scope(engine) as after:
        assert service.current_status(after, "8").status == "achieved"


def test_a_database_locked_past_the_wait_gives_a_nynorsk_message(engine, editor, monkeypatch, capsys):
    path = _sqlite_only(engine)
    monkeypatch.setattr(db, "CLI_BUSY_TIMEOUT_MS", 500)
    holder = _hold(path, 4)
    try:
        code = main(["record-status", "8", "--status", "achieved", "--note", "viktig", "--user", editor])
    finally:
        holder.kill()  # the save has given up while it held the lock: no need to wait out its 4 s
        holder.wait(timeout=30)
    err = capsys.readouterr().err
    assert code == 1
    assert "Databasen er oppteken" in err and "Ingenting er lagra" in err
    assert "Traceback" not in err and "locked" not in err


def test_a_locked_database_refuses_a_web_save_with_a_message(engine, editor):
    path = _sqlite_only(engine)
    quick = db.make_engine(url_of(engine), busy_timeout_ms=300)
    holder = _hold(path, 3)
    try:
        with db.session_scope(quick) as session, pytest.raises(DatabaseBusyError, match="Ingenting er lagra"):
            service.record_status(session, "9", "achieved", by_body="RR", assessed_on=TODAY, user=editor,
                                  plan=active_plan())
    finally:
        holder.kill()  # the save has given up while it held the lock: no need to wait out its 3 s
        holder.wait(timeout=30)
        quick.dispose()


def test_postgresql_down_gives_a_nynorsk_message(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("DATABASE_URL", "postgresql+psycopg://ingen@127.0.0.1:9/followup")
    started = time.monotonic()
    code = main(["record-status", "1", "--status", "achieved", "--user", "kari"])
    err = capsys.readouterr().err
    assert code == 1
    assert "svarar ikkje" in err and "Traceback" not in err
    assert time.monotonic() - started < 30


def test_users_life_cycle_from_the_command_line(engine, editor, admin, monkeypatch, capsys):
    assert main(["users", "deactivate", editor]) == 0
    assert main(["record-status", "1", "--status", "achieved", "--user", editor]) == 1
    assert "ikkje aktiv" in capsys.readouterr().err
    with db.session_scope(engine) as check, pytest.raises(Exception, match="ikkje aktiv"):
        accounts.authenticate(check, editor, PASSWORD)
    assert main(["users", "list", "--json"]) == 0
    listed = {row["name"]: row for row in json.loads(capsys.readouterr().out)}
    assert listed[editor]["active"] is False and listed[admin]["active"] is True
    assert set(listed[editor]) >= {"role", "municipality", "active", "locked_until", "last_sign_in"}
    assert main(["users", "reactivate", editor]) == 0
    assert main(["record-status", "1", "--status", "achieved", "--user", editor]) == 0
    monkeypatch.setattr("sys.stdin", __import__("io").StringIO("eit-heilt-nytt-passord\n"))
    assert main(["users", "set-password", editor]) == 0
    with db.session_scope(engine) as check:
        assert accounts.authenticate(check, editor, "eit-heilt-nytt-passord").name == editor
    assert main(["users", "unlock", editor]) == 0
    assert main(["users", "remove", editor]) == 0
    assert main(["users", "remove", admin]) == 1  # the only active admin stays
    assert "einaste aktive administratoren" in capsys.readouterr().err
    with db.session_scope(engine) as check:
        assert accounts.get_account(check, editor) is None
        assert service.current_status(check, "1").entered_by == editor  # entries keep the name
        rows = check.scalars(select(AuditEntry).where(AuditEntry.item == f"user:{editor}")).all()
        actions = [r.action for r in rows]
        for action in ("deactivate_user", "reactivate_user", "set_password", "unlock_user", "remove_user"):
            assert action in actions
        changes = ("deactivate_user", "reactivate_user", "set_password", "unlock_user", "remove_user")
        lifecycle = [r for r in rows if r.action in changes]
        assert lifecycle and all(r.origin.startswith("kommandolinja (OS-brukar ") for r in lifecycle)
        status = check.scalars(select(AuditEntry).where(AuditEntry.action == "record_status")).one()
        assert status.origin.startswith("kommandolinja")


def test_users_list_as_text(engine, editor, capsys):
    assert main(["users", "list"]) == 0
    out = capsys.readouterr().out
    assert editor in out and "aktiv" in out and "sist innlogga" in out


def test_writes_from_the_web_are_marked_so(engine, session, editor):
    service.record_status(session, "1", "achieved", by_body="RR", assessed_on=TODAY, user=editor, plan=active_plan())
    row = session.scalars(select(AuditEntry).where(AuditEntry.action == "record_status")).one()
    assert row.origin == "nettsida"


def test_status_entries_are_untouched_by_a_failed_restore(engine, session, editor, tmp_path):
    _fill(session, editor)
    count = len(session.scalars(select(StatusEntry)).all())
    bad = tmp_path / "x.sqlite3"
    shutil.copy(ROOT / "README.md", bad)
    with pytest.raises(Exception, match="verken"):
        service.restore(engine, bad, force=True)
    assert len(session.scalars(select(StatusEntry)).all()) == count


def test_export_actions_gives_what_the_web_download_gives(engine, session, editor, capsys):
    """Statuses set in the database and actions added at a revision are in `export actions` (before: the plan
    file only, «Ikkje vurdert» for a status set in the database and the added action missing)."""
    service.record_status(session, "23", "in_progress", note="Sett i databasen", by_body="RR", assessed_on=TODAY,
                          user=editor, plan=active_plan())
    added = service.add_action(session, text="Nytt tiltak frå rulleringa", area="klima", time="2026",
                               responsible="RR", revision_year=2025, reason="vedteke", user=editor, plan=active_plan())
    capsys.readouterr()
    assert main(["export", "actions", "--format", "csv"]) == 0
    out = capsys.readouterr().out
    rows = {row.split(";")[0].strip('"'): row for row in out.splitlines()[1:]} if ";" in out.splitlines()[0] \
        else {row.split(",")[0].strip('"'): row for row in out.splitlines()[1:]}
    assert "I gang" in rows["23"] and "Sett i databasen" in rows["23"]
    assert "Nytt tiltak frå rulleringa" in out and "lagt til ved rulleringa 2025" in out
    assert str(added.action_number) in rows
    assert out.splitlines()[0].endswith("Rullering")  # the download's columns, nothing added


@pytest.mark.parametrize("damage", ["checksum", "unreadable", "no-checksum"])
def test_a_damaged_dataset_is_named_without_the_servers_path(tmp_path, damage):
    """The message reaches every visitor of a page that reads the dataset: it names the dataset, never the
    server's absolute folder."""
    from indicators import cache

    folder = tmp_path / "cache"
    shutil.copytree(ROOT / "tests" / "fixtures" / "cache" / "population", folder / "population")
    data = folder / "population" / "data.csv"
    if damage == "checksum":
        data.write_text(data.read_text(encoding="utf-8").replace("\n3", "\n4", 1), encoding="utf-8")
    elif damage == "unreadable":
        (folder / "population" / "manifest.json").write_text("{ikkje json", encoding="utf-8")
    else:
        manifest = json.loads((folder / "population" / "manifest.json").read_text(encoding="utf-8"))
        manifest["checksum"] = ""
        (folder / "population" / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    problems = cache.dataset_problems(folder)
    assert "«population» er skadd" in problems["population"]
    assert str(tmp_path) not in problems["population"]


def test_the_database_url_can_come_from_a_secret_file(tmp_path, monkeypatch, capsys):
    """compose.yaml hands DATABASE_URL to the app as a secret file (DATABASE_URL_FILE), never in the image."""
    path = tmp_path / "fra-hemmeleg-fil.sqlite3"
    secret = tmp_path / "database_url"
    secret.write_text(f"sqlite:///{path}\n", encoding="utf-8")
    monkeypatch.delenv("DATABASE_URL")
    monkeypatch.setenv("DATABASE_URL_FILE", str(secret))
    assert db.database_url() == f"sqlite:///{path}"
    assert main(["db", "upgrade"]) == 0 and path.exists()
    monkeypatch.setenv("DATABASE_URL_FILE", str(tmp_path / "manglar"))
    assert main(["history"]) == 1
    assert "DATABASE_URL_FILE" in capsys.readouterr().err


def test_a_backup_is_one_file_and_restoring_it_leaves_nothing_beside_it(engine, session, editor, tmp_path):
    _sqlite_only(engine)
    _fill(session, editor)
    session.close()
    folder = tmp_path / "kopiar"
    path = service.backup(engine, folder / "kopi.sqlite3")
    service.restore(engine, path, force=True)
    assert sorted(p.name for p in folder.iterdir()) == ["kopi.sqlite3"]


def test_a_short_wait_for_bookkeeping_does_not_shorten_later_writes(engine, session, editor):
    """session_user writes the last-seen time with a short wait; the pooled connection must get the full wait
    back, or the next save would give up after 200 ms."""
    if not db.is_sqlite(engine):
        pytest.skip("SQLite's busy timeout")
    token = accounts.start_session(session, editor)
    session.execute(update(LoginSession).values(last_seen_at=db.utcnow() - dt.timedelta(minutes=5)))
    session.commit()
    session.close()
    with db.session_scope(engine) as reader:
        assert accounts.session_user(reader, token) is not None
    with engine.connect() as connection:
        assert connection.exec_driver_sql("PRAGMA busy_timeout").scalar() == db.SQLITE_BUSY_TIMEOUT_MS
