"""Where a page's server time goes: each page's script run in Streamlit's AppTest, timed and profiled (issue 20).

Runs `streamlit_app.py`'s pages the way a visitor opens them in a warm server: a fresh session (new AppTest) per
open, the process's caches (`st.cache_resource`) already filled by a first, untimed open. Reports per page the
process CPU and wall time of an open and the CPU of a warm rerun (median and min–max over `--runs`; AppTest adds
its own ~60 ms per run, a scan of the installed packages for components, that a server does once at start), the
number of elements sent and the bytes of plotly figures; with `--profile PAGE` the top functions of a cProfile of
the page script's runs (opens and reruns; stderr).
Not a test; numbers from a loaded machine say little on their own (compare CPU time, or before/after in one go).

    .venv/bin/python bench/profile_pages.py [--runs 5] [--profile folketal] [--top 30]
"""

from __future__ import annotations

import argparse
import cProfile
import io
import pstats
import statistics
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from streamlit.testing.v1 import AppTest  # noqa: E402

from ui.navigation import PAGE_TABLE  # noqa: E402


def open_page(path: str, region: str | None) -> AppTest:
    """A new session on `path`, run through streamlit_app.py (sidebar, style and navigation included)."""
    at = AppTest.from_file(str(ROOT / "streamlit_app.py"), default_timeout=120)
    if region:
        at.session_state["url_region"] = region
    at.switch_page(path)
    return at


def elements(at: AppTest) -> tuple[int, int, int]:
    """(elements, plotly charts, bytes of the charts' specs) of the last run."""
    charts = at.get("plotly_chart")
    count = sum(1 for _ in _walk(at._tree))
    return count, len(charts), sum(len(c.proto.spec) for c in charts)


def _walk(node: Any) -> Iterator[Any]:
    for child in getattr(node, "children", {}).values():
        yield child
        yield from _walk(child)


def timed(action: Callable[[], object]) -> tuple[float, float]:
    wall, cpu = time.perf_counter(), time.process_time()
    action()
    return time.perf_counter() - wall, time.process_time() - cpu


def spread(values: list[float]) -> str:
    return f"{statistics.median(values) * 1000:.0f} ms ({min(values) * 1000:.0f}–{max(values) * 1000:.0f})"


def profile_script_runs(profiler: cProfile.Profile) -> None:
    """Profile the script itself: AppTest runs it in a thread of its own, which a profiler enabled in this
    thread does not see (it saw only AppTest's own set-up, such as its scan of installed packages per run)."""
    from streamlit.runtime.scriptrunner import script_runner

    original = script_runner.exec_func_with_error_handling

    def profiled(func: Any, ctx: Any) -> Any:
        profiler.enable()
        try:
            return original(func, ctx)
        finally:
            profiler.disable()

    script_runner.exec_func_with_error_handling = profiled


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--region", default=None, help="a region code (default: the region as a whole)")
    parser.add_argument("--pages", nargs="*", default=None, help="URL paths (default: every page)")
    parser.add_argument("--profile", default=None, help="cProfile the opens of this page (URL path)")
    parser.add_argument("--top", type=int, default=30)
    args = parser.parse_args()

    entries = [e for e in PAGE_TABLE if args.pages is None or e.url_path in args.pages]
    print("| page | open (CPU) | open (wall) | warm rerun (CPU) | elements | charts | chart JSON |")
    print("|---|---|---|---|---|---|---|")
    for entry in entries:
        first = open_page(entry.file, args.region).run()  # fills the process's caches; not timed
        if first.exception:
            print(f"| {entry.url_path} | exception: {first.exception[0].message} |")
            continue
        profiler = cProfile.Profile() if args.profile == entry.url_path else None
        if profiler:
            profile_script_runs(profiler)
        opens_wall, opens_cpu, reruns_cpu = [], [], []
        at = first
        for _ in range(args.runs):
            at = open_page(entry.file, args.region)
            wall, cpu = timed(at.run)
            opens_wall.append(wall)
            opens_cpu.append(cpu)
            reruns_cpu.append(timed(at.run)[1])
        count, charts, spec_bytes = elements(at)
        print(f"| {entry.url_path} | {spread(opens_cpu)} | {spread(opens_wall)} | {spread(reruns_cpu)} | {count} "
              f"| {charts} | {spec_bytes / 1000:.0f} kB |", flush=True)
        if profiler:
            out = io.StringIO()
            pstats.Stats(profiler, stream=out).sort_stats("cumulative").print_stats(args.top)
            print(out.getvalue(), file=sys.stderr)
            out = io.StringIO()
            pstats.Stats(profiler, stream=out).sort_stats("tottime").print_stats(args.top)
            print(out.getvalue(), file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
