"""The account life cycle for admins on Rapportering: every account with its role, municipality (when accounts
have one), active, sign-in wait and last sign-in, and the same changes as `python -m indicators users …`
(deactivate, reactivate, unlock, new password, remove). The service checks that the signed-in user is an
active admin and audits every change; this module only lays it out. Called with one line from the page."""

from __future__ import annotations

import pandas as pd
import streamlit as st
from sqlalchemy.exc import SQLAlchemyError

from indicators.followup import accounts
from indicators.followup.errors import FollowupError
from indicators.followup.unit_of_work import write_transaction
from indicators.formatting import format_moment
from indicators.present.texts import accounts as t
from indicators.present.texts import fill
from indicators.present.texts import reporting as tr
from indicators.safe_text import markdown_escaped, markdown_literal
from ui import auth

DONE_KEY = "_accounts_admin_done"
MAX_PASSWORD_CHARS = 1000
PASSWORD_KEYS = ("accounts_admin_password_1", "accounts_admin_password_2")


def _table(statuses: list[accounts.AccountStatus]) -> pd.DataFrame:
    rows = [{
        t.COLUMNS["name"]: s.name, t.COLUMNS["role"]: tr.ROLE_LABELS.get(s.role, s.role),
        t.COLUMNS["municipality"]: s.municipality or t.NONE, t.COLUMNS["active"]: t.YES if s.active else t.NO,
        t.COLUMNS["locked_until"]: format_moment(s.locked_until) or t.NONE,
        t.COLUMNS["last_sign_in"]: format_moment(s.last_sign_in) or t.NONE, t.COLUMNS["email"]: s.email or "",
    } for s in statuses]
    return pd.DataFrame(rows, columns=list(t.COLUMNS.values()))


def _change(user: auth.User, name: str, what: str, password: str | None = None) -> None:
    """One change through the service, as `user`; the outcome is shown on the next run."""
    try:
        with auth.database_session() as session, write_transaction(session):
            if what in ("deactivate", "reactivate"):
                accounts.set_active(session, name, what == "reactivate", actor=user.name)
            elif what == "unlock":
                accounts.unlock(session, name, actor=user.name)
            elif what == "password" and password is not None:
                accounts.set_password(session, name, password, actor=user.name)
            elif what == "remove":
                accounts.remove_user(session, name, actor=user.name)
    except FollowupError as exc:
        st.error(markdown_escaped(exc), icon=":material/error:")
        return
    except SQLAlchemyError:
        st.error(t.UNAVAILABLE, icon=":material/error:")
        return
    st.session_state[DONE_KEY] = fill(t.DONE[what], name=markdown_literal(name))
    for key in PASSWORD_KEYS:  # the typed password leaves session state
        st.session_state.pop(key, None)
    st.rerun()


def accounts_panel(user: auth.User) -> None:
    """The account administration, for an admin (nothing for anyone else)."""
    if user.role != "admin":
        return
    with st.expander(t.HEADING, icon=":material/manage_accounts:"):
        done = st.session_state.pop(DONE_KEY, None)
        if done:
            st.success(done, icon=":material/check_circle:")
        st.caption(t.INTRO)
        try:
            with auth.database_session() as session:
                statuses = accounts.account_statuses(session)
        except (SQLAlchemyError, FollowupError):
            st.error(t.UNAVAILABLE, icon=":material/error:")
            return
        st.dataframe(_table(statuses), hide_index=True, width="stretch")
        names = [s.name for s in statuses]
        if not names:
            return
        name = st.selectbox(t.PICK, names, key="accounts_admin_pick")
        chosen = next(s for s in statuses if s.name == name)
        first, second, third = st.columns(3)
        if chosen.active and first.button(t.DEACTIVATE, key="accounts_admin_deactivate",
                                          icon=":material/person_off:"):
            _change(user, name, "deactivate")
        if not chosen.active and first.button(t.REACTIVATE, key="accounts_admin_reactivate",
                                              icon=":material/person_check:"):
            _change(user, name, "reactivate")
        if second.button(t.UNLOCK, key="accounts_admin_unlock", icon=":material/lock_open:"):
            _change(user, name, "unlock")
        with st.form("accounts_admin_password", clear_on_submit=True):  # the password leaves session state
            password = st.text_input(t.NEW_PASSWORD, type="password", key="accounts_admin_password_1",
                                     max_chars=MAX_PASSWORD_CHARS, autocomplete="new-password")
            again = st.text_input(t.NEW_PASSWORD_AGAIN, type="password", key="accounts_admin_password_2",
                                  max_chars=MAX_PASSWORD_CHARS, autocomplete="new-password")
            if st.form_submit_button(t.SET_PASSWORD, key="accounts_admin_set_password"):
                if password != again:
                    st.error(t.PASSWORDS_DIFFER, icon=":material/error:")
                    for key in PASSWORD_KEYS:
                        st.session_state.pop(key, None)
                else:
                    _change(user, name, "password", password)
        confirm = third.checkbox(fill(t.REMOVE_CONFIRM, name=markdown_literal(name)),
                                 key="accounts_admin_remove_confirm")
        if third.button(t.REMOVE, key="accounts_admin_remove", icon=":material/delete:"):
            if confirm:
                _change(user, name, "remove")
            else:
                st.warning(t.REMOVE_NEEDS_CONFIRM, icon=":material/warning:")
