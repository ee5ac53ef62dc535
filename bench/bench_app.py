"""Benchmark (not a test): the real app against a one-chart Streamlit page, both served by `streamlit run`.

    .venv/bin/python bench/bench_app.py [--quick] [--only open,change,cpu,load,memory,report]

Both `dashboard.py` and `bench/minimal_page.py` run as real servers on free loopback ports with the flags of
`make run`; every measure alternates between them (A B, then B A, …) so drift on the machine hits both alike.
Prints one markdown table: measure, app median, spread (p10–p90 from 10 values, else min–max), the minimal
page's median, the ratio and the goal of issue 13. Numbers are only worth quoting from an idle machine: the
load average is printed before and after. See bench/README.md for what each measure does.
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import math
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any, TypeVar

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
logging.disable(logging.WARNING)

import clients  # noqa: E402
from harness import MINIMAL_PAGE, ROOT, Server, cpu_seconds, percentile, rss_bytes, spread  # noqa: E402
from playwright.sync_api import Error as PlaywrightError  # noqa: E402

from indicators.present.texts import common  # noqa: E402
from indicators.regions import active_region  # noqa: E402
from ui.navigation import PAGE_TABLE  # noqa: E402

T = TypeVar("T")
MEASURES = ("memory", "open", "change", "cpu", "load", "report")
LOAD_TIMEOUT_S = 600  # one round of concurrent sessions, at most


@dataclass
class Row:
    measure: str
    app: list[float]
    base: list[float]
    unit: str  # "s", "ms" or "MB"
    goal: float  # the largest ratio allowed
    statistic: Callable[[list[float]], float] = statistics.median
    wall_goal: float | None = None  # an absolute limit on the app's value, in seconds

    def cells(self) -> list[str]:
        valid_app, valid_base = [v for v in self.app if not math.isnan(v)], [v for v in self.base if not math.isnan(v)]
        if not valid_app or not valid_base:
            return [self.measure, "failed", "", "", "", f"≤ {self.goal:g}×", "n/a"]
        app, base = self.statistic(valid_app), self.statistic(valid_base)
        ratio = round(app / base, 2) if base > 0 else math.inf  # the goal is met or not as the table shows it
        low, high = spread(valid_app)
        met = ratio <= self.goal and (self.wall_goal is None or app <= self.wall_goal)
        goal = f"≤ {self.goal:g}×" + ("" if self.wall_goal is None else f", ≤ {self.wall_goal:g} s")
        return [self.measure, show(app, self.unit),
                f"{show(low, self.unit)}–{show(high, self.unit)} (n={len(valid_app)})",
                show(base, self.unit), f"{ratio:.2f}×", goal, "yes" if met else "NO"]


def show(value: float, unit: str) -> str:
    if unit == "ms":
        return f"{value * 1000:.1f} ms"
    if unit == "MB":
        return f"{value / 1e6:.0f} MB"
    return f"{value:.2f} s"


def p95(values: list[float]) -> float:
    return percentile(values, 0.95)


def log(text: str) -> None:
    print(text, file=sys.stderr, flush=True)


def pages() -> list[tuple[str, str]]:
    """(title, URL path) of every page in the app's page table; the start page lives at "/"."""
    return [(common.PAGE_TITLES[entry.url_path], "" if index == 0 else entry.url_path)
            for index, entry in enumerate(PAGE_TABLE)]


def regions() -> list[str]:
    """The region as a whole and two of its members (first and last)."""
    region = active_region()
    return [region.id, region.member_codes[0], region.member_codes[-1]]


def paired(index: int, app: Callable[[], T], base: Callable[[], T]) -> tuple[T, T]:
    """Run both, the app first on even `index` and the minimal page first on odd: (app, base)."""
    if index % 2 == 0:
        first = app()
        return first, base()
    second = base()
    return app(), second


