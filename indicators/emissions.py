"""Greenhouse-gas emissions (Miljødirektoratet): totals, sectors, municipal influence and the plan's goal.

Reads the cached "emissions" dataset written by indicators.sources.miljodirektoratet. Never shows a number
that is not in the imported file: with no file imported, the indicator functions return empty frames and
the page shows EMPTY_STATE_TEXT.

The goal's numbers (baseline year, target year, target change) are plan/goals.toml's goal GOAL_ID, and its
progress is indicators.goals.evaluate_goal's: the goal board and the Klima page read the same evaluation.

Hallingdal is the sum of the six municipalities, and only for years where all six are in the data; other
years get NaN with status "..". A municipality-year with a missing (empty) cell is missing as a whole.
"""

from __future__ import annotations

import math
import os
from collections.abc import Callable
from dataclasses import dataclass

import pandas as pd

from indicators import cache, progress, regions
from indicators.aggregate import select_region
from indicators.formatting import format_number, format_percent
from indicators.goals import (
    Goal,
    GoalFileError,
    GoalResult,
    Plan,
    evaluate_goal,
    load_plan,
    measured_goal,
    measured_goal_missing_text,
)
from indicators.registry import IndicatorSpec

DATASET = "emissions"
UNIT = "tonn CO₂-ekvivalentar"
PER_PERSON_UNIT = "tonn CO₂-ekvivalentar per person"

# The plan's goal in plan/goals.toml ("Dei totale klimautsleppa er redusert med 25% frå referanseåret 2009");
# its numbers are read from there, never repeated here.
GOAL_ID = "klima-utslepp-25"
GOAL_INDICATOR = "emissions_total"

TOTAL_COLUMNS: tuple[str, ...] = ("region_code", "region_name", "period", "value", "status")
SECTOR_COLUMNS: tuple[str, ...] = ("region_code", "region_name", "period", "sector", "value", "status")
INFLUENCE_COLUMNS: tuple[str, ...] = ("region_code", "region_name", "period", "influence", "value", "status")

MISSING = ".."

HALLINGDAL_INCOMPLETE_NOTE = (
    "Hallingdal er summen av dei seks kommunane og blir berre rekna ut for år der alle seks finst i dei "
    "importerte dataa. Andre år står som manglande («..»)."
)

# ------------------------------------------------------------------------------ municipal influence

INFLUENCE_WITHIN = "within"
INFLUENCE_OUTSIDE = "outside"
INFLUENCE_UNCLASSIFIED = "unclassified"

INFLUENCE_LABELS: dict[str, str] = {
    INFLUENCE_WITHIN: "I stor grad innanfor kommunal påverknad",
    INFLUENCE_OUTSIDE: "For det meste utanfor kommunal påverknad",
    INFLUENCE_UNCLASSIFIED: "Ikkje klassifisert",
}

ROAD_TRAFFIC_NOTE = (
    "Gjennomgangstrafikk på riks- og europavegar ligg for det meste utanfor det kommunen kan påverke, men "
    "Miljødirektoratet sine tal skil han ikkje ut: han er ein del av sektoren Veitrafikk. Heile Veitrafikk er "
    "difor rekna som innanfor kommunal påverknad, sjølv om ein del av han i praksis ligg utanfor."
)

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

