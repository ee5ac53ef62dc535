"""Jobs: the plan's goal "Auke i talet på arbeidsplassar" and the employment figures around it.

Datasets (indicators.sources.all_municipalities for the snapshot, indicators.sources.ssb_jobs for a refresh):
  employment        SSB 11618, age 15–74, 4th quarter: residents, employed by residence, jobs by workplace
  jobs_by_industry  SSB 13470: jobs by workplace and industry (SN2007); only after a refresh

"Jobs" are employed persons aged 15–74 counted at their workplace (SSB's "sysselsette etter arbeidsstad"). The
region is the sum of its member municipalities (indicators.aggregate.with_region_total). Commuting (SSB 03321)
is in indicators.commuting; names of municipalities outside the region in indicators.municipality_names.
"""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd

from indicators.aggregate import (
    MISSING_PART_STATUS,
    mark_estimates,
    read_scope,
    select_region,
    view_scope,
    with_region_total,
)
from indicators.cache import CacheDirectory, has_dataset, read_dataset
from indicators.model import indicator_family
from indicators.regions import active_region

EMPLOYMENT = "employment"
JOBS_BY_INDUSTRY = "jobs_by_industry"

PERIOD_LABEL = "4. kvartal {year}"
JOBS_INDICATOR = "jobs_total"  # the plan's jobs goal is the one measured by this (Plan.measured_by)

# Measures in the employment dataset (SSB 11618)
RESIDENTS = "residents_15_74"
EMPLOYED_BY_RESIDENCE = "employed_by_residence"
JOBS = "jobs_by_workplace"
# Derived measures
JOBS_PER_100 = "jobs_per_100_residents"
EMPLOYMENT_RATE = "employment_rate"


class NoDataForRegionError(LookupError):
    """A region the dashboard knows (the county, the country) that a dataset has no rows for (Nynorsk message
    naming the regions it has), so a goal says why it has no status and an export can fail instead of writing
    an empty file."""

    def __init__(self, region: str, available: Iterable[str]):
        self.region = region
        self.available = tuple(dict.fromkeys(available))
        names = active_region().names
        listed = ", ".join(names.get(code, code) for code in self.available)
        super().__init__(f"Datasettet har ikkje tal for {names.get(region, region)} (berre for {listed}).")


def with_rows_for(frame: pd.DataFrame, region: str | None) -> pd.DataFrame:
    """`select_region`, but a known region without any row raises NoDataForRegionError (not an empty frame)."""
    selected = select_region(frame, region)
    if region is not None and selected.empty:
        region_first = active_region().selectable
        # a frame read for this region alone is empty: the region's own parts are what such a dataset has
        present = set(frame["region_code"]) if not frame.empty else set(region_first)
        ordered = [c for c in region_first if c in present] + sorted(present - set(region_first))
        raise NoDataForRegionError(region, ordered)
    return selected


def latest_known(series: pd.DataFrame) -> tuple[int | None, float | None]:
    """(period, value) of the latest year with a number; (None, None) without any. For a frame of several
    regions the period is the latest any of them has (the value is then one of theirs)."""
    known = series.dropna(subset=["value"]).sort_values("period", kind="stable")
    if known.empty:
        return None, None
    return int(known["period"].iloc[-1]), float(known["value"].iloc[-1])


# --- employment (SSB 11618) ------------------------------------------------------------------------------


def employment(cache_directory: CacheDirectory = None, region: str | None = None,
               codes: Iterable[str] | None = None) -> pd.DataFrame:
    """The employment dataset with the region's (and the peers') totals added (measure column kept), for the
    regions a view needs (indicators.aggregate.read_scope: `region`, `codes`, else the default view)."""
    scope = view_scope(region) if codes is None else read_scope(region, codes)
    return with_region_total(read_dataset(EMPLOYMENT, cache_directory, regions=scope).frame)


def _measure(frame: pd.DataFrame, measure: str) -> pd.DataFrame:
    rows = frame[frame["measure"] == measure]
    return rows[["region_code", "region_name", "period", "value", "status"]].reset_index(drop=True)


def ratio(numerator: pd.DataFrame, denominator: pd.DataFrame, scale: float = 100.0) -> pd.DataFrame:
    """numerator / denominator × scale per region and period; missing when either part is missing or 0."""
    keys = ["region_code", "region_name", "period"]
    both = numerator.merge(denominator, on=keys, how="outer", suffixes=("_n", "_d"))
    usable = both["value_n"].notna() & both["value_d"].notna() & (both["value_d"] != 0)
    value = (both["value_n"] / both["value_d"] * scale).where(usable)
    status_n, status_d = both["status_n"].fillna(""), both["status_d"].fillna("")
    status = status_n.where(status_n != "", status_d).where(~usable, "")
    status = status.where(usable | (status != ""), MISSING_PART_STATUS)
    out = both[keys].assign(value=value.astype("float64"), status=status.astype(object))
    return out.sort_values(["region_code", "period"], ignore_index=True)


