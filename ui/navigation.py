"""The app's pages: file, URL path and icon, in menu order (the first is the start page, served at "/").

Titles come from the texts (texts.common.PAGE_TITLES, keyed by URL path). Tests read this table, so a new
page is covered by the page and browser tests without editing them.
"""

from __future__ import annotations

from typing import NamedTuple


class PageEntry(NamedTuple):
    file: str
    url_path: str
    icon: str


PAGE_TABLE: tuple[PageEntry, ...] = (
    PageEntry("pages/overview.py", "oversikt", ":material/flag:"),
    PageEntry("pages/population.py", "folketal", ":material/groups:"),
    PageEntry("pages/jobs.py", "arbeidsplassar", ":material/work:"),
    PageEntry("pages/climate.py", "klima", ":material/eco:"),
    PageEntry("pages/part_time.py", "deltidsinnbyggjarar", ":material/cabin:"),
    PageEntry("pages/actions.py", "handlingsprogram", ":material/checklist:"),
    PageEntry("pages/meeting.py", "motemodus", ":material/co_present:"),
    PageEntry("pages/reporting.py", "rapportering", ":material/edit_note:"),
    PageEntry("pages/about.py", "om", ":material/info:"),
)
