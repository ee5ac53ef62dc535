"""A data cache built from the real all-municipality excerpt in tests/fixtures/all_municipalities with the
project's own importers (as `make snapshot` builds data_cache/), population and commuting as Parquet."""

from __future__ import annotations

from pathlib import Path

from indicators.cache import write_dataset
from indicators.sources.all_municipalities import read_commuting_all, read_employment_all, read_population_all
from indicators.sources.code_changes import read_municipality_codes
from tests import written_once

EXCERPT = Path(__file__).resolve().parent / "fixtures" / "all_municipalities"
POPULATION_FILE = EXCERPT / "07459_population_by_sex_age_2005-2026_all_municipalities.csv.gz"
EMPLOYMENT_FILE = EXCERPT / "11618_employment_15-74_2017-2022_all_municipalities.csv"
COMMUTING_FILE = EXCERPT / "03321_commuting_2017-2022_all_municipalities.csv.gz"
CHANGES_FILE = EXCERPT / "municipality_code_changes_2005-2026.csv"


def build_cache(folder: Path) -> Path:
    write_dataset(read_municipality_codes(EXCERPT), folder)
    write_dataset(read_population_all(POPULATION_FILE), folder, storage="parquet")
    write_dataset(read_employment_all(EMPLOYMENT_FILE), folder)
    write_dataset(read_commuting_all(COMMUTING_FILE), folder, storage="parquet")
    return folder


def shared_cache() -> Path:
    """The cache built once per test process (tests/written_once.py), the same folder for every test that only
    reads it (so the app's caches keyed on the folder are shared too)."""
    return written_once.read_only("all-municipalities", build_cache)


def copied_cache(folder: Path) -> Path:
    """`folder` with a copy of the cache built once per test process, for a test that writes into it."""
    return written_once.copy_of("all-municipalities", build_cache, folder)
