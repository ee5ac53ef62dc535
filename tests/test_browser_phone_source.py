"""A chart's source line on a phone, in the browser (tests/test_phone_source.py has the why): at 390 px the wrapping
copy under the chart shows the whole line, the figure's own line is hidden and its band cut; on a projector the
figure's line shows and the copy does not."""

from __future__ import annotations

import pytest
from axe_playwright_python.sync_playwright import Axe

from tests.app_server import resize, reused_tab, wait_until_rendered, wait_until_still

pytestmark = pytest.mark.browser

AXE_OPTIONS = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]},
               "resultTypes": ["violations"]}
STATE = """() => {
  const copy = document.querySelector('.narrow-chart-source');
  const chart = document.querySelector('.js-plotly-plot');
  const i = chart.layout.annotations.findIndex(a => a.name === 'source');
  const note = chart.querySelector(`.infolayer .annotation[data-index="${i}"]`);
  const ticks = chart.querySelector('.xaxislayer-above').getBoundingClientRect();
  const box = copy.getBoundingClientRect();
  return {copyShown: copy.checkVisibility(), copyText: copy.textContent, copyRight: box.right,
          copyClipped: copy.scrollWidth > copy.clientWidth, gap: box.top - ticks.bottom,
          noteShown: getComputedStyle(note).display !== 'none', width: window.innerWidth};
}"""


def test_the_source_line_wraps_under_the_chart_on_a_phone_only(app_url, browser):
    page = reused_tab(browser, 390, 844, mobile=True)
    page.goto(f"{app_url}/folketal", wait_until="domcontentloaded")
    wait_until_rendered(page)
    page.locator(".narrow-chart-source").scroll_into_view_if_needed()
    wait_until_still(page)
    phone = page.evaluate(STATE)
    assert phone["copyShown"] and not phone["noteShown"]
    assert phone["copyText"].startswith("Kjelde: Statistisk sentralbyrå, tabell 07459 (")
    assert "desember 2026" in phone["copyText"] or "lagra" in phone["copyText"]
    assert phone["copyRight"] <= phone["width"] and not phone["copyClipped"]
    assert 0 <= phone["gap"] < 60, phone  # the figure's empty band under the axis is cut
    violations = Axe().run(page, options=AXE_OPTIONS).response["violations"]
    assert violations == [], [v["id"] for v in violations]

    resize(page, 1280, 720)
    wait_until_still(page)
    wide = page.evaluate(STATE)
    assert wide["noteShown"] and not wide["copyShown"]
