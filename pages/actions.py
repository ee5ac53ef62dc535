"""Handlingsprogram: the plan's 61 action items, filterable, with status counts and exports.

Every filter, the free-text search included, lives in the URL, so a link reopens the same selection.
"""

from __future__ import annotations

import streamlit as st

from indicators.goals import QUALITATIVE_STATUSES
from indicators.plan_actions import (
    display_table,
    filter_actions,
    load_actions,
    plan_areas,
    responsible_bodies,
    status_counts,
    year_options,
)
from indicators.present.export import table_excel_bytes, to_csv_bytes
from indicators.progress import STATUS_ICONS, STATUS_LABELS
from indicators.regions import HALLINGDAL, region_name
from ui.sidebar import current_region
from ui.state import set_param, synced_select, url_raw

ALL = "alle"
SEARCH_KEY, SEARCH_PARAM = "actions_search", "actions_search"
XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
ROW_HEIGHT = 86  # above 64 px the table wraps long text instead of cutting it: about three lines per item

st.title("Handlingsprogram")
if current_region() != HALLINGDAL:
    st.caption(f"Handlingsprogrammet gjeld heile Hallingdal, ikkje berre {region_name(current_region())}.")
st.caption(
    "Handlingsprogrammet i Strategisk plan for Hallingdal 2022–2025: tiltak, tid, ansvar, involvering og "
    "merknad som i planen. Status, statusmerknad og dato for siste vurdering fører sekretariatet i "
    "plan/actions.csv."
)

result = load_actions()
areas = plan_areas()
actions = result.frame
for problem in result.problems:
    st.warning(f"Feil i tiltaksfila: {problem}", icon="⚠️")

col_area, col_year, col_responsible, col_status = st.columns(4)
with col_area:
    area = synced_select(
        "Innsatsområde", [ALL, *areas], param="actions_area", default=ALL,
        format_func=lambda a: "Alle innsatsområde" if a == ALL else areas[a],
    )
with col_year:
    year = synced_select(
        "År", [ALL, *(str(y) for y in year_options(actions))], param="actions_year", default=ALL,
        format_func=lambda y: "Alle år" if y == ALL else y,
        help="Tiltak med tid i det valde året. «Årleg» gjeld alle år; «2021-2024» gjeld kvart år i spennet.",
    )
with col_responsible:
    responsible = synced_select(
        "Ansvar", [ALL, *responsible_bodies(actions)], param="actions_responsible", default=ALL,
        format_func=lambda r: "Alle" if r == ALL else r,
    )
with col_status:
    status = synced_select(
        "Status", [ALL, *QUALITATIVE_STATUSES], param="actions_status", default=ALL,
        format_func=lambda s: "Alle statusar" if s == ALL else STATUS_LABELS[s],
    )
if SEARCH_KEY not in st.session_state:  # a new session: the link's search, if any (only ever used as text)
    st.session_state[SEARCH_KEY] = url_raw(SEARCH_PARAM) or ""
search = st.text_input("Søk i tiltaka", key=SEARCH_KEY, placeholder="t.d. klima, RR eller Viken")
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

st.subheader(f"Viser {len(filtered)} av {len(actions)} tiltak")
counts = status_counts(filtered)
for column, (code, count) in zip(st.columns(len(counts)), counts.items(), strict=True):
    column.metric(f"{STATUS_ICONS[code]} {STATUS_LABELS[code]}", count)

table = display_table(filtered, areas)
if table.empty:
    st.info("Ingen tiltak passar med desse filtera.")
else:
    shown_columns = [c for c in table.columns if not (c == "Innsatsområde" and area != ALL)]
    st.dataframe(
        table, hide_index=True, width="stretch", row_height=ROW_HEIGHT,
        height=min(820, 40 + ROW_HEIGHT * len(table)), column_order=shown_columns,
        column_config={  # widths add up to the main column on a 1920 px screen, so nothing hides to the right
            "Nr.": st.column_config.NumberColumn(width=44, pinned=True),
            "Innsatsområde": st.column_config.TextColumn(width=110),
            "Tema": st.column_config.TextColumn(width=130),
            "Tiltak": st.column_config.TextColumn(width=360),
            "Tid": st.column_config.TextColumn(width=70),
            "Ansvar": st.column_config.TextColumn(width=110),
            "Involvering": st.column_config.TextColumn(width=120),
            "Merknad": st.column_config.TextColumn(width=120),
            "Status": st.column_config.TextColumn(width=100),
            "Statusmerknad": st.column_config.TextColumn(width=150),
            "Sist vurdert": st.column_config.TextColumn(width=110),
        },
    )
    col_csv, col_xlsx, _ = st.columns([1, 1, 3])
    col_csv.download_button(
        "Last ned tabellen (CSV)", to_csv_bytes(table), file_name="handlingsprogram.csv", mime="text/csv",
        key="actions_csv", on_click="ignore",
    )
    col_xlsx.download_button(
        # a callable: the workbook is only built when someone clicks
        "Last ned tabellen (Excel)", lambda: table_excel_bytes(table, "Handlingsprogram"),
        file_name="handlingsprogram.xlsx",
        mime=XLSX_MIME, key="actions_xlsx", on_click="ignore",
    )
