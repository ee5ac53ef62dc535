"""Rapportering: the secretariat's follow-up, behind a sign-in (issue 11).

Without sign-in the page says who can report and how to get an account, and shows the sign-in. An editor or
admin goes through the goals or the actions in plan order — the item's text, owner and previous status beside
the form — and "Lagre og gå til neste" saves (with the entry id shown as `expected_previous`, so a concurrent
save is reported, never overwritten) and opens the next item. Also: figures for goals no importer covers, the
annual revision of the action list, and meeting dates.

Every value is read from the database on each run (nothing in st.cache_*), so several app processes agree.
Text a user typed is shown with st.text / in tables, never as markdown or HTML. The URL holds the section and
the item (`?section=actions&item=12`), nothing else.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

import pandas as pd
import streamlit as st
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from indicators.followup import corrections, rounds, service
from indicators.followup.errors import FollowupError, StaleEntryError
from indicators.followup.service import NO_ENTRY, Entry, Item
from indicators.followup.unit_of_work import write_transaction
from indicators.formatting import format_clock, format_date, format_moment
from indicators.goals import Goal, Plan
from indicators.plan_actions import load_actions
from indicators.present.badges import badge_html
from indicators.present.changes import action_change_label, entered_label, status_label
from indicators.present.texts import fill
from indicators.present.texts import reporting as t
from indicators.present.texts import reporting_parts as t_parts
from indicators.progress import STATUS_LABELS
from indicators.regions import active_region
from indicators.safe_text import markdown_escaped
from ui import accounts_admin, auth, form_keys, reporting_parts, reporting_round
from ui.data import plan as current_plan
from ui.navigation import run_inside_the_app
from ui.plan_notice import require_plan
from ui.report_downloads import report_downloads
from ui.sidebar import say_plan_region
from ui.state import synced_select, widget_key
from ui.style import page_title

run_inside_the_app()  # first: see ui/navigation.py

SECTION_PARAM, ITEM_PARAM, FIGURE_GOAL_PARAM = "section", "item", "figure_goal"
PENDING_ITEM_KEY = "_reporting_pending_item"  # the item to open on the next run (set after a save)
REMEMBERED_KEY = "_reporting_items"  # section -> last item, when switching between Mål and Tiltak
SEEN_KEY = "_reporting_seen"  # (item key, id of the entry shown beside the form): expected_previous
VERSION_KEY = "_reporting_form_version"  # item key -> form version; a new version = fresh fields
FLASH_KEY = "_reporting_flash"
SCROLL_SERIAL_KEY = "_reporting_scroll_serial"
OPTION_TEXT_LENGTH = 90


@dataclass(frozen=True)
class ItemView:
    """A goal or an action as the form shows it: the plan's words beside the form."""

    item: Item
    heading: str
    text: str
    option: str
    facts: tuple[tuple[str, str], ...]  # (label, value) from the plan
    kind_note: str
    default_body: str
    part: str | None = None  # a municipality's part of the action (its code); None: the region's status

    @property
    def key(self) -> str:
        return f"{self.item.kind}-{self.item.id}" + (f"-{self.part}" if self.part else "")

    @property
    def label(self) -> str:
        if self.item.kind == "goal":
            return fill(t.ITEM_GOAL, title=self.item.title)
        return fill(t.ITEM_ACTION, number=self.item.id)


def _short(text: str) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= OPTION_TEXT_LENGTH else text[: OPTION_TEXT_LENGTH - 1] + "…"


def goal_views(items: Sequence[Item], plan: Plan) -> list[ItemView]:
    areas = plan.area_names
    views = []
    for position, item in enumerate(items, start=1):
        goal = plan.find(item.id)
        if goal is None:
            continue
        views.append(ItemView(
            item, goal.label, goal.title, fill(t.GOAL_OPTION, position=position, title=_short(goal.label)),
            ((t.AREA, areas.get(goal.area, goal.area)),), _goal_kind_note(goal), goal.reported_by,
        ))
    return views


