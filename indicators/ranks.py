"""Ranks among all municipalities (or among the region and its peer regions): where one place stands on one
measure, for example «12. høgaste vekst i yrkesaktiv alder av 357 kommunar 2022–2026».

A rank is where a place stands beside the others, not a judgement of good or bad (Kolada's caution, which the
texts state beside every rank). Ranks are made only where they mean something: a change over the same years
for every place, from the same table, on the same (2024) borders. A place without a value for both years is left
out of the count, and the count says how many were ranked. Ties share the better position (1, 2, 2, 4).
A place whose figures are an estimate (`estimated`: a split municipality's apportioned share, «berekna etter
grensene i 2024») keeps its row but gets no position and is not counted: a rank built on an estimate is not honest.

Pure functions on tidy frames (region_code, region_name, period, value); the loaders live with the callers.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Literal

import pandas as pd

Order = Literal["highest", "lowest"]


@dataclass(frozen=True)
class Rank:
    """One place's position on one measure: `position` of `total` places, counted from the `order` end."""

    code: str
    name: str
    position: int
    total: int
    value: float  # the measure's value for the place (e.g. a change as a ratio: 0.031 = +3.1 %)
    start: int
    end: int
    order: Order = "highest"


def change_by_region(frame: pd.DataFrame, start: int, end: int) -> pd.DataFrame:
    """The relative change from `start` to `end` per region: region_code, region_name, start_value, end_value,
    value (end / start − 1). Regions without a value (or with 0) in either year are left out."""
    known = frame.dropna(subset=["value"])
    first = known[known["period"] == start].set_index("region_code")["value"]
    last = known[known["period"] == end].set_index("region_code")
    both = last.join(first.rename("start_value"), how="inner")
    both = both[both["start_value"] > 0]
    out = pd.DataFrame({
        "region_code": both.index.astype(str),
        "region_name": both["region_name"].astype(str).to_numpy(),
        "start_value": both["start_value"].astype(float).to_numpy(),
        "end_value": both["value"].astype(float).to_numpy(),
    })
    out["value"] = out["end_value"] / out["start_value"] - 1
    return out.reset_index(drop=True)


def ranked(values: pd.DataFrame, order: Order = "highest") -> pd.DataFrame:
    """`values` (region_code, region_name, value, optional estimated, …) with `position` (1 = highest, or lowest
    with order="lowest"; ties share the better position) and `total`, sorted by position then name. Missing
    values are left out; estimated rows stay, without a position (<NA>), last, and `total` does not count them."""
    known = values.dropna(subset=["value"]).copy()
    estimated = (known["estimated"].fillna(False).astype(bool) if "estimated" in known.columns
                 else pd.Series(False, index=known.index))
    counted = known.loc[~estimated, "value"]
    known["position"] = counted.rank(method="min", ascending=order == "lowest").astype("Int64")
    known["total"] = len(counted)
    return known.sort_values(["position", "region_name"], kind="stable", na_position="last").reset_index(drop=True)


def unranked(table: pd.DataFrame) -> pd.DataFrame:
    """The rows of a `ranked` table left out of the ranking (their figures are an estimate)."""
    return table[table["position"].isna()]


def rank_of(table: pd.DataFrame, code: str, start: int, end: int, order: Order = "highest") -> Rank | None:
    """The place's rank in a `ranked` table, None when it has no value or no position there."""
    rows = table[table["region_code"] == code]
    if rows.empty:
        return None
    row = rows.iloc[0]
    value = float(row["value"])
    if math.isnan(value) or pd.isna(row["position"]):
        return None
    return Rank(code, str(row["region_name"]), int(row["position"]), int(row["total"]), value, start, end, order)
