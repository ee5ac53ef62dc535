"""Fixtures of the follow-up database tests: a fresh, migrated database per test — SQLite always, PostgreSQL
as well when DATABASE_URL names one (scripts/with_postgres.sh sets it) — and users of each role.

Use: `from followup_fixtures import *  # noqa: F403` in a test module.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine, MetaData, Table, create_engine, make_url, text
from sqlalchemy.exc import DBAPIError

from indicators.followup import accounts, db
from indicators.goals import load_plan
from indicators.plan_actions import with_programme
from indicators.regions import active_region

PASSWORD = "rett-hest-batteri-stift"
_POSTGRES_URL = os.environ.get("DATABASE_URL", "")
BACKENDS = ["sqlite"] + (["postgresql"] if _POSTGRES_URL.startswith("postgresql") else [])

__all__ = [
    "PASSWORD", "BACKENDS", "engine", "session", "editor", "admin", "database_env", "qualitative_goal",
    "indicator_goal", "url_of", "TODAY", "_migrated_sqlite_file", "active_plan",
]
TODAY = dt.date.today()


def url_of(engine: Engine) -> str:
    return engine.url.render_as_string(hide_password=False)


def _reset_postgres(url: str) -> Engine:
    engine = db.make_engine(url)
    with engine.begin() as connection:
        connection.execute(text("DROP SCHEMA public CASCADE"))
        connection.execute(text("CREATE SCHEMA public"))
    return engine


_postgres_templates: dict[str, str] = {}  # region id → a database migrated for it, copied for a test that needs it


@dataclass(frozen=True)
class _Migrated:
    """What a database fresh from the template holds: its schema (as `_SCHEMA` reads it), the rows the migrations
    wrote (table by table, parents first) and where its sequences stood."""

    region: str
    schema: str
    rows: tuple[tuple[Table, tuple[dict[str, Any], ...]], ...]
    sequences: tuple[tuple[str, int | None], ...]


# The schema of `public`, as text to compare: columns (type, null, default), constraints, indexes, sequences.
_SCHEMA = text("""
SELECT concat_ws(' | ',
  (SELECT string_agg(concat_ws(' ', c.relname, a.attname, format_type(a.atttypid, a.atttypmod), a.attnotnull,
                               pg_get_expr(d.adbin, d.adrelid)), ',' ORDER BY c.relname, a.attnum)
     FROM pg_class c JOIN pg_attribute a ON a.attrelid = c.oid
     LEFT JOIN pg_attrdef d ON d.adrelid = c.oid AND d.adnum = a.attnum
    WHERE c.relnamespace = 'public'::regnamespace AND a.attnum > 0 AND NOT a.attisdropped),
  (SELECT string_agg(conrelid::regclass || ' ' || conname || ' ' || pg_get_constraintdef(oid), ',' ORDER BY conname)
     FROM pg_constraint WHERE connamespace = 'public'::regnamespace),
  (SELECT string_agg(indexdef, ',' ORDER BY indexname) FROM pg_indexes WHERE schemaname = 'public'),
  (SELECT string_agg(sequencename, ',' ORDER BY sequencename) FROM pg_sequences WHERE schemaname = 'public'),
  (SELECT string_agg(proname, ',' ORDER BY proname) FROM pg_proc WHERE pronamespace = 'public'::regnamespace))
