"""The order in which pytest-xdist hands the test files to its workers (`make test`: `--dist loadgroup`).

xdist gives a worker one unit at a time and by default starts with the units that hold the most tests, so the few
long browser files (one app server each, mostly waiting for it and for Chromium) came last, and one worker ran them
alone while the other had finished. Here a unit is a file, as with `--dist loadfile`, except that the files on the
shared app server (tests/conftest.py `make_run_app`) are one unit, so a worker starts that server once. Units go
longest first: by the seconds per test each file took in the last runs (kept in pytest's cache at the end of a
run), or, for a file not seen yet, by a guess (8 s a browser test, 0.3 s another)."""

from __future__ import annotations

import math
from collections import defaultdict
from typing import Any

import pytest
from _pytest.nodeid import coerce_node_id

SHARED_APP_GROUP = "make-run-app"
CACHE_KEY = "hallingdal/seconds-per-test"
GUESS_SECONDS = {True: 8.0, False: 0.3}  # per test, by whether it is a browser test
# Of a worker's fair part: the most one unit on the shared app server may take. Each further unit starts the
# server again in its worker and opens its first sessions (~15 s of CPU, mostly Chromium), and the run is bound by
# CPU, not by waiting (bench/README.md «The critical path of `make test`»): one unit of 0.7 of a fair part still
# ended with the other workers, two units cost 180 s of CPU where one cost 165 s.
SHARED_SHARE = 0.85


def _file(nodeid: str) -> str:
    return nodeid.split("::", 1)[0]


def _loadgroup(config: pytest.Config) -> bool:
    """Whether this run hands out units (`--dist loadgroup`). A worker sees `dist` as "no" and xdist's own
    `loadgroup` flag instead; the items are put in units where they are collected, in the workers."""
    return bool(getattr(config.option, "loadgroup", False)) or config.getoption("dist", "no") == "loadgroup"


def _workers(config: pytest.Config) -> int:
    workerinput = getattr(config, "workerinput", None)
    return int(workerinput["workercount"]) if workerinput else 1


def order(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Put the items in units, longest unit first; under `--dist loadgroup` mark each item with its unit.

    The files on the shared app server are one unit, or, when that unit would hold more than SHARED_SHARE of a
    worker's fair part of the run (all the seconds over the workers), that many units as it takes, the tests dealt
    out by their seconds: each such unit starts the server once in the worker that runs it (~15 s of CPU), and no
    worker is left with the longest unit alone at the end while the others wait."""
    shared_files = {_file(i.nodeid) for i in items if "make_run_app" in getattr(i, "fixturenames", ())}
    cache: Any = getattr(config, "cache", None)  # None when pytest's cache plugin is off (-p no:cacheprovider)
    per_test = cache.get(CACHE_KEY, {}) if cache is not None else {}
    per_test = per_test if isinstance(per_test, dict) else {}

    def each(item: pytest.Item) -> float:
        known = per_test.get(_file(item.nodeid))
        return known if isinstance(known, (int, float)) else GUESS_SECONDS[bool(item.get_closest_marker("browser"))]

    position = {item.nodeid: index for index, item in enumerate(items)}
    seconds_of = {item.nodeid: each(item) for item in items}
    file_seconds: dict[str, float] = defaultdict(float)
    for item in items:
        file_seconds[_file(item.nodeid)] += seconds_of[item.nodeid]
    shared = [i for i in items if _file(i.nodeid) in shared_files]
    shared_total = sum(seconds_of[i.nodeid] for i in shared)
    fair = sum(seconds_of.values()) / _workers(config)
    parts = min(_workers(config), max(1, math.ceil(shared_total / (SHARED_SHARE * fair)))) if fair else 1
    unit: dict[str, str] = {item.nodeid: _file(item.nodeid) for item in items}
    sums = [0.0] * parts
    for item in sorted(shared, key=lambda i: (-file_seconds[_file(i.nodeid)], position[i.nodeid])):
        least = sums.index(min(sums))
        sums[least] += seconds_of[item.nodeid]
        unit[item.nodeid] = SHARED_APP_GROUP if parts == 1 else f"{SHARED_APP_GROUP}-{least + 1}"
    seconds: dict[str, float] = defaultdict(float)
    for item in items:
        seconds[unit[item.nodeid]] += seconds_of[item.nodeid]
    items.sort(key=lambda i: (-seconds[unit[i.nodeid]], unit[i.nodeid], position[i.nodeid]))
    if _loadgroup(config):
        for item in items:
            if item.get_closest_marker("xdist_group") is None:
                item.add_marker(pytest.mark.xdist_group(unit[item.nodeid]))
            _name_the_unit(item)


def _name_the_unit(item: pytest.Item) -> None:
    """Append the unit to the node id as `NODEID@UNIT`, xdist's form for `--dist loadgroup` (the controller hands
    out the tests by it). pytest-xdist 3.8 writes it to `item._nodeid`, which pytest 9 no longer reads (a node's id
    is `_id`), so every test went to any worker: a module's app server started in each of them."""
    if "@" in item.nodeid:
        return
    groups = sorted({str(m.args[0] if m.args else m.kwargs.get("name", "default"))
                     for m in item.iter_markers("xdist_group")})
    item._id = coerce_node_id(f"{item.nodeid}@{'_'.join(groups)}")


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
