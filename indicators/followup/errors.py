"""Errors of the follow-up: one base class, messages in Nynorsk for the page and the command line."""

from __future__ import annotations

from typing import Any

from indicators.i18n import Message, Plural, labels


class FollowupError(Exception):
    """Base of every refusal by the follow-up service; its argument is the message to show (an i18n.Message, worded
    in the language active where str(exc) is taken, or a str)."""


class UnknownItemError(FollowupError):
    pass


class InvalidStatusError(FollowupError):
    pass


class InvalidInputError(FollowupError):
    """A note too long, a date in the future, a figure without a source, …"""


class PermissionDeniedError(FollowupError):
    """Unknown or inactive user, or a role that may not do this."""


class StaleEntryError(FollowupError):
    """Someone saved the item after the editor loaded it; `current` is the entry they saved (show it)."""

    def __init__(self, message: str | Message, current: Any = None) -> None:
        super().__init__(message)
        self.current = current


class AuthenticationError(FollowupError):
    """Wrong user name or password (the message does not say which)."""


class AccountLockedError(AuthenticationError):
    def __init__(self, message: str | Message, locked_until: Any = None) -> None:
        super().__init__(message)
        self.locked_until = locked_until


class BackupError(FollowupError):
    pass


class DatabaseMissingError(FollowupError):
    """The SQLite file is not there (never replaced by a fresh empty database)."""


class SaveNotConfirmedError(FollowupError):
    """A write that could not be confirmed as stored (the file was replaced, or the row cannot be read back)."""


class DatabaseBusyError(FollowupError):
    """The database could not be reached or was held by another writer past the wait: nothing was saved."""


# Why nothing was saved: worded in the language active where the message is shown (i18n.Message).
DATABASE_PROBLEMS = labels("followup.errors.DATABASE_PROBLEMS", {
    "busy": "Databasen er oppteken av ei anna skriving. Ingenting er lagra. Prøv igjen om litt; det du skreiv, står "
            "att.",
    "busy_waited": Plural("Databasen er oppteken av ei anna skriving (venta {count} sekund). Ingenting er lagra. "
                          "Prøv igjen om litt; det du skreiv, står att.",
                          "Databasen er oppteken av ei anna skriving (venta {count} sekund). Ingenting er lagra. "
                          "Prøv igjen om litt; det du skreiv, står att."),
    "disk_full": "Disken er full, så ingenting er lagra. Frigjer plass på tenaren og prøv igjen.",
    "read_only": "Databasen eller mappa kan ikkje skrivast til (manglar løyve). Ingenting er lagra.",
    "damaged": "Databasefila er skadd eller ikkje ein database. Ingenting er lagra; hent tilbake ein tryggingskopi.",
    "no_answer": "Databasen svarar ikkje. Ingenting er lagra; prøv igjen om litt.",
    "file": "Fila kunne ikkje lesast eller skrivast ({reason}). Ingenting er lagra.",
    "other": "Databasefeil ({error}). Ingenting er lagra; prøv igjen om litt.",
})


def database_problem(exc: BaseException, waited_seconds: float | None = None) -> Message | str:
    """The message for a database or file-system error (SQLAlchemy, sqlite3, psycopg, OSError): what happened and
    that nothing was saved, worded where it is shown. Never the driver's English text or a path."""
    import errno

    text = str(getattr(exc, "orig", None) or exc).lower()
    if isinstance(exc, FollowupError):
        return exc.args[0] if len(exc.args) == 1 and isinstance(exc.args[0], Message) else str(exc)
    if "locked" in text or "busy" in text:
        if waited_seconds:
            return DATABASE_PROBLEMS.message("busy_waited", count=f"{waited_seconds:g}")
        return DATABASE_PROBLEMS.message("busy")
    if "disk is full" in text or "no space" in text or getattr(exc, "errno", None) == errno.ENOSPC:
        return DATABASE_PROBLEMS.message("disk_full")
    if "readonly" in text or "read-only" in text or getattr(exc, "errno", None) in (errno.EACCES, errno.EROFS):
        return DATABASE_PROBLEMS.message("read_only")
    if "malformed" in text or "not a database" in text:
        return DATABASE_PROBLEMS.message("damaged")
    if "unable to open" in text or "connection" in text or "could not connect" in text or "timeout" in text:
        return DATABASE_PROBLEMS.message("no_answer")
    if isinstance(exc, OSError):
        return DATABASE_PROBLEMS.message("file", reason=exc.strerror or type(exc).__name__)
    return DATABASE_PROBLEMS.message("other", error=type(exc).__name__)
