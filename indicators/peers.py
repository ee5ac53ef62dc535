"""Comparisons with other places: what «Samanlikn med» offers, ranks among every municipality (and among the
region and its peer regions) and the measures of similar places, read lean.

Ranks and similarity need one number per municipality, not every row of every municipality: the readers here take
only the columns and years they need from the snapshot's Parquet files (pyarrow, the same file the pages read per
region; its checksum checked as cache.read_dataset does) and keep the small summaries, never the whole table.
A cache without Parquet (a test's, an older one) is read through cache.read_dataset.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd
import pyarrow.parquet as pq

from indicators import cache, ranks, similarity
from indicators.ages import AgeBand, parse_age_band
from indicators.cache import CacheDirectory, CacheError
from indicators.i18n import labels
from indicators.model import IndicatorSpec, Provenance
from indicators.municipality_codes import optional_code_table
from indicators.regions import Region, active_region

POPULATION = "population"
EMPLOYMENT = "employment"
COMMUTING = "commuting"
NET_MIGRATION = "net_migration"
SIMILAR_COUNT = 10  # municipalities shown as most similar to one


@dataclass(frozen=True)
class Option:
    """A place «Samanlikn med» offers: its code and what kind of place it is (county, country, peer,
    municipality)."""

    code: str
    name: str
    kind: str


def comparison_options(region: Region | None = None, cache_directory: CacheDirectory = None) -> list[Option]:
    """The county and the country, each peer region, then every municipality of 2024 (by name) the snapshot
    knows; the region's own members are among the municipalities."""
    region = region or active_region()
    options = [Option(c.code, c.name, c.kind) for c in region.comparisons]
    options += [Option(p.id, p.name, "peer") for p in region.peers]
    table = optional_code_table(cache_directory)
    names = dict(table.names) if table is not None else {m.code: m.name for m in region.members}
    options += [Option(code, name, "municipality") for code, name in sorted(names.items(), key=lambda i: i[1])]
    return options


def municipality_codes(cache_directory: CacheDirectory = None) -> tuple[str, ...]:
    """Every municipality of 2024 the snapshot knows (the code table), else the region's members."""
    table = optional_code_table(cache_directory)
    return table.municipalities if table is not None else active_region().member_codes


# --- lean readers ---------------------------------------------------------------------------------------------


def _parquet(name: str, cache_directory: CacheDirectory) -> Path | None:
    path = cache.cache_dir(cache_directory) / name / cache.PARQUET_FILE
    return path if path.exists() else None


# Worded in the language active where the message is shown (i18n.Message).
MESSAGES = labels("peers.MESSAGES", {
    "damaged": "Datasettet i {folder} er skadd (sjekksummen stemmer ikkje). Hent data_cache på nytt frå git, eller "
               "køyr `python -m indicators refresh`.",
    "unranked": "Ikkje rangert: tala før {year} er berekna etter grensene i 2024.",
})


@functools.lru_cache(maxsize=8)
def _checked(path: str, stamp: tuple[int, int], checksum: str) -> None:
    if checksum and cache.file_checksum(Path(path)) != checksum:
        raise CacheError(MESSAGES.message("damaged", folder=Path(path).parent.name))


def _read(name: str, columns: list[str], filters: list[tuple[str, str, Any]],
          cache_directory: CacheDirectory) -> pd.DataFrame:
    """Only `columns` of the rows matching `filters` (pyarrow's (column, op, value) triples with "=" and "in")."""
    path = _parquet(name, cache_directory)
    if path is None:
        frame = cache.read_dataset(name, cache_directory).frame
        for column, op, value in filters:
            frame = frame[frame[column].isin(list(value))] if op == "in" else frame[frame[column] == value]
        return frame[columns].reset_index(drop=True)
    manifest = cache.read_manifest(name, cache_directory)
    stat = path.stat()
    _checked(str(path), (stat.st_mtime_ns, stat.st_size), manifest.checksum if manifest is not None else "")
    return pq.read_table(path, columns=columns, filters=filters or None).to_pandas()


