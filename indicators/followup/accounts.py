"""Local accounts: argon2id password hashes, throttled sign-in, sign-in sessions with idle expiry, the account
life cycle (deactivate, reactivate, unlock, new password, remove), and the e-mail → role mapping for an OpenID
Connect sign-in (Streamlit's st.login).

Sign-in throttling is not a lock anyone can trigger: failed attempts make the next attempt wait, growing with
each failure (doubling), counted per account and client together (steep), per client (for one machine trying
many names) and per account from any client (capped at `ACCOUNT_MAX_DELAY`, so strangers can slow the
secretariat's sign-in by at most that, never keep it out). A name that matches no account is throttled the same
way, and every answer — wrong password, unknown name, throttled — costs one argon2 check and uses the same words,
so neither time nor text tells whether an account exists. An admin can lift the delays (`unlock`).

A failed sign-in is stored under the name only when it names an account; anything else (a password typed into
the name field) is stored as a keyed hash (`name_key`).

Every function takes a Session. A write adds its rows and its audit row to the caller's unit of work
(`indicators.followup.unit_of_work`; the caller commits) and never commits what a caller had open; called outside
one, it runs in a unit of work of its own. Two exceptions, both because of what they must keep: `authenticate`
records a failed attempt even when it refuses, so it is always a unit of work of its own (refused inside a
caller's, whose rollback would forget the attempt); `session_user` reads and writes the last-seen time only when
the database is free. Time comes from `now` (tests inject a clock), default UTC now.
"""

from __future__ import annotations

import contextlib
import contextvars
import datetime as dt
import functools
import getpass
import hashlib
import hmac
import re
import secrets
from collections.abc import Iterator
from dataclasses import dataclass

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import func, select
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from indicators.followup.db import short_wait, utcnow
from indicators.followup.errors import (
    AccountLockedError,
    AuthenticationError,
    FollowupError,
    InvalidInputError,
    PermissionDeniedError,
)
from indicators.followup.models import ROLES, AppSecret, AuditEntry, LoginAttempt, LoginSession, User
from indicators.followup.unit_of_work import UnitOfWorkError, in_unit_of_work, write_transaction, writes
from indicators.i18n import Message, Plural, labels

FREE_FAILURES = 5  # failed attempts (per account and client) before the first delay
CLIENT_FREE_FAILURES = 20  # per client, whatever names it tries
ACCOUNT_FREE_FAILURES = 10  # per account, from any client
FAILURE_WINDOW = dt.timedelta(hours=24)  # failures older than this are forgotten (longer than any delay)
PAIR_MAX_DELAY = dt.timedelta(minutes=15)
CLIENT_MAX_DELAY = dt.timedelta(minutes=5)
ACCOUNT_MAX_DELAY = dt.timedelta(seconds=30)  # the most a stranger elsewhere can make a real user wait
SESSION_IDLE_TIMEOUT = dt.timedelta(minutes=30)
SESSION_TOUCH_INTERVAL = dt.timedelta(minutes=1)  # last_seen is written at most this often
MIN_PASSWORD_LENGTH = 10
WRITER_ROLES = ("editor", "admin")
FAILED = ("wrong_password", "unknown_user")
NAME_KEY = "login_name_hash"
UNKNOWN_PREFIX = "?"
# The accounts' refusals: worded in the language active where they are shown (i18n.Message).
REFUSALS = labels("followup.accounts.REFUSALS", {
    "wrong": "Feil brukarnamn eller passord.",
    "throttled": Plural("For mange mislukka forsøk på kort tid. Vent {count} sekund og prøv igjen.",
                        "For mange mislukka forsøk på kort tid. Vent {count} sekund og prøv igjen."),
    "inactive_account": "Kontoen er ikkje aktiv. Spør ein administrator.",
    "signed_out": "Du må vere logga inn for å skrive.",
    "unknown_user": "Ukjend brukar «{name}».",
    "inactive_user": "Brukaren «{name}» er ikkje aktiv.",
    "role": "Brukaren «{name}» har rolla «{role}»; dette krev {roles}.",
    "either": "{first} eller {last}",
    "password_length": "Passordet må ha minst {shortest} teikn.",
    "user_name": "Brukarnamnet må ha 2–80 teikn: bokstavar, tal, punktum, @, - eller _.",
    "unknown_role": "Ukjend rolle «{role}»; bruk {roles}.",
    "exists": "Brukaren «{name}» finst alt.",
    "not_an_email": "«{email}» er ikkje ei e-postadresse.",
    "email_taken": "E-postadressa {email} høyrer alt til ein annan brukar.",
    "email_needed": "Ein brukar utan passord må ha e-postadresse (innlogging gjennom OIDC).",
    "last_admin": "«{name}» er den einaste aktive administratoren og kan ikkje takast bort.",
    "own_unit": "Innlogginga må ha si eiga eining: eit mislukka forsøk skal lagrast sjølv om ho seier nei.",
    "unsaved": "Økta har ulagra endringar som ingen eining har opna.",
})
WRONG = REFUSALS.message("wrong")