""")
_migrated: list[_Migrated] = []  # what the test database was last made as (one database per session: the URL's)


def _read_migrated(engine: Engine, region: str) -> _Migrated:
    tables = MetaData()
    tables.reflect(engine)
    with engine.connect() as connection:
        schema = connection.execute(_SCHEMA).scalar_one()
        rows = tuple((table, tuple(dict(row._mapping) for row in connection.execute(table.select())))
                     for table in tables.sorted_tables)
        sequences = tuple((f"public.{name}", last) for name, last in connection.execute(
            text("SELECT sequencename, last_value FROM pg_sequences WHERE schemaname = 'public'")))
    return _Migrated(region, schema, tuple(r for r in rows if r[1]), sequences)


def _emptied(url: str, region: str) -> Engine | None:
    """The test database emptied in place — every table truncated, the migrations' rows and the sequences put back
    as the template has them — when it was last made for this region and its schema is still as migrated (a test
    may downgrade, restore or alter it: then None, and it is copied from the template anew). A TRUNCATE costs the
    server a fraction of what a new database does."""
    if not _migrated or _migrated[0].region != region:
        return None
    migrated = _migrated[0]
    engine = db.make_engine(url)
    try:
        with engine.begin() as connection:
            connection.execute(text("SET LOCAL lock_timeout = '5s'"))  # a connection a test left open: copy anew
            if connection.execute(_SCHEMA).scalar_one() != migrated.schema:
                engine.dispose()
                return None
            names = connection.execute(text("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")).scalars()
            every = ", ".join(f'public."{name}"' for name in names)
            connection.execute(text(f"TRUNCATE {every} RESTART IDENTITY"))
            for table, rows in migrated.rows:
                connection.execute(table.insert(), list(rows))
            for sequence, last in migrated.sequences:
                connection.execute(text("SELECT setval(:s, :v, :called)"),
                                   {"s": sequence, "v": last or 1, "called": last is not None})
    except DBAPIError:
        engine.dispose()
        return None
    return engine


def _postgres_admin(url: str) -> Engine:
    return create_engine(make_url(url).set(database="postgres"), isolation_level="AUTOCOMMIT")


def _fresh_postgres(url: str) -> Engine:
    """The database of `url` empty and migrated: emptied in place where it can be (`_emptied`), else made anew as
    a copy of one migrated once per session and region (CREATE DATABASE … TEMPLATE copies its files: much cheaper
    than dropping the schema and running every migration again; the migrations depend on nothing but the region's
    id). Falls back to dropping the schema and migrating where the server does not let us create databases."""
    name = make_url(url).database
    region = active_region().id
    emptied = _emptied(url, region)
    if emptied is not None:
        return emptied
    _migrated.clear()
    admin = _postgres_admin(url)
    try:
        with admin.connect() as connection:
            template = _postgres_templates.get(region)
            if template is None:
                template = f"{name}_template_{len(_postgres_templates)}"
                connection.execute(text(f'DROP DATABASE IF EXISTS "{template}" WITH (FORCE)'))
                connection.execute(text(f'CREATE DATABASE "{template}"'))
                migrated = db.make_engine(make_url(url).set(database=template).render_as_string(hide_password=False))
                db.upgrade(migrated)
                migrated.dispose()  # a template must have no connections
                _postgres_templates[region] = template
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
            connection.execute(text(f'CREATE DATABASE "{name}" TEMPLATE "{template}"'))
    except DBAPIError:
        created = _reset_postgres(url)
        db.upgrade(created)
        return created
    finally:
        admin.dispose()
    made = db.make_engine(url)
    _migrated.append(_read_migrated(made, region))
    return made


@pytest.fixture(scope="session")
def _migrated_sqlite_file(tmp_path_factory) -> Path:
    """One SQLite file migrated to the head for the whole session, copied for every test (the migrations take a
    few tenths of a second; a copy of the file is the same database and takes a millisecond)."""
    path = tmp_path_factory.mktemp("migrated") / "followup.sqlite3"
    migrated = db.make_engine(f"sqlite:///{path}")
    db.upgrade(migrated)
    migrated.dispose()  # the last connection closed: the write-ahead log is checkpointed into the file
    return path


@pytest.fixture(params=BACKENDS)
def engine(request, tmp_path, monkeypatch):
    """A migrated, empty (but for the migrations' data) database; DATABASE_URL points at it for the CLI."""
    if request.param == "sqlite":
        path = tmp_path / "followup.sqlite3"
        shutil.copyfile(request.getfixturevalue("_migrated_sqlite_file"), path)
        created = db.make_engine(f"sqlite:///{path}")
    else:
        created = _fresh_postgres(_POSTGRES_URL)
    monkeypatch.setenv("DATABASE_URL", url_of(created))
    yield created
    created.dispose()


@pytest.fixture
def database_env(engine):
    return url_of(engine)


@pytest.fixture
def session(engine):
    with db.session_scope(engine) as opened:
        yield opened


@pytest.fixture
def editor(session) -> str:
    accounts.add_user(session, "kari", "editor", PASSWORD, email="Kari@Example.no")
    return "kari"


@pytest.fixture
def admin(session) -> str:
    accounts.add_user(session, "sekretar", "admin", PASSWORD)
    return "sekretar"


def active_plan():
    """The active region's plan with its action programme: what the pages and the CLI load and hand to the
    service."""
    return with_programme(load_plan(active_region().plan_file("goals.toml")))


_plan = active_plan


@pytest.fixture
def qualitative_goal() -> str:
    return next(g.id for g in _plan().goals if g.kind == "qualitative")


@pytest.fixture
def indicator_goal() -> str:
    """A measured goal without an importer (figures are entered for these)."""
    return next(g.id for g in _plan().goals if g.kind == "indicator" and not g.measured)
