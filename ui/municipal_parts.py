"""The municipal parts of actions on the pages (issue 22): Handlingsprogram's matrix (every shown action with
parts: the region's status first, then the six parts, then the roll-up), one action's parts in its detail, and
the history with its «Del» column. Layout only: the rows come from `indicators.municipal_matrix`, the words and
the escaped HTML from `indicators.present.municipal_parts`.

The matrix is one table on a wide screen (readable from the back of a meeting room: the statuses in the page's
body size, icon and word, never colour alone) and, below 640 px, one block per action with «Gol: ► I gang»
items that wrap, so a phone needs no sideways scrolling.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import pandas as pd
import streamlit as st

from indicators.municipal_matrix import PartEntryLike, PartsRow, latest_part_entries, parts_row, parts_rows
from indicators.plan_state import PlanState
from indicators.present import texts
from indicators.present.export import table_excel_csv_button
from indicators.present.municipal_parts import history_with_parts, matrix_html, matrix_table, rollup_text
from indicators.present.texts import municipal_parts as t
from indicators.regions import Region
from ui.data import derived


def rows_for(actions: pd.DataFrame, state: PlanState, region: Region) -> list[PartsRow]:
    """The shown actions that have municipal parts, as matrix rows."""
    entries: Sequence[PartEntryLike] = state.entries
    return parts_rows(actions, state.parts, entries, region)


@dataclass(frozen=True)
class Matrix:
    """The matrix for a set of shown actions: how many rows, the HTML table and the table for its download."""

    count: int
    html: str
    table: pd.DataFrame


def matrix_for(actions: pd.DataFrame, state: PlanState, region: Region) -> Matrix:
    rows = rows_for(actions, state, region)
    if not rows:
        return Matrix(0, "", pd.DataFrame())
    return Matrix(len(rows), matrix_html(rows, region), matrix_table(rows, region))


def show_matrix(actions: pd.DataFrame, state: PlanState, region: Region) -> None:
    """Handlingsprogram's matrix for the actions shown (the filters apply). Built once per shown actions and
    database state, and shared: built on every run it was most of the page's server time, and so of every region
    change and filter choice (issue 20)."""
    if not state.parts:
        return
    matrix = derived("parts_matrix", lambda: matrix_for(actions, state, region), actions=actions,
                     database=state.stamp)
    st.subheader(t.HEADING, anchor=False)
    st.caption(texts.fill(t.CAPTION, region))
    if not matrix.count:
        st.info(t.NONE_IN_SELECTION)
        return
    st.caption(t.COUNT.format(count=matrix.count))
    st.html(matrix.html)
    st.download_button(**{**table_excel_csv_button(matrix.table, t.FILE_STEM, "parts_csv_excel"),
                          "label": t.DOWNLOAD})


def show_action_parts(number: int, text: str, region_status: str, state: PlanState, region: Region) -> None:
    """One action's parts in its detail (below its own status, the region's): the roll-up and the parts side by
    side, or that the action has none."""
    codes = state.parts.get(str(int(number)), ())
    if not codes:
        st.caption(t.DETAIL_NO_PARTS)
        return
    row = parts_row(number, text, region_status, codes, latest_part_entries(state.entries), region)
    st.markdown(t.DETAIL_PARTS.format(rollup=rollup_text(row)))
    st.html(matrix_html([row], region, with_action=False, with_rollup=False))


def history_frame(entries: Sequence[PartEntryLike], region: Region) -> pd.DataFrame:
    """The item's history with its «Del» column (the region's status or a municipality's part)."""
    return history_with_parts(entries, region)


def show_parts_rule(region: Region) -> None:
    """Om: which actions have municipal parts (the plan's rule, `municipal_parts.parts_from_plan`) and that the
    secretariat can change it."""
    st.header(t.ABOUT_HEADING)
    total = len(region.members)
    example = region.members[0].name if region.members else ""
    st.markdown(texts.fill(t.ABOUT, region, example=example, total=total, some=max(total - 2, 1)))
