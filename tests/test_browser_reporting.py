"""Issue 11 end to end in Debian's chromium: an editor (made with `python -m indicators users add`, password on
stdin) signs in on Rapportering and records a status; a second, anonymous browser opens Oversikt and sees it.
The Rapportering page has zero axe-core violations, signed in and not.

The app runs on a temporary SQLite database (DATABASE_URL) and a copy of the frozen fixture cache, started with
the same flags as tests/test_browser.py. Skipped where /usr/bin/chromium is missing, except in CI.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe

from indicators.goals import load_plan
from tests.app_server import launched_browser, require_chromium, start_app
from tests.test_browser import AXE_OPTIONS, SHOTS, wait_until_rendered

ROOT = Path(__file__).resolve().parent.parent
FIXTURE_CACHE = ROOT / "tests" / "fixtures" / "cache"
EDITOR, PASSWORD = "kari", "rett-hest-batteri-stift"
NOTE = "Nettlesartest: vurdert i sekretariatsmøtet <b>ikkje feit</b>"

pytestmark = pytest.mark.browser


def first_qualitative_goal() -> str:
    return next(g.id for g in load_plan(ROOT / "plan" / "goals.toml").goals if g.kind == "qualitative")


@pytest.fixture(scope="module")
def app_url(tmp_path_factory):
    require_chromium()
    folder = tmp_path_factory.mktemp("browser-reporting")
    cache_folder = folder / "cache"
    shutil.copytree(FIXTURE_CACHE, cache_folder, ignore=shutil.ignore_patterns("README.md"))
    env = {k: v for k, v in os.environ.items() if k not in ("REGION_CONFIG", "HALLINGDAL_CACHE_DIR")}
    env["DATABASE_URL"] = f"sqlite:///{folder / 'followup.sqlite3'}"
    env["DASHBOARD_CACHE_DIR"] = str(cache_folder)
    made = subprocess.run(
        [sys.executable, "-m", "indicators", "users", "add", EDITOR, "--role", "editor"],
        input=PASSWORD + "\n", text=True, capture_output=True, cwd=ROOT, env=env, timeout=120,
    )
    assert made.returncode == 0, made.stderr
    assert PASSWORD not in made.stdout + made.stderr  # never echoed
    server = start_app(env)
    yield server.url
    assert PASSWORD not in server.stop()  # the server never logs the password


@pytest.fixture(scope="module")
def browser():
    yield from launched_browser()


def open_page(context, url: str):
    page = context.new_page()
    page.set_viewport_size({"width": 1920, "height": 1080})
    page.goto(url, wait_until="domcontentloaded")
    wait_until_rendered(page)
    return page


def axe_violations(page) -> list[tuple[str, int]]:
    violations = Axe().run(page, options=AXE_OPTIONS).response["violations"]
    return [(v["id"], len(v["nodes"])) for v in violations]


def main_text(page) -> str:
    return page.locator('[data-testid="stMainBlockContainer"]').inner_text()


def test_an_editor_reports_and_an_anonymous_visitor_sees_it(app_url, browser):
    SHOTS.mkdir(parents=True, exist_ok=True)
    goal_id = first_qualitative_goal()
    editor = browser.new_context()
    open_page(editor, app_url).close()  # the first deep link after start-up (see test_browser.warmed_app)
    page = open_page(editor, f"{app_url}/rapportering?item={goal_id}")
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    assert "Slik får du ein konto" in main_text(page)
    assert axe_violations(page) == []

    page.get_by_label("Brukarnamn").fill(EDITOR)
    page.get_by_label("Passord", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Logg inn").click()
    page.get_by_role("button", name="Lagre og gå til neste").wait_for(timeout=60_000)
    wait_until_rendered(page)
    assert PASSWORD not in page.url
    assert f"item={goal_id}" in page.url

    page.locator('[data-testid="stSelectbox"]').filter(has_text="Status").click()
    page.get_by_role("option", name="I gang").click()
    page.get_by_role("textbox", name="Merknad", exact=True).fill(NOTE)
    page.get_by_role("button", name="Lagre og gå til neste").click()
    page.get_by_text("Lagra:").wait_for(timeout=60_000)
    wait_until_rendered(page)
    assert f"item={goal_id}" not in page.url  # moved on to the next goal
    page.screenshot(path=str(SHOTS / "rapportering-redaktor.png"), full_page=True)
    assert page.locator('[data-testid="stException"]').count() == 0
    assert axe_violations(page) == []
    assert [url for url in requested if not url.startswith((app_url, "data:", "blob:"))] == []
    editor.close()

    anonymous = browser.new_context()  # another browser: no sign-in, its own session
    board = open_page(anonymous, app_url)
    # the card's text, not the copy in the change table's grid (its cells are hidden from view by design)
    board.get_by_text(NOTE).filter(visible=True).first.wait_for(timeout=60_000)
    text = main_text(board)
    assert NOTE in text  # the note, as text
    assert EDITOR in text  # who entered it
    board.screenshot(path=str(SHOTS / "oversikt-etter-rapportering.png"), full_page=True)
    anonymous.close()
