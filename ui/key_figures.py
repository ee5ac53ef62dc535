"""A page's key figures as one element (indicators/present/key_figures.py; the look is in ui/style.py)."""

from __future__ import annotations

from collections.abc import Sequence

import streamlit as st

from indicators.present.key_figures import KeyFigure, key_figures_html


def show_key_figures(figures: Sequence[KeyFigure], *, counts: bool = False) -> None:
    """The figures side by side (see `key_figures_html`), in the current container."""
    st.html(key_figures_html(figures, counts=counts))