SECTOR_INFLUENCE_REASONS: dict[str, str] = {
    "Industri, olje og gass": (
        "Mykje av utsleppa frå industri er omfatta av kvotesystemet (EUs klimakvotesystem) og blir styrte av "
        "nasjonal og europeisk politikk, ikkje av kommunen. Tala skil ikkje kvotepliktige frå andre utslepp i "
        "sektoren, så heile sektoren er rekna som utanfor."
    ),
    "Luftfart": "Luftfart blir regulert nasjonalt og internasjonalt; kommunen har lite å seie for utsleppa.",
    "Sjøfart": "Sjøfart blir regulert nasjonalt og internasjonalt; kommunen har lite å seie for utsleppa.",
    "Veitrafikk": (
        "Lokal trafikk kan kommunen påverke gjennom arealplanlegging, kollektivtilbod og ladeinfrastruktur. "
        + ROAD_TRAFFIC_NOTE
    ),
    "Oppvarming": "Kommunen påverkar oppvarming gjennom eigne bygg, arealplanar og rettleiing.",
    "Avfall og avløp": "Avfall og avløp er kommunale tenester.",
    "Annen mobil forbrenning": (
        "Anleggsmaskiner, snøscooterar og liknande: kommunen påverkar mellom anna gjennom eigne innkjøp og "
        "krav i eigne bygg- og anleggsprosjekt."
    ),
    "Jordbruk": "Kommunen kan påverke gjennom landbruksforvaltning og rettleiing, sjølv om mykje blir styrt nasjonalt.",
    "Energiforsyning": "Kommunen påverkar gjennom eigne energiselskap, fjernvarme og arealplanar.",
    "Produkter med fluorgasser": "Kommunen påverkar gjennom eigne innkjøp og avfallshandtering.",
}

INFLUENCE_EXPLANATION = (
    "Miljødirektoratet peikar på at nokre utslepp i stor grad ligg utanfor det ein kommune kan styre: "
    "industri i kvotesystemet, gjennomgangstrafikk på riks- og europavegar, luftfart og sjøfart. Her er "
    "sektorane **Industri, olje og gass**, **Luftfart** og **Sjøfart** rekna som *for det meste utanfor "
    "kommunal påverknad*, og resten som *i stor grad innanfor*.\n\n" + ROAD_TRAFFIC_NOTE
)

EMPTY_STATE_TEXT = """\
**Ingen utsleppsdata er importert enno.**

Miljødirektoratet publiserer klimagassutslepp for kommunane i tenesta «Klimagassutslipp fra kommuner»,
men har ikkje noko API som dashbordet kan hente frå. Difor må fila lastast ned og importerast for hand:

1. Opne <https://www.miljodirektoratet.no/tjenester/klimagassutslipp-kommuner/>.
2. Vel ein av kommunane (Flå, Nesbyen, Gol, Hemsedal, Ål eller Hol) og last ned Excel-fila
   (til dømes *Utslippsregnskap_Hol.xlsx*), eller last ned fila med alle kommunane
   (*utslippsstatistikk_alle_kommuner.xlsx*). For summen for Hallingdal trengst alle seks kommunane,
   frå same utgåve.
3. Importer fila på sida **Klima** (steget «Importer»), eller i ein terminal:
   `python -m indicators import-emissions FIL`

Målet for klimautsleppa står som «Manglar data» til ei fil er importert.
"""


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
    """Sum detailed rows per municipality, year and `dims`, then add Hallingdal for complete years.

    A group with any missing value is missing (NaN, ".."): a partial sum is not the total."""
    if frame.empty:
        return _empty(columns)
    keys = ["region_code", "period", *dims]
    data = frame.assign(_missing=frame["value"].isna())
    grouped = data.groupby(keys, sort=True).agg(value=("value", "sum"), missing=("_missing", "any")).reset_index()
    grouped.loc[grouped["missing"], "value"] = math.nan
    grouped = grouped.drop(columns="missing")
    grouped["region_code"] = grouped["region_code"].astype(str)

    present = data.groupby("period")["region_code"].agg(lambda s: set(map(str, s)))
    complete = {int(p) for p, codes in present.items() if set(regions.MUNICIPALITY_CODES) <= codes}
    municipal = grouped[grouped["region_code"].isin(regions.MUNICIPALITY_CODES)]
    hall_keys = ["period", *dims]
    hallingdal = (
        municipal.assign(_missing=municipal["value"].isna())
        .groupby(hall_keys, sort=True)
        .agg(value=("value", "sum"), missing=("_missing", "any"))
        .reset_index()
    )
    incomplete = hallingdal["missing"] | ~hallingdal["period"].astype(int).isin(complete)
    hallingdal.loc[incomplete, "value"] = math.nan
    hallingdal = hallingdal.drop(columns="missing").assign(region_code=regions.HALLINGDAL)

    out = pd.concat([hallingdal, municipal], ignore_index=True)
    out["period"] = out["period"].astype("int64")
    out["value"] = out["value"].astype("float64")
    out["region_name"] = out["region_code"].map(regions.region_name)
    out["status"] = out["value"].isna().map({True: MISSING, False: ""})
    return out[list(columns)].reset_index(drop=True)


