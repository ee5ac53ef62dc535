"""Greenhouse-gas emissions (Miljødirektoratet): totals, sectors, municipal influence and the plan's goal.

Reads the cached "emissions" dataset written by indicators.sources.miljodirektoratet. Never shows a number
that is not in the imported file: with no file imported, the indicator functions return empty frames and
the page says how to import one.

The goal is the plan's goal measured by GOAL_INDICATOR (indicators.emissions_goal); its progress is
indicators.goals.evaluate_goal's, so the goal board and the Klima page read the same evaluation.

The region is the sum of its members (indicators.aggregate.with_region_total), and only for years where every
member is in the data; other years get NaN with status "..". A municipality-year with a missing (empty) cell
is missing as a whole.
"""

from __future__ import annotations

import math
import os
from collections.abc import Callable
from dataclasses import dataclass

import pandas as pd

from indicators import cache
from indicators.aggregate import select_region, with_region_total
from indicators.i18n import labels
from indicators.model import indicator_family
from indicators.part_time import full_year_equivalents
from indicators.regions import Region, active_region, validate_region

DATASET = "emissions"
UNIT = "tonn CO₂-ekvivalentar"
PER_PERSON_UNIT = "tonn CO₂-ekvivalentar per person"

# The plan's goal is the one measured by this indicator (Plan.measured_by); its numbers are read from the plan.
GOAL_INDICATOR = "emissions_total"

TOTAL_COLUMNS: tuple[str, ...] = ("region_code", "region_name", "period", "value", "status")
SECTOR_COLUMNS: tuple[str, ...] = ("region_code", "region_name", "period", "sector", "value", "status")
INFLUENCE_COLUMNS: tuple[str, ...] = ("region_code", "region_name", "period", "influence", "value", "status")

MISSING = ".."

# ------------------------------------------------------------------------------ municipal influence

INFLUENCE_WITHIN = "within"
INFLUENCE_OUTSIDE = "outside"
INFLUENCE_UNCLASSIFIED = "unclassified"

# Following the agency's own note: industry under the quota system, trunk-road traffic, aviation and
# shipping are largely outside a municipality's control. Everything else is counted as within.
SECTOR_INFLUENCE: dict[str, str] = {
    "Annen mobil forbrenning": INFLUENCE_WITHIN,
    "Avfall og avløp": INFLUENCE_WITHIN,
    "Energiforsyning": INFLUENCE_WITHIN,
    "Industri, olje og gass": INFLUENCE_OUTSIDE,
    "Jordbruk": INFLUENCE_WITHIN,
    "Luftfart": INFLUENCE_OUTSIDE,
    "Oppvarming": INFLUENCE_WITHIN,
    "Produkter med fluorgasser": INFLUENCE_WITHIN,
    "Sjøfart": INFLUENCE_OUTSIDE,
    "Veitrafikk": INFLUENCE_WITHIN,
}

def influence_of(sector: str) -> str:
    """Whether a sector is largely within municipal influence, mostly outside it, or not classified."""
    return SECTOR_INFLUENCE.get(sector, INFLUENCE_UNCLASSIFIED)


# ------------------------------------------------------------------------------ loading


def has_emissions_data(cache_directory: str | os.PathLike[str] | None = None) -> bool:
    return cache.has_dataset(DATASET, cache_directory)


def load_emissions(cache_directory: str | os.PathLike[str] | None = None) -> pd.DataFrame | None:
    """The imported detailed rows (region × year × sector × source × gas), or None when nothing is imported.
    Raises cache.CacheError (Nynorsk message) if the cached dataset is damaged."""
    if not has_emissions_data(cache_directory):
        return None
    return cache.read_dataset(DATASET, cache_directory).frame


# ------------------------------------------------------------------------------ aggregation


def _empty(columns: tuple[str, ...]) -> pd.DataFrame:
    frame = pd.DataFrame({c: pd.Series(dtype="object") for c in columns})
    frame["period"] = frame["period"].astype("int64")
    frame["value"] = frame["value"].astype("float64")
    return frame


def _aggregate(frame: pd.DataFrame, dims: list[str], columns: tuple[str, ...]) -> pd.DataFrame:
    """Sum detailed rows per member, year and `dims`, then add the region's total (with_region_total).

    A group with any missing value is missing (NaN, ".."): a partial sum is not the total. A member that has a
    year but no rows for one of its sectors (the agency lists a sector without emissions as 0, with no detailed
    rows) counts as 0 in the region's total, not as missing."""
    if frame.empty:
        return _empty(columns)
    region = active_region()
    keys = ["region_code", "period", *dims]
    data = frame.assign(region_code=frame["region_code"].astype(str))
    groups = data.groupby(keys, sort=True)  # its reductions called directly: cheaper than a named aggregation
    grouped = groups["value"].sum().to_frame()
    grouped["missing"] = groups["value"].count() < groups.size()
    grouped = grouped.reset_index()
    grouped.loc[grouped["missing"], "value"] = math.nan
    municipal = grouped[grouped["region_code"].isin(region.member_codes)].drop(columns="missing")
    municipal = municipal.assign(region_name=municipal["region_code"].map(region.region_name))
    municipal["status"] = municipal["value"].isna().map({True: MISSING, False: ""})
    municipal = municipal[list(columns)]
    total = with_region_total(_zero_filled(municipal, dims), region)
    total = total[total["region_code"] == region.id]
    out = pd.concat([total, municipal], ignore_index=True)
    out["period"] = out["period"].astype("int64")
    out["value"] = out["value"].astype("float64")
    return out[list(columns)].reset_index(drop=True)


