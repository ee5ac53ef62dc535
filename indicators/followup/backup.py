"""Backup and restore of the follow-up database.

SQLite: a consistent copy through SQLite's online backup API (the app may keep running). PostgreSQL: `pg_dump`'s
custom format where the client tools are installed (found on PATH, else in /usr/lib/postgresql/*/bin), otherwise
— or when pg_dump fails — a JSON dump of every table; `write_backup` says which was used. A path ending in .json
always gets the JSON dump (it moves between SQLite and PostgreSQL).

`restore` tells the kind by the file's first bytes. A SQLite or JSON backup goes into either database (any
revision up to this one; newer migrations are applied). A pg_dump file goes into PostgreSQL through `pg_restore`
in one transaction (all or nothing), and only from this schema revision: an older one is refused with a message
(restore it with the version of the app that wrote it, or use a JSON backup).
"""

from __future__ import annotations

import base64
import datetime as dt
import json
import os
import re
import shutil
import sqlite3
import subprocess
import tempfile
import urllib.parse
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import Date, DateTime, Engine, LargeBinary, func, select, text
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from indicators.followup import db
from indicators.followup.accounts import audit
from indicators.followup.errors import BackupError, database_problem
from indicators.followup.models import Base
from indicators.i18n import Message, labels

FORMAT = "followup-backup"
SQLITE_HEADER = b"SQLite format 3\x00"
PG_DUMP_HEADER = b"PGDMP"  # the first bytes of pg_dump's custom format
PG_TOOL_FOLDERS = "/usr/lib/postgresql/*/bin"  # Debian's versioned client tools (besides the wrappers on PATH)
PG_TOOL_TIMEOUT = 3600  # seconds: a dump or restore that takes longer is stopped


@dataclass(frozen=True)
class BackupWritten:
    """What `write_backup` wrote: `method` is sqlite (online backup), pg_dump (custom format) or json;
    `pg_dump_problem` says why a PostgreSQL backup is JSON ('' when pg_dump was used or not tried)."""

    path: Path
    method: str
    pg_dump_problem: Message | str = ""


def pg_tool(name: str) -> str | None:
    """The PostgreSQL client tool `name` (pg_dump, pg_restore): on PATH, else the newest Debian versioned one."""
    found = shutil.which(name)
    if found:
        return found
    folders = sorted(Path("/").glob(PG_TOOL_FOLDERS.lstrip("/")), key=lambda p: _version_key(p.parent.name))
    for folder in reversed(folders):
        if (folder / name).is_file() and os.access(folder / name, os.X_OK):
            return str(folder / name)
    return None


def _version_key(text: str) -> tuple[int, ...]:
    return tuple(int(part) for part in re.findall(r"\d+", text)) or (0,)


def _pg_environment(engine: Engine) -> dict[str, str]:
    """The connection for the client tools as libpq environment variables (the password never on a command line)."""
    url = engine.url
    values = {"PGHOST": url.host, "PGPORT": str(url.port) if url.port else None, "PGUSER": url.username,
              "PGPASSWORD": url.password, "PGDATABASE": url.database,
              "PGSSLMODE": str(url.query.get("sslmode")) if url.query.get("sslmode") else None}
    return {**os.environ, **{k: str(v) for k, v in values.items() if v}}


def _run_pg_tool(arguments: list[str], engine: Engine) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(arguments, env=_pg_environment(engine), capture_output=True, timeout=PG_TOOL_TIMEOUT,
                          check=False)


def _tool_message(result: subprocess.CompletedProcess[bytes]) -> str:
    """The tool's last line of complaint, without its «pg_dump: error:» prefix."""
    lines = [line.strip() for line in result.stderr.decode("utf-8", "replace").splitlines() if line.strip()]
    last = lines[-1] if lines else f"avslutta med kode {result.returncode}"
    return re.sub(r"^pg_\w+: (error|fatal|feil): ", "", last, flags=re.IGNORECASE)[:300]


