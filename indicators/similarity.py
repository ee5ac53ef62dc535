"""Similar municipalities and regions: which places are most like a given one on a stated set of measures.

The measures (MEASURES, in this order) are the ones the issue names, each from the snapshot's own tables:

- size: residents on 1 January of the latest year (compared on a log scale: 1 000 against 2 000 residents is as
  far apart as 10 000 against 20 000),
- age structure: the share aged 65 and over, and the share aged 0–19, on 1 January of the latest year,
- growth: the change in residents over the last ten years,
- jobs per resident: jobs located in the place per 100 residents aged 15–74 (latest employment year),
- commuting: the share of employed residents who work outside the place (latest commuting year; for a region,
  outside the region, so a move between two of its municipalities is not commuting out).

Method: every measure is standardised over all municipalities (minus the mean, divided by the standard deviation),
so each counts the same; the distance between two places is the Euclidean distance between their standardised
measures (0 = the same on every measure; about 1 per measure for an average pair apart). A region (the active
one or a peer) is measured as the sum of its municipalities, then standardised with the municipalities' means
and deviations. A place without a value on any measure gets no distance. This is a way to find places worth
comparing with, as Kolada's «liknande kommunar»; not a judgement.

Pure functions on tidy frames; the caller reads the tables (only those it needs).
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd

MEASURES: tuple[str, ...] = (
    "residents", "share_65_plus", "share_0_19", "growth_10_years", "jobs_per_100", "out_commuting_share",
)
LOG_MEASURES = frozenset({"residents"})  # compared on a log scale
GROWTH_YEARS = 10


def _by_code(frame: pd.DataFrame, period: int) -> pd.Series:
    rows = frame[frame["period"] == period].dropna(subset=["value"])
    return rows.groupby("region_code")["value"].sum(min_count=1)


def _sum_over(series: pd.Series, members: tuple[str, ...]) -> float:
    """The sum over the members; NaN when any member has no value (a partial sum is not a figure)."""
    values = series.reindex(list(members))
    return float("nan") if values.isna().any() else float(values.sum())


def measure_table(
    population: pd.DataFrame,
    age_groups: pd.DataFrame,
    employment: pd.DataFrame,
    flows: pd.DataFrame,
    units: Mapping[str, tuple[str, ...]],
    names: Mapping[str, str],
) -> pd.DataFrame:
    """The measures of every unit (a municipality: itself; a region: its municipalities), one row per unit:
    region_code, region_name, the MEASURES, and the years they are from (year, growth_from, work_year,
    commuting_year).

    population: population_total rows (region_code, period, value); age_groups: population_by_age_group rows
    (region_code, age_group 0-19/20-64/65+, period, value); employment: rows with `measure` jobs_by_workplace and
    residents_15_74; flows: commuting (region_code = residence, workplace_code, period, value)."""
    year = int(population.dropna(subset=["value"])["period"].max())
    growth_from = year - GROWTH_YEARS
    work_year = int(employment.dropna(subset=["value"])["period"].max())
    commuting_year = int(flows.dropna(subset=["value"])["period"].max())
    residents = _by_code(population, year)
    residents_before = _by_code(population, growth_from)
    old = _by_code(age_groups[age_groups["age_group"] == "65+"], year)
    young = _by_code(age_groups[age_groups["age_group"] == "0-19"], year)
    jobs = _by_code(employment[employment["measure"] == "jobs_by_workplace"], work_year)
    working_age = _by_code(employment[employment["measure"] == "residents_15_74"], work_year)
    latest_flows = flows[flows["period"] == commuting_year].dropna(subset=["value"])
    home = latest_flows["region_code"].astype(str).to_numpy()
    work = latest_flows["workplace_code"].astype(str).to_numpy()
    value = latest_flows["value"].astype(float).to_numpy()
    rows = []
    for code, members in units.items():
        people = _sum_over(residents, members)
        before = _sum_over(residents_before, members)
        at_home = np.isin(home, members)
        employed = float(value[at_home].sum()) if at_home.any() else float("nan")
        outside = float(value[at_home & ~np.isin(work, members)].sum()) if at_home.any() else float("nan")
        workers = _sum_over(working_age, members)
        rows.append({
            "region_code": code,
            "region_name": names.get(code, code),
            "residents": people,
            "share_65_plus": _sum_over(old, members) / people if people else float("nan"),
            "share_0_19": _sum_over(young, members) / people if people else float("nan"),
            "growth_10_years": people / before - 1 if before else float("nan"),
            "jobs_per_100": 100 * _sum_over(jobs, members) / workers if workers else float("nan"),
            "out_commuting_share": outside / employed if employed else float("nan"),
            "year": year, "growth_from": growth_from, "work_year": work_year, "commuting_year": commuting_year,
        })
    return pd.DataFrame(rows)


def standardised(table: pd.DataFrame, reference: pd.DataFrame) -> pd.DataFrame:
    """The MEASURES of `table` as z-scores with the mean and standard deviation of `reference` (the
    municipalities); the log of the size measures first. Index: region_code."""
    def scale(frame: pd.DataFrame) -> pd.DataFrame:
        out = frame.set_index("region_code")[list(MEASURES)].astype(float)
        for column in LOG_MEASURES:
            out[column] = np.log10(out[column].where(out[column] > 0))
        return out

    ref = scale(reference)
    mean, spread = ref.mean(), ref.std(ddof=0).replace(0, np.nan)
    return (scale(table) - mean) / spread


def distances(table: pd.DataFrame, reference: pd.DataFrame, code: str, candidates: list[str] | None = None,
              ) -> pd.DataFrame:
    """Every other unit of `table` (or only `candidates`) with its distance to `code`, nearest first: the rows
    of `table` plus `distance`. Units without a value on a measure (or `code` itself) are left out."""
    z = standardised(table, reference)
    if code not in z.index or z.loc[code].isna().any():
        return table.iloc[0:0].assign(distance=pd.Series(dtype=float))
    others = z.drop(index=code)
    if candidates is not None:
        others = others[others.index.isin(candidates)]
    others = others.dropna()
    gap = np.sqrt(((others - z.loc[code]) ** 2).sum(axis=1))
    out = table.set_index("region_code").loc[gap.index].assign(distance=gap).reset_index()
    return out.sort_values(["distance", "region_name"], kind="stable").reset_index(drop=True)


def most_similar(table: pd.DataFrame, reference: pd.DataFrame, code: str, count: int = 5,
                 candidates: list[str] | None = None) -> pd.DataFrame:
    """The `count` units nearest to `code` (see `distances`)."""
    return distances(table, reference, code, candidates).head(count)
