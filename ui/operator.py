"""Hints for the one who runs the dashboard (a shell command, a file to fix): shown to a signed-in admin only.

Visitors read whom to ask instead (issue 20: no `python -m indicators …` for anonymous readers); the commands
are also in the README.
"""

from __future__ import annotations

import re

import streamlit as st

from ui import auth

ADMIN_ROLE = "admin"


def is_signed_in_admin() -> bool:
    """Whether this tab's user is a signed-in admin. A visitor without a sign-in costs no database query."""
    if auth.TOKEN_KEY not in st.session_state and not auth.oidc_providers():
        return False
    user = auth.current_user()
    return user is not None and user.role == ADMIN_ROLE


def operator_hint(text: str) -> None:
    """`text` (markdown, from the texts) as a caption, for a signed-in admin only."""
    if is_signed_in_admin():
        st.caption(text)


_SENTENCE = re.compile(r"(?<=[.!?])\s+(?=[A-ZÆØÅ«`])")
_COMMAND = re.compile(r"`[^`]*-m indicators[^`]*`")


def without_commands(message: str) -> str:
    """`message` without its sentences that tell the operator to run a command (the domain's messages, such as a
    damaged dataset's, end with one: right in the CLI, not for a visitor)."""
    kept = [s for s in _SENTENCE.split(message) if not _COMMAND.search(s)]
    return " ".join(kept) if kept else message


def for_reader(message: str) -> str:
    """`message` whole for a signed-in admin, without the operator's commands for everyone else."""
    return message if is_signed_in_admin() else without_commands(message)
