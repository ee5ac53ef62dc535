"""Net in-migration per year (SSB Arealprofiler), for the members, the region as a whole and the comparison
regions, and the same per 1 000 residents (population 1 January of the same year, SSB 07459)."""

from __future__ import annotations

import pandas as pd

from indicators.aggregate import view_scope, with_region_total
from indicators.cache import CacheDirectory, read_dataset
from indicators.datasets import NET_MIGRATION, POPULATION
from indicators.jobs import with_rows_for
from indicators.model import IndicatorSpec
from indicators.population import population_total

NET_MIGRATION_RATE = "net_migration_per_1000"


def net_migration(region: str | None = None, cache_directory: CacheDirectory = None) -> pd.DataFrame:
    """Moves into minus moves out of each region during the year (persons; negative = more moved out)."""
    frame = with_region_total(read_dataset(NET_MIGRATION, cache_directory, regions=view_scope(region)).frame)
    return with_rows_for(frame.sort_values(["region_code", "period"]), region)


def net_migration_rate(region: str | None = None, cache_directory: CacheDirectory = None) -> pd.DataFrame:
    """Net in-migration per 1 000 residents on 1 January of the same year (NaN where either is missing)."""
    migration = net_migration(region, cache_directory=cache_directory)
    residents = population_total(region, cache_directory=cache_directory)[["region_code", "period", "value"]]
    merged = migration.merge(residents.rename(columns={"value": "residents"}), on=["region_code", "period"],
                             how="left")
    merged["value"] = merged["value"] / merged["residents"] * 1000
    merged.loc[merged["value"].isna() & (merged["status"] == ""), "status"] = ".."
    return with_rows_for(merged.drop(columns="residents"), region)


INDICATORS = [
    IndicatorSpec(
        id="net_migration",
        title="Netto innflytting",
        unit="personar",
        datasets=(NET_MIGRATION,),
        compute=net_migration,
    ),
    IndicatorSpec(
        id=NET_MIGRATION_RATE,
        title="Netto innflytting per 1 000 innbyggjarar",
        unit="per 1 000 innbyggjarar",
        datasets=(NET_MIGRATION, POPULATION),
        compute=net_migration_rate,
    ),
]
