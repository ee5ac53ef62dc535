"""Build small Miljødirektoratet emission workbooks in the two real layouts, for tests.

Format A mirrors the agency's per-municipality export (Utslippsregnskap_<Kommune>.xlsx): sheets Info,
Oversikt, Oversikt - detaljert, one per sector (the fluorinated-gas sheet in lower case, as in the real
file), Tilleggsinfo; header with the subscript ₂; some source names ending in a newline.
Format B mirrors the all-municipalities file: Fylke, Kommunenummer, Kommune, År, Sektor, Utslippskilde,
Klimagass, "Utslipp (tonn CO2-ekvivalenter)".

The numbers are synthetic test values, not published figures.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Any

from openpyxl import Workbook

VALUE_HEADER_A = "Utslipp (tonn CO₂-ekvivalenter)"
VALUE_HEADER_B = "Utslipp (tonn CO2-ekvivalenter)"
MANUAL_PAGE = "https://www.miljodirektoratet.no/tjenester/klimagassutslipp-kommuner/"
YEARS = (2009, 2011, 2013, 2015, 2016)

# (sector as the agency writes it, source (some with the real trailing newline), gases)
SOURCES_10: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    ("Annen mobil forbrenning", "Bygg og anlegg\n", ("CO2", "CH4", "N2O")),
    ("Annen mobil forbrenning", "Snøscooter", ("CO2",)),
    ("Avfall og avløp", "Avløp", ("CH4", "N2O")),
    ("Energiforsyning", "Avfallsforbrenning", ("CO2",)),
    ("Industri, olje og gass", "Industri, olje og gass", ("CO2", "CH4")),
    ("Jordbruk", "Fordøyelsesprosesser husdyr", ("CH4",)),
    ("Luftfart", "Innenriks luftfart", ("CO2",)),
    ("Oppvarming", "Fossil olje", ("CO2", "CH4")),
    ("produkter med fluorgasser", "Bruk av HFK", ("HFK",)),
    ("Sjøfart", "*Estimat sjøfart", ("CO2",)),
    ("Veitrafikk", "Personbiler", ("CO2", "N2O")),
    ("Veitrafikk", "Tunge kjøretøy", ("CO2",)),
)
SOURCES_9 = tuple(s for s in SOURCES_10 if s[0] != "produkter med fluorgasser")

Row = tuple[int, str, str, str, float]  # year, sector, source, gas, value


def synthetic_rows(
    years: Iterable[int] = YEARS,
    sources: Sequence[tuple[str, str, tuple[str, ...]]] = SOURCES_10,
    scale: float = 1.0,
) -> list[Row]:
    """Deterministic made-up values that fall over time, distinct per source and gas."""
    rows: list[Row] = []
    for year in years:
        k = 0
        for sector, source, gases in sources:
            for gas in gases:
                k += 1
                rows.append((year, sector, source, gas, round(scale * (100 + 7 * k) * (1 - 0.01 * (year - 2009)), 1)))
    return rows


# The bytes of each workbook written in this test process, by everything that went into it: a test that asks for the
# same workbook again gets a copy of those bytes (openpyxl's writing was ~2 s of the run without browser tests).
_written: dict[str, bytes] = {}


def _written_once(path: Path, key: tuple[Any, ...], write: Callable[[Path], None]) -> Path:
    wanted = repr(key)
    data = _written.get(wanted)
    if data is None:
        write(path)
        _written[wanted] = path.read_bytes()
    else:
        path.write_bytes(data)
    return path


def write_format_a(
    path: Path,
    municipality: str = "Hol",
    rows: Sequence[tuple[Any, ...]] | None = None,
    value_header: str = VALUE_HEADER_A,
    overview_rows: Sequence[tuple[Any, ...]] | None = None,
    info_rows: Sequence[tuple[Any, ...]] | None = None,
    detailed_header: Sequence[str] | None = None,
    omit_sheets: Iterable[str] = (),
) -> Path:
    """Write a per-municipality export. `rows` are (year, sector, source, gas, value) detail rows;
    Oversikt is computed from them unless `overview_rows` is given."""
    rows = list(rows if rows is not None else synthetic_rows())
    omit = set(omit_sheets)
    key = ("A", municipality, rows, value_header, overview_rows and list(overview_rows),
           info_rows and list(info_rows), detailed_header and list(detailed_header), sorted(omit))
    return _written_once(path, key, lambda target: _format_a(target, municipality, rows, value_header, overview_rows,
                                                             info_rows, detailed_header, omit))


def _format_a(path: Path, municipality: str, rows: list[tuple[Any, ...]], value_header: str,
              overview_rows: Sequence[tuple[Any, ...]] | None, info_rows: Sequence[tuple[Any, ...]] | None,
              detailed_header: Sequence[str] | None, omit: set[str]) -> None:
    wb = Workbook()
    wb.remove(wb.active)
    if "Info" not in omit:
        info = wb.create_sheet("Info")
        for r in info_rows or (
            ("Nedlastet fra:", MANUAL_PAGE),
            ("Datasett:", municipality),
            ("Utgiver:", "Miljødirektoratet"),
        ):
            info.append(list(r))
    if "Oversikt" not in omit:
        overview = wb.create_sheet("Oversikt")
        overview.append(["År", "Sektor", value_header])
        if overview_rows is None:
            sums: dict[tuple[Any, Any], float] = {}
            for year, sector, _source, _gas, value in rows:
                if isinstance(value, int | float):
                    sums[(year, sector)] = sums.get((year, sector), 0.0) + value
            overview_rows = [(y, s, round(v, 1)) for (y, s), v in sums.items()]
        for r in overview_rows:
            overview.append(list(r))
    if "Oversikt - detaljert" not in omit:
        detailed = wb.create_sheet("Oversikt - detaljert")
        detailed.append(list(detailed_header or ["År", "Sektor", "Utslippskilde", "Klimagass", value_header]))
        for r in rows:
            detailed.append(list(r))
    for sector in dict.fromkeys(r[1] for r in rows):
        sheet = wb.create_sheet(str(sector).strip()[:31])
        sheet.append(["År", "Utslippskilde", "Klimagass", value_header])
        for year, s, source, gas, value in rows:
            if s == sector:
                sheet.append([year, source, gas, value])
    wb.create_sheet("Tilleggsinfo").append(["År", "Sektor", "Tittel", "Navn", "Mengde"])
    wb.save(path)


BRow = tuple[Any, str, int, str, str, str, Any]  # kommunenummer, kommune, year, sector, source, gas, value


def rows_for(code: Any, name: str, rows: Iterable[Row]) -> list[BRow]:
    return [(code, name, *r) for r in rows]


def write_format_b(
    path: Path,
    rows: Sequence[tuple[Any, ...]],
    sheet_name: str = "Oversikt - detaljert",
    value_header: str = VALUE_HEADER_B,
    header: Sequence[str] | None = None,
    fylke: str = "Buskerud",
) -> Path:
    """Write an all-municipalities file. `rows` are (kommunenummer, kommune, year, sector, source, gas, value)."""
    rows = list(rows)
    key = ("B", rows, sheet_name, value_header, header and list(header), fylke)
    return _written_once(path, key, lambda target: _format_b(target, rows, sheet_name, value_header, header, fylke))


def _format_b(path: Path, rows: list[tuple[Any, ...]], sheet_name: str, value_header: str,
              header: Sequence[str] | None, fylke: str) -> None:
    wb = Workbook()
    ws = wb.active
    ws.title = sheet_name
    columns = ["Fylke", "Kommunenummer", "Kommune", "År", "Sektor", "Utslippskilde", "Klimagass", value_header]
    ws.append(list(header or columns))
    for r in rows:
        ws.append([fylke, *r])
    wb.save(path)
