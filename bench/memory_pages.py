"""Server memory page by page, for one or more work trees, interleaved (not a test).

    .venv/bin/python bench/memory_pages.py [--runs 3] [--tree DIR[:KEY=VALUE,…]] …

For each run and each tree in turn (A B, B A, …): a fresh migrated SQLite database, `streamlit run dashboard.py`
in that tree (the flags of `make run`), "/" opened once, then every page of the tree's page table once in a fresh
tab (region: the tree's active region), as `bench_app.py --only memory` does. After the server start and after
each page (1 s later): VmRSS, and from /proc/<pid>/smaps_rollup PSS and USS (private clean + dirty), summed over
the server tree, and the server's CPU seconds for that page. The last line per tree is what `bench_app.py` calls
"server memory after every page once" (it waits 2 s and opens the minimal page in between; same order of size).
Extra environment per tree after a colon (e.g. `--tree ../before:ARROW_DEFAULT_MEMORY_POOL=system`).
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
logging.disable(logging.WARNING)

import clients  # noqa: E402
from harness import HOST, ROOT, cpu_seconds, descendants, free_port  # noqa: E402


def smaps(pid: int) -> dict[str, int]:
    """Rss, Pss and USS (Private_Clean + Private_Dirty) in bytes, summed over the process tree."""
    total = {"rss": 0, "pss": 0, "uss": 0}
    for member in descendants(pid):
        try:
            lines = Path(f"/proc/{member}/smaps_rollup").read_text().splitlines()
        except OSError:
            continue
        for line in lines:
            key, _, rest = line.partition(":")
            kb = rest.split()
            if not kb or not kb[0].isdigit():
                continue
            value = int(kb[0]) * 1024
            if key == "Rss":
                total["rss"] += value
            elif key == "Pss":
                total["pss"] += value
            elif key in ("Private_Clean", "Private_Dirty"):
                total["uss"] += value
    return total


def tree_pages(root: Path) -> tuple[str, list[str]]:
    """The tree's region id and its pages' URL paths (the first served at "")."""
    code = ("import json; from ui.navigation import PAGE_TABLE; from indicators.regions import active_region; "
            "print(json.dumps([active_region().id, [e.url_path for e in PAGE_TABLE]]))")
    out = subprocess.run([sys.executable, "-c", code], cwd=root, check=True, capture_output=True, text=True).stdout
    region, paths = json.loads(out.strip().splitlines()[-1])
    return region, ["", *paths[1:]]


def measure(root: Path, extra_env: dict[str, str], browser_context: object) -> list[tuple[str, dict[str, float]]]:
    region, paths = tree_pages(root)
    with tempfile.TemporaryDirectory(prefix="memory-pages-") as folder:
        env = {**os.environ, "DATABASE_URL": f"sqlite:///{Path(folder) / 'db.sqlite3'}", **extra_env}
        subprocess.run([sys.executable, "-m", "indicators", "db", "upgrade"], cwd=root, env=env, check=True,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        port = free_port()
        log = open(Path(folder) / "server.log", "wb")  # noqa: SIM115 - closed below
        server = subprocess.Popen(
            [sys.executable, "-m", "streamlit", "run", "dashboard.py", "--server.headless", "true",
             "--server.address", HOST, "--browser.gatherUsageStats", "false", "--server.port", str(port)],
            cwd=root, env=env, stdout=log, stderr=subprocess.STDOUT)
        rows: list[tuple[str, dict[str, float]]] = []
        try:
            url = f"http://{HOST}:{port}"
            deadline = time.monotonic() + 90
            import urllib.request
            while time.monotonic() < deadline:
                try:
                    with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2):
                        break
                except OSError:
                    time.sleep(0.2)
            time.sleep(1)
            rows.append(("(started)", {**smaps(server.pid), "cpu": cpu_seconds(server.pid)}))
            for label, path in [("/ (warm-up)", ""), *((p or "/", p) for p in paths)]:
                before = cpu_seconds(server.pid)
                page = browser_context.new_page()  # type: ignore[attr-defined]
                clients.goto(page, f"{url}/{path}?region={region}")
                page.close()
                time.sleep(1)
                rows.append((label, {**smaps(server.pid), "cpu": cpu_seconds(server.pid) - before}))
        finally:
            server.terminate()
            server.wait(timeout=15)
            log.close()
    return rows


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--tree", action="append", default=[], help="DIR[:KEY=VALUE,…] (default: this tree)")
    parser.add_argument("--pages", action="store_true", help="print every page's row, not only the last")
    args = parser.parse_args()
    trees: list[tuple[str, Path, dict[str, str]]] = []
    for spec in args.tree or [str(ROOT)]:
        directory, _, env_text = spec.partition(":")
        env = dict(item.split("=", 1) for item in env_text.split(",") if item)
        trees.append((spec, Path(directory).resolve(), env))
    from playwright.sync_api import sync_playwright

    results: dict[str, list[list[tuple[str, dict[str, float]]]]] = {spec: [] for spec, _, _ in trees}
    print(f"load average {os.getloadavg()[0]:.2f} before", file=sys.stderr)
    with sync_playwright() as playwright:
        browser, context = clients.launch(playwright)
        for run in range(args.runs):
            order = trees if run % 2 == 0 else trees[::-1]
            for spec, root, env in order:
                rows = measure(root, env, context)
                results[spec].append(rows)
                last = rows[-1][1]
                print(f"run {run + 1} {spec}: rss {last['rss'] / 1e6:.0f} MB, pss {last['pss'] / 1e6:.0f} MB, "
                      f"uss {last['uss'] / 1e6:.0f} MB", file=sys.stderr, flush=True)
        browser.close()
    print(f"load average {os.getloadavg()[0]:.2f} after", file=sys.stderr)
    for spec, runs in results.items():
        print(f"\n{spec}")
        print("| after | RSS MB | PSS MB | USS MB | CPU s |")
        print("|---|---|---|---|---|")
        labels = [label for label, _ in runs[0]]
        shown = labels if args.pages else [labels[0], labels[-1]]
        for index, label in enumerate(labels):
            if label not in shown:
                continue
            cells = []
            for key, scale in (("rss", 1e6), ("pss", 1e6), ("uss", 1e6), ("cpu", 1)):
                values = [r[index][1][key] / scale for r in runs]
                fmt = "{:.0f}" if scale > 1 else "{:.2f}"
                cells.append(fmt.format(statistics.median(values)) + " (" + "–".join(
                    fmt.format(v) for v in (min(values), max(values))) + ")")
            print(f"| {label} | " + " | ".join(cells) + " |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
