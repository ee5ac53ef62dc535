"""Shared fixtures: small hand-made caches in tmp folders, never the committed snapshot unless a test says so."""

from __future__ import annotations

import pandas as pd
import pytest

from indicators.cache import write_dataset
from indicators.model import Dataset, Provenance
from indicators.regions import BUSKERUD, MUNICIPALITY_CODES, NORWAY, region_name

TINY_YEARS = (2021, 2022, 2023)


def tiny_population_frame(
    years: tuple[int, ...] = TINY_YEARS, missing: tuple[str, int] | None = None
) -> pd.DataFrame:
    """Every region, sex and one-year age 0..105; value = 1 + region index + year offset, so sums are known.

    Per municipality and year, each one-year age of each sex holds (index + 1) + (year - 2021) persons.
    `missing=(region, year)` blanks that region's values that year with SSB's "..".
    """
    rows = []
    regions = [*MUNICIPALITY_CODES, BUSKERUD, NORWAY]
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


@pytest.fixture(autouse=True)
def _cache_dir_not_from_the_shell(monkeypatch):
    """Tests choose their cache explicitly; a DASHBOARD_CACHE_DIR in the developer's shell must not leak in."""
    for name in ("DASHBOARD_CACHE_DIR", "HALLINGDAL_CACHE_DIR", "REGION_CONFIG"):
        monkeypatch.delenv(name, raising=False)


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
