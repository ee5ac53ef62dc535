"""Handlingsprogram: the plan's action items as followed up (the latest status from the follow-up database with
who assessed it and when, actions added at a revision, dropped ones marked), filterable, with status counts,
each action's history and exports; and the programme as the plan adopted it, with its own exports.

Every filter, the free-text search included, lives in the URL, so a link reopens the same selection.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pandas as pd
import streamlit as st

from indicators import i18n
from indicators.plan_actions import (
    ACTION_STATUS_ALIASES,
    ACTION_STATUSES,
    DISPLAY_HEADERS,
    REVISION_FILTERS,
    display_table,
    filter_actions,
    responsible_bodies,
    status_counts,
    year_options,
)
from indicators.present import texts
from indicators.present.changes import assessed_text
from indicators.present.export import table_excel_bytes, table_excel_csv_button, to_csv_bytes
from indicators.present.goal_status import note_html
from indicators.present.html import link, text_html
from indicators.present.key_figures import KeyFigure
from indicators.present.municipal_parts import status_words
from indicators.present.texts import actions as t
from indicators.present.texts import changes as tc
from indicators.progress import STATUS_ICONS, STATUS_LABELS
from indicators.regions import active_region, region_name
from indicators.safe_text import markdown_escaped
from ui.data import action_programme, derived, plan_state
from ui.key_figures import show_key_figures
from ui.municipal_parts import history_frame, show_action_parts, show_matrix
from ui.navigation import run_inside_the_app
from ui.plan_notice import require_plan
from ui.sidebar import current_region, say_plan_region
from ui.state import set_param, synced_select, url_raw
from ui.style import page_title

run_inside_the_app()  # first: see ui/navigation.py

ALL = "alle"
SEARCH_KEY, SEARCH_PARAM = "actions_search", "actions_search"
XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
ROW_HEIGHT = 86  # above 64 px the table wraps long text instead of cutting it: about three lines per item
# On screen the number and the status (icon and word, never colour alone) come first,
# then the action and who does it when: at 1280 px the status was off to the right.
SCREEN_ORDER = (
    "number", "status_label", "text", "time", "responsible", "reviewed", "area_name", "subheading", "involved",
    "remark", "status_note", "reported_by", "entered", "revision",
)
PINNED = ("number",)  # a pinned column is drawn in grey: the status stays in normal ink
COLUMN_WIDTHS = {
    "number": 44, "area_name": 110, "subheading": 130, "text": 380, "time": 70, "responsible": 110,
    "involved": 120, "remark": 120, "status_label": 140, "status_note": 150, "reviewed": 110,
    "reported_by": 90, "entered": 150, "revision": 130,
}
# (the status note is shown with the history below, its web addresses clickable)
DETAIL_FIELDS = ("area_name", "subheading", "time", "responsible", "involved", "remark", "revision")


@dataclass(frozen=True)
class ActionView:
    """The actions a choice of filters shows: the rows, their status counts, the table as downloaded (the plain
    status word) and as on screen (with the status icon). Built once per follow-up state and filters and shared by
    every run and session (ui.data.derived): a region change or another session's visit builds nothing again.
    Read-only."""

    filtered: pd.DataFrame
    counts: dict[str, int]
    table: pd.DataFrame
    on_screen: pd.DataFrame


def action_view(actions: pd.DataFrame, areas: dict[str, str], adopted: bool, filters: dict[str, Any]) -> ActionView:
    filtered = filter_actions(actions, **filters)
    table = display_table(filtered, areas)
    if not adopted:  # mark the revision in the text column too, so a dropped action reads as dropped
        marks = filtered["revision"].map(lambda text: f" [{text}]" if text else "")
        table[DISPLAY_HEADERS["text"]] = table[DISPLAY_HEADERS["text"]] + marks.to_numpy()
    on_screen = table.copy()  # the downloads keep the plain status word
    status_header = DISPLAY_HEADERS["status_label"]
    if status_header in on_screen and not on_screen.empty:
        icons = filtered["status"].map(lambda code: STATUS_ICONS.get(code, "")).to_numpy()
        on_screen[status_header] = [f"{icon} {label}".strip() for icon, label in zip(icons, on_screen[status_header],
                                                                                     strict=True)]
    return ActionView(filtered, status_counts(filtered), table, on_screen)


region = active_region()
page_title(t.TITLE)
require_plan()  # a region with members only: the notice instead of an empty programme
say_plan_region()  # a peer region chosen in the sidebar: the programme is the plan's own region's
# One caption whatever the region: an element that comes and goes would shift every element after it, and the
# browser would then build the action table anew on every region change instead of keeping it.
whole_region_note = (
    [texts.fill(t.WHOLE_REGION, region, name=region_name(current_region()))] if current_region() != region.id else []
)
st.caption("  \n".join([*whole_region_note, texts.fill(t.CAPTION, region)]))

state = plan_state()  # the plan and the follow-up database's state, read once for this run
if not state.available:
    st.warning(tc.UNAVAILABLE.format(reason=state.problem), icon="⚠️")
programme = action_programme(state)
areas = programme.areas
for problem in programme.problems:
    st.warning(t.FILE_PROBLEM.format(problem=markdown_escaped(problem)), icon="⚠️")
adopted_view = st.toggle(t.AS_ADOPTED, key="actions_as_adopted", help=t.AS_ADOPTED_HELP)
actions = programme.adopted if adopted_view else programme.current
if adopted_view:
    st.info(t.AS_ADOPTED_NOTE)
# the filters' choices, once per follow-up state (the programme's files are in derived's own key)
years, bodies = derived("action_choices", lambda: (year_options(actions), responsible_bodies(actions)),
                        database=state.stamp, adopted=adopted_view)

col_area, col_year, col_responsible, col_status, col_revision = st.columns(5)
with col_area:
    area = synced_select(
        t.AREA_FILTER, [ALL, *areas], param="actions_area", default=ALL,
        format_func=lambda a: t.ALL_AREAS if a == ALL else areas[a],
    )
with col_year:
    year = synced_select(
        t.YEAR_FILTER, [ALL, *(str(y) for y in years)], param="actions_year",
        default=ALL, format_func=lambda y: t.ALL_YEARS if y == ALL else y, help=t.YEAR_HELP,
    )
with col_responsible:
    responsible = synced_select(
        t.RESPONSIBLE_FILTER, [ALL, *bodies], param="actions_responsible", default=ALL,
        format_func=lambda r: t.ALL_RESPONSIBLE if r == ALL else r,
    )
with col_status:
    if st.query_params.get("actions_status") in ACTION_STATUS_ALIASES:  # a link from before the action statuses
        st.query_params["actions_status"] = ACTION_STATUS_ALIASES[st.query_params["actions_status"]]
    status = synced_select(
        t.STATUS_FILTER, [ALL, *ACTION_STATUSES], param="actions_status", default=ALL,
        format_func=lambda s: t.ALL_STATUSES if s == ALL else STATUS_LABELS[s],
    )
with col_revision:
    revision = synced_select(
        t.REVISION_FILTER, [ALL, *REVISION_FILTERS], param="actions_revision", default=ALL,
        format_func=lambda r: t.REVISION_CHOICES.get(r, r), disabled=adopted_view,
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


filters: dict[str, Any] = {
    "areas": chosen(area), "years": [int(year)] if year != ALL else None, "responsible": chosen(responsible),
    "statuses": chosen(status), "text": search, "revision": None if revision == ALL or adopted_view else revision,
}
view = derived("action_view", lambda: action_view(actions, areas, adopted_view, filters),
               database=state.stamp, adopted=adopted_view, **filters)
filtered, table = view.filtered, view.table

st.subheader(t.SHOWING.format(shown=len(filtered), total=len(actions)))
if not adopted_view:
    added = int((actions["origin"] == "added").sum())
    dropped = int(actions["dropped"].sum())
    if added or dropped:
        st.caption(t.REVISION_SUMMARY.format(added=added, dropped=dropped))
# A row that wraps (the statuses: on a phone three or four to a line, not one card under the other)
show_key_figures([KeyFigure(status_words(code), str(count)) for code, count in view.counts.items()], counts=True)

if table.empty:
    st.info(t.NOTHING_MATCHES)
else:
    shown_columns = [
        DISPLAY_HEADERS[c] for c in SCREEN_ORDER
        if DISPLAY_HEADERS[c] in view.on_screen.columns and not (c == "area_name" and area != ALL)
    ]
    st.dataframe(
        view.on_screen, hide_index=True, width="stretch", row_height=ROW_HEIGHT,
        height=min(820, 40 + ROW_HEIGHT * len(table)), column_order=shown_columns,
        column_config={
            DISPLAY_HEADERS[column]: (
                st.column_config.NumberColumn(width=width, pinned=True) if column == "number"
                else st.column_config.TextColumn(width=width, pinned=column in PINNED)
            )
            for column, width in COLUMN_WIDTHS.items()
        },
    )
    stem = t.ADOPTED_FILE_STEM if adopted_view else t.FILE_STEM
    sheet = t.ADOPTED_SHEET_NAME if adopted_view else t.SHEET_NAME
    # side by side at their own width (in two fifth-wide columns the labels were cut with "…")
    downloads = st.container(horizontal=True, gap="small")
    downloads.download_button(
        # callables: the files are only built when someone clicks (the CSV built on every run cost more than the
        # rest of the table's work)
        t.DOWNLOAD_ADOPTED_CSV if adopted_view else t.DOWNLOAD_CSV, i18n.bound(lambda: to_csv_bytes(table)),
        file_name=f"{stem}.csv", mime="text/csv", key="actions_adopted_csv" if adopted_view else "actions_csv",
        icon=":material/download:", on_click="ignore",  # the same icon as «CSV for Excel» beside it
    )
    excel_csv_key = "actions_adopted_csv_excel" if adopted_view else "actions_csv_excel"
    downloads.download_button(**table_excel_csv_button(table, stem, excel_csv_key))  # semicolons (issue 20)
    downloads.download_button(
        t.DOWNLOAD_ADOPTED_EXCEL if adopted_view else t.DOWNLOAD_EXCEL,
        i18n.bound(lambda: table_excel_bytes(table, sheet)),
        file_name=f"{stem}.xlsx", mime=XLSX_MIME,
        key="actions_adopted_xlsx" if adopted_view else "actions_xlsx", icon=":material/download:",
        on_click="ignore",
    )

if not adopted_view:
    show_matrix(filtered, state, region)  # the municipalities' parts side by side (issue 22)

if not adopted_view and not filtered.empty:
    # One action in full: its whole text (the table shows about three lines), its fields and its history.
    st.subheader(t.DETAIL_HEADING)
    numbers = [int(n) for n in filtered["number"]]
    texts_by_number = dict(zip(filtered["number"], filtered["text"], strict=True))
    chosen_number = st.selectbox(
        t.HISTORY_PICK, numbers, key="actions_history",
        format_func=lambda n: t.HISTORY_OPTION.format(number=n, text=str(texts_by_number[n])[:90]),
    )
    chosen_row = filtered[filtered["number"] == chosen_number].iloc[0]
    with st.container(border=True, key="action_detail"):
        st.markdown(f"**{chosen_number}.** {markdown_escaped(chosen_row['text'])}")
        code = str(chosen_row["status"])
        lines = [f"**{DISPLAY_HEADERS['status_label']}:** {STATUS_ICONS.get(code, '')} "
                 f"{markdown_escaped(STATUS_LABELS.get(code, code))}"]
        for field in DETAIL_FIELDS:
            value = areas.get(chosen_row["area"], "") if field == "area_name" else chosen_row.get(field, "")
            if isinstance(value, str) and value.strip():
                lines.append(f"**{DISPLAY_HEADERS[field]}:** {markdown_escaped(value)}")
        st.markdown("  \n".join(lines))
        show_action_parts(chosen_number, str(chosen_row["text"]), code, state, region)
    with st.expander(f"{tc.HISTORY}: {t.HISTORY_OPTION.format(number=chosen_number, text='')}".rstrip(" :–"),
                     expanded=True):
        entry = state.status(chosen_number, "action")
        st.text(assessed_text(entry))
        if entry is not None:  # the note visible, its web addresses clickable (nothing else rendered)
            note = note_html(entry.note) + (
                text_html("div", "", link(entry.evidence_url, tc.EVIDENCE)) if entry.evidence_url else "")
            if note:
                st.markdown(note, unsafe_allow_html=True)
        entries = state.history(chosen_number, "action")
        if entries:
            st.dataframe(history_frame(entries, region), hide_index=True, width="stretch")
        else:
            st.caption(tc.HISTORY_EMPTY)
