"""A chart page's sections as tabs, of which only the open one is drawn.

A page with five to eight charts kept the browser busy drawing all of them after every region change, most of
them below the first screen (issue 13: the plotly drawing, not the server, was what a region change waited
for). Each section is one message on a projector; the open section is in the URL (`?section=<tab label>`,
Streamlit's query-parameter binding), so a link reopens it, and a link with an unknown section opens the first.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

import streamlit as st

SECTION_PARAM = "section"


def show_sections(sections: Mapping[str, Callable[[], None]]) -> str:
    """Tabs labelled with the keys of `sections`; runs the open tab's function inside it. Returns the open label.

    Labels must not depend on the region (the URL keeps the label while the region changes)."""
    labels = list(sections)
    tabs = st.tabs(labels, key=SECTION_PARAM, bind="query-params")
    opened = labels[0]
    for label, tab in zip(labels, tabs, strict=True):
        if tab.open:
            opened = label
            with tab:
                sections[label]()
    return opened
