"""The app's pages: file, URL path and icon, in menu order (the first is the start page, served at "/").

Titles come from the texts (texts.common.PAGE_TITLES, keyed by URL path). Tests read this table, so a new
page is covered by the page and browser tests without editing them.

Each page file is named after its URL path (pages/folketal.py serves /folketal), and starts with
`run_inside_the_app()`. Streamlit runs the first session after a server start through its older pages/-folder
router, which knows pages only by file name and runs a page file on its own: with other file names the first
deep link (and every visit to /oversikt) showed an English "Page not found" dialog; with these names the page is
found, and the guard hands the run to streamlit_app.py, which draws the sidebar and runs the page as always. The URL
paths are the ones council minutes already link to.

Streamlit 1.67 has no public way to tell that older router is running (no config option turns the pages/ folder
off, and st.navigation turns it off only once it has run), so the guard reads Streamlit's private
`PagesManager.uses_pages_directory`, here and nowhere else; tests/test_navigation_router.py fails the day
Streamlit changes it.
"""

from __future__ import annotations

import copy
import runpy
from collections.abc import Mapping
from pathlib import Path
from typing import NamedTuple

import streamlit as st
from streamlit.runtime.pages_manager import PagesManager
from streamlit.runtime.scriptrunner import get_script_run_ctx

ENTRY_POINT = Path(__file__).resolve().parent.parent / "streamlit_app.py"


class PageEntry(NamedTuple):
    file: str
    url_path: str
    icon: str
    # False: the sidebar holds the page menu only, no region picker, language links or sources line
    # (streamlit_app.py). For a page that has those choices of its own and a source line on every figure.
    full_sidebar: bool = True


PAGE_TABLE: tuple[PageEntry, ...] = (
    PageEntry("pages/oversikt.py", "oversikt", ":material/flag:"),
    PageEntry("pages/folketal.py", "folketal", ":material/groups:"),
    PageEntry("pages/arbeidsplassar.py", "arbeidsplassar", ":material/work:"),
    PageEntry("pages/klima.py", "klima", ":material/eco:"),
    PageEntry("pages/deltidsinnbyggjarar.py", "deltidsinnbyggjarar", ":material/cabin:"),
    PageEntry("pages/handlingsprogram.py", "handlingsprogram", ":material/checklist:"),
    # Meeting mode is a projector surface: its region and language are chosen under «Vel innhald for møtet», each
    # slide names its source, and its sidebar starts closed. A second region picker there would only confuse, and
    # the sidebar's picker, language choice and sources line cost every opening of the page ~60 ms of the browser's
    # main thread (bench/README.md, seventh session).
    PageEntry("pages/motemodus.py", "motemodus", ":material/co_present:", full_sidebar=False),
    PageEntry("pages/rapportering.py", "rapportering", ":material/edit_note:"),
    PageEntry("pages/om.py", "om", ":material/info:"),
)
# The start page's own path: Streamlit reserves a default page's path without serving it (streamlit_app.py).
START_URL_PATH = "start"
PAGE_URL_PATHS: tuple[str, ...] = (START_URL_PATH, *(entry.url_path for entry in PAGE_TABLE))
MENU_ONLY_SIDEBAR: frozenset[str] = frozenset(entry.url_path for entry in PAGE_TABLE if not entry.full_sidebar)

# The pages as st.Page objects, made once per set of titles (one per language). Making one resolves its file's path
# on disk (a few stat calls each, ~4 ms of every run for the menu's ten); each run gets its own shallow copies,
# since st.navigation marks the page it hands back as the one that may run (per session, per run).
_PAGE_PROTOTYPES: dict[tuple[str, ...], tuple[st.Page, ...]] = {}


def app_pages(titles: Mapping[str, str]) -> list[st.Page]:
    """The menu for st.navigation, titled from `titles` (URL path → title). The start page is served at "/"; its own
    path (/oversikt, in older links) is a hidden second entry, since Streamlit reserves a default page's path
    without serving it."""
    key = tuple(titles[entry.url_path] for entry in PAGE_TABLE)
    prototypes = _PAGE_PROTOTYPES.get(key)
    if prototypes is None:
        prototypes = _make_pages(titles)
        if get_script_run_ctx() is not None:  # made outside a run, a page is left half-made: not kept
            _PAGE_PROTOTYPES[key] = prototypes
    return [copy.copy(page) for page in prototypes]


def _make_pages(titles: Mapping[str, str]) -> tuple[st.Page, ...]:
    start, *others = PAGE_TABLE
    root = ENTRY_POINT.parent  # absolute paths: the same pages whichever script made them first
    return (
        st.Page(root / start.file, title=titles[start.url_path], icon=start.icon, url_path=START_URL_PATH,
                default=True),
        *(st.Page(root / entry.file, title=titles[entry.url_path], icon=entry.icon, url_path=entry.url_path)
          for entry in others),
        st.Page(root / start.file, title=titles[start.url_path], url_path=start.url_path, visibility="hidden"),
    )


def run_inside_the_app() -> None:
    """Run the app's entry point instead when Streamlit's older router runs this page file on its own (the first
    session after a server start): streamlit_app.py then picks this page through st.navigation, with the sidebar."""
    if PagesManager.uses_pages_directory:  # st.navigation sets it False; only the older router leaves it set
        runpy.run_path(str(ENTRY_POINT), run_name="__main__")
        st.stop()