@functools.lru_cache(maxsize=4)
def _population_by_age(root: str, stamp: int, years: tuple[int, ...]) -> pd.DataFrame:
    """Residents by one-year age of every stored region in `years` (both sexes): the one scan of the table that
    every age band of those years is summed from (the ranks of the report read two bands of the same years)."""
    frame = _read(POPULATION, ["region_code", "region_name", "age", "period", "value"],
                  [("sex", "=", "total"), ("period", "in", list(years))], root)
    frame["age"] = frame["age"].astype(int)
    return frame


@functools.lru_cache(maxsize=16)
def _population_bands(root: str, stamp: int, years: tuple[int, ...], bands: tuple[str, ...]) -> pd.DataFrame:
    frame = _population_by_age(root, stamp, years)
    parts = []
    for code in bands:
        band: AgeBand = parse_age_band(code)
        rows = frame[(frame["age"] >= band.low) & (frame["age"] <= band.high)]
        summed = rows.groupby(["region_code", "region_name", "period"], sort=True)["value"].sum(min_count=1)
        parts.append(summed.reset_index().assign(age_group=code))
    return pd.concat(parts, ignore_index=True)


def population_bands(years: Sequence[int], bands: Sequence[str], cache_directory: CacheDirectory = None,
                     ) -> pd.DataFrame:
    """Residents per stored region (every municipality, county, the country) and age band ("0-105" for all ages)
    in `years`: region_code, region_name, period, value, age_group. Read once per cache version."""
    root = str(cache.cache_dir(cache_directory))
    return _population_bands(root, _stamp(POPULATION, root), tuple(years), tuple(bands)).copy()


def _stamp(name: str, root: str) -> int:
    folder = Path(root) / name
    try:
        return (folder / cache.MANIFEST_FILE).stat().st_mtime_ns
    except OSError:
        return 0


def population_years(cache_directory: CacheDirectory = None) -> list[int]:
    """The years of the population table (from the members' rows)."""
    frame = cache.read_dataset(POPULATION, cache_directory, regions=active_region().member_codes).frame
    return sorted(int(p) for p in frame["period"].unique())


def _with_composites(frame: pd.DataFrame, region: Region) -> pd.DataFrame:
    """The rows plus one per composite region (the active one, each peer) = the sum of its members, per period
    and age group; a composite missing a member gets no row."""
    keys = [c for c in ("period", "age_group") if c in frame.columns]
    composites = region.composites
    pairs = pd.DataFrame([(code, member) for code, members in composites.items() for member in members],
                         columns=["composite", "region_code"])
    parts = frame[[*keys, "region_code", "value"]].merge(pairs, on="region_code")
    grouped = parts.groupby(["composite", *keys], sort=True).agg(value=("value", "sum"),
                                                                count=("region_code", "nunique")).reset_index()
    grouped = grouped[grouped["count"] == grouped["composite"].map({c: len(m) for c, m in composites.items()})]
    extra = grouped.drop(columns="count").rename(columns={"composite": "region_code"})
    extra["region_name"] = extra["region_code"].map({code: region.region_name(code) for code in composites})
    return pd.concat([frame, extra], ignore_index=True)


# --- ranks --------------------------------------------------------------------------------------------------


def growth_ranks(ages: str, start: int, end: int, scope: str = "municipalities",
                 cache_directory: CacheDirectory = None) -> pd.DataFrame:
    """The change in residents aged `ages` ("0-105": everyone) from `start` to `end`, ranked highest first:
    among every municipality (scope "municipalities") or among the region and its peer regions ("regions")."""
    region = active_region()
    frame = population_bands((start, end), (ages,), cache_directory)
    return _ranked_change(_in_scope(frame, scope, region, cache_directory), start, end, region, cache_directory)


