"""The shared sidebar: which region every page shows."""

from __future__ import annotations

import streamlit as st

from indicators.regions import REGION_NAMES, SELECTABLE_REGIONS, current_code
from ui.state import synced_select

REGION_PARAM = "region"


def region_picker() -> str:
    """Hallingdal as a whole or one of the six municipalities; kept in the URL (?region=3326).

    A link with a municipality's older code (?region=0618 or 3042, as in older reports) opens today's."""
    raw = st.query_params.get(REGION_PARAM)
    if raw is not None and raw not in SELECTABLE_REGIONS and current_code(raw) in SELECTABLE_REGIONS:
        st.query_params[REGION_PARAM] = current_code(raw)
    with st.sidebar:
        return synced_select(
            "Region",
            SELECTABLE_REGIONS,
            param=REGION_PARAM,
            default=SELECTABLE_REGIONS[0],
            format_func=lambda code: REGION_NAMES[code],
            help="Alle sidene viser den valde regionen. Hallingdal er summen av dei seks kommunane.",
        )


def current_region() -> str:
    """The region chosen in the sidebar (for pages; the sidebar is drawn by dashboard.py)."""
    value = st.session_state.get(f"url_{REGION_PARAM}")
    return value if value in SELECTABLE_REGIONS else SELECTABLE_REGIONS[0]
