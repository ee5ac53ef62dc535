"""The follow-up tests' PostgreSQL database (tests/followup_fixtures.py): emptied in place between tests, it holds
what a new copy of the migrated template holds — the migrations' rows and where the sequences stand, nothing a test
wrote — and a test that changed the schema leaves the next one a new copy. Runs in the PostgreSQL pass."""

from __future__ import annotations

from typing import Any

import followup_fixtures as fixtures
import pytest
from followup_fixtures import BACKENDS, PASSWORD
from sqlalchemy import Engine, MetaData, text

from indicators.followup import accounts, db
from indicators.regions import active_region

needs_postgresql = pytest.mark.skipif("postgresql" not in BACKENDS,
                                      reason="no PostgreSQL DATABASE_URL (scripts/with_postgres.sh sets one)")


def _contents(engine: Engine) -> dict[str, Any]:
    tables = MetaData()
    tables.reflect(engine)
    with engine.connect() as connection:
        return {
            "rows": {t.name: sorted(map(repr, connection.execute(t.select()))) for t in tables.sorted_tables},
            "sequences": dict(connection.execute(text(
                "SELECT sequencename, last_value FROM pg_sequences WHERE schemaname = 'public'")).all()),
            "schema": connection.execute(fixtures._SCHEMA).scalar_one(),
        }


@needs_postgresql
def test_postgresql_emptied_in_place_is_what_a_new_copy_is():
    url, region = fixtures._POSTGRES_URL, active_region().id
    written = fixtures._fresh_postgres(url)
    with db.session_scope(written) as session:
        accounts.add_user(session, "kari", "editor", PASSWORD)
        accounts.add_user(session, "sekretar", "admin", PASSWORD)
    written.dispose()
    emptied = fixtures._emptied(url, region)
    assert emptied is not None  # the schema as migrated: emptied in place
    in_place = _contents(emptied)
    emptied.dispose()
    fixtures._migrated.clear()  # the next is a new copy of the template
    copied = fixtures._fresh_postgres(url)
    assert _contents(copied) == in_place
    assert in_place["rows"]["alembic_version"]  # the migrations' rows are there
    copied.dispose()


@needs_postgresql
def test_postgresql_a_changed_schema_leaves_a_new_copy():
    url, region = fixtures._POSTGRES_URL, active_region().id
    changed = fixtures._fresh_postgres(url)
    migrated = _contents(changed)
    with changed.begin() as connection:
        connection.execute(text("CREATE INDEX left_behind ON alembic_version (version_num)"))
    changed.dispose()
    assert fixtures._emptied(url, region) is None
    again = fixtures._fresh_postgres(url)
    assert _contents(again) == migrated
    again.dispose()
