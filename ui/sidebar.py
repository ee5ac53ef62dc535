"""The shared sidebar: which region every page shows."""

from __future__ import annotations

import streamlit as st

from indicators.present import texts
from indicators.present.texts import common
from indicators.regions import active_region
from ui.state import synced_select

REGION_PARAM = "region"


def region_picker() -> str:
    """The region as a whole or one of its members; kept in the URL (?region=<code>).

    A link with a member's older code (as in older reports) opens today's municipality."""
    region = active_region()
    raw = st.query_params.get(REGION_PARAM)
    today = region.current_code(raw) if raw is not None else None
    if raw is not None and raw not in region.selectable and today is not None and today in region.selectable:
        st.query_params[REGION_PARAM] = today
    names = region.names
    with st.sidebar:
        return synced_select(
            common.REGION_PICKER_LABEL,
            region.selectable,
            param=REGION_PARAM,
            default=region.selectable[0],
            format_func=lambda code: names[code],
            help=texts.fill(common.REGION_PICKER_HELP),
        )


def current_region() -> str:
    """The region chosen in the sidebar (for pages; the sidebar is drawn by dashboard.py)."""
    selectable = active_region().selectable
    value = st.session_state.get(f"url_{REGION_PARAM}")
    return value if value in selectable else selectable[0]
