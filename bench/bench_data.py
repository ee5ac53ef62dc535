"""Benchmark (not a test): what the data layer costs a view, in time and memory (issue 23).

    .venv/bin/python bench/bench_data.py [--root PROJECT] [--repeat 5] [--regions hallingdal,valdres]

For each view (the data a Folketal or Arbeidsplassar tab computes for one region) it starts a fresh Python
process in PROJECT (default: this checkout), imports the domain, and measures the first call (cold: files read,
parsed and checked), the median of `--repeat` further calls (warm: the process's memo), and the process's VmRSS
after the cold call and its peak (VmHWM). Run it with --root on a checkout of the previous snapshot to compare
(bench/README.md has the numbers and how they were taken). A region a checkout does not know is skipped.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# view -> the domain calls it makes (module, function, keyword arguments); {region} is filled in
VIEWS: dict[str, list[tuple[str, str, dict[str, object]]]] = {
    "Folketal: Utvikling": [("indicators.population", "population_total", {})],
    "Folketal: Yrkesaktiv alder": [("indicators.population", "working_age_population", {"ages": "20-64"})],
    "Folketal: Aldersgrupper": [("indicators.population", "population_by_age_group", {})],
    "Folketal: Alderspyramide": [("indicators.population", "age_pyramid", {"year": 2026})],
    "Arbeidsplassar: Utvikling": [("indicators.jobs", "jobs_by_workplace", {})],
    "Arbeidsplassar: Pendling": [("indicators.commuting", "commuting_balance", {})],
}

CHILD = r'''
import importlib, json, statistics, sys, time
sys.path.insert(0, sys.argv[1])
calls, region, repeat = json.loads(sys.argv[2]), sys.argv[3], int(sys.argv[4])
def rss():
    out = {}
    for line in open("/proc/self/status"):
        if line.startswith(("VmRSS:", "VmHWM:")):
            out[line.split(":")[0]] = int(line.split()[1]) / 1024
    return out
functions = [(getattr(importlib.import_module(m), f), kw) for m, f, kw in calls]
from indicators.regions import active_region
try:
    active_region().normalise(region)
except Exception:
    print(json.dumps({"skipped": True})); sys.exit(0)
before = rss()["VmRSS"]
def run():
    for function, kw in functions:
        if function.__name__ == "age_pyramid":
            function(region, **kw)
        else:
            function(region=region, **kw)
start = time.perf_counter(); run(); cold = time.perf_counter() - start
after = rss()
warm = []
for _ in range(repeat):
    start = time.perf_counter(); run(); warm.append(time.perf_counter() - start)
print(json.dumps({"cold_ms": cold * 1000, "warm_ms": statistics.median(warm) * 1000, "rss_before_mb": before,
                  "rss_mb": after["VmRSS"], "hwm_mb": rss()["VmHWM"]}))
'''


def measure(root: Path, view: str, region: str, repeat: int) -> dict[str, float]:
    python = root / ".venv" / "bin" / "python"
    args = [str(python if python.exists() else sys.executable), "-c", CHILD, str(root), json.dumps(VIEWS[view]),
            region, str(repeat)]
    done = subprocess.run(args, cwd=root, capture_output=True, text=True, check=False,
                          env={"PATH": "/usr/bin:/bin", "DASHBOARD_IMAGE_CACHE": "off"})
    if done.returncode != 0:
        raise SystemExit(f"{view} / {region}: {done.stderr.strip().splitlines()[-1]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--root", type=Path, default=ROOT)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--regions", default="hallingdal,valdres")
    args = parser.parse_args(argv)
    print("| view | region | cold ms | warm ms | RSS after import MB | RSS after view MB | peak RSS MB |")
    print("|---|---|---:|---:|---:|---:|---:|")
    for region in args.regions.split(","):
        for view in VIEWS:
            row = measure(args.root.resolve(), view, region, args.repeat)
            if row.get("skipped"):
                print(f"| {view} | {region} | – | – | – | – | – |")
                continue
            print(f"| {view} | {region} | {row['cold_ms']:.0f} | {row['warm_ms']:.1f} | {row['rss_before_mb']:.0f} "
                  f"| {row['rss_mb']:.0f} | {row['hwm_mb']:.0f} |", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