def either(choices: tuple[str, ...]) -> Message | str:
    """«a eller b» (or «a, b eller c»), in the language where it is shown."""
    if len(choices) < 2:
        return "".join(choices)
    return REFUSALS.message("either", first=", ".join(choices[:-1]), last=choices[-1])

_hasher = PasswordHasher()  # argon2id with the library's current recommended parameters
_NAME = re.compile(r"^[\w.@-]{2,80}$")
_origin: contextvars.ContextVar[str] = contextvars.ContextVar("followup_origin", default="nettsida")


@contextlib.contextmanager
def writes_from(origin: str) -> Iterator[None]:
    """Within the block, audit rows say the writes come from `origin` (the CLI: `command_line_origin()`)."""
    token = _origin.set(origin[:120])
    try:
        yield
    finally:
        _origin.reset(token)


def current_origin() -> str:
    """Where the writes of this context come from (see `writes_from`), as audit rows say."""
    return _origin.get()


def command_line_origin() -> str:
    try:
        user = getpass.getuser()
    except (KeyError, OSError):
        user = "ukjend"
    return f"kommandolinja (OS-brukar {user})"


@dataclass(frozen=True)
class Account:
    """A user as the app sees it (no hash)."""

    id: int
    name: str
    role: str
    email: str | None
    active: bool
    municipality: str | None = None  # a municipal reporter's municipality (code); None: the secretariat

    @property
    def is_admin(self) -> bool:
        return self.role == "admin"

    @property
    def is_secretariat(self) -> bool:
        """Records the region's status (and may record municipal parts): an admin, or an editor without a
        municipality."""
        return self.role == "admin" or not self.municipality


@functools.cache
def _dummy_hash() -> str:
    return _hasher.hash("ikkje-eit-passord")


def _account(user: User) -> Account:
    return Account(user.id, user.name, user.role, user.email, user.active, user.municipality)


def audit(
    session: Session, actor: str, action: str, item: str = "", old: str = "", new: str = "",
    now: dt.datetime | None = None,
) -> None:
    """Add an audit row to the session's transaction (committed with the write it records), with its origin."""
    session.add(AuditEntry(at=now or utcnow(), actor=actor[:80], action=action, item=item, old_value=old,
                           new_value=new, origin=_origin.get()))


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
        raise PermissionDeniedError(REFUSALS.message("signed_out"))
    user = find_user(session, name)
    if user is None:
        raise PermissionDeniedError(REFUSALS.message("unknown_user", name=name))
    if not user.active:
        raise PermissionDeniedError(REFUSALS.message("inactive_user", name=name))
    if user.role not in roles:
        raise PermissionDeniedError(REFUSALS.message("role", name=name, role=user.role, roles=either(roles)))
    return user


def _check_password(password: str) -> None:
    if len(password) < MIN_PASSWORD_LENGTH:
        raise InvalidInputError(REFUSALS.message("password_length", shortest=MIN_PASSWORD_LENGTH))


