"""Arbeidsplassar's «Korleis målet blir vurdert» in the browser (issue 20): a native disclosure under the chart,
closed on opening the page, opened from the keyboard without a rerun, with the plan's rule readable and zero
axe-core violations open. On the app as `make run` starts it (tests/conftest.py `app_url`)."""

from __future__ import annotations

import pytest

from indicators.present.texts import jobs as words
from tests.app_server import listen, reused_tab
from tests.test_browser import wait_until_rendered
from tests.test_browser_peer_region import _violations

pytestmark = pytest.mark.browser


def test_the_goal_rule_opens_from_the_keyboard_without_a_rerun(app_url, browser):
    page = reused_tab(browser, 1280, 720)
    errors: list[str] = []
    listen(page, "pageerror", lambda exc: errors.append(str(exc)))
    page.goto(f"{app_url}/arbeidsplassar", wait_until="domcontentloaded")
    wait_until_rendered(page)
    summary = page.get_by_text(words.RULE_EXPANDER, exact=True)
    rule = page.locator(".app-details p")
    assert not rule.is_visible()  # closed
    summary.focus()
    page.keyboard.press("Enter")
    rule.wait_for(state="visible", timeout=5_000)
    assert words.GOAL_NAME in rule.inner_text() and "SSB-tabell 11618" in rule.inner_text()
    assert page.locator('[data-testid="stApp"][data-test-script-state="running"]').count() == 0  # no rerun
    assert _violations(page) == []
    page.keyboard.press("Enter")  # and closed again
    rule.wait_for(state="hidden", timeout=5_000)
    assert errors == []
