"""Handlingsprogram: the plan's 61 action items, filterable, with status counts and exports."""

from __future__ import annotations

import streamlit as st

from indicators.goals import QUALITATIVE_STATUSES
from indicators.plan_actions import (
    csv_bytes,
    display_table,
    excel_bytes,
    filter_actions,
    load_actions,
    plan_areas,
    responsible_bodies,
    status_counts,
    year_options,
)
from indicators.progress import STATUS_ICONS, STATUS_LABELS
from ui.state import synced_select

ALL = "alle"

st.title("Handlingsprogram")
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
search = st.text_input("Søk i tiltaka", key="actions_search", placeholder="t.d. klima, RR eller Viken")


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
    st.dataframe(
        table, hide_index=True, width="stretch",
        column_config={
            "Nr.": st.column_config.NumberColumn(width="small"),
            "Tiltak": st.column_config.TextColumn(width="large"),
        },
    )
    col_csv, col_xlsx, _ = st.columns([1, 1, 3])
    col_csv.download_button(
        "Last ned tabellen (CSV)", csv_bytes(table), file_name="handlingsprogram.csv", mime="text/csv",
        key="actions_csv",
    )
    col_xlsx.download_button(
        "Last ned tabellen (Excel)", excel_bytes(table), file_name="handlingsprogram.xlsx",
        mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", key="actions_xlsx",
    )
