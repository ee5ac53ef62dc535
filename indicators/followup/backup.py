"""Backup and restore of the follow-up database.

SQLite: a consistent copy through SQLite's online backup API (the app may keep running). PostgreSQL (or a
path ending in .json): a JSON dump of every table. `restore` takes either kind into either database, replaces
everything in it, then applies any newer migrations.
"""

from __future__ import annotations

import base64
import datetime as dt
import json
import os
import sqlite3
import tempfile
import urllib.parse
from pathlib import Path
from typing import Any

from sqlalchemy import Date, DateTime, Engine, LargeBinary, func, select, text
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from indicators.followup import db
from indicators.followup.accounts import audit
from indicators.followup.errors import BackupError, database_problem
from indicators.followup.models import Base

FORMAT = "followup-backup"
SQLITE_HEADER = b"SQLite format 3\x00"


def backup(engine: Engine, path: str | Path) -> Path:
    """Write a backup to `path` (SQLite file from SQLite unless the name ends in .json; JSON from PostgreSQL)."""
    path = Path(path)
    if path.is_dir():
        raise BackupError(f"{path} er ei mappe; gi eit filnamn for tryggingskopien.")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=path.name, suffix=".tmp")
        os.close(handle)
    except OSError as exc:
        raise BackupError(f"Kan ikkje skrive tryggingskopien til {path}: {exc.strerror or exc}.") from None
    try:
        if db.is_sqlite(engine) and path.suffix.lower() != ".json":
            Path(temporary).unlink()
            raw = engine.raw_connection()
            try:
                target = sqlite3.connect(temporary)
                try:
                    raw.driver_connection.backup(target)  # type: ignore[union-attr]
                    target.execute("PRAGMA journal_mode = DELETE")  # one self-contained file, no -wal beside it
                finally:
                    target.close()
            finally:
                raw.close()
        else:
            Path(temporary).write_text(json.dumps(dump(engine), ensure_ascii=False), encoding="utf-8")
        os.replace(temporary, path)
    except (OSError, sqlite3.Error) as exc:
        Path(temporary).unlink(missing_ok=True)
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else database_problem(exc)
        raise BackupError(f"Kunne ikkje skrive tryggingskopien {path}: {reason}") from None
    return path


def _encode(value: Any) -> Any:
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    if isinstance(value, bytes | memoryview):
        return base64.b64encode(bytes(value)).decode("ascii")
    return value


def dump(engine: Engine) -> dict[str, Any]:
    """Every table's rows as JSON-ready values."""
    tables: dict[str, list[dict[str, Any]]] = {}
    with engine.connect() as connection:
        for table in Base.metadata.sorted_tables:
            order = [c for c in table.primary_key.columns]
            rows = connection.execute(select(table).order_by(*order)).mappings()
            tables[table.name] = [{k: _encode(v) for k, v in row.items()} for row in rows]
    return {"format": FORMAT, "revision": db.current_revision(engine), "tables": tables}


