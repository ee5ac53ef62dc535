"""Reporting rounds (issue 22): «Tertial 3 2026», «Årsrapport 2026» — what a round asks for, who has reported
what in it, what is left for whom, and the data of the report per round.

(Not to be confused with `indicators.followup.rounds`: the secretariat's round *since the last council meeting*.)

A round has a name (unique), an opening date, a deadline and the items it asks for: the goals, the actions, or
all. It asks for one *assignment* per item and part:

* every goal and every action not dropped: the region's status, reported by the secretariat;
* each municipality's part of an action that has parts (`municipal_parts`): reported by that municipality.

An assignment is *done* when a status entry for that item and part was entered in the round: on or after the
opening day (00:00 Oslo time) and before the next round's opening day (rounds opened later take over), by a
person (the plan file's first statuses never count). A round is closed by the secretariat; entries made after the
close still count, marked *late*. The latest entry in the round is the one shown.

Who reports (`reporter`): "" for the secretariat (the region's status), else the municipality's code. A user's
share: `RoundStatus.left_for(reporter_of(account))`.

Functions take a Session; writes join the caller's unit of work (`unit_of_work`). Results are frozen
dataclasses; no sentences are made here beyond the refusals' messages.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import pandas as pd
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from indicators.followup.accounts import WRITER_ROLES, audit, require_role
from indicators.followup.db import utcnow
from indicators.followup.errors import FollowupError, InvalidInputError
from indicators.followup.models import ROUND_ITEMS, StatusEntry, User
from indicators.followup.models import ReportingRound as RoundRow
from indicators.followup.municipal_parts import (
    REGION_PART,
    RecordRefusedError,
    current_parts,
    is_secretariat,
    municipality_name,
)
from indicators.followup.plan_import import PLAN_FILE_USER
from indicators.followup.service.items import all_items
from indicators.followup.service.statuses import Entry, _entry
from indicators.followup.unit_of_work import joined
from indicators.formatting import DISPLAY_ZONE
from indicators.goals import Plan
from indicators.i18n import labels
from indicators.plan_actions import status_label
from indicators.regions import Region

MAX_NAME_LENGTH = 200
ITEM_KINDS_ASKED = {"goals": ("goal",), "actions": ("action",), "all": ("goal", "action")}


# The reporting rounds' refusals: worded in the language active where they are shown (i18n.Message).
REFUSALS = labels("reporting_rounds.REFUSALS", {
    "no_rounds": "ingen er oppretta enno",
    "unknown_round": "Ukjend rapporteringsrunde «{name}». Rundane: {rounds}.",
    "name_length": "Namnet på runden må ha 1–{longest} teikn.",
    "unknown_items": "Ukjende punkt «{items}»; bruk goals, actions eller all.",
    "due_before_open": "Fristen {due} ligg før runden opnar ({opens}).",
    "exists": "Det finst alt ein rapporteringsrunde som heiter «{name}».",
    "closed_by": "Runden «{name}» vart alt lukka av {user}.",
    "closed_no_reminders": "Runden «{name}» er lukka ({user}); det vert ikkje sendt påminningar.",
    "not_open_yet": "Runden «{name}» opnar {opens}; det vert ikkje sendt påminningar før han er open.",
    "secretariat_only": "{user} rapporterer for ein kommune; berre sekretariatet kan {what}.",
})
# What only the secretariat may do (the audit row of a refusal keeps the Nynorsk words).
SECRETARIAT_WORK = labels("reporting_rounds.SECRETARIAT_WORK", {
    "add": "opprette rapporteringsrundar",
    "close": "late att rapporteringsrundar",
})


class UnknownRoundError(InvalidInputError):
    """No round by that name; the message names the rounds there are."""


def day_start(day: dt.date) -> dt.datetime:
    """The start of `day` in Oslo as a naive UTC moment (how the database stores times)."""
    return dt.datetime.combine(day, dt.time.min, tzinfo=DISPLAY_ZONE).astimezone(dt.UTC).replace(tzinfo=None)


def _iso(moment: dt.datetime | None) -> str | None:
    return moment.replace(tzinfo=dt.UTC).isoformat(timespec="seconds") if moment is not None else None


@dataclass(frozen=True)
class ReportingRound:
    """One reporting round. Times are naive UTC (as stored); dates are the secretariat's calendar dates."""

    id: int
    name: str
    opened_on: dt.date
    due_on: dt.date
    items: str  # goals | actions | all
    entered_by: str
    entered_at: dt.datetime
    closed_at: dt.datetime | None = None
    closed_by: str | None = None

    @property
    def is_closed(self) -> bool:
        return self.closed_at is not None

    @property
    def starts_at(self) -> dt.datetime:
        """Entries from this moment (the opening day's start in Oslo, UTC) count for the round."""
        return day_start(self.opened_on)

    @property
    def item_kinds(self) -> tuple[str, ...]:
        return ITEM_KINDS_ASKED[self.items]

    def is_overdue(self, today: dt.date) -> bool:
        return today > self.due_on

    def as_record(self) -> dict[str, Any]:
        return {
            "id": self.id, "name": self.name, "opened_on": self.opened_on.isoformat(),
            "due_on": self.due_on.isoformat(), "items": self.items, "entered_by": self.entered_by,
            "entered_at": _iso(self.entered_at), "closed": self.is_closed, "closed_at": _iso(self.closed_at),
            "closed_by": self.closed_by,
        }


