"""Status entries: append-only, one per save, each pointing at the entry it replaced."""

from __future__ import annotations

import datetime as dt
from contextlib import nullcontext
from dataclasses import asdict, dataclass, replace
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from indicators.followup.accounts import audit, require_role
from indicators.followup.db import utcnow
from indicators.followup.errors import (
    FollowupError,
    InvalidStatusError,
    StaleEntryError,
    UnknownItemError,
)
from indicators.followup.models import StatusEntry
from indicators.followup.municipal_parts import REGION_PART, check_may_record, user_municipality
from indicators.followup.service._common import (
    MAX_BODY_LENGTH,
    MAX_NOTE_LENGTH,
    NO_ENTRY,
    REFUSALS,
    STATUS_KINDS,
    _check_date,
    _check_text,
    _check_url,
    _is_sqlite,
    _iso,
    _json,
    _writes,
)
from indicators.followup.service.items import ITEM_KINDS, both_kinds_message, resolve_item
from indicators.goals import QUALITATIVE_STATUSES, Goal, Plan
from indicators.plan_actions import ACTION_STATUSES, action_status
from indicators.regions import Region

# The refusal's own words; who saved what and when is in the error's `current` entry, which the caller shows
# (`indicators.present.changes.stale_message`).
STALE_ENTRY = "Statusen er endra sidan du opna skjemaet. Sjå den nye statusen før du lagrar på nytt."


@dataclass(frozen=True)
class Entry:
    id: int
    item_kind: str
    item_id: str
    sequence: int
    status: str
    note: str
    evidence_url: str | None
    reported_by: str
    assessed_on: dt.date
    entered_by: str
    entered_at: dt.datetime
    previous_id: int | None
    previous_status: str | None = None
    municipality: str | None = None  # a municipality's part of an action (its code); None: the region's status

    def as_record(self) -> dict[str, Any]:
        record = asdict(self)
        record["assessed_on"] = self.assessed_on.isoformat()
        record["entered_at"] = _iso(self.entered_at)
        return record


def _entry(row: StatusEntry, previous_status: str | None = None) -> Entry:
    return Entry(
        row.id, row.item_kind, row.item_id, row.sequence, row.status, row.note, row.evidence_url, row.reported_by,
        row.assessed_on, row.entered_by, row.entered_at, row.previous_id, previous_status, row.municipality or None,
    )


def _full_entry(session: Session, row: StatusEntry) -> Entry:
    """The entry with the status it replaced."""
    previous = session.get(StatusEntry, row.previous_id) if row.previous_id is not None else None
    return _entry(row, previous.status if previous is not None else None)


def _latest_row(session: Session, kind: str, item_id: str, municipality: str = REGION_PART) -> StatusEntry | None:
    """The latest entry of the item's region status (or of one municipality's part)."""
    return session.scalars(
        select(StatusEntry).where(StatusEntry.item_kind == kind, StatusEntry.item_id == item_id,
                                  StatusEntry.municipality == municipality)
        .order_by(StatusEntry.sequence.desc()).limit(1)
    ).first()


def stored_kind(session: Session, item_id: str, kind: str | None = None) -> str | None:
    """The kind of the item `item_id` as the caller says (`kind`), else as its stored entries say: the kind is
    never guessed from the id's shape. None: no entry for that id. An id stored as both a goal and an action
    needs `kind` (UnknownItemError)."""
    if kind is not None:
        if kind not in ITEM_KINDS:
            raise UnknownItemError(REFUSALS.message("unknown_kind", kind=kind))
        return kind
    kinds = sorted(set(session.scalars(select(StatusEntry.item_kind).where(StatusEntry.item_id == item_id))))
    if len(kinds) > 1:
        raise UnknownItemError(both_kinds_message(item_id))
    return kinds[0] if kinds else None


