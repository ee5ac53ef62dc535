"""Aggregation helpers shared by all indicators: the region's total of its members, and indexed series."""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd

from indicators.cache import CacheDirectory
from indicators.municipality_codes import optional_code_table
from indicators.regions import Region, active_region, validate_region

MISSING_PART_STATUS = ".."  # SSB's "data not available": used when a part of a sum is missing
ESTIMATED = "estimated"  # a flag, not a dimension (indicators.municipality_codes): a total is estimated if a part is


def dimension_columns(frame: pd.DataFrame) -> list[str]:
    """The columns between the core ones: sex, age, sector …"""
    return [c for c in frame.columns if c not in ("region_code", "region_name", "period", "value", "status", ESTIMATED)]


def _total(frame: pd.DataFrame, region_id: str, region_name: str, codes: tuple[str, ...]) -> pd.DataFrame | None:
    parts = frame[frame["region_code"].isin(codes)]
    if parts.empty:
        return None
    keys = ["period", *dimension_columns(frame)]
    # one grouping, its reductions called directly (pandas' named aggregation costs more than the sums on these
    # small frames, and this runs for every indicator a page or a goal reads); an incomplete sum is blanked below,
    # so a plain sum serves
    grouped = parts.groupby(keys, dropna=False, sort=True)
    total = grouped["value"].sum().to_frame()
    total["values"] = grouped["value"].count()
    total["members"] = grouped["region_code"].nunique()
    if ESTIMATED in frame.columns:
        total[ESTIMATED] = grouped[ESTIMATED].any()
    total = total.reset_index()
    complete = (total["values"] == len(codes)) & (total["members"] == len(codes))
    total.loc[~complete, "value"] = float("nan")
    total["status"] = ""
    total.loc[~complete, "status"] = MISSING_PART_STATUS
    total["region_code"] = region_id
    total["region_name"] = region_name
    return total[frame.columns]


def with_region_total(frame: pd.DataFrame, region: Region | None = None) -> pd.DataFrame:
    """Append rows for the region as a whole (its id as region_code) = the sum of its members, per period
    and dimension; the same for each peer region (plan/region.toml [[peers]]) whose members the frame holds.
    The one way every indicator makes a regional total.

    A sum is only a number when every member is there and has a value; otherwise it is NaN with status "..":
    a partial sum would understate the region and be drawn as a false drop.
    """
    region = region or active_region()
    codes = set(frame["region_code"].unique())
    totals = [_total(frame, region.id, region.name, region.member_codes)]
    # a peer only where the frame holds a member of it (most frames hold the region's members only)
    totals += [_total(frame, p.id, p.name, p.members) for p in region.peers
               if p.id not in codes and not codes.isdisjoint(p.members)]
    present = [t for t in totals if t is not None]
    if not present:
        return frame
    return pd.concat([frame, *present], ignore_index=True)


def read_scope(region: str | None, codes: Iterable[str] | None = None) -> tuple[str, ...]:
    """The stored region codes a figure needs: for `region` its parts (a composite region's members, else the
    code itself); with `codes` those codes too (a composite's members in its place); with neither the default
    view (the active region's members and comparisons). An unknown region raises UnknownRegionError."""
    active = active_region()
    if codes is None:
        if region is None:
            return active.default_codes
        validate_region(region)
        parts = active.codes_to_read(region)
        # a part of the default view reads the default view: one read (and one memo entry) serves every view of
        # the region, its members and comparisons, as when the snapshot held only those
        return active.default_codes if set(parts) <= set(active.default_codes) else parts
    wanted = [part for code in codes for part in active.codes_to_read(code)]
    if region is not None:
        validate_region(region)
        wanted += active.codes_to_read(region)
    return tuple(dict.fromkeys(wanted))


def view_scope(region: str | None) -> tuple[str, ...]:
    """The default view's codes and those of `region`: for small datasets read whole, so a region without figures
    is told apart from the ones that have them (indicators.jobs.with_rows_for names those)."""
    return tuple(dict.fromkeys((*read_scope(None), *read_scope(region))))


def mark_estimates(frame: pd.DataFrame, cache_directory: CacheDirectory = None,
                   code_columns: tuple[str, ...] = ("region_code",)) -> pd.DataFrame:
    """Adds the column `estimated` (True: «berekna etter grensene i 2024», a split municipality's share is in the
    figure, also through a member of a composite region) when any row is an estimate; else the frame as it is."""
    table = optional_code_table(cache_directory)
    if table is None or frame.empty or not table.estimated_cells:
        return frame
    marked = table.mark_estimates(frame, active_region().composites, code_columns)
    return marked if bool(marked[ESTIMATED].any()) else frame


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
