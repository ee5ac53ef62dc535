"""Seed the one real figure the secretariat had: Miljøfyrtårn-certified private businesses, 2021 (quoted).

The numbers and the citation are in ../seed/miljofyrtarn_2021.toml (copied from ../shared/data/miljofyrtarn/,
whose README names the press text); they are data of one region, so they are applied only to that region's
database. Self-contained (imports no app code, reads no plan file).

Revision ID: 0002
Revises: 0001
Create Date: 2026-09-01
"""

from __future__ import annotations

import datetime as dt
import tomllib
from pathlib import Path

import sqlalchemy as sa
from alembic import context, op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

SEED_FILE = Path(__file__).resolve().parent.parent / "seed" / "miljofyrtarn_2021.toml"
SEED_USER = "migrering"


def _applies(seed: dict) -> bool:
    """Only the database of the seed's region gets its figure (env.py gives the installation's region id; no app
    code and no plan file is read, so the result is the same whenever the migration runs)."""
    return context.config.attributes.get("region_id") == seed["region"]


def upgrade() -> None:
    seed = tomllib.loads(SEED_FILE.read_text(encoding="utf-8"))
    if not _applies(seed):
        return
    now = dt.datetime.now(dt.UTC).replace(tzinfo=None)
    figures = sa.table(
        "figures", *(sa.column(name) for name in (
            "goal_id", "value", "unit", "period", "region_code", "source_name", "source_url", "published_on",
            "quoted", "quote_label", "citation", "note", "entered_by", "entered_at",
        )),
    )
    op.bulk_insert(figures, [
        {
            "goal_id": seed["goal"], "value": float(v["value"]), "unit": seed["unit"], "period": seed["period"],
            "region_code": v["region_code"], "source_name": seed["source_name"], "source_url": seed["source_url"],
            "published_on": seed["published_on"], "quoted": True, "quote_label": seed["quote_label"],
            "citation": v["citation"], "note": seed["note"], "entered_by": SEED_USER, "entered_at": now,
        }
        for v in seed["values"]
    ])


def downgrade() -> None:
    seed = tomllib.loads(SEED_FILE.read_text(encoding="utf-8"))
    figures = sa.table("figures", sa.column("goal_id"), sa.column("entered_by"))
    op.execute(figures.delete().where(figures.c.goal_id == seed["goal"], figures.c.entered_by == SEED_USER))
