"""Arbeidsplassar's goal beside its key figures in a browser (issue 20): the rule opens in place, by mouse or
keyboard, without a rerun; on a phone the goal's statuses come before its rule; no axe-core violation either way."""

from __future__ import annotations

import pytest
from axe_playwright_python.sync_playwright import Axe

from indicators.present.texts import jobs as words
from tests.app_server import reused_tab, wait_until_rendered

pytestmark = pytest.mark.browser

AXE_OPTIONS = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]},
               "resultTypes": ["violations"]}


def test_the_goal_rule_opens_in_place_by_mouse_and_keyboard(app_url, browser):
    page = reused_tab(browser, 1280, 720)
    page.goto(f"{app_url}/arbeidsplassar", wait_until="domcontentloaded")
    wait_until_rendered(page)
    summary = page.locator(".goal-rule summary")
    rule = page.locator(".goal-rule p")
    assert summary.inner_text() == words.RULE_LABEL
    box = summary.bounding_box()
    assert box is not None and box["y"] + box["height"] <= 720  # on the projector's first screen
    assert not rule.is_visible()

    summary.click()  # the browser's own disclosure: no script run follows
    assert rule.is_visible()
    assert "Utgangspunktet er 4. kvartal 2021" in rule.inner_text()
    assert page.locator('[data-testid="stApp"]').get_attribute("data-test-script-state") == "notRunning"
    violations = Axe().run(page, options=AXE_OPTIONS).response["violations"]
    assert [(v["id"], len(v["nodes"])) for v in violations] == []

    summary.focus()
    page.keyboard.press("Enter")
    assert not rule.is_visible()


def test_on_a_phone_the_goal_statuses_come_before_its_rule(app_url, browser):
    page = reused_tab(browser, 390, 844, mobile=True)
    page.goto(f"{app_url}/arbeidsplassar", wait_until="domcontentloaded")
    wait_until_rendered(page)
    figures, statuses, summary = (page.locator(selector).bounding_box()
                                  for selector in (".figures-goal .key-figures", ".figures-goal .goal-status",
                                                   ".goal-rule summary"))
    assert figures is not None and statuses is not None and summary is not None
    assert figures["y"] + figures["height"] <= statuses["y"] < summary["y"]
    assert statuses["x"] + statuses["width"] <= 390 and summary["x"] + summary["width"] <= 390
