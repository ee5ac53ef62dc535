"""Aggregation helpers shared by all indicators: the region's total of its members, and indexed series."""

from __future__ import annotations

import pandas as pd

from indicators.regions import Region, active_region, validate_region

MISSING_PART_STATUS = ".."  # SSB's "data not available": used when a part of a sum is missing


def dimension_columns(frame: pd.DataFrame) -> list[str]:
    """The columns between the core ones: sex, age, sector …"""
    return [c for c in frame.columns if c not in ("region_code", "region_name", "period", "value", "status")]


def with_region_total(frame: pd.DataFrame, region: Region | None = None) -> pd.DataFrame:
    """Append rows for the region as a whole (its id as region_code) = the sum of its members, per period
    and dimension. The one way every indicator makes a regional total.

    A sum is only a number when every member is there and has a value; otherwise it is NaN with status "..":
    a partial sum would understate the region and be drawn as a false drop.
    """
    region = region or active_region()
    codes = region.member_codes
    parts = frame[frame["region_code"].isin(codes)]
    if parts.empty:
        return frame
    keys = ["period", *dimension_columns(frame)]
    grouped = parts.groupby(keys, dropna=False, sort=True)
    total = grouped["value"].sum(min_count=1).rename("value").reset_index()
    counts = grouped.agg(values=("value", "count"), members=("region_code", "nunique")).reset_index()
    total = total.merge(counts, on=keys)
    complete = (total["values"] == len(codes)) & (total["members"] == len(codes))
    total.loc[~complete, "value"] = float("nan")
    total["status"] = ""
    total.loc[~complete, "status"] = MISSING_PART_STATUS
    total["region_code"] = region.id
    total["region_name"] = region.name
    return pd.concat([frame, total[frame.columns]], ignore_index=True)


def select_region(frame: pd.DataFrame, region: str | None) -> pd.DataFrame:
    """Rows of one region (all rows for None); an unknown code raises UnknownRegionError in Nynorsk."""
    if region is None:
        return frame.reset_index(drop=True)
    validate_region(region)
    return frame[frame["region_code"] == region].reset_index(drop=True)


def indexed(frame: pd.DataFrame, base_period: int) -> pd.DataFrame:
    """Each region's values as an index, base period = 100 (NaN where the base is missing)."""
    out = frame.copy()
    base = out[out["period"] == base_period].set_index("region_code")["value"]
    out["value"] = out["value"] / out["region_code"].map(base) * 100
    return out
