"""Benchmark (not a test): time to render each page from the cache with AppTest, against a minimal
one-chart page in the same run. Aim: every page within 2x the minimal page (warm cache).

    .venv/bin/python bench/bench_pages.py [--runs 5]
"""

from __future__ import annotations

import argparse
import logging
import re
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
logging.disable(logging.WARNING)

from streamlit.testing.v1 import AppTest  # noqa: E402

from indicators.regions import active_region  # noqa: E402


def pages() -> list[str]:
    source = (ROOT / "dashboard.py").read_text(encoding="utf-8")
    return re.findall(r'st\.Page\("([^"]+)"', source)


def render_seconds(path: Path, region: str) -> float:
    at = AppTest.from_file(str(path), default_timeout=120)
    at.session_state["url_region"] = region
    start = time.perf_counter()
    at.run()
    elapsed = time.perf_counter() - start
    if at.exception:
        raise RuntimeError(f"{path}: {at.exception[0].value}")
    return elapsed


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--region", default=active_region().id)
    args = parser.parse_args()
    targets = [("minimal (målestokk)", ROOT / "bench" / "minimal_page.py")]
    targets += [(page, ROOT / page) for page in pages()]
    results = []
    for label, path in targets:
        cold = render_seconds(path, args.region)
        warm = [render_seconds(path, args.region) for _ in range(args.runs)]
        results.append((label, cold, statistics.median(warm)))
    baseline = results[0][2]
    print(f"{'side':<28}{'kald (s)':>10}{'varm median (s)':>18}{'× minimal':>12}  innanfor 2×?")
    for label, cold, warm_median in results:
        ratio = warm_median / baseline
        print(f"{label:<28}{cold:>10.3f}{warm_median:>18.3f}{ratio:>12.2f}  {'ja' if ratio <= 2 else 'NEI'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
