"""The shared sidebar: which region every page shows."""

from __future__ import annotations

import streamlit as st

from indicators.present import texts
from indicators.present.texts import common
from indicators.regions import active_region
from ui.state import keep_choice, synced_select

REGION_PARAM = "region"


def region_picker() -> str:
    """The region as a whole, one of its members or a peer region (group «Liknande regionar»); kept in the URL
    (?region=<code or peer id>).

    A link with a member's older code (as in older reports) opens today's municipality."""
    region = active_region()
    options = _region_options()
    names = region.names
    peers = set(region.peer_ids)

    def label(code: str) -> str:
        return texts.fill(common.PEER_GROUP_OPTION, name=names[code]) if code in peers else names[code]

    with st.sidebar:
        chosen = synced_select(
            common.REGION_PICKER_LABEL,
            options,
            param=REGION_PARAM,
            default=region.selectable[0],
            format_func=label,
            help=texts.fill(common.REGION_PICKER_HELP),
        )
        if chosen in peers:
            members = ", ".join(region.region_name(code) for code in region.parts(chosen))
            st.caption(texts.fill(common.PEER_PICKER_CAPTION, name=names[chosen], members=members))
    return chosen


def keep_region() -> str:
    """The region on a page whose sidebar has no picker (ui/navigation.py): kept as the picker would keep it."""
    return keep_choice(REGION_PARAM, _region_options(), active_region().selectable[0])


def _region_options() -> tuple[str, ...]:
    """The picker's options; a link's older member code is first put right in the URL to today's."""
    region = active_region()
    options = (*region.selectable, *region.peer_ids)
    raw = st.query_params.get(REGION_PARAM)
    today = region.current_code(raw) if raw is not None and raw not in options else None
    if today is not None and today in region.selectable:
        st.query_params[REGION_PARAM] = today
    return options


def chosen_region() -> str:
    """The region chosen in the sidebar, a peer region included: for the pages of figures (Folketal,
    Arbeidsplassar, …), which show a peer's sums like the region's own."""
    known = active_region()
    value = st.session_state.get(f"url_{REGION_PARAM}")
    return value if value in known.selectable or value in known.peer_ids else known.selectable[0]


def current_region() -> str:
    """The region chosen in the sidebar among the plan's own (the region and its members): for the pages built on
    the plan, which show the configured region while a peer is chosen (see `say_plan_region`)."""
    selectable = active_region().selectable
    value = st.session_state.get(f"url_{REGION_PARAM}")
    return value if value in selectable else selectable[0]


def say_plan_region() -> None:
    """On a page built on the plan: say, when a peer region is chosen, that the page shows the plan's region."""
    known = active_region()
    chosen = chosen_region()
    if chosen in known.peer_ids:
        st.caption(texts.fill(common.PLAN_REGION_NOTE, plan_region=known.name, name=known.region_name(chosen)))