def totals(frame: pd.DataFrame) -> pd.DataFrame:
    """Total emissions per region (the six and Hallingdal) and year, tidy (TOTAL_COLUMNS)."""
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
            regions.validate_region(region)
        return _empty(columns)
    return select_region(build(frame), region)


def emissions_total(region: str | None = None, cache_directory: str | os.PathLike[str] | None = None) -> pd.DataFrame:
    """Indicator for the goal board: total emissions (tonnes CO₂-eq.) per year, tidy (TOTAL_COLUMNS).

    `region` is a municipality code or "hallingdal"; None gives all. Empty frame when nothing is imported
    (or for regions the data does not cover, such as Buskerud): never placeholder numbers."""
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
    including part-time residents. Hallingdal's denominator is the sum of the six when it is not given and
    all six are present. Missing or zero population gives NaN with "..", never a guess."""
    if emissions.empty:
        return _empty(TOTAL_COLUMNS)
    pop = population[["region_code", "period", "value"]].copy()
    pop["region_code"] = pop["region_code"].astype(str)
    pop["period"] = pop["period"].astype("int64")
    if regions.HALLINGDAL not in set(pop["region_code"]):
        six = pop[pop["region_code"].isin(regions.MUNICIPALITY_CODES)]
        counts = six.groupby("period")["value"].count()
        sums = six.groupby("period")["value"].sum()
        complete = counts[counts == len(regions.MUNICIPALITY_CODES)].index
        hall = pd.DataFrame({"region_code": regions.HALLINGDAL, "period": complete, "value": sums.loc[complete].values})
        pop = pd.concat([pop, hall], ignore_index=True)
    merged = emissions.merge(
        pop.rename(columns={"value": "population"}), on=["region_code", "period"], how="left"
    )
    population_ok = merged["population"].notna() & (merged["population"] != 0)
    merged["value"] = (merged["value"] / merged["population"].where(population_ok)).astype("float64")
    merged["status"] = merged["value"].isna().map({True: MISSING, False: ""})
    return merged[list(TOTAL_COLUMNS)].reset_index(drop=True)


# ------------------------------------------------------------------------------ goal


def emissions_goal(plan: Plan | None = None) -> Goal | None:
    """The plan's emissions goal as plan/goals.toml gives it, or None when the file does not have it measured by
    the emissions indicator (goal removed, rejected by the loader, or the goals file unreadable).

    `plan` None reads plan/goals.toml; pages pass their cached plan."""
    if plan is None:
        try:
            plan = load_plan()
        except GoalFileError:
            return None
    return measured_goal(plan, GOAL_ID, GOAL_INDICATOR)


def goal_missing_text(plan: Plan | None) -> str:
    """Nynorsk: why the emissions goal cannot be assessed (see `emissions_goal`); `plan` None = unreadable file."""
    return measured_goal_missing_text(plan, GOAL_ID, GOAL_INDICATOR, "Klimamålet", "utsleppstala står likevel under.")


def goal_target_text(goal: Goal) -> str:
    """The goal in a few words, from its numbers: '−25 % frå 2009 innan 2025'."""
    if goal.target_change is not None:
        change = format_percent(goal.target_change, 0, signed=True)
        return f"{change} frå {goal.baseline_period} innan {goal.target_period}"
    if goal.target_value is not None:
        return f"{format_number(goal.target_value)} {goal.unit} innan {goal.target_period}"
    wanted = "lågare" if goal.direction == "decrease" else "høgare"
    return f"{wanted} enn i {goal.baseline_period}"


@dataclass(frozen=True, eq=False)
class GoalProgress:
    """The goal for one region as indicators.goals.evaluate_goal assesses it, with what the charts need on top:
    the required path and the gaps to it."""

    goal: Goal
    region_code: str
    base_period: int
    base_value: float | None
    current_period: int | None  # the latest year after the baseline with a number
    current_value: float | None
    target_period: int
    target_value: float | None
    assessment: progress.Assessment
    path: list[tuple[int, float]]  # the required path, one point per year from base to target
    gap_to_path: float | None  # current minus the path's value in the current year (positive = above path)
    gap_to_target: float | None  # current minus the target level (positive = still to cut)
    series: pd.DataFrame  # the region's total emissions per year (TOTAL_COLUMNS), as evaluated


def goal_progress(result: GoalResult) -> GoalProgress:
    """GoalProgress from the goal board's evaluation of the emissions goal (no second way of assessing it)."""
    goal = result.goal
    assert goal.baseline_period is not None and goal.target_period is not None
    base_value, target_value = result.baseline.value, result.target.value
    base_period = result.baseline.period or goal.baseline_period  # the next year with a value if 2009 has none
    current_period = current_value = None
    if result.latest.period is not None and result.latest.period > base_period:
        current_period, current_value = result.latest.period, result.latest.value
    assessment = result.assessment or progress.Assessment("no_data", reason=result.reason)
    path: list[tuple[int, float]] = []
    gap_to_path = gap_to_target = None
    if base_value is not None and target_value is not None:
        path = progress.target_path(base_period, base_value, goal.target_period, target_value)
        if current_value is not None and current_period is not None:
            gap_to_target = current_value - target_value
            on_path = dict(path).get(current_period)
            gap_to_path = current_value - on_path if on_path is not None else gap_to_target
    return GoalProgress(
        goal, result.region, base_period, base_value, current_period, current_value, goal.target_period,
        target_value, assessment, path, gap_to_path, gap_to_target, result.series,
    )