@writes
def add_user(
    session: Session, name: str, role: str, password: str | None, *, email: str | None = None,
    actor: str | None = None, now: dt.datetime | None = None, municipality: str | None = None,
) -> Account:
    """A new account. `password` None: signs in through OIDC only (needs `email`). `actor`: the admin adding
    it in the app; None on the command line (whoever runs it has the server). `municipality`: a member's
    today's code (the caller checks it against the region: `municipal_parts.member_code`); None: the
    secretariat."""
    if actor is not None:
        require_role(session, actor, ("admin",))
    if not _NAME.match(name or ""):
        raise InvalidInputError(REFUSALS.message("user_name"))
    if role not in ROLES:
        raise InvalidInputError(REFUSALS.message("unknown_role", role=role, roles=either(ROLES)))
    if find_user(session, name) is not None:
        raise InvalidInputError(REFUSALS.message("exists", name=name))
    email = email.strip().lower() if email else None
    if email and not re.match(r"^[^@\s]+@[^@\s]+$", email):
        raise InvalidInputError(REFUSALS.message("not_an_email", email=email))
    if email and session.scalars(select(User).where(User.email == email)).first():
        raise InvalidInputError(REFUSALS.message("email_taken", email=email))
    if password is None and not email:
        raise InvalidInputError(REFUSALS.message("email_needed"))
    if password is not None:
        _check_password(password)
    now = now or utcnow()
    user = User(
        name=name, role=role, email=email, active=True, created_at=now, municipality=municipality or None,
        password_hash=_hasher.hash(password) if password is not None else None,
    )
    session.add(user)
    session.flush()
    audit(session, actor or "kommandolinja", "add_user", f"user:{name}", "",
          " ".join(v for v in (role, email, municipality) if v), now)
    return _account(user)


def _target(session: Session, name: str, actor: str | None) -> User:
    if actor is not None:
        require_role(session, actor, ("admin",))
    user = find_user(session, name)
    if user is None:
        raise InvalidInputError(REFUSALS.message("unknown_user", name=name))
    return user


def _keeps_an_admin(session: Session, user: User) -> None:
    """Refuse to take away the last active admin (nobody could then manage the accounts from the app)."""
    if user.role != "admin" or not user.active:
        return
    others = session.scalar(select(func.count()).select_from(User).where(
        User.role == "admin", User.active.is_(True), User.id != user.id))
    if not others:
        raise InvalidInputError(REFUSALS.message("last_admin", name=user.name))


def _end_sessions(session: Session, user: User, now: dt.datetime) -> None:
    for row in session.scalars(select(LoginSession).where(
            LoginSession.user_id == user.id, LoginSession.ended_at.is_(None))):
        row.ended_at = now


@writes
def set_active(session: Session, name: str, active: bool, *, actor: str | None = None) -> Account:
    """Deactivate (signed out at once, cannot sign in or be named by --user) or reactivate an account."""
    user = _target(session, name, actor)
    now = utcnow()
    if not active:
        _keeps_an_admin(session, user)
        _end_sessions(session, user, now)
    action = "deactivate_user" if not active else "reactivate_user"
    audit(session, actor or "kommandolinja", action, f"user:{name}", str(user.active), str(active), now)
    user.active = active
    session.flush()
    return _account(user)


@writes
def set_password(session: Session, name: str, password: str, *, actor: str | None = None) -> None:
    """A new password; the account's sign-in sessions end (elsewhere too)."""
    if actor is not None and actor == name:
        require_role(session, actor, ROLES)
        user = find_user(session, name)
        assert user is not None
    else:
        user = _target(session, name, actor)
    _check_password(password)
    user.password_hash = _hasher.hash(password)
    _end_sessions(session, user, utcnow())
    audit(session, actor or "kommandolinja", "set_password", f"user:{name}")  # never the password


@writes
def unlock(session: Session, name: str, *, actor: str | None = None) -> None:
    """Lift the sign-in delays of an account (from every client)."""
    user = _target(session, name, actor)
    now = utcnow()
    session.add(LoginAttempt(user_name=user.name, attempted_at=now, outcome="unlocked", client=""))
    audit(session, actor or "kommandolinja", "unlock_user", f"user:{name}", "", "", now)