def _goal_kind_note(goal: Goal) -> str:
    if goal.kind == "qualitative":
        return t.GOAL_KIND_QUALITATIVE
    return t.GOAL_KIND_MEASURED if goal.measured else t.GOAL_KIND_MEASURABLE


def action_views(items: Sequence[Item], plan: Plan, changes: Sequence[service.ActionChange]) -> list[ItemView]:
    areas = plan.area_names
    rows = {str(int(r["number"])): r for r in load_actions(areas=areas).frame.to_dict("records")}
    added = {str(c.action_number): c for c in changes if c.change == "added"}
    views = []
    for item in items:
        row = rows.get(item.id)
        if row is not None:
            facts = [(t.AREA, str(row.get("area_name") or areas.get(row["area"], row["area"]))),
                     (t.TIME, str(row.get("time") or "")), (t.RESPONSIBLE, str(row.get("responsible") or "")),
                     (t.INVOLVED, str(row.get("involved") or "")), (t.REMARK, str(row.get("remark") or ""))]
            body, note = str(row.get("responsible") or ""), ""
        else:
            change = added.get(item.id)
            facts = [(t.AREA, areas.get(change.area, change.area) if change else ""),
                     (t.TIME, change.time if change else ""), (t.RESPONSIBLE, change.responsible if change else "")]
            body = change.responsible if change else ""
            note = fill(t.ADDED_AT_REVISION, year=change.revision_year) if change else ""
        views.append(ItemView(
            item, fill(t.ACTION_HEADING, number=item.id), item.title,
            fill(t.ACTION_OPTION, number=item.id, text=_short(item.title)),
            tuple((label, value) for label, value in facts if value and value != "nan"), note, body,
        ))
    return views


# --- flash messages (shown once, after the rerun that follows a save) -----------------------------------------


def flash(text: str) -> None:
    st.session_state[FLASH_KEY] = text


def show_flash() -> None:
    """The confirmation of the last save: a toast, on screen wherever the page was scrolled when the button was
    pressed, and the same words at the top of the page (the toast goes after a while)."""
    text = st.session_state.pop(FLASH_KEY, None)
    if text:
        st.toast(markdown_escaped(text), icon=":material/check_circle:", duration="long")
        st.success(markdown_escaped(text), icon=":material/check_circle:")
        serial = st.session_state[SCROLL_SERIAL_KEY] = st.session_state.get(SCROLL_SERIAL_KEY, 0) + 1
        form_keys.scroll_to_top(serial)


# --- one goal or action ---------------------------------------------------------------------------------------


def _when(moment: dt.datetime) -> str:
    return format_moment(moment)  # Oslo time, «6. desember 2026 kl. 04.47»


def show_entry(entry: Entry | None, corrected: Entry | None = None) -> None:
    """The latest assessment beside the form; every value a user typed as text. `corrected`: the entry this one
    corrects, if it is a correction."""
    st.markdown(f"**{t.CURRENT_HEADING}**")
    if entry is None:
        st.text(t.NO_ENTRY_YET)
        return
    st.markdown(badge_html(entry.status), unsafe_allow_html=True)  # a known status key, never user text
    st.text(fill(t.ENTRY_META, body=entry.reported_by or "–", assessed=format_date(entry.assessed_on),
                 user=entry.entered_by, entered=_when(entry.entered_at)))
    if corrected is not None:
        st.text(fill(t.CORRECTION_NOTE, entered=_when(corrected.entered_at)))
    st.text(f"{t.ENTRY_NOTE} {entry.note}" if entry.note else t.ENTRY_NO_NOTE)
    if entry.evidence_url:
        st.text(f"{t.ENTRY_EVIDENCE} {entry.evidence_url}")


