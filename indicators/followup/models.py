"""Tables of the follow-up database (SQLAlchemy 2 ORM). Migrations in migrations/versions create them.

Append-only: status entries, figures, action revisions, dataset versions, the audit log and sign-in attempts
are never updated or deleted; the current state is the latest row. Users and sign-in sessions change (active,
last seen), and each such change is in the audit log.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
    false,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

ROLES = ("editor", "admin")
ITEM_KINDS = ("goal", "action")
REVISION_CHANGES = ("added", "dropped")


class Base(DeclarativeBase):
    pass


class User(Base):
    __tablename__ = "users"
    __table_args__ = (CheckConstraint("role IN ('editor', 'admin')", name="ck_users_role"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(80), unique=True)
    role: Mapped[str] = mapped_column(String(16))
    password_hash: Mapped[str | None] = mapped_column(String(255))  # None: signs in through OIDC only
    email: Mapped[str | None] = mapped_column(String(254), unique=True)  # lower case; the OIDC role mapping
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    # a municipal reporter's municipality (today's code, from the region file); None: the secretariat (migration 0005)
    municipality: Mapped[str | None] = mapped_column(String(8))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime)


class LoginSession(Base):
    """A signed-in browser: the SHA-256 of its token (the token itself is never stored)."""

    __tablename__ = "login_sessions"

    token_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    started_at: Mapped[dt.datetime] = mapped_column(DateTime)
    last_seen_at: Mapped[dt.datetime] = mapped_column(DateTime)
    ended_at: Mapped[dt.datetime | None] = mapped_column(DateTime)


class LoginAttempt(Base):
    __tablename__ = "login_attempts"
    __table_args__ = (Index("ix_login_attempts_name_at", "user_name", "attempted_at"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_name: Mapped[str] = mapped_column(String(80))
    attempted_at: Mapped[dt.datetime] = mapped_column(DateTime)
    # ok | wrong_password | unknown_user | throttled | inactive | unlocked (an admin lifted the delays)
    outcome: Mapped[str] = mapped_column(String(20))
    client: Mapped[str] = mapped_column(String(64), default="")  # the client's address (see ui/auth.py)


class StatusEntry(Base):
    """One assessment of a goal or an action, or of one municipality's part of an action. `municipality` is ""
    for the region's own status (the secretariat's) and a member's code for that municipality's part: each is
    its own series. `sequence` counts a series' entries from 1; (item, municipality, sequence) is unique, so two
    editors saving on the same previous entry cannot both succeed (no lost update). "" rather than NULL because
    NULLs never collide in a unique constraint."""

    __tablename__ = "status_entries"
    __table_args__ = (
        UniqueConstraint("item_kind", "item_id", "municipality", "sequence",
                         name="uq_status_entries_item_part_sequence"),
        CheckConstraint("item_kind IN ('goal', 'action')", name="ck_status_entries_kind"),
        Index("ix_status_entries_entered_at", "entered_at"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    item_kind: Mapped[str] = mapped_column(String(8))
    item_id: Mapped[str] = mapped_column(String(80))
    sequence: Mapped[int] = mapped_column(Integer)
    status: Mapped[str] = mapped_column(String(32))
    note: Mapped[str] = mapped_column(Text, default="")
    evidence_url: Mapped[str | None] = mapped_column(String(2000))
    reported_by: Mapped[str] = mapped_column(String(200), default="")  # the body named in the plan: "RR", …
    assessed_on: Mapped[dt.date] = mapped_column(Date)
    entered_by: Mapped[str] = mapped_column(String(80))  # user name, or "plan-fil" for the imported statuses
    entered_at: Mapped[dt.datetime] = mapped_column(DateTime)
    previous_id: Mapped[int | None] = mapped_column(ForeignKey("status_entries.id"))
    municipality: Mapped[str] = mapped_column(String(8), default="", server_default="")  # "": the region's


class ActionPartChange(Base):
    """The secretariat's change to which municipalities have a part of an action (append-only: the latest row
    per action and municipality wins over the plan's rule, `indicators.followup.municipal_parts`)."""

    __tablename__ = "action_part_changes"
    __table_args__ = (Index("ix_action_part_changes_action", "action_number", "id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    action_number: Mapped[int] = mapped_column(Integer)
    municipality: Mapped[str] = mapped_column(String(8))
    included: Mapped[bool] = mapped_column(Boolean)
    reason: Mapped[str] = mapped_column(Text, default="")
    entered_by: Mapped[str] = mapped_column(String(80))
    entered_at: Mapped[dt.datetime] = mapped_column(DateTime)


ROUND_ITEMS = ("goals", "actions", "all")


class ReportingRound(Base):
    """A reporting round («Tertial 3 2026»): what it asks for, from when, by when; closed by the secretariat."""

    __tablename__ = "reporting_rounds"
    __table_args__ = (CheckConstraint("items IN ('goals', 'actions', 'all')", name="ck_reporting_rounds_items"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    opened_on: Mapped[dt.date] = mapped_column(Date)
    due_on: Mapped[dt.date] = mapped_column(Date)
    items: Mapped[str] = mapped_column(String(8))
    entered_by: Mapped[str] = mapped_column(String(80))
    entered_at: Mapped[dt.datetime] = mapped_column(DateTime)
    closed_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    closed_by: Mapped[str | None] = mapped_column(String(80))


class Figure(Base):
    """A value the secretariat entered for a measured goal no importer covers."""

    __tablename__ = "figures"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    goal_id: Mapped[str] = mapped_column(String(80), index=True)
    value: Mapped[float] = mapped_column(Float)
    unit: Mapped[str] = mapped_column(String(60), default="")
    period: Mapped[int] = mapped_column(Integer)
    region_code: Mapped[str] = mapped_column(String(40))
    source_name: Mapped[str] = mapped_column(String(300))
    source_url: Mapped[str | None] = mapped_column(String(2000))
    published_on: Mapped[dt.date | None] = mapped_column(Date)
    quoted: Mapped[bool] = mapped_column(Boolean, default=False)  # a figure quoted from a text, not a table
    quote_label: Mapped[str] = mapped_column(String(200), default="")  # e.g. "sitert tal frå ei pressemelding"
    citation: Mapped[str] = mapped_column(Text, default="")  # the quoted words
    note: Mapped[str] = mapped_column(Text, default="")
    # the first figure of a new series (a unit that differs from the earlier figures'): the goal's series is
    # this figure and those entered after it; the earlier ones stay stored (migration 0003)
    starts_series: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    entered_by: Mapped[str] = mapped_column(String(80))
    entered_at: Mapped[dt.datetime] = mapped_column(DateTime)


class ActionRevision(Base):
    """An action added at, or dropped at, the annual revision. The plan's own list stays in plan/actions.csv."""

    __tablename__ = "action_revisions"
    __table_args__ = (CheckConstraint("change IN ('added', 'dropped')", name="ck_action_revisions_change"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    action_number: Mapped[int] = mapped_column(Integer, index=True)
    change: Mapped[str] = mapped_column(String(8))
    revision_year: Mapped[int] = mapped_column(Integer)
    reason: Mapped[str] = mapped_column(Text, default="")
    text: Mapped[str] = mapped_column(Text, default="")  # added actions: the action's own fields
    area: Mapped[str] = mapped_column(String(80), default="")
    time: Mapped[str] = mapped_column(String(80), default="")
    responsible: Mapped[str] = mapped_column(String(300), default="")
    entered_by: Mapped[str] = mapped_column(String(80))
    entered_at: Mapped[dt.datetime] = mapped_column(DateTime)


class Meeting(Base):
    __tablename__ = "meetings"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    held_on: Mapped[dt.date] = mapped_column(Date, index=True)
    name: Mapped[str] = mapped_column(String(300))
    entered_by: Mapped[str] = mapped_column(String(80))
    entered_at: Mapped[dt.datetime] = mapped_column(DateTime)


class DatasetVersion(Base):
    """One refresh or import of a dataset, with its data (gzip-compressed CSV) so revisions can be shown."""

    __tablename__ = "dataset_versions"
    __table_args__ = (Index("ix_dataset_versions_dataset_id", "dataset", "id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    dataset: Mapped[str] = mapped_column(String(80))
    checksum: Mapped[str] = mapped_column(String(64))
    retrieved_at: Mapped[dt.datetime] = mapped_column(DateTime)
    source_updated: Mapped[str | None] = mapped_column(String(40))
    source: Mapped[str] = mapped_column(String(200), default="")
    periods: Mapped[str] = mapped_column(String(400), default="")  # "2005,2006,…" (sorted)
    row_count: Mapped[int] = mapped_column(Integer)
    data: Mapped[bytes] = mapped_column(LargeBinary)
    entered_by: Mapped[str] = mapped_column(String(80))
    entered_at: Mapped[dt.datetime] = mapped_column(DateTime)


class AuditEntry(Base):
    __tablename__ = "audit_log"
    __table_args__ = (Index("ix_audit_log_at", "at"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    at: Mapped[dt.datetime] = mapped_column(DateTime)
    actor: Mapped[str] = mapped_column(String(80))  # the user name given (also for failed sign-ins)
    action: Mapped[str] = mapped_column(String(40))  # record_status, sign_in_failed, add_user, restore, …
    item: Mapped[str] = mapped_column(String(120), default="")
    old_value: Mapped[str] = mapped_column(Text, default="")
    new_value: Mapped[str] = mapped_column(Text, default="")
    origin: Mapped[str] = mapped_column(String(120), default="")  # "nettsida", "kommandolinja (OS-brukar …)"


class AppSecret(Base):
    """Random keys made by the migrations (e.g. the key of the hash that stands for an unknown sign-in name)."""

    __tablename__ = "app_secrets"

    name: Mapped[str] = mapped_column(String(40), primary_key=True)
    value: Mapped[str] = mapped_column(String(128))
