"""The order in which pytest-xdist hands the test files to its workers (`make test`: `--dist loadgroup`).

xdist gives a worker one unit at a time and by default starts with the units that hold the most tests, so the few
long browser files (one app server each, mostly waiting for it and for Chromium) came last, and one worker ran them
alone while the other had finished. Here a unit is a file, as with `--dist loadfile`, except that the files on the
shared app server (tests/conftest.py `make_run_app`) are one unit, so a worker starts that server once. Units go
longest first: by the seconds per test each file took in the last runs (kept in pytest's cache at the end of a
run), or, for a file not seen yet, by a guess (8 s a browser test, 0.3 s another)."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

import pytest

SHARED_APP_GROUP = "make-run-app"
CACHE_KEY = "hallingdal/seconds-per-test"
GUESS_SECONDS = {True: 8.0, False: 0.3}  # per test, by whether it is a browser test


def _file(nodeid: str) -> str:
    return nodeid.split("::", 1)[0]


def unit_of(item: pytest.Item, shared_files: set[str]) -> str:
    file = _file(item.nodeid)
    return SHARED_APP_GROUP if file in shared_files else file


def order(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Put the items in units, longest unit first; under `--dist loadgroup` mark each item with its unit."""
    shared_files = {_file(i.nodeid) for i in items if "make_run_app" in getattr(i, "fixturenames", ())}
    cache: Any = getattr(config, "cache", None)  # None when pytest's cache plugin is off (-p no:cacheprovider)
    per_test = cache.get(CACHE_KEY, {}) if cache is not None else {}
    per_test = per_test if isinstance(per_test, dict) else {}
    seconds: dict[str, float] = defaultdict(float)
    for item in items:
        known = per_test.get(_file(item.nodeid))
        each = known if isinstance(known, (int, float)) else GUESS_SECONDS[bool(item.get_closest_marker("browser"))]
        seconds[unit_of(item, shared_files)] += each
    position = {item.nodeid: index for index, item in enumerate(items)}
    items.sort(key=lambda i: (-seconds[unit_of(i, shared_files)], unit_of(i, shared_files), position[i.nodeid]))
    if config.getoption("dist", "no") == "loadgroup":
        for item in items:
            if item.get_closest_marker("xdist_group") is None:
                item.add_marker(pytest.mark.xdist_group(unit_of(item, shared_files)))


class DurationRecorder:
    """Sums each file's test time in this run (setup, call and teardown; under xdist the reports reach the
    controlling process) and keeps the seconds per test in pytest's cache at the end."""

    def __init__(self) -> None:
        self.seconds: dict[str, float] = defaultdict(float)
        self.tests: dict[str, set[str]] = defaultdict(set)

    def pytest_runtest_logreport(self, report: pytest.TestReport) -> None:
        file = _file(report.nodeid)
        self.seconds[file] += report.duration
        self.tests[file].add(report.nodeid)

    def pytest_sessionfinish(self, session: pytest.Session) -> None:
        cache: Any = getattr(session.config, "cache", None)
        if cache is None or hasattr(session.config, "workerinput") or not self.tests:
            return
        stored = cache.get(CACHE_KEY, {})
        stored = dict(stored) if isinstance(stored, dict) else {}
        stored.update({file: round(self.seconds[file] / len(tests), 3) for file, tests in self.tests.items()})
        cache.set(CACHE_KEY, stored)