def show_history(entries: list[Entry], corrected_by: dict[int, int]) -> None:
    """The item's entries, newest first; a correction says which entry it corrects."""
    if len(entries) < 2:
        return
    by_id = {e.id: e for e in entries}

    def correction(entry: Entry) -> str:
        corrected = by_id.get(corrected_by.get(entry.id, -1))
        return fill(t.CORRECTION_MARK, entered=_when(corrected.entered_at)) if corrected is not None else ""

    with st.expander(fill(t.HISTORY, count=len(entries))):
        frame = pd.DataFrame([{
            "assessed_on": format_date(e.assessed_on), "status_label": status_label(e.status, e.item_kind),
            "note": e.note,
            "reported_by": e.reported_by, "entered_by": e.entered_by, "entered_at": _when(e.entered_at),
            "correction": correction(e),
        } for e in entries])
        if not frame["correction"].any():
            frame = frame.drop(columns="correction")
        st.dataframe(frame.rename(columns=t.HISTORY_COLUMNS), hide_index=True, width="stretch")


def show_context(view: ItemView) -> None:
    st.subheader(markdown_escaped(view.heading))
    st.text(view.text)
    for label, value in view.facts:
        st.text(f"{label}: {value}")
    if view.kind_note:
        st.caption(view.kind_note)


def _seen_entry_id(view: ItemView, entry: Entry | None) -> int:
    """The id of the entry the editor saw when this item's form opened (kept until saved or left)."""
    seen = st.session_state.get(SEEN_KEY)
    if not seen or seen[0] != view.key:
        seen = (view.key, entry.id if entry is not None else NO_ENTRY)
        st.session_state[SEEN_KEY] = seen
    return int(seen[1])


def status_form(session: Session, plan: Plan, user: auth.User, view: ItemView, entry: Entry | None,
                next_id: str | None) -> None:
    expected = _seen_entry_id(view, entry)
    versions: dict[str, int] = st.session_state.setdefault(VERSION_KEY, {})
    prefix = f"rep_{view.key}_{versions.get(view.key, 0)}"
    today = dt.date.today()
    statuses = list(view.item.statuses)
    default_status = entry.status if entry is not None and entry.status in statuses else statuses[0]
    auth.widget_defaults({
        f"{prefix}_status": default_status, f"{prefix}_note": "", f"{prefix}_evidence": "",
        f"{prefix}_body": view.default_body, f"{prefix}_date": today,
    })
    # before the form: a button may not sit in a form, and the note's value must be set before its widget
    if st.button(t.USE_PREVIOUS_NOTE, key="reporting_previous_note", icon=":material/content_copy:",
                 disabled=entry is None or not entry.note, help=t.USE_PREVIOUS_NOTE_HELP):
        st.session_state[f"{prefix}_note"] = entry.note if entry is not None else ""
    may_correct = entry is not None and entry.id == expected and corrections.correctable(entry, user.name)
    with st.form(f"{prefix}_form", border=True):
        st.markdown(f"**{t.FORM_HEADING}**")
        status = st.selectbox(t.STATUS, statuses, key=f"{prefix}_status", format_func=lambda s: STATUS_LABELS.get(s, s))
        note = st.text_area(t.NOTE, key=f"{prefix}_note", max_chars=service.MAX_NOTE_LENGTH, help=t.NOTE_HELP)
        evidence = st.text_input(t.EVIDENCE, key=f"{prefix}_evidence", placeholder=t.EVIDENCE_PLACEHOLDER)
        body = st.text_input(t.REPORTED_BY, key=f"{prefix}_body", max_chars=200, help=t.REPORTED_BY_HELP)
        assessed = st.date_input(t.ASSESSED_ON, key=f"{prefix}_date", max_value=today,
                                 min_value=dt.date(2000, 1, 1), format="DD.MM.YYYY")
        correct = False
        if may_correct and entry is not None:
            until = format_clock(corrections.correction_deadline(entry))
            correct = st.checkbox(fill(t.CORRECT, entered=_when(entry.entered_at)), key=f"{prefix}_correct",
                                  help=fill(t.CORRECT_HELP, until=until))
        submitted = st.form_submit_button(t.SAVE_AND_NEXT, type="primary", key="reporting_save",
                                          icon=":material/save:")
        st.caption(t.SHORTCUT_HINT)
    if not submitted:
        return
    assessed_on = assessed if isinstance(assessed, dt.date) else None
    try:
        with write_transaction(session):
            if correct and entry is not None:
                saved = corrections.record_correction(
                    session, view.item.id, status, corrects=entry.id, note=note or "", by_body=body or "",
                    assessed_on=assessed_on, user=user.name, evidence_url=evidence or None, plan=plan,
                    kind=view.item.kind, municipality=view.part, region=active_region(),
                )
            else:
                saved = service.record_status(
                    session, view.item.id, status, note=note or "", by_body=body or "", assessed_on=assessed_on,
                    user=user.name, evidence_url=evidence or None, expected_previous=expected, plan=plan,
                    kind=view.item.kind, municipality=view.part, region=active_region(),
                )
    except StaleEntryError as exc:
        current = exc.current
        st.session_state[SEEN_KEY] = (view.key, current.id if current is not None else NO_ENTRY)
        st.warning(t.STALE, icon=":material/sync_problem:")
        if current is not None:
            st.text(fill(t.STALE_ENTRY, status=status_label(current.status, current.item_kind), user=current.entered_by,
                         entered=_when(current.entered_at)))
            st.text(f"{t.ENTRY_NOTE} {current.note}" if current.note else t.ENTRY_NO_NOTE)
        return
    except FollowupError as exc:
        st.error(markdown_escaped(exc), icon=":material/error:")
        return
    versions[view.key] = versions.get(view.key, 0) + 1  # the item's next visit starts with fresh fields
    st.session_state.pop(SEEN_KEY, None)
    template = t.CORRECTED if correct else t.SAVED if next_id is not None else t.SAVED_LAST
    flash(fill(template, item=reporting_parts.part_label(view.label, view.part, active_region()),
               status=status_label(saved.status, saved.item_kind)))
    if next_id is not None:
        st.session_state[PENDING_ITEM_KEY] = next_id
    st.rerun()


