"""Is an imported file believable for the municipalities it claims to be? Checked before anything replaces the
cache (issue 12, item 1); an implausible file is refused with the numbers that made it so, unless the caller
accepts it explicitly, and then the acceptance is recorded in the manifest.

Tonnes CO₂-equivalents per resident must lie within MIN/MAX_TONNES_PER_RESIDENT. Norwegian municipalities'
territorial emissions (Miljødirektoratet, "Klimagassutslipp fra kommuner") run from about 1.3 t per resident
(the capital in 2024: 944 853 t for about 720 000 residents, the lowest there is: a city with little industry
or farming) to roughly 100 t in the few small municipalities that host a gas terminal or a large industrial
plant. 0.5–150 t leaves generous room on both sides; a per-municipality file relabelled to another member (the
capital's figures named as a small municipality give about 210 t per resident) falls outside.

The population is the cached population dataset's (indicators.population.population_total) for the same year,
or the nearest year it has; without a population dataset the check is skipped and the preview says so.
"""

from __future__ import annotations

import os
from typing import Any

import pandas as pd

from indicators import cache
from indicators.formatting import format_number
from indicators.i18n import labels
from indicators.model import Dataset
from indicators.population import population_total
from indicators.regions import active_region

MIN_TONNES_PER_RESIDENT = 0.5
MAX_TONNES_PER_RESIDENT = 150.0
POPULATION_DATASET = "population"
_SHOWN_PROBLEMS = 8

# The plausibility check's findings and notes: in the language active where they are made or shown.
MESSAGES = labels("miljodirektoratet.PLAUSIBILITY", {
    "no_population": "Folketalet ligg ikkje i mellomlageret, så utsleppa per innbyggjar er ikkje kontrollerte mot det "
                     "som er rimeleg for ein kommune.",
    "of_year": " (folketal frå {year})",
    "per_resident": "{place} {period}: {tonnes} tonn CO₂-ekv. for {residents} innbyggjarar{of_year} er {per} tonn "
                    "per innbyggjar; norske kommunar ligg mellom {low} og {high} tonn.",
    "more": " (og {count} til)",
})
NO_POPULATION_NOTE = MESSAGES.message("no_population")


def _population(cache_directory: str | os.PathLike[str] | None) -> pd.DataFrame | None:
    if not cache.has_dataset(POPULATION_DATASET, cache_directory):
        return None
    try:
        return population_total(cache_directory=cache_directory)
    except (cache.CacheError, ValueError, KeyError, OSError):
        return None


def _nearest(series: pd.Series, year: int) -> tuple[int, float] | None:
    """(year, residents) for `year`, else the nearest year with a number."""
    known = series.dropna()
    known = known[known > 0]
    if known.empty:
        return None
    nearest = min(known.index, key=lambda y: (abs(int(y) - year), -int(y)))
    return int(nearest), float(known.loc[nearest])


def per_resident_problems(frame: pd.DataFrame, population: pd.DataFrame) -> list[str]:
    """Municipality-years whose tonnes per resident lie outside the plausible range, with the numbers."""
    region = active_region()
    totals = frame.groupby(["region_code", "period"])["value"].sum(min_count=1).dropna()
    problems = []
    for (code, period), total in totals.items():
        residents = population[population["region_code"] == code].set_index("period")["value"]
        found = _nearest(residents, int(period))
        if found is None:
            continue
        year, count = found
        per = total / count
        if MIN_TONNES_PER_RESIDENT <= per <= MAX_TONNES_PER_RESIDENT:
            continue
        of_year = "" if year == int(period) else str(MESSAGES.message("of_year", year=year))
        problems.append(str(MESSAGES.message(
            "per_resident", place=region.region_name(str(code)), period=int(period), tonnes=format_number(total),
            residents=format_number(count), of_year=of_year, per=format_number(per, 1),
            low=format_number(MIN_TONNES_PER_RESIDENT, 1), high=format_number(MAX_TONNES_PER_RESIDENT))))
    return problems


def check_plausibility(
    incoming: Dataset, cache_directory: str | os.PathLike[str] | None = None
) -> tuple[list[str], list[str]]:
    """(problems, notes): the findings that make the incoming file implausible (Nynorsk, with the numbers), and
    what could not be checked."""
    extra: dict[str, Any] = incoming.provenance.extra or {}
    problems = [f for record in extra.get("files", []) for f in record.get("findings", [])]
    notes = []
    population = _population(cache_directory)
    if population is None:
        notes.append(str(NO_POPULATION_NOTE))
    else:
        problems.extend(per_resident_problems(incoming.frame, population))
    return problems, notes


def problem_text(problems: list[str]) -> str:
    shown = problems[:_SHOWN_PROBLEMS]
    more = len(problems) - len(shown)
    return " ".join(shown) + (str(MESSAGES.message("more", count=more)) if more else "")
