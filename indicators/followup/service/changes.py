"""What changed since a date: statuses, figures, action revisions and dataset revisions, as facts. The words
(«Mål – …: I gang → Nådd», «SSB har revidert …») are composed in `indicators.present.changes`."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from indicators.followup.errors import (
    FollowupError,
)
from indicators.followup.models import DatasetVersion
from indicators.followup.plan_import import PLAN_FILE_USER
from indicators.followup.service._common import _iso
from indicators.followup.service.datasets import Revision, dataset_versions, revisions
from indicators.followup.service.figures import FigureRecord, figures
from indicators.followup.service.items import ActionChange, action_changes, all_items
from indicators.followup.service.statuses import Entry, history
from indicators.goals import Plan


@dataclass(frozen=True)
class Change:
    """One change, with the record it comes from (exactly one of `entry`, `figure`, `action`, `revision`)."""

    kind: str  # status | figure | action_added | action_dropped | revision
    at: dt.datetime
    item: str  # the goal id, the action's number, or the dataset
    by: str
    details: dict[str, Any] = field(default_factory=dict)  # the facts, for JSON (`as_record`)
    item_kind: str = ""  # goal | action | dataset: what `item` names (never guessed from its shape)
    title: str = ""  # the item's title in the caller's plan ('' when the plan does not name it)
    entry: Entry | None = None
    figure: FigureRecord | None = None
    action: ActionChange | None = None
    revision: Revision | None = None

    def as_record(self) -> dict[str, Any]:
        """The facts as JSON; `at` is UTC (ISO 8601). The moment in words is the presentation's
        (`indicators.present.changes.change_record`)."""
        return {"kind": self.kind, "at": _iso(self.at), "item": self.item, "by": self.by, **self.details}


def _titles(session: Session, plan: Plan) -> dict[tuple[str, str], str]:
    try:
        return {(item.kind, item.id): item.title for item in all_items(session, plan)}
    except FollowupError:  # a broken plan file: the lines name the ids
        return {}


def changes(session: Session, since: dt.date | dt.datetime, *, plan: Plan) -> list[Change]:
    """Status changes, new figures, action revisions and dataset revisions entered since `since` (a date means
    from its start, UTC), oldest first, each with its item's kind and title.

    The installation is the baseline, not a change: the statuses the first migration took from the plan files
    (entered by «plan-fil») and the figures a migration seeded (entered by «migrering») are never listed, so a
    fresh database has no changes. `plan` (the caller's) gives the items' titles."""
    start = since if isinstance(since, dt.datetime) else dt.datetime.combine(since, dt.time.min)
    titles = _titles(session, plan)
    found: list[Change] = []
    for entry in reversed(history(session)):
        if entry.entered_at < start or entry.entered_by == PLAN_FILE_USER:
            continue
        title = titles.get((entry.item_kind, entry.item_id), "")
        found.append(Change("status", entry.entered_at, entry.item_id, entry.entered_by, {
            "item_kind": entry.item_kind, "title": title,
            "old_status": entry.previous_status, "new_status": entry.status,
            "note": entry.note, "reported_by": entry.reported_by, "assessed_on": entry.assessed_on.isoformat(),
            "evidence_url": entry.evidence_url, "entry_id": entry.id, "municipality": entry.municipality,
        }, entry.item_kind, title, entry=entry))
    for figure in reversed(figures(session)):
        if figure.entered_at >= start and not figure.seeded:
            title = titles.get(("goal", figure.goal_id), "")
            found.append(Change("figure", figure.entered_at, figure.goal_id, figure.entered_by, {
                "title": title, "value": figure.value, "unit": figure.unit,
                "period": figure.period, "region_code": figure.region_code, "source_name": figure.source_name,
                "note": figure.note, "figure_id": figure.id, "starts_series": figure.starts_series,
            }, "goal", title, figure=figure))
    for change in action_changes(session):
        if change.entered_at >= start:
            key = str(change.action_number)
            title = titles.get(("action", key), "")
            found.append(Change(f"action_{change.change}", change.entered_at, key, change.entered_by, {
                "title": title or change.text, "revision_year": change.revision_year, "reason": change.reason,
            }, "action", title, action=change))
    new_versions = session.execute(
        select(DatasetVersion.dataset, DatasetVersion.id).where(DatasetVersion.entered_at >= start)
        .order_by(DatasetVersion.id)
    ).all()
    for name, version_id in new_versions:
        version = next(v for v in dataset_versions(session, name) if v.id == version_id)
        for revision in revisions(session, name, version_id):
            found.append(Change("revision", version.retrieved_at, name, "", {
                "dataset": name, "key": revision.key, "old": revision.old, "new": revision.new,
                "version_id": version.id,
            }, "dataset", revision=revision))
    return sorted(found, key=lambda c: c.at)  # stable: same moment keeps the order above
