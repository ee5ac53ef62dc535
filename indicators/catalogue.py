"""The dataset catalogue: one entry per cached dataset with everything about it in one place — its source
table, its dimensions and the values they may take, what a plausible value and period is, how it is refreshed
from the source, and how the committed snapshot is built from a published file.

Adding a dataset: a reader/refresher in indicators/sources/, an entry here, an indicator that reads it, a chart,
a goal in plan/goals.toml (see the README's developer section).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from indicators import datasets
from indicators.model import Dataset
from indicators.sources import (
    all_municipalities,
    arealprofiler,
    code_changes,
    nkom,
    published_csv,
    ssb_jobs,
    ssb_population,
)

# The largest count one cell can plausibly hold: more people than live in Norway is a broken file.
MAX_HEAD_COUNT = 10_000_000
AREALPROFILER_FILE = "ssb/arealprofiler/Uttrekk_arealprofiler_AlleKommuner_AlleAar.xlsx"
ALL_MUNICIPALITIES = "ssb/all-municipalities"


@dataclass(frozen=True)
class DatasetSpec:
    id: str
    title: str  # Nynorsk
    source: str
    table_id: str | None
    dimensions: tuple[str, ...]  # columns between period and value
    allowed_values: Mapping[str, frozenset[str]] = field(default_factory=dict)
    counts: bool = True  # values are head counts: non-negative whole numbers up to MAX_HEAD_COUNT
    first_period: int = 2000  # the earliest period the source publishes
    last_period_ahead: int = 1  # how far past this year a period may lie (projections: decades)
    refresher: Callable[..., Dataset] | None = None  # (client, municipalities=None) for the scoped ones
    snapshot_file: str | None = None  # the published file under shared/data/ the snapshot is built from
    snapshot_reader: Callable[[Path], Dataset] | None = None


CATALOGUE: tuple[DatasetSpec, ...] = (
    # Every municipality code 2005–2026 and the 2024 municipality (or municipalities, with shares) it became.
    DatasetSpec(
        datasets.MUNICIPALITY_CODES, "Kommunenummer 2005–2026 og 2024-kommunane dei gjekk inn i",
        "Statistisk sentralbyrå", "KLASS 131", ("county_code", "county_name", "former_code"), counts=False,
        first_period=2005, snapshot_file=ALL_MUNICIPALITIES, snapshot_reader=code_changes.read_municipality_codes,
    ),
    DatasetSpec(
        datasets.POPULATION, "Folkemengd 1. januar etter kjønn og eittårig alder", "Statistisk sentralbyrå", "07459",
        ("sex", "age"), {"sex": frozenset({"female", "male", "total"})}, first_period=1986,
        refresher=ssb_population.refresh_population,
        snapshot_file=f"{ALL_MUNICIPALITIES}/07459_population_by_sex_age_2005-2026_all_municipalities.csv.gz",
        snapshot_reader=all_municipalities.read_population_all,
    ),
    DatasetSpec(
        datasets.POPULATION_PROJECTION, "Framskriven folkemengd", "Statistisk sentralbyrå", "14288",
        ("series",), {"series": frozenset({"projection"})}, first_period=2000, last_period_ahead=80,
        refresher=ssb_population.refresh_population_projection,
        snapshot_file="ssb/14288_population_projection_totals_2000-2050.csv",
        snapshot_reader=published_csv.read_projection_wide,
    ),
    DatasetSpec(
        datasets.EMPLOYMENT, "Sysselsette 15–74 år etter bustad og arbeidsstad, 4. kvartal", "Statistisk sentralbyrå",
        "11618", ("measure",),
        {"measure": frozenset({"residents_15_74", "employed_by_residence", "jobs_by_workplace"})},
        refresher=ssb_jobs.refresh_employment,
        snapshot_file=f"{ALL_MUNICIPALITIES}/11618_employment_15-74_2017-2022_all_municipalities.csv",
        snapshot_reader=all_municipalities.read_employment_all,
    ),
    DatasetSpec(
        datasets.COMMUTING, "Pendling mellom kommunar", "Statistisk sentralbyrå", "03321",
        ("workplace_code", "workplace_name"), first_period=2000, refresher=ssb_jobs.refresh_commuting,
        snapshot_file=f"{ALL_MUNICIPALITIES}/03321_commuting_2017-2022_all_municipalities.csv.gz",
        snapshot_reader=all_municipalities.read_commuting_all,
    ),
    DatasetSpec(
        datasets.JOBS_BY_INDUSTRY, "Sysselsette etter arbeidsstad og næring", "Statistisk sentralbyrå", "13470",
        ("industry", "industry_name"), refresher=ssb_jobs.refresh_jobs_by_industry,
    ),
    # SSB Arealprofiler: published as one workbook for all municipalities (no API table to refresh from).
    DatasetSpec(
        datasets.NET_MIGRATION, "Netto innflytting", "Statistisk sentralbyrå", "Arealprofiler", (),
        counts=False,  # net migration is negative in some years
        first_period=2015, last_period_ahead=0,
        snapshot_file=AREALPROFILER_FILE, snapshot_reader=arealprofiler.read_net_migration,
    ),
    DatasetSpec(
        datasets.NEW_BUILDINGS, "Nye bustader og fritidsbygg siste fire år", "Statistisk sentralbyrå",
        "Arealprofiler", ("building",), {"building": frozenset({"homes", "holiday_homes"})},
        first_period=2015, last_period_ahead=1,
        snapshot_file=AREALPROFILER_FILE, snapshot_reader=arealprofiler.read_new_buildings,
    ),
    DatasetSpec(
        datasets.LOCAL_WORKERS, "Sysselsette som arbeider i bustadkommunen (prosent)", "Statistisk sentralbyrå",
        "Arealprofiler", (), counts=False, first_period=2015, last_period_ahead=0,
        snapshot_file=AREALPROFILER_FILE, snapshot_reader=arealprofiler.read_local_workers,
    ),
    # Nkom's broadband survey: one appendix workbook per survey, read as published (see sources/nkom.py).
    DatasetSpec(
        datasets.FIBRE_COVERAGE, "Husstandar med tilbod om fiber (prosent)", "Nasjonal kommunikasjonsmyndighet",
        None, ("premises",), {"premises": frozenset(nkom.PREMISES)}, counts=False, first_period=2010,
        last_period_ahead=0,
        snapshot_file="nkom/2022H1/vedlegg_dekning_og_abonnement_1h2022.xlsx",
        snapshot_reader=nkom.read_fibre_coverage,
    ),
)


def dataset_spec(dataset_id: str) -> DatasetSpec | None:
    return next((spec for spec in CATALOGUE if spec.id == dataset_id), None)


def refreshers() -> dict[str, Callable[..., Dataset]]:
    """Dataset id -> its refresher, for every dataset the source's API can refresh."""
    return {spec.id: spec.refresher for spec in CATALOGUE if spec.refresher is not None}
