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

import streamlit as st
from sqlalchemy.exc import SQLAlchemyError

from indicators.followup import reporting_rounds
from indicators.followup.accounts import find_user
from indicators.followup.errors import FollowupError
from indicators.followup.municipal_parts import is_secretariat
from indicators.formatting import DISPLAY_ZONE, format_date, format_moment
from indicators.goals import Plan
from indicators.present import round_view
from indicators.present.texts import round_view as t
from indicators.regions import Region
from indicators.round_inputs import round_names
from indicators.safe_text import markdown_escaped
from ui import auth

PICK_KEY = "reporting_round_pick"


def _today() -> dt.date:
    return dt.datetime.now(DISPLAY_ZONE).date()


def show_round(user: auth.User, plan: Plan, region: Region) -> None:
    """The round box (nothing when no round exists; a notice when the rounds cannot be read)."""
    today = _today()
    try:
        with auth.database_session() as session:
            every = reporting_rounds.rounds(session)
            if not every:
                return
            account = find_user(session, user.name)
            if account is None:
                return
            secretariat = is_secretariat(account)
            reporter = reporting_rounds.reporter_of(account)
            opened = [r for r in every if not r.is_closed and r.opened_on <= today]
            default = (opened or every)[0]
            by_name = {r.name: r for r in every}
            names = list(by_name)
            if len(every) > 1:
                chosen_name = st.selectbox(t.PICK, names, index=names.index(default.name), key=PICK_KEY,
                                           format_func=lambda n: round_view.option(by_name[n], today))
                found = by_name.get(str(chosen_name), default)
            else:
                found = default
            status = reporting_rounds.round_status(session, found, plan=plan, region=region)
    except (FollowupError, SQLAlchemyError) as exc:
        reason = str(exc) if isinstance(exc, FollowupError) else type(exc).__name__
        st.warning(t.UNAVAILABLE.format(reason=reason), icon=":material/warning:")
        return
    _show(status, reporter, secretariat, region, today)


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