def _zero_filled(municipal: pd.DataFrame, dims: list[str]) -> pd.DataFrame:
    """Every member present in a year gets a row (value 0) for each `dims` value seen that year."""
    if not dims:
        return municipal
    present = municipal[["region_code", "region_name", "period"]].drop_duplicates()
    seen = municipal[["period", *dims]].drop_duplicates()
    grid = present.merge(seen, on="period")
    filled = grid.merge(municipal, on=["region_code", "region_name", "period", *dims], how="left")
    absent = filled["status"].isna()
    filled.loc[absent, "value"] = 0.0
    filled.loc[absent, "status"] = ""
    return filled[list(municipal.columns)]


def totals(frame: pd.DataFrame) -> pd.DataFrame:
    """Total emissions per region (the members and the region) and year, tidy (TOTAL_COLUMNS)."""
    return _aggregate(frame, [], TOTAL_COLUMNS)


def sector_totals(frame: pd.DataFrame) -> pd.DataFrame:
    """Emissions per region, year and sector, tidy (SECTOR_COLUMNS)."""
    return _aggregate(frame, ["sector"], SECTOR_COLUMNS)


def influence_totals(frame: pd.DataFrame) -> pd.DataFrame:
    """Emissions per region, year and influence class (INFLUENCE_WITHIN / _OUTSIDE / _UNCLASSIFIED)."""
    if frame.empty:
        return _empty(INFLUENCE_COLUMNS)
    return _aggregate(frame.assign(influence=frame["sector"].map(influence_of)), ["influence"], INFLUENCE_COLUMNS)


# ------------------------------------------------------------------------------ indicator functions


def _from_cache(
    build: Callable[[pd.DataFrame], pd.DataFrame],
    columns: tuple[str, ...],
    region: str | None,
    cache_directory: str | os.PathLike[str] | None,
) -> pd.DataFrame:
    """`build` over the imported emissions for `region`; an empty frame (never numbers) when none are."""
    frame = load_emissions(cache_directory)
    if frame is None:
        if region is not None:
            validate_region(region)
        return _empty(columns)
    return select_region(build(frame), region)


def emissions_total(region: str | None = None, cache_directory: str | os.PathLike[str] | None = None) -> pd.DataFrame:
    """Indicator for the goal board: total emissions (tonnes CO₂-eq.) per year, tidy (TOTAL_COLUMNS).

    `region` is a member's code or the region's id; None gives all. Empty frame when nothing is imported
    (or for regions the data does not cover, such as the county): never placeholder numbers."""
    return _from_cache(totals, TOTAL_COLUMNS, region, cache_directory)


def emissions_by_sector(
    region: str | None = None, cache_directory: str | os.PathLike[str] | None = None
) -> pd.DataFrame:
    """Emissions per region, year and sector (tonnes CO₂-eq.), for the page and for export."""
    return _from_cache(sector_totals, SECTOR_COLUMNS, region, cache_directory)


def emissions_by_influence(
    region: str | None = None, cache_directory: str | os.PathLike[str] | None = None
) -> pd.DataFrame:
    """Emissions split into sources largely within municipal influence and those mostly outside it."""
    return _from_cache(influence_totals, INFLUENCE_COLUMNS, region, cache_directory)


def per_person(emissions: pd.DataFrame, population: pd.DataFrame) -> pd.DataFrame:
    """Emissions per person: `emissions` (TOTAL_COLUMNS) divided by a population series for the same year.

    `population` is tidy (region_code, period, value): residents on 1 January, or full-year equivalents
    including part-time residents. The region's denominator is the sum of its members (with_region_total) when
    it is not given. Missing or zero population gives NaN with "..", never a guess."""
    if emissions.empty:
        return _empty(TOTAL_COLUMNS)
    region = active_region()
    pop = population[["region_code", "period", "value"]].copy()
    pop["region_code"] = pop["region_code"].astype(str)
    pop["period"] = pop["period"].astype("int64")
    if region.id not in set(pop["region_code"]):
        pop = _region_population(pop, region)
    merged = emissions.merge(
        pop.rename(columns={"value": "population"}), on=["region_code", "period"], how="left"
    )
    population_ok = merged["population"].notna() & (merged["population"] != 0)
    merged["value"] = (merged["value"] / merged["population"].where(population_ok)).astype("float64")
    merged["status"] = merged["value"].isna().map({True: MISSING, False: ""})
    return merged[list(TOTAL_COLUMNS)].reset_index(drop=True)