def show_progress(kind: str, done: int, count: int, round_: rounds.Round) -> None:
    """«12 av 61 tiltak vurderte sidan møtet 15. oktober 2026» with a bar."""
    things = t.KIND_PLURAL[kind]
    if round_.meeting is not None:
        text = fill(t.PROGRESS_SINCE_MEETING, done=done, count=count, things=things,
                    date=format_date(round_.meeting.held_on))
    else:
        text = fill(t.PROGRESS_NO_MEETING, done=done, count=count, things=things)
    st.progress(done / count if count else 0.0, text=text)


def _choose_item(kind: str, by_id: dict[str, ItemView], ids: list[str], known: set[str]) -> None:
    """The item the picker opens on: the next one after a save, else the one this section was on (also after a
    visit to Tal or Møte, whose runs drop the picker's state), else the link's. `known`: every item of the section,
    also those the filter hides (a hidden one is no wrong link)."""
    key = widget_key(ITEM_PARAM)
    remembered: dict[str, str] = st.session_state.setdefault(REMEMBERED_KEY, {})
    pending = st.session_state.pop(PENDING_ITEM_KEY, None)
    current = st.session_state.get(key)
    linked = st.query_params.get(ITEM_PARAM) or ""
    if pending in by_id:
        st.session_state[key] = pending
    elif current not in by_id:
        if remembered.get(kind) in by_id:
            st.session_state[key] = remembered[kind]
        elif linked not in by_id and (linked in known or linked.isdigit() != (kind == "action")):
            st.session_state[key] = ids[0]  # filtered out, or the other section's item: no wrong link, no notice
        # else the link's item (or, for a wrong link, the first with a notice): synced_select reads the URL


