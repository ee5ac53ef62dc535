"""Commuting: who lives in one place and works in another (SSB 03321, employed persons by residence and workplace).

The dataset holds flows between municipalities on 2024 borders (region_code = residence, workplace_code =
workplace; the snapshot every pair with a flow, mapped by the importer), and a view reads only the flows of the
municipalities it shows. For a member, commuting is
across its own border (between two members counts for both). For the region as a whole only flows that cross
the region's border count: someone living in one member and working in another commutes between
municipalities, but not out of the region. So the region's balance is not the sum of its members' balances.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, Literal

import pandas as pd

from indicators.aggregate import MISSING_PART_STATUS
from indicators.cache import CacheDirectory, read_dataset
from indicators.jobs import PERIOD_LABEL, NoDataForRegionError
from indicators.model import IndicatorSpec
from indicators.municipality_names import outside_municipality_label
from indicators.regions import Region, UnknownRegionError, active_region

COMMUTING = "commuting"

Direction = Literal["in", "out"]
Scope = Literal["region", "rest", "all"]  # the other members only / the rest of the country / both

# Commuting balance rows (`flow` column)
INBOUND, OUTBOUND, NET, LOCAL = "inbound", "outbound", "net", "local"
OTHERS_CODE = "andre"
OTHERS_LABEL = "Andre kommunar ({count})"  # a label in the data (counterpart_name), like the municipalities' names


class CommutingQueryError(ValueError):
    """A commuting question the data cannot answer as asked (Nynorsk message)."""


def commuting_flows(cache_directory: CacheDirectory = None, codes: Iterable[str] | None = None) -> pd.DataFrame:
    """Stored flows: region_code/region_name = residence, workplace_code/workplace_name, period, value. With
    `codes`: only the flows with one of them on either side (None: the active region's members)."""
    wanted = tuple(codes) if codes is not None else active_region().member_codes
    return read_dataset(COMMUTING, cache_directory, regions=wanted,
                        region_columns=("region_code", "workplace_code")).frame


def commuting_years(cache_directory: CacheDirectory = None) -> list[int]:
    return sorted(int(p) for p in commuting_flows(cache_directory)["period"].unique())


def _parts(region: Region, code: str) -> tuple[str, ...]:
    """The municipalities whose border counts for `code` (the region or a peer: its members; a municipality:
    itself); a known region without commuting figures (the county, the country) raises NoDataForRegionError."""
    region.validate(code)
    try:
        return region.parts(code)
    except UnknownRegionError:
        raise NoDataForRegionError(code, region.selectable) from None


def _home(region: Region, code: str) -> tuple[str, ...]:
    """The municipalities that count as "inside" for `code`: a composite's members; for a municipality, the
    members of the region or peer it belongs to (else itself)."""
    if code in region.composites:
        return region.composites[code]
    return next((members for members in region.composites.values() if code in members), (code,))


def _sum(values: pd.Series) -> tuple[float, str]:
    """A sum of flows; an absent flow is 0 (the extract holds only flows above 0), a missing one makes it '..'."""
    if values.isna().any():
        return float("nan"), MISSING_PART_STATUS
    return float(values.sum()), ""


def _balance_rows(
    code: str, name: str, period: int, flows: pd.DataFrame, members: tuple[str, ...]
) -> list[dict[str, Any]]:
    lives = flows["region_code"].isin(members)
    works = flows["workplace_code"].isin(members)
    parts = {
        INBOUND: flows.loc[works & ~lives, "value"],
        OUTBOUND: flows.loc[lives & ~works, "value"],
        LOCAL: flows.loc[lives & works, "value"],
    }
    sums = {flow: _sum(values) for flow, values in parts.items()}
    net_status = sums[INBOUND][1] or sums[OUTBOUND][1]
    sums[NET] = (sums[INBOUND][0] - sums[OUTBOUND][0], net_status)
    return [
        {"region_code": code, "region_name": name, "flow": flow, "period": period, "value": value, "status": status}
        for flow, (value, status) in ((f, sums[f]) for f in (INBOUND, OUTBOUND, NET, LOCAL))
    ]


def commuting_balance(region: str | None = None, cache_directory: CacheDirectory = None) -> pd.DataFrame:
    """In-commuters, out-commuters, net (in minus out) and those who live and work in the same place.

    Per member, commuting is across the member's border. For the region only flows across the region's border
    count; `local` is then everyone who lives and works in the region. Column `flow`: inbound, outbound, net,
    local.
    """
    active = active_region()
    codes = [*active.member_codes, active.id] if region is None else [region]
    parts = {code: _parts(active, code) for code in codes}
    flows = commuting_flows(cache_directory, {c for members in parts.values() for c in members})
    rows: list[dict[str, Any]] = []
    for period, year_flows in flows.groupby("period", sort=True):
        for code in codes:
            rows.extend(_balance_rows(code, active.region_name(code), int(period), year_flows, parts[code]))
    columns = ["region_code", "region_name", "flow", "period", "value", "status"]
    out = pd.DataFrame(rows, columns=columns)
    out["value"] = out["value"].astype("float64")
    return out.sort_values(["region_code", "flow", "period"], ignore_index=True)


def net_commuting(region: str | None = None, cache_directory: CacheDirectory = None) -> pd.DataFrame:
    """Net commuting (in minus out) as a plain series per region."""
    balance = commuting_balance(region, cache_directory)
    return balance[balance["flow"] == NET].drop(columns="flow").reset_index(drop=True)


def largest_flows(
    region: str,
    period: int,
    direction: Direction,
    scope: Scope = "all",
    top: int = 10,
    cache_directory: CacheDirectory = None,
) -> pd.DataFrame:
    """The largest flows out of (where residents work) or into (where workers live) a region in one year.

    scope "region": only the other members of the region; "rest": only the rest of the country; "all": both.
    Columns: counterpart_code, counterpart_name, inside_region, value, share (of all the region's out- or
    in-commuters in that scope). Beyond `top`, the remainder is one row "andre". For the region as a whole the
    flows are those across its border (scope "region" is empty).
    """
    active = active_region()
    if direction not in ("in", "out"):
        raise CommutingQueryError(f"Ukjend retning «{direction}»: bruk «in» (innpendling) eller «out» (utpendling).")
    if scope not in ("region", "rest", "all"):
        raise CommutingQueryError(f"Ukjend utval «{scope}»: bruk region, rest eller all.")
    members = _parts(active, region)
    inside_codes = _home(active, region)
    flows = commuting_flows(cache_directory, members)
    flows = flows[flows["period"] == period]
    if flows.empty:
        raise CommutingQueryError(f"Pendlingstala har ikkje året {period}.")
    if direction == "out":  # where the region's residents work
        own_side, other_side, other_name = "region_code", "workplace_code", "workplace_name"
    else:  # where the region's workers live
        own_side, other_side, other_name = "workplace_code", "region_code", "region_name"
    chosen = flows[flows[own_side].isin(members) & ~flows[other_side].isin(members)]
    grouped = chosen.groupby([other_side, other_name], sort=False)["value"].sum(min_count=1).reset_index()
    grouped.columns = ["counterpart_code", "counterpart_name", "value"]
    grouped["counterpart_name"] = [
        outside_municipality_label(code, name, period) if code not in inside_codes else name
        for code, name in zip(grouped["counterpart_code"], grouped["counterpart_name"], strict=True)
    ]
    grouped["inside_region"] = grouped["counterpart_code"].isin(inside_codes)
    if scope == "region":
        grouped = grouped[grouped["inside_region"]]
    elif scope == "rest":
        grouped = grouped[~grouped["inside_region"]]
    total = grouped["value"].sum()
    grouped = grouped.sort_values(["value", "counterpart_code"], ascending=[False, True], ignore_index=True)
    shown, rest = grouped.head(top), grouped.iloc[top:]
    if not rest.empty:
        others = pd.DataFrame(
            [{"counterpart_code": OTHERS_CODE, "counterpart_name": OTHERS_LABEL.format(count=len(rest)),
              "value": rest["value"].sum(), "inside_region": bool(rest["inside_region"].all())}]
        )
        shown = pd.concat([shown, others], ignore_index=True)
    shown = shown.assign(share=shown["value"] / total if total else float("nan"))
    return shown[["counterpart_code", "counterpart_name", "inside_region", "value", "share"]]


def flows_within_region(period: int, cache_directory: CacheDirectory = None,
                        region: str | None = None) -> pd.DataFrame:
    """Commuting between the members of the region (or of a peer, `region`) in one year (residence -> workplace,
    own municipality left out)."""
    active = active_region()
    members = active.member_codes if region is None else _home(active, region)
    flows = commuting_flows(cache_directory, members)
    inside = flows[
        (flows["period"] == period)
        & flows["region_code"].isin(members)
        & flows["workplace_code"].isin(members)
        & (flows["region_code"] != flows["workplace_code"])
    ]
    return inside.sort_values("value", ascending=False, ignore_index=True)


INDICATORS = [
    IndicatorSpec(
        id=COMMUTING,
        title="Pendling: innpendling, utpendling og netto innpendling",
        unit="personar",
        datasets=(COMMUTING,),
        compute=commuting_balance,
        period_label=PERIOD_LABEL,
    ),
]
