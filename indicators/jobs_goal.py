"""The plan's jobs goal: the goal plan/goals.toml measures with the jobs indicator (found by indicator, never by
a goal id: ids are the plan's data). Its texts (the rule, why it cannot be assessed) are in
indicators.present.texts.jobs."""

from __future__ import annotations

from indicators.goals import Goal, Plan
from indicators.jobs import JOBS_INDICATOR


def jobs_goal(plan: Plan | None) -> Goal | None:
    """The plan's jobs goal as plan/goals.toml gives it, or None when no goal is measured by the jobs indicator
    from a baseline year (goal removed, rejected by the loader, or the goals file unreadable: plan None)."""
    return plan.measured_by(JOBS_INDICATOR) if plan is not None else None
