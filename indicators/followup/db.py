"""Engine, sessions and migrations of the follow-up database.

Default: an SQLite file under var/ in the project (gitignored), so a fresh checkout works with nothing to set up;
DATABASE_URL (e.g. ``postgresql+psycopg://user@host/db``) points the app at PostgreSQL. SQLite runs in WAL mode
with foreign keys on and full fsync, so a committed entry survives a crash of the writing process.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session

from indicators import settings

DEFAULT_DATABASE = settings.PROJECT_ROOT / "var" / "followup.sqlite3"
MIGRATIONS = Path(__file__).resolve().parent / "migrations"
SQLITE_BUSY_TIMEOUT_MS = 10_000
_IMMEDIATE = "followup_sqlite_immediate"


def utcnow() -> dt.datetime:
    """Now in UTC, naive (the database stores UTC without a zone, the same on SQLite and PostgreSQL)."""
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


def database_url() -> str:
    """DATABASE_URL, else the default SQLite file."""
    return settings.env(settings.DATABASE_URL) or f"sqlite:///{DEFAULT_DATABASE}"


def is_sqlite(engine: Engine) -> bool:
    return engine.dialect.name == "sqlite"


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    dbapi_connection.isolation_level = None  # transactions are begun by _sqlite_begin, not by the driver
    cursor = dbapi_connection.cursor()
    cursor.execute(f"PRAGMA busy_timeout = {SQLITE_BUSY_TIMEOUT_MS}")
    cursor.execute("PRAGMA journal_mode = WAL")
    cursor.execute("PRAGMA synchronous = FULL")
    cursor.execute("PRAGMA foreign_keys = ON")
    cursor.close()


def _sqlite_begin(connection: Any) -> None:
    """BEGIN IMMEDIATE for writes (see `begin_write`): a writer takes the lock before it reads the latest entry,
    so a concurrent commit cannot invalidate what it read (SQLite's snapshot error); reads stay deferred."""
    immediate = connection.get_execution_options().get(_IMMEDIATE, False)
    connection.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")


def begin_write(session: Session) -> None:
    """Start the session's write transaction (ends an open read transaction first). Service writes call this
    before reading what they check, so the check and the insert see the same state."""
    if session.in_transaction():
        session.commit()
    session.connection(execution_options={_IMMEDIATE: True})


def make_engine(url: str | None = None) -> Engine:
    """A new engine for `url` (default: `database_url()`); creates the SQLite file's folder."""
    url = url or database_url()
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        if parsed.database and parsed.database != ":memory:":
            Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url)
        event.listen(engine, "connect", _sqlite_pragmas)
        event.listen(engine, "begin", _sqlite_begin)
        return engine
    # A server that does not answer must not hold a page for as long as TCP takes to give up.
    connect_args = {"connect_timeout": 5} if parsed.get_backend_name() == "postgresql" else {}
    return create_engine(url, pool_pre_ping=True, connect_args=connect_args)


@functools.lru_cache(maxsize=4)
def _cached_engine(url: str) -> Engine:
    return make_engine(url)


def get_engine(url: str | None = None) -> Engine:
    """The process's engine for `url` (default: the configured database). Only the connection pool is kept in
    memory; every value lives in the database."""
    return _cached_engine(url or database_url())


@contextmanager
def session_scope(engine: Engine | None = None) -> Iterator[Session]:
    """A session that rolls back on an exception and is closed afterwards (service writes commit themselves)."""
    session = Session(engine or get_engine(), expire_on_commit=False)
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


def upgrade(engine: Engine | None = None, revision: str = "head") -> None:
    """Apply every migration not yet applied (idempotent; `make run` calls this before starting the app)."""
    from alembic import command

    engine = engine or get_engine()
    command.upgrade(alembic_config(engine), revision)


def current_revision(engine: Engine | None = None) -> str | None:
    from alembic.migration import MigrationContext

    with (engine or get_engine()).connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()