@_writes
def record_status(
    session: Session,
    item_id: str | int,
    status: str,
    *,
    note: str = "",
    by_body: str = "",
    assessed_on: dt.date | None = None,
    user: str,
    evidence_url: str | None = None,
    expected_previous: int | None = None,
    plan: Plan,
    today: dt.date | None = None,
    kind: str | None = None,
    municipality: str | None = None,
    region: Region | None = None,
) -> Entry:
    """Append a status entry for a goal (its id) or an action (its number): the region's status, or with
    `municipality` (a member's code) that municipality's part of the action.

    Who may record what: `municipal_parts.check_may_record` (a municipal editor only their own municipality's
    part; refusals are audited). `expected_previous`: the id of the latest entry of the same series (the region's
    status, or the part) the editor saw (`NO_ENTRY` when none); when someone saved in between, StaleEntryError
    carries their entry. None skips the check (command line). `plan`: the caller's; `region`: the caller's,
    needed for a municipal part and for a municipal editor's save (without it those are refused)."""
    require_role(session, user)
    item = resolve_item(session, item_id, plan, kind=kind)
    part = REGION_PART
    if municipality is not None or user_municipality(session, user):
        if region is None:
            raise FollowupError(REFUSALS.message("parts_without_region"))
        part = check_may_record(session, user, item.kind, item.id, municipality, region=region, plan=plan)
    status = (status or "").strip()
    if not status:
        raise InvalidStatusError(REFUSALS.message("no_status", statuses=", ".join(item.statuses)))
    # an action's «achieved» (before the action statuses) is still accepted and reads «Gjennomført»
    if (action_status(status) if item.kind == "action" else status) not in item.statuses:
        kind = {QUALITATIVE_STATUSES: "qualitative", ACTION_STATUSES: "action"}.get(item.statuses, "indicator")
        raise InvalidStatusError(REFUSALS.message("invalid_status", status=status, kind=STATUS_KINDS.message(kind),
                                                  statuses=", ".join(item.statuses)))
    note = _check_text(note, "note", MAX_NOTE_LENGTH)
    by_body = _check_text((by_body or "").strip(), "reported_by", MAX_BODY_LENGTH)
    evidence_url = _check_url(evidence_url)
    assessed_on = _check_date(assessed_on, "assessed_on", today)
    latest = _latest_row(session, item.kind, item.id, part)
    if expected_previous is not None and (latest.id if latest else NO_ENTRY) != expected_previous:
        current = _full_entry(session, latest) if latest else None
        raise StaleEntryError(STALE_ENTRY, current)
    now = utcnow()
    row = StatusEntry(
        item_kind=item.kind, item_id=item.id, sequence=(latest.sequence + 1) if latest else 1, status=status,
        note=note, evidence_url=evidence_url, reported_by=by_body, assessed_on=assessed_on, entered_by=user,
        entered_at=now, previous_id=latest.id if latest else None, municipality=part,
    )
    old = {"status": latest.status, "note": latest.note} if latest else {}
    new = {"status": status, "note": note, "reported_by": by_body, "assessed_on": assessed_on.isoformat(),
           **({"municipality": part} if part else {})}
    try:
        # Flushed here: the entry has its id, and a concurrent same entry (PostgreSQL) is noticed in a savepoint,
        # so the caller's transaction stays usable; SQLite serialises writers (BEGIN IMMEDIATE) and needs none.
        with session.begin_nested() if not _is_sqlite(session) else nullcontext():
            session.add(row)
            audit(session, user, "record_status", f"{item.kind}:{item.id}" + (f":{part}" if part else ""),
                  _json(old) if old else "", _json(new),
                  now)
            session.flush()
    except IntegrityError:  # another process saved the same next entry first (PostgreSQL; SQLite serialises)
        current_row = _latest_row(session, item.kind, item.id, part)
        current = _full_entry(session, current_row) if current_row else None
        raise StaleEntryError(STALE_ENTRY, current) from None
    return _entry(row, latest.status if latest else None)


