"""Local accounts: argon2id password hashes, lockout after wrong passwords, sign-in sessions with idle expiry,
and the e-mail → role mapping for an OpenID Connect sign-in (Streamlit's st.login).

Every function takes a Session; writes commit. Time comes from `now` (tests inject a clock), default UTC now.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import hashlib
import re
import secrets
from dataclasses import dataclass

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from indicators.followup.db import begin_write, utcnow
from indicators.followup.errors import (
    AccountLockedError,
    AuthenticationError,
    InvalidInputError,
    PermissionDeniedError,
)
from indicators.followup.models import ROLES, AuditEntry, LoginAttempt, LoginSession, User

MAX_FAILURES = 5
FAILURE_WINDOW = dt.timedelta(minutes=15)
LOCK_DURATION = dt.timedelta(minutes=15)
SESSION_IDLE_TIMEOUT = dt.timedelta(minutes=30)
MIN_PASSWORD_LENGTH = 10
WRITER_ROLES = ("editor", "admin")

_hasher = PasswordHasher()  # argon2id with the library's current recommended parameters
_NAME = re.compile(r"^[\w.@-]{2,80}$")


@dataclass(frozen=True)
class Account:
    """A user as the app sees it (no hash)."""

    id: int
    name: str
    role: str
    email: str | None
    active: bool

    @property
    def is_admin(self) -> bool:
        return self.role == "admin"


@functools.cache
def _dummy_hash() -> str:
    return _hasher.hash("ikkje-eit-passord")


def _account(user: User) -> Account:
    return Account(user.id, user.name, user.role, user.email, user.active)


def audit(
    session: Session, actor: str, action: str, item: str = "", old: str = "", new: str = "",
    now: dt.datetime | None = None,
) -> None:
    """Add an audit row to the session's transaction (committed with the write it records)."""
    session.add(AuditEntry(at=now or utcnow(), actor=actor, action=action, item=item, old_value=old, new_value=new))


def find_user(session: Session, name: str) -> User | None:
    return session.scalars(select(User).where(User.name == name)).first()


def get_account(session: Session, name: str) -> Account | None:
    user = find_user(session, name)
    return _account(user) if user else None


def list_accounts(session: Session) -> list[Account]:
    return [_account(u) for u in session.scalars(select(User).order_by(User.name))]


def require_role(session: Session, name: str | None, roles: tuple[str, ...] = WRITER_ROLES) -> User:
    """The active user `name` with one of `roles`, else PermissionDeniedError."""
    if not name:
        raise PermissionDeniedError("Du må vere logga inn for å skrive.")
    user = find_user(session, name)
    if user is None:
        raise PermissionDeniedError(f"Ukjend brukar «{name}».")
    if not user.active:
        raise PermissionDeniedError(f"Brukaren «{name}» er ikkje aktiv.")
    if user.role not in roles:
        raise PermissionDeniedError(f"Brukaren «{name}» har rolla «{user.role}»; dette krev {' eller '.join(roles)}.")
    return user


def _check_password(password: str) -> None:
    if len(password) < MIN_PASSWORD_LENGTH:
        raise InvalidInputError(f"Passordet må ha minst {MIN_PASSWORD_LENGTH} teikn.")


def add_user(
    session: Session, name: str, role: str, password: str | None, *, email: str | None = None,
    actor: str | None = None, now: dt.datetime | None = None,
) -> Account:
    """A new account. `password` None: signs in through OIDC only (needs `email`). `actor`: the admin adding
    it in the app; None on the command line (whoever runs it has the server)."""
    begin_write(session)
    if actor is not None:
        require_role(session, actor, ("admin",))
    if not _NAME.match(name or ""):
        raise InvalidInputError("Brukarnamnet må ha 2–80 teikn: bokstavar, tal, punktum, @, - eller _.")
    if role not in ROLES:
        raise InvalidInputError(f"Ukjend rolle «{role}»; bruk {' eller '.join(ROLES)}.")
    if find_user(session, name) is not None:
        raise InvalidInputError(f"Brukaren «{name}» finst alt.")
    email = email.strip().lower() if email else None
    if email and not re.match(r"^[^@\s]+@[^@\s]+$", email):
        raise InvalidInputError(f"«{email}» er ikkje ei e-postadresse.")
    if email and session.scalars(select(User).where(User.email == email)).first():
        raise InvalidInputError(f"E-postadressa {email} høyrer alt til ein annan brukar.")
    if password is None and not email:
        raise InvalidInputError("Ein brukar utan passord må ha e-postadresse (innlogging gjennom OIDC).")
    if password is not None:
        _check_password(password)
    now = now or utcnow()
    user = User(
        name=name, role=role, email=email, active=True, created_at=now,
        password_hash=_hasher.hash(password) if password is not None else None,
    )
    session.add(user)
    session.flush()
    audit(session, actor or "kommandolinja", "add_user", f"user:{name}", "", f"{role} {email or ''}".strip(), now)
    session.commit()
    return _account(user)


def set_active(session: Session, name: str, active: bool, *, actor: str | None = None) -> Account:
    begin_write(session)
    if actor is not None:
        require_role(session, actor, ("admin",))
    user = find_user(session, name)
    if user is None:
        raise InvalidInputError(f"Ukjend brukar «{name}».")
    audit(session, actor or "kommandolinja", "set_active", f"user:{name}", str(user.active), str(active))
    user.active = active
    session.commit()
    return _account(user)


def set_password(session: Session, name: str, password: str, *, actor: str | None = None) -> None:
    begin_write(session)
    if actor is not None and actor != name:
        require_role(session, actor, ("admin",))
    user = find_user(session, name)
    if user is None:
        raise InvalidInputError(f"Ukjend brukar «{name}».")
    _check_password(password)
    user.password_hash = _hasher.hash(password)
    audit(session, actor or "kommandolinja", "set_password", f"user:{name}")  # never the password
    session.commit()