def _round(row: RoundRow) -> ReportingRound:
    return ReportingRound(row.id, row.name, row.opened_on, row.due_on, row.items, row.entered_by, row.entered_at,
                          row.closed_at, row.closed_by)


def rounds(session: Session) -> list[ReportingRound]:
    """Every round, the latest opened first."""
    return [_round(r) for r in session.scalars(
        select(RoundRow).order_by(RoundRow.opened_on.desc(), RoundRow.id.desc()))]


def get_round(session: Session, name: str) -> ReportingRound:
    """The round called `name` (exactly, after trimming); else UnknownRoundError naming the rounds."""
    row = session.scalars(select(RoundRow).where(RoundRow.name == (name or "").strip())).first()
    if row is None:
        names = ", ".join(f"«{r.name}»" for r in rounds(session)) or REFUSALS.message("no_rounds")
        raise UnknownRoundError(REFUSALS.message("unknown_round", name=(name or "")[:MAX_NAME_LENGTH], rounds=names))
    return _round(row)


def open_rounds(session: Session, today: dt.date | None = None) -> list[ReportingRound]:
    """Rounds not closed and opened by `today` (the Rapportering page shows these), the latest opened first."""
    today = today or dt.datetime.now(DISPLAY_ZONE).date()
    return [r for r in rounds(session) if not r.is_closed and r.opened_on <= today]


def _require_secretariat(session: Session, user: str, work: str, item: str) -> None:
    """`work`: what the user wants to do, a key of SECRETARIAT_WORK."""
    account = require_role(session, user)
    if not is_secretariat(account):
        raise RecordRefusedError(
            REFUSALS.message("secretariat_only", user=user, what=SECRETARIAT_WORK.message(work)),
            actor=user, item=item, attempted=SECRETARIAT_WORK.source_text(work), action="round_refused")


def add_round(
    session: Session, name: str, due_on: dt.date, *, user: str, items: str = "all",
    opened_on: dt.date | None = None, today: dt.date | None = None,
) -> ReportingRound:
    """Open a round (the secretariat: an admin or an editor without a municipality; refusals are audited).
    `opened_on`: default today (Oslo). The deadline may not be before the opening. Audited."""
    with joined(session):
        clean = (name or "").strip()
        _require_secretariat(session, user, "add", f"round:{clean[:100]}")
        if not clean or len(clean) > MAX_NAME_LENGTH:
            raise InvalidInputError(REFUSALS.message("name_length", longest=MAX_NAME_LENGTH))
        if items not in ROUND_ITEMS:
            raise InvalidInputError(REFUSALS.message("unknown_items", items=items))
        opened_on = opened_on or today or dt.datetime.now(DISPLAY_ZONE).date()
        if due_on < opened_on:
            raise InvalidInputError(REFUSALS.message("due_before_open", due=due_on.isoformat(),
                                                     opens=opened_on.isoformat()))
        if session.scalars(select(RoundRow.id).where(RoundRow.name == clean)).first() is not None:
            raise InvalidInputError(REFUSALS.message("exists", name=clean))
        now = utcnow()
        row = RoundRow(name=clean, opened_on=opened_on, due_on=due_on, items=items, entered_by=user, entered_at=now)
        try:
            with session.begin_nested():
                session.add(row)
                session.flush()
        except IntegrityError:  # the same name saved by someone else at the same moment (PostgreSQL)
            raise InvalidInputError(REFUSALS.message("exists", name=clean)) from None
        audit(session, user, "add_round", f"round:{clean[:100]}", "",
              f"{opened_on.isoformat()}–{due_on.isoformat()} {items}", now)
        return _round(row)


