"""The annual revision of the action list: actions added and dropped."""

from __future__ import annotations

import datetime as dt

from sqlalchemy.orm import Session

from indicators.followup.accounts import audit, require_role
from indicators.followup.db import utcnow
from indicators.followup.errors import (
    InvalidInputError,
    UnknownItemError,
)
from indicators.followup.models import ActionRevision
from indicators.followup.service._common import MAX_NOTE_LENGTH, REFUSALS, _check_text, _json, _writes
from indicators.followup.service.items import ActionChange, _action_change, plan_items, resolve_item
from indicators.goals import Plan


def _check_revision_year(year: int, plan: Plan, today: dt.date | None) -> int:
    today = today or dt.date.today()
    if not plan.plan_period[0] <= int(year) <= today.year:
        raise InvalidInputError(REFUSALS.message("revision_year", year=year, first=plan.plan_period[0],
                                                 last=today.year))
    return int(year)


@_writes
def add_action(
    session: Session, *, text: str, area: str, revision_year: int, reason: str, user: str, time: str = "",
    responsible: str = "", plan: Plan, today: dt.date | None = None,
) -> ActionChange:
    """A new action at the annual revision; it gets the next free number after the plan's and earlier additions."""
    require_role(session, user)
    text = (text or "").strip()
    if not text:
        raise InvalidInputError(REFUSALS.message("no_action_text"))
    areas = {a.id: a.name for a in plan.areas}
    if area not in areas:
        raise InvalidInputError(REFUSALS.message("unknown_area", area=area, areas=", ".join(areas)))
    year = _check_revision_year(revision_year, plan, today)
    items = plan_items(session, plan)
    number = max([int(i.id) for i in items.values() if i.kind == "action"] or [0]) + 1
    now = utcnow()
    row = ActionRevision(
        action_number=number, change="added", revision_year=year,
        reason=_check_text(reason, "reason", MAX_NOTE_LENGTH),
        text=_check_text(text, "text", MAX_NOTE_LENGTH),
        area=area, time=_check_text(time, "time", 80), responsible=_check_text(responsible, "responsible", 300),
        entered_by=user, entered_at=now,
    )
    session.add(row)
    audit(session, user, "add_action", f"action:{number}", "", _json({"text": text, "year": year}), now)
    session.flush()
    return _action_change(row)


@_writes
def drop_action(
    session: Session, action_number: int | str, *, revision_year: int, reason: str, user: str,
    plan: Plan, today: dt.date | None = None,
) -> ActionChange:
    """Mark an action as dropped at a revision (the plan's list keeps it, marked)."""
    require_role(session, user)
    item = resolve_item(session, str(action_number), plan)
    if item.kind != "action":
        raise UnknownItemError(REFUSALS.message("not_an_action", number=action_number))
    if item.dropped:
        raise InvalidInputError(REFUSALS.message("already_dropped", number=item.id))
    if not (reason or "").strip():
        raise InvalidInputError(REFUSALS.message("no_drop_reason"))
    year = _check_revision_year(revision_year, plan, today)
    now = utcnow()
    row = ActionRevision(
        action_number=int(item.id), change="dropped", revision_year=year,
        reason=_check_text(reason, "reason", MAX_NOTE_LENGTH), entered_by=user, entered_at=now,
    )
    session.add(row)
    audit(session, user, "drop_action", f"action:{item.id}", "i planen", f"teke ut {year}", now)
    session.flush()
    return _action_change(row)

