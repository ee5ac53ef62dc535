"""A goal's two statuses on a page (indicators/present/goal_status.py): the statistics' and the secretariat's
assessment with its note, body and date, as a markdown element (Folketal's migration goal, Deltidsinnbyggjarar's
fibre goal). Arbeidsplassar shows the same block inside its key figures' element (ui/key_figures.py)."""

from __future__ import annotations

import streamlit as st

from indicators.goal_status import goal_status
from indicators.goals import GoalResult
from indicators.plan_actions import StatusEntryLike
from indicators.present.goal_status import status_html


def show_goal_status(result: GoalResult, entry: StatusEntryLike | None) -> None:
    """Both statuses of the evaluated goal (`entry`: its latest status entry in the database, or None); styled by
    the app's stylesheet (ui/style.apply_app_style)."""
    st.markdown(status_html(goal_status(result, entry)), unsafe_allow_html=True)
