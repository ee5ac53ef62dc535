"""What changed since a date: statuses, figures, action revisions and dataset revisions, in words."""

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
from indicators.followup.service._common import DISPLAY_ZONE, _decimals, _iso
from indicators.followup.service.datasets import dataset_versions, revisions
from indicators.followup.service.figures import figures
from indicators.followup.service.items import action_changes, plan_items
from indicators.followup.service.statuses import history, status_label
from indicators.formatting import format_date, format_number
from indicators.goals import Plan
from indicators.item_names import item_words
from indicators.regions import Region


@dataclass(frozen=True)
class Change:
    kind: str  # status | figure | action_added | action_dropped | revision
    at: dt.datetime
    item: str
    text: str
    by: str
    details: dict[str, Any] = field(default_factory=dict)

    def as_record(self) -> dict[str, Any]:
        local = self.at.replace(tzinfo=dt.UTC).astimezone(DISPLAY_ZONE)
        return {"kind": self.kind, "at": _iso(self.at), "at_local": f"{format_date(local)} kl. {local:%H.%M}",
                "item": self.item, "text": self.text, "by": self.by, **self.details}


def _titles(session: Session, plan: Plan) -> dict[str, str]:
    try:
        return {key: item.title for key, item in plan_items(session, plan).items()}
    except FollowupError:  # a broken plan file: the lines name the ids
        return {}


def changes(
    session: Session, since: dt.date | dt.datetime, *, plan: Plan, region: Region,
) -> list[Change]:
    """Status changes, new figures, action revisions and dataset revisions entered since `since` (a date means
    from its start, UTC), oldest first. Each line names the item in words.

    The installation is the baseline, not a change: the statuses the first migration took from the plan files
    (entered by «plan-fil») and the figures a migration seeded (entered by «migrering») are never listed, so a
    fresh database has no changes. `plan` and `region` (the caller's) name the items and the places."""
    start = since if isinstance(since, dt.datetime) else dt.datetime.combine(since, dt.time.min)
    titles = _titles(session, plan)
    found: list[Change] = []
    for entry in reversed(history(session)):
        if entry.entered_at < start or entry.entered_by == PLAN_FILE_USER:
            continue
        old = status_label(entry.previous_status, entry.item_kind) or "ingen"
        part = f" ({region.names.get(entry.municipality, entry.municipality)})" if entry.municipality else ""
        text = f"{item_words(entry.item_kind, entry.item_id, titles)}{part}: {old} → {entry.status_label}"
        found.append(Change("status", entry.entered_at, entry.item_id, text, entry.entered_by, {
            "item_kind": entry.item_kind, "title": titles.get(entry.item_id, ""),
            "old_status": entry.previous_status, "new_status": entry.status,
            "note": entry.note, "reported_by": entry.reported_by, "assessed_on": entry.assessed_on.isoformat(),
            "evidence_url": entry.evidence_url, "entry_id": entry.id, "municipality": entry.municipality,
        }))
    for figure in reversed(figures(session)):
        if figure.entered_at >= start and not figure.seeded:
            where = region.names.get(figure.region_code, figure.region_code)
            value = f"{format_number(figure.value, _decimals(figure.value))} {figure.unit}".rstrip()
            text = (f"{item_words('goal', figure.goal_id, titles)}: nytt tal {value} ({where}, {figure.period})"
                    f" — {figure.label}")
            found.append(Change("figure", figure.entered_at, figure.goal_id, text, figure.entered_by, {
                "title": titles.get(figure.goal_id, ""), "value": figure.value, "unit": figure.unit,
                "period": figure.period, "region_code": figure.region_code, "source_name": figure.source_name,
                "label": figure.label, "note": figure.note, "figure_id": figure.id,
                "starts_series": figure.starts_series,
            }))
    for change in action_changes(session):
        if change.entered_at >= start:
            key = str(change.action_number)
            text = f"{item_words('action', key, titles)}: {change.label}"
            found.append(Change(f"action_{change.change}", change.entered_at, key, text,
                                change.entered_by, {"title": titles.get(key, change.text),
                                                    "revision_year": change.revision_year, "reason": change.reason}))
    new_versions = session.execute(
        select(DatasetVersion.dataset, DatasetVersion.id).where(DatasetVersion.entered_at >= start)
        .order_by(DatasetVersion.id)
    ).all()
    for name, version_id in new_versions:
        version = next(v for v in dataset_versions(session, name) if v.id == version_id)
        for revision in revisions(session, name, version_id):
            found.append(Change("revision", version.retrieved_at, name, revision.text, "", {
                "dataset": name, "key": revision.key, "old": revision.old, "new": revision.new,
                "version_id": version.id,
            }))
    return sorted(found, key=lambda c: c.at)  # stable: same moment keeps the order above