@writes
def remove_user(session: Session, name: str, *, actor: str | None = None) -> None:
    """Delete an account. Its entries and audit rows keep the name (they store it, not a reference)."""
    user = _target(session, name, actor)
    _keeps_an_admin(session, user)
    for row in session.scalars(select(LoginSession).where(LoginSession.user_id == user.id)):
        session.delete(row)
    was = f"{user.role} {user.email or ''}".strip()
    audit(session, actor or "kommandolinja", "remove_user", f"user:{name}", was, "")
    session.flush()
    session.delete(user)
    session.flush()


@dataclass(frozen=True)
class AccountStatus:
    """One line of `users list`: the account and its sign-in state."""

    name: str
    role: str
    email: str | None
    municipality: str | None
    active: bool
    locked_until: dt.datetime | None
    last_sign_in: dt.datetime | None
    created_at: dt.datetime | None

    def as_record(self) -> dict[str, object]:
        def iso(moment: dt.datetime | None) -> str | None:
            return moment.replace(tzinfo=dt.UTC).isoformat() if moment is not None else None
        return {
            "name": self.name, "role": self.role, "email": self.email, "municipality": self.municipality,
            "active": self.active, "locked_until": iso(self.locked_until), "last_sign_in": iso(self.last_sign_in),
            "created_at": iso(self.created_at),
        }


def account_statuses(session: Session, now: dt.datetime | None = None) -> list[AccountStatus]:
    """Every account with role, municipality (when accounts have one), active, throttled until, last sign-in."""
    now = now or utcnow()
    return [
        AccountStatus(
            user.name, user.role, user.email, user.municipality, user.active,
            locked_until(session, user.name, now), last_sign_in(session, user.name), user.created_at,
        )
        for user in session.scalars(select(User).order_by(User.name))
    ]


def name_key(session: Session, name: str) -> str:
    """What a sign-in attempt is stored under: the name when it names an account, else a keyed hash (a password
    typed into the name field must not land in the audit log)."""
    if find_user(session, name) is not None:
        return name
    secret = session.get(AppSecret, NAME_KEY)
    key = secret.value.encode() if secret is not None else b""
    return UNKNOWN_PREFIX + hmac.new(key, name.encode(), hashlib.sha256).hexdigest()[:24]


def _delay(failures: int, free: int, cap: dt.timedelta) -> dt.timedelta:
    if failures < free:
        return dt.timedelta(0)
    return min(cap, dt.timedelta(seconds=2 ** min(failures - free, 20)))


def _failures(session: Session, now: dt.datetime, *, name: str | None = None, client: str | None = None,
              ) -> list[dt.datetime]:
    """Failed attempts in the window (for the name, the client or both), after the last success there or the
    last unlock of the name by an admin."""
    filters = []
    if name is not None:
        filters.append(LoginAttempt.user_name == name)
    if client is not None:
        filters.append(LoginAttempt.client == client)
    resets = [session.scalar(select(func.max(LoginAttempt.attempted_at)).where(*filters, LoginAttempt.outcome == "ok"))]
    if name is not None:
        resets.append(session.scalar(select(func.max(LoginAttempt.attempted_at)).where(
            LoginAttempt.user_name == name, LoginAttempt.outcome == "unlocked")))
    since = max([now - FAILURE_WINDOW, *(r for r in resets if r is not None)])
    return list(session.scalars(
        select(LoginAttempt.attempted_at).where(
            *filters, LoginAttempt.outcome.in_(FAILED), LoginAttempt.attempted_at > since,
        ).order_by(LoginAttempt.attempted_at)
    ))


def retry_after(session: Session, key: str, client: str = "", now: dt.datetime | None = None) -> dt.datetime | None:
    """When the next sign-in attempt for `key` (a `name_key`) from `client` is heard, or None when it is now.
    The largest of the three delays (account and client together, client, account), each counted from the
    latest failure of its kind."""
    now = now or utcnow()
    until: list[dt.datetime] = []
    for failures, free, cap in (
        (_failures(session, now, name=key, client=client), FREE_FAILURES, PAIR_MAX_DELAY),
        (_failures(session, now, client=client) if client else [], CLIENT_FREE_FAILURES, CLIENT_MAX_DELAY),
        (_failures(session, now, name=key), ACCOUNT_FREE_FAILURES, ACCOUNT_MAX_DELAY),
    ):
        wait = _delay(len(failures), free, cap)
        if wait and failures[-1] + wait > now:
            until.append(failures[-1] + wait)
    return max(until, default=None)


