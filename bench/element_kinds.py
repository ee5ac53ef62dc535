"""What each Streamlit element kind adds to a page's opening time in the browser (issue 20).

Serves `element_kinds_page.py` (browser_ratio.py's minimal page: a sidebar select, a title and one plotly chart;
`?kind=X` adds one element of kind X above the chart) and opens, in one Chromium tab, the bare page and the page
with each kind, interleaved (bare, kind, kind, bare, … per round), the way browser_ratio.py waits: the script has
finished and the chart is drawn. Per kind it prints the median of (kind − the bare open next to it) for the wall
time and for the renderer main thread's CPU (`ThreadTime`, as bench/open_timeline.py reads it), with min–max, and
the median wall ratio, sorted by added CPU. Not a test; on a loaded machine read the CPU column first.

    .venv/bin/python bench/element_kinds.py [dataframe metric …] [--rounds 5]
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from harness import ROOT, Server  # noqa: E402
from open_timeline import CHROMIUM_ARGS  # noqa: E402

PAGE = ROOT / "bench" / "element_kinds_page.py"
DONE = '[data-testid="stApp"][data-test-script-state="notRunning"]'
CHART = ".js-plotly-plot .main-svg"
KINDS = ["dataframe", "data_editor", "table", "markdown_table", "html", "markdown", "caption", "header", "metric",
         "columns", "number_input", "text_input", "toggle", "checkbox", "button", "download_button", "popover",
         "expander", "tabs", "radio", "segmented_control", "pills", "multiselect", "selectbox", "select_slider",
         "slider", "info", "page_link", "link_button", "container_key", "second_chart"]


async def _cpu(cdp: Any) -> float:
    metrics = (await cdp.send("Performance.getMetrics"))["metrics"]
    return float(next(m["value"] for m in metrics if m["name"] == "ThreadTime"))


async def open_once(page: Any, cdp: Any, url: str) -> tuple[float, float]:
    """Wall seconds to script finished + chart drawn, and the main thread's CPU seconds of the open."""
    before = await _cpu(cdp)
    start = time.perf_counter()
    await page.goto(url)
    await page.wait_for_selector(DONE, state="attached", timeout=120_000)
    await page.wait_for_selector(CHART, state="visible", timeout=120_000)
    await page.wait_for_selector(DONE, state="attached", timeout=120_000)
    wall = time.perf_counter() - start
    await page.wait_for_timeout(300)  # a last redraw the open started is counted to it
    return wall, await _cpu(cdp) - before


async def run(kinds: list[str], rounds: int) -> dict[str, list[tuple[float, float, float]]]:
    from playwright.async_api import async_playwright

    server = Server(PAGE)
    server.start()
    samples: dict[str, list[tuple[float, float, float]]] = {kind: [] for kind in kinds}
    try:
        async with async_playwright() as playwright:
            browser = await playwright.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
            context = await browser.new_context(viewport={"width": 1920, "height": 1080})
            page = await context.new_page()
            cdp = await context.new_cdp_session(page)
            await cdp.send("Performance.enable")
            bare = f"{server.url}/?kind=none"
            for kind in ["none", *kinds]:  # warm: each once (server caches, the browser's HTTP cache), not counted
                await open_once(page, cdp, f"{server.url}/?kind={kind}")
            for index in range(rounds):
                order = list(kinds)
                random.shuffle(order)
                for kind in order:
                    url = f"{server.url}/?kind={kind}"
                    if index % 2:
                        (wk, ck), (wb, cb) = await open_once(page, cdp, url), await open_once(page, cdp, bare)
                    else:
                        (wb, cb), (wk, ck) = await open_once(page, cdp, bare), await open_once(page, cdp, url)
                    samples[kind].append((wk - wb, ck - cb, wk / wb))
                    print(f"{kind}: +{(wk - wb) * 1000:.0f} ms wall, +{(ck - cb) * 1000:.0f} ms CPU", file=sys.stderr,
                          flush=True)
            await browser.close()
    finally:
        server.stop()
    return samples


def table(samples: dict[str, list[tuple[float, float, float]]]) -> str:
    def cell(values: list[float], scale: float = 1000, unit: str = " ms") -> str:
        return (f"{statistics.median(values) * scale:+.0f}{unit} "
                f"({min(values) * scale:+.0f} – {max(values) * scale:+.0f})")

    rows = sorted(samples.items(), key=lambda item: -statistics.median(s[1] for s in item[1]))
    lines = ["| kind | added main-thread CPU, median (min – max) | added wall time | wall ratio |",
             "|---|---|---|---|"]
    for kind, runs in rows:
        lines.append(f"| {kind} | {cell([r[1] for r in runs])} | {cell([r[0] for r in runs])} | "
                     f"{statistics.median(r[2] for r in runs):.2f}× |")
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("kinds", nargs="*", default=KINDS)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    import asyncio
    import os

    print(f"load average before: {os.getloadavg()[0]:.1f}", flush=True)
    samples = asyncio.run(run(args.kinds, args.rounds))
    print(f"load average after: {os.getloadavg()[0]:.1f}")
    print(table(samples))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
