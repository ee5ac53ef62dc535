"""Importer for Nkom's broadband coverage appendix as published (vedlegg_dekning_og_abonnement_<h>h<year>.xlsx):
the share of households offered fibre per municipality, county and the country, and the share of holiday
homes offered fibre per county and the country.

Sheets read: Dekning_fbb_kommuner_husstander (Kommune, Fylke, Fiber, …), Dekning_fbb_fylker_husstander
(Fylke, –, Fiber, …; the first block, "Tettbygd og spredtbygd samlet") and Dekning_fritidsbygg (Fylke, –,
Fiber, …). Columns are found by their header, so next year's file in the same layout imports the same way.

The municipality sheet names municipalities (in capitals) under their county of the survey year, without codes.
A member is found by its name in that year (SSB's list, indicators.municipality_names, for the code it had then)
AND its county then: never by a former name, which another municipality may carry (the member once named Nes
is not the Nes of the same county). Coverage shares cannot be added up without household counts, which the
file does not give, so there is no total for the region. The county is the county of the survey year (its
code and name from indicators/data/county_names.csv), which need not be the region file's county.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pandas as pd

from indicators.cache import utc_now_iso
from indicators.datasets import FIBRE_COVERAGE
from indicators.model import Dataset, Provenance
from indicators.municipality_codes import optional_code_table
from indicators.municipality_names import county_name, municipality_name
from indicators.regions import active_region
from indicators.sources import published_xlsx
from indicators.sources.published_csv import PublishedFileError

MUNICIPALITY_SHEET = "Dekning_fbb_kommuner_husstander"
COUNTY_SHEET = "Dekning_fbb_fylker_husstander"
HOLIDAY_HOME_SHEET = "Dekning_fritidsbygg"
ALL_AREAS = "Tettbygd og spredtbygd samlet"  # the block for all households (the sheets also split by density)
FIBRE = "Fiber"
NATIONAL_ROW = "Norge"
# The 2022 file is 0.2 MB with 360 rows in its largest sheet.
MAX_BYTES = 20 * published_xlsx.MB
MAX_ROWS = 5_000
_SURVEY = re.compile(r"_(?P<half>[12])h(?P<year>\d{4})\.xlsx$", re.IGNORECASE)
PREMISES = ("households", "holiday_homes")
URL = "https://nkom.no/statistikk/bredband-dekning-og-abonnement"
LICENCE = "Norsk lisens for offentlege data (NLOD) 2.0"
ATTRIBUTION = "Kjelde: Nasjonal kommunikasjonsmyndigheit (Nkom)"


def survey_period(path: Path) -> int:
    """The survey's year from the file name Nkom gives it (…_1h2022.xlsx = 1st half of 2022)."""
    match = _SURVEY.search(path.name)
    if match is None:
        raise PublishedFileError(
            f"{path.name}: filnamnet seier ikkje kva kartlegging det er (venta …_1h<år>.xlsx, som Nkom kallar fila)"
        )
    if match["half"] != "1":
        raise PublishedFileError(f"{path.name}: importen kjenner berre kartlegginga per 1. halvår")
    return int(match["year"])


def _key(value: Any) -> str:
    return published_xlsx.text(value).casefold()


