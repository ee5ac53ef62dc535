"""Read what `bench/pytest_timeline.py` wrote and print the run's timeline (issue 21): when each worker collected,
started and went idle, the units it ran in order (the longer ones with their times), the gaps between its tests,
the longest units and tests, and the CPU each file's tests spent (process tree, Chromium included).

    .venv/bin/python bench/timeline_report.py /tmp/timeline [--top 20]

Times are seconds from the earliest `start` in the folder (the first process to start)."""

from __future__ import annotations

import argparse
import json
from collections import defaultdict
from pathlib import Path
from typing import Any


def read(folder: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for path in sorted(folder.glob("*.jsonl")) for line in path.open() if line.strip()]


def report(records: list[dict[str, Any]], top: int) -> None:
    zero = min(r["t"] for r in records if r["event"] == "start")
    tests = [r for r in records if r["event"] == "test"]
    by_worker: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for test in tests:
        by_worker[test["worker"]].append(test)
    ends = []
    print("process   started collected  first  last end  busy s  gaps s  tests  tree CPU s")
    for worker in sorted({r["worker"] for r in records}):
        mine = sorted(by_worker[worker], key=lambda r: r["start"])
        started = min(r["t"] for r in records if r["worker"] == worker and r["event"] == "start") - zero
        collected = [r["t"] - zero for r in records if r["worker"] == worker and r["event"] == "collected"]
        if not mine:
            print(f"{worker:8s} {started:8.1f}")
            continue
        busy = sum(r["end"] - r["start"] for r in mine)
        gaps = sum(max(0.0, b["start"] - a["end"]) for a, b in zip(mine, mine[1:], strict=False))
        if worker.startswith("gw") or len(by_worker) == 1:  # xdist's workers (the PostgreSQL pass runs beside them)
            ends.append(mine[-1]["end"] - zero)
        print(f"{worker:8s} {started:8.1f} {collected[0] if collected else float('nan'):9.1f} "
              f"{mine[0]['start'] - zero:6.1f} {mine[-1]['end'] - zero:9.1f} {busy:7.1f} {gaps:7.1f} {len(mine):6d} "
              f"{sum(max(0.0, r['cpu']) for r in mine):10.1f}")
    if ends:
        print(f"the workers end within {max(ends) - min(ends):.1f} s of each other; the last at {max(ends):.1f} s")
    print("\nunits in order per worker (≥ 5 s): start–end (s), tests, tree CPU s")
    for worker, mine in sorted(by_worker.items()):
        if worker == "main" and len(by_worker) > 1:
            continue
        runs: list[list[Any]] = []
        for test in sorted(mine, key=lambda r: r["start"]):
            if not runs or runs[-1][0] != test["unit"]:
                runs.append([test["unit"], test["start"], test["end"], 0, 0.0])
            runs[-1][2] = test["end"]
            runs[-1][3] += 1
            runs[-1][4] += max(0.0, test["cpu"])
        print(f"  {worker}:")
        for unit, start, end, count, cpu in runs:
            if end - start >= 5:
                print(f"    {start - zero:6.1f}–{end - zero:6.1f} {end - start:6.1f} s {count:4d} {cpu:6.1f}  {unit}")
    files: dict[str, list[float]] = defaultdict(lambda: [0.0, 0.0, 0.0])
    for test in tests:
        row = files[test["nodeid"].split("::")[0]]
        row[0] += test["end"] - test["start"]
        row[1] += max(0.0, test["cpu"])
        row[2] += 1
    print(f"\nfiles by wall (top {top}): wall s, tree CPU s, tests")
    for name, (wall, cpu, count) in sorted(files.items(), key=lambda item: -item[1][0])[:top]:
        print(f"  {wall:7.1f} {cpu:7.1f} {int(count):5d}  {name}")
    print(f"\ntests by wall (top {top}): wall s (setup/call), tree CPU s")
    for test in sorted(tests, key=lambda r: r["start"] - r["end"])[:top]:
        print(f"  {test['end'] - test['start']:6.1f} ({test.get('setup', 0):5.1f}/{test.get('call', 0):5.1f}) "
              f"{test['cpu']:6.1f}  {test['worker']} {test['nodeid']}")
    total = sum(max(0.0, r["cpu"]) for r in tests)
    browser = sum(max(0.0, r["cpu"]) for r in tests if r["browser"])
    print(f"\ntree CPU over all tests {total:.0f} s (browser tests {browser:.0f} s); load average at the starts "
          f"{sorted(round(r['load'], 1) for r in records if r['event'] == 'start')}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("folder", type=Path)
    parser.add_argument("--top", type=int, default=20)
    args = parser.parse_args()
    report(read(args.folder), args.top)


if __name__ == "__main__":
    main()