class Browser:
    def __init__(self, context: Any, app: Server, minimal: Server) -> None:
        self.context, self.app, self.minimal = context, app, minimal
        self.problems: list[str] = []

    def url(self, server: Server, path: str, region: str) -> str:
        return f"{server.url}/{path}?region={region}"

    def attempt(self, what: str, action: Callable[[], float]) -> float:
        """The action's seconds, or NaN (and a problem noted) when the page never counted as rendered."""
        try:
            return action()
        except PlaywrightError as exc:  # a timeout included
            self.problems.append(f"{what}: {str(exc).splitlines()[0]}")
            return math.nan

    def open_seconds(self, server: Server, path: str, region: str) -> float:
        page = self.context.new_page()
        seconds = self.attempt(f"opening {server.script.name} /{path}?region={region}",
                               partial(clients.goto, page, self.url(server, path, region)))
        if page.locator('[data-testid="stException"]').count():
            self.problems.append(f"{path or '/'} ({region}): the page shows an exception")
        if page.get_by_text("Page not found").count():
            self.problems.append(f"{path or '/'} ({region}): Streamlit's 'Page not found' dialog")
        page.close()
        return seconds

    def tab(self, server: Server, path: str, region: str) -> Any:
        page = self.context.new_page()
        opened = self.attempt(f"opening {server.script.name} /{path}?region={region}",
                              partial(clients.goto, page, self.url(server, path, region)))
        return page if not math.isnan(opened) else None


def measure_memory(browser: Browser) -> list[Row]:
    region = regions()[0]
    for _, path in pages():
        browser.open_seconds(browser.app, path, region)
    browser.open_seconds(browser.minimal, "", region)
    time.sleep(2)
    app, base = rss_bytes(browser.app.pid), rss_bytes(browser.minimal.pid)
    log(f"memory: app {app / 1e6:.0f} MB, minimal {base / 1e6:.0f} MB")
    return [Row("server memory after every page once", [app], [base], "MB", 1.5)]


def measure_open(browser: Browser, rounds: int) -> list[Row]:
    samples: dict[str, tuple[list[float], list[float]]] = {title: ([], []) for title, _ in pages()}
    for round_ in range(rounds):
        region = regions()[round_ % len(regions())]
        for index, (title, path) in enumerate(pages()):
            app, base = paired(round_ + index, partial(browser.open_seconds, browser.app, path, region),
                               partial(browser.open_seconds, browser.minimal, "", region))
            samples[title][0].append(app)
            samples[title][1].append(base)
            log(f"open {title} ({region}): {app:.2f} s, minimal {base:.2f} s")
    return [Row(f"open {title}", app, base, "s", 1.3) for title, (app, base) in samples.items()]


def measure_change(browser: Browser, changes: int) -> list[Row]:
    selectable = list(active_region().selectable)
    targets = [selectable.index(code) for code in regions()]
    rows = []
    for title, path in pages():
        app_tab = browser.tab(browser.app, path, regions()[0])
        base_tab = browser.tab(browser.minimal, "", regions()[0])
        app_times, base_times = [], []
        for change in range(changes if app_tab and base_tab else 0):
            target = targets[(change + 1) % len(targets)]
            what = f"changing region on {title}"
            change_app = partial(clients.choose_in_sidebar, app_tab, target)
            change_base = partial(clients.choose_in_sidebar, base_tab, (change + 1) % 4)
            app, base = paired(change, partial(browser.attempt, what, change_app),
                               partial(browser.attempt, what, change_base))
            app_times.append(app)
            base_times.append(base)
        log(f"change region on {title}: {app_times} s, minimal {base_times} s")
        close(app_tab, base_tab)
        rows.append(Row(f"change region on {title}", app_times, base_times, "s", 1.3))
    return rows


def close(*tabs: Any) -> None:
    for tab in tabs:
        if tab is not None:
            tab.close()


def rerun_cpu(tab: Any, server: Server, batch: int) -> float:
    """Server CPU seconds per rerun, over `batch` reruns in a row."""
    before = cpu_seconds(server.pid)
    for _ in range(batch):
        clients.rerun(tab)
    time.sleep(0.1)  # the server's last bookkeeping after the script finished
    return (cpu_seconds(server.pid) - before) / batch


