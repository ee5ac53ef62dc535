"""Engine, sessions and migrations of the follow-up database.

Default: an SQLite file under var/ in the project (gitignored); DATABASE_URL (e.g.
``postgresql+psycopg://user@host/db``) points the app at PostgreSQL. SQLite runs in WAL mode with foreign keys on
and full fsync, so a committed entry survives a crash of the writing process.

Nothing is said to be saved that is not stored:

* The SQLite file is opened read-write, never created: a missing file is an error, not a fresh empty database.
  Only `upgrade` (``python -m indicators db upgrade``) creates it.
* Every connection remembers which file (device, inode) it opened. A file deleted or replaced under the path
  (a restore by copying, an operator's mistake) is noticed when a connection is taken from the pool and before
  every write: the stale connection is dropped and a new one opens the file now under the path (or fails).
* `FollowupSession.commit` confirms a write only when it is committed to the file under the path and the new
  rows can be read back through a fresh connection; otherwise `SaveNotConfirmedError`.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import os
import sqlite3
import urllib.parse
import weakref
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event, exc, select
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session, object_mapper

from indicators import settings
from indicators.followup.errors import (
    DatabaseBusyError,
    DatabaseMissingError,
    SaveNotConfirmedError,
    database_problem,
)
from indicators.i18n import Message, labels

DEFAULT_DATABASE = settings.PROJECT_ROOT / "var" / "followup.sqlite3"
MIGRATIONS = Path(__file__).resolve().parent / "migrations"
# The database's own refusals: worded in the language active where they are shown (i18n.Message).
PROBLEMS = labels("followup.db.PROBLEMS", {
    "url_file": "DATABASE_URL_FILE peikar på {file}, men fila kan ikkje lesast eller er tom.",
    "missing": "Oppfølgingsdatabasen finst ikkje ({name}). Ingenting er lagra. Køyr `python -m indicators db "
               "upgrade` for å opprette han, eller hent tilbake ein tryggingskopi.",
    "replaced": "Databasefila vart bytt ut medan du skreiv, så endringa er ikkje lagra. Last sida på nytt og prøv "
                "igjen.",
    "not_read_back": "Endringa kunne ikkje lesast att frå databasen etter lagringa, så ho er ikkje stadfesta. Last "
                     "sida på nytt og sjå etter; prøv igjen om ho manglar.",
})
SQLITE_BUSY_TIMEOUT_MS = 10_000  # a page waits this long for another writer before it says the save failed
CLI_BUSY_TIMEOUT_MS = 30_000  # the command line (scheduled jobs) waits longer
POSTGRES_CONNECT_TIMEOUT_S = 5
_IMMEDIATE = "followup_sqlite_immediate"
_FILE_ID = "followup_file_id"
_busy_ms: weakref.WeakKeyDictionary[Engine, int] = weakref.WeakKeyDictionary()  # per engine
_READ_BACK_LIMIT = 50  # rows read back after a commit (a restore inserts thousands: the first ones tell)


def utcnow() -> dt.datetime:
    """Now in UTC, naive (the database stores UTC without a zone, the same on SQLite and PostgreSQL)."""
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


def database_url() -> str:
    """DATABASE_URL, else the first line of the file DATABASE_URL_FILE names (a compose secret under
    /run/secrets/, so the password is in no environment listing), else the default SQLite file."""
    url = settings.env(settings.DATABASE_URL)
    if url:
        return url
    secret_file = settings.env(f"{settings.DATABASE_URL}_FILE")
    if secret_file:
        try:
            url = Path(secret_file).read_text(encoding="utf-8").strip().splitlines()[0].strip()
        except (OSError, IndexError):
            raise DatabaseMissingError(PROBLEMS.message("url_file", file=secret_file)) from None
        return url
    return f"sqlite:///{DEFAULT_DATABASE}"


def is_sqlite(engine: Engine) -> bool:
    return engine.dialect.name == "sqlite"


def sqlite_file(url: Any) -> Path | None:
    """The file of an SQLite URL (str or URL), None for memory databases and other backends."""
    parsed = make_url(url) if isinstance(url, str) else url
    if parsed.get_backend_name() != "sqlite" or not parsed.database or parsed.database == ":memory:":
        return None
    if parsed.database.startswith("file:"):
        return None  # a URI of the caller's own: left as it is
    return Path(parsed.database)


def engine_file(engine: Engine) -> Path | None:
    return sqlite_file(engine.url) if is_sqlite(engine) else None


def _file_id(path: Path) -> tuple[int, int] | None:
    try:
        status = os.stat(path)
    except OSError:
        return None
    return (status.st_dev, status.st_ino)


def _sqlite_pragmas(busy_timeout_ms: int) -> Any:
    def pragmas(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None  # transactions are begun by _sqlite_begin, not by the driver
        cursor = dbapi_connection.cursor()
        cursor.execute(f"PRAGMA busy_timeout = {int(busy_timeout_ms)}")
        cursor.execute("PRAGMA journal_mode = WAL")
        cursor.execute("PRAGMA synchronous = FULL")
        cursor.execute("PRAGMA foreign_keys = ON")
        cursor.close()
    return pragmas


def _restore_busy_timeout(busy_timeout_ms: int) -> Any:
    """Pool checkin: the engine's wait for other writers again, whatever `short_wait` set."""
    def on_checkin(dbapi_connection: Any, _record: Any) -> None:
        if dbapi_connection is not None:
            with contextlib.suppress(sqlite3.Error):  # a broken connection: the pool drops it
                dbapi_connection.execute(f"PRAGMA busy_timeout = {int(busy_timeout_ms)}")
    return on_checkin


