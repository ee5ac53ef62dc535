"""Items one reports on: the plan's goals and actions, and actions added or dropped at a revision."""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass, replace
from typing import Any

import pandas as pd
from sqlalchemy import select
from sqlalchemy.orm import Session

from indicators.errors import error_message
from indicators.followup.errors import (
    FollowupError,
    UnknownItemError,
)
from indicators.followup.models import ActionRevision
from indicators.followup.service._common import REFUSALS, _iso
from indicators.goals import QUALITATIVE_STATUSES, Plan
from indicators.i18n import Message
from indicators.plan_actions import ACTION_STATUSES, ActionsFileError, programme

# A measured goal's status comes from its figures; the secretariat may still give its own judgement.
INDICATOR_GOAL_STATUSES = (
    "not_assessed", "achieved", "on_track", "acceleration_needed", "limited", "deterioration", "no_data",
)


@dataclass(frozen=True)
class Item:
    kind: str  # goal | action
    id: str  # goal id, or the action's number as text
    title: str
    statuses: tuple[str, ...]
    added: bool = False  # an action added at a revision (not in the adopted plan)
    dropped: bool = False


ITEM_KINDS = ("goal", "action")


def all_items(session: Session, plan: Plan, actions: pd.DataFrame | None = None) -> list[Item]:
    """Every goal and action one can report on, in plan order (goals, then actions by number); each item says
    its kind, so a goal id and an action number that read alike stay two items. `plan`: the caller's."""
    if actions is None:
        try:
            actions = programme(plan)
        except ActionsFileError as exc:
            raise FollowupError(error_message(exc)) from None
    items: dict[tuple[str, str], Item] = {}
    for goal in plan.goals:
        statuses = QUALITATIVE_STATUSES if goal.kind == "qualitative" else INDICATOR_GOAL_STATUSES
        items[("goal", goal.id)] = Item("goal", goal.id, goal.label, tuple(statuses))
    for number, text in zip(actions["number"], actions["text"], strict=True):
        items[("action", str(int(number)))] = Item("action", str(int(number)), str(text), ACTION_STATUSES)
    for change in action_changes(session):
        key = ("action", str(change.action_number))
        if change.change == "added":
            items[key] = Item("action", key[1], change.text, ACTION_STATUSES, added=True)
        elif key in items:
            items[key] = replace(items[key], dropped=True)
    return list(items.values())


def plan_items(session: Session, plan: Plan, actions: pd.DataFrame | None = None) -> dict[str, Item]:
    """Item id → item, in plan order (see `all_items`; for pages that list one kind at a time)."""
    return {item.id: item for item in all_items(session, plan, actions)}


def both_kinds_message(item_id: str) -> Message:
    return REFUSALS.message("both_kinds", id=item_id)


def resolve_item(session: Session, item_id: str | int, plan: Plan, *, kind: str | None = None) -> Item:
    """The item `item_id` of `kind` (goal or action). Without `kind` the id is looked up among the plan's goals
    and actions explicitly (never guessed from its shape); an id that is both is refused."""
    key = str(item_id).strip()
    if kind is not None and kind not in ITEM_KINDS:
        raise UnknownItemError(REFUSALS.message("unknown_kind", kind=kind))
    items = all_items(session, plan)
    found = [i for i in items if i.id == key and (kind is None or i.kind == kind)]
    if len(found) > 1:
        raise UnknownItemError(both_kinds_message(key))
    if not found:
        which = {"goal": "unknown_goal_id", "action": "unknown_action_number"}.get(kind or "", "unknown_item")
        actions = [i for i in items if i.kind == "action"]
        span = f"1–{max(int(i.id) for i in actions)}" if actions else REFUSALS.message("no_actions")
        raise UnknownItemError(REFUSALS.message(which, id=key, span=span))  # as asked
    return found[0]


@dataclass(frozen=True)
class ActionChange:
    id: int
    action_number: int
    change: str  # added | dropped
    revision_year: int
    reason: str
    text: str
    area: str
    time: str
    responsible: str
    entered_by: str
    entered_at: dt.datetime

    def as_record(self) -> dict[str, Any]:
        record = asdict(self)
        record["entered_at"] = _iso(self.entered_at)
        return record


def _action_change(row: ActionRevision) -> ActionChange:
    return ActionChange(
        row.id, row.action_number, row.change, row.revision_year, row.reason, row.text, row.area, row.time,
        row.responsible, row.entered_by, row.entered_at,
    )


def action_changes(session: Session) -> list[ActionChange]:
    """Every addition and dropping, oldest first."""
    return [_action_change(r) for r in session.scalars(select(ActionRevision).order_by(ActionRevision.id))]

