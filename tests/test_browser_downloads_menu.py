"""A chart's «Last ned» menu in the browser (issue 20): closed, the page holds no download button; opened, the page
reruns and the menu shows the chart's downloads, which give the chart's data; with zero axe-core violations in the
open menu; closed again, the buttons go. On the app as `make run` starts it (tests/conftest.py `app_url`)."""

from __future__ import annotations

import csv
import io

import pytest

from indicators.present.texts import downloads as words
from indicators.present.texts import export as export_words
from tests.app_server import listen, reused_tab
from tests.test_browser import wait_until_rendered
from tests.test_browser_peer_region import _violations

pytestmark = pytest.mark.browser

BUTTONS = '[data-testid="stDownloadButton"]'


def test_the_download_menu_makes_its_buttons_when_opened(app_url, browser, tmp_path):
    page = reused_tab(browser, 1280, 720)
    errors: list[str] = []
    listen(page, "pageerror", lambda exc: errors.append(str(exc)))
    page.goto(f"{app_url}/folketal", wait_until="domcontentloaded")
    wait_until_rendered(page)
    assert page.locator(BUTTONS).count() == 0  # closed: nothing made, nothing mounted

    # the menu's own button (plotly's «Last ned diagrammet som PNG» shares the words)
    page.locator('[data-testid="stPopoverButton"]').filter(has_text=words.DOWNLOAD_MENU).first.click()
    menu = page.locator('[data-testid="stPopoverBody"]')
    csv_button = menu.locator(BUTTONS).filter(has_text="CSV").first
    csv_button.wait_for(timeout=60_000)
    labels = menu.locator(BUTTONS).all_inner_texts()
    assert any("Excel" in label for label in labels) and any("ZIP" in label for label in labels), labels
    assert any(export_words.EXCEL_CSV_LABEL in label for label in labels), labels
    wait_until_rendered(page)
    assert _violations(page) == []

    with page.expect_download(timeout=60_000) as info:
        menu.locator(BUTTONS).filter(has_text="CSV").filter(has_not_text="Excel").first.click()
    path = tmp_path / info.value.suggested_filename
    info.value.save_as(path)
    rows = list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8-sig"))))
    assert rows and {"region_code", "period", "value"} <= set(rows[0]), rows[:1]
    assert all(row["source"] and row["retrieved"] for row in rows)  # every row says where it came from

    page.keyboard.press("Escape")  # closed: the page reruns without the buttons
    page.wait_for_function(f"() => document.querySelectorAll('{BUTTONS}').length === 0", timeout=60_000)
    assert errors == []


def test_the_download_menu_can_be_tapped_on_a_phone(app_url, browser):
    """At 390 px what follows a chart moves up into the band cut from under it (ui/style.py): the «Last ned» button
    there lay under the chart's box and could not be tapped."""
    page = reused_tab(browser, 390, 844, mobile=True)
    page.goto(f"{app_url}/folketal", wait_until="domcontentloaded")
    wait_until_rendered(page)
    button = page.locator('[data-testid="stPopoverButton"]').filter(has_text=words.DOWNLOAD_MENU).first
    button.scroll_into_view_if_needed()
    box = button.bounding_box()
    on_top = page.evaluate("([x, y]) => !!document.elementFromPoint(x, y)?.closest('[data-testid=stPopoverButton]')",
                           [box["x"] + box["width"] / 2, box["y"] + box["height"] / 2])
    assert on_top  # nothing lies over the button
    button.click(timeout=10_000)
    page.locator('[data-testid="stPopoverBody"]').locator(BUTTONS).first.wait_for(timeout=60_000)
    wait_until_rendered(page)
    assert _violations(page) == []
