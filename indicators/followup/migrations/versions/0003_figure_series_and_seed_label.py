"""Figures: a figure may start a new series (its unit differs from the earlier figures'), and the seeded
Miljøfyrtårn figure says where it comes from («frå pressemelding 22. april 2021, private verksemder»).

Self-contained (imports no app code): the seed's goal and label are read from ../seed/miljofyrtarn_2021.toml.

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-06
"""

from __future__ import annotations

import tomllib
from pathlib import Path

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

SEED_FILE = Path(__file__).resolve().parent.parent / "seed" / "miljofyrtarn_2021.toml"
SEED_USER = "migrering"
OLD_SEED_LABEL = "sitert tal frå ei pressemelding"


def upgrade() -> None:
    with op.batch_alter_table("figures") as batch:
        batch.add_column(sa.Column("starts_series", sa.Boolean(), nullable=False, server_default=sa.false()))
    seed = tomllib.loads(SEED_FILE.read_text(encoding="utf-8"))
    figures = sa.table("figures", sa.column("goal_id"), sa.column("entered_by"), sa.column("quote_label"))
    op.execute(
        figures.update()
        .where(figures.c.goal_id == seed["goal"], figures.c.entered_by == SEED_USER)
        .values(quote_label=seed["quote_label"])
    )


def downgrade() -> None:
    seed = tomllib.loads(SEED_FILE.read_text(encoding="utf-8"))
    figures = sa.table("figures", sa.column("goal_id"), sa.column("entered_by"), sa.column("quote_label"))
    op.execute(
        figures.update()
        .where(figures.c.goal_id == seed["goal"], figures.c.entered_by == SEED_USER)
        .values(quote_label=OLD_SEED_LABEL)
    )
    with op.batch_alter_table("figures") as batch:
        batch.drop_column("starts_series")