def jobs_total(region: str | None = None, cache_directory: CacheDirectory = None,
               codes: Iterable[str] | None = None) -> pd.DataFrame:
    """Jobs (employed persons 15–74 by workplace, 4th quarter) per municipality and for the region."""
    out = _measure(employment(cache_directory, region, codes), JOBS)
    return mark_estimates(with_rows_for(out.sort_values(["region_code", "period"]), region), cache_directory)


def jobs_by_workplace(region: str | None = None, cache_directory: CacheDirectory = None,
                      codes: Iterable[str] | None = None) -> pd.DataFrame:
    """Jobs and jobs per 100 residents aged 15–74 (column `measure`: jobs_by_workplace / jobs_per_100_residents)."""
    frame = employment(cache_directory, region, codes)
    jobs = _measure(frame, JOBS)
    per_100 = ratio(jobs, _measure(frame, RESIDENTS))
    out = pd.concat([jobs.assign(measure=JOBS), per_100.assign(measure=JOBS_PER_100)], ignore_index=True)
    out = out[["region_code", "region_name", "measure", "period", "value", "status"]]
    return mark_estimates(with_rows_for(out.sort_values(["region_code", "measure", "period"]), region),
                          cache_directory)


def employed_by_residence(region: str | None = None, cache_directory: CacheDirectory = None,
                          codes: Iterable[str] | None = None) -> pd.DataFrame:
    """Employed by residence, residents 15–74 and the employment rate in per cent (column `measure`)."""
    frame = employment(cache_directory, region, codes)
    employed = _measure(frame, EMPLOYED_BY_RESIDENCE)
    residents = _measure(frame, RESIDENTS)
    rate = ratio(employed, residents)
    out = pd.concat(
        [employed.assign(measure=EMPLOYED_BY_RESIDENCE), residents.assign(measure=RESIDENTS),
         rate.assign(measure=EMPLOYMENT_RATE)],
        ignore_index=True,
    )
    out = out[["region_code", "region_name", "measure", "period", "value", "status"]]
    return mark_estimates(with_rows_for(out.sort_values(["region_code", "measure", "period"]), region),
                          cache_directory)


# --- jobs by industry (SSB 13470, only after a refresh) --------------------------------------------------


def industry_view_available(cache_directory: CacheDirectory = None) -> bool:
    """Whether jobs by industry have been fetched (the committed snapshot does not have them)."""
    return has_dataset(JOBS_BY_INDUSTRY, cache_directory)


def jobs_by_industry(region: str | None = None, cache_directory: CacheDirectory = None) -> pd.DataFrame:
    """Jobs by industry (SN2007) per municipality and for the region. Raises CacheError before a refresh."""
    frame = read_dataset(JOBS_BY_INDUSTRY, cache_directory).frame
    out = with_region_total(frame)
    return with_rows_for(out.sort_values(["region_code", "industry", "period"]), region)


def industry_change(frame: pd.DataFrame, base_period: int, latest_period: int) -> pd.DataFrame:
    """Per industry: jobs in two years and the change (persons and ratio), largest growth first; `frame` is
    jobs_by_industry of one region."""
    keys = ["industry", "industry_name"]
    base = frame[frame["period"] == base_period].set_index(keys)["value"].rename("base_value")
    latest = frame[frame["period"] == latest_period].set_index(keys)["value"].rename("latest_value")
    out = pd.concat([base, latest], axis=1).reset_index()
    out["change"] = out["latest_value"] - out["base_value"]
    out["change_ratio"] = (out["change"] / out["base_value"]).where(out["base_value"] > 0)
    return out.sort_values(["change", "industry"], ascending=[False, True], ignore_index=True)


_jobs_indicator = indicator_family(datasets=(EMPLOYMENT,), period_label=PERIOD_LABEL)
INDICATORS = [
    _jobs_indicator(id=JOBS_INDICATOR, title="Arbeidsplassar", unit="arbeidsplassar", compute=jobs_total),
    _jobs_indicator(id="jobs_by_workplace", title="Arbeidsplassar og arbeidsplassar per 100 innbyggjarar 15–74 år",
                    unit="personar / per 100 innbyggjarar 15–74 år", compute=jobs_by_workplace),
    _jobs_indicator(id="employed_by_residence", title="Sysselsette etter bustad og sysselsetjingsdel",
                    unit="personar / prosent", compute=employed_by_residence),
    _jobs_indicator(id=JOBS_BY_INDUSTRY, title="Arbeidsplassar etter næring (SN2007)", unit="arbeidsplassar",
                    compute=jobs_by_industry,
                    datasets=(JOBS_BY_INDUSTRY,)),  # only after `python -m indicators refresh jobs_by_industry`
]