def locked_until(session: Session, name: str, now: dt.datetime | None = None) -> dt.datetime | None:
    """The latest time any client must wait for before its next attempt at `name` (for `users list`)."""
    now = now or utcnow()
    clients = set(session.scalars(select(LoginAttempt.client).where(
        LoginAttempt.user_name == name, LoginAttempt.attempted_at > now - FAILURE_WINDOW)))
    times = [retry_after(session, name, client, now) for client in clients | {""}]
    return max((t for t in times if t is not None), default=None)


def last_sign_in(session: Session, name: str) -> dt.datetime | None:
    return session.scalar(select(func.max(LoginAttempt.attempted_at)).where(
        LoginAttempt.user_name == name, LoginAttempt.outcome == "ok"))


def _failed(session: Session, key: str, outcome: str, client: str, now: dt.datetime) -> None:
    session.add(LoginAttempt(user_name=key[:80], attempted_at=now, outcome=outcome, client=client[:64]))
    audit(session, key[:80], "sign_in_failed", f"user:{key[:80]}", "", outcome, now)


def _spend_a_check(password: str) -> None:
    with contextlib.suppress(VerificationError):  # as slow as a real check, so timing does not tell
        _hasher.verify(_dummy_hash(), password)


def authenticate(
    session: Session, name: str, password: str, *, client: str = "", now: dt.datetime | None = None,
) -> Account:
    """The account when the password is right; else AuthenticationError with the same words for a wrong password
    and an unknown name, or AccountLockedError ("wait N seconds") while throttled — for any name alike. `client`:
    the client's address (ui/auth.py). Every failure is recorded and audited.

    A unit of work of its own, committed before a refusal is raised: a failed attempt must be kept, and a
    caller's unit of work would roll it back with the refusal (UnitOfWorkError inside one)."""
    if in_unit_of_work(session):
        raise UnitOfWorkError(REFUSALS.message("own_unit"))
    with write_transaction(session):
        outcome = _check_sign_in(session, name, password, client, now or utcnow())
    if isinstance(outcome, FollowupError):
        raise outcome
    return outcome


def _check_sign_in(session: Session, name: str, password: str, client: str, now: dt.datetime,
                   ) -> Account | FollowupError:
    """The account, or the refusal to raise once the failed attempt it recorded is committed."""
    user = find_user(session, name)
    key = name_key(session, name)
    until = retry_after(session, key, client, now)
    if until is not None:
        _spend_a_check(password)
        _failed(session, key, "throttled", client, now)
        seconds = max(1, int((until - now).total_seconds() + 0.999))
        return AccountLockedError(REFUSALS.message("throttled", count=seconds), until)
    if user is None:
        _spend_a_check(password)
        _failed(session, key, "unknown_user", client, now)
        return AuthenticationError(WRONG)
    try:
        if user.password_hash is None:
            _spend_a_check(password)
            raise VerificationError
        _hasher.verify(user.password_hash, password)
    except (VerificationError, InvalidHashError):
        _failed(session, key, "wrong_password", client, now)
        return AuthenticationError(WRONG)
    if not user.active:  # told only to someone who knows the password
        _failed(session, key, "inactive", client, now)
        return AuthenticationError(REFUSALS.message("inactive_account"))
    if _hasher.check_needs_rehash(user.password_hash):
        user.password_hash = _hasher.hash(password)
    session.add(LoginAttempt(user_name=name, attempted_at=now, outcome="ok", client=client[:64]))
    audit(session, name, "sign_in", f"user:{name}", now=now)
    return _account(user)


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@writes
def start_session(session: Session, account: Account | str, *, now: dt.datetime | None = None) -> str:
    """A new sign-in session for the user; returns the token (keep it in the browser session only)."""
    name = account if isinstance(account, str) else account.name
    user = require_role(session, name, ROLES)
    now = now or utcnow()
    token = secrets.token_urlsafe(32)
    session.add(LoginSession(token_hash=_token_hash(token), user_id=user.id, started_at=now, last_seen_at=now))
    session.flush()
    return token


