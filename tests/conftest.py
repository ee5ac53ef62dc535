"""Shared fixtures: by default every test reads a frozen copy of the snapshot (tests/fixtures/cache), never
the committed data_cache/; tests that need other data make small hand-made caches in tmp folders.

The `browser` marker (deselected by `make test-fast`) is set here on every test that starts the app server or
Chromium: by the fixtures it uses and by a "needs chromium" skip condition. A run without browser tests
(`-m "not browser"`) fails a test that starts either anyway, so a missing marker is found at once."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import pytest
from argon2 import PasswordHasher

from indicators.cache import write_dataset
from indicators.followup import accounts
from indicators.model import Dataset, Provenance
from indicators.present import images
from indicators.regions import active_region, region_name
from tests import app_server, apptest_harness, schedule, written_once

FIXTURE_CACHE = Path(__file__).resolve().parent / "fixtures" / "cache"

TINY_YEARS = (2021, 2022, 2023)

# The app's argon2id hasher (the library's recommended cost, ~0.1 s a hash on an idle core; more when loaded)
# and the one the in-process tests use: argon2id too, at the lowest cost, since a test that signs in 25 times
# measures the throttling, not argon2. tests/test_test_machinery.py checks the app's own parameters; the CLI and
# the browser tests run the app in its own process, with its own hasher.
APP_PASSWORD_HASHER = accounts._hasher
CHEAP_PASSWORD_HASHER = PasswordHasher(time_cost=1, memory_cost=8, parallelism=1)

# A test using one of these fixtures talks to the real app in Chromium (tests/app_server.py).
BROWSER_FIXTURES = frozenset({"app_url", "browser", "make_run_app"})


def _needs_chromium(item: pytest.Item) -> bool:
    """A `skipif` whose reason names Chromium: the test draws images or prints a PDF in the real browser."""
    return any("chromium" in str(mark.kwargs.get("reason", "")).lower() for mark in item.iter_markers("skipif"))


# tryfirst: under `--dist loadgroup` pytest-xdist's own hook turns each item's `xdist_group` marker into a suffix of
# its node id; run after it, the units set here were ignored and a module's tests (and its app server) were spread
# over every worker.
@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    for item in items:
        if BROWSER_FIXTURES & set(getattr(item, "fixturenames", ())) or _needs_chromium(item):
            item.add_marker(pytest.mark.browser)
    if config is not None:
        schedule.order(config, items)  # the longest files first, and the shared app server's files as one unit


def browser_tests_deselected(config: pytest.Config) -> bool:
    """True in a run that leaves the browser tests out (`-m "not browser"`, as `make test-fast` does)."""
    expression = (config.option.markexpr or "").replace(" ", "")
    return "notbrowser" in expression


def pytest_configure(config: pytest.Config) -> None:
    app_server.BROWSER_TESTS_DESELECTED = browser_tests_deselected(config)
    if hasattr(config, "workerinput") or not getattr(config.option, "numprocesses", None):
        apptest_harness.install()  # where tests run: not in xdist's controller (it would import Streamlit for nothing)
    config.pluginmanager.register(schedule.DurationRecorder(), "hallingdal-durations")
    if hasattr(config.option, "loadscopereorder"):
        config.option.loadscopereorder = False  # xdist would sort the units by their number of tests again


def pytest_sessionfinish(session: pytest.Session) -> None:
    app_server.close_shared_browser()


@pytest.fixture(scope="module")
def browser():
    """Debian's Chromium under Playwright (one per test process, shared by the modules; tests/app_server.py)."""
    yield from app_server.launched_browser()


@dataclass(frozen=True)
class SharedApp:
    url: str
    first_session_problems: tuple[str, ...]  # what its very first sessions showed (app_server.first_session_problems)


@pytest.fixture(scope="session")
def make_run_app(tmp_path_factory) -> Iterator[SharedApp]:
    """The app as `make run` starts it (the committed snapshot, a fresh migrated follow-up database), one server
    per test process for every browser test file that needs nothing else: tests must not change its database.
    Its first sessions are checked as it starts (only a fresh server can show that)."""
    app_server.require_chromium()
    server = app_server.start_app(app_server.make_run_env(tmp_path_factory.mktemp("make-run-app")))
    try:
        problems = app_server.first_session_problems(server.url, app_server.shared_browser())
        yield SharedApp(server.url, tuple(problems))
    finally:
        server.stop()


@pytest.fixture(scope="session")
def app_url(make_run_app: SharedApp) -> str:
    """The URL of the app as `make run` starts it (a module with other data or database defines its own)."""
    return make_run_app.url


@pytest.fixture(autouse=True)
def _no_chromium_without_the_browser_marker(request, monkeypatch):
    """In a run without browser tests, the real Chromium must not start (a fake one in a test's tmp folder may):
    the start is refused as the app refuses a broken browser, and the test fails afterwards."""
    if not browser_tests_deselected(request.config):
        yield
        return
    real = Path(images.DEFAULT_BROWSER).resolve()
    make_wrapper = images.offline_wrapper
    tried: list[Path] = []

    def refuse_the_real_browser(browser: Path, folder: Path) -> Path:
        if Path(browser).resolve() == real:
            tried.append(Path(browser))
            raise images.ImageExportError("a test without the browser marker started Chromium")
        return make_wrapper(browser, folder)

    monkeypatch.setattr(images, "offline_wrapper", refuse_the_real_browser)
    yield
    if tried:
        pytest.fail(f"{request.node.nodeid} starts Chromium ({tried[0]}): mark it `browser` (tests/conftest.py)")


