"""Hallingdal indicator dashboard: page config, navigation, the shared sidebar and footer.

Run: streamlit run dashboard.py
"""

from __future__ import annotations

import streamlit as st

from indicators import cache
from indicators.formatting import format_date
from indicators.goals import GoalFileError
from indicators.model import DataShapeError
from indicators.part_time import PartTimeFileError
from indicators.plan_actions import ActionsFileError
from indicators.registry import get_indicator
from ui.data import indicator_frame
from ui.sidebar import region_picker
from ui.state import adopt_legacy_params, show_url_notices

st.set_page_config(
    page_title="Hallingdal – strategisk plan i tal",
    page_icon=":material/monitoring:",
    layout="wide",
    initial_sidebar_state="expanded",
)

PAGES = [
    st.Page("pages/overview.py", title="Oversikt", icon=":material/flag:", url_path="oversikt", default=True),
    st.Page("pages/population.py", title="Folketal", icon=":material/groups:", url_path="folketal"),
    st.Page("pages/jobs.py", title="Arbeidsplassar", icon=":material/work:", url_path="arbeidsplassar"),
    st.Page("pages/climate.py", title="Klima", icon=":material/eco:", url_path="klima"),
    st.Page("pages/part_time.py", title="Deltidsinnbyggjarar", icon=":material/cabin:", url_path="deltidsinnbyggjarar"),
    st.Page("pages/actions.py", title="Handlingsprogram", icon=":material/checklist:", url_path="handlingsprogram"),
    st.Page("pages/meeting.py", title="Møtemodus", icon=":material/co_present:", url_path="motemodus"),
    st.Page("pages/about.py", title="Om", icon=":material/info:", url_path="om"),
]

adopt_legacy_params()
navigation = st.navigation(PAGES)
region_picker()


# The newest figures per topic, named in the footer so a printed or projected page carries its data date.
LATEST_FIGURES = (("population_total", "folketal"), ("jobs_total", "arbeidsplassar"))


# Problems in the data or plan files that a page cannot work around: a message, never a traceback.
FILE_ERRORS = (cache.CacheError, GoalFileError, ActionsFileError, PartTimeFileError, DataShapeError)


def footer() -> None:
    manifests = [m for m in (cache.read_manifest(name) for name in cache.list_datasets()) if m is not None]
    sources = sorted({m.attribution for m in manifests})
    retrieved = max((m.retrieved_at for m in manifests if m.retrieved_at), default=None)
    latest = []
    for indicator_id, label in LATEST_FIGURES:
        try:
            frame = indicator_frame(indicator_id, "hallingdal").dropna(subset=["value"])
        except cache.CacheError:
            continue
        if not frame.empty:
            latest.append(f"{label} {get_indicator(indicator_id).describe_period(int(frame['period'].max()))}")
    newest = f" Nyaste tal: {', '.join(latest)}." if latest else ""
    st.sidebar.divider()
    st.sidebar.caption(
        " · ".join(sources) + f".{newest} Data henta {format_date(retrieved)}. Lisens: CC BY 4.0 der ikkje anna "
        "er sagt. Sjå «Om» for metode og kjelder."
    )


try:
    footer()
except FILE_ERRORS as exc:
    st.sidebar.caption(f"Kjelder: sjå «Om». ({exc})")
show_url_notices()
try:
    navigation.run()
except FILE_ERRORS as exc:
    st.error(f"Sida kan ikkje visast: {exc}", icon="⚠️")
    st.caption(
        "Dei andre sidene kan framleis fungere. Rett fila som er nemnd (plan/ eller data_cache/), hent ho frå "
        "git på nytt, eller køyr `python -m indicators refresh` for datasett frå SSB."
    )
show_url_notices()
