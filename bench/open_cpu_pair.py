"""Main-thread CPU of opening pages in two checkouts of the app, interleaved (issue 20): before/after a change.

Serves `dashboard.py` from this checkout and from `--before` (another worktree, e.g. `git worktree add --detach
/tmp/before main`, with its own `.venv` link and `db upgrade`), plus bench/minimal_page.py, and opens each page in
each server in turn, `--rounds` times, the way bench/open_timeline.py does (one Chromium tab per server, the
renderer's `ThreadTime` before and after an open that ends when the script has finished and the chart is drawn).
Prints per page the median (min–max) CPU of each checkout and of the minimal page, and their ratios. On a loaded
machine the CPU, not the wall time, is what to read.

    .venv/bin/python bench/open_cpu_pair.py --before /tmp/before [deltidsinnbyggjarar om …] [--rounds 6]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import sys
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from harness import MINIMAL_PAGE, ROOT, Server  # noqa: E402
from open_timeline import CHART, CHROMIUM_ARGS, open_once  # noqa: E402


class Checkout(Server):
    """`streamlit run dashboard.py` in another checkout (its own folder, .streamlit and database)."""

    def __init__(self, root: Path) -> None:
        super().__init__(root / "dashboard.py")
        self.root = root

    def start(self, timeout: float = 90) -> None:
        import harness

        saved = harness.ROOT
        harness.ROOT = self.root  # Server.start runs `streamlit run <script relative to ROOT>` with cwd=ROOT
        try:
            super().start(timeout)
        finally:
            harness.ROOT = saved


async def run(before: Path, pages: list[str], rounds: int) -> dict[str, dict[str, list[float]]]:
    from playwright.async_api import async_playwright

    servers = {"before": Checkout(before), "after": Server(ROOT / "dashboard.py"), "minimal": Server(MINIMAL_PAGE)}
    for server in servers.values():
        server.start()
    cpu: dict[str, dict[str, list[float]]] = {page: {name: [] for name in servers} for page in pages}
    try:
        async with async_playwright() as playwright:
            browser = await playwright.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
            tabs: dict[str, tuple[Any, Any]] = {}
            for name in servers:
                context = await browser.new_context(viewport={"width": 1920, "height": 1080})
                page = await context.new_page()
                await page.add_init_script("window.__timeline = {}")
                cdp = await context.new_cdp_session(page)
                await cdp.send("Performance.enable")
                tabs[name] = (page, cdp)
            charted: dict[str, bool] = {}
            for path in pages:  # warm each server's pages once, not counted
                for name in ("before", "after"):
                    await open_once(*tabs[name], f"{servers[name].url}/{path}", chart=False)
                    await tabs[name][0].wait_for_timeout(1000)
                charted[path] = await tabs["after"][0].locator(CHART).count() > 0
            await open_once(*tabs["minimal"], f"{servers['minimal'].url}/", chart=True)
            for index in range(rounds):
                for path in pages:
                    order = ["before", "after", "minimal"] if index % 2 == 0 else ["after", "minimal", "before"]
                    for name in order:
                        url = f"{servers[name].url}/" + ("" if name == "minimal" else path)
                        timeline = await open_once(*tabs[name], url, chart=charted[path] or name == "minimal")
                        cpu[path][name].append(timeline["cpu_ms"])
                    print(path, {n: round(v[-1]) for n, v in cpu[path].items()}, file=sys.stderr, flush=True)
            await browser.close()
    finally:
        for server in servers.values():
            server.stop()
    return cpu


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("pages", nargs="*", default=["deltidsinnbyggjarar", "om", "arbeidsplassar", "folketal"])
    parser.add_argument("--before", type=Path, required=True)
    parser.add_argument("--rounds", type=int, default=6)
    args = parser.parse_args()
    print(f"load average before: {os.getloadavg()[0]:.1f}", flush=True)
    cpu = asyncio.run(run(args.before.resolve(), args.pages, args.rounds))
    print(f"load average after: {os.getloadavg()[0]:.1f}")
    print("| page | before | after | minimal | before / minimal | after / minimal |")
    print("|---|---|---|---|---|---|")
    for path, runs in cpu.items():
        med = {name: statistics.median(values) for name, values in runs.items()}
        cells = [f"{med[n]:.0f} ms ({min(runs[n]):.0f}–{max(runs[n]):.0f})" for n in ("before", "after", "minimal")]
        print(f"| {path} | {' | '.join(cells)} | {med['before'] / med['minimal']:.2f}× | "
              f"{med['after'] / med['minimal']:.2f}× |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