def assessments(session: Session, plan: Plan, user: auth.User, kind: str, own: str | None = None) -> None:
    """Go through the goals or the actions in plan order, one at a time. `own`: a municipal editor's
    municipality (only its parts of the actions are offered; see ui/reporting_parts.py)."""
    changes = service.action_changes(session)
    areas = plan.area_names
    actions = load_actions(areas=areas).frame
    items = [i for i in service.all_items(session, plan, actions) if i.kind == kind and not i.dropped]
    views = goal_views(items, plan) if kind == "goal" else action_views(items, plan, changes)
    region = active_region()
    parts = reporting_parts.parts_of(session, plan, region) if kind == "action" else {}
    if own:
        views = reporting_parts.own_views(views, parts, own, region)
        if not views:
            st.info(fill(t_parts.NO_OWN_PARTS, municipality=region.names.get(own, own)), icon=":material/info:")
    if not views:
        return
    round_ = rounds.current_round(session)
    open_round = reporting_round.open_round_for(session, kind)  # an open reporting round counts instead (issue 22)
    if open_round is not None:
        round_ = rounds.Round(None, open_round.starts_at)
    assessed = round_.assessed_ids([v.item.id for v in views], reporting_parts.latest_entries(session, views))
    if open_round is not None:
        reporting_round.show_list_progress(open_round, kind, len(assessed), len(views))
    else:
        show_progress(kind, len(assessed), len(views), round_)
    only_open = st.toggle(
        reporting_round.filter_label(open_round) if open_round is not None
        else t.FILTER_NOT_ASSESSED if round_.meeting is not None else t.FILTER_NOT_ASSESSED_NO_MEETING,
        key="reporting_only_open",
    )
    known = {v.item.id for v in views}
    if only_open:
        views = [v for v in views if v.item.id not in assessed]
        if not views:
            st.success(fill(t.ALL_ASSESSED, things=t.KIND_PLURAL[kind]), icon=":material/task_alt:")
            return
    by_id = {v.item.id: v for v in views}
    ids = list(by_id)
    _choose_item(kind, by_id, ids, known)
    item_id = synced_select(
        t.ITEM_PICKER_GOALS if kind == "goal" else t.ITEM_PICKER_ACTIONS, ids, param=ITEM_PARAM, default=ids[0],
        format_func=lambda i: f"{t.MARK_DONE if i in assessed else t.MARK_OPEN} {by_id[i].option}",
    )
    st.session_state[REMEMBERED_KEY][kind] = item_id
    position = ids.index(item_id)
    next_id = ids[position + 1] if position + 1 < len(ids) else None
    nav_previous, nav_position, nav_next = st.columns([1, 2, 1])
    if nav_previous.button(t.PREVIOUS_ITEM, key="reporting_previous", icon=":material/arrow_back:",
                           disabled=position == 0):
        st.session_state[PENDING_ITEM_KEY] = ids[position - 1]
        st.rerun()
    nav_position.caption(fill(t.ITEM_POSITION, position=position + 1, count=len(ids)))
    if nav_next.button(t.NEXT_ITEM, key="reporting_next", icon=":material/arrow_forward:",
                       disabled=next_id is None):
        st.session_state[PENDING_ITEM_KEY] = next_id
        st.rerun()

    view = reporting_parts.choose_part(by_id[item_id], parts, own, region)
    entry = reporting_parts.latest_entries(session, [view]).get(item_id)
    context_column, form_column = st.columns([1, 1], gap="large")
    entries = reporting_parts.part_entries(service.history(session, item_id, kind), view.part)
    corrected_by = corrections.corrections(session, item_id, kind)
    with context_column:
        show_context(view)
        corrected = next((e for e in entries if entry is not None and e.id == corrected_by.get(entry.id)), None)
        show_entry(entry, corrected)
        show_history(entries, corrected_by)
    with form_column:
        status_form(session, plan, user, view, entry, next_id)
        if kind == "action":
            reporting_parts.parts_editor(session, plan, region, user.name, item_id, parts, own, flash)


# --- figures ----------------------------------------------------------------------------------------------


