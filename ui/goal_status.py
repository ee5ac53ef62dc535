"""A goal's two statuses on a page (indicators/present/goal_status.py): the statistics' and the secretariat's
assessment with its note, body and date — the one block Oversikt's cards and the goal pages (Folketal,
Arbeidsplassar) show."""

from __future__ import annotations

import streamlit as st

from indicators.goal_status import goal_status
from indicators.goals import GoalResult
from indicators.plan_actions import StatusEntryLike
from indicators.present.goal_status import status_html


def show_goal_status(result: GoalResult, entry: StatusEntryLike | None, *, heading: str = "") -> None:
    """Both statuses of the evaluated goal (`entry`: its latest status entry in the database, or None), under
    `heading` (markdown) in the same element; styled by the app's stylesheet (ui/style.apply_app_style)."""
    block = status_html(goal_status(result, entry))
    st.markdown(f"{heading}\n\n{block}" if heading else block, unsafe_allow_html=True)