def _region_population(pop: pd.DataFrame, region: Region) -> pd.DataFrame:
    framed = pop.assign(region_name="", status="")
    out = with_region_total(framed, region)
    return out[["region_code", "period", "value"]]


def per_resident(totals: pd.DataFrame, population: pd.DataFrame | None) -> pd.DataFrame:
    """Emissions per resident (registered population 1 January the same year), tidy: `totals` is emissions_total
    of the region, `population` population_total of every region (None when it is not in the cache: then empty)."""
    if totals.empty or population is None:
        return per_person(totals.iloc[0:0], pd.DataFrame(columns=["region_code", "period", "value"]))
    return per_person(totals, population)


@dataclass(frozen=True)
class FullYearEstimate:
    """Emissions per full-year equivalent (residents + guest-days / 365) in one year: an estimate."""

    period: int
    emissions: float
    residents: float
    guest_days_per_year: float
    equivalents: float

    @property
    def per_equivalent(self) -> float:
        return self.emissions / self.equivalents


def full_year_estimate(
    totals: pd.DataFrame, population: pd.DataFrame, guest_days_per_year: float, region: str | None = None
) -> FullYearEstimate | None:
    """Emissions per full-year equivalent for the latest year with both emissions and population.

    Only for the region as a whole (`region` None = the active region): the plan's guest-day estimate covers
    the region, not its members. None for a member, or when no year has both numbers."""
    whole = active_region().id
    region = region or whole
    if region != whole:
        return None
    own = totals[(totals["region_code"] == region)].dropna(subset=["value"])
    pop = population[population["region_code"] == region].dropna(subset=["value"]).set_index("period")["value"]
    usable = own[own["period"].isin(pop.index)].sort_values("period")
    if usable.empty:
        return None
    row = usable.iloc[-1]
    period = int(row["period"])
    residents = float(pop.loc[period])
    equivalents = full_year_equivalents(residents, guest_days_per_year)
    if equivalents <= 0:
        return None
    return FullYearEstimate(period, float(row["value"]), residents, float(guest_days_per_year), equivalents)


def _complete_years(frame: pd.DataFrame) -> pd.Series:
    """Per period: whether every row has a number."""
    values = frame.groupby("period")["value"]
    return values.count() == values.size()


def largest_sector(frame: pd.DataFrame) -> tuple[str, int, float] | None:
    """(sector, year, share of the year's total) of the largest sector in the latest year where every sector has
    a number (`frame`: one region's SECTOR_COLUMNS); None when no year is complete."""
    totals = frame.groupby("period")["value"].sum(min_count=1)
    complete = _complete_years(frame)
    years = [int(p) for p in totals.index if complete[p] and pd.notna(totals[p])]
    if not years:
        return None
    year = max(years)
    top = frame[frame["period"] == year].sort_values("value", ascending=False).iloc[0]
    share = top["value"] / totals[year] if totals[year] else math.nan
    return str(top["sector"]), year, float(share)


def share_within_influence(frame: pd.DataFrame) -> tuple[int, float] | None:
    """(year, share) of emissions largely within municipal influence in the latest complete year (`frame`: one
    region's INFLUENCE_COLUMNS); None without such a year."""
    wide = frame.pivot_table(index="period", columns="influence", values="value", aggfunc="sum", dropna=False)
    complete = _complete_years(frame)
    years = [int(p) for p in wide.index if complete[p]]
    if not years or INFLUENCE_WITHIN not in wide.columns:
        return None
    year = max(years)
    total = wide.loc[year].sum()
    return year, float(wide.loc[year, INFLUENCE_WITHIN] / total) if total else math.nan


# ------------------------------------------------------------------------------ registry

# Shown on the goal board and in meeting mode: plain words, no commands (the Klima page explains the import).
NO_DATA = labels("emissions.NO_DATA", {
    "reason": "Utsleppstal er ikkje importerte enno. Miljødirektoratet har ikkje noko API; sida «Klima» forklarer "
              "korleis Excel-fila deira blir lasta inn.",
})
# worded where a goal is evaluated (GoalResult.reason is a str in the language of the page or report)
NO_DATA_REASON = NO_DATA.message("reason")

_emissions_indicator = indicator_family(unit=UNIT, datasets=(DATASET,), empty_message=NO_DATA_REASON)
INDICATORS = [
    _emissions_indicator(id="emissions_total", title="Klimagassutslepp i alt", compute=emissions_total),
    _emissions_indicator(id="emissions_by_sector", title="Klimagassutslepp etter sektor", compute=emissions_by_sector),
    _emissions_indicator(id="emissions_by_influence", title="Klimagassutslepp innanfor og utanfor kommunal påverknad",
                         compute=emissions_by_influence),
]
