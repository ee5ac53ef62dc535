"""A page's key figures as one element, alone or with the goal they measure (indicators/present/key_figures.py; the
look is in ui/style.py)."""

from __future__ import annotations

from collections.abc import Sequence

import streamlit as st

from indicators.goal_status import goal_status
from indicators.goals import GoalResult
from indicators.plan_actions import StatusEntryLike
from indicators.present.goal_status import status_html
from indicators.present.key_figures import GoalBeside, KeyFigure, key_figures_html, key_figures_with_goal_html


def show_key_figures(figures: Sequence[KeyFigure], *, counts: bool = False) -> None:
    """The figures side by side (see `key_figures_html`), in the current container."""
    st.html(key_figures_html(figures, counts=counts))


def show_key_figures_with_goal(figures: Sequence[KeyFigure], result: GoalResult, entry: StatusEntryLike | None, *,
                               heading: str, rule_label: str, rule: tuple[str, str]) -> None:
    """The figures and, beside them, the evaluated goal's heading, both statuses (`entry`: its latest status entry
    in the database, or None) and its rule (the goal's name, the rule) behind `rule_label`: one element."""
    name, text = rule
    goal = GoalBeside(heading=heading, statuses=status_html(goal_status(result, entry)), rule_label=rule_label,
                      rule_name=name, rule=text)
    st.html(key_figures_with_goal_html(figures, goal))
