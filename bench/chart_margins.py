"""Every chart of every page, tab and view choice: the margins a figure asks for against those plotly used.

When plotly has to push a margin (automargin) it draws the chart a second time before showing it (issue 20,
eighth session); indicators/present/chart_margins.py asks for the room up front. This lists, per chart, the left
margin asked for, the one used, every side plotly pushed, the widest y tick label (getBBox) and the labels, so a
new chart whose labels the estimate misses shows up. The server is yours to start (any checkout, any port).

    .venv/bin/python bench/chart_margins.py http://127.0.0.1:8501 [WIDTH]
"""

from __future__ import annotations

import asyncio
import json
import sys
from typing import Any

from playwright.async_api import async_playwright

DONE = '[data-testid="stApp"][data-test-script-state="notRunning"]'
PAGES = ["", "folketal", "arbeidsplassar", "klima", "deltidsinnbyggjarar", "handlingsprogram", "motemodus", "om"]
CHARTS = """() => [...document.querySelectorAll('.js-plotly-plot')].map(g => ({
  title: ((g.layout.title || {}).text || '').slice(0, 60), asked: g._fullLayout.margin, used: g._fullLayout._size,
  widest: Math.max(0, ...[...g.querySelectorAll('.yaxislayer-above .ytick text')].map(t => t.getBBox().width)),
  labels: [...g.querySelectorAll('.yaxislayer-above .ytick text')].map(t => t.textContent).slice(0, 8)}))"""


async def settle(page: Any) -> None:
    await asyncio.sleep(0.3)
    await page.wait_for_selector(DONE, state="attached", timeout=60_000)
    await asyncio.sleep(1.2)


async def collect(page: Any, where: str) -> list[dict[str, Any]]:
    rows = []
    for chart in await page.evaluate(CHARTS):
        asked, used = chart["asked"], chart["used"]
        pushed = {side: round(used[side] - asked[side]) for side in "lrtb" if round(used[side] - asked[side])}
        rows.append({"where": where, "title": chart["title"], "asked_l": asked["l"], "used_l": round(used["l"]),
                     "pushed": pushed, "widest_label": round(chart["widest"], 1), "labels": chart["labels"]})
    return rows


async def main(base: str, width: int) -> None:
    async with async_playwright() as p:
        browser = await p.chromium.launch(executable_path="/usr/bin/chromium")
        page = await (await browser.new_context(viewport={"width": width, "height": 900})).new_page()
        for path in PAGES:
            await page.goto(f"{base}/{path}")
            await settle(page)
            tabs = page.locator('[data-testid="stMain"] [role="tab"]')
            for index in range(max(await tabs.count(), 1)):
                label = ""
                if await tabs.count():
                    label = (await tabs.nth(index).inner_text()).strip()
                    await tabs.nth(index).click()
                    await settle(page)
                for row in await collect(page, f"{path or 'oversikt'}:{label}"):
                    print(json.dumps(row, ensure_ascii=False))
                # the open tab's first view choice, every option in turn
                options = page.locator('[data-testid="stMain"] [role="tabpanel"]:not([hidden]) [data-testid="stRadio"]'
                                       ).first.locator('[role="radiogroup"] label')
                count = await options.count() if label else 0
                for option in range(1, count):
                    await options.nth(option).click()
                    await settle(page)
                    for row in await collect(page, f"{path or 'oversikt'}:{label}:view {option + 1}"):
                        print(json.dumps(row, ensure_ascii=False))
                if count > 1:
                    await options.nth(0).click()
                    await settle(page)
        await browser.close()


if __name__ == "__main__":
    asyncio.run(main(sys.argv[1].rstrip("/"), int(sys.argv[2]) if len(sys.argv) > 2 else 1280))