def _decode(table_name: str, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    table = Base.metadata.tables[table_name]
    decoded = []
    for row in rows:
        out = {}
        for key, value in row.items():
            column = table.columns.get(key)
            if column is None:
                raise BackupError(f"Tryggingskopien har ein ukjend kolonne {table_name}.{key}.")
            if value is not None and isinstance(column.type, DateTime):
                value = dt.datetime.fromisoformat(value)
            elif value is not None and isinstance(column.type, Date):
                value = dt.date.fromisoformat(value)
            elif value is not None and isinstance(column.type, LargeBinary):
                value = base64.b64decode(value)
            out[key] = value
        decoded.append(out)
    return decoded


ENTRY_TABLES = ("users", "status_entries", "figures", "action_revisions", "meetings", "dataset_versions")
MIGRATION_USERS = ("plan-fil", "migrering")  # rows the migrations wrote: not entries anyone made


def entry_count(engine: Engine) -> int:
    """How many rows people (or imports) entered: accounts, statuses, figures, revisions, meetings, datasets —
    not the rows the migrations seeded from the plan files."""
    total = 0
    with engine.connect() as connection:
        for name in ENTRY_TABLES:
            table = Base.metadata.tables[name]
            query = select(func.count()).select_from(table)
            if "entered_by" in table.columns:
                query = query.where(table.c.entered_by.not_in(MIGRATION_USERS))
            total += int(connection.execute(query).scalar_one())
    return total


def safety_copy_path(engine: Engine, now: dt.datetime | None = None) -> Path:
    """Where `restore --force` keeps what it replaces: beside the SQLite file, else under var/backups/."""
    stamp = (now or dt.datetime.now()).strftime("%Y%m%d-%H%M%S")
    path = db.engine_file(engine)
    if path is not None:
        return path.with_name(f"{path.stem}.for-restore-{stamp}{path.suffix}")
    return db.DEFAULT_DATABASE.parent / "backups" / f"followup-for-restore-{stamp}.json"


def _read_sqlite_file(path: Path) -> dict[str, Any]:
    source = db.make_engine(f"sqlite:///{path}")
    try:
        return dump(source)
    finally:
        source.dispose()


def _head_revision(engine: Engine) -> str | None:
    from alembic.script import ScriptDirectory

    return ScriptDirectory.from_config(db.alembic_config(engine)).get_current_head()


def _at_head(engine: Engine, data: dict[str, Any]) -> dict[str, Any]:
    """The backup's rows migrated to the current schema (through a scratch SQLite file when older)."""
    if data.get("revision") == _head_revision(engine):
        return data
    with tempfile.TemporaryDirectory() as folder:
        scratch = db.make_engine(f"sqlite:///{Path(folder) / 'scratch.sqlite3'}")
        try:
            db.upgrade(scratch, data.get("revision") or "base")
            _replace(scratch, data["tables"])
            db.upgrade(scratch)
            return dump(scratch)
        finally:
            scratch.dispose()


def _replace(engine: Engine, tables: dict[str, list[dict[str, Any]]], note: str | None = None) -> dict[str, int]:
    counts: dict[str, int] = {}
    with Session(engine) as session:
        db.begin_write(session)
        for table in reversed(Base.metadata.sorted_tables):
            session.execute(table.delete())
        for table in Base.metadata.sorted_tables:
            rows = _decode(table.name, tables.get(table.name, []))
            if rows:
                session.execute(table.insert(), rows)
            counts[table.name] = len(rows)
        if engine.dialect.name == "postgresql":
            for table in Base.metadata.sorted_tables:
                if "id" in table.columns:
                    session.execute(text(
                        f"SELECT setval(pg_get_serial_sequence('{table.name}', 'id'), "
                        f"COALESCE((SELECT MAX(id) FROM {table.name}), 0) + 1, false)"
                    ))
        if note is not None:
            audit(session, "kommandolinja", "restore", note, "", json.dumps(counts))
        session.commit()
    return counts


class RestoreResult(dict[str, int]):
    """Rows per table restored; `safety_copy`: where the replaced content was saved first (None if empty)."""

    safety_copy: Path | None = None


def _read_backup(path: Path) -> dict[str, Any]:
    try:
        with path.open("rb") as handle:
            head = handle.read(len(SQLITE_HEADER))
    except OSError as exc:
        raise BackupError(f"Kunne ikkje lese tryggingskopien {path}: {exc.strerror or exc}") from None
    if head == SQLITE_HEADER:
        try:
            with tempfile.TemporaryDirectory() as folder:  # a copy: migrating must not touch the backup itself
                copy = Path(folder) / "copy.sqlite3"
                # read-only and immutable: no -wal or -shm file is made beside the backup
                uri = f"file:{urllib.parse.quote(str(path.resolve()))}?mode=ro&immutable=1"
                source, target = sqlite3.connect(uri, uri=True), sqlite3.connect(copy)
                try:
                    source.backup(target)
                finally:
                    source.close()
                    target.close()
                return _read_sqlite_file(copy)
        except (sqlite3.Error, SQLAlchemyError, OSError, KeyError):
            raise BackupError(
                f"{path} er ein skadd eller avkorta SQLite-fil og kan ikkje hentast tilbake. Databasen er ikkje endra."
            ) from None
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError):
        raise BackupError(
            f"{path} er verken ein SQLite-database eller ein heil JSON-tryggingskopi (avkorta?). "
            "Databasen er ikkje endra."
        ) from None
    except OSError as exc:
        raise BackupError(f"Kunne ikkje lese tryggingskopien {path}: {exc.strerror or exc}") from None
    if not isinstance(data, dict) or data.get("format") != FORMAT or not isinstance(data.get("tables"), dict):
        raise BackupError(f"{path} er ikkje ein tryggingskopi av oppfølgingsdatabasen.")
    return data


def restore(engine: Engine, path: str | Path, *, force: bool = False) -> RestoreResult:
    """Replace the database's content with the backup's (any revision up to this one); rows per table.

    The content is replaced inside the same database (the SQLite file keeps its inode), so running app
    processes go on reading and writing the restored data. A database with entries is refused unless `force`;
    then its content is first saved as a safety copy (`safety_copy_path`)."""
    path = Path(path)
    data = _read_backup(path)
    db.upgrade(engine, create=False)
    data = _at_head(engine, data)
    result = RestoreResult()
    entries = entry_count(engine)
    if entries:
        if not force:
            raise BackupError(
                f"Databasen har {entries} oppføringar (brukarar, statusar, tal, møte …), og tilbakehentinga ville "
                "erstatte dei. Ta ein tryggingskopi først, eller køyr med --force (då blir det som står der no, "
                "lagra ved sida av først)."
            )
        result.safety_copy = backup(engine, safety_copy_path(engine))
    result.update(_replace(engine, data["tables"], note=path.name))
    return result
