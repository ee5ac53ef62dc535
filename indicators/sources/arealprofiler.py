"""Importer for SSB's Arealprofiler as published: the all-municipality workbook
(Uttrekk_arealprofiler_AlleKommuner_AlleAar.xlsx, sheet Ark1: statistikkvariabel, kommunenr, kommune, år,
verdi, klasse; one row per variable, municipality (2024 codes) and year).

Three datasets come from it: net in-migration (NET_MIGRATION), new homes and new holiday homes in the last
four years (NEW_BUILDINGS) and the share of employed residents who work in their own municipality
(LOCAL_WORKERS). Each holds every municipality of the workbook; the two count datasets also hold the county (the
sum of the municipalities whose code starts with the county's code) and the country (the sum of every
municipality in the workbook), each a number only in a year when every one of those municipalities has a value,
else NaN with SSB's "..". A share is not summed. They build the committed snapshot (scripts/build_snapshot.py).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd

from indicators.cache import utc_now_iso
from indicators.datasets import LOCAL_WORKERS, NET_MIGRATION, NEW_BUILDINGS
from indicators.model import Dataset, Provenance
from indicators.regions import Region, active_region
from indicators.sources import published_xlsx
from indicators.sources.published_csv import PublishedFileError

SHEET = "Ark1"
COLUMNS = ("statistikkvariabel", "kommunenr", "kommune", "år", "verdi", "klasse")
# The published file is 2.3 MB with 73 044 rows (34 variables); room for a few more years and variables.
MAX_BYTES = 20 * published_xlsx.MB
MAX_ROWS = 400_000

NET_MIGRATION_VARIABLE = "Netto innflytting. Antall personer"
NEW_HOMES_VARIABLE = "Nye boliger siste 4 år"
NEW_HOLIDAY_HOMES_VARIABLE = "Nye fritidsbygg siste 4 år"
LOCAL_WORKERS_VARIABLE = "Andel sysselsatte bosatt i egen kommune. Prosent"
BUILDING_KINDS = {NEW_HOMES_VARIABLE: "homes", NEW_HOLIDAY_HOMES_VARIABLE: "holiday_homes"}

URL = "https://www.ssb.no/natur-og-miljo/areal/arealprofiler"
EXTRACT = (
    "SSB Arealprofiler, Uttrekk_arealprofiler_AlleKommuner_AlleAar.xlsx slik fila ligg i evensrii/Telemark "
    "(Data/Bystrategi_Grenland/Areal_og_byutvikling/Arealprofiler SSB/, commit 6b7ca8ca)"
)


@dataclass(frozen=True)
class Workbook:
    """The rows of the wanted variables, and every municipality code the workbook has (any variable, any year)."""

    rows: pd.DataFrame  # variable, code, name, period, value
    all_codes: frozenset[str]


def _code(path: Path, value: Any, line: int) -> str:
    text = published_xlsx.text(value)
    if isinstance(value, int | float) and not isinstance(value, bool) and float(value).is_integer():
        text = f"{int(value):04d}"
    if not (len(text) == 4 and text.isdigit()):
        raise PublishedFileError(f"{path.name}, rad {line}: ugyldig kommunenummer «{text}»")
    return text


def read_workbook(path: str | Path, variables: tuple[str, ...]) -> Workbook:
    """The rows of `variables` from Ark1, checked: the header as published, a 4-digit code, a year, a number or
    an empty cell, no class (klasse) for these variables, one row per variable, municipality and year."""
    path = Path(path)
    rows = published_xlsx.sheet_rows(path, SHEET, max_bytes=MAX_BYTES, max_rows=MAX_ROWS)
    header = tuple(published_xlsx.text(v) for v in next(rows, ()))
    if header[: len(COLUMNS)] != COLUMNS:
        raise PublishedFileError(f"{path.name}: venta kolonnane {', '.join(COLUMNS)}, fekk {', '.join(header)}")
    wanted = set(variables)
    found: list[tuple[str, str, str, int, float]] = []
    codes: set[str] = set()
    seen_variables: set[str] = set()
    for line, row in enumerate(rows, start=2):
        if not any(v is not None for v in row):
            continue
        variable = published_xlsx.text(row[0])
        seen_variables.add(variable)
        code = _code(path, row[1], line)
        codes.add(code)
        if variable not in wanted:
            continue
        year, value, klasse = row[3], row[4], published_xlsx.text(row[5]) if len(row) > 5 else ""
        if isinstance(year, bool) or not isinstance(year, int | float) or not float(year).is_integer():
            raise PublishedFileError(f"{path.name}, rad {line}: ugyldig år «{year}»")
        if value is not None and (isinstance(value, bool) or not isinstance(value, int | float)):
            raise PublishedFileError(f"{path.name}, rad {line}: ugyldig tal «{value}»")
        if klasse:
            raise PublishedFileError(f"{path.name}, rad {line}: venta inga klasse for «{variable}», fekk «{klasse}»")
        found.append((variable, code, published_xlsx.text(row[2]), int(year),
                      float("nan") if value is None else float(value)))
    missing = sorted(wanted - seen_variables)
    if missing:
        raise PublishedFileError(f"{path.name}: finn ikkje statistikkvariabelen {', '.join(missing)}")
    frame = pd.DataFrame(found, columns=["variable", "code", "name", "period", "value"])
    duplicated = frame.duplicated(subset=["variable", "code", "period"], keep=False)
    if duplicated.any():
        first = frame[duplicated].iloc[0]
        raise PublishedFileError(
            f"{path.name}: to rader for «{first['variable']}», kommune {first['code']}, {first['period']}"
        )
    return Workbook(frame, frozenset(codes))


def _members(path: Path, rows: pd.DataFrame, region: Region) -> pd.DataFrame:
    """Every municipality of the workbook (2024 codes; issue 23), the members named as in the region file and
    the others as in the workbook; every member must be there."""
    codes = rows["code"].map(lambda code: region.current_code(code) or code)
    members = rows.assign(region_code=codes)
    missing = sorted(set(region.member_codes) - set(members["region_code"]))
    if missing:
        raise PublishedFileError(f"{path.name}: manglar kommune(ne) {', '.join(missing)}")
    names = [region.names.get(code, name) for code, name in zip(members["region_code"], members["name"], strict=True)]
    return members.assign(region_name=names)


def county_municipalities(path: Path, workbook: Workbook, region: Region) -> frozenset[str]:
    """The workbook's municipalities of the region file's county: codes that start with the county's code.
    Every member must be one of them (else the county in the region file is not the one the codes belong to)."""
    county = region.county
    if county is None:
        return frozenset()
    outside = [code for code in region.member_codes if not code.startswith(county.code)]
    if outside:
        raise PublishedFileError(
            f"{path.name}: kommune(ne) {', '.join(outside)} har ikkje fylkesnummeret {county.code} ({county.name}); "
            "fylkessummen kan ikkje lagast"
        )
    return frozenset(code for code in workbook.all_codes if code.startswith(county.code))


def _sums(rows: pd.DataFrame, parts: frozenset[str], code: str, name: str, keys: list[str]) -> pd.DataFrame:
    """The sum of `parts` per `keys`: a number only where every part has a value, else NaN with ".."."""
    chosen = rows[rows["code"].isin(parts)]
    grouped = chosen.groupby(keys, sort=True)["value"]
    out = grouped.sum(min_count=1).rename("value").reset_index()
    complete = (grouped.count().values == len(parts))
    out.loc[~complete, "value"] = float("nan")
    out["status"] = ["" if ok else ".." for ok in complete]
    return out.assign(region_code=code, region_name=name)


def _with_sums(path: Path, workbook: Workbook, rows: pd.DataFrame, keys: list[str]) -> tuple[pd.DataFrame, list[str]]:
    """Members, county and country rows, and the notes that say how the sums were made."""
    region = active_region()
    members = _members(path, rows, region).assign(status=lambda f: ["" if v == v else ".." for v in f["value"]])
    parts = [members]
    notes = []
    county_codes = county_municipalities(path, workbook, region)
    if region.county is not None and county_codes:
        county = _sums(rows, county_codes, region.county.code, region.county.name, keys)
        parts.append(county)
        notes.append(
            f"{region.county.name} = summen av dei {len(county_codes)} kommunane i arbeidsboka med kommunenummer som "
            f"byrjar på {region.county.code} ({', '.join(sorted(county_codes))}); berre år der alle har tal."
        )
    if region.country is not None:
        country = _sums(rows, workbook.all_codes, region.country.code, region.country.name, keys)
        parts.append(country)
        gaps = _gaps(rows, workbook.all_codes, keys)
        notes.append(
            f"{region.country.name} = summen av alle dei {len(workbook.all_codes)} kommunane i arbeidsboka; eit år "
            "der ein kommune manglar tal, står utan tal (..), fordi ein delsum ikkje er talet for heile landet."
            + (f" Manglar: {gaps}." if gaps else "")
        )
    frame = pd.concat(parts, ignore_index=True)
    return frame, notes


def _gaps(rows: pd.DataFrame, codes: frozenset[str], keys: list[str]) -> str:
    """Which municipalities lack a value in which years (for the manifest note), e.g. '1508, 1580 (2016–2023)'."""
    by_missing: dict[tuple[str, ...], list[int]] = {}
    for period, group in rows.groupby("period"):
        have = set(group.dropna(subset=["value"])["code"])
        missing = tuple(sorted(codes - have))
        if missing:
            by_missing.setdefault(missing, []).append(int(period))
    return "; ".join(
        f"{', '.join(missing)} ({_years(years)})" for missing, years in sorted(by_missing.items(), key=lambda i: i[1])
    )


def _years(years: list[int]) -> str:
    return f"{min(years)}–{max(years)}" if len(years) > 1 else str(years[0])


def _provenance(dataset: str, title: str, path: Path, variables: tuple[str, ...], frame: pd.DataFrame,
                notes: list[str]) -> Provenance:
    years = [int(frame["period"].min()), int(frame["period"].max())]
    return Provenance(
        dataset=dataset,
        title=title,
        source="Statistisk sentralbyrå",
        table_id="Arealprofiler",
        query={"file": path.name, "sheet": SHEET, "statistikkvariabel": list(variables), "years": years,
               "regions": sorted(set(frame["region_code"]))},
        retrieved_at=utc_now_iso(),
        produced_by=f"indicators.sources.arealprofiler ({path.name}, arket {SHEET}): {EXTRACT}.",
        url=URL,
        notes=notes,
        extra={"published_extract": EXTRACT},
    )


def _finish(frame: pd.DataFrame, dimension: list[str]) -> pd.DataFrame:
    columns = ["region_code", "region_name", "period", *dimension, "value", "status"]
    return frame[columns].sort_values(["region_code", *dimension, "period"]).reset_index(drop=True)


def read_net_migration(path: str | Path) -> Dataset:
    """Net in-migration (in- minus out-migration, moves from abroad included) per year: persons, may be negative."""
    path = Path(path)
    workbook = read_workbook(path, (NET_MIGRATION_VARIABLE,))
    frame, notes = _with_sums(path, workbook, workbook.rows, ["period"])
    frame = _finish(frame, [])
    notes = [
        "Netto innflytting = innflytting minus utflytting i løpet av året, flytting til og frå utlandet medrekna "
        "(SSB Arealprofiler, «Netto innflytting. Antall personer»).",
        *notes,
    ]
    provenance = _provenance(NET_MIGRATION, "Netto innflytting (personar per år)", path, (NET_MIGRATION_VARIABLE,),
                             frame, notes)
    return Dataset(frame=frame, provenance=provenance)


def read_new_buildings(path: str | Path) -> Dataset:
    """New homes and new holiday homes in the four years up to each Arealprofiler year (building: homes,
    holiday_homes)."""
    path = Path(path)
    variables = tuple(BUILDING_KINDS)
    workbook = read_workbook(path, variables)
    rows = workbook.rows.assign(building=workbook.rows["variable"].map(BUILDING_KINDS))
    frame, notes = _with_sums(path, workbook, rows, ["period", "building"])
    frame = _finish(frame, ["building"])
    notes = [
        "Nye bustader og nye fritidsbygg dei siste fire åra, slik SSB Arealprofiler gjev dei for kvar årgang "
        "(«Nye boliger siste 4 år», «Nye fritidsbygg siste 4 år»); åra overlappar, så årgangane må ikkje "
        "leggjast saman.",
        *notes,
    ]
    provenance = _provenance(NEW_BUILDINGS, "Nye bustader og fritidsbygg siste fire år", path, variables, frame,
                             notes)
    return Dataset(frame=frame, provenance=provenance)


def read_local_workers(path: str | Path) -> Dataset:
    """The share (%) of employed residents who work in their own municipality, per municipality (a share: no
    sums)."""
    path = Path(path)
    workbook = read_workbook(path, (LOCAL_WORKERS_VARIABLE,))
    members = _members(path, workbook.rows, active_region())
    members = members.assign(status=["" if v == v else ".." for v in members["value"]])
    frame = _finish(members, [])
    notes = [
        "Del av dei sysselsette som bur i kommunen, som også arbeider i han (prosent; SSB Arealprofiler, «Andel "
        "sysselsatte bosatt i egen kommune. Prosent»). Stemmer med pendlingstala (03321) delt på sysselsette "
        "etter bustad (11618), 4. kvartal.",
        "Ein del kan ikkje leggjast saman: datasettet har berre kommunane.",
        "Kommunane med kommunenummeret frå 2024, slik arbeidsboka gjev dei.",
    ]
    provenance = _provenance(LOCAL_WORKERS, "Sysselsette som arbeider i bustadkommunen (prosent)", path,
                             (LOCAL_WORKERS_VARIABLE,), frame, notes)
    return Dataset(frame=frame, provenance=provenance)