def figures_section(session: Session, plan: Plan, user: auth.User) -> None:
    st.caption(t.FIGURES_INTRO)
    goals = {g.id: g for g in plan.goals if g.kind == "indicator" and not g.measured}
    if not goals:
        st.info(t.FIGURES_NONE, icon=":material/info:")
        return
    goal_id = synced_select(t.FIGURE_GOAL, list(goals), param=FIGURE_GOAL_PARAM, default=next(iter(goals)),
                            format_func=lambda g: goals[g].label)
    goal = goals[goal_id]
    region = active_region()
    today = dt.date.today()
    versions: dict[str, int] = st.session_state.setdefault(VERSION_KEY, {})
    prefix = f"fig_{goal_id}_{versions.get('figure-' + goal_id, 0)}"
    earlier_unit = service.series_unit(session, goal_id)  # the unit of the goal's figures so far, if any
    auth.widget_defaults({
        f"{prefix}_value": None, f"{prefix}_unit": earlier_unit or goal.unit, f"{prefix}_period": today.year - 1,
        f"{prefix}_region": region.id, f"{prefix}_source": "", f"{prefix}_url": "", f"{prefix}_published": None,
    })
    with st.form(f"{prefix}_form"):
        value_column, unit_column, period_column = st.columns(3)
        value = value_column.number_input(t.FIGURE_VALUE, key=f"{prefix}_value", step=1.0, format="%g")
        unit = unit_column.text_input(t.FIGURE_UNIT, key=f"{prefix}_unit", max_chars=80)
        period = period_column.number_input(t.FIGURE_PERIOD, key=f"{prefix}_period", min_value=1900,
                                            max_value=today.year, step=1)
        region_code = st.selectbox(t.FIGURE_REGION, region.selectable, key=f"{prefix}_region",
                                   format_func=lambda c: region.names.get(c, c))
        source = st.text_input(t.FIGURE_SOURCE, key=f"{prefix}_source", max_chars=300)
        url = st.text_input(t.FIGURE_SOURCE_URL, key=f"{prefix}_url", placeholder=t.EVIDENCE_PLACEHOLDER)
        published = st.date_input(t.FIGURE_PUBLISHED, key=f"{prefix}_published", max_value=today,
                                  min_value=dt.date(1900, 1, 1), format="DD.MM.YYYY")
        unit_choice = None
        if earlier_unit is not None:  # a figure in another unit needs a choice, never silent mixing
            unit_choice = st.radio(
                t.FIGURE_UNIT_CHOICE.format(unit=earlier_unit), [None, "convert", "new_series"],
                key=f"{prefix}_unit_choice", horizontal=True,
                format_func=lambda c: t.FIGURE_UNIT_CHOICES[c].format(unit=earlier_unit),
            )
        submitted = st.form_submit_button(t.FIGURE_SAVE, type="primary", key="reporting_figure_save")
    if submitted:
        if value is None:
            st.error(t.FIGURE_MISSING_VALUE, icon=":material/error:")
        else:
            try:
                with write_transaction(session):
                    saved = service.record_figure(
                        session, goal_id, value, period=int(period), source_name=source or "", user=user.name,
                        region_code=region_code, unit=unit or "", source_url=url or None, region=region,
                        published_on=published if isinstance(published, dt.date) else None, plan=plan,
                        unit_choice=unit_choice,
                    )
            except FollowupError as exc:
                st.error(markdown_escaped(exc), icon=":material/error:")
            else:
                versions["figure-" + goal_id] = versions.get("figure-" + goal_id, 0) + 1
                flash(fill(t.FIGURE_SAVED, year=saved.period))
                st.rerun()
    st.markdown(f"**{t.FIGURES_EXISTING}**")
    records = service.figures(session, goal_id)
    if not records:
        st.text(t.FIGURES_EXISTING_NONE)
        return
    frame = pd.DataFrame([{
        "period": f.period, "region": region.names.get(f.region_code, f.region_code), "value": f.value,
        "unit": f.unit, "label": entered_label(f), "source_url": f.source_url or "",
        "published_on": format_date(f.published_on) if f.published_on else "", "entered_by": f.entered_by,
        "entered_at": _when(f.entered_at),
    } for f in records]).rename(columns=t.FIGURE_COLUMNS)
    st.dataframe(frame, hide_index=True, width="stretch")


# --- the annual revision ----------------------------------------------------------------------------------