def close_round(session: Session, name: str, *, user: str, now: dt.datetime | None = None) -> ReportingRound:
    """Close a round (the secretariat). Entries after the close still count for it, marked late. Audited."""
    with joined(session):
        _require_secretariat(session, user, "close", f"round:{(name or '')[:100]}")
        found = get_round(session, name)
        if found.is_closed:
            raise InvalidInputError(REFUSALS.message("closed_by", name=found.name, user=found.closed_by))
        row = session.get(RoundRow, found.id)
        assert row is not None
        row.closed_at = now or utcnow()
        row.closed_by = user
        audit(session, user, "close_round", f"round:{found.name[:100]}", "open", "closed", row.closed_at)
        session.flush()
        return _round(row)


@dataclass(frozen=True)
class Assignment:
    """One thing a round asks for: an item's region status (`municipality` None: the secretariat's) or one
    municipality's part of an action; `entry` is the latest entry for it in the round (None: not done)."""

    item_kind: str  # goal | action
    item_id: str
    title: str
    municipality: str | None
    entry: Entry | None = None
    late: bool = False  # the entry came after the round was closed

    @property
    def done(self) -> bool:
        return self.entry is not None

    @property
    def reporter(self) -> str:
        """Who reports it: "" the secretariat, else the municipality's code."""
        return self.municipality or REGION_PART

    def as_record(self, region: Region | None = None) -> dict[str, Any]:
        entry = self.entry
        return {
            "item_kind": self.item_kind, "item_id": self.item_id, "title": self.title,
            "municipality": self.municipality,
            **({"municipality_name": municipality_name(region, self.municipality) or None} if region else {}),
            "done": self.done, "late": self.late,
            "status": entry.status if entry else None,
            "status_label": status_label(entry.status, entry.item_kind) if entry else None,
            "entered_by": entry.entered_by if entry else None,
            "entered_at": _iso(entry.entered_at) if entry else None,
            "assessed_on": entry.assessed_on.isoformat() if entry else None,
            "entry_id": entry.id if entry else None,
        }


@dataclass(frozen=True)
class ReporterProgress:
    """One reporter's share of a round: the secretariat (`reporter` "") or a municipality (its code)."""

    reporter: str
    done: int
    total: int
    late: int = 0

    @property
    def finished(self) -> bool:
        return self.done >= self.total

    def as_record(self, region: Region | None = None) -> dict[str, Any]:
        return {"reporter": self.reporter or None,
                **({"name": municipality_name(region, self.reporter) or region.name} if region else {}),
                "done": self.done, "total": self.total, "late": self.late}


@dataclass(frozen=True)
class RoundStatus:
    """A round's state: every assignment (goals first, then actions by number, each action's region status
    before its municipal parts in the region file's order) and who has done what."""

    round: ReportingRound
    assignments: tuple[Assignment, ...]
    reporters: tuple[str, ...] = field(default=())  # "" (the secretariat), then the member codes

    def for_reporter(self, reporter: str | None) -> list[Assignment]:
        key = reporter or REGION_PART
        return [a for a in self.assignments if a.reporter == key]

    def left_for(self, reporter: str | None) -> list[Assignment]:
        """What is not done yet for a reporter ("" / None: the secretariat; a code: that municipality)."""
        return [a for a in self.for_reporter(reporter) if not a.done]

    def progress(self) -> list[ReporterProgress]:
        """Per reporter (the secretariat, then each municipality that has parts in the round): done / total."""
        out = []
        for reporter in self.reporters:
            mine = self.for_reporter(reporter)
            if mine:
                out.append(ReporterProgress(reporter, sum(a.done for a in mine), len(mine), sum(a.late for a in mine)))
        return out

    def done_count(self) -> int:
        return sum(a.done for a in self.assignments)

    def as_record(self, region: Region | None = None) -> dict[str, Any]:
        return {
            "round": self.round.as_record(),
            "progress": [p.as_record(region) for p in self.progress()],
            "items": [a.as_record(region) for a in self.assignments],
        }


def reporter_of(account: Any) -> str:
    """The reporter an account reports for: "" (the secretariat) or its municipality's code."""
    return REGION_PART if is_secretariat(account) else str(account.municipality)


def _window_end(session: Session, found: ReportingRound) -> dt.datetime | None:
    """When the next round (opened on a later day) opens: entries from then count for that one instead."""
    later = session.scalars(select(RoundRow.opened_on).where(RoundRow.opened_on > found.opened_on)
                            .order_by(RoundRow.opened_on).limit(1)).first()
    return day_start(later) if later is not None else None


def _entries_in(session: Session, found: ReportingRound) -> dict[tuple[str, str, str], Entry]:
    """(kind, id, municipality) → the latest entry in the round's window."""
    query = select(StatusEntry).where(StatusEntry.entered_at >= found.starts_at,
                                      StatusEntry.entered_by != PLAN_FILE_USER,
                                      StatusEntry.item_kind.in_(found.item_kinds))
    end = _window_end(session, found)
    if end is not None:
        query = query.where(StatusEntry.entered_at < end)
    latest: dict[tuple[str, str, str], Entry] = {}
    for row in session.scalars(query.order_by(StatusEntry.entered_at, StatusEntry.id)):
        latest[(row.item_kind, row.item_id, row.municipality)] = _entry(row)
    return latest


