"""The statuses written in the plan files before the database existed, as first status entries.

Used once, by the first migration: qualitative goals in goals.toml (status, status_note, reported_by, reviewed)
and actions in actions.csv (status, status_note, reviewed). An item still `not_assessed` with no note has
nothing to import.
"""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path
from typing import Any

from indicators.goals import GoalFileError, load_plan
from indicators.i18n import labels
from indicators.plan_actions import ActionsFileError, load_actions
from indicators.regions import active_region

PLAN_FILE_USER = "plan-fil"
GOALS_FILE_NAME = "goals.toml"

# A plan file that cannot be read when the first migration imports its statuses (printed, the migration goes on).
WARNINGS = labels("plan_import.WARNINGS", {
    "goals": "Åtvaring: statusane i målfila er ikkje importerte: {error}",
    "actions": "Åtvaring: statusane i tiltaksfila er ikkje importerte: {error}",
})


def plan_status_rows(
    goals_path: Path | None = None, actions_path: Path | None = None, now: dt.datetime | None = None
) -> list[dict[str, Any]]:
    """Rows for status_entries (without id) from the active region's plan files (or the paths given)."""
    now = now or dt.datetime.now(dt.UTC).replace(tzinfo=None)
    if goals_path is None and not active_region().has_plan:
        return []  # a region with members only: no plan files, nothing to import
    goals_path = goals_path or active_region().plan_file(GOALS_FILE_NAME)
    rows: list[dict[str, Any]] = []

    def row(kind: str, item_id: str, status: str, note: str, body: str, reviewed: dt.date | None) -> None:
        if status == "not_assessed" and not note:
            return
        rows.append({
            "item_kind": kind, "item_id": item_id, "sequence": 1, "status": status, "note": note,
            "evidence_url": None, "reported_by": body, "assessed_on": reviewed or now.date(),
            "entered_by": PLAN_FILE_USER, "entered_at": now, "previous_id": None,
        })

    try:
        plan = load_plan(goals_path)
    except GoalFileError as exc:
        print(WARNINGS.message("goals", error=exc), file=sys.stderr)
        return rows
    for goal in plan.goals:
        if goal.kind == "qualitative":
            row("goal", goal.id, goal.status, goal.status_note, goal.reported_by, goal.reviewed)
    try:
        actions = load_actions(actions_path, areas={a.id: a.name for a in plan.areas}).frame
    except ActionsFileError as exc:
        print(WARNINGS.message("actions", error=exc), file=sys.stderr)
        return rows
    for record in actions.to_dict("records"):
        reviewed = dt.date.fromisoformat(record["reviewed"]) if record["reviewed"] else None
        row("action", str(record["number"]), record["status"], record["status_note"], "", reviewed)
    return rows
