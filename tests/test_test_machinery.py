"""The test suite's own shortcuts stay honest: the app hashes passwords at argon2's recommended cost (the tests
use the lowest), and the `browser` marker that `make test-fast` leaves out is set on the tests that need it."""

from __future__ import annotations

from types import SimpleNamespace

import conftest  # the module pytest loaded (tests/ is on sys.path: no __init__.py)
import pytest
from argon2 import PasswordHasher, Type

from indicators.followup import accounts


def test_the_app_hashes_passwords_with_argon2id_at_the_librarys_recommended_cost():
    recommended = PasswordHasher()
    app = conftest.APP_PASSWORD_HASHER
    assert app.type is Type.ID
    assert (app.time_cost, app.memory_cost, app.parallelism, app.hash_len, app.salt_len) == (
        recommended.time_cost, recommended.memory_cost, recommended.parallelism, recommended.hash_len,
        recommended.salt_len)
    assert accounts._hasher is conftest.CHEAP_PASSWORD_HASHER  # in-process tests: the cheap one, argon2id too
    assert conftest.CHEAP_PASSWORD_HASHER.type is Type.ID


def _item(fixtures: tuple[str, ...] = (), skip_reason: str | None = None) -> SimpleNamespace:
    marks = [pytest.mark.skipif(True, reason=skip_reason).mark] if skip_reason else []
    added: list[pytest.MarkDecorator] = []
    return SimpleNamespace(fixturenames=fixtures, iter_markers=lambda name: [m for m in marks if m.name == name],
                           add_marker=added.append, added=added)


@pytest.mark.parametrize(("fixtures", "reason", "marked"), [
    (("app_url", "tmp_path"), None, True),  # the app server
    (("browser",), None, True),  # Chromium under Playwright
    ((), "needs /usr/bin/chromium", True),  # chart images or a PDF in the real Chromium
    ((), "Debian chromium is not installed", True),
    (("tmp_path", "session"), None, False),
    ((), "needs strace", False),
])
def test_tests_that_start_the_app_or_chromium_get_the_browser_marker(fixtures, reason, marked):
    item = _item(fixtures, reason)
    conftest.pytest_collection_modifyitems(None, [item])  # type: ignore[arg-type, list-item]
    assert [m.name for m in item.added] == (["browser"] if marked else [])


@pytest.mark.parametrize(("expression", "deselected"), [
    ("not browser", True), ("not  browser and not slow", True), ("browser", False), ("", False), (None, False),
])
def test_a_run_without_browser_tests_is_recognised(expression, deselected):
    config = SimpleNamespace(option=SimpleNamespace(markexpr=expression))
    assert conftest.browser_tests_deselected(config) is deselected  # type: ignore[arg-type]
