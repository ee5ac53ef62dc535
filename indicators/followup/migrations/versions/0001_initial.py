"""Tables of the follow-up database; the statuses in the plan files become the first entries.

Revision ID: 0001
Revises:
Create Date: 2026-09-01
"""

from __future__ import annotations

import datetime as dt

import sqlalchemy as sa
from alembic import op

PLAN_FILE_USER = "plan-fil"  # frozen: who "entered" the statuses taken from the plan files
PLAN_STATUS_ROWS: tuple[dict, ...] = ()  # frozen: the plan files' statuses on 2026-09-01 (there were none)

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "users",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=80), nullable=False),
        sa.Column("role", sa.String(length=16), nullable=False),
        sa.Column("password_hash", sa.String(length=255), nullable=True),
        sa.Column("email", sa.String(length=254), nullable=True),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.CheckConstraint("role IN ('editor', 'admin')", name="ck_users_role"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("email", name="uq_users_email"),
        sa.UniqueConstraint("name", name="uq_users_name"),
    )
    op.create_table(
        "login_sessions",
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("started_at", sa.DateTime(), nullable=False),
        sa.Column("last_seen_at", sa.DateTime(), nullable=False),
        sa.Column("ended_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"]),
        sa.PrimaryKeyConstraint("token_hash"),
    )
    op.create_table(
        "login_attempts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_name", sa.String(length=80), nullable=False),
        sa.Column("attempted_at", sa.DateTime(), nullable=False),
        sa.Column("outcome", sa.String(length=20), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_login_attempts_name_at", "login_attempts", ["user_name", "attempted_at"])
    status_entries = op.create_table(
        "status_entries",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("item_kind", sa.String(length=8), nullable=False),
        sa.Column("item_id", sa.String(length=80), nullable=False),
        sa.Column("sequence", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=32), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("evidence_url", sa.String(length=2000), nullable=True),
        sa.Column("reported_by", sa.String(length=200), nullable=False),
        sa.Column("assessed_on", sa.Date(), nullable=False),
        sa.Column("entered_by", sa.String(length=80), nullable=False),
        sa.Column("entered_at", sa.DateTime(), nullable=False),
        sa.Column("previous_id", sa.Integer(), nullable=True),
        sa.CheckConstraint("item_kind IN ('goal', 'action')", name="ck_status_entries_kind"),
        sa.ForeignKeyConstraint(["previous_id"], ["status_entries.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("item_kind", "item_id", "sequence", name="uq_status_entries_item_sequence"),
    )
    op.create_index("ix_status_entries_entered_at", "status_entries", ["entered_at"])
    op.create_table(
        "figures",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("goal_id", sa.String(length=80), nullable=False),
        sa.Column("value", sa.Float(), nullable=False),
        sa.Column("unit", sa.String(length=60), nullable=False),
        sa.Column("period", sa.Integer(), nullable=False),
        sa.Column("region_code", sa.String(length=40), nullable=False),
        sa.Column("source_name", sa.String(length=300), nullable=False),
        sa.Column("source_url", sa.String(length=2000), nullable=True),
        sa.Column("published_on", sa.Date(), nullable=True),
        sa.Column("quoted", sa.Boolean(), nullable=False),
        sa.Column("quote_label", sa.String(length=200), nullable=False),
        sa.Column("citation", sa.Text(), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("entered_by", sa.String(length=80), nullable=False),
        sa.Column("entered_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_figures_goal_id", "figures", ["goal_id"])
    op.create_table(
        "action_revisions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("action_number", sa.Integer(), nullable=False),
        sa.Column("change", sa.String(length=8), nullable=False),
        sa.Column("revision_year", sa.Integer(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("area", sa.String(length=80), nullable=False),
        sa.Column("time", sa.String(length=80), nullable=False),
        sa.Column("responsible", sa.String(length=300), nullable=False),
        sa.Column("entered_by", sa.String(length=80), nullable=False),
        sa.Column("entered_at", sa.DateTime(), nullable=False),
        sa.CheckConstraint("change IN ('added', 'dropped')", name="ck_action_revisions_change"),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_action_revisions_action_number", "action_revisions", ["action_number"])
    op.create_table(
        "meetings",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("held_on", sa.Date(), nullable=False),
        sa.Column("name", sa.String(length=300), nullable=False),
        sa.Column("entered_by", sa.String(length=80), nullable=False),
        sa.Column("entered_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_meetings_held_on", "meetings", ["held_on"])
    op.create_table(
        "dataset_versions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("dataset", sa.String(length=80), nullable=False),
        sa.Column("checksum", sa.String(length=64), nullable=False),
        sa.Column("retrieved_at", sa.DateTime(), nullable=False),
        sa.Column("source_updated", sa.String(length=40), nullable=True),
        sa.Column("source", sa.String(length=200), nullable=False),
        sa.Column("periods", sa.String(length=400), nullable=False),
        sa.Column("row_count", sa.Integer(), nullable=False),
        sa.Column("data", sa.LargeBinary(), nullable=False),
        sa.Column("entered_by", sa.String(length=80), nullable=False),
        sa.Column("entered_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_dataset_versions_dataset_id", "dataset_versions", ["dataset", "id"])
    op.create_table(
        "audit_log",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("actor", sa.String(length=80), nullable=False),
        sa.Column("action", sa.String(length=40), nullable=False),
        sa.Column("item", sa.String(length=120), nullable=False),
        sa.Column("old_value", sa.Text(), nullable=False),
        sa.Column("new_value", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_audit_log_at", "audit_log", ["at"])

    # The statuses the plan files held when this migration was written (2026-09-01), frozen here: none of the
    # plan's goals or actions had a status or note other than «not_assessed» then, so nothing is imported.
    # (Read from today's plan files, a database made next year would differ.)
    rows: list[dict] = list(PLAN_STATUS_ROWS)
    if rows:
        now = dt.datetime.now(dt.UTC).replace(tzinfo=None)
        op.bulk_insert(status_entries, [{**r, "entered_at": now} for r in rows])
        audit = sa.table(
            "audit_log", sa.column("at", sa.DateTime()), sa.column("actor", sa.String()),
            sa.column("action", sa.String()), sa.column("item", sa.String()),
            sa.column("old_value", sa.Text()), sa.column("new_value", sa.Text()),
        )
        op.bulk_insert(audit, [
            {"at": now, "actor": PLAN_FILE_USER, "action": "import_status", "item": f"{r['item_kind']}:{r['item_id']}",
             "old_value": "", "new_value": r["status"]}
            for r in rows
        ])


def downgrade() -> None:
    for table in (
        "audit_log", "dataset_versions", "meetings", "action_revisions", "figures", "status_entries",
        "login_attempts", "login_sessions", "users",
    ):
        op.drop_table(table)
