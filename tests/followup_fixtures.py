"""Fixtures of the follow-up database tests: a fresh, migrated database per test — SQLite always, PostgreSQL
as well when DATABASE_URL names one (scripts/with_postgres.sh sets it) — and users of each role.

Use: `from followup_fixtures import *  # noqa: F403` in a test module.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
from pathlib import Path

import pytest
from sqlalchemy import Engine, create_engine, make_url, text
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


_postgres_templates: dict[str, str] = {}  # region id → a database migrated for it, copied for each test


def _postgres_admin(url: str) -> Engine:
    return create_engine(make_url(url).set(database="postgres"), isolation_level="AUTOCOMMIT")


def _fresh_postgres(url: str) -> Engine:
    """The database of `url` made anew as a copy of one migrated once per session and region (CREATE DATABASE …
    TEMPLATE copies its files: much cheaper than dropping the schema and running every migration again; the
    migrations depend on nothing but the region's id). Falls back to dropping the schema and migrating where the
    server does not let us create databases."""
    name = make_url(url).database
    region = active_region().id
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
    return db.make_engine(url)


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
