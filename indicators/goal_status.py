"""A goal's two statuses, each for what it is, never one hidden behind the other (issue 18 §1).

A measured goal has the **method's status** (Statistics Canada's progress measure on the figures: nobody's
judgement, never attributed to a person or body) and may have the **secretariat's assessment** (the latest status
entry: status, note, the body that assessed it, the date). A qualitative goal has only the assessment.

The API (stable; Oversikt, the goal pages, Møtemodus and the reports use it):

- `goal_status(result, entry)` → `GoalStatus`; `goal_statuses(results, entries)` for a whole board
  (`entries`: goal id → latest entry, e.g. `PlanState.kind_statuses("goal")`).
- `GoalStatus.statistics`: `MethodStatus | None` — `status` (a key of progress.STATUS_LABELS), `label`,
  `explanation` (the numbers behind it, Nynorsk), `reason` (why there is no status, when so). None for a
  qualitative goal.
- `GoalStatus.assessment`: `Assessment | None` — `status`, `label`, `note`, `reported_by` (the body, e.g. «RR»),
  `assessed_on`, `entered_by`, `entered_at` (UTC, naive; None for the plan file's own), `evidence_url`,
  `from_plan_file`. None when the secretariat has not assessed the goal (or assessed it «Ikkje vurdert»
  without a note).
- `GoalStatus.counted` and `counted_from` ("secretariat" | "statistics"): the one status a count uses, by
  COUNT_RULE — each goal is counted once. `count_statuses(statuses)` counts them in STATUS_ORDER.
- `GoalStatus.unit`: the unit the goal's numbers are in (figures the secretariat entered keep their own unit,
  e.g. «mill. kr», instead of the goal's default); `GoalStatus.single_period`: the numbers hold one period
  only (show one dated value, not a trend).
- `GoalStatus.as_record()`: the same as a JSON-ready dict (for `status --json` and the reports).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any, Literal

from indicators.goals import GoalResult
from indicators.plan_actions import StatusEntryLike
from indicators.progress import STATUS_LABELS

PLAN_FILE_USER = "plan-fil"  # who "entered" the statuses the first migration took from the plan files
# The rule the counts follow (stated on Om): a goal is counted once — by the secretariat's assessment when it
# has one (it is the newer judgement and may weigh what the figures do not show), else by the statistics.
COUNT_RULE = "secretariat_first"
NOT_AN_ASSESSMENT = ("not_assessed",)
STATUS_ORDER: tuple[str, ...] = tuple(STATUS_LABELS)


@dataclass(frozen=True)
class MethodStatus:
    """The status the progress method computes from the figures."""

    status: str
    explanation: str = ""
    reason: str = ""

    @property
    def label(self) -> str:
        return STATUS_LABELS.get(self.status, self.status)


@dataclass(frozen=True)
class Assessment:
    """The secretariat's latest assessment of the goal."""

    status: str
    note: str = ""
    reported_by: str = ""
    assessed_on: dt.date | None = None
    entered_by: str = ""
    entered_at: dt.datetime | None = None
    evidence_url: str | None = None

    @property
    def label(self) -> str:
        return STATUS_LABELS.get(self.status, self.status)

    @property
    def from_plan_file(self) -> bool:
        return self.entered_by == PLAN_FILE_USER or self.entered_at is None


@dataclass(frozen=True)
class GoalStatus:
    goal_id: str
    kind: Literal["indicator", "qualitative"]
    statistics: MethodStatus | None
    assessment: Assessment | None
    unit: str = ""
    single_period: bool = False

    @property
    def counted_from(self) -> Literal["secretariat", "statistics"]:
        if self.assessment is not None and self.assessment.status not in NOT_AN_ASSESSMENT:
            return "secretariat"
        if self.statistics is None:
            return "secretariat"
        return "statistics"

    @property
    def counted(self) -> str:
        """The one status the counts (and the board's status filter) use: see COUNT_RULE."""
        if self.counted_from == "statistics" and self.statistics is not None:
            return self.statistics.status
        return self.assessment.status if self.assessment is not None else "not_assessed"

    @property
    def both(self) -> bool:
        """The method rates the goal and the secretariat has assessed it: both are shown."""
        return self.statistics is not None and self.assessment is not None

    def as_record(self) -> dict[str, Any]:
        statistics = None
        if self.statistics is not None:
            statistics = {"status": self.statistics.status, "status_label": self.statistics.label,
                          "explanation": self.statistics.explanation, "reason": self.statistics.reason}
        assessment = None
        if self.assessment is not None:
            a = self.assessment
            assessment = {
                "status": a.status, "status_label": a.label, "note": a.note, "reported_by": a.reported_by,
                "assessed_on": a.assessed_on.isoformat() if a.assessed_on else None, "entered_by": a.entered_by,
                "entered_at": a.entered_at.replace(tzinfo=dt.UTC).isoformat(timespec="seconds")
                if a.entered_at else None,
                "evidence_url": a.evidence_url, "from_plan_file": a.from_plan_file,
            }
        return {"goal_id": self.goal_id, "statistics": statistics, "assessment": assessment,
                "counted": self.counted, "counted_from": self.counted_from, "unit": self.unit,
                "single_period": self.single_period}


def _assessment(entry: StatusEntryLike | None, result: GoalResult) -> Assessment | None:
    goal = result.goal
    if entry is not None and entry.item_kind == "goal":
        if entry.status in NOT_AN_ASSESSMENT and not entry.note:
            return None
        return Assessment(entry.status, entry.note, entry.reported_by, entry.assessed_on, entry.entered_by,
                          entry.entered_at, entry.evidence_url)
    if goal.kind == "qualitative":  # the plan file's own (no database entry, or the database cannot be read)
        if goal.status in NOT_AN_ASSESSMENT and not goal.status_note:
            return None
        return Assessment(goal.status, goal.status_note, goal.reported_by, goal.reviewed, PLAN_FILE_USER)
    return None


def goal_status(result: GoalResult, entry: StatusEntryLike | None = None) -> GoalStatus:
    """Both statuses of an evaluated goal; `entry`: the goal's latest status entry in the database (or None)."""
    goal = result.goal
    statistics = None
    if goal.kind == "indicator":
        explanation = result.assessment.explanation if result.assessment is not None else ""
        statistics = MethodStatus(result.status, explanation, result.reason)
    periods = result.series.dropna(subset=["value"])["period"].nunique() if not result.series.empty else 0
    return GoalStatus(goal.id, goal.kind, statistics, _assessment(entry, result), goal.unit, periods == 1)


def goal_statuses(results: Iterable[GoalResult], entries: Mapping[str, StatusEntryLike]) -> list[GoalStatus]:
    """`goal_status` of every result, with the goal's latest entry from `entries` (item id → entry)."""
    return [goal_status(r, entries.get(r.goal.id)) for r in results]


def count_statuses(statuses: Iterable[GoalStatus]) -> dict[str, int]:
    """Goals per counted status (each goal once, see COUNT_RULE), in STATUS_ORDER, only statuses that occur."""
    counts: dict[str, int] = {}
    for status in statuses:
        counts[status.counted] = counts.get(status.counted, 0) + 1
    return {key: counts[key] for key in STATUS_ORDER if key in counts} | {
        key: n for key, n in counts.items() if key not in STATUS_ORDER
    }
