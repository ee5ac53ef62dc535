"""The secretariat's round between two council meetings (issue 20): which goals and actions have been assessed
since the last recorded meeting, for «12 av 61 tiltak vurderte sidan møtet 15. oktober 2026» and the filter
«ikkje vurdert sidan sist møte».

An item counts as assessed when someone entered a status for it after the start of the meeting's day (Oslo
time). The statuses the first migration took from the plan files are not assessments. Without a recorded
meeting every entry counts (the round is the whole follow-up so far), and the page says so.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from sqlalchemy.orm import Session

from indicators.followup import service
from indicators.followup.plan_import import PLAN_FILE_USER
from indicators.followup.service import Entry, MeetingRecord
from indicators.formatting import DISPLAY_ZONE


@dataclass(frozen=True)
class Round:
    """Since when the page counts (`start`: UTC, naive as stored; None = every entry) and from which meeting."""

    meeting: MeetingRecord | None
    start: dt.datetime | None

    def assessed(self, entry: Entry | None) -> bool:
        if entry is None or entry.entered_by == PLAN_FILE_USER:
            return False
        return self.start is None or entry.entered_at >= self.start

    def assessed_ids(self, ids: Iterable[str], latest: Mapping[str, Entry]) -> set[str]:
        return {item for item in ids if self.assessed(latest.get(item))}


def meeting_start(held_on: dt.date) -> dt.datetime:
    """The start of the meeting's day in Oslo, as a naive UTC moment (how the database stores times)."""
    local = dt.datetime.combine(held_on, dt.time.min, tzinfo=DISPLAY_ZONE)
    return local.astimezone(dt.UTC).replace(tzinfo=None)


def current_round(session: Session, today: dt.date | None = None) -> Round:
    meeting = service.last_meeting(session, today)
    return Round(meeting, meeting_start(meeting.held_on) if meeting is not None else None)
