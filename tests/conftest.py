"""Shared fixtures: by default every test reads a frozen copy of the snapshot (tests/fixtures/cache), never
the committed data_cache/; tests that need other data make small hand-made caches in tmp folders."""

from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd
import pytest

from indicators.cache import write_dataset
from indicators.model import Dataset, Provenance
from indicators.regions import active_region, region_name

FIXTURE_CACHE = Path(__file__).resolve().parent / "fixtures" / "cache"

TINY_YEARS = (2021, 2022, 2023)


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
    Chart images are drawn anew in every test (no image folder) unless a test sets DASHBOARD_IMAGE_CACHE."""
    for name in ("HALLINGDAL_CACHE_DIR", "REGION_CONFIG", "DASHBOARD_CHROMIUM", "HALLINGDAL_CHROMIUM"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("DASHBOARD_CACHE_DIR", str(fixture_cache_folder))
    monkeypatch.setenv("DATABASE_URL", session_database)
    monkeypatch.setenv("DASHBOARD_IMAGE_CACHE", "off")


@pytest.fixture
def tiny_cache(tmp_path, monkeypatch):
    """A cache folder with a small synthetic population dataset; DASHBOARD_CACHE_DIR points at it."""
    write_dataset(
        Dataset(
            tiny_population_frame(),
            Provenance(dataset="population", title="test", source="test", table_id="07459"),
        ),
        tmp_path,
    )
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