def jobs_growth_ranks(start: int, end: int, scope: str = "municipalities",
                      cache_directory: CacheDirectory = None) -> pd.DataFrame:
    """The change in jobs by workplace (SSB 11618) from `start` to `end`, ranked highest first, among every
    municipality or among the region and its peer regions (as `growth_ranks`)."""
    region = active_region()
    frame = cache.read_dataset(EMPLOYMENT, cache_directory).frame
    frame = frame[frame["measure"] == "jobs_by_workplace"][["region_code", "region_name", "period", "value"]]
    return _ranked_change(_in_scope(frame, scope, region, cache_directory), start, end, region, cache_directory)


def _in_scope(frame: pd.DataFrame, scope: str, region: Region, cache_directory: CacheDirectory) -> pd.DataFrame:
    """The rows ranked: the region and its peer regions summed from their members ("regions"), or every
    municipality."""
    if scope == "regions":
        summed = _with_composites(frame, region)
        return summed[summed["region_code"].isin(list(region.composites))]
    return frame[frame["region_code"].isin(municipality_codes(cache_directory))]


def _ranked_change(frame: pd.DataFrame, start: int, end: int, region: Region,
                   cache_directory: CacheDirectory) -> pd.DataFrame:
    """The change from `start` to `end` ranked highest first; a place with a figure «berekna etter grensene i
    2024» in those years is not ranked (ranks.ranked) and `estimated_before` is its first year of figures that are
    not (ranks.unranked says which)."""
    change = ranks.change_by_region(frame, start, end)
    before = [_estimated_before(code, (start, end), region, cache_directory) for code in change["region_code"]]
    change = change.assign(estimated=[year is not None for year in before],
                           estimated_before=pd.array(before, dtype="Int64"))
    return ranks.ranked(change)


def _estimated_before(code: str, years: tuple[int, ...], region: Region, cache_directory: CacheDirectory,
                      ) -> int | None:
    """None unless a figure of the place in `years` is «berekna etter grensene i 2024» (a split municipality's
    share is in it; for a region, in one of its municipalities'); else the year after its last estimated one."""
    table = optional_code_table(cache_directory)
    if table is None:
        return None
    parts = region.composites.get(code, (code,))
    cells = {(part, year) for part, year in table.estimated_cells if part in parts}
    if not any((part, year) in cells for part in parts for year in years):
        return None
    return max(year for _, year in cells) + 1


def net_migration_ranks(start: int, end: int, scope: str = "municipalities",
                        cache_directory: CacheDirectory = None) -> pd.DataFrame:
    """Net in-migration summed over the years `start`–`end` per 1 000 residents on 1 January `start` (SSB
    Arealprofiler, which covers every municipality, and SSB 07459), ranked highest first among every municipality
    or among the region and its peer regions. Columns as `growth_ranks` (start_value: residents 1 January
    `start`, end_value: the summed net in-migration, value: per 1 000 residents)."""
    region = active_region()
    moves = cache.read_dataset(NET_MIGRATION, cache_directory).frame
    moves = moves[(moves["period"] >= start) & (moves["period"] <= end)]
    years = list(range(start, end + 1))
    counted = moves.groupby("region_code")["period"].nunique()
    whole = counted[counted == len(years)].index  # a place missing a year gets no sum
    moves = moves[moves["region_code"].isin(whole)]
    summed = moves.groupby(["region_code", "region_name"], sort=True)["value"].sum(min_count=1).reset_index()
    residents = population_bands((start,), ("0-105",), cache_directory)[["region_code", "value"]]
    if scope == "regions":
        summed = _with_composites(summed.assign(period=end), region)
        residents = _with_composites(residents.assign(period=start, region_name=""), region)
        wanted = list(region.composites)
    else:
        wanted = list(municipality_codes(cache_directory))
    summed = summed[summed["region_code"].isin(wanted)]
    both = summed[["region_code", "region_name", "value"]].rename(columns={"value": "end_value"}).merge(
        residents[["region_code", "value"]].rename(columns={"value": "start_value"}), on="region_code")
    both = both[both["start_value"] > 0]
    both["value"] = both["end_value"] / both["start_value"] * 1000
    before = [_estimated_before(code, tuple(years), region, cache_directory) for code in both["region_code"]]
    both = both.assign(estimated=[year is not None for year in before],
                       estimated_before=pd.array(before, dtype="Int64"))
    return ranks.ranked(both[["region_code", "region_name", "start_value", "end_value", "value", "estimated",
                              "estimated_before"]])