def round_status(
    session: Session, name: str | ReportingRound, *, plan: Plan, region: Region,
    actions: pd.DataFrame | None = None,
) -> RoundStatus:
    """Every assignment of the round with the latest entry made for it in the round (see the module's rules).
    `plan`, `region`: the caller's; `actions`: the plan's action frame when the caller has it."""
    found = name if isinstance(name, ReportingRound) else get_round(session, name)
    entries = _entries_in(session, found)
    parts = current_parts(session, region, plan, actions) if "action" in found.item_kinds else {}
    assignments: list[Assignment] = []
    for item in all_items(session, plan, actions):
        if item.kind not in found.item_kinds or item.dropped:
            continue
        codes = (None, *parts[item.id].municipalities) if item.kind == "action" and item.id in parts else (None,)
        for code in codes:
            entry = entries.get((item.kind, item.id, code or REGION_PART))
            late = bool(entry is not None and found.closed_at is not None and entry.entered_at > found.closed_at)
            assignments.append(Assignment(item.kind, item.id, item.title, code, entry, late))
    return RoundStatus(found, tuple(assignments), (REGION_PART, *region.member_codes))


@dataclass(frozen=True)
class ReporterSection:
    """The report per round, for one reporter: what was reported in the round and what is missing."""

    reporter: str  # "" the secretariat (the region's status), else a municipality's code
    reported: tuple[Assignment, ...]
    missing: tuple[Assignment, ...]

    @property
    def late(self) -> tuple[Assignment, ...]:
        return tuple(a for a in self.reported if a.late)

    def as_record(self, region: Region | None = None) -> dict[str, Any]:
        return {"reporter": self.reporter or None,
                **({"name": municipality_name(region, self.reporter) or region.name} if region else {}),
                "reported": [a.as_record(region) for a in self.reported],
                "missing": [a.as_record(region) for a in self.missing]}


def round_report(status: RoundStatus) -> list[ReporterSection]:
    """The data of the status report for a round («Tertialrapport 3 2026»): per reporter — the secretariat
    first, then each municipality with parts — what was reported in the round and what is missing."""
    return [
        ReporterSection(reporter, tuple(a for a in mine if a.done), tuple(a for a in mine if not a.done))
        for reporter in status.reporters if (mine := status.for_reporter(reporter))
    ]


def round_names(session: Session) -> Sequence[str]:
    return [r.name for r in rounds(session)]


def require_round_open(found: ReportingRound) -> None:
    if found.is_closed:
        raise FollowupError(REFUSALS.message("closed_no_reminders", name=found.name, user=found.closed_by))


@dataclass(frozen=True)
class Reminder:
    """A reminder due to one reporter: an active editor or admin with items left in the round. `email` None:
    the account has no e-mail address (the command names it instead of sending)."""

    user: str
    email: str | None
    reporter: str  # "" the secretariat, else the municipality's code
    left: tuple[Assignment, ...]
    total: int

    def as_record(self, region: Region | None = None) -> dict[str, Any]:
        return {"user": self.user, "email": self.email, "reporter": self.reporter or None,
                **({"name": municipality_name(region, self.reporter) or region.name} if region else {}),
                "left": [a.as_record(region) for a in self.left], "total": self.total}


def reminders(session: Session, status: RoundStatus, today: dt.date | None = None) -> list[Reminder]:
    """One reminder per active editor or admin who has items left in the round (by name): a municipal editor
    for their municipality's parts, the secretariat's accounts for the region's items. Nobody who is done gets
    one. Refuses a closed round and one that has not opened yet (`today`: default today in Oslo)."""
    require_round_open(status.round)
    today = today or dt.datetime.now(DISPLAY_ZONE).date()
    if status.round.opened_on > today:
        raise FollowupError(REFUSALS.message("not_open_yet", name=status.round.name,
                                             opens=status.round.opened_on.isoformat()))
    from_accounts = session.scalars(select(User).where(User.active.is_(True), User.role.in_(WRITER_ROLES))
                                    .order_by(User.name))
    found: list[Reminder] = []
    for account in from_accounts:
        reporter = reporter_of(account)
        mine = status.for_reporter(reporter)
        left = tuple(a for a in mine if not a.done)
        if left:
            found.append(Reminder(account.name, account.email, reporter, left, len(mine)))
    return found
