"""Context from SSB's Arealprofiler: new homes and holiday homes in the last four years, and the share of
employed residents who work in their own municipality (checked against 03321/11618 by `local_workers_register`)."""

from __future__ import annotations

import pandas as pd

from indicators.aggregate import view_scope, with_region_total
from indicators.broadband import members_or_rows_for
from indicators.cache import CacheDirectory, read_dataset
from indicators.datasets import COMMUTING, EMPLOYMENT, LOCAL_WORKERS, NEW_BUILDINGS
from indicators.jobs import with_rows_for
from indicators.model import IndicatorSpec
from indicators.regions import active_region

BUILDINGS = ("homes", "holiday_homes")


def new_buildings(region: str | None = None, cache_directory: CacheDirectory = None) -> pd.DataFrame:
    """New homes and new holiday homes in the four years up to each year (column `building`)."""
    frame = with_region_total(read_dataset(NEW_BUILDINGS, cache_directory, regions=view_scope(region)).frame)
    return with_rows_for(frame.sort_values(["region_code", "building", "period"]), region)


def local_workers(region: str | None = None, cache_directory: CacheDirectory = None) -> pd.DataFrame:
    """Share (%) of employed residents working in their own municipality, per member (asked for the region as
    a whole: its members, since a share has no total without the counts behind it)."""
    frame = read_dataset(LOCAL_WORKERS, cache_directory, regions=view_scope(region)).frame
    frame = frame.sort_values(["region_code", "period"])
    return members_or_rows_for(frame, region)


def local_workers_register(cache_directory: CacheDirectory = None) -> pd.DataFrame:
    """The same share from the register tables: residents working in their home municipality (03321) over
    employed residents (11618), 4th quarter, per member and year."""
    members = active_region().member_codes
    flows = read_dataset(COMMUTING, cache_directory, regions=members).frame
    same = flows[flows["region_code"] == flows["workplace_code"]][["region_code", "period", "value"]]
    employment = read_dataset(EMPLOYMENT, cache_directory, regions=members).frame
    employed = employment[employment["measure"] == "employed_by_residence"][["region_code", "period", "value"]]
    merged = same.merge(employed, on=["region_code", "period"], suffixes=("_local", "_employed"))
    merged["value"] = merged["value_local"] / merged["value_employed"] * 100
    return merged[["region_code", "period", "value"]].sort_values(["region_code", "period"]).reset_index(drop=True)


INDICATORS = [
    IndicatorSpec(
        id="new_buildings",
        title="Nye bustader og fritidsbygg siste fire år",
        unit="bygningar",
        datasets=(NEW_BUILDINGS,),
        compute=new_buildings,
    ),
    IndicatorSpec(
        id="local_workers",
        title="Sysselsette som arbeider i bustadkommunen",
        unit="prosent",
        datasets=(LOCAL_WORKERS,),
        compute=local_workers,
    ),
]
