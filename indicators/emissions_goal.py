"""The emissions goal: where plan/goals.toml has it, and its progress with the required path and gaps."""

from __future__ import annotations

import os
from dataclasses import dataclass

import pandas as pd

from indicators import progress, regions
from indicators.emissions import GOAL_ID, GOAL_INDICATOR
from indicators.formatting import format_number, format_percent
from indicators.goals import (
    Goal,
    GoalFileError,
    GoalResult,
    Plan,
    evaluate_goal,
    load_plan,
    measured_goal,
    measured_goal_missing_text,
)

# ------------------------------------------------------------------------------ goal


def emissions_goal(plan: Plan | None = None) -> Goal | None:
    """The plan's emissions goal as plan/goals.toml gives it, or None when the file does not have it measured by
    the emissions indicator (goal removed, rejected by the loader, or the goals file unreadable).

    `plan` None reads plan/goals.toml; pages pass their cached plan."""
    if plan is None:
        try:
            plan = load_plan()
        except GoalFileError:
            return None
    return measured_goal(plan, GOAL_ID, GOAL_INDICATOR)


def goal_missing_text(plan: Plan | None) -> str:
    """Nynorsk: why the emissions goal cannot be assessed (see `emissions_goal`); `plan` None = unreadable file."""
    return measured_goal_missing_text(plan, GOAL_ID, GOAL_INDICATOR, "Klimamålet", "utsleppstala står likevel under.")


def goal_target_text(goal: Goal) -> str:
    """The goal in a few words, from its numbers: '−25 % frå 2009 innan 2025'."""
    if goal.target_change is not None:
        change = format_percent(goal.target_change, 0, signed=True)
        return f"{change} frå {goal.baseline_period} innan {goal.target_period}"
    if goal.target_value is not None:
        return f"{format_number(goal.target_value)} {goal.unit} innan {goal.target_period}"
    wanted = "lågare" if goal.direction == "decrease" else "høgare"
    return f"{wanted} enn i {goal.baseline_period}"


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
    base_period = result.baseline.period or goal.baseline_period  # the next year with a value if 2009 has none
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
    goal: Goal, region: str = regions.HALLINGDAL, cache_directory: str | os.PathLike[str] | None = None
) -> GoalProgress:
    """Progress of one region's total emissions towards `goal` (see `emissions_goal`), evaluated exactly as the
    goal board does it (indicators.goals.evaluate_goal over the imported data)."""
    return goal_progress(evaluate_goal(goal, region, cache_directory))


