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
from pathlib import Path
from typing import Any

from sqlalchemy import Date, DateTime, Engine, LargeBinary, select, text
from sqlalchemy.orm import Session

from indicators.followup import db
from indicators.followup.accounts import audit
from indicators.followup.errors import BackupError
from indicators.followup.models import Base

FORMAT = "followup-backup"
SQLITE_HEADER = b"SQLite format 3\x00"


def backup(engine: Engine, path: str | Path) -> Path:
    """Write a backup to `path` (SQLite file from SQLite unless the name ends in .json; JSON from PostgreSQL)."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=path.name, suffix=".tmp")
    os.close(handle)
    try:
        if db.is_sqlite(engine) and path.suffix.lower() != ".json":
            Path(temporary).unlink()
            raw = engine.raw_connection()
            try:
                target = sqlite3.connect(temporary)
                try:
                    raw.driver_connection.backup(target)  # type: ignore[union-attr]
                finally:
                    target.close()
            finally:
                raw.close()
        else:
            Path(temporary).write_text(json.dumps(dump(engine), ensure_ascii=False), encoding="utf-8")
        os.replace(temporary, path)
    except (OSError, sqlite3.Error) as exc:
        Path(temporary).unlink(missing_ok=True)
        raise BackupError(f"Kunne ikkje skrive tryggingskopien {path}: {exc}") from None
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


def restore(engine: Engine, path: str | Path) -> dict[str, int]:
    """Replace the database's content with the backup's (any revision up to this one); rows per table."""
    path = Path(path)
    try:
        with path.open("rb") as handle:
            head = handle.read(len(SQLITE_HEADER))
    except OSError as exc:
        raise BackupError(f"Kunne ikkje lese tryggingskopien {path}: {exc.strerror or exc}") from None
    if head == SQLITE_HEADER:
        with tempfile.TemporaryDirectory() as folder:  # a copy: migrating must not touch the backup itself
            copy = Path(folder) / "copy.sqlite3"
            source, target = sqlite3.connect(path), sqlite3.connect(copy)
            try:
                source.backup(target)
            finally:
                source.close()
                target.close()
            data = _read_sqlite_file(copy)
    else:
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (UnicodeDecodeError, json.JSONDecodeError):
            raise BackupError(f"{path} er verken ein SQLite-database eller ein JSON-tryggingskopi.") from None
        if not isinstance(data, dict) or data.get("format") != FORMAT:
            raise BackupError(f"{path} er ikkje ein tryggingskopi av oppfølgingsdatabasen.")
    db.upgrade(engine)
    data = _at_head(engine, data)
    return _replace(engine, data["tables"], note=path.name)
