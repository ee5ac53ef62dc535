"""Style the whole app shares (pages add their own, like meeting mode's slide layout)."""

from __future__ import annotations

import streamlit as st

# Streamlit cuts a key figure's label and value to one line ending in "…": on a 1024 px projector that hid
# "+88 (+0,8 %)" as "+88 (+0,…". They wrap instead.
APP_CSS = """
<style>
[data-testid="stMetricLabel"], [data-testid="stMetricLabel"] *,
[data-testid="stMetricValue"], [data-testid="stMetricValue"] * {
  white-space: normal !important; overflow: visible !important; text-overflow: clip !important;
}
/* Tables of figures (containers keyed numbers_*): the last column holds numbers, right-aligned. */
[class*="st-key-numbers_"] :is(td, th):last-child { text-align: right !important; }
</style>
"""


def apply_app_style() -> None:
    st.html(APP_CSS)


def page_title(text: str) -> None:
    """The page's heading, without Streamlit's hidden link icon: under a title that wraps to two lines the icon
    took a blank third line of its own."""
    st.title(text, anchor=False)
