"""Aggregation helpers shared by all indicators: the Hallingdal total and indexed series."""

from __future__ import annotations

import pandas as pd

from indicators.regions import HALLINGDAL, MUNICIPALITY_CODES, REGION_NAMES, validate_region

MISSING_PART_STATUS = ".."  # SSB's "data not available": used when a part of a sum is missing


def dimension_columns(frame: pd.DataFrame) -> list[str]:
    """The columns between the core ones: sex, age, sector …"""
    return [c for c in frame.columns if c not in ("region_code", "region_name", "period", "value", "status")]


def with_hallingdal_total(frame: pd.DataFrame) -> pd.DataFrame:
    """Append rows for region `hallingdal` = the sum of the six municipalities, per period and dimension.

    A sum is only a number when all six parts are there and have values; otherwise it is NaN with status
    "..": a partial sum would understate the region and be drawn as a false drop.
    """
    parts = frame[frame["region_code"].isin(MUNICIPALITY_CODES)]
    if parts.empty:
        return frame
    keys = ["period", *dimension_columns(frame)]
    grouped = parts.groupby(keys, dropna=False, sort=True)
    total = grouped["value"].sum(min_count=1).rename("value").reset_index()
    complete = grouped.apply(
        lambda g: g["value"].notna().sum() == len(MUNICIPALITY_CODES)
        and g["region_code"].nunique() == len(MUNICIPALITY_CODES),
        include_groups=False,
    ).rename("complete").reset_index()
    total = total.merge(complete, on=keys)
    total.loc[~total["complete"], "value"] = float("nan")
    total["status"] = ""
    total.loc[~total["complete"], "status"] = MISSING_PART_STATUS
    total = total.drop(columns="complete")
    total["region_code"] = HALLINGDAL
    total["region_name"] = REGION_NAMES[HALLINGDAL]
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
