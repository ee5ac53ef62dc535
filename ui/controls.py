"""Choices that are only drawn when there is something to choose."""

from __future__ import annotations

from collections.abc import Sequence

import streamlit as st

from ui.state import LEGACY_PARAMS, bound_choice, synced_select


def year_choice(label: str, years: Sequence[str], *, param: str, default: str) -> str:
    """A year slider kept in the URL (`param`; Streamlit's own binding where it can serve); with a single year a
    caption naming it instead (a slider with one position is a control that does nothing)."""
    if len(years) == 1:
        st.caption(f"{label}: {years[0]}")
        return years[0]
    if param in LEGACY_PARAMS.values():
        # a link of the first release names it by its old name: Streamlit's binding seeds only from the link as
        # opened, so it would miss the renamed value; this one stays hand-made (ui/state.py)
        return synced_select(label, years, param=param, default=default, widget=st.select_slider)
    return bound_choice(label, years, param=param, default=default, widget=st.select_slider)
