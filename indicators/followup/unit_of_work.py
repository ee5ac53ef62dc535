"""The unit of work of the follow-up database: the caller owns the transaction.

One request (a save on a page) or one command is one unit of work: the caller opens it, the service functions
add their rows and audit rows to it, and the caller's block commits it at its end — confirmed only after the
commit and a read-back (`db.FollowupSession.commit`) — or rolls it back when anything in the block raised. The
service never commits and never rolls back what a caller had open.

    with unit_of_work(engine) as session:          # a new session, one transaction
        service.record_status(session, ...)
        corrections.mark(...)                        # in the same transaction

    with write_transaction(session):               # a page's own (read) session, for one save
        service.record_figure(session, ...)

A service write called outside any unit of work runs in one of its own (opened and committed around that one
call), so older callers keep their single-write behaviour; it never commits a transaction it did not open.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Concatenate, ParamSpec, TypeVar

from sqlalchemy import Engine
from sqlalchemy.orm import Session

from indicators.followup import db
from indicators.followup.models import AuditEntry
from indicators.i18n import labels

_WRITING = "followup_unit_of_work"
_P = ParamSpec("_P")
_R = TypeVar("_R")


# A unit of work used wrongly (a programming error, shown as such): in the language active where it is shown.
PROBLEMS = labels("followup.unit_of_work.PROBLEMS", {
    "already_open": "Ein skrivetransaksjon er alt open for denne økta.",
    "unsaved": "Økta har ulagra endringar som ingen eining har opna.",
})


class UnitOfWorkError(RuntimeError):
    """A programming error: a write transaction opened over unsaved changes, or opened twice."""


def in_unit_of_work(session: Session) -> bool:
    return bool(session.info.get(_WRITING))


@contextmanager
def write_transaction(session: Session) -> Iterator[Session]:
    """Open the session's write transaction (SQLite: BEGIN IMMEDIATE, so what the block reads and checks is what
    it writes over), commit it with confirmation when the block ends, roll it back when the block raises.

    An open read transaction of the session (a page's reads) is ended first: it holds nothing to keep. Pending
    changes that nobody committed are refused rather than committed on someone's behalf."""
    if in_unit_of_work(session):
        raise UnitOfWorkError(PROBLEMS.message("already_open"))
    if session.in_transaction():
        if session.new or session.dirty or session.deleted:
            raise UnitOfWorkError(PROBLEMS.message("unsaved"))
        session.rollback()  # only reads were done: nothing is lost
    db.begin_write(session)
    session.info[_WRITING] = True
    try:
        yield session
        session.commit()
    except BaseException as exc:
        session.rollback()
        _audit_refusal(session, exc)
        raise
    finally:
        session.info.pop(_WRITING, None)


def _audit_refusal(session: Session, exc: BaseException) -> None:
    """A refusal that must be on record (an error with `audit_refusal`: the audit row's values, e.g. a municipal
    editor writing another municipality's part) gets its audit row in a transaction of its own, after the
    refused work is rolled back."""
    row = getattr(exc, "audit_refusal", None)
    if not isinstance(row, dict):
        return
    try:
        db.begin_write(session)
        session.add(AuditEntry(**row))
        session.commit()
    except Exception:  # the refusal itself is what the caller must see
        session.rollback()


@contextmanager
def unit_of_work(engine: Engine | None = None) -> Iterator[Session]:
    """A new session with one write transaction (see `write_transaction`), closed afterwards."""
    with db.session_scope(engine) as session, write_transaction(session):
        yield session


@contextmanager
def joined(session: Session) -> Iterator[Session]:
    """For service writes: join the caller's unit of work (no commit here), or — called outside one — run in a
    unit of work of their own around this one call."""
    if in_unit_of_work(session):
        yield session
        return
    with write_transaction(session):
        yield session


def writes(function: Callable[Concatenate[Session, _P], _R]) -> Callable[Concatenate[Session, _P], _R]:
    """A write of the service or the accounts adds its rows to the caller's unit of work (never commits it);
    called outside one, it runs in a unit of work of its own."""
    @functools.wraps(function)
    def write(session: Session, *args: _P.args, **kwargs: _P.kwargs) -> _R:
        with joined(session):
            return function(session, *args, **kwargs)
    return write
