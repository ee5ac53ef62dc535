"""Errors of the follow-up: one base class, messages in Nynorsk for the page and the command line."""

from __future__ import annotations

from typing import Any


class FollowupError(Exception):
    """Base of every refusal by the follow-up service; str(exc) is the Nynorsk message to show."""


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

    def __init__(self, message: str, current: Any = None) -> None:
        super().__init__(message)
        self.current = current


class AuthenticationError(FollowupError):
    """Wrong user name or password (the message does not say which)."""


class AccountLockedError(AuthenticationError):
    def __init__(self, message: str, locked_until: Any = None) -> None:
        super().__init__(message)
        self.locked_until = locked_until


class BackupError(FollowupError):
    pass
