"""Sign-in for the pages that write: local accounts in the follow-up database, optionally OpenID Connect.

Reading needs no sign-in; every write from the web needs an editor or admin (`require_editor`).

* Local accounts: a name + password form → `accounts.authenticate` (argon2id, lockout, failed attempts audited
  by the service) → `accounts.start_session`. The token lives in `st.session_state` only (server side, this
  browser tab): never in the URL, a cookie or a log. Every run asks `accounts.session_user(token)`, so an idle
  session expires in the database and a deactivated user is out at once.
* OpenID Connect (e.g. Microsoft Entra ID): when `.streamlit/secrets.toml` has an `[auth]` section, a button
  calls `st.login()`; the signed-in e-mail is mapped to a role with `accounts.role_for_email`. No account
  with that e-mail: the user may read, not write.

The database is migrated once per process (`db.upgrade` under cache_resource); it is never created here (a
missing SQLite file is an error: `python -m indicators db upgrade` creates it).

A database that is busy or down does not sign anyone out: the signed-in user of this tab, confirmed within the
idle timeout, stays signed in for what the page shows (every write still checks the account in the service),
so a form keeps what was typed and says that the save did not happen.

The client address used to throttle sign-ins is the connection's peer; the proxy's X-Forwarded-For is believed
only when the peer is a trusted proxy (the DASHBOARD_TRUSTED_PROXIES setting), else anyone could name any
address.
"""

from __future__ import annotations

import ipaddress
import os
import time
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

import streamlit as st
from sqlalchemy import Engine
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from indicators.followup import accounts, db
from indicators.followup.errors import AccountLockedError, FollowupError
from indicators.followup.unit_of_work import write_transaction
from indicators.present.texts import fill
from indicators.present.texts import reporting as t
from indicators.safe_text import markdown_escaped, markdown_literal

TOKEN_KEY = "_followup_session_token"  # st.session_state only
CONFIRMED_KEY = "_followup_session_confirmed"  # (name, role, monotonic time) of the last confirmed check
TRUSTED_PROXIES = "DASHBOARD_TRUSTED_PROXIES"  # addresses or networks of reverse proxies, comma-separated
EXPIRED_KEY = "_followup_session_expired"
MAX_PASSWORD_CHARS = 1000


@dataclass(frozen=True)
class User:
    """The signed-in user as the pages see it; `via` is "password" (local account) or "oidc"."""

    name: str
    role: str
    via: str = "password"

    @property
    def can_write(self) -> bool:
        return self.role in accounts.WRITER_ROLES

    @property
    def role_label(self) -> str:
        return t.ROLE_LABELS.get(self.role, self.role)


# --- the database --------------------------------------------------------------------------------------------


@st.cache_resource(show_spinner=False, max_entries=8)
def _migrated(url: str) -> bool:
    db.upgrade(db.get_engine(url), create=False)  # idempotent; once per process and database; never creates
    return True


def engine() -> Engine:
    """The follow-up database's engine, migrated to the latest version."""
    url = db.database_url()
    _migrated(url)
    return db.get_engine(url)


@contextmanager
def database_session() -> Iterator[Session]:
    with db.session_scope(engine()) as session:
        yield session


# --- OpenID Connect ------------------------------------------------------------------------------------------


def oidc_providers() -> list[str | None]:
    """The providers configured in secrets.toml's [auth] section ([] without one). None is the default
    provider (client_id directly under [auth]); a name is an [auth.NAME] section."""
    try:
        if not st.secrets.load_if_toml_exists() or "auth" not in st.secrets:
            return []
        section = st.secrets["auth"]
    except Exception:  # noqa: BLE001 — a broken secrets file: no OIDC sign-in, local accounts still work
        return []
    return providers_of(section)


def providers_of(section: Any) -> list[str | None]:
    """The providers of an [auth] section: None for client_id directly under it, then each [auth.NAME]."""
    if not isinstance(section, Mapping):
        return []
    providers: list[str | None] = [None] if "client_id" in section else []
    providers += sorted(str(name) for name, value in section.items() if isinstance(value, Mapping))
    return providers