def locked_until(session: Session, name: str, now: dt.datetime | None = None) -> dt.datetime | None:
    """When the lock on `name` ends, or None: locked for LOCK_DURATION after the MAX_FAILURES-th wrong password
    within FAILURE_WINDOW (failures before the last successful sign-in do not count)."""
    now = now or utcnow()
    last_ok = session.scalar(
        select(func.max(LoginAttempt.attempted_at)).where(LoginAttempt.user_name == name, LoginAttempt.outcome == "ok")
    )
    since = now - FAILURE_WINDOW - LOCK_DURATION
    if last_ok is not None and last_ok > since:
        since = last_ok
    failures = list(session.scalars(
        select(LoginAttempt.attempted_at).where(
            LoginAttempt.user_name == name, LoginAttempt.outcome == "wrong_password",
            LoginAttempt.attempted_at > since,
        ).order_by(LoginAttempt.attempted_at)
    ))
    for index in range(len(failures) - MAX_FAILURES + 1):
        first, fifth = failures[index], failures[index + MAX_FAILURES - 1]
        if fifth - first <= FAILURE_WINDOW and now < fifth + LOCK_DURATION:
            return fifth + LOCK_DURATION
    return None


def _failed(session: Session, name: str, outcome: str, now: dt.datetime) -> None:
    session.add(LoginAttempt(user_name=name[:80], attempted_at=now, outcome=outcome))
    audit(session, name[:80], "sign_in_failed", f"user:{name[:80]}", "", outcome, now)
    session.commit()


def authenticate(session: Session, name: str, password: str, *, now: dt.datetime | None = None) -> Account:
    """The account when the password is right; else AuthenticationError (AccountLockedError while locked).
    Every failure is recorded and audited."""
    begin_write(session)
    now = now or utcnow()
    message = "Feil brukarnamn eller passord."
    user = find_user(session, name)
    if user is None:
        with contextlib.suppress(VerificationError):  # as slow as a real check, so timing does not tell
            _hasher.verify(_dummy_hash(), password)
        _failed(session, name, "unknown_user", now)
        raise AuthenticationError(message)
    until = locked_until(session, name, now)
    if until is not None:
        _failed(session, name, "locked", now)
        minutes = max(1, round((until - now).total_seconds() / 60))
        raise AccountLockedError(
            f"Kontoen er mellombels låst etter {MAX_FAILURES} feil passord. Prøv igjen om {minutes} min.", until
        )
    try:
        if user.password_hash is None:
            raise VerificationError
        _hasher.verify(user.password_hash, password)
    except (VerificationError, InvalidHashError):
        _failed(session, name, "wrong_password", now)
        if locked_until(session, name, now) is not None:
            raise AccountLockedError(
                f"Kontoen er mellombels låst i {int(LOCK_DURATION.total_seconds() // 60)} min etter "
                f"{MAX_FAILURES} feil passord.", now + LOCK_DURATION,
            ) from None
        raise AuthenticationError(message) from None
    if not user.active:
        _failed(session, name, "inactive", now)
        raise AuthenticationError("Kontoen er ikkje aktiv. Spør ein administrator.")
    if _hasher.check_needs_rehash(user.password_hash):
        user.password_hash = _hasher.hash(password)
    session.add(LoginAttempt(user_name=name, attempted_at=now, outcome="ok"))
    audit(session, name, "sign_in", f"user:{name}", now=now)
    session.commit()
    return _account(user)


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def start_session(session: Session, account: Account | str, *, now: dt.datetime | None = None) -> str:
    """A new sign-in session for the user; returns the token (keep it in the browser session only)."""
    begin_write(session)
    name = account if isinstance(account, str) else account.name
    user = require_role(session, name, ROLES)
    now = now or utcnow()
    token = secrets.token_urlsafe(32)
    session.add(LoginSession(token_hash=_token_hash(token), user_id=user.id, started_at=now, last_seen_at=now))
    session.commit()
    return token


def session_user(session: Session, token: str | None, *, now: dt.datetime | None = None) -> Account | None:
    """The signed-in user of `token`, or None when unknown, ended, idle too long or the user is inactive.
    A valid call counts as activity."""
    if not token:
        return None
    begin_write(session)
    now = now or utcnow()
    row = session.get(LoginSession, _token_hash(token))
    if row is None or row.ended_at is not None:
        session.commit()
        return None
    if now - row.last_seen_at > SESSION_IDLE_TIMEOUT:
        row.ended_at = row.last_seen_at + SESSION_IDLE_TIMEOUT
        session.commit()
        return None
    user = session.get(User, row.user_id)
    if user is None or not user.active:
        session.commit()
        return None
    row.last_seen_at = now
    session.commit()
    return _account(user)


def end_session(session: Session, token: str, *, now: dt.datetime | None = None) -> None:
    """Sign out."""
    begin_write(session)
    now = now or utcnow()
    row = session.get(LoginSession, _token_hash(token))
    if row is not None and row.ended_at is None:
        row.ended_at = now
        user = session.get(User, row.user_id)
        audit(session, user.name if user else "?", "sign_out", f"user:{user.name if user else '?'}", now=now)
    session.commit()


def role_for_email(session: Session, email: str | None) -> str | None:
    """The role of the active user with this e-mail (case-insensitive), else None: reading only."""
    if not email:
        return None
    user = session.scalars(select(User).where(User.email == email.strip().lower())).first()
    return user.role if user is not None and user.active else None


def account_for_email(session: Session, email: str | None) -> Account | None:
    if not email:
        return None
    user = session.scalars(select(User).where(User.email == email.strip().lower())).first()
    return _account(user) if user is not None and user.active else None
