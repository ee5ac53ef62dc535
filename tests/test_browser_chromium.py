"""The tests' Chromium (tests/app_server.py CHROMIUM_ARGS): Playwright's own disabled features stay disabled, and
the omnibox pop-up WebUIs, which cost ~0.7 s of CPU per fresh tab, are not loaded."""

from __future__ import annotations

import base64
import json
import re
from typing import Any

from tests import app_server


def _disabled_features(browser: Any) -> set[str]:
    """The --disable-features Chromium runs with, from chrome://version's «Command-line Variations»."""
    page = browser.new_page()
    try:
        page.goto("chrome://version")
        encoded = re.findall(r"eyJ[A-Za-z0-9+/=]+", page.content())
    finally:
        page.close()
    assert encoded, "chrome://version shows no command-line variations"
    variations = json.loads(base64.b64decode(max(encoded, key=len) + "=" * (-len(max(encoded, key=len)) % 4)))
    return set(variations.get("disable-features", "").split(","))


def _browser_ui_pages(browser: Any) -> list[str]:
    session = browser.new_browser_cdp_session()
    page = browser.new_page()
    try:
        page.goto("about:blank")
        page.wait_for_timeout(500)  # the window's own WebUIs load beside the tab
        targets = session.send("Target.getTargets", {})["targetInfos"]
    finally:
        page.close()
        session.detach()
    return [t["url"] for t in targets if t["type"] == "browser_ui"]


def test_the_tests_chromium_keeps_playwrights_defaults_and_loads_no_omnibox_popup(browser):
    ours = _disabled_features(browser)
    assert set(app_server.OMNIBOX_POPUP_FEATURES) <= ours
    assert not [url for url in _browser_ui_pages(browser) if "omnibox-popup" in url]
    # Chromium keeps only the last --disable-features: ours must repeat every feature Playwright disables itself.
    plain = app_server._playwright.chromium.launch(executable_path=str(app_server.CHROMIUM), headless=True,
                                                   args=["--no-sandbox", "--disable-gpu"])
    try:
        defaults = _disabled_features(plain)
    finally:
        plain.close()
    assert defaults - ours == set(), "Playwright disables more features than CHROMIUM_ARGS repeats"
