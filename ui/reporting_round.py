"""Rapportering's reporting round (issue 22): the open round at the top of the signed-in page.

* Every reporter sees what the round asks of *them* — a municipal editor their municipality's parts, the
  secretariat the region's items — with the deadline and how much is left («Frist 15. januar 2027 — 9 av 14
  att»), and the list, what is left first (done or not, late entries marked).
* The secretariat also sees every reporter's progress («Hallingdal (sekretariatet) 20/99 · Gol 9/14 · …»).
* With several rounds a choice picks one (the latest open round first); a closed round says when it was closed,
  and what came in after is marked «for seint».

Read from the database on every run (like the rest of the page). Layout only: the rules are
`indicators.followup.reporting_rounds`, the words `indicators.present.round_view`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import streamlit as st
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from indicators.followup import reporting_rounds
from indicators.followup.accounts import find_user
from indicators.followup.errors import FollowupError
from indicators.followup.municipal_parts import is_secretariat
from indicators.followup.unit_of_work import write_transaction
from indicators.formatting import DISPLAY_ZONE, format_date, format_moment
from indicators.goals import Plan
from indicators.present import round_view
from indicators.present.texts import round_view as t
from indicators.regions import Region
from indicators.round_inputs import round_names
from indicators.safe_text import markdown_escaped
from ui import auth

PICK_KEY = "reporting_round_pick"
PENDING_PICK_KEY = "_reporting_round_pending"  # the round just opened: shown on the next run


def _today() -> dt.date:
    return dt.datetime.now(DISPLAY_ZONE).date()


def show_round(user: auth.User, plan: Plan, region: Region) -> None:
    """The round box (nothing without a round; a notice when the rounds cannot be read)."""
    today = _today()
    try:
        with auth.database_session() as session:
            every = reporting_rounds.rounds(session)
            account = find_user(session, user.name)
            if account is None or not every:
                return
            secretariat = is_secretariat(account)
            reporter = reporting_rounds.reporter_of(account)
            opened = [r for r in every if not r.is_closed and r.opened_on <= today]
            default = (opened or every)[0]
            by_name = {r.name: r for r in every}
            names = list(by_name)
            pending = st.session_state.pop(PENDING_PICK_KEY, None)
            if pending in by_name:  # before the widget: its value may not change after it is drawn
                st.session_state[PICK_KEY] = pending
            if len(every) > 1:
                if st.session_state.get(PICK_KEY) not in by_name:
                    st.session_state[PICK_KEY] = default.name  # the latest open round (or the latest round)
                chosen_name = st.selectbox(t.PICK, names, key=PICK_KEY,
                                           format_func=lambda n: round_view.option(by_name[n], today))
                found = by_name.get(str(chosen_name), default)
            else:
                found = default
            status = reporting_rounds.round_status(session, found, plan=plan, region=region)
            _show(status, reporter, secretariat, region, today)
    except (FollowupError, SQLAlchemyError) as exc:
        reason = str(exc) if isinstance(exc, FollowupError) else type(exc).__name__
        st.warning(t.UNAVAILABLE.format(reason=reason), icon=":material/warning:")


def manage_rounds(user: auth.User, flash: Callable[[str], None]) -> None:
    """At the foot of the page, for the secretariat only: open a round, or close the one shown in the round box
    (the latest open one unless another is picked). `flash`: the page's confirmation after the rerun."""
    today = _today()
    try:
        with auth.database_session() as session:
            account = find_user(session, user.name)
            if account is None or not is_secretariat(account):
                return
            every = {r.name: r for r in reporting_rounds.rounds(session)}
            opened = [r for r in every.values() if not r.is_closed and r.opened_on <= today]
            shown = every.get(st.session_state.get(PICK_KEY, "")) or (opened[0] if opened else None)
            _manage(session, user.name, shown, today, flash)
    except SQLAlchemyError as exc:
        st.warning(t.UNAVAILABLE.format(reason=type(exc).__name__), icon=":material/warning:")


