"""Accounts: sign-in attempts remember the client (throttling per client and account instead of a lock anyone
can trigger), audit rows say where a write came from (the web or the command line and its OS user), and a
random key for the hash that stands for sign-in names matching no account (a password typed into the name field
is never stored).

Self-contained (imports no app code).

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-06
"""

from __future__ import annotations

import secrets

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

NAME_KEY = "login_name_hash"


def upgrade() -> None:
    with op.batch_alter_table("login_attempts") as batch:
        batch.add_column(sa.Column("client", sa.String(64), nullable=False, server_default=""))
    with op.batch_alter_table("audit_log") as batch:
        batch.add_column(sa.Column("origin", sa.String(120), nullable=False, server_default=""))
    secrets_table = op.create_table(
        "app_secrets",
        sa.Column("name", sa.String(40), primary_key=True),
        sa.Column("value", sa.String(128), nullable=False),
    )
    op.bulk_insert(secrets_table, [{"name": NAME_KEY, "value": secrets.token_hex(32)}])
    # Names stored verbatim for failed sign-ins that matched no account may be passwords typed into the wrong
    # field: they are replaced by a marker (the key above did not exist when they were written).
    op.execute(sa.text(
        "UPDATE login_attempts SET user_name = '?ukjend' WHERE user_name NOT IN (SELECT name FROM users)"
    ))
    op.execute(sa.text(
        "UPDATE audit_log SET actor = '?ukjend', item = 'user:?ukjend' "
        "WHERE action = 'sign_in_failed' AND actor NOT IN (SELECT name FROM users)"
    ))


def downgrade() -> None:
    op.drop_table("app_secrets")
    with op.batch_alter_table("audit_log") as batch:
        batch.drop_column("origin")
    with op.batch_alter_table("login_attempts") as batch:
        batch.drop_column("client")
