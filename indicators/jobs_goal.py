"""The plan's jobs goal: the goal plan/goals.toml measures with the jobs indicator (found by indicator, never by
a goal id: ids are the plan's data). Its texts (the rule, why it cannot be assessed) are in
indicators.present.texts.jobs."""

from __future__ import annotations

from typing import Any

from indicators.goals import Goal, Plan
from indicators.jobs import JOBS_INDICATOR


def jobs_goal(plan: Plan | None) -> Goal | None:
    """The plan's jobs goal as plan/goals.toml gives it, or None when no goal is measured by the jobs indicator
    from a baseline year (goal removed, rejected by the loader, or the goals file unreadable: plan None)."""
    return plan.measured_by(JOBS_INDICATOR) if plan is not None else None


# Transitional, for pages/about.py until it takes the rule from indicators.present.texts.jobs.rule_text.
def __getattr__(name: str) -> Any:
    if name in ("jobs_goal_rule_text", "jobs_goal_missing_text", "JOBS_GOAL_RULE_TEXT"):
        from indicators.present.texts import jobs as words

        if name == "jobs_goal_rule_text":
            return words.rule_text
        if name == "jobs_goal_missing_text":
            return lambda plan: words.missing_goal_text(plan, JOBS_INDICATOR)
        return words.rule_text(None)
    raise AttributeError(name)
