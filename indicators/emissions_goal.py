"""The emissions goal: the plan's goal measured by the emissions indicator, its progress with the required path
and gaps, the line a chart draws, and the per-member table. Computed here from what the page hands over (the
plan's Goal, the goal board's GoalResult); chart builders only draw it."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from indicators import progress
from indicators.emissions import GOAL_INDICATOR
from indicators.goals import Goal, GoalResult, Plan, evaluate_goal
from indicators.regions import active_region

# ------------------------------------------------------------------------------ goal


def emissions_goal(plan: Plan | None) -> Goal | None:
    """The plan's goal measured by the emissions indicator from a baseline year, or None (no such goal, rejected
    by the loader, or the goals file unreadable: `plan` None). Found by indicator, never by a goal id."""
    return plan.measured_by(GOAL_INDICATOR) if plan is not None else None


@dataclass(frozen=True, eq=False)
class GoalProgress:
    """The goal for one region as indicators.goals.evaluate_goal assesses it, with what the charts need on top:
    the required path and the gaps to it."""

    goal: Goal
    region_code: str
    base_period: int
    base_value: float | None
    current_period: int | None  # the latest year after the baseline with a number
    current_value: float | None
    target_period: int
    target_value: float | None
    assessment: progress.Assessment
    path: list[tuple[int, float]]  # the required path, one point per year from base to target
    gap_to_path: float | None  # current minus the path's value in the current year (positive = above path)
    gap_to_target: float | None  # current minus the target level (positive = still to cut)
    series: pd.DataFrame  # the region's total emissions per year (TOTAL_COLUMNS), as evaluated


def goal_progress(result: GoalResult) -> GoalProgress:
    """GoalProgress from the goal board's evaluation of the emissions goal (no second way of assessing it)."""
    goal = result.goal
    assert goal.baseline_period is not None and goal.target_period is not None
    base_value, target_value = result.baseline.value, result.target.value
    base_period = result.baseline.period or goal.baseline_period  # the next year with a value if the base has none
    current_period = current_value = None
    if result.latest.period is not None and result.latest.period > base_period:
        current_period, current_value = result.latest.period, result.latest.value
    assessment = result.assessment or progress.Assessment("no_data", reason=result.reason)
    path: list[tuple[int, float]] = []
    gap_to_path = gap_to_target = None
    if base_value is not None and target_value is not None:
        path = progress.target_path(base_period, base_value, goal.target_period, target_value)
        if current_value is not None and current_period is not None:
            gap_to_target = current_value - target_value
            on_path = dict(path).get(current_period)
            gap_to_path = current_value - on_path if on_path is not None else gap_to_target
    return GoalProgress(
        goal, result.region, base_period, base_value, current_period, current_value, goal.target_period,
        target_value, assessment, path, gap_to_path, gap_to_target, result.series,
    )


def assess_goal(
    goal: Goal, region: str | None = None, cache_directory: str | Path | None = None
) -> GoalProgress:
    """Progress of one region's total emissions towards `goal` (`region` None = the active region as a whole),
    evaluated exactly as the goal board does it. For the CLI and tests; pages use their one evaluation."""
    return goal_progress(evaluate_goal(goal, region or active_region().id, cache_directory))


# ------------------------------------------------------------------------------ what a chart draws


@dataclass(frozen=True)
class GoalLine:
    """The goal drawn over a region's emissions: base, latest, target and the required path (no status)."""

    base_period: int
    base_value: float | None
    current_period: int | None
    current_value: float | None
    target_period: int
    target_value: float | None
    target_change: float | None
    requested_base_period: int
    path: tuple[tuple[int, float], ...]

    @property
    def base_fell_back(self) -> bool:
        """The requested base year had no value, so the next year with one is the base (the published method)."""
        return self.base_value is not None and self.base_period != self.requested_base_period


def goal_line(goal: Goal, series: pd.DataFrame) -> GoalLine:
    """The goal's line over one region's total emissions (TOTAL_COLUMNS): the same base-year rule and target
    as indicators.goals.evaluate_goal (progress.base_point; target = base × (1 + change), or the target level)."""
    assert goal.baseline_period is not None and goal.target_period is not None
    ordered = series.sort_values("period")
    base = progress.base_point(zip(ordered["period"], ordered["value"], strict=True), goal.baseline_period)
    base_period, base_value = base if base else (goal.baseline_period, None)
    known = ordered.dropna(subset=["value"])
    known = known[known["period"] > base_period]
    current_period = int(known["period"].iloc[-1]) if not known.empty else None
    current_value = float(known["value"].iloc[-1]) if not known.empty else None
    target_value = goal.target_level(base_value)
    path: tuple[tuple[int, float], ...] = ()
    if base_value is not None and target_value is not None:
        path = tuple(progress.target_path(base_period, base_value, goal.target_period, target_value))
    return GoalLine(
        base_period, base_value, current_period, current_value, goal.target_period, target_value,
        goal.target_change, goal.baseline_period, path,
    )


# ------------------------------------------------------------------------------ the members


MUNICIPALITY_GOAL_COLUMNS: tuple[str, ...] = (
    "region_code", "region_name", "base_period", "base_value", "current_period", "current_value",
    "change_ratio", "target_value", "gap_to_target", "status", "reason",
)


def municipality_goals(results: Iterable[GoalResult]) -> pd.DataFrame:
    """One row per member in the data: baseline, latest, change, gap and goal status, from the goal board's
    evaluation of the emissions goal for each member (`results`, one per member; the page evaluates them)."""
    region = active_region()
    rows = []
    for result in results:
        found = goal_progress(result)
        if found.series.empty:
            continue  # not in the imported data
        change = (
            found.current_value / found.base_value - 1
            if found.current_value is not None and found.base_value else None
        )
        rows.append({
            "region_code": result.region,
            "region_name": region.region_name(result.region),
            "base_period": found.base_period,
            "base_value": found.base_value,
            "current_period": found.current_period,
            "current_value": found.current_value,
            "change_ratio": change,
            "target_value": found.target_value,
            "gap_to_target": found.gap_to_target,
            "status": found.assessment.status,
            "reason": found.assessment.reason,
        })
    return pd.DataFrame(rows, columns=list(MUNICIPALITY_GOAL_COLUMNS))