def _table(path: Path, sheet: str, label: str, block: str | None) -> dict[str, list[tuple[str, float | None]]]:
    """name -> [(second column, fibre share)] for the rows under the header row whose first cell is `label`,
    up to the first empty row. `block`: a title that must stand above the header (which block this is)."""
    rows = list(published_xlsx.sheet_rows(path, sheet, max_bytes=MAX_BYTES, max_rows=MAX_ROWS))
    header_at = next((i for i, row in enumerate(rows) if row and _key(row[0]) == label.casefold()), None)
    if header_at is None:
        raise PublishedFileError(f"{path.name}, arket «{sheet}»: finn ikkje overskriftsrada «{label}»")
    header = [_key(v) for v in rows[header_at]]
    if FIBRE.casefold() not in header:
        raise PublishedFileError(f"{path.name}, arket «{sheet}»: finn ikkje kolonna «{FIBRE}»")
    fibre = header.index(FIBRE.casefold())
    if block is not None:
        above = {_key(row[0]) for row in rows[:header_at] if row}
        if block.casefold() not in above:
            raise PublishedFileError(f"{path.name}, arket «{sheet}»: venta blokka «{block}» over overskrifta")
    table: dict[str, list[tuple[str, float | None]]] = {}
    for offset, row in enumerate(rows[header_at + 1:], start=header_at + 2):
        if not row or not published_xlsx.text(row[0]):
            break
        value = row[fibre] if len(row) > fibre else None
        if value is not None and (isinstance(value, bool) or not isinstance(value, int | float) or not 0 <= value <= 1):
            raise PublishedFileError(
                f"{path.name}, arket «{sheet}», rad {offset}: venta ein del mellom 0 og 1 i «{FIBRE}», fekk «{value}»"
            )
        second = published_xlsx.text(row[1]) if len(row) > 1 else ""
        table.setdefault(_key(row[0]), []).append((second, None if value is None else float(value)))
    if not table:
        raise PublishedFileError(f"{path.name}, arket «{sheet}»: ingen rader under overskrifta")
    return table


def _one(path: Path, sheet: str, table: dict[str, list[tuple[str, float | None]]], name: str) -> float | None:
    found = table.get(name.casefold(), [])
    if len(found) != 1:
        count = "finst ikkje" if not found else f"står {len(found)} gonger"
        raise PublishedFileError(f"{path.name}, arket «{sheet}»: «{name}» {count}")
    return found[0][1]


def _row(code: str, name: str, premises: str, period: int, share: float | None) -> tuple[Any, ...]:
    value = float("nan") if share is None else share * 100
    return (code, name, period, premises, value, "" if share is not None else "..")


def _other_municipalities(municipalities: dict[str, list[tuple[str, float | None]]], period: int,
                          members: set[str]) -> tuple[list[tuple[Any, ...]], list[str]]:
    """Rows for every other municipality of 2024 that was the same municipality in the survey year (one code
    then, all of it), found by its name and county then; and the codes that could not be placed (a share of a
    municipality split or merged since cannot be moved across borders)."""
    table = optional_code_table()
    if table is None:
        return [], []
    rows, skipped = [], []
    for code in table.municipalities:
        if code in members:
            continue
        then = [f for f in table.former_codes(code) if f.first <= period <= f.last]
        own = [] if then else [code] if (code, 1.0) in table.targets(code, period) else []
        candidates = [f.code for f in then if f.share == 1.0 and len(table.targets(f.code, period)) == 1] + own
        name_then = municipality_name(candidates[0], period) if len(candidates) == 1 else None
        found = [share for county, share in municipalities.get(name_then.casefold(), [])
                 if county.casefold() == (county_name(candidates[0]) or "").casefold()] if name_then else []
        if len(found) != 1:
            skipped.append(code)
            continue
        rows.append(_row(code, table.names[code], "households", period, found[0]))
    return rows, skipped


