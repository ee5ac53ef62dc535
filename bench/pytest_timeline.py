"""A pytest plugin that writes the run's timeline (issue 21): per test, the process (xdist worker), its unit under
`--dist loadgroup`, the wall clock from its setup's start to its teardown's end, and the CPU its process tree spent
meanwhile — the test process and everything below it: app servers, CLI processes, Playwright's driver and
Chromium. Not a test; `bench/timeline_report.py` reads what it writes.

    TIMELINE_DIR=/tmp/timeline PYTHONDONTWRITEBYTECODE= .venv/bin/python -m pytest -q -n 3 --dist loadgroup \\
        -p bench.pytest_timeline
    TIMELINE_DIR=/tmp/timeline TIMELINE_NAME=postgresql scripts/with_postgres.sh .venv/bin/python -m pytest -q \\
        -p bench.pytest_timeline -p no:cacheprovider -k postgresql tests/test_followup_*.py  # beside it, as make test
    .venv/bin/python bench/timeline_report.py /tmp/timeline

The tree's CPU is read from /proc (utime + stime of each live process, plus what each has reaped), because
`/usr/bin/time` (and `getrusage`) miss Chromium: Playwright's driver does not wait for the browser it started, so
its CPU is counted nowhere — for the browser tests that is more than half of what they cost."""

from __future__ import annotations

import json
import os
import time
from pathlib import Path
from typing import IO, Any

import pytest

_TICKS = os.sysconf("SC_CLK_TCK")
_state: dict[str, Any] = {"file": None, "phases": {}}


def _tree(pid: int) -> list[int]:
    """The process and all its descendants (their /proc/PID/task/TID/children lists)."""
    found = [pid]
    try:
        for tid in os.listdir(f"/proc/{pid}/task"):
            with open(f"/proc/{pid}/task/{tid}/children") as children:
                for child in children.read().split():
                    found += _tree(int(child))
    except OSError:  # the process ended meanwhile
        pass
    return found


def tree_cpu(pid: int | None = None) -> float:
    """CPU seconds of the process tree under `pid` (this process by default): each process's own user and system
    time and that of the children it has waited for. A process that ends between two readings moves its time to
    the parent that reaps it, so the sum stays whole while the reaper is in the tree."""
    total = 0
    for member in _tree(pid or os.getpid()):
        try:
            with open(f"/proc/{member}/stat") as stat:
                fields = stat.read().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += sum(int(field) for field in fields[11:15])  # utime stime cutime cstime
    return total / _TICKS


def _worker() -> str:
    """The xdist worker's name, else TIMELINE_NAME (e.g. "postgresql" for the pass beside the main run), else "main"."""
    return os.environ.get("PYTEST_XDIST_WORKER") or os.environ.get("TIMELINE_NAME", "main")


def _write(record: dict[str, Any]) -> None:
    out: IO[str] | None = _state["file"]
    if out is None:
        folder = Path(os.environ.get("TIMELINE_DIR", "/tmp/timeline"))
        folder.mkdir(parents=True, exist_ok=True)
        out = _state["file"] = (folder / f"{_worker()}-{os.getpid()}.jsonl").open("a", buffering=1)
    out.write(json.dumps({"worker": _worker(), **record}) + "\n")


def pytest_sessionstart(session: pytest.Session) -> None:
    _write({"event": "start", "t": time.time(), "load": os.getloadavg()[0], "cpu": tree_cpu()})


def pytest_collection_finish(session: pytest.Session) -> None:
    _write({"event": "collected", "t": time.time(), "tests": len(session.items), "cpu": tree_cpu()})


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_protocol(item: pytest.Item, nextitem: pytest.Item | None):
    start, cpu = time.time(), tree_cpu()
    _state["phases"] = {}
    yield
    nodeid, _, unit = item.nodeid.partition("@")
    _write({"event": "test", "nodeid": nodeid, "unit": unit, "start": start, "end": time.time(),
            "cpu": round(tree_cpu() - cpu, 3), "browser": item.get_closest_marker("browser") is not None,
            **_state["phases"]})


def pytest_runtest_logreport(report: pytest.TestReport) -> None:
    _state["phases"][report.when] = round(report.duration, 3)


@pytest.hookimpl(trylast=True)
def pytest_sessionfinish(session: pytest.Session) -> None:
    _write({"event": "finish", "t": time.time(), "load": os.getloadavg()[0], "cpu": tree_cpu()})
