"""The sign-in of the web pages (ui/auth.py): the token lives in session state only and never the password;
an idle session ends; sign-out ends the session in the database; the OIDC e-mail → role mapping (issue 11)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from followup_fixtures import *  # noqa: F403
from followup_fixtures import PASSWORD
from sqlalchemy import select, update
from streamlit.testing.v1 import AppTest

from indicators.followup import accounts, db
from indicators.followup.models import AuditEntry, LoginSession
from indicators.present.texts import reporting as t
from ui import auth

ROOT = Path(__file__).resolve().parent.parent
PAGE = str(ROOT / "pages" / "rapportering.py")
SIGN_IN = "reporting_sign_in"


def signed_in(name: str, password: str) -> AppTest:
    at = AppTest.from_file(PAGE, default_timeout=60).run()
    at.text_input(key=f"{SIGN_IN}_name").input(name)
    at.text_input(key=f"{SIGN_IN}_password").input(password)
    at.button(key=f"{SIGN_IN}_submit").click()
    return at.run()


def test_signing_in_keeps_a_token_and_never_the_password(engine, session, editor) -> None:
    at = signed_in(editor, PASSWORD)
    assert not at.exception
    token = at.session_state[auth.TOKEN_KEY]
    assert accounts.session_user(session, token).name == editor
    assert PASSWORD not in [v for v in at.session_state.values() if isinstance(v, str)]
    assert "Passord" not in [w.label for w in at.text_input]  # the form is gone once signed in
    assert token not in " ".join(str(v) for v in at.query_params.values())
    sidebar = " ".join(m.value for m in at.sidebar.markdown)
    assert f"Logga inn som `{editor}` (redaktør)" in sidebar


def test_a_wrong_password_is_refused_without_saying_which_was_wrong(engine, session, editor) -> None:
    at = signed_in(editor, "heilt-feil-passord")
    assert at.error[0].value == "Feil brukarnamn eller passord."
    assert auth.TOKEN_KEY not in at.session_state
    unknown = signed_in("ingen-slik", "heilt-feil-passord")
    assert unknown.error[0].value == "Feil brukarnamn eller passord."


def test_an_empty_form_asks_for_both(engine) -> None:
    at = signed_in("", "")
    assert at.error[0].value == t.SIGN_IN_MISSING


def test_an_idle_session_expires_and_the_sign_in_returns(engine, session, editor) -> None:
    token = accounts.start_session(session, editor)
    idle = accounts.SESSION_IDLE_TIMEOUT + dt.timedelta(minutes=1)
    session.execute(update(LoginSession).values(last_seen_at=db.utcnow() - idle))
    session.commit()
    at = AppTest.from_file(PAGE, default_timeout=60)
    at.session_state[auth.TOKEN_KEY] = token
    at.run()
    assert not at.exception
    assert t.SIGN_IN_EXPIRED in [i.value for i in at.info]
    assert auth.TOKEN_KEY not in at.session_state
    assert not at.segmented_control  # no writing
    assert [w.label for w in at.text_input] == ["Brukarnamn", "Passord"]


def test_a_deactivated_user_is_out_at_the_next_run(engine, session, editor) -> None:
    token = accounts.start_session(session, editor)
    at = AppTest.from_file(PAGE, default_timeout=60)
    at.session_state[auth.TOKEN_KEY] = token
    at.run()
    assert at.segmented_control
    accounts.set_active(session, editor, False)
    at.run()
    assert not at.segmented_control


def test_sign_out_ends_the_session_in_the_database(engine, session, editor) -> None:
    at = signed_in(editor, PASSWORD)
    token = at.session_state[auth.TOKEN_KEY]
    at.sidebar.button(key="account_sign_out").click()
    at.run()
    assert not at.exception
    assert auth.TOKEN_KEY not in at.session_state
    assert not at.segmented_control
    session.rollback()
    assert accounts.session_user(session, token) is None
    actions = session.scalars(select(AuditEntry.action).where(AuditEntry.actor == editor)).all()
    assert "sign_in" in actions
    assert "sign_out" in actions


def test_an_oidc_email_maps_to_its_accounts_role(engine, session, editor, admin) -> None:
    # the editor fixture has the e-mail Kari@Example.no
    assert auth.oidc_user(session, "kari@example.no") == auth.User(editor, "editor", "oidc")
    assert auth.oidc_user(session, " KARI@EXAMPLE.NO ") == auth.User(editor, "editor", "oidc")
    assert auth.oidc_user(session, "ukjend@example.no") is None  # no account: may read, not write
    assert auth.oidc_user(session, None) is None
    accounts.set_active(session, editor, False)
    assert auth.oidc_user(session, "kari@example.no") is None


def test_an_oidc_admin_can_write() -> None:
    assert auth.User("sekretar", "admin", "oidc").can_write
    assert auth.User("kari", "editor").can_write


def test_the_oidc_providers_come_from_the_auth_section() -> None:
    assert auth.providers_of({"redirect_uri": "x", "cookie_secret": "y"}) == []
    assert auth.providers_of({"redirect_uri": "x", "client_id": "c", "client_secret": "s",
                              "server_metadata_url": "u"}) == [None]
    assert auth.providers_of({"redirect_uri": "x", "microsoft": {"client_id": "c"}}) == ["microsoft"]
    assert auth.providers_of(None) == []


def test_without_secrets_there_is_no_oidc_button(engine) -> None:
    at = AppTest.from_file(PAGE, default_timeout=60).run()
    assert not [b for b in at.button if b.label.startswith("Logg inn med")]


def test_a_busy_database_keeps_the_sign_in_and_the_typed_note(engine, session, editor, monkeypatch) -> None:
    """Another writer holds the database past the wait: the editor stays signed in, the form keeps the note,
    and a Nynorsk message says nothing was saved (before: the sign-in form after 10 s, the note gone)."""
    import subprocess
    import sys

    if not db.is_sqlite(engine):
        return
    monkeypatch.setattr(db, "SQLITE_BUSY_TIMEOUT_MS", 1500)
    db._cached_engine.cache_clear()
    token = accounts.start_session(session, editor)
    at = AppTest.from_file(PAGE, default_timeout=60)
    at.session_state[auth.TOKEN_KEY] = token
    at.query_params["item"] = "8"
    at = at.run()
    note_key = next(w.key for w in at.text_area if w.key and w.key.endswith("_note"))
    at.text_area(key=note_key).input("Eit viktig notat frå møtet")
    # the session was confirmed more than a minute ago: the next run also tries to write its last-seen time
    session.execute(update(LoginSession).values(last_seen_at=db.utcnow() - dt.timedelta(minutes=2)))
    session.commit()
    holder = subprocess.Popen(
        [sys.executable, "-c", "import sqlite3,sys,time\nc=sqlite3.connect(sys.argv[1],isolation_level=None)\n"
         "c.execute('BEGIN EXCLUSIVE')\nprint('held',flush=True)\ntime.sleep(8)\nc.execute('COMMIT')",
         str(db.engine_file(engine))], stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "held"
        at.button(key="reporting_save").click()
        at = at.run()
    finally:
        holder.kill()
        holder.wait()
        db._cached_engine.cache_clear()
    assert not at.exception
    errors = " ".join(e.value for e in at.error)
    assert "oppteken" in errors and "Ingenting er lagra" in errors
    assert at.text_area(key=note_key).value == "Eit viktig notat frå møtet"
    assert auth.TOKEN_KEY in at.session_state
    assert "Passord" not in [w.label for w in at.text_input]  # no sign-in form


def test_the_client_address_believes_the_proxy_header_only_from_a_trusted_proxy() -> None:
    forged = "6.6.6.6, 203.0.113.9"
    assert auth.client_from("198.51.100.4", forged, None) == "198.51.100.4"  # no proxy configured
    assert auth.client_from("198.51.100.4", forged, "10.0.0.0/8") == "198.51.100.4"  # not from the proxy
    assert auth.client_from("10.0.0.5", forged, "10.0.0.0/8") == "203.0.113.9"  # the proxy's own entry
    assert auth.client_from("10.0.0.5", "203.0.113.9, 10.0.0.7", "10.0.0.0/8") == "203.0.113.9"
    assert auth.client_from(None, forged, None) == "127.0.0.1"
    assert auth.client_from(None, forged, "127.0.0.1") == "203.0.113.9"


def test_a_database_that_cannot_be_asked_does_not_sign_the_editor_out(engine, session, editor, monkeypatch) -> None:
    from sqlalchemy.exc import OperationalError

    at = signed_in(editor, PASSWORD)
    assert auth.TOKEN_KEY in at.session_state

    def down(*_args, **_kwargs):
        raise OperationalError("SELECT 1", {}, Exception("server closed the connection"))

    monkeypatch.setattr(accounts, "session_user", down)
    at = at.run()
    assert not at.exception
    assert auth.TOKEN_KEY in at.session_state
    assert "Passord" not in [w.label for w in at.text_input]  # no sign-in form instead of the page


def _admin_page(session, admin) -> AppTest:
    at = AppTest.from_file(PAGE, default_timeout=60)
    at.session_state[auth.TOKEN_KEY] = accounts.start_session(session, admin)
    return at.run()


def test_an_admin_manages_the_account_life_cycle_on_rapportering(engine, session, editor, admin) -> None:
    at = _admin_page(session, admin)
    assert not at.exception
    assert any(e.label == "Brukarkontoar" for e in at.expander)
    table = at.dataframe[-1].value
    assert set(table["Brukarnamn"]) == {editor, admin}
    at.selectbox(key="accounts_admin_pick").set_value(editor).run()
    at.button(key="accounts_admin_deactivate").click().run()
    assert not at.exception
    assert any("er no inaktiv" in s.value for s in at.success)
    session.rollback()
    assert accounts.get_account(session, editor).active is False
    at.button(key="accounts_admin_reactivate").click().run()
    at.button(key="accounts_admin_unlock").click().run()
    at.text_input(key="accounts_admin_password_1").input("eit-nytt-langt-passord")
    at.text_input(key="accounts_admin_password_2").input("eit-nytt-langt-passord")
    at.button(key="accounts_admin_set_password").click().run()
    assert not at.exception
    assert "eit-nytt-langt-passord" not in [v for v in at.session_state.values() if isinstance(v, str)]
    at.button(key="accounts_admin_remove").click().run()  # not confirmed: nothing removed
    session.rollback()
    assert accounts.get_account(session, editor) is not None
    at.checkbox(key="accounts_admin_remove_confirm").check().run()
    at.button(key="accounts_admin_remove").click().run()
    session.rollback()
    assert accounts.get_account(session, editor) is None
    actions = [a.action for a in session.scalars(
        select(AuditEntry).where(AuditEntry.item == f"user:{editor}", AuditEntry.actor == admin))]
    assert actions == ["deactivate_user", "reactivate_user", "unlock_user", "set_password", "remove_user"]
    with db.session_scope(engine) as check:
        assert all(a.origin == "nettsida" for a in check.scalars(select(AuditEntry).where(AuditEntry.actor == admin)))


def test_an_editor_sees_no_account_administration(engine, session, editor) -> None:
    at = AppTest.from_file(PAGE, default_timeout=60)
    at.session_state[auth.TOKEN_KEY] = accounts.start_session(session, editor)
    at = at.run()
    assert not at.exception
    assert not any(e.label == "Brukarkontoar" for e in at.expander)


def test_the_only_admin_cannot_remove_themself(engine, session, admin) -> None:
    at = _admin_page(session, admin)
    at.selectbox(key="accounts_admin_pick").set_value(admin).run()
    at.button(key="accounts_admin_deactivate").click().run()
    assert any("einaste aktive administratoren" in e.value for e in at.error)
    session.rollback()
    assert accounts.get_account(session, admin).active is True