def net_migration_years(cache_directory: CacheDirectory = None) -> list[int]:
    """The years of the net migration table (from the members' rows)."""
    frame = cache.read_dataset(NET_MIGRATION, cache_directory, regions=active_region().member_codes).frame
    return sorted(int(p) for p in frame["period"].unique())


# --- the region among its peer regions (the statusrapport's section) -----------------------------------------


@dataclass(frozen=True)
class Measure:
    """One key indicator's change for the region and its peer regions, ranked (`ranks.ranked`, scope regions)."""

    key: str  # population, working_age, jobs
    start: int
    end: int
    table: pd.DataFrame


@dataclass(frozen=True)
class PeerComparison:
    """The active region and its peer regions on the key indicators (population, working age 20–64, jobs), with
    the provenance of the figures: what the statusrapport's «… samanlikna med liknande regionar» shows."""

    region: str
    measures: tuple[Measure, ...]
    provenances: tuple[Provenance, ...]


def peer_comparison(cache_directory: CacheDirectory = None) -> PeerComparison | None:
    """The region and its peer regions on growth in residents, in working age (20–64) and in jobs, from the
    plan's start (else four years before the latest year) to the latest year of each table; None for a region
    without peer regions. Raises CacheError (or LookupError) when the snapshot lacks the tables."""
    region = active_region()
    if not region.peers:
        return None
    latest = population_years(cache_directory)[-1]
    start = _start_year(latest)
    jobs_years = sorted(int(p) for p in cache.read_dataset(EMPLOYMENT, cache_directory,
                                                           regions=region.member_codes).frame["period"].unique())
    jobs_end = jobs_years[-1]
    jobs_start = max(_start_year(jobs_end), jobs_years[0])
    measures = (
        Measure("population", start, latest, growth_ranks("0-105", start, latest, "regions", cache_directory)),
        Measure("working_age", start, latest, growth_ranks("20-64", start, latest, "regions", cache_directory)),
        Measure("jobs", jobs_start, jobs_end, jobs_growth_ranks(jobs_start, jobs_end, "regions", cache_directory)),
    )
    return PeerComparison(region.id, measures, tuple(cache.manifests((POPULATION, EMPLOYMENT), cache_directory)))


# --- similar places -------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Similarity:
    """The measures of every municipality (`municipalities`, the reference the measures are standardised with)
    and of the composite regions (`regions`: the active one and the peers)."""

    municipalities: pd.DataFrame
    regions: pd.DataFrame

    def table(self) -> pd.DataFrame:
        return pd.concat([self.municipalities, self.regions], ignore_index=True)

    def similar_regions(self, code: str) -> pd.DataFrame:
        """The peer regions, nearest to `code` first."""
        return similarity.distances(self.table(), self.municipalities, code, list(self.regions["region_code"]))

    def similar_municipalities(self, code: str, count: int = SIMILAR_COUNT) -> pd.DataFrame:
        """The `count` municipalities nearest to `code` (a municipality or a region)."""
        return similarity.most_similar(self.table(), self.municipalities, code, count,
                                       list(self.municipalities["region_code"]))