def _sqlite_begin(connection: Any) -> None:
    """BEGIN IMMEDIATE for writes (see `begin_write`): a writer takes the lock before it reads the latest entry,
    so a concurrent commit cannot invalidate what it read (SQLite's snapshot error); reads stay deferred."""
    immediate = connection.get_execution_options().get(_IMMEDIATE, False)
    connection.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")


def _open_existing(path: Path) -> Any:
    """A connection to the SQLite file at `path`, which must exist (mode=rw: never a fresh empty database)."""
    def connect() -> sqlite3.Connection:
        uri = f"file:{urllib.parse.quote(str(path.resolve()))}?mode=rw"
        try:
            return sqlite3.connect(uri, uri=True, check_same_thread=False)
        except sqlite3.OperationalError:
            if not path.exists():
                raise DatabaseMissingError(missing_message(path)) from None
            raise
    return connect


def missing_message(path: Path) -> Message:
    return PROBLEMS.message("missing", name=path.name)


def _remember_file(path: Path) -> Any:
    def on_connect(_dbapi_connection: Any, record: Any) -> None:
        record.info[_FILE_ID] = _file_id(path)
    return on_connect


def _refuse_replaced_file(path: Path) -> Any:
    """Pool checkout: a connection to a file that is no longer the one under the path is dropped (the pool then
    opens the file that is there now, or fails when there is none)."""
    def on_checkout(_dbapi_connection: Any, record: Any, _proxy: Any) -> None:
        if record.info.get(_FILE_ID) != _file_id(path):
            raise exc.DisconnectionError("the database file under the path was replaced or removed")
    return on_checkout


def make_engine(url: str | None = None, *, busy_timeout_ms: int | None = None) -> Engine:
    """A new engine for `url` (default: `database_url()`). An SQLite file must exist (see `upgrade`).
    `busy_timeout_ms`: how long an SQLite write waits for another writer (default SQLITE_BUSY_TIMEOUT_MS)."""
    url = url or database_url()
    busy_timeout_ms = SQLITE_BUSY_TIMEOUT_MS if busy_timeout_ms is None else busy_timeout_ms
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        path = sqlite_file(parsed)
        if path is not None:
            engine = create_engine(url, creator=_open_existing(path))
            event.listen(engine, "connect", _remember_file(path))
            event.listen(engine.pool, "checkout", _refuse_replaced_file(path))
        else:
            engine = create_engine(url)
        event.listen(engine, "connect", _sqlite_pragmas(busy_timeout_ms))
        event.listen(engine, "checkin", _restore_busy_timeout(busy_timeout_ms))
        event.listen(engine, "begin", _sqlite_begin)
        _busy_ms[engine] = busy_timeout_ms
        return engine
    # A server that does not answer must not hold a page for as long as TCP takes to give up; a connection the
    # server dropped (a restart) is noticed before use.
    connect_args = {"connect_timeout": POSTGRES_CONNECT_TIMEOUT_S} if parsed.get_backend_name() == "postgresql" else {}
    return create_engine(url, pool_pre_ping=True, connect_args=connect_args)


@functools.lru_cache(maxsize=4)
def _cached_engine(url: str) -> Engine:
    return make_engine(url)


def get_engine(url: str | None = None) -> Engine:
    """The process's engine for `url` (default: the configured database). Only the connection pool is kept in
    memory; every value lives in the database."""
    return _cached_engine(url or database_url())


def _connection_is_current(connection: Any, engine: Engine) -> bool:
    path = engine_file(engine)
    return path is None or connection.info.get(_FILE_ID) == _file_id(path)


def begin_write(session: Session) -> None:
    """Start the session's write transaction (ends an open read transaction first). Service writes call this
    before reading what they check, so the check and the insert see the same state. A connection to a file that
    was replaced since it was opened is dropped first: the write goes to the file under the path. Another writer
    holding the database past the busy timeout, or a server that does not answer: DatabaseBusyError."""
    try:
        if session.in_transaction():
            session.commit()
        connection = session.connection(execution_options={_IMMEDIATE: True})
        engine = connection.engine
        if not _connection_is_current(connection, engine):
            connection.invalidate()
            session.rollback()
            connection = session.connection(execution_options={_IMMEDIATE: True})
            if not _connection_is_current(connection, engine):
                raise SaveNotConfirmedError(replaced_message())
    except exc.OperationalError as error:
        session.rollback()
        raise DatabaseBusyError(database_problem(error, busy_seconds(session))) from None


