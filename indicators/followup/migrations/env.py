"""Alembic environment, run in code by `indicators.followup.db.upgrade` (no alembic.ini).

The engine comes in `config.attributes["engine"]`; on PostgreSQL an advisory lock makes app processes that
start together apply the migrations one after the other.
"""

from __future__ import annotations

from alembic import context
from sqlalchemy import text

from indicators.followup.db import make_engine
from indicators.followup.models import Base

MIGRATION_LOCK_KEY = 7_110_011  # any constant: the advisory lock of this app's migrations

config = context.config
engine = config.attributes.get("engine") or make_engine(config.get_main_option("sqlalchemy.url"))

with engine.connect() as connection:
    context.configure(
        connection=connection,
        target_metadata=Base.metadata,
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
    )
    with context.begin_transaction():
        if connection.dialect.name == "postgresql":
            connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": MIGRATION_LOCK_KEY})
        context.run_migrations()
    connection.commit()
