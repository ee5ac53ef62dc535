"""Benchmark (not a test): chart image export after warm-up, data exports, and building the statusrapport.

    .venv/bin/python bench/bench_exports.py [--repeat 10] [--region REGION]

Uses the committed data_cache snapshot and Debian /usr/bin/chromium (or $DASHBOARD_CHROMIUM). The aim for
one chart image after warm-up is under 1 s.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from indicators import cache  # noqa: E402
from indicators.goals import evaluate_goal, load_plan  # noqa: E402
from indicators.population import population_total  # noqa: E402
from indicators.present import charts, images  # noqa: E402
from indicators.present.export import ExportView, bundle_zip, to_csv_bytes, to_excel_bytes  # noqa: E402
from indicators.present.report import build_report, build_report_html  # noqa: E402
from indicators.regions import active_region  # noqa: E402

IMAGE_AIM_S = 1.0


def timed(action: Callable[[], object], repeat: int) -> list[float]:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return times


def row(name: str, times: list[float], aim: float | None = None) -> str:
    median, worst = statistics.median(times), max(times)
    verdict = "" if aim is None else ("  OK" if worst < aim else f"  over målet ({aim:.1f} s)")
    return f"{name:<44} {len(times):>3} {median * 1000:>10.0f} {worst * 1000:>10.0f}{verdict}"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=10)
    parser.add_argument("--region", default=active_region().id)
    args = parser.parse_args()

    frame = population_total()
    municipalities = frame[frame["region_code"].isin(active_region().member_codes)]
    sources = [m for m in (cache.read_manifest("population"),) if m is not None]
    fig = charts.line_chart(municipalities, title="Folketal i kvar kommune", provenances=sources, y_title="Personar")
    view = ExportView(title=f"Folketal i kommunane i {active_region().name}", data=municipalities, provenances=sources)

    lines = [f"{'Måling':<44} {'n':>3} {'median ms':>10} {'verst ms':>10}", "-" * 72]
    lines.append(row("CSV", timed(lambda: to_csv_bytes(municipalities), args.repeat)))
    lines.append(row("Excel (Data + Metadata)", timed(lambda: to_excel_bytes(view), args.repeat)))

    reason = images.unavailable_reason()
    png = b""
    if reason is None:
        cold = timed(lambda: images.render_image(fig, "png"), 1)
        lines.append(row("PNG, første (startar nettlesaren)", cold))
        lines.append(row("PNG 1200×520 ×2, etter oppvarming", timed(lambda: images.render_image(fig, "png"),
                                                                   args.repeat), IMAGE_AIM_S))
        lines.append(row("SVG, etter oppvarming", timed(lambda: images.render_image(fig, "svg"), args.repeat),
                         IMAGE_AIM_S))
        made = images.render_images(fig)
        png = made["png"]
        lines.append(row("ZIP med CSV, Excel, PNG, SVG, README", timed(lambda: bundle_zip(view, made), args.repeat)))
        lines.append(f"{'Nettlesarar starta i denne prosessen':<44} {images.exporter_starts():>3}")
    else:
        lines.append(f"Bilete: hoppa over – {reason}")

    with tempfile.TemporaryDirectory() as folder:
        plan = load_plan()
        results = [evaluate_goal(goal, args.region) for goal in plan.goals]
        report_times = timed(lambda: build_report(plan, results, args.region, Path(folder) / "r.html"), 3)
        size = (Path(folder) / "r.html").stat().st_size
    lines.append(row(f"Statusrapport {args.region}, med diagram", report_times))
    lines.append(row(f"Statusrapport {args.region}, utan diagram",
                     timed(lambda: build_report_html(plan, results, args.region, with_charts=False), 3)))
    lines.append(f"Storleik: statusrapport {size / 1024:.0f} kB" + (f", PNG {len(png) / 1024:.0f} kB" if png else ""))
    print("\n".join(lines))
    images.shutdown()
    return 0


if __name__ == "__main__":
    sys.exit(main())