def tiny_population_frame(
    years: tuple[int, ...] = TINY_YEARS, missing: tuple[str, int] | None = None
) -> pd.DataFrame:
    """Every region, sex and one-year age 0..105; value = 1 + region index + year offset, so sums are known.

    Per municipality and year, each one-year age of each sex holds (index + 1) + (year - 2021) persons.
    `missing=(region, year)` blanks that region's values that year with SSB's "..".
    """
    rows = []
    region = active_region()
    regions = [*region.member_codes, *region.comparison_codes]
    for index, region in enumerate(regions):
        for year in years:
            for age in range(106):
                per_sex = float(index + 1 + (year - 2021))
                for sex, value in (("female", per_sex), ("male", per_sex), ("total", 2 * per_sex)):
                    status = ""
                    if missing == (region, year):
                        value, status = float("nan"), ".."
                    rows.append((region, region_name(region), sex, str(age), year, value, status))
    return pd.DataFrame(rows, columns=["region_code", "region_name", "sex", "age", "period", "value", "status"])


@pytest.fixture(scope="session")
def fixture_cache_folder(tmp_path_factory) -> Path:
    """A private copy of the fixture cache for this test session (a test that writes cannot touch the original)."""
    folder = tmp_path_factory.mktemp("fixture-cache")
    shutil.copytree(FIXTURE_CACHE, folder, dirs_exist_ok=True, ignore=shutil.ignore_patterns("README.md"))
    return folder


@pytest.fixture(scope="session")
def session_database(tmp_path_factory) -> str:
    """A migrated, empty follow-up database for this test session (SQLite in a temporary folder), so page and
    CLI tests see the app as `make run` sets it up and never read or write the developer's var/ database."""
    from indicators.followup import db

    url = f"sqlite:///{tmp_path_factory.mktemp('followup') / 'followup.sqlite3'}"
    engine = db.make_engine(url)
    db.upgrade(engine)
    engine.dispose()
    return url


@pytest.fixture(autouse=True)
def _cache_from_the_fixture(monkeypatch, fixture_cache_folder, session_database):
    """Every test reads the fixture cache and the session's database unless it points DASHBOARD_CACHE_DIR or
    DATABASE_URL elsewhere; settings from the developer's shell (cache, region) must not leak in. (The
    database tests read a PostgreSQL DATABASE_URL from the environment when their module is imported.)
    Chart images are drawn anew in every test (no image folder) unless a test sets DASHBOARD_IMAGE_CACHE.
    Passwords are hashed at argon2id's lowest cost (see CHEAP_PASSWORD_HASHER)."""
    for name in ("HALLINGDAL_CACHE_DIR", "REGION_CONFIG", "DASHBOARD_CHROMIUM", "HALLINGDAL_CHROMIUM"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("DASHBOARD_CACHE_DIR", str(fixture_cache_folder))
    monkeypatch.setenv("DATABASE_URL", session_database)
    monkeypatch.setenv("DASHBOARD_IMAGE_CACHE", "off")
    monkeypatch.setattr(accounts, "_hasher", CHEAP_PASSWORD_HASHER)


@pytest.fixture
def tiny_cache(tmp_path, monkeypatch):
    """A cache folder with a small synthetic population dataset; DASHBOARD_CACHE_DIR points at it. (Written once
per test process and region, then copied: tests/written_once.py.)"""
    region = active_region()
    codes = (*region.member_codes, *region.comparison_codes)

    def write(folder: Path) -> None:
        provenance = Provenance(dataset="population", title="test", source="test", table_id="07459")
        write_dataset(Dataset(tiny_population_frame(), provenance), folder)

    written_once.copy_of(("tiny-population", tuple((code, region_name(code)) for code in codes)), write, tmp_path)
    monkeypatch.setenv("DASHBOARD_CACHE_DIR", str(tmp_path))
    return tmp_path


@pytest.fixture
def ssb():
    """A local stand-in for SSB's PxWebApi 2 on 127.0.0.1 that answers /config; tests add their replies."""
    from tests.fixtures.ssb.fake_ssb import CONFIG, FakeSSB, Reply

    server = FakeSSB().start()
    server.add("GET", "/config", Reply(body=CONFIG))
    yield server
    server.stop()


@pytest.fixture
def plan_copy(tmp_path, monkeypatch):
    """A copy of the region file and its plan folder in tmp_path, made the active region (REGION_CONFIG):
    a test edits the plan files there (goals.toml, actions.csv …) as the secretariat would. Returns the folder."""
    root = Path(__file__).resolve().parent.parent / "plan"
    folder = tmp_path / "plan"
    shutil.copytree(root, folder)
    monkeypatch.setenv("REGION_CONFIG", str(folder / "region.toml"))
    return folder
