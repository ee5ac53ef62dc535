"""Open any URLs, interleaved, and compare what each open costs the browser (issue 20, sixth session).

For A/B trials of variants served side by side (each on its own port, e.g. the same checkout started with an
environment switch a scratch edit reads): every URL gets its own Chromium tab, opened three times untimed, then
ROUNDS rounds in shuffled order, each open waited for as `browser_ratio.py` waits (script finished, first chart
drawn when `--chart`). Prints per URL the median (min–max) of the renderer main thread's CPU (`ThreadTime`, read
through the DevTools protocol before and after the open) and of the wall time, and the CPU difference to the first
URL. The servers are yours to start; nothing here starts one.

    .venv/bin/python bench/open_urls.py --rounds 12 --chart http://127.0.0.1:8691/folketal http://127.0.0.1:8693/folketal
"""

from __future__ import annotations

import argparse
import asyncio
import random
import statistics
import time
from typing import Any

from playwright.async_api import async_playwright

DONE = '[data-testid="stApp"][data-test-script-state="notRunning"]'
CHART = ".js-plotly-plot .main-svg"
# One renderer process per tab for the whole run, so its CPU counter covers exactly the opens made in it.
CHROMIUM_ARGS = ["--disable-features=BackForwardCache,ProactivelySwapBrowsingInstance,RenderDocument"]


async def open_once(page: Any, url: str, chart: bool) -> None:
    await page.goto(url)
    await page.wait_for_selector(DONE, state="attached", timeout=60000)
    if chart:
        await page.wait_for_selector(CHART, state="visible", timeout=60000)
    await page.wait_for_selector(DONE, state="attached", timeout=60000)


async def thread_time(session: Any) -> float:
    metrics = (await session.send("Performance.getMetrics"))["metrics"]
    return float(next(m["value"] for m in metrics if m["name"] == "ThreadTime"))


async def measure(urls: list[str], rounds: int, chart: bool) -> dict[str, tuple[list[float], list[float]]]:
    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        tabs = []
        for url in urls:
            context = await browser.new_context(viewport={"width": 1920, "height": 1080})
            page = await context.new_page()
            for _ in range(3):
                await open_once(page, url, chart)
            session = await context.new_cdp_session(page)
            await session.send("Performance.enable", {"timeDomain": "threadTicks"})
            tabs.append((url, page, session))
        samples: dict[str, tuple[list[float], list[float]]] = {url: ([], []) for url in urls}
        for _ in range(rounds):
            order = list(tabs)
            random.shuffle(order)
            for url, page, session in order:
                cpu_before = await thread_time(session)
                start = time.perf_counter()
                await open_once(page, url, chart)
                wall = time.perf_counter() - start
                samples[url][0].append((await thread_time(session) - cpu_before) * 1000)
                samples[url][1].append(wall * 1000)
                await asyncio.sleep(0.2)
        await browser.close()
    return samples


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("urls", nargs="+")
    parser.add_argument("--rounds", type=int, default=12)
    parser.add_argument("--chart", action="store_true", help="wait for the first chart too")
    args = parser.parse_args()
    samples = asyncio.run(measure(args.urls, args.rounds, args.chart))
    first_cpu = statistics.median(samples[args.urls[0]][0])
    for url, (cpu, wall) in samples.items():
        print(f"{url}  main-thread CPU {statistics.median(cpu):.0f} ms ({min(cpu):.0f}–{max(cpu):.0f}), "
              f"wall {statistics.median(wall):.0f} ms ({min(wall):.0f}–{max(wall):.0f}), "
              f"CPU vs first {statistics.median(cpu) - first_cpu:+.0f} ms")


if __name__ == "__main__":
    main()