def similarity_measures(cache_directory: CacheDirectory = None) -> Similarity:
    """The measures of every municipality and of the region and its peers (see indicators.similarity)."""
    region = active_region()
    latest = population_years(cache_directory)[-1]
    start = latest - similarity.GROWTH_YEARS
    people = population_bands((start, latest), ("0-105", "0-19", "65-105"), cache_directory)
    population = people[people["age_group"] == "0-105"]
    groups = people[people["age_group"] != "0-105"].replace({"age_group": {"65-105": "65+"}})
    employment = cache.read_dataset(EMPLOYMENT, cache_directory).frame
    years = sorted(int(p) for p in _read(COMMUTING, ["period"], [], cache_directory)["period"].unique())
    flows = _read(COMMUTING, ["region_code", "workplace_code", "period", "value"], [("period", "=", years[-1])],
                  cache_directory)
    codes = municipality_codes(cache_directory)
    names = dict(zip(population["region_code"], population["region_name"], strict=False))
    names.update({code: region.region_name(code) for code in region.composites})
    municipalities = similarity.measure_table(population, groups, employment, flows, {c: (c,) for c in codes},
                                              names)
    regions = similarity.measure_table(population, groups, employment, flows, dict(region.composites), names)
    return Similarity(municipalities, regions)


# --- exports (the command line's `export similar_places` and `export growth_ranks`) ------------------------------


def _start_year(latest: int) -> int:
    """The ranks' first year: the plan's start where there is a plan, else four years before the latest."""
    plan = active_region().plan
    return plan.start if plan is not None and plan.start < latest else latest - 4


def growth_ranks_table(region: str | None = None, ages: str = "20-64",
                       cache_directory: CacheDirectory = None) -> pd.DataFrame:
    """Every municipality ranked by growth in residents aged `ages` from the plan's start (else four years back)
    to the latest year, highest first; for a region made of municipalities (the active one, a peer) the region
    and its peer regions instead. Columns: measure, ages, start, end, position, total, region_code, region_name,
    start_value, end_value, value (the change as a ratio), estimated, not_ranked (why a place has no position:
    its figures are an estimate; empty for the ranked)."""
    known = active_region()
    latest = population_years(cache_directory)[-1]
    start = _start_year(latest)
    scope = "regions" if region is not None and region in known.composites else "municipalities"
    table = growth_ranks(ages, start, latest, scope, cache_directory)
    reasons = [str(MESSAGES.message("unranked", year=year)) if not pd.isna(year) else ""
               for year in table["estimated_before"]]
    table = table.assign(measure="growth", ages=ages, start=start, end=latest, not_ranked=reasons)
    return table[["measure", "ages", "start", "end", "position", "total", "region_code", "region_name",
                  "start_value", "end_value", "value", "estimated", "not_ranked"]]


def similar_places_table(region: str | None = None, cache_directory: CacheDirectory = None) -> pd.DataFrame:
    """The places most like `region` (default: the active region): the peer regions (for a region made of
    municipalities) and the SIMILAR_COUNT nearest municipalities, with the distance and every measure.
    Columns: compared_to, kind (region/municipality), region_code, region_name, distance, the measures, years."""
    known = active_region()
    code = region or known.id
    measures = similarity_measures(cache_directory)
    parts = []
    if code in known.composites and known.peers:
        parts.append(measures.similar_regions(code).assign(kind="region"))
    parts.append(measures.similar_municipalities(code).assign(kind="municipality"))
    table = pd.concat(parts, ignore_index=True).assign(compared_to=code)
    first = ["compared_to", "kind", "region_code", "region_name", "distance"]
    return table[first + [c for c in table.columns if c not in first]]


TABLES = [
    IndicatorSpec(id="similar_places", title="Liknande regionar og kommunar", unit="",
                  datasets=(POPULATION, EMPLOYMENT, COMMUTING), compute=similar_places_table, tidy=False),
    IndicatorSpec(id="growth_ranks", title="Rangering etter vekst i folketalet", unit="",
                  datasets=(POPULATION,), compute=growth_ranks_table, params={"ages": ("20-64", "0-105")},
                  tidy=False),
]
