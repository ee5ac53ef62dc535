"""Hints for the one who runs the dashboard (a shell command, a file to fix): shown to a signed-in admin only.

Visitors read whom to ask instead (issue 20: no `python -m indicators …` for anonymous readers); the commands
are also in the README.
"""

from __future__ import annotations

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
