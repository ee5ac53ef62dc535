"""Municipal parts and reporting rounds (issue 22): an account may belong to a municipality; a status entry may
be one municipality's part of an action (its own series: the unique sequence now includes the municipality, ""
for the region's own status); the secretariat's changes to which actions have municipal parts; reporting rounds.

Self-contained (imports no app code, reads no plan file: which actions have parts by default is a rule applied
when read, `indicators.followup.municipal_parts`).

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-06
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("users") as batch:
        batch.add_column(sa.Column("municipality", sa.String(8), nullable=True))
    with op.batch_alter_table("status_entries") as batch:
        batch.add_column(sa.Column("municipality", sa.String(8), nullable=False, server_default=""))
        batch.drop_constraint("uq_status_entries_item_sequence", type_="unique")
        batch.create_unique_constraint(
            "uq_status_entries_item_part_sequence", ["item_kind", "item_id", "municipality", "sequence"])
    op.create_table(
        "action_part_changes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("action_number", sa.Integer(), nullable=False),
        sa.Column("municipality", sa.String(8), nullable=False),
        sa.Column("included", sa.Boolean(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("entered_by", sa.String(80), nullable=False),
        sa.Column("entered_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_action_part_changes_action", "action_part_changes", ["action_number", "id"])
    op.create_table(
        "reporting_rounds",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("opened_on", sa.Date(), nullable=False),
        sa.Column("due_on", sa.Date(), nullable=False),
        sa.Column("items", sa.String(8), nullable=False),
        sa.Column("entered_by", sa.String(80), nullable=False),
        sa.Column("entered_at", sa.DateTime(), nullable=False),
        sa.Column("closed_at", sa.DateTime(), nullable=True),
        sa.Column("closed_by", sa.String(80), nullable=True),
        sa.CheckConstraint("items IN ('goals', 'actions', 'all')", name="ck_reporting_rounds_items"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("name", name="uq_reporting_rounds_name"),
    )


def downgrade() -> None:
    op.drop_table("reporting_rounds")
    op.drop_index("ix_action_part_changes_action", table_name="action_part_changes")
    op.drop_table("action_part_changes")
    op.execute(sa.text("DELETE FROM status_entries WHERE municipality <> ''"))
    with op.batch_alter_table("status_entries") as batch:
        batch.drop_constraint("uq_status_entries_item_part_sequence", type_="unique")
        batch.create_unique_constraint("uq_status_entries_item_sequence", ["item_kind", "item_id", "sequence"])
        batch.drop_column("municipality")
    with op.batch_alter_table("users") as batch:
        batch.drop_column("municipality")
