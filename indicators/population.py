"""Population indicators from SSB 07459 (and the 14288 projection), for every region of the dashboard.

The snapshot holds every municipality, county and the country; a call reads only the regions it needs: `region`
(the region, a peer, a member or any municipality, the county, the country), or with neither `region` nor `codes`
the default view (the members and the comparisons). `codes` (e.g. every municipality, for ranks) reads those
codes; the region's and the peers' totals are added where their members are among them.
"""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd

from indicators.ages import (
    DEFAULT_WORKING_AGE,
    FINE_GROUPS,
    PLAN_GROUPS,
    WORKING_AGE_CHOICES,
    AgeBand,
    parse_age_band,
)
from indicators.aggregate import mark_estimates, read_scope, select_region, with_region_total
from indicators.cache import CacheDirectory, read_dataset
from indicators.model import indicator_family

POPULATION = "population"
PROJECTION = "population_projection"
WORKING_AGE_POPULATION = "working_age_population"


def _population(cache_directory: CacheDirectory, region: str | None = None,
                codes: Iterable[str] | None = None) -> pd.DataFrame:
    frame = read_dataset(POPULATION, cache_directory, regions=read_scope(region, codes)).frame
    frame["age"] = frame["age"].astype(int)
    return frame


def _sum_ages(frame: pd.DataFrame, band: AgeBand, sex: str = "total") -> pd.DataFrame:
    return _complete_sums(frame[(frame["sex"] == sex) & frame["age"].between(band.low, band.high)])


def _complete_sums(rows: pd.DataFrame) -> pd.DataFrame:
    """Per region and period the sum of `value`, missing (NaN, SSB's "..") where any value in it is: a band with a
    missing one-year age is missing as a whole. Vectorised, as every municipality's rows pass here."""
    grouped = rows.groupby(["region_code", "region_name", "period"], sort=True)
    incomplete = (grouped["value"].count() < grouped.size()).to_numpy()
    out = grouped["value"].sum().reset_index()
    out.loc[incomplete, "value"] = float("nan")
    out["status"] = [".." if bad else "" for bad in incomplete]
    return out


def population_total(region: str | None = None, cache_directory: CacheDirectory = None,
                     codes: Iterable[str] | None = None) -> pd.DataFrame:
    """Population 1 January, all ages, per region (the members, the region as a whole, the comparison regions)."""
    frame = _population(cache_directory, region, codes)
    out = _complete_sums(frame[frame["sex"] == "total"])
    return mark_estimates(select_region(with_region_total(out), region), cache_directory)


def working_age_population(
    region: str | None = None, ages: str = DEFAULT_WORKING_AGE, cache_directory: CacheDirectory = None,
    codes: Iterable[str] | None = None,
) -> pd.DataFrame:
    """Residents in working age (default 20–64, the plan's grouping) on 1 January."""
    band = parse_age_band(ages)
    out = _sum_ages(_population(cache_directory, region, codes), band)
    out.insert(3, "age_group", band.code)
    return mark_estimates(select_region(with_region_total(out), region), cache_directory)


def population_by_age_group(
    region: str | None = None, groups: str = "plan", cache_directory: CacheDirectory = None,
    codes: Iterable[str] | None = None,
) -> pd.DataFrame:
    """Population by age group: the plan's 0–19 / 20–64 / 65+ ("plan") or finer bands ("fine")."""
    if groups not in ("plan", "fine"):
        raise ValueError(f"Ukjend inndeling «{groups}»: bruk plan eller fine.")
    frame = _population(cache_directory, region, codes)
    parts = []
    for code in PLAN_GROUPS if groups == "plan" else FINE_GROUPS:
        band = parse_age_band(code)
        part = _sum_ages(frame, band)
        part.insert(3, "age_group", band.code)
        parts.append(part)
    out = pd.concat(parts, ignore_index=True)
    return mark_estimates(select_region(with_region_total(out), region), cache_directory)


def age_pyramid(region: str, year: int, band_width: int = 5, cache_directory: CacheDirectory = None) -> pd.DataFrame:
    """Women and men by age band for one year: columns sex, age_group, age_low, value."""
    frame = _population(cache_directory, region)
    frame = frame[(frame["period"] == year) & (frame["sex"] != "total")]
    frame = with_region_total(frame)
    frame = select_region(frame, region)
    frame = frame.assign(age_low=(frame["age"].clip(upper=90) // band_width) * band_width)
    out = frame.groupby(["sex", "age_low"], sort=True)["value"].sum(min_count=1).reset_index()
    out["age_group"] = [f"{a}–{a + band_width - 1}" if a < 90 else "90+" for a in out["age_low"]]
    return out


def available_years(cache_directory: CacheDirectory = None) -> list[int]:
    """The years of the default view (the members and the comparisons)."""
    return sorted(_population(cache_directory)["period"].unique().tolist())


def population_projection(region: str | None = None, cache_directory: CacheDirectory = None) -> pd.DataFrame:
    """Registered population (07459) and SSB's projection (14288), told apart by the column `series`.

    Years with both (2025, 2026) keep both rows: the gap between them is worth seeing."""
    registered = population_total(region, cache_directory=cache_directory)
    registered = registered.assign(series="registered")
    projected = read_dataset(PROJECTION, cache_directory).frame
    projected = with_region_total(projected)
    # projected years that are also registered are kept: they show how the projection has held up
    regions = set(projected["region_code"])
    registered = registered[registered["region_code"].isin(regions)]
    columns = ["region_code", "region_name", "series", "period", "value", "status"]
    out = pd.concat([registered[columns], projected[columns]], ignore_index=True)
    return select_region(out.sort_values(["region_code", "period"]), region)


_population_indicator = indicator_family(unit="personar", datasets=(POPULATION,), period_label="1. januar {year}")
INDICATORS = [
    _population_indicator(id="population_total", title="Folketal", compute=population_total),
    _population_indicator(id=WORKING_AGE_POPULATION, title="Innbyggjarar i yrkesaktiv alder",
                          compute=working_age_population, params={"ages": WORKING_AGE_CHOICES}),
    _population_indicator(id="population_by_age_group", title="Folketal etter aldersgruppe",
                          compute=population_by_age_group, params={"groups": ("plan", "fine")}),
    _population_indicator(id="population_projection", title="Folketal og framskriving",
                          compute=population_projection, datasets=(POPULATION, PROJECTION)),
]