# Why a backup or a restore was refused or failed: worded in the language active where it is shown (i18n.Message).
REFUSALS = labels("followup.backup.REFUSALS", {
    "no_pg_dump": "fann ikkje pg_dump (PostgreSQL-klientverktøya er ikkje installerte)",
    "pg_dump_not_run": "pg_dump kunne ikkje køyrast ({error})",
    "pg_dump_failed": "pg_dump feila: {error}",
    "is_folder": "{path} er ei mappe; gi eit filnamn for tryggingskopien.",
    "cannot_write_to": "Kan ikkje skrive tryggingskopien til {path}: {reason}.",
    "not_written": "Kunne ikkje skrive tryggingskopien {path}: {reason}",
    "unknown_column": "Tryggingskopien har ein ukjend kolonne {column}.",
    "not_read": "Kunne ikkje lese tryggingskopien {path}: {reason}",
    "damaged_sqlite": "{path} er ein skadd eller avkorta SQLite-fil og kan ikkje hentast tilbake. Databasen er ikkje "
                      "endra.",
    "neither": "{path} er verken ein SQLite-database eller ein heil JSON-tryggingskopi (avkorta?). Databasen er ikkje "
               "endra.",
    "not_a_backup": "{path} er ikkje ein tryggingskopi av oppfølgingsdatabasen.",
    "has_entries": "Databasen har {entries} oppføringar (brukarar, statusar, tal, møte …), og tilbakehentinga ville "
                   "erstatte dei. Ta ein tryggingskopi først, eller køyr med --force (då blir det som står der no, "
                   "lagra ved sida av først).",
    "damaged_pg_dump": "{path} er ein skadd eller avkorta pg_dump-fil og kan ikkje hentast tilbake. Databasen er "
                       "ikkje endra.",
    "pg_dump_elsewhere": "{path} er ein pg_dump-kopi av ein PostgreSQL-database og kan berre hentast tilbake i "
                         "PostgreSQL. Ta ein JSON-kopi (`db backup FIL.json`) for å flytte mellom databasar.",
    "no_pg_restore": "{path} er ein pg_dump-kopi, men pg_restore finst ikkje her (PostgreSQL-klientverktøya, "
                     "Debian-pakken postgresql-client). Databasen er ikkje endra.",
    "unknown_revision": "ukjend",
    "other_revision": "{path} er skriven ved databaseversjon {revision}, denne databasen er på {head}. Ein "
                      "pg_dump-kopi kan berre hentast tilbake ved same versjon: bruk versjonen av appen som skreiv "
                      "han, eller ein JSON-kopi. Databasen er ikkje endra.",
    "pg_restore_not_run": "pg_restore kunne ikkje køyrast ({error}). Databasen er ikkje endra.",
    "pg_restore_failed": "pg_restore kunne ikkje hente tilbake {path} ({error}). Databasen er ikkje endra (alt eller "
                         "ingenting).",
})


def _pg_dump(engine: Engine, temporary: str) -> Message | str:
    """Write pg_dump's custom format to `temporary`; '' when done, else why not (the caller writes JSON)."""
    tool = pg_tool("pg_dump")
    if tool is None:
        return REFUSALS.message("no_pg_dump")
    try:
        result = _run_pg_tool([tool, "--format=custom", "--no-owner", "--no-privileges", f"--file={temporary}"],
                              engine)
    except (OSError, subprocess.TimeoutExpired) as exc:
        return REFUSALS.message("pg_dump_not_run", error=exc)
    if result.returncode != 0:
        return REFUSALS.message("pg_dump_failed", error=_tool_message(result))
    return ""


def backup(engine: Engine, path: str | Path) -> Path:
    """Write a backup to `path` (see `write_backup`)."""
    return write_backup(engine, path).path


def write_backup(engine: Engine, path: str | Path) -> BackupWritten:
    """Write a backup to `path`: SQLite's online backup from SQLite, pg_dump's custom format from PostgreSQL
    (JSON when pg_dump is missing or fails), JSON when the name ends in .json. Says which it wrote."""
    path = Path(path)
    if path.is_dir():
        raise BackupError(REFUSALS.message("is_folder", path=path))
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=path.name, suffix=".tmp")
        os.close(handle)
    except OSError as exc:
        raise BackupError(REFUSALS.message("cannot_write_to", path=path, reason=exc.strerror or exc)) from None
    method = "json"
    problem: Message | str = ""
    try:
        if db.is_sqlite(engine) and path.suffix.lower() != ".json":
            method = "sqlite"
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
            if engine.dialect.name == "postgresql" and path.suffix.lower() != ".json":
                problem = _pg_dump(engine, temporary)
                method = "json" if problem else "pg_dump"
            if method == "json":
                Path(temporary).write_text(json.dumps(dump(engine), ensure_ascii=False), encoding="utf-8")
        os.replace(temporary, path)
    except (OSError, sqlite3.Error) as exc:
        Path(temporary).unlink(missing_ok=True)
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else database_problem(exc)
        raise BackupError(REFUSALS.message("not_written", path=path, reason=reason)) from None
    return BackupWritten(path, method, problem)


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
                raise BackupError(REFUSALS.message("unknown_column", column=f"{table_name}.{key}"))
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


