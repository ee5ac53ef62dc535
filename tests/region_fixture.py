"""A made-up region (tests/fixtures/test_region/) with a small synthetic cache, for tests that check the product
runs for another region from its files alone. The figures are test figures, generated here; never shown as real.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from indicators.cache import write_dataset
from indicators.model import Dataset, Provenance
from tests import written_once

FOLDER = Path(__file__).resolve().parent / "fixtures" / "test_region"
REGION_FILE = FOLDER / "region.toml"
MEMBERS = {"9901": "Aheim", "9902": "Bedal", "9903": "Cevik"}
COMPARISONS = {"99": "Testfylket", "0": "Landet"}
YEARS = range(2015, 2027)


def _provenance(dataset: str, table: str) -> Provenance:
    return Provenance(dataset=dataset, title=f"Testtal ({dataset})", source="Statistisk sentralbyrå", table_id=table,
                      extra={"published_extract": "testuttrekk"})


def _population() -> pd.DataFrame:
    rows = []
    for index, (code, name) in enumerate({**MEMBERS, **COMPARISONS}.items()):
        scale = 1 if code in MEMBERS else 40 * (index + 1)
        for year in YEARS:
            for age in range(106):
                per_sex = float(scale * (12 + index + (year - 2015)) * (1.0 if age < 90 else 0.2))
                for sex, value in (("female", per_sex), ("male", per_sex), ("total", 2 * per_sex)):
                    rows.append((code, name, sex, str(age), year, value, ""))
    return pd.DataFrame(rows, columns=["region_code", "region_name", "sex", "age", "period", "value", "status"])


def _projection() -> pd.DataFrame:
    rows = [(code, name, "projection", year, float(2000 + 10 * (year - 2025) + 100 * i), "")
            for i, (code, name) in enumerate(MEMBERS.items()) for year in range(2025, 2051)]
    return pd.DataFrame(rows, columns=["region_code", "region_name", "series", "period", "value", "status"])


def _employment() -> pd.DataFrame:
    rows = []
    for i, (code, name) in enumerate(MEMBERS.items()):
        for year in range(2017, 2023):
            base = 1000 * (i + 1) + 10 * (year - 2017)
            for measure, value in (("residents_15_74", base * 1.6), ("employed_by_residence", base * 1.1),
                                   ("jobs_by_workplace", base)):
                rows.append((code, name, measure, year, float(round(value)), ""))
    return pd.DataFrame(rows, columns=["region_code", "region_name", "measure", "period", "value", "status"])


def _commuting() -> pd.DataFrame:
    rows = []
    codes = list(MEMBERS)
    for year in range(2017, 2023):
        for i, home in enumerate(codes):
            for j, work in enumerate(codes):
                rows.append((home, MEMBERS[home], work, MEMBERS[work], year, float(500 if i == j else 20 + i + j), ""))
            rows.append((home, MEMBERS[home], "9950", "Utbyen", year, float(30 + i), ""))
            rows.append(("9950", "Utbyen", home, MEMBERS[home], year, float(15 + i), ""))
    return pd.DataFrame(rows, columns=["region_code", "region_name", "workplace_code", "workplace_name", "period",
                                       "value", "status"])


def _write_cache(folder: Path) -> None:
    for frame, dataset, table in (
        (_population(), "population", "07459"),
        (_projection(), "population_projection", "14288"),
        (_employment(), "employment", "11618"),
        (_commuting(), "commuting", "03321"),
    ):
        write_dataset(Dataset(frame, _provenance(dataset, table)), folder)


def build_cache(folder: Path) -> Path:
    """Write the test region's datasets into `folder` (the project's own writer; written once per test process,
    then copied: tests/written_once.py) and return it."""
    return written_once.copy_of("test-region-cache", _write_cache, folder)


def shared_cache() -> Path:
    """The test region's datasets written once per test process, the same folder for every test that only reads
    them (the app's caches keyed on the folder are shared too, as between a server's sessions)."""
    return written_once.read_only("test-region-cache", _write_cache)
