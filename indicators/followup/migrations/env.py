"""Alembic environment, run in code by `indicators.followup.db.upgrade` (no alembic.ini).

The engine comes in `config.attributes["engine"]`. The migrations themselves import no app code and read no plan
file: the one fact of the installation they need, the region's id (whose seed data applies), is put in
`config.attributes["region_id"]` here. On PostgreSQL an advisory lock makes app processes that
start together apply the migrations one after the other.
"""

from __future__ import annotations

from alembic import context
from sqlalchemy import text

from indicators.followup.db import make_engine
from indicators.followup.models import Base
from indicators.regions import active_region

MIGRATION_LOCK_KEY = 7_110_011  # any constant: the advisory lock of this app's migrations

config = context.config
engine = config.attributes.get("engine") or make_engine(config.get_main_option("sqlalchemy.url"))
if "region_id" not in config.attributes:
    config.attributes["region_id"] = active_region().id

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
