"""What the Rapportering tests share (duplicates D4 and D7): the sign-in in the browser, the fixture cache for a
browser test's own app server (its database is set up with tests/app_server.py `run_cli`), and the AppTest
helpers of the page's tests."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

from streamlit.testing.v1 import AppTest

from tests.app_server import wait_until_rendered
from ui.auth import TOKEN_KEY

ROOT = Path(__file__).resolve().parent.parent
FIXTURE_CACHE = ROOT / "tests" / "fixtures" / "cache"
PAGE = str(ROOT / "pages" / "rapportering.py")
TIMEOUT = 60

# --- a browser test's own app server ----------------------------------------------------------------------------


def fixture_cache_copy(folder: Path) -> Path:
    """A copy of the frozen fixture cache in `folder` (the app server reads it as its DASHBOARD_CACHE_DIR)."""
    shutil.copytree(FIXTURE_CACHE, folder, ignore=shutil.ignore_patterns("README.md"))
    return folder


# --- in the browser ---------------------------------------------------------------------------------------------


def sign_in(page: Any, user: str, password: str) -> None:
    """Sign in on Rapportering (the page is open) and wait for the reporting form."""
    page.get_by_label("Brukarnamn").fill(user)
    page.get_by_label("Passord", exact=True).fill(password)
    page.get_by_role("button", name="Logg inn").click()
    page.get_by_role("button", name="Lagre og gå til neste").wait_for(timeout=60_000)
    wait_until_rendered(page)


# --- AppTest ----------------------------------------------------------------------------------------------------


def open_page(token: str | None = None, **query: str) -> AppTest:
    """Rapportering in AppTest, signed in with `token` (a session token) if given, with the URL's `query`."""
    at = AppTest.from_file(PAGE, default_timeout=TIMEOUT)
    if token is not None:
        at.session_state[TOKEN_KEY] = token
    for key, value in query.items():
        at.query_params[key] = value
    return at.run()


def shown(at: AppTest) -> str:
    parts = [e.value for e in (*at.markdown, *at.caption, *at.info, *at.warning, *at.error, *at.success, *at.text)]
    return "\n".join(str(p) for p in parts)


def form_key(at: AppTest, field: str) -> str:
    """The key of the open status form's field (keys carry the item and a version)."""
    keys = [w.key for w in (*at.selectbox, *at.text_area, *at.text_input, *at.date_input, *at.checkbox)
            if w.key and w.key.startswith("rep_") and w.key.endswith(f"_{field}")]
    assert len(keys) == 1, keys
    return keys[0]