def revision_section(session: Session, plan: Plan, user: auth.User) -> None:
    st.caption(t.REVISION_INTRO)
    today = dt.date.today()
    first_year = plan.plan_period[0]
    areas = plan.area_names
    actions = load_actions(areas=areas).frame
    items = [i for i in service.all_items(session, plan, actions) if i.kind == "action" and not i.dropped]
    versions: dict[str, int] = st.session_state.setdefault(VERSION_KEY, {})
    add_prefix = f"rev_add_{versions.get('revision-add', 0)}"
    drop_prefix = f"rev_drop_{versions.get('revision-drop', 0)}"
    auth.widget_defaults({f"{add_prefix}_year": today.year, f"{drop_prefix}_year": today.year})
    add_column, drop_column = st.columns(2, gap="large")
    with add_column, st.form(f"{add_prefix}_form"):
        st.markdown(f"**{t.ADD_HEADING}**")
        text = st.text_area(t.ADD_TEXT, key=f"{add_prefix}_text", max_chars=service.MAX_NOTE_LENGTH)
        area = st.selectbox(t.ADD_AREA, list(areas), key=f"{add_prefix}_area", format_func=lambda a: areas[a])
        time = st.text_input(t.ADD_TIME, key=f"{add_prefix}_time", max_chars=80)
        responsible = st.text_input(t.ADD_RESPONSIBLE, key=f"{add_prefix}_responsible", max_chars=300)
        year = st.number_input(t.REVISION_YEAR, key=f"{add_prefix}_year", min_value=first_year,
                               max_value=today.year, step=1)
        reason = st.text_area(t.REVISION_REASON, key=f"{add_prefix}_reason", max_chars=service.MAX_NOTE_LENGTH)
        add = st.form_submit_button(t.ADD_BUTTON, type="primary", key="reporting_add_action")
    with drop_column, st.form(f"{drop_prefix}_form"):
        st.markdown(f"**{t.DROP_HEADING}**")
        number = st.selectbox(t.DROP_ACTION, [i.id for i in items], key=f"{drop_prefix}_action",
                              format_func=lambda n: fill(t.ACTION_OPTION, number=n, text=_short(
                                  next(i.title for i in items if i.id == n))))
        drop_year = st.number_input(t.REVISION_YEAR, key=f"{drop_prefix}_year", min_value=first_year,
                                    max_value=today.year, step=1)
        drop_reason = st.text_area(t.REVISION_REASON, key=f"{drop_prefix}_reason",
                                   max_chars=service.MAX_NOTE_LENGTH)
        drop = st.form_submit_button(t.DROP_BUTTON, key="reporting_drop_action")
    try:
        if add:
            with write_transaction(session):
                change = service.add_action(
                    session, text=text or "", area=area, revision_year=int(year), reason=reason or "",
                    user=user.name, time=time or "", responsible=responsible or "", plan=plan,
                )
            versions["revision-add"] = versions.get("revision-add", 0) + 1
            flash(fill(t.ADDED, number=change.action_number, year=change.revision_year))
            st.rerun()
        if drop and number is not None:
            with write_transaction(session):
                change = service.drop_action(session, number, revision_year=int(drop_year), reason=drop_reason or "",
                                             user=user.name, plan=plan)
            versions["revision-drop"] = versions.get("revision-drop", 0) + 1
            flash(fill(t.DROPPED, number=change.action_number, year=change.revision_year))
            st.rerun()
    except FollowupError as exc:
        st.error(markdown_escaped(exc), icon=":material/error:")
    st.markdown(f"**{t.REVISIONS_EXISTING}**")
    changes = service.action_changes(session)
    if not changes:
        st.text(t.REVISIONS_NONE)
        return
    frame = pd.DataFrame([{
        "action_number": c.action_number, "label": action_change_label(c), "text": c.text, "reason": c.reason,
        "entered_by": c.entered_by,
    } for c in changes]).rename(columns=t.REVISION_COLUMNS)
    st.dataframe(frame, hide_index=True, width="stretch")


# --- meetings ---------------------------------------------------------------------------------------------


