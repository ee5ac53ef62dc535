"""Issue 22 end to end in Debian's Chromium: a municipal editor (made with `users add … --municipality`) signs in
on Rapportering, sees what the open round asks of their municipality, records their part of an action, and
Handlingsprogram's matrix shows it in the municipality's column — beside the region's status, which stays the
secretariat's. Both pages keep zero axe-core violations; at 390 px the matrix needs no sideways scrolling.

The app runs on a temporary SQLite database and a copy of the frozen fixture cache (as test_browser_reporting).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe

from tests.app_server import (
    app_env,
    launched_browser,
    require_chromium,
    resize,
    reused_tab,
    run_cli,
    start_app,
    wait_until_still,
)
from tests.reporting_helpers import fixture_cache_copy, sign_in
from tests.test_browser import AXE_OPTIONS, SHOTS, wait_until_rendered

ROOT = Path(__file__).resolve().parent.parent
EDITOR, PASSWORD, GOL = "gol-ed", "rett-hest-batteri-stift", "3324"
ROUND = "Tertial 3 2026"

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def app_url(tmp_path_factory):
    require_chromium()
    folder = tmp_path_factory.mktemp("browser-municipal")
    env = app_env(folder, DASHBOARD_CACHE_DIR=str(fixture_cache_copy(folder / "cache")))
    due = (dt.date.today() + dt.timedelta(days=40)).isoformat()
    run_cli(
        env,
        (["db", "upgrade"], None),
        (["users", "add", "sek", "--role", "editor"], PASSWORD + "\n"),
        (["users", "add", EDITOR, "--role", "editor", "--municipality", GOL], PASSWORD + "\n"),
        (["round", "add", ROUND, "--due", due, "--items", "actions", "--user", "sek"], None),
        (["record-status", "1", "--status", "postponed", "--user", "sek"], None),  # the region's: the secretariat's
    )
    server = start_app(env)
    yield server.url
    server.stop()


@pytest.fixture(scope="module")
def browser():
    yield from launched_browser()


def axe_violations(page) -> list[tuple[str, int]]:
    violations = Axe().run(page, options=AXE_OPTIONS).response["violations"]
    return [(v["id"], len(v["nodes"])) for v in violations]


def choose(page, label: str, option: str) -> None:
    """Pick `option` in the select box labelled `label`. A rerun of the page that comes after the sign-in (its
    widgets settle) closes an open list; then the box is opened again once the page is idle."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    box = page.locator('[data-testid="stSelectbox"]').filter(has_text=label)
    for _ in range(3):
        box.click()
        try:
            page.get_by_role("option", name=option).click(timeout=10_000)
            return
        except PlaywrightTimeout:
            wait_until_rendered(page)
    raise AssertionError(f"the list {label!r} did not open with {option!r}")


def main_text(page) -> str:
    return page.locator('[data-testid="stMainBlockContainer"]').inner_text()


def test_a_municipal_editor_records_their_part_and_sees_it_in_the_matrix(app_url, browser):
    SHOTS.mkdir(parents=True, exist_ok=True)
    page = reused_tab(browser, 1280, 720)
    page.goto(app_url, wait_until="domcontentloaded")  # the first deep link after start-up (test_browser)
    wait_until_rendered(page)
    page = reused_tab(browser, 1280, 720)  # a new session
    page.goto(f"{app_url}/rapportering", wait_until="domcontentloaded")
    wait_until_rendered(page)
    sign_in(page, EDITOR, PASSWORD)
    text = main_text(page)
    assert f"Rapporteringsrunde: {ROUND}" in text
    assert "att for Gol" in text  # what the round asks of Gol, with the deadline
    assert "Du rapporterer for Gol" in text
    assert "Kva rapporterer du?" not in text  # no choice of the region's status
    assert axe_violations(page) == []

    choose(page, "Status", "I gang")
    page.get_by_role("textbox", name="Merknad", exact=True).fill("Gol: oppstart i haust")
    page.get_by_role("button", name="Lagre og gå til neste").click()
    page.get_by_test_id("stToast").filter(has_text="Gol sin del").wait_for(timeout=60_000)
    wait_until_rendered(page)
    page.screenshot(path=str(SHOTS / "rapportering-kommune-lagra.png"))
    assert page.locator('[data-testid="stException"]').count() == 0

    board = reused_tab(browser, 1280, 720)  # a new session: the board as anyone sees it (sign-in is per session)
    board.goto(f"{app_url}/handlingsprogram", wait_until="domcontentloaded")
    wait_until_rendered(board)
    row = board.locator(".parts-table tbody tr").first
    row.wait_for(timeout=60_000)
    assert row.locator('td[data-label="Gol"]').inner_text().strip() == "► I gang"
    assert row.locator("td.parts-region").inner_text().strip() == "‖ Utsett"  # the secretariat's, unchanged
    assert "1 av 6 kommunar i gang" in row.inner_text()
    board.screenshot(path=str(SHOTS / "handlingsprogram-kommunedelar-1280.png"))
    assert axe_violations(board) == []

    resize(board, 390, 844)
    row.scroll_into_view_if_needed()
    wait_until_still(board)
    assert row.locator('td[data-label="Gol"]').is_visible()
    overflow = board.evaluate("() => { const m = document.querySelector('.parts-matrix');"
                              " return m.scrollWidth - m.clientWidth; }")
    assert overflow <= 1  # one block per action on a phone: no sideways scrolling
    board.screenshot(path=str(SHOTS / "handlingsprogram-kommunedelar-390.png"))
