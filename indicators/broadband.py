"""Fibre coverage from Nkom's broadband survey: the share of households (members, the survey year's county,
the country) and of holiday homes (county, country) offered fibre.

A share cannot be summed, and the survey gives no household counts to weigh the members with: asked for the
region as a whole, the indicator gives its members' rows (the region has no figure of its own)."""

from __future__ import annotations

import pandas as pd

from indicators.aggregate import view_scope
from indicators.cache import CacheDirectory, read_dataset
from indicators.datasets import FIBRE_COVERAGE
from indicators.jobs import with_rows_for
from indicators.model import IndicatorSpec
from indicators.municipality_codes import is_municipality_code
from indicators.regions import active_region

PREMISES = ("households", "holiday_homes")


def members_or_rows_for(frame: pd.DataFrame, region: str | None) -> pd.DataFrame:
    """The rows of `region`; for the region or a peer as a whole (no total of shares), its members' rows."""
    active = active_region()
    if region in active.composites:
        return frame[frame["region_code"].isin(active.composites[region])].reset_index(drop=True)
    return with_rows_for(frame, region)


def fibre_coverage(
    region: str | None = None, premises: str = "households", cache_directory: CacheDirectory = None
) -> pd.DataFrame:
    """Share (%) of households (premises="households") or holiday homes ("holiday_homes") offered fibre."""
    if premises not in PREMISES:
        raise ValueError(f"Ukjend «{premises}»: bruk {' eller '.join(PREMISES)}.")
    # the municipalities of the view, and every county and the country (the survey's own county, 30 Viken in
    # 2022, is kept beside the region file's)
    frame = read_dataset(FIBRE_COVERAGE, cache_directory).frame
    frame = frame[frame["region_code"].isin(view_scope(region)) | ~frame["region_code"].map(is_municipality_code)]
    frame = frame[frame["premises"] == premises].sort_values(["region_code", "period"])
    return members_or_rows_for(frame, region)


INDICATORS = [
    IndicatorSpec(
        id="fibre_coverage",
        title="Husstandar med tilbod om fiber",
        unit="prosent",
        datasets=(FIBRE_COVERAGE,),
        compute=fibre_coverage,
        params={"premises": PREMISES},
        period_label="1. halvår {year}",
    ),
]