def measure_cpu(browser: Browser, samples: int, batch: int) -> list[Row]:
    rows = []
    for title, path in pages():
        app_tab = browser.tab(browser.app, path, regions()[0])
        base_tab = browser.tab(browser.minimal, "", regions()[0])
        app_cpu: list[float] = []
        base_cpu: list[float] = []
        what = f"rerunning {title}"
        for sample in range(-2, samples if app_tab and base_tab else -2):  # two rounds of warm-up first
            app, base = paired(sample, partial(browser.attempt, what, partial(rerun_cpu, app_tab, browser.app, batch)),
                               partial(browser.attempt, what, partial(rerun_cpu, base_tab, browser.minimal, batch)))
            if sample < 0:
                continue
            app_cpu.append(app)
            base_cpu.append(base)
        log(f"cpu per rerun on {title}: {[round(v * 1000, 1) for v in app_cpu]} ms, "
            f"minimal {[round(v * 1000, 1) for v in base_cpu]} ms")
        close(app_tab, base_tab)
        rows.append(Row(f"server CPU per warm rerun, {title}", app_cpu, base_cpu, "ms", 3))
    return rows


async def load(server: Server, page_names: list[str], sessions: int, waves: int) -> list[float]:
    """`sessions` sessions at once, each changing the region `waves` times together (after one untimed wave)."""
    region = regions()[0]
    group = [clients.Session(server.url, page_names[i % len(page_names)], f"region={region}")
             for i in range(sessions)]
    try:
        await asyncio.gather(*(session.connect() for session in group))
        times: list[float] = []
        for wave in range(waves + 1):
            done = await asyncio.gather(*(session.choose((wave + 1 + i) % len(session.select_options))
                                          for i, session in enumerate(group)))
            if wave > 0:
                times.extend(done)
        return times
    finally:
        await asyncio.gather(*(session.close() for session in group), return_exceptions=True)


def run_load(server: Server, page_names: list[str], sessions: int, waves: int) -> list[float]:
    return asyncio.run(asyncio.wait_for(load(server, page_names, sessions, waves), LOAD_TIMEOUT_S))


def measure_load(app: Server, minimal: Server, sessions: int, waves: int, rounds: int) -> list[Row]:
    app_pages = [path for _, path in pages()]
    app_times: list[float] = []
    base_times: list[float] = []
    for round_ in range(rounds):
        app_run, base_run = paired(round_, partial(run_load, app, app_pages, sessions, waves),
                                   partial(run_load, minimal, [""], sessions, waves))
        app_times += app_run
        base_times += base_run
        log(f"load round {round_ + 1}: app p95 {p95(app_times):.2f} s, minimal p95 {p95(base_times):.2f} s")
    return [Row(f"p95 of {sessions} sessions changing region at once", app_times, base_times, "s", 1.5, p95)]


def wall(command: list[str], env: dict[str, str] | None = None) -> float:
    start = time.perf_counter()
    subprocess.run(command, cwd=ROOT, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                   env={**os.environ, **(env or {})})
    return time.perf_counter() - start


def measure_report(rounds: int) -> list[Row]:
    """`report` twice per round: with an empty image folder (every chart drawn in Chromium, as after new data)
    and with the folder the previous run filled (the charts unchanged, as when a status changed), each paired
    with `python -c "import pandas"`."""
    drawn, kept, pandas_drawn, pandas_kept = [], [], [], []
    import_pandas = partial(wall, [sys.executable, "-c", "import pandas"])
    with tempfile.TemporaryDirectory(prefix="bench-report-") as folder:
        for round_ in range(rounds):
            output = str(Path(folder) / f"report-{round_}.html")
            command = [sys.executable, "-m", "indicators", "report", "--output", output]
            images = {"DASHBOARD_IMAGE_CACHE": str(Path(folder) / f"images-{round_}")}  # empty: draws every chart
            app, base = paired(round_, partial(wall, command, images), import_pandas)
            drawn.append(app)
            pandas_drawn.append(base)
            again, base_again = paired(round_, partial(wall, command, images), import_pandas)  # now kept
            kept.append(again)
            pandas_kept.append(base_again)
            log(f"report {app:.2f} s (charts drawn), {again:.2f} s (charts kept); import pandas {base:.2f} s")
    return [
        Row("`report`, every chart drawn, vs `import pandas`", drawn, pandas_drawn, "s", 2.5, wall_goal=3.0),
        Row("`report`, charts from the image folder, vs `import pandas`", kept, pandas_kept, "s", 2.5, wall_goal=3.0),
    ]


