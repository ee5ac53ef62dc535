"""Comparisons with other places in the browser: Folketal and Arbeidsplassar with «Samanlikn med», Om with the
similar regions shown, Møtemodus with the «… og liknande regionar» slide; each without an error and with zero
axe-core violations. On the app as `make run` starts it (tests/conftest.py `app_url`, shared with
tests/test_browser.py)."""

from __future__ import annotations

from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe

from tests.app_server import listen, reused_tab
from tests.test_browser import AXE_OPTIONS, wait_until_rendered

ROOT = Path(__file__).resolve().parent.parent

pytestmark = pytest.mark.browser


def _check(page) -> str:
    body = page.locator('[data-testid="stMainBlockContainer"]').inner_text()
    assert page.locator('[data-testid="stException"]').count() == 0
    assert "Traceback" not in body
    violations = Axe().run(page, options=AXE_OPTIONS).response["violations"]
    assert [(v["id"], len(v["nodes"])) for v in violations] == []
    return body


@pytest.mark.parametrize(("path", "expected"), [
    ("folketal?view=indeks&compare=33,0,valdres,3449", "Valdres (region)"),
    ("arbeidsplassar?jobs_view=samanlikn&jobs_measure=per_100&compare=valdres,numedal", "Numedal (region)"),
    ("motemodus?similar=1&goals=", "Hallingdal og liknande regionar"),
])
def test_the_comparison_views_open_without_error(app_url, browser, path, expected):
    page = reused_tab(browser, 1280, 720)
    errors: list[str] = []
    listen(page, "pageerror", lambda exc: errors.append(str(exc)))
    page.goto(f"{app_url}/{path}", wait_until="domcontentloaded")
    wait_until_rendered(page)
    page.get_by_text(expected).first.wait_for(timeout=90_000)
    wait_until_rendered(page)
    assert expected in _check(page)
    assert not errors, errors


def test_om_shows_the_similar_regions_when_asked(app_url, browser):
    page = reused_tab(browser, 1280, 720)
    page.goto(f"{app_url}/om", wait_until="domcontentloaded")
    wait_until_rendered(page)
    page.get_by_text("Vis dei stadene som liknar mest på Hallingdal").click()
    page.get_by_text("Samanlikningsregionane, nærast Hallingdal først").wait_for(timeout=120_000)
    page.get_by_text("Dei 10 kommunane som liknar mest på Hallingdal").wait_for(timeout=120_000)
    wait_until_rendered(page)
    body = _check(page)
    assert "Storleik: innbyggjarar 1. januar" in body  # the measures, with their years
