"""Deltidsinnbyggjarar in a browser (issue 20): the form is a section of its own, and what was typed survives leaving
it — in the comparison and in the field itself on return (Streamlit forgets an undrawn widget's state; a field left
while edited came back empty in the browser, which AppTest does not show)."""

from __future__ import annotations

import pytest
from axe_playwright_python.sync_playwright import Axe

from indicators.present.texts import part_time as words
from tests.app_server import reused_tab, wait_until_rendered

pytestmark = pytest.mark.browser

AXE_OPTIONS = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]},
               "resultTypes": ["violations"]}
FIELD = "Fråtrekk dagsturisme"


def open_tab(page, label: str) -> None:
    page.get_by_role("tab", name=label).click()
    page.wait_for_timeout(300)  # the click's rerun has started
    wait_until_rendered(page)


def per_day(page) -> str:
    return page.locator('.key-figure-value').first.inner_text().replace("\u00a0", " ")


def test_typed_assumptions_survive_leaving_the_form(app_url, browser):
    page = reused_tab(browser, 1280, 720)
    page.goto(f"{app_url}/deltidsinnbyggjarar", wait_until="domcontentloaded")
    wait_until_rendered(page)
    assert per_day(page) == "26 527"
    assert page.locator('[data-testid="stTextInput"]').count() == 0  # the form is not built on the first open

    open_tab(page, words.SECTION_CALCULATION)
    page.get_by_role("textbox", name=FIELD).fill("3000")
    open_tab(page, words.SECTION_COMPARISON)  # no Enter: the edit is committed as the field loses focus
    page.wait_for_function("() => document.querySelector('.key-figure-value')"
                           ".innerText.replace(/\\s/g, '') === '24527'", timeout=30_000)

    open_tab(page, words.SECTION_CALCULATION)
    field = page.get_by_role("textbox", name=FIELD)
    assert field.input_value().replace("\u00a0", " ") == "3 000"
    violations = Axe().run(page, options=AXE_OPTIONS).response["violations"]
    assert [(v["id"], len(v["nodes"])) for v in violations] == []
