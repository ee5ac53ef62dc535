"""Where the browser's time goes when a page opens (issue 20): a timeline per open, and the main thread's CPU.

Serves the app and `minimal_page.py` (bench/harness.py), opens each page `--rounds` times in Chromium (one tab
per server, as browser_ratio.py does; Chromium told to keep a tab in its renderer process, so the renderer's
CPU counters cover one open), interleaved with the minimal page, and prints for each the median, in ms on the
page's clock (0 = navigation start): the websocket open, the first message, the script finished, the plotly
chunk (`PlotlyChart.*.js`, 4.7 MB) requested and loaded, the page's elements shown (the sidebar's select), the
chart element mounted and drawn; then the main thread's CPU (`ThreadTime` of the renderer) and the wall time to
the drawn chart. Not a test; on a loaded machine only the CPU and the order of events mean much.

    .venv/bin/python bench/open_timeline.py [folketal deltidsinnbyggjarar …] [--rounds 5]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from harness import MINIMAL_PAGE, ROOT, Server  # noqa: E402

DONE = '[data-testid="stApp"][data-test-script-state="notRunning"]'
CHART = ".js-plotly-plot .main-svg"
# Chromium swaps the renderer process on a same-site navigation (back/forward cache, RenderDocument); without
# the swap one tab's counters cover exactly the opens made in it.
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu",
                 "--disable-features=BackForwardCache,ProactivelySwapBrowsingInstance,RenderDocument"]
RECORDER = """
(() => {
  const T = window.__timeline = {};
  const shown = {sidebar: '[data-testid="stSidebar"] [data-testid="stSelectbox"]',
                 chart_mounted: '[data-testid="stPlotlyChart"]', chart_drawn: '.js-plotly-plot .main-svg',
                 title: '[data-testid="stMainBlockContainer"] h1',
                 script_done: '[data-test-script-state="notRunning"]'};
  new MutationObserver(() => {
    for (const [name, selector] of Object.entries(shown)) {
      if (!(name in T) && document.querySelector(selector)) T[name] = Math.round(performance.now());
    }
  }).observe(document, {subtree: true, childList: true, attributes: true});
  const Native = window.WebSocket;
  window.WebSocket = function (...args) {
    const socket = new Native(...args);
    socket.addEventListener('open', () => { T.ws_open = Math.round(performance.now()); });
    socket.addEventListener('message', () => {
      if (!('first_message' in T)) T.first_message = Math.round(performance.now());
    });
    return socket;
  };
  window.WebSocket.prototype = Native.prototype;
  Object.assign(window.WebSocket, Native);
})();
"""
PLOTLY_CHUNK = """() => {
  const r = performance.getEntriesByType('resource').find(e => /PlotlyChart\\./.test(e.name));
  return r ? [Math.round(r.startTime), Math.round(r.responseEnd)] : null;
}"""
ORDER = ["ws_open", "first_message", "title", "script_done", "plotly_requested", "plotly_loaded", "sidebar",
         "chart_mounted", "chart_drawn"]


async def _cpu(cdp: Any) -> float:
    metrics = (await cdp.send("Performance.getMetrics"))["metrics"]
    return float(next(m["value"] for m in metrics if m["name"] == "ThreadTime"))


async def open_once(page: Any, cdp: Any, url: str, chart: bool) -> dict[str, float]:
    before = await _cpu(cdp)
    start = time.perf_counter()
    await page.goto(url)
    await page.wait_for_selector(DONE, state="attached", timeout=120_000)
    if chart:
        await page.wait_for_selector(CHART, state="visible", timeout=120_000)
    await page.wait_for_selector(DONE, state="attached", timeout=120_000)
    wall = time.perf_counter() - start
    timeline: dict[str, float] = dict(await page.evaluate("() => window.__timeline"))
    chunk = await page.evaluate(PLOTLY_CHUNK)
    if chunk:
        timeline["plotly_requested"], timeline["plotly_loaded"] = chunk
    await page.wait_for_timeout(300)  # what the open started (a last redraw) is counted to it
    timeline["cpu_ms"] = (await _cpu(cdp) - before) * 1000
    timeline["wall_ms"] = wall * 1000
    return timeline


async def run(pages: list[str], rounds: int) -> None:
    from playwright.async_api import async_playwright

    app, minimal = Server(ROOT / "dashboard.py"), Server(MINIMAL_PAGE)
    app.start()
    minimal.start()
    try:
        async with async_playwright() as playwright:
            browser = await playwright.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
            tabs = {}
            for server in (app, minimal):
                context = await browser.new_context(viewport={"width": 1920, "height": 1080})
                page = await context.new_page()
                await page.add_init_script(RECORDER)
                cdp = await context.new_cdp_session(page)
                await cdp.send("Performance.enable")
                tabs[server.url] = (page, cdp)
            targets = [(name, app.url, f"{app.url}/{name}") for name in pages] + [("minimal", minimal.url,
                                                                                   f"{minimal.url}/")]
            charted = {}
            for name, server_url, url in targets:  # warm: each page once, not counted
                await open_once(*tabs[server_url], url, chart=False)
                await tabs[server_url][0].wait_for_timeout(1500)
                charted[name] = await tabs[server_url][0].locator(CHART).count() > 0
            samples: dict[str, list[dict[str, float]]] = {name: [] for name, _, _ in targets}
            for _ in range(rounds):
                for name, server_url, url in targets:
                    samples[name].append(await open_once(*tabs[server_url], url, chart=charted[name]))
            await browser.close()
    finally:
        app.stop()
        minimal.stop()
    for name, runs in samples.items():
        parts = []
        for key in [*ORDER, "cpu_ms", "wall_ms"]:
            values = [r[key] for r in runs if key in r]
            if values:
                spread = f" ({min(values):.0f}–{max(values):.0f})" if key in ("cpu_ms", "wall_ms") else ""
                parts.append(f"{key} {statistics.median(values):.0f}{spread}")
        print(f"{name}: " + ", ".join(parts), flush=True)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("pages", nargs="*", default=["folketal", "arbeidsplassar", "deltidsinnbyggjarar",
                                                     "motemodus", "om"])
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    import asyncio

    asyncio.run(run(args.pages, args.rounds))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
