"""tests/schedule.py names each test's unit in its node id through pytest's private `Node._id` (pytest-xdist 3.8
writes `_nodeid`, which pytest 9 no longer reads). This fails the day that stops working: without the unit in the
id xdist hands one file's tests to every worker, and each starts the file's app server."""

from __future__ import annotations

import pytest

from tests import schedule


def test_a_test_is_handed_out_with_its_unit(request: pytest.FixtureRequest) -> None:
    if not schedule._loadgroup(request.config):
        pytest.skip("units are handed out only under --dist loadgroup (make test, make test-fast)")
    test_id, _, unit = request.node.nodeid.rpartition("@")
    assert test_id.endswith("::test_a_test_is_handed_out_with_its_unit"), request.node.nodeid
    assert unit == "tests/test_schedule_units.py"  # a file that needs no shared app server is its own unit