def meetings_section(session: Session, user: auth.User) -> None:
    st.caption(t.MEETINGS_INTRO)
    versions: dict[str, int] = st.session_state.setdefault(VERSION_KEY, {})
    prefix = f"meeting_{versions.get('meeting', 0)}"
    auth.widget_defaults({f"{prefix}_date": dt.date.today()})
    with st.form(f"{prefix}_form"):
        held_on = st.date_input(t.MEETING_DATE, key=f"{prefix}_date", format="DD.MM.YYYY",
                                min_value=dt.date(2000, 1, 1), max_value=dt.date.today() + dt.timedelta(days=3660))
        name = st.text_input(t.MEETING_NAME, key=f"{prefix}_name", max_chars=300,
                             placeholder=t.MEETING_NAME_PLACEHOLDER)
        submitted = st.form_submit_button(t.MEETING_SAVE, type="primary", key="reporting_meeting_save")
    if submitted and isinstance(held_on, dt.date):
        try:
            with write_transaction(session):
                saved = service.record_meeting(session, held_on, name or "", user=user.name)
        except FollowupError as exc:
            st.error(markdown_escaped(exc), icon=":material/error:")
        else:
            versions["meeting"] = versions.get("meeting", 0) + 1
            flash(fill(t.MEETING_SAVED, date=format_date(saved.held_on)))
            st.rerun()
    st.markdown(f"**{t.MEETINGS_EXISTING}**")
    records = service.meetings(session)
    if not records:
        st.text(t.MEETINGS_NONE)
        return
    frame = pd.DataFrame([{**m.as_record(), "date": format_date(m.held_on)} for m in records])
    frame = frame[list(t.MEETING_COLUMNS)].rename(columns=t.MEETING_COLUMNS)
    st.dataframe(frame, hide_index=True, width="stretch")


# --- page -------------------------------------------------------------------------------------------------


def default_section() -> str:
    """A link to an action (?item=12) opens Tiltak, any other link Mål."""
    item = st.query_params.get(ITEM_PARAM) or ""
    return "actions" if item.strip().isdigit() else "goals"


def signed_in_page(user: auth.User) -> None:
    auth.account_box(user)
    form_keys.date_typing()
    show_flash()
    reporting_round.show_round(user, current_plan(), active_region())  # the open round (issue 22)
    report_downloads()
    try:
        with auth.database_session() as session:
            own = reporting_parts.own_municipality(session, user.name)  # a municipal editor's (issue 22)
    except SQLAlchemyError:
        own = None
    offered = reporting_parts.sections(list(t.SECTIONS), own)
    section = synced_select(
        t.SECTION_LABEL, offered, param=SECTION_PARAM, default=default_section() if not own else offered[0],
        format_func=lambda s: t.SECTIONS[s], widget=st.segmented_control, required=True,
    )
    plan = current_plan()
    try:
        with auth.database_session() as session:
            if section == "goals":
                assessments(session, plan, user, "goal")
            elif section == "actions":
                assessments(session, plan, user, "action", own)
            elif section == "figures":
                figures_section(session, plan, user)
            elif section == "revision":
                revision_section(session, plan, user)
            else:
                meetings_section(session, user)
    except FollowupError as exc:  # the plan files cannot be read for the follow-up
        st.error(markdown_escaped(exc), icon=":material/error:")
    except SQLAlchemyError:
        st.error(t.SERVICE_UNAVAILABLE, icon=":material/error:")
    reporting_round.manage_rounds(user, flash)  # the secretariat opens and closes rounds (issue 22)
    accounts_admin.accounts_panel(user)


page_title(t.TITLE)
require_plan()  # a region with members only: nothing to report on until a plan is added
say_plan_region()  # a peer region chosen in the sidebar: reporting is on the plan's own region
signed_in = auth.current_user()
if signed_in is not None and signed_in.can_write:
    signed_in_page(signed_in)
else:
    st.markdown(fill(t.WHO_CAN_REPORT))
    st.markdown(fill(t.HOW_TO_GET_ACCOUNT))
    if signed_in is not None:
        st.warning(t.NOT_EDITOR, icon=":material/lock:")
    else:
        auth.sign_in_form("reporting_sign_in")
