"""The language of the page: the URL's `?lang=nb|nn|en` (a link, or the language links every page shows), else
the language this browser session last had, else the region file's. `start_run` (first thing on every run, in
streamlit_app.py) makes it active for the run's texts; `keep_language` writes it back to the URL.

The choice is three plain links, «Språk: Nynorsk · Bokmål · English», not a radio widget: a widget costs every
opening page its mounting in the browser (~40 ms of a chart page's ~700, issue 20), the links next to nothing.
A click does not reload the page: ui/style.py's page script puts the language in the address and lets Streamlit
rerun the page for it (the session, a sign-in included, stays); without the script the link reloads the page in
that language, the view kept by the URL.
"""

from __future__ import annotations

from urllib.parse import urlencode

import streamlit as st
from markupsafe import Markup
from streamlit.runtime.scriptrunner import get_script_run_ctx

from indicators import i18n
from indicators.present.html import render
from indicators.present.texts import common
from ui.state import set_param, url_choice

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
    """The URL's `?lang=` (a link or a language link just clicked), else the session's; None: the region's default.
    The URL loses its parameters when the menu opens another page: the session's language then carries on."""
    value = st.query_params.get(PARAM)
    if not (isinstance(value, str) and value in i18n.LANGUAGES):
        value = st.session_state.get(_SESSION_KEY)
    return value if isinstance(value, str) and value in i18n.LANGUAGES else None


def start_run() -> str:
    """Make the requested language active for this run (and remember it for fragments); returns it."""
    language = i18n.set_language(requested())
    st.session_state[_SESSION_KEY] = language
    return language


def keep_language() -> str:
    """Write the run's language to the URL (?lang=), so a copied link opens the page in it; a link's unknown value
    is said once and replaced (ui/state.py's rules for every parameter)."""
    language = i18n.current()
    url_choice(PARAM, list(i18n.LANGUAGES), language)  # the notice for a bad value; the run's language stands
    set_param(PARAM, language)
    return language


def language_links() -> list[dict[str, object]]:
    """The three languages for the template: the current one marked, the others a link to it. The address is
    only `?lang=…` here, the same whatever the view: the page script completes it from the page's own address (the
    region, the tab, …), so the element is not sent and drawn anew when the region changes."""
    current = i18n.current()
    return [
        {"code": code, "name": name, "current": code == current, "href": "?" + urlencode({PARAM: code})}
        for code, name in i18n.LANGUAGES.items()
    ]


def language_html(sources: str = "") -> Markup:
    """«Språk: Nynorsk · Bokmål · English», and under a rule the `sources` line when given: one HTML element (see
    the module docstring)."""
    return render("snippets/sidebar_footer.html.j2", label=common.LANGUAGE_PICKER_LABEL, languages=language_links(),
                  sources=sources)