def session_user(session: Session, token: str | None, *, now: dt.datetime | None = None) -> Account | None:
    """The signed-in user of `token`, or None when unknown, ended, idle too long or the user is inactive.
    A valid call counts as activity. Only reads, but for the last-seen time (written at most once a minute, and
    skipped when another writer holds the database: a busy database must not sign anyone out).

    Inside a caller's unit of work the bookkeeping joins it; otherwise the call ends the session's read
    transaction (refusing unsaved changes, like `write_transaction`) and runs in a transaction of its own."""
    if not token:
        return None
    now = now or utcnow()
    joined = in_unit_of_work(session)
    if not joined and session.in_transaction():
        if session.new or session.dirty or session.deleted:
            raise UnitOfWorkError(REFUSALS.message("unsaved"))
        session.rollback()  # only reads were done: nothing is lost
    account, values, row = _signed_in(session, token, now)
    if values and row is not None:
        if joined:
            for name, value in values.items():
                setattr(row, name, value)
            session.flush()
        else:
            _touch(session, row, **values)
    elif not joined:
        session.rollback()  # the call's own read transaction
    return account


def _signed_in(session: Session, token: str, now: dt.datetime,
               ) -> tuple[Account | None, dict[str, dt.datetime], LoginSession | None]:
    """The account of `token` (or None) and the bookkeeping to write on its sign-in session."""
    row = session.get(LoginSession, _token_hash(token))
    if row is None or row.ended_at is not None:
        return None, {}, None
    if now - row.last_seen_at > SESSION_IDLE_TIMEOUT:
        return None, {"ended_at": row.last_seen_at + SESSION_IDLE_TIMEOUT}, row
    user = session.get(User, row.user_id)
    if user is None or not user.active:
        return None, {}, None
    account = _account(user)
    return account, ({"last_seen_at": now} if now - row.last_seen_at >= SESSION_TOUCH_INTERVAL else {}), row


def _touch(session: Session, row: LoginSession, **values: dt.datetime) -> None:
    """Write a sign-in session's bookkeeping in the call's own transaction if the database is free now; else
    leave it for the next run."""
    try:
        with short_wait(session):
            for name, value in values.items():
                setattr(row, name, value)
            session.flush()  # takes the write lock, waiting briefly; the commit then needs no wait
        session.commit()
    except (SQLAlchemyError, FollowupError):
        session.rollback()


@writes
def end_session(session: Session, token: str, *, now: dt.datetime | None = None) -> None:
    """Sign out."""
    now = now or utcnow()
    row = session.get(LoginSession, _token_hash(token))
    if row is not None and row.ended_at is None:
        row.ended_at = now
        user = session.get(User, row.user_id)
        audit(session, user.name if user else "?", "sign_out", f"user:{user.name if user else '?'}", now=now)


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


@writes
def set_email(session: Session, name: str, email: str | None, *, actor: str | None = None) -> Account:
    """A new e-mail address for an account (None: none; an account without a password keeps one, it signs in
    through OIDC). Reminders of the reporting rounds go to it. Audited."""
    user = _target(session, name, actor)
    email = email.strip().lower() if email else None
    if email and not re.match(r"^[^@\s]+@[^@\s]+$", email):
        raise InvalidInputError(REFUSALS.message("not_an_email", email=email))
    if email and session.scalars(select(User).where(User.email == email, User.id != user.id)).first():
        raise InvalidInputError(REFUSALS.message("email_taken", email=email))
    if email is None and user.password_hash is None:
        raise InvalidInputError(REFUSALS.message("email_needed"))
    audit(session, actor or "kommandolinja", "set_email", f"user:{name}", user.email or "", email or "")
    user.email = email
    return _account(user)