def assess_goal(
    goal: Goal, region: str = regions.HALLINGDAL, cache_directory: str | os.PathLike[str] | None = None
) -> GoalProgress:
    """Progress of one region's total emissions towards `goal` (see `emissions_goal`), evaluated exactly as the
    goal board does it (indicators.goals.evaluate_goal over the imported data)."""
    return goal_progress(evaluate_goal(goal, region, cache_directory))


# ------------------------------------------------------------------------------ registry

# Shown on the goal board and in meeting mode: plain words, no commands (the Klima page explains the import).
NO_DATA_REASON = (
    "Utsleppstal er ikkje importerte enno. Miljødirektoratet har ikkje noko API; sida «Klima» forklarer korleis "
    "Excel-fila deira blir lasta inn."
)

INDICATORS = [
    IndicatorSpec(
        id="emissions_total",
        title="Klimagassutslepp i alt",
        unit=UNIT,
        datasets=(DATASET,),
        compute=emissions_total,
        empty_message=NO_DATA_REASON,
    ),
    IndicatorSpec(
        id="emissions_by_sector",
        title="Klimagassutslepp etter sektor",
        unit=UNIT,
        datasets=(DATASET,),
        compute=emissions_by_sector,
        empty_message=NO_DATA_REASON,
    ),
    IndicatorSpec(
        id="emissions_by_influence",
        title="Klimagassutslepp innanfor og utanfor kommunal påverknad",
        unit=UNIT,
        datasets=(DATASET,),
        compute=emissions_by_influence,
        empty_message=NO_DATA_REASON,
    ),
]