def _oidc_email() -> str | None:
    """The e-mail of the OIDC-signed-in browser, or None."""
    try:
        if not st.user.is_logged_in:
            return None
        email = st.user.get("email")
    except Exception:  # noqa: BLE001 — st.user without a configured provider
        return None
    return str(email) if email else None


def oidc_user(session: Session, email: str | None) -> User | None:
    """The user an OIDC e-mail maps to: an active account with that e-mail and a role, else None."""
    role = accounts.role_for_email(session, email)
    if role is None:
        return None
    account = accounts.account_for_email(session, email)
    return User(account.name, role, "oidc") if account is not None else None


# --- who is signed in -----------------------------------------------------------------------------------------


def current_user() -> User | None:
    """The signed-in user of this browser tab, or None. Call once per run: each call counts as activity."""
    token = st.session_state.get(TOKEN_KEY)
    if token:
        try:
            with database_session() as session:
                account = accounts.session_user(session, token)
        except (SQLAlchemyError, FollowupError):
            return _last_confirmed()
        if account is None:  # idle too long, signed out elsewhere, or the user was deactivated
            st.session_state.pop(TOKEN_KEY, None)
            st.session_state.pop(CONFIRMED_KEY, None)
            st.session_state[EXPIRED_KEY] = True
            return None
        st.session_state[CONFIRMED_KEY] = (account.name, account.role, time.monotonic())
        return User(account.name, account.role, "password")
    if oidc_providers():
        email = _oidc_email()
        if email:
            try:
                with database_session() as session:
                    return oidc_user(session, email)
            except (SQLAlchemyError, FollowupError):
                return None
    return None


def _last_confirmed() -> User | None:
    """The database cannot be asked: the user it confirmed last for this tab, if that was within the idle
    timeout (a busy database must not throw away the sign-in and the form being filled in)."""
    confirmed = st.session_state.get(CONFIRMED_KEY)
    if not confirmed:
        return None
    name, role, at = confirmed
    if time.monotonic() - at > accounts.SESSION_IDLE_TIMEOUT.total_seconds():
        return None
    return User(name, role, "password")


def _in_networks(address: str, networks: Iterable[str]) -> bool:
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    for network in networks:
        try:
            if ip in ipaddress.ip_network(network, strict=False):
                return True
        except ValueError:
            continue
    return False


def client_from(peer: str | None, forwarded_for: str | None, trusted: str | None) -> str:
    """The client's address: the connection's peer, or — only when the peer is a trusted proxy — the nearest
    address in X-Forwarded-For that is not itself a trusted proxy (the rest of the header is the client's to
    forge). `peer` None: a local connection."""
    peer = peer or "127.0.0.1"
    networks = [part.strip() for part in (trusted or "").split(",") if part.strip()]
    if not networks or not forwarded_for or not _in_networks(peer, networks):
        return peer
    for hop in reversed([part.strip() for part in forwarded_for.split(",") if part.strip()]):
        if not _in_networks(hop, networks):
            return hop[:64]
    return peer


def client_address() -> str:
    try:
        peer = st.context.ip_address
        forwarded = st.context.headers.get("X-Forwarded-For")
    except Exception:  # noqa: BLE001 — no browser session (a bare script run): a local client
        peer, forwarded = None, None
    return client_from(peer if isinstance(peer, str) else None, forwarded if isinstance(forwarded, str) else None,
                       os.environ.get(TRUSTED_PROXIES))


def require_editor(key: str = "sign_in", explanation: str = "") -> User | None:
    """The signed-in editor or admin; otherwise shows `explanation` and the sign-in form and returns None."""
    user = current_user()
    if user is not None and user.can_write:
        return user
    if explanation:
        st.info(explanation, icon=":material/lock:")
    if user is not None:
        st.warning(t.NOT_EDITOR, icon=":material/lock:")
        return None
    sign_in_form(key)
    return None


