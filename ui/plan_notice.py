"""Plain notices for a region the plan files or the data do not cover yet, instead of empty widgets or a crash.

- A region with members only (no plan in the region file): the pages of the plan (Oversikt, Handlingsprogram,
  Møtemodus, Rapportering) call `require_plan()` after their title; it raises NoPlanError, which the app's frame
  (streamlit_app.py) answers with `show_no_plan()`: no plan is loaded, and how to add one.
- A region whose municipalities the data snapshot has no figures for: a chart page calls `require_figures()`
  with its main indicator; NoFiguresError is answered with `show_no_figures()`. Nothing is estimated.
"""

from __future__ import annotations

import streamlit as st

from indicators.cache import CacheError, has_dataset
from indicators.present import texts
from indicators.present.texts import common
from indicators.regions import NoPlanError, active_region
from indicators.registry import get_indicator
from ui.data import indicator_frame
from ui.operator import for_reader
from ui.style import page_title


class NoFiguresError(Exception):
    """The data snapshot has no figures of the page's indicator for the chosen region."""

    def __init__(self, region: str):
        super().__init__(region)
        self.region = region


def require_plan(title: str = "") -> None:
    """Raise NoPlanError when the active region file names no plan (the page shows the notice instead);
    `title`: a heading to draw first, for a page that has not drawn its own yet."""
    region = active_region()
    if not region.has_plan:
        if title:
            page_title(title)
        raise NoPlanError(region)


def show_no_plan() -> None:
    """Say plainly that no plan is loaded and how to add one (the plan keys of the region file)."""
    region = active_region()
    file = region.source_file.name if region.source_file is not None else "region.toml"
    st.info(texts.fill(common.NO_PLAN, region, file=f"`{file}`"), icon=":material/info:")
    st.markdown(common.NO_PLAN_HOW)
    st.code(texts.fill(common.NO_PLAN_EXAMPLE, region), language=None)  # highlighted TOML fails contrast (axe)
    st.markdown(common.NO_PLAN_AFTER)


def require_figures(indicator_id: str, region: str) -> None:
    """Raise NoFiguresError when the snapshot has no figure of `indicator_id` for `region`."""
    try:
        frame = indicator_frame(indicator_id, region)
    except LookupError:  # no rows for the region's municipalities
        raise NoFiguresError(region) from None
    except CacheError:
        if all(has_dataset(name) for name in get_indicator(indicator_id).datasets):
            raise  # a damaged dataset says so (and how to fix it), not "no figures"
        raise NoFiguresError(region) from None
    if frame[frame["region_code"] == region]["value"].dropna().empty:
        raise NoFiguresError(region)


def show_no_figures(error: NoFiguresError) -> None:
    """Say plainly that the snapshot has no figures for the region's municipalities (and how to get them)."""
    known = active_region()
    parts = known.parts(error.region)
    names = ", ".join(f"{known.region_name(code)} ({code})" for code in parts)
    st.warning(for_reader(texts.fill(common.NO_FIGURES, name=known.region_name(error.region), members=names)),
               icon=":material/warning:")
