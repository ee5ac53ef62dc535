"""The language of the page: `?lang=nb|nn|en` and the sidebar's picker (bound to that parameter), else the region
file's language. `start_run` (first thing on every run, in streamlit_app.py) makes it active for the run's texts."""

from __future__ import annotations

import streamlit as st
from streamlit.delta_generator import DeltaGenerator
from streamlit.runtime.scriptrunner import get_script_run_ctx

from indicators import i18n
from indicators.present.texts import common
from ui.state import keep_choice, synced_select, widget_key

PARAM = "lang"
_SESSION_KEY = "_language"


def _session_language() -> str | None:
    """The session's language, for a fragment rerun that starts without streamlit_app.py (no run: None)."""
    if get_script_run_ctx(suppress_warning=True) is None:
        return None
    value = st.session_state.get(_SESSION_KEY)
    return value if isinstance(value, str) else None


i18n.set_fallback(_session_language)


def requested() -> str | None:
    """The picker's value (a user's choice wins), else the link's `?lang=`; None: the region's default."""
    value = st.session_state.get(widget_key(PARAM))
    if value is None:
        value = st.query_params.get(PARAM)
    return value if isinstance(value, str) and value in i18n.LANGUAGES else None  # as the picker reads it


def start_run() -> str:
    """Make the requested language active for this run (and remember it for fragments); returns it."""
    language = i18n.set_language(requested())
    st.session_state[_SESSION_KEY] = language
    return language


def language_picker(place: DeltaGenerator | None = None) -> str:
    """The language choice, in the sidebar unless `place` is given, kept in the URL as ?lang=."""
    default = i18n.default_language()
    with place if place is not None else st.sidebar:
        # three short names side by side: one click, and the region picker stays the sidebar's only menu.
        # Not Streamlit's own binding: it keeps the shown name in the URL (?lang=English), not the code.
        chosen = synced_select(
            common.LANGUAGE_PICKER_LABEL, list(i18n.LANGUAGES), param=PARAM, default=default,
            format_func=lambda code: i18n.LANGUAGES[code], widget=st.radio, horizontal=True,
        )
    return i18n.normalise(chosen) or default


def keep_language() -> str:
    """The language on a page whose sidebar has no picker (ui/navigation.py): kept as the picker would keep it."""
    default = i18n.default_language()
    return i18n.normalise(keep_choice(PARAM, list(i18n.LANGUAGES), default)) or default
