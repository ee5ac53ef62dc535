"""Møtemodus: the slide «Kommunane sine delar» (issue 22): the actions with municipal parts whose region status
or any part changed since the last recorded meeting, the region's status first (the secretariat's), then each
municipality's part and the roll-up — Handlingsprogram's matrix (`present.municipal_parts.matrix_html`) in the
slide's text size. Layout only: the page hands down its evaluated state, its changes and its programme.

At most `ROWS_ON_SLIDE` actions fit one 1280×720 slide with text of 20 px or more; the rest are counted
(«… og 3 tiltak til»), and all of them are on Handlingsprogram.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

import pandas as pd
import streamlit as st

from indicators.formatting import format_date
from indicators.municipal_matrix import PartsRow, parts_rows
from indicators.plan_state import PlanState
from indicators.present import texts
from indicators.present.html import render, text_html
from indicators.present.municipal_parts import matrix_html
from indicators.present.texts import municipal_parts as t
from indicators.regions import Region
from ui.state import set_param, url_choice, widget_key

ROWS_ON_SLIDE = 4

# The matrix at the slide's size (`--u`: one pixel of the 1920×1080 design, see pages/motemodus.py SLIDE_CSS).
MEETING_PARTS_CSS = """
<style>
.meeting-parts .parts-matrix { max-height: none; overflow: visible; border: none; }
.meeting-parts .parts-table { font-size: max(20px, calc(28 * var(--u))); line-height: 1.25; }
.meeting-parts .parts-table td, .meeting-parts .parts-table th { white-space: normal; min-width: 0;
  padding: 0.25em 0.4em; }
.meeting-parts .parts-table .parts-action { min-width: 0; max-width: 16em; }
.meeting-parts .parts-text { display: -webkit-box; -webkit-line-clamp: 2; -webkit-box-orient: vertical;
  overflow: hidden; }
.meeting-parts .parts-table td.parts-rollup { min-width: 0; font-size: 1em; }
.meeting-parts .meeting-explanation { margin-top: 0.4em; }
/* the slide's own lines at the council's reading size (the page's explanation style floors at 14 px) */
.meeting-explanation.meeting-parts-note { font-size: max(20px, calc(26 * var(--u))); }
</style>
"""


def changed_rows(state: PlanState, programme: pd.DataFrame, changed_actions: set[str], region: Region,
                 ) -> list[PartsRow]:
    """The actions of `programme` (number, text, status as followed up) with municipal parts whose region status
    or a part changed (`changed_actions`: numbers as text, from the page's changes since the meeting)."""
    if not changed_actions or not state.parts:
        return []
    numbers = programme["number"].map(lambda n: str(int(n)))
    return parts_rows(programme[numbers.isin(changed_actions)], state.parts, state.entries, region)


def parts_toggle(available: bool) -> bool:
    """«Vis lysbiletet «Kommunane sine delar»» (kept in the URL as ?parts=1/0): offered when an action with parts
    changed since the last meeting, and then on by default."""
    key = widget_key("parts")
    if not available:
        return False
    if not isinstance(st.session_state.get(key), bool):
        st.session_state[key] = url_choice("parts", ["0", "1"], "1") == "1"
    on = st.checkbox(t.SLIDE_OPTION, key=key)
    set_param("parts", "1" if on else "0")
    return on


def parts_slide(rows: Sequence[PartsRow], region: Region, since: tuple[dt.date, str]) -> str:
    """The slide: headline, what it shows, the first `ROWS_ON_SLIDE` rows and how many more; returns its label
    for the top bar."""
    st.markdown(text_html("div", "meeting-headline", t.SLIDE_HEADLINE), unsafe_allow_html=True)
    intro = texts.fill(t.SLIDE_INTRO, region, meeting=since[1], date=format_date(since[0]))
    st.markdown(text_html("div", "meeting-explanation meeting-parts-note", intro), unsafe_allow_html=True)
    rest = len(rows) - ROWS_ON_SLIDE
    more = t.SLIDE_MORE.format(count=rest) if rest > 0 else ""
    st.html(MEETING_PARTS_CSS)  # apart: a str joined to Markup would be escaped (the matrix's own look: ui/style.py)
    st.html(render("snippets/meeting_parts.html.j2", matrix=matrix_html(rows[:ROWS_ON_SLIDE], region), more=more))
    return t.SLIDE_LABEL