def sign_in_form(key: str = "sign_in") -> None:
    """The sign-in: OIDC buttons when configured, and the local-account form."""
    if st.session_state.pop(EXPIRED_KEY, False):
        st.info(t.SIGN_IN_EXPIRED, icon=":material/schedule:")
    providers = oidc_providers()
    if providers:
        email = _oidc_email()
        if email:  # signed in with the organisation, but no account here has that e-mail
            st.warning(fill(t.NO_ACCESS, email=markdown_literal(email)), icon=":material/lock:")
            if st.button(t.SIGN_OUT, key=f"{key}_oidc_logout"):
                st.logout()
        else:
            for provider in providers:
                label = t.SIGN_IN_OIDC if provider is None else fill(t.SIGN_IN_OIDC_PROVIDER, provider=provider)
                if st.button(label, key=f"{key}_oidc_{provider or 'default'}", icon=":material/login:"):
                    st.login(provider) if provider else st.login()
        st.caption(t.SIGN_IN_OIDC_OR)
    with st.form(key, clear_on_submit=True):  # the password leaves session state once submitted
        st.subheader(t.SIGN_IN_HEADING)
        name = st.text_input(t.SIGN_IN_NAME, key=f"{key}_name", max_chars=80, autocomplete="username")
        password = st.text_input(
            t.SIGN_IN_PASSWORD, key=f"{key}_password", type="password", max_chars=MAX_PASSWORD_CHARS,
            autocomplete="current-password",
        )
        submitted = st.form_submit_button(t.SIGN_IN_BUTTON, type="primary", key=f"{key}_submit")
    if submitted:
        _sign_in((name or "").strip(), password or "")


def _sign_in(name: str, password: str) -> None:
    if not name or not password:
        st.error(t.SIGN_IN_MISSING, icon=":material/error:")
        return
    try:
        with database_session() as session:
            account = accounts.authenticate(session, name, password, client=client_address())  # its own unit
            with write_transaction(session):
                token = accounts.start_session(session, account)
    except AccountLockedError as exc:  # throttled: wait a little (the same words for any name)
        st.error(markdown_escaped(exc), icon=":material/schedule:")
        return
    except FollowupError as exc:  # wrong name or password, inactive account, database busy: a Nynorsk message
        st.error(markdown_escaped(exc), icon=":material/error:")
        return
    except SQLAlchemyError:
        st.error(t.SIGN_IN_DATABASE_FAILED, icon=":material/error:")
        return
    st.session_state[TOKEN_KEY] = token
    st.session_state[CONFIRMED_KEY] = (account.name, account.role, time.monotonic())
    st.session_state.pop(EXPIRED_KEY, None)
    st.rerun()


def sign_out(user: User) -> None:
    """End the session (local account: in the database too; OIDC: Streamlit's logout)."""
    token = st.session_state.pop(TOKEN_KEY, None)
    st.session_state.pop(CONFIRMED_KEY, None)
    if token:
        try:
            with database_session() as session, write_transaction(session):
                accounts.end_session(session, token)
        except (SQLAlchemyError, FollowupError):
            pass  # the token is gone from this tab; the database session expires when idle
    if user.via == "oidc":
        st.logout()
    st.rerun()


def account_box(user: User, key: str = "account") -> None:
    """Who is signed in, and the sign-out button (in the sidebar)."""
    with st.sidebar:
        st.markdown(fill(t.SIGNED_IN_AS, name=markdown_literal(user.name), role=user.role_label))
        if st.button(t.SIGN_OUT, key=f"{key}_sign_out", icon=":material/logout:"):
            sign_out(user)


def widget_defaults(values: dict[str, Any]) -> None:
    """Give widgets (by key) their first value without passing `value=` (which would fight their state)."""
    for key, value in values.items():
        if key not in st.session_state:
            st.session_state[key] = value
