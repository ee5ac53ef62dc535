"""A peer region chosen in the sidebar's region picker (issue 23): Folketal then shows the peer's figures, in the
browser, without an error and with zero axe-core violations (the picker's open list included). On the app as `make
run` starts it (tests/conftest.py `app_url`, the server tests/test_browser.py uses)."""

from __future__ import annotations

from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe

from indicators.present import texts
from indicators.present.texts import common
from indicators.present.texts import population as population_words
from indicators.regions import active_region
from tests.app_server import listen, reused_tab
from tests.test_browser import AXE_OPTIONS, wait_until_rendered

ROOT = Path(__file__).resolve().parent.parent
PEER_NAME = active_region().names["valdres"]

pytestmark = pytest.mark.browser


def _violations(page) -> list[tuple[str, int]]:
    return [(v["id"], len(v["nodes"])) for v in Axe().run(page, options=AXE_OPTIONS).response["violations"]]


def test_choosing_a_peer_in_the_sidebar_shows_its_figures(app_url, browser):
    page = reused_tab(browser, 1280, 720)
    errors: list[str] = []
    listen(page, "pageerror", lambda exc: errors.append(str(exc)))
    page.goto(f"{app_url}/folketal", wait_until="domcontentloaded")
    wait_until_rendered(page)
    title = texts.fill(population_words.PAGE_TITLE, name=PEER_NAME)
    assert page.get_by_role("heading", name=title).count() == 0

    page.locator('[data-testid="stSidebar"] [data-testid="stSelectbox"]').filter(
        has_text=common.REGION_PICKER_LABEL).first.click()
    option = page.get_by_role("option", name=texts.fill(common.PEER_GROUP_OPTION, name=PEER_NAME))
    option.wait_for(timeout=30_000)
    assert _violations(page) == []  # the open list, with the group of peers
    option.click()
    page.get_by_role("heading", name=title).first.wait_for(timeout=120_000)
    wait_until_rendered(page)
    page.wait_for_url("**region=valdres**", timeout=30_000)

    body = page.locator('[data-testid="stMainBlockContainer"]').inner_text()
    assert page.locator('[data-testid="stException"]').count() == 0
    assert "Traceback" not in body
    assert _violations(page) == []
    assert errors == []


@pytest.mark.parametrize("section", ["Pendling", "Straumar"])
def test_a_peers_commuting_and_flows_are_drawn_with_zero_axe_violations(app_url, browser, section):
    """Commuting is in the snapshot for every municipality: the peer's sections draw its charts (issue 23)."""
    page = reused_tab(browser, 1280, 720)
    errors: list[str] = []
    listen(page, "pageerror", lambda exc: errors.append(str(exc)))
    page.goto(f"{app_url}/arbeidsplassar?region=valdres&section={section}", wait_until="domcontentloaded")
    wait_until_rendered(page)
    page.locator(".js-plotly-plot .main-svg").first.wait_for(timeout=120_000)
    wait_until_rendered(page)
    titles = " ".join(page.locator(".js-plotly-plot .gtitle").all_text_contents())
    assert PEER_NAME in titles or any(
        name in titles for name in (active_region().region_name(c) for c in active_region().parts("valdres")))
    assert page.locator('[data-testid="stException"]').count() == 0
    assert _violations(page) == []
    assert errors == []


def test_the_meetings_content_says_why_the_peers_are_not_in_its_region_list(app_url, browser):
    """Møtemodus' «Vel innhald»: the region list has the plan's region and members; the reason for no peers is
    shown under it (issue 23), with zero axe-core violations in the open popover."""
    from indicators.present.texts import meeting as meeting_words
    from indicators.present.texts import peers as peer_words

    page = reused_tab(browser, 1280, 720)
    page.goto(f"{app_url}/motemodus", wait_until="domcontentloaded")
    wait_until_rendered(page)
    page.get_by_role("button", name=meeting_words.CHOOSE_CONTENT).first.click()
    said = texts.fill(peer_words.PEERS_NOT_IN_MEETING, peers=", ".join(p.name for p in active_region().peers))
    page.get_by_text(said).first.wait_for(timeout=60_000)
    assert page.get_by_text(said).first.is_visible()
    assert _violations(page) == []


def test_the_region_and_language_go_with_you_into_the_meeting_and_back(app_url, browser):
    """Meeting mode's sidebar has the page menu only (ui/navigation.py): Gol and Bokmål chosen on Folketal are the
    meeting's (its content menu holds the language links, with zero axe-core violations), and English chosen there
    is Folketal's on the way back through the menu."""
    page = reused_tab(browser, 1280, 720)
    page.goto(f"{app_url}/folketal?region=3324&lang=nb", wait_until="domcontentloaded")
    wait_until_rendered(page)
    page.locator('[data-testid="stSidebarNav"] a[href$="/motemodus"]').click()
    page.locator(".meeting-top").first.wait_for(timeout=60_000)
    wait_until_rendered(page)
    assert page.locator('[data-testid="stSidebar"] [data-testid="stSidebarNav"]').count() == 1
    pickers = page.locator('[data-testid="stSidebar"] :is([data-testid="stSelectbox"], a[data-app-language])')
    assert pickers.count() == 0
    assert "Gol" in page.locator(".meeting-top").first.inner_text()
    page.locator('[data-testid="stPopoverButton"]').first.click()
    menu = page.locator('[data-testid="stPopoverBody"]')
    english = menu.get_by_role("link", name="English", exact=True)
    english.wait_for(timeout=60_000)
    assert menu.locator('strong[aria-current="true"]').inner_text() == "Bokmål"
    assert _violations(page) == []
    english.click()
    page.get_by_text("Meeting mode").first.wait_for(timeout=60_000)
    wait_until_rendered(page)
    page.keyboard.press("Escape")
    if page.locator('[data-testid="stExpandSidebarButton"]').count():
        page.locator('[data-testid="stExpandSidebarButton"]').click()
    page.locator('[data-testid="stSidebarNav"] a[href$="/folketal"]').click()
    page.get_by_role("heading", name="Population – Gol").wait_for(timeout=60_000)
    assert "lang=en" in page.url and "region=3324" in page.url