def _manage(session: Session, user: str, shown: reporting_rounds.ReportingRound | None, today: dt.date,
            flash: Callable[[str], None]) -> None:
    """The secretariat opens a round (name, deadline, what it asks for) or closes the one shown. A refusal by
    the domain (a name in use, a deadline before the opening) is shown as its message."""
    with st.expander(t.MANAGE_HEADING, icon=":material/event:"):
        with st.form("reporting_round_new"):
            name = st.text_input(t.NEW_NAME, key="round_title", max_chars=200, placeholder=t.NEW_NAME_PLACEHOLDER)
            due = st.date_input(t.NEW_DUE, key="round_due", value=today + dt.timedelta(days=30), min_value=today,
                                format="DD.MM.YYYY")
            items = st.radio(t.NEW_ITEMS, list(t.NEW_ITEMS_CHOICES), key="round_items", horizontal=True,
                             format_func=lambda k: t.NEW_ITEMS_CHOICES[k])
            opened = st.form_submit_button(t.NEW_SAVE, key="round_open")
        closing = False
        if shown is not None and not shown.is_closed:
            confirm = st.checkbox(t.CLOSE_CONFIRM.format(round=markdown_escaped(shown.name)), key="round_close_confirm")
            closing = st.button(t.CLOSE_BUTTON, key="round_close", disabled=not confirm)
        try:
            if opened and isinstance(due, dt.date):
                with write_transaction(session):
                    made = reporting_rounds.add_round(session, name or "", due, user=user, items=str(items),
                                                      today=today)
                st.session_state[PENDING_PICK_KEY] = made.name
                flash(t.NEW_SAVED.format(round=made.name, due=format_date(made.due_on)))
                st.rerun()
            if closing and shown is not None:
                with write_transaction(session):
                    reporting_rounds.close_round(session, shown.name, user=user)
                flash(t.CLOSED_SAVED.format(round=shown.name))
                st.rerun()
        except FollowupError as exc:
            st.error(str(exc), icon=":material/error:")


def _show(status: reporting_rounds.RoundStatus, reporter: str, secretariat: bool, region: Region,
          today: dt.date) -> None:
    found = status.round
    mine = status.for_reporter(reporter)
    who = round_view.reporter_name(reporter, region)
    with st.container(border=True, key="reporting_round"):
        st.markdown(f"**{markdown_escaped(round_view.heading(found))}**")
        if found.is_closed:
            st.caption(t.CLOSED_NOTE.format(closed=format_moment(found.closed_at), user=found.closed_by or ""))
        elif found.opened_on > today:
            st.caption(t.NOT_OPENED_NOTE.format(opened=format_date(found.opened_on)))
        if mine:
            done = sum(a.done for a in mine)
            text = f"{round_view.left_text(found, mine, today)} {t.FOR_REPORTER.format(reporter=who)}"
            st.progress(done / len(mine), text=markdown_escaped(text))
        else:
            st.caption(t.NOTHING_FOR_YOU.format(reporter=who))
        if secretariat:
            progress = round_view.progress_text(status.progress(), region)
            st.markdown(f"**{t.PROGRESS_HEADING}:** {markdown_escaped(progress)}")
        if mine:
            left = sum(not a.done for a in mine)
            label = t.MINE_HEADING.format(count=left) if left else t.MINE_ALL_HEADING.format(reporter=who,
                                                                                              count=len(mine))
            with st.expander(label):
                st.dataframe(round_view.assignments_table(mine, region), hide_index=True, width="stretch")


def report_round_choice() -> str:
    """The report download's choice of a reporting round ('' none: the ordinary status report; no choice is
    shown while there is no round)."""
    names = round_names()
    if not names:
        return ""
    chosen = st.selectbox(t.DOWNLOAD_ROUND, ["", *names], key="report_download_round", help=t.DOWNLOAD_ROUND_HELP,
                          format_func=lambda n: n or t.DOWNLOAD_NO_ROUND)
    return str(chosen or "")


def open_round_for(session: Session, kind: str) -> reporting_rounds.ReportingRound | None:
    """The latest open reporting round that asks for `kind` (goal or action): while it is open, Rapportering's
    list marks and counts what was reported in it instead of since the last meeting."""
    return next((r for r in reporting_rounds.open_rounds(session, _today()) if kind in r.item_kinds), None)


def show_list_progress(found: reporting_rounds.ReportingRound, kind: str, done: int, count: int) -> None:
    """«2 av 38 tiltak rapporterte i runden «Tertial 3 2026»» with a bar, above the list."""
    text = t.LIST_PROGRESS.format(done=done, count=count, things=t.KIND_PLURAL.get(kind, kind), round=found.name)
    st.progress(done / count if count else 0.0, text=markdown_escaped(text))


def filter_label(found: reporting_rounds.ReportingRound) -> str:
    return t.LIST_FILTER.format(round=markdown_escaped(found.name))