def read_fibre_coverage(path: str | Path) -> Dataset:
    """Share (%) of households offered fibre per member, the survey year's county and the country; share of
    holiday homes offered fibre for that county and the country (premises: households, holiday_homes)."""
    path = Path(path)
    period = survey_period(path)
    region = active_region()
    municipalities = _table(path, MUNICIPALITY_SHEET, "Kommune", ALL_AREAS)
    counties = _table(path, COUNTY_SHEET, "Fylke", ALL_AREAS)
    holiday_homes = _table(path, HOLIDAY_HOME_SHEET, "Fylke", None)
    rows = []
    county_codes: dict[str, str | None] = {}  # the members' county in the survey year: code -> name
    for member in region.members:
        code_then = member.code_in(period)
        name_then = municipality_name(code_then, period) or member.name
        county_then = county_name(code_then)
        found = [share for county, share in municipalities.get(name_then.casefold(), [])
                 if county_then is None or county.casefold() == county_then.casefold()]
        if len(found) != 1:
            where = f" i {county_then}" if county_then else ""
            count = "finst ikkje" if not found else f"står {len(found)} gonger"
            raise PublishedFileError(f"{path.name}, arket «{MUNICIPALITY_SHEET}»: «{name_then}»{where} {count}")
        rows.append(_row(member.code, member.name, "households", period, found[0]))
        county_codes[code_then[:2]] = county_then
    others, skipped = _other_municipalities(municipalities, period, set(region.member_codes))
    rows.extend(others)
    notes = [
        f"Del av husstandane med tilbod om fiber (dekning, ikkje tilknyting eller abonnement), Nkom si "
        f"breibandskartlegging per 1. halvår {period}, tettbygd og spreiddbygd samla.",
        "Ein del for regionen samla finst ikkje: fila gjev ikkje talet på husstandar per kommune, så kommunane "
        "kan ikkje vegast saman.",
    ]
    if len(county_codes) == 1:
        county_code, published_county = county_codes.popitem()
        if published_county is not None:
            same = region.county is not None and region.county.code == county_code
            code, name = (region.county.code, region.county.name) if same and region.county else (
                county_code, published_county)
            for premises, table, sheet in (("households", counties, COUNTY_SHEET),
                                           ("holiday_homes", holiday_homes, HOLIDAY_HOME_SHEET)):
                rows.append(_row(code, name, premises, period, _one(path, sheet, table, published_county)))
            if not same:
                notes.append(
                    f"Fylket er {published_county} (fylkesnummer {county_code}), fylket kommunane låg i i {period}; "
                    "det er ikkje same område som fylket i regionfila og må ikkje lesast som det."
                )
    if region.country is not None:
        for premises, table, sheet in (("households", counties, COUNTY_SHEET),
                                       ("holiday_homes", holiday_homes, HOLIDAY_HOME_SHEET)):
            rows.append(_row(region.country.code, region.country.name, premises, period,
                             _one(path, sheet, table, NATIONAL_ROW)))
    notes.append("Fritidsbygg: Nkom gjev delen med fiber berre per fylke og for heile landet.")
    if others:
        notes.append(f"Alle kommunane som hadde same grenser i {period} som i 2024 ({len(others)} utanom regionen), "
                     f"funne på namnet og fylket sitt i {period}.")
    if skipped:
        notes.append(f"Utan tal (grensene endra etter {period}, eller namnet ikkje funne i fila): "
                     f"{', '.join(skipped)}.")
    frame = pd.DataFrame(rows, columns=["region_code", "region_name", "period", "premises", "value", "status"])
    frame = frame.sort_values(["premises", "region_code"]).reset_index(drop=True)
    provenance = Provenance(
        dataset=FIBRE_COVERAGE,
        title="Husstandar og fritidsbygg med tilbod om fiber (prosent)",
        source="Nasjonal kommunikasjonsmyndigheit (Nkom)",
        table_id=None,
        query={"file": path.name, "sheets": [MUNICIPALITY_SHEET, COUNTY_SHEET, HOLIDAY_HOME_SHEET],
               "column": FIBRE, "survey": f"1. halvår {period}"},
        retrieved_at=utc_now_iso(),
        licence=LICENCE,
        attribution=ATTRIBUTION,
        produced_by=(
            f"indicators.sources.nkom.read_fibre_coverage({path.name}): Nkom sitt vedlegg til Ekomstatistikken "
            f"1. halvår {period} slik det er publisert, via evensrii/Telemark commit f1e292f1; delar × 100."
        ),
        url=URL,
        notes=notes,
        extra={"published_extract": f"Nkom, vedlegg dekning og abonnement 1. halvår {period}",
               "survey": f"1. halvår {period}"},
    )
    return Dataset(frame=frame, provenance=provenance)