def current_status(session: Session, item_id: str | int, kind: str | None = None, *,
                   municipality: str | None = None) -> Entry | None:
    """The latest entry of the item's region status, or with `municipality` (a member's code) of that part
    (None: never assessed in the database). `kind`: goal or action (callers that know it say so; see
    `stored_kind`)."""
    key = str(item_id).strip()
    found = stored_kind(session, key, kind)
    row = _latest_row(session, found, key, municipality or REGION_PART) if found else None
    return _full_entry(session, row) if row else None


def current_statuses(session: Session) -> dict[tuple[str, str], Entry]:
    """(item kind, item id) → latest entry of the region's status, for every item with one (one query, for
    overviews; municipal parts: `current_part_statuses`). The kind (goal or action) is part of the key: a goal id
    and an action number that read alike are two items."""
    latest = (
        select(StatusEntry.item_kind, StatusEntry.item_id, func.max(StatusEntry.sequence).label("sequence"))
        .where(StatusEntry.municipality == REGION_PART)
        .group_by(StatusEntry.item_kind, StatusEntry.item_id).subquery()
    )
    rows = session.scalars(
        select(StatusEntry).join(
            latest,
            (StatusEntry.item_kind == latest.c.item_kind) & (StatusEntry.item_id == latest.c.item_id)
            & (StatusEntry.sequence == latest.c.sequence),
        ).where(StatusEntry.municipality == REGION_PART)
    )
    return {(row.item_kind, row.item_id): _entry(row) for row in rows}


def current_part_statuses(session: Session) -> dict[tuple[str, str], Entry]:
    """(action number, municipality code) → the latest entry of that municipality's part, for every part with an
    entry (one query, for the municipal matrix)."""
    latest = (
        select(StatusEntry.item_id, StatusEntry.municipality, func.max(StatusEntry.sequence).label("sequence"))
        .where(StatusEntry.item_kind == "action", StatusEntry.municipality != REGION_PART)
        .group_by(StatusEntry.item_id, StatusEntry.municipality).subquery()
    )
    rows = session.scalars(
        select(StatusEntry).join(
            latest,
            (StatusEntry.item_id == latest.c.item_id) & (StatusEntry.municipality == latest.c.municipality)
            & (StatusEntry.sequence == latest.c.sequence),
        ).where(StatusEntry.item_kind == "action")
    )
    return {(row.item_id, row.municipality): _entry(row) for row in rows}


def history(session: Session, item_id: str | int | None = None, kind: str | None = None) -> list[Entry]:
    """Entries newest first (of one item, or of all), each with the status it replaced; the municipal parts'
    entries too (each with its `municipality`)."""
    query = select(StatusEntry)
    if item_id is not None:
        key = str(item_id).strip()
        query = query.where(StatusEntry.item_kind == stored_kind(session, key, kind), StatusEntry.item_id == key)
    rows = list(session.scalars(query.order_by(StatusEntry.entered_at.desc(), StatusEntry.id.desc())))
    previous_ids = {r.previous_id for r in rows if r.previous_id is not None}
    statuses: dict[int, str] = {
        entry_id: status for entry_id, status in session.execute(
            select(StatusEntry.id, StatusEntry.status).where(StatusEntry.id.in_(previous_ids))
        )
    } if previous_ids else {}
    return [_entry(r, statuses.get(r.previous_id) if r.previous_id else None) for r in rows]


def apply_to_plan(session: Session, plan: Plan) -> Plan:
    """The plan with each qualitative goal's status, note, body and date from its latest database entry (the
    board, `status --json` and the report read statuses this way; the plan file is only the first entry)."""
    latest = current_statuses(session)
    goals: list[Goal] = []
    for goal in plan.goals:
        entry = latest.get(("goal", goal.id))
        if entry is not None and goal.kind == "qualitative":
            goal = replace(
                goal, status=entry.status, status_note=entry.note, reported_by=entry.reported_by,
                reviewed=entry.assessed_on,
            )
        goals.append(goal)
    return replace(plan, goals=goals)

