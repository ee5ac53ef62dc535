"""Council meetings (the start of «Kva er endra sidan sist»)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from indicators.followup.accounts import audit, require_role
from indicators.followup.db import utcnow
from indicators.followup.errors import (
    InvalidInputError,
)
from indicators.followup.models import Meeting
from indicators.followup.service._common import REFUSALS, _check_text, _writes


@dataclass(frozen=True)
class MeetingRecord:
    id: int
    held_on: dt.date
    name: str
    entered_by: str

    def as_record(self) -> dict[str, Any]:
        return {"id": self.id, "date": self.held_on.isoformat(), "name": self.name, "entered_by": self.entered_by}


@_writes
def record_meeting(session: Session, held_on: dt.date, name: str, *, user: str) -> MeetingRecord:
    """A meeting date (may be in the future: the next meeting)."""
    require_role(session, user)
    name = (name or "").strip()
    if not name:
        raise InvalidInputError(REFUSALS.message("no_meeting_name"))
    now = utcnow()
    row = Meeting(held_on=held_on, name=_check_text(name, "name", 300), entered_by=user, entered_at=now)
    session.add(row)
    audit(session, user, "record_meeting", f"meeting:{held_on.isoformat()}", "", name, now)
    session.flush()
    return MeetingRecord(row.id, row.held_on, row.name, row.entered_by)


def meetings(session: Session) -> list[MeetingRecord]:
    rows = session.scalars(select(Meeting).order_by(Meeting.held_on.desc(), Meeting.id.desc()))
    return [MeetingRecord(r.id, r.held_on, r.name, r.entered_by) for r in rows]


def last_meeting(session: Session, today: dt.date | None = None) -> MeetingRecord | None:
    """The latest meeting held on or before today (the start of "Kva er endra sidan sist")."""
    today = today or dt.date.today()
    return next((m for m in meetings(session) if m.held_on <= today), None)