def busy_seconds(session: Session) -> float | None:
    """How long this session's SQLite connections wait for another writer (None on other backends)."""
    bind = session.get_bind()
    return _busy_ms.get(bind, SQLITE_BUSY_TIMEOUT_MS) / 1000 if isinstance(bind, Engine) and is_sqlite(bind) \
        else None


@contextmanager
def short_wait(session: Session, milliseconds: int = 200) -> Iterator[None]:
    """Within the block, an SQLite write waits at most `milliseconds` for another writer (for bookkeeping that
    may be skipped, such as a sign-in session's last-seen time)."""
    bind = session.get_bind()
    if not (isinstance(bind, Engine) and is_sqlite(bind)):
        yield
        return
    connection = session.connection()
    connection.exec_driver_sql(f"PRAGMA busy_timeout = {int(milliseconds)}")
    try:
        yield
    finally:
        if not connection.closed and not connection.invalidated:
            connection.exec_driver_sql(f"PRAGMA busy_timeout = {int(_busy_ms.get(bind, SQLITE_BUSY_TIMEOUT_MS))}")


def replaced_message() -> Message:
    return PROBLEMS.message("replaced")


class FollowupSession(Session):
    """A session whose commit is confirmed: on SQLite the file under the path must still be the one written to,
    and the rows the commit added must be readable again through a fresh connection."""

    def commit(self) -> None:
        checked = None
        if self.in_transaction():
            connection = self.connection()
            if not _connection_is_current(connection, connection.engine):
                connection.invalidate()
                self.rollback()
                raise SaveNotConfirmedError(replaced_message())
            checked = connection.engine
        try:
            super().commit()  # flushes first (before_commit hooks see the pending rows)
        except exc.OperationalError as error:  # disk full, the file gone read-only, the server gone
            self.rollback()
            raise DatabaseBusyError(database_problem(error, busy_seconds(self))) from None
        added = self.info.pop("followup_added", [])
        if checked is not None and added:
            _read_back(checked, added[:_READ_BACK_LIMIT])

    def rollback(self) -> None:
        self.info.pop("followup_added", None)
        super().rollback()


def _read_back(engine: Engine, added: list[tuple[Any, tuple[Any, ...]]]) -> None:
    with engine.connect() as connection:
        for table, key in added:
            columns = list(table.primary_key.columns)
            condition = [column == value for column, value in zip(columns, key, strict=True)]
            if connection.execute(select(columns[0]).where(*condition)).first() is None:
                raise SaveNotConfirmedError(PROBLEMS.message("not_read_back"))


@event.listens_for(FollowupSession, "after_flush")
def _note_added(session: Session, _context: Any) -> None:
    added = session.info.setdefault("followup_added", [])
    for instance in session.new:
        mapper = object_mapper(instance)
        key = tuple(mapper.primary_key_from_instance(instance))
        if all(value is not None for value in key):
            added.append((mapper.local_table, key))


@contextmanager
def session_scope(engine: Engine | None = None) -> Iterator[Session]:
    """A session that rolls back on an exception and is closed afterwards (service writes commit themselves)."""
    session = FollowupSession(engine or get_engine(), expire_on_commit=False)
    try:
        yield session
    except BaseException:
        session.rollback()
        raise
    finally:
        session.close()


def alembic_config(engine: Engine) -> Any:
    """Alembic's configuration, made in code: no alembic.ini needed, works from any working directory."""
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.set_main_option("sqlalchemy.url", engine.url.render_as_string(hide_password=False).replace("%", "%%"))
    config.attributes["engine"] = engine
    return config


def create_sqlite_file(engine: Engine) -> bool:
    """Create the engine's SQLite file (and its folder) when missing; True when it was created."""
    path = engine_file(engine)
    if path is None or path.exists():
        return False
    path.parent.mkdir(parents=True, exist_ok=True)
    sqlite3.connect(path).close()
    return True


def upgrade(engine: Engine | None = None, revision: str = "head", *, create: bool = True) -> None:
    """Apply every migration not yet applied (idempotent; `make run` calls this before starting the app).
    `create`: make a missing SQLite file (only `db upgrade` and the tests do; the app and the other commands
    pass False, so a missing file stays an error)."""
    from alembic import command

    engine = engine or get_engine()
    if create:
        create_sqlite_file(engine)
    command.upgrade(alembic_config(engine), revision)


def current_revision(engine: Engine | None = None) -> str | None:
    from alembic.migration import MigrationContext

    with (engine or get_engine()).connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()