def migrated_database(folder: str) -> str:
    """A fresh follow-up database (SQLite, migrated as `make run` does), so the app is measured as it runs: with
    its database, not in the "database cannot be read" mode."""
    url = f"sqlite:///{Path(folder) / 'bench-followup.sqlite3'}"
    subprocess.run([sys.executable, "-m", "indicators", "db", "upgrade"], cwd=ROOT, check=True,
                   stdout=subprocess.DEVNULL, env={**os.environ, "DATABASE_URL": url})
    return url


def browser_measures(
    app: Server, minimal: Server, wanted: set[str], args: argparse.Namespace
) -> tuple[list[Row], list[str]]:
    from playwright.sync_api import sync_playwright

    rows: list[Row] = []
    with sync_playwright() as playwright:
        instance, context = clients.launch(playwright)
        browser = Browser(context, app, minimal)
        # The first deep link after a server start gets a spurious dialog (issue 13, point 6): open "/" first.
        browser.open_seconds(app, "", regions()[0])
        browser.open_seconds(minimal, "", regions()[0])
        browser.problems.clear()
        if "memory" in wanted:
            rows += measure_memory(browser)
        if "open" in wanted:
            rows += measure_open(browser, args.rounds)
        if "change" in wanted:
            rows += measure_change(browser, args.changes)
        if "cpu" in wanted:
            rows += measure_cpu(browser, args.cpu_samples, args.cpu_batch)
        instance.close()
    return rows, browser.problems


def table(rows: list[Row]) -> str:
    header = ["measure", "app", "app spread", "minimal", "ratio", "goal", "met"]
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(row.cells()) + " |" for row in rows]
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="a smoke run: one round of everything, 5 sessions")
    parser.add_argument("--only", default=",".join(MEASURES), help=f"comma-separated subset of {','.join(MEASURES)}")
    parser.add_argument("--rounds", type=int, default=4, help="opening: rounds over all pages (regions in turn)")
    parser.add_argument("--changes", type=int, default=6, help="region changes per page")
    parser.add_argument("--cpu-samples", type=int, default=5, help="CPU samples per page")
    parser.add_argument("--cpu-batch", type=int, default=3, help="reruns per CPU sample (/proc counts in ticks)")
    parser.add_argument("--sessions", type=int, default=20)
    parser.add_argument("--waves", type=int, default=3, help="timed region changes per session and round")
    parser.add_argument("--load-rounds", type=int, default=2)
    parser.add_argument("--report-rounds", type=int, default=3)
    args = parser.parse_args()
    if args.quick:
        args.rounds = args.changes = args.cpu_samples = args.cpu_batch = args.waves = args.load_rounds = 1
        args.report_rounds, args.sessions = 1, 5
    wanted = set(args.only.split(","))
    if not wanted <= set(MEASURES):
        parser.error(f"--only takes {','.join(MEASURES)}")
    if wanted & {"memory", "open", "change", "cpu"} and not clients.CHROMIUM.exists():
        parser.error(f"{clients.CHROMIUM} is missing (apt-get install chromium)")

    started = time.monotonic()
    load_before = os.getloadavg()[0]
    database_folder = tempfile.TemporaryDirectory(prefix="bench-db-")
    os.environ["DATABASE_URL"] = migrated_database(database_folder.name)  # the servers and `report` inherit it
    rows: list[Row] = []
    problems: list[str] = []
    if wanted - {"report"}:
        app, minimal = Server(ROOT / "dashboard.py"), Server(MINIMAL_PAGE)
        try:
            app.start()
            minimal.start()
            if wanted & {"memory", "open", "change", "cpu"}:
                browser_rows, problems = browser_measures(app, minimal, wanted, args)
                rows += browser_rows
            if "load" in wanted:
                rows += measure_load(app, minimal, args.sessions, args.waves, args.load_rounds)
        finally:
            app.stop()
            minimal.stop()
    if "report" in wanted:
        rows += measure_report(args.report_rounds)

    database_folder.cleanup()
    print(f"Regions {', '.join(regions())}; {os.cpu_count()} CPUs; load average {load_before:.2f} before, "
          f"{os.getloadavg()[0]:.2f} after; {time.monotonic() - started:.0f} s" + (" (--quick)" if args.quick else ""))
    print(table(rows))
    for problem in problems:
        print(f"Problem: {problem}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
