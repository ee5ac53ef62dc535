"""A region with members only, in the browser: every page opens without an error and with zero axe-core
violations; the pages of the plan show the notice that no plan is loaded (and how to add one)."""

from __future__ import annotations

from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from members_only_fixture import members_only_file
from region_fixture import build_cache

from tests.app_server import (
    assert_page_language,
    launched_browser,
    listen,
    make_run_env,
    require_chromium,
    reused_tab,
    start_app,
)
from tests.test_browser import AXE_OPTIONS, page_paths, wait_until_rendered

ROOT = Path(__file__).resolve().parent.parent
PLAN_PAGES = {"", "handlingsprogram", "motemodus", "rapportering"}

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def app_url(tmp_path_factory):
    require_chromium()
    folder = tmp_path_factory.mktemp("members-only")
    env = make_run_env(folder, REGION_CONFIG=str(members_only_file(folder)),
                       DASHBOARD_CACHE_DIR=str(build_cache(folder / "cache")))
    server = start_app(env)
    yield server.url
    server.stop()


@pytest.fixture(scope="module")
def browser():
    yield from launched_browser()


@pytest.mark.parametrize("path", page_paths())
def test_every_page_opens_for_a_region_without_a_plan(app_url, browser, path):
    page = reused_tab(browser, 1280, 720)
    errors: list[str] = []
    listen(page, "pageerror", lambda exc: errors.append(str(exc)))
    page.goto(f"{app_url}/{path}", wait_until="domcontentloaded")
    wait_until_rendered(page)
    body = page.locator('[data-testid="stMainBlockContainer"]').inner_text()
    assert page.locator('[data-testid="stException"]').count() == 0
    assert "Traceback" not in body
    assert page.locator("h1").count() >= 1
    if path in PLAN_PAGES:
        assert "Ingen plan er lasta for Kommunedalen" in body
        assert "plan_dir" in body
    else:
        assert "Ingen plan er lasta for Kommunedalen." not in body
    assert_page_language(page, "nn")
    assert not errors, errors
    violations = Axe().run(page, options=AXE_OPTIONS).response["violations"]
    assert [(v["id"], len(v["nodes"])) for v in violations] == []