def _head(path: Path) -> bytes:
    try:
        with path.open("rb") as handle:
            return handle.read(len(SQLITE_HEADER))
    except OSError as exc:
        raise BackupError(REFUSALS.message("not_read", path=path, reason=exc.strerror or exc)) from None


def _read_backup(path: Path) -> dict[str, Any]:
    head = _head(path)
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
            raise BackupError(REFUSALS.message("damaged_sqlite", path=path)) from None
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError):
        raise BackupError(REFUSALS.message("neither", path=path)) from None
    except OSError as exc:
        raise BackupError(REFUSALS.message("not_read", path=path, reason=exc.strerror or exc)) from None
    if not isinstance(data, dict) or data.get("format") != FORMAT or not isinstance(data.get("tables"), dict):
        raise BackupError(REFUSALS.message("not_a_backup", path=path))
    return data


def restore(engine: Engine, path: str | Path, *, force: bool = False) -> RestoreResult:
    """Replace the database's content with the backup's (any revision up to this one); rows per table.

    The content is replaced inside the same database (the SQLite file keeps its inode), so running app
    processes go on reading and writing the restored data. A database with entries is refused unless `force`;
    then its content is first saved as a safety copy (`safety_copy_path`)."""
    path = Path(path)
    if _head(path).startswith(PG_DUMP_HEADER):
        return _restore_pg_dump(engine, path, force=force)
    data = _read_backup(path)
    db.upgrade(engine, create=False)
    data = _at_head(engine, data)
    result = RestoreResult()
    _refuse_over_entries(engine, force, result)
    result.update(_replace(engine, data["tables"], note=path.name))
    return result


def _refuse_over_entries(engine: Engine, force: bool, result: RestoreResult) -> None:
    entries = entry_count(engine)
    if entries:
        if not force:
            raise BackupError(REFUSALS.message("has_entries", entries=entries))
        result.safety_copy = backup(engine, safety_copy_path(engine))


def _dump_revision(tool: str, engine: Engine, path: Path) -> str | None:
    """The schema revision a pg_dump file was written at (its alembic_version row); a damaged file: BackupError."""
    damaged = BackupError(REFUSALS.message("damaged_pg_dump", path=path))
    try:
        result = _run_pg_tool([tool, "--data-only", "--table=alembic_version", "--file=-", str(path)], engine)
    except (OSError, subprocess.TimeoutExpired):
        raise damaged from None
    if result.returncode != 0:
        raise damaged
    lines = result.stdout.decode("utf-8", "replace").splitlines()
    starts = [i for i, line in enumerate(lines) if line.startswith("COPY ") and "alembic_version" in line]
    if not starts or starts[0] + 1 >= len(lines) or lines[starts[0] + 1] == "\\.":
        return None
    return lines[starts[0] + 1].strip()


def _restore_pg_dump(engine: Engine, path: Path, *, force: bool) -> RestoreResult:
    """A pg_dump file into PostgreSQL through pg_restore, in one transaction (a failure changes nothing)."""
    if engine.dialect.name != "postgresql":
        raise BackupError(REFUSALS.message("pg_dump_elsewhere", path=path))
    tool = pg_tool("pg_restore")
    if tool is None:
        raise BackupError(REFUSALS.message("no_pg_restore", path=path))
    revision = _dump_revision(tool, engine, path)
    db.upgrade(engine, create=False)
    head = _head_revision(engine)
    if revision != head:
        raise BackupError(REFUSALS.message("other_revision", path=path, head=head,
                                           revision=revision or REFUSALS.message("unknown_revision")))
    result = RestoreResult()
    _refuse_over_entries(engine, force, result)
    try:
        done = _run_pg_tool([tool, "--clean", "--if-exists", "--single-transaction", "--exit-on-error",
                             "--no-owner", "--no-privileges", f"--dbname={engine.url.database}", str(path)], engine)
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise BackupError(REFUSALS.message("pg_restore_not_run", error=exc)) from None
    if done.returncode != 0:
        raise BackupError(REFUSALS.message("pg_restore_failed", path=path, error=_tool_message(done)))
    engine.dispose()  # pooled connections from before the restore point at the dropped tables' plans
    with Session(engine) as session:
        db.begin_write(session)
        for table in Base.metadata.sorted_tables:
            result[table.name] = int(session.scalar(select(func.count()).select_from(table)) or 0)
        audit(session, "kommandolinja", "restore", path.name, "", json.dumps(dict(result)))
        session.commit()
    return result
