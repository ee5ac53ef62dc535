"""Handlingsprogram: the plan's 61 action items, filterable, with status counts and exports.

Every filter, the free-text search included, lives in the URL, so a link reopens the same selection.
"""

from __future__ import annotations

import streamlit as st

from indicators.goals import QUALITATIVE_STATUSES
from indicators.plan_actions import (
    DISPLAY_HEADERS,
    display_table,
    filter_actions,
    load_actions,
    responsible_bodies,
    status_counts,
    year_options,
)
from indicators.present import texts
from indicators.present.export import table_excel_bytes, to_csv_bytes
from indicators.present.texts import actions as t
from indicators.progress import STATUS_ICONS, STATUS_LABELS
from indicators.regions import active_region, region_name
from ui.data import plan
from ui.sidebar import current_region
from ui.state import set_param, synced_select, url_raw

ALL = "alle"
SEARCH_KEY, SEARCH_PARAM = "actions_search", "actions_search"
XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
ROW_HEIGHT = 86  # above 64 px the table wraps long text instead of cutting it: about three lines per item
# widths add up to the main column on a 1920 px screen, so nothing hides to the right
COLUMN_WIDTHS = {
    "number": 44, "area_name": 110, "subheading": 130, "text": 360, "time": 70, "responsible": 110,
    "involved": 120, "remark": 120, "status_label": 100, "status_note": 150, "reviewed": 110,
}

region = active_region()
st.title(t.TITLE)
if current_region() != region.id:
    st.caption(texts.fill(t.WHOLE_REGION, region, name=region_name(current_region())))
st.caption(texts.fill(t.CAPTION, region))

areas = {area.id: area.name for area in plan().areas}  # the plan as this run has it, read once
result = load_actions(areas=areas)
actions = result.frame
for problem in result.problems:
    st.warning(t.FILE_PROBLEM.format(problem=problem), icon="⚠️")

col_area, col_year, col_responsible, col_status = st.columns(4)
with col_area:
    area = synced_select(
        t.AREA_FILTER, [ALL, *areas], param="actions_area", default=ALL,
        format_func=lambda a: t.ALL_AREAS if a == ALL else areas[a],
    )
with col_year:
    year = synced_select(
        t.YEAR_FILTER, [ALL, *(str(y) for y in year_options(actions, region.plan.period))], param="actions_year",
        default=ALL, format_func=lambda y: t.ALL_YEARS if y == ALL else y, help=t.YEAR_HELP,
    )
with col_responsible:
    responsible = synced_select(
        t.RESPONSIBLE_FILTER, [ALL, *responsible_bodies(actions)], param="actions_responsible", default=ALL,
        format_func=lambda r: t.ALL_RESPONSIBLE if r == ALL else r,
    )
with col_status:
    status = synced_select(
        t.STATUS_FILTER, [ALL, *QUALITATIVE_STATUSES], param="actions_status", default=ALL,
        format_func=lambda s: t.ALL_STATUSES if s == ALL else STATUS_LABELS[s],
    )
if SEARCH_KEY not in st.session_state:  # a new session: the link's search, if any (only ever used as text)
    st.session_state[SEARCH_KEY] = url_raw(SEARCH_PARAM) or ""
search = st.text_input(t.SEARCH, key=SEARCH_KEY, placeholder=t.SEARCH_PLACEHOLDER)
if search.strip():
    set_param(SEARCH_PARAM, search)
elif SEARCH_PARAM in st.query_params:
    del st.query_params[SEARCH_PARAM]


def chosen(value: str) -> list[str] | None:
    return None if value == ALL else [value]


filtered = filter_actions(
    actions,
    areas=chosen(area),
    years=[int(year)] if year != ALL else None,
    responsible=chosen(responsible),
    statuses=chosen(status),
    text=search,
)

st.subheader(t.SHOWING.format(shown=len(filtered), total=len(actions)))
counts = status_counts(filtered)
for column, (code, count) in zip(st.columns(len(counts)), counts.items(), strict=True):
    column.metric(f"{STATUS_ICONS[code]} {STATUS_LABELS[code]}", count)

table = display_table(filtered, areas)
if table.empty:
    st.info(t.NOTHING_MATCHES)
else:
    shown_columns = [c for c in table.columns if not (c == DISPLAY_HEADERS["area_name"] and area != ALL)]
    st.dataframe(
        table, hide_index=True, width="stretch", row_height=ROW_HEIGHT,
        height=min(820, 40 + ROW_HEIGHT * len(table)), column_order=shown_columns,
        column_config={
            DISPLAY_HEADERS[column]: (
                st.column_config.NumberColumn(width=width, pinned=True) if column == "number"
                else st.column_config.TextColumn(width=width)
            )
            for column, width in COLUMN_WIDTHS.items()
        },
    )
    col_csv, col_xlsx, _ = st.columns([1, 1, 3])
    col_csv.download_button(
        t.DOWNLOAD_CSV, to_csv_bytes(table), file_name=f"{t.FILE_STEM}.csv", mime="text/csv",
        key="actions_csv", on_click="ignore",
    )
    col_xlsx.download_button(
        # a callable: the workbook is only built when someone clicks
        t.DOWNLOAD_EXCEL, lambda: table_excel_bytes(table, t.SHEET_NAME),
        file_name=f"{t.FILE_STEM}.xlsx",
        mime=XLSX_MIME, key="actions_xlsx", on_click="ignore",
    )
