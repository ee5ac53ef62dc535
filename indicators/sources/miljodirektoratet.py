"""Miljødirektoratet's "Klimagassutslipp fra kommuner": read the agency's Excel files into the tidy shape.

Two real layouts are recognised (see shared reference sources.md):

* Format A, the per-municipality export: sheets ``Info`` (label/value rows: "Nedlastet fra:", "Datasett:"
  = the municipality's *name*, "Utgiver:"), ``Oversikt`` (År | Sektor | Utslipp), ``Oversikt - detaljert``
  (År | Sektor | Utslippskilde | Klimagass | Utslipp) and one sheet per sector. The detailed rows sum to
  ``Oversikt``; we check that.
* Format B, the all-municipalities file: sheet ``Oversikt - detaljert`` (or ``Oversikt - sektorfordelt``)
  with Fylke | Kommunenummer | Kommune | År | Sektor | Utslippskilde | Klimagass | Utslipp.

Known variations tolerated: CO₂ vs CO2 in the header, trailing newlines/spaces in names, sector names in
lower case ("produkter med fluorgasser"), 9 or 10 sectors, municipality numbers stored as numbers (615).

The agency recalculates the whole series each year, so one release (identified by its latest year) is
never mixed with another: importing a file from another release replaces the cached dataset as a whole;
a per-municipality file from the *same* release replaces only that municipality's rows.
"""

from __future__ import annotations

import itertools
import math
import os
import re
import shutil
import tempfile
import tomllib
import unicodedata
import zipfile
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any
from urllib.parse import unquote, urlparse

import pandas as pd

from indicators import cache, regions
from indicators.model import Dataset, Provenance

DATASET = "emissions"
SOURCE = "Miljødirektoratet"
TITLE = "Klimagassutslipp fra kommuner"
ATTRIBUTION = "Kjelde: Miljødirektoratet"
LICENCE = (
    "NLOD (Norsk lisens for offentlege data) ifølgje ein tredjepartskatalog – ikkje stadfesta hjå "
    "Miljødirektoratet"
)
MANUAL_PAGE = "https://www.miljodirektoratet.no/tjenester/klimagassutslipp-kommuner/"
DEFAULT_SETTINGS = Path(__file__).resolve().parent.parent.parent / "plan" / "sources.toml"
DEFAULT_TIMEOUT_SECONDS = 60.0

COLUMNS: tuple[str, ...] = ("region_code", "region_name", "period", "sector", "source", "gas", "value", "status")

# The sectors of the current release (10); older releases had 9 (no "Produkter med fluorgasser").
KNOWN_SECTORS: tuple[str, ...] = (
    "Annen mobil forbrenning",
    "Avfall og avløp",
    "Energiforsyning",
    "Industri, olje og gass",
    "Jordbruk",
    "Luftfart",
    "Oppvarming",
    "Produkter med fluorgasser",
    "Sjøfart",
    "Veitrafikk",
)

# Only names we can vouch for; other municipalities are named as the file names them, without a code.
_OTHER_KNOWN_CODES: dict[str, str] = {"oslo": "0301"}

_DETAILED_SHEETS = ("oversikt - detaljert", "oversikt - sektorfordelt")
_SUBSCRIPTS = str.maketrans("₀₁₂₃₄₅₆₇₈₉", "0123456789")
_VALUE_HEADER = re.compile(r"^utslipp\s*\(\s*tonn\s+co2\s*-?\s*ekv")
_MAX_HEADER_SEARCH_ROWS = 10


class EmissionsImportError(ValueError):
    """An emissions file that cannot be imported; the message (Nynorsk) says why and where."""


class EmissionsDownloadError(EmissionsImportError):
    """The automatic download failed; the message explains how to download and import by hand."""


# --------------------------------------------------------------------------------------------- helpers


def _clean_text(value: Any) -> str:
    """Trim, collapse inner whitespace (the agency's names carry trailing newlines), NFC-normalise."""
    if value is None:
        return ""
    text = unicodedata.normalize("NFC", str(value))
    return " ".join(text.split())


def markdown_literal(text: Any) -> str:
    """Text from outside the program (a file name, a cell, a sheet name) for a message that may be shown as
    markdown: a code span with backticks dropped and whitespace collapsed, so the page shows it as itself, never
    as a link, image, emoji or formula, and a terminal shows it readably."""
    clean = _clean_text(text).replace("`", "")
    return f"`{clean}`" if clean else "«»"


def _shown_sector(sector: str) -> str:
    return sector if sector in KNOWN_SECTORS else markdown_literal(sector)


def _header_key(value: Any) -> str:
    """A comparable form of a header: subscripts to digits (CO₂ -> co2), whitespace collapsed, case folded."""
    return _clean_text(value).translate(_SUBSCRIPTS).casefold()


def _sheet_key(name: str) -> str:
    text = _clean_text(name).replace("–", "-").replace("—", "-").casefold()
    return re.sub(r"\s*-\s*", " - ", text)


_KNOWN_SECTOR_KEYS = {s.casefold(): s for s in KNOWN_SECTORS}


def _canonical_sector(raw: Any) -> str:
    text = _clean_text(raw)
    return _KNOWN_SECTOR_KEYS.get(text.casefold(), text[:1].upper() + text[1:])


def _canonical_gas(raw: Any) -> str:
    return _clean_text(raw).translate(_SUBSCRIPTS)


def _column_letter(index: int) -> str:
    from openpyxl.utils import get_column_letter

    return get_column_letter(index + 1)


def _where(sheet: str, row: int, index: int, header: str) -> str:
    return f"arket «{sheet}», rad {row}, kolonne {_column_letter(index)} ({markdown_literal(header)})"


def _parse_number(raw: Any, sheet: str, row: int, index: int, header: str) -> float:
    """A cell that should hold a number: numbers pass, numeric text ("1 234,5") is read, other text fails.
    An empty cell is missing (NaN), never zero."""
    if raw is None:
        return math.nan
    if isinstance(raw, bool):
        raise EmissionsImportError(f"I {_where(sheet, row, index, header)} står «{raw}», men her skal det stå eit tal.")
    if isinstance(raw, int | float):
        return float(raw)
    text = str(raw).strip().replace("\u00a0", "").replace(" ", "")
    if not text:
        return math.nan
    if re.fullmatch(r"-?\d+([.,]\d+)?", text):
        return float(text.replace(",", "."))
    raise EmissionsImportError(
        f"I {_where(sheet, row, index, header)} står teksten {markdown_literal(raw)}, men her skal det stå eit tal."
    )


def _parse_year(raw: Any, sheet: str, row: int, index: int, header: str) -> int:
    year: int | None = None
    if isinstance(raw, int) and not isinstance(raw, bool):
        year = raw
    elif isinstance(raw, float) and raw.is_integer():
        year = int(raw)
    elif isinstance(raw, str) and raw.strip().isdigit():
        year = int(raw.strip())
    if year is None or not 1990 <= year <= 2100:
        shown = "ei tom celle" if raw is None else markdown_literal(raw)
        where = _where(sheet, row, index, header)
        raise EmissionsImportError(f"I {where} står {shown}, men her skal det stå eit årstal.")
    return year


def _required_text(raw: Any, sheet: str, row: int, index: int, header: str) -> str:
    text = _clean_text(raw)
    if not text:
        where = _where(sheet, row, index, header)
        raise EmissionsImportError(f"I {where} er cella tom, men her skal det stå ein tekst.")
    return text


@dataclass
class _Header:
    row: int  # 1-based row number of the header
    labels: list[str]  # as written in the file (cleaned)
    keys: list[str]  # comparable forms

    def find(self, *candidates: str) -> int | None:
        for i, key in enumerate(self.keys):
            if key in candidates:
                return i
        return None

    def value_column(self) -> int | None:
        for i, key in enumerate(self.keys):
            if _VALUE_HEADER.match(key):
                return i
        return None


def _find_header(rows: list[tuple[Any, ...]]) -> _Header | None:
    for i, row in enumerate(rows[:_MAX_HEADER_SEARCH_ROWS]):
        keys = [_header_key(v) for v in row]
        if "år" in keys and "sektor" in keys:
            return _Header(row=i + 1, labels=[_clean_text(v) for v in row], keys=keys)
    return None


def _missing_column(
    sheet: str, wanted: str, header: _Header | None, rows: list[tuple[Any, ...]]
) -> EmissionsImportError:
    found = header.labels if header else [_clean_text(v) for v in (rows[0] if rows else ())]
    shown = ", ".join(markdown_literal(f) for f in found if f) or "ingen"
    return EmissionsImportError(f"Arket «{sheet}» manglar kolonna «{wanted}». Kolonnane i arket: {shown}.")


class _Sheet:
    """A worksheet read as a stream: the first rows (to find the header in), then the rest lazily, so the
    all-municipalities file (hundreds of thousands of rows) is never held in memory as a whole."""

    def __init__(self, workbook: Any, name: str):
        self.name = name
        self._rest = workbook[name].iter_rows(values_only=True)
        self.head = [tuple(r) for r in itertools.islice(self._rest, _MAX_HEADER_SEARCH_ROWS)]

    def all_rows(self) -> list[tuple[Any, ...]]:
        return self.head + [tuple(r) for r in self._rest]

    def data_rows(self, header: _Header) -> Iterator[tuple[int, tuple[Any, ...]]]:
        """(1-based row number, cells) for the non-empty rows below the header. Can be iterated once."""
        rows = itertools.chain(self.head[header.row :], self._rest)
        for number, row in enumerate(rows, start=header.row + 1):
            if all(v is None or (isinstance(v, str) and not v.strip()) for v in row):
                continue
            yield number, tuple(row)


def _cell(row: tuple[Any, ...], index: int | None) -> Any:
    if index is None or index >= len(row):
        return None
    return row[index]


# --------------------------------------------------------------------------------------------- reading


@dataclass
class _Row:
    code: str
    period: int
    sector: str
    source: str
    gas: str
    value: float
    where: str  # for duplicate messages


def _open_workbook(source: str | os.PathLike[str] | IO[bytes], shown_name: str) -> Any:
    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    if isinstance(source, str | os.PathLike) and not Path(source).exists():
        raise EmissionsImportError(f"Finn ikkje fila {markdown_literal(source)}.")
    try:
        return load_workbook(source, read_only=True, data_only=True)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, OSError, ValueError, TypeError) as exc:
        raise EmissionsImportError(
            f"Fila {markdown_literal(shown_name)} kan ikkje lesast som ei Excel-fil (.xlsx) ({type(exc).__name__}). "
            f"Last ned Excel-fila frå {MANUAL_PAGE} og prøv igjen."
        ) from exc




def _read_info(rows: list[tuple[Any, ...]]) -> dict[str, str]:
    """The Info sheet's label/value pairs, keyed by the label without its colon, case folded."""
    info: dict[str, str] = {}
    for row in rows:
        cells = [c for c in row if c is not None and _clean_text(c)]
        if len(cells) >= 2:
            info[_clean_text(cells[0]).rstrip(":").strip().casefold()] = _clean_text(cells[1])
    return info


def _hallingdal_list() -> str:
    return ", ".join(m.name for m in regions.MUNICIPALITIES)


def _not_hallingdal(description: str) -> EmissionsImportError:
    return EmissionsImportError(
        f"Fila gjeld {description}, ikkje nokon av kommunane i Hallingdal ({_hallingdal_list()}). Last ned fila "
        f"for ein Hallingdal-kommune (eller fila for alle kommunane) frå {MANUAL_PAGE}."
    )


def _municipality_from_name(name: str) -> str:
    """Today's code of the Hallingdal municipality a format A file names, else a Nynorsk error."""
    text = _clean_text(name)
    if not text:
        raise EmissionsImportError(
            "Info-arket seier ikkje kva kommune fila gjeld (manglar «Datasett:»). Er dette ei fil frå "
            f"Miljødirektoratet? Last ned fila på nytt frå {MANUAL_PAGE}."
        )
    code_match = re.search(r"\b(\d{4})\b", text)
    if code_match and regions.current_code(code_match.group(1)):
        return regions.current_code(code_match.group(1)) or ""
    bare = re.sub(r"\s*\(.*\)\s*$", "", text)
    bare = re.sub(r"\s+kommune$", "", bare, flags=re.IGNORECASE).strip()
    for m in regions.MUNICIPALITIES:
        if bare.casefold() == m.name.casefold():
            return m.code
    if bare.casefold() == "nes":
        raise EmissionsImportError(
            "Fila gjeld «Nes». Nes i Hallingdal heiter Nesbyen sidan 2020, og fleire kommunar har heitt Nes, så "
            f"fila kan ikkje knytast sikkert til Hallingdal. Last ned fila for Nesbyen frå {MANUAL_PAGE}."
        )
    known = _OTHER_KNOWN_CODES.get(bare.casefold())
    raise _not_hallingdal(f"{bare} ({known})" if known else markdown_literal(bare))


def _find_sheet(workbook: Any, *keys: str) -> str | None:
    by_key = {_sheet_key(n): n for n in workbook.sheetnames}
    for key in keys:
        if key in by_key:
            return by_key[key]
    return None


def _sheet_list(workbook: Any) -> str:
    return ", ".join(markdown_literal(n) for n in workbook.sheetnames) or "ingen"


def _read_format_a(workbook: Any, sheet: _Sheet, header: _Header) -> tuple[list[_Row], dict[str, str]]:
    for needed in ("Info", "Oversikt"):
        if _find_sheet(workbook, needed.casefold()) is None:
            raise EmissionsImportError(
                f"Fila manglar arket «{needed}». Ei eksportfil for éin kommune frå Miljødirektoratet har arka "
                f"«Info», «Oversikt» og «Oversikt - detaljert». Arka i fila: {_sheet_list(workbook)}."
            )
    info = _read_info(_Sheet(workbook, _find_sheet(workbook, "info") or "Info").all_rows())
    code = _municipality_from_name(info.get("datasett") or info.get("kommune") or "")

    columns = _detailed_columns(sheet, header, need_source_and_gas=True)
    parsed = [
        _parse_row(sheet.name, row_number, row, header, columns, code)
        for row_number, row in sheet.data_rows(header)
    ]
    _check_duplicates(parsed)
    _check_against_overview(workbook, parsed, sheet.name)
    return parsed, info


def _detailed_columns(sheet: _Sheet, header: _Header, need_source_and_gas: bool) -> dict[str, int | None]:
    columns: dict[str, int | None] = {
        "year": header.find("år"),
        "sector": header.find("sektor"),
        "source": header.find("utslippskilde"),
        "gas": header.find("klimagass"),
        "value": header.value_column(),
    }
    wanted = {"year": "År", "sector": "Sektor", "value": "Utslipp (tonn CO₂-ekvivalenter)"}
    if need_source_and_gas:
        wanted |= {"source": "Utslippskilde", "gas": "Klimagass"}
    for key, label in wanted.items():
        if columns[key] is None:
            raise _missing_column(sheet.name, label, header, sheet.head)
    return columns


def _parse_row(
    sheet: str, row_number: int, row: tuple[Any, ...], header: _Header, columns: dict[str, int | None], code: str
) -> _Row:
    def label(key: str) -> str:
        index = columns[key]
        return header.labels[index] if index is not None else key

    year_i, sector_i, value_i = columns["year"], columns["sector"], columns["value"]
    assert year_i is not None and sector_i is not None and value_i is not None
    period = _parse_year(_cell(row, year_i), sheet, row_number, year_i, label("year"))
    sector = _canonical_sector(_required_text(_cell(row, sector_i), sheet, row_number, sector_i, label("sector")))
    source = _clean_text(_cell(row, columns["source"]))
    gas = _canonical_gas(_cell(row, columns["gas"]))
    if columns["source"] is not None and not source:
        _required_text(None, sheet, row_number, columns["source"], label("source"))
    if columns["gas"] is not None and not gas:
        _required_text(None, sheet, row_number, columns["gas"], label("gas"))
    value = _parse_number(_cell(row, value_i), sheet, row_number, value_i, label("value"))
    return _Row(code, period, sector, source, gas, value, where=f"rad {row_number} i arket «{sheet}»")


def _check_against_overview(workbook: Any, parsed: list[_Row], detailed_sheet: str) -> None:
    """The detailed rows must add up to the Oversikt sheet (they do exactly in the agency's files), and every
    non-zero Oversikt total must have detailed rows: a truncated detailed sheet would otherwise import too low."""
    overview = _Sheet(workbook, _find_sheet(workbook, "oversikt") or "Oversikt")
    sheet = overview.name
    header = _find_header(overview.head)
    if header is None:
        raise _missing_column(sheet, "År", header, overview.head)
    year_i, sector_i, value_i = header.find("år"), header.find("sektor"), header.value_column()
    if value_i is None or year_i is None or sector_i is None:
        raise _missing_column(sheet, "Utslipp (tonn CO₂-ekvivalenter)", header, overview.head)
    detailed: dict[tuple[int, str], float] = {}
    for r in parsed:
        detailed[(r.period, r.sector)] = detailed.get((r.period, r.sector), 0.0) + r.value
    for row_number, row in overview.data_rows(header):
        period = _parse_year(_cell(row, year_i), sheet, row_number, year_i, header.labels[year_i])
        sector = _canonical_sector(_required_text(_cell(row, sector_i), sheet, row_number, sector_i, "Sektor"))
        total = _parse_number(_cell(row, value_i), sheet, row_number, value_i, header.labels[value_i])
        if math.isnan(total):
            continue
        if (period, sector) not in detailed:
            if total == 0:
                continue  # the agency lists sectors without emissions as 0, with no detailed rows
            what = f"{_shown_sector(sector)} {period}"
            raise EmissionsImportError(
                f"Arket «{sheet}» rad {row_number} har {total:.1f} tonn for {what}, men arket «{detailed_sheet}» "
                f"har ingen rader for {what}. Det detaljerte arket kan vere avkorta eller endra for hand; last ned "
                f"fila på nytt frå {MANUAL_PAGE}."
            )
        ours = detailed[(period, sector)]
        if not math.isnan(ours) and abs(ours - total) > max(1.0, 1e-4 * abs(total)):
            raise EmissionsImportError(
                f"Summen av dei detaljerte radene for {_shown_sector(sector)} {period} ({ours:.1f} tonn) stemmer "
                f"ikkje med arket «{sheet}» rad {row_number} ({total:.1f} tonn). Fila kan vere endra for hand; "
                f"last ned ho på nytt frå {MANUAL_PAGE}."
            )


def _read_format_b(sheet: _Sheet, header: _Header) -> list[_Row]:
    detailed = _sheet_key(sheet.name) == "oversikt - detaljert"
    columns = _detailed_columns(sheet, header, need_source_and_gas=detailed)
    code_i = header.find("kommunenummer", "kommunenr", "kommunenr.")
    name_i = header.find("kommune", "kommunenavn", "kommunenamn")
    assert code_i is not None
    parsed: list[_Row] = []
    others: dict[str, str] = {}
    for row_number, row in sheet.data_rows(header):
        raw_code = _cell(row, code_i)
        if isinstance(raw_code, float) and raw_code.is_integer():
            raw_code = int(raw_code)
        code_text = _required_text(raw_code, sheet.name, row_number, code_i, header.labels[code_i])
        if code_text.isdigit():
            code_text = code_text.zfill(4)
        code = regions.current_code(code_text)
        if code is None:
            others.setdefault(code_text, _clean_text(_cell(row, name_i)))
            continue
        parsed_row = _parse_row(sheet.name, row_number, row, header, columns, code)
        parsed_row.where += f" (kommunenummer {code_text})"
        parsed.append(parsed_row)
    if not parsed:
        if not others:
            raise EmissionsImportError(f"Arket «{sheet.name}» har ingen datarader.")
        named = [markdown_literal(f"{name} ({code})" if name else code) for code, name in sorted(others.items())]
        if len(named) == 1:
            raise _not_hallingdal(named[0])
        raise _not_hallingdal(f"{len(named)} kommunar (mellom anna {', '.join(named[:3])})")
    return parsed


def _check_duplicates(parsed: Iterable[_Row]) -> None:
    seen: dict[tuple[str, int, str, str, str], _Row] = {}
    for r in parsed:
        key = (r.code, r.period, r.sector, r.source, r.gas)
        if key in seen:
            from_file = (_shown_sector(r.sector), *(markdown_literal(t) for t in (r.source, r.gas) if t))
            what = ", ".join((regions.region_name(r.code), str(r.period), *from_file))
            raise EmissionsImportError(
                f"Dobbel rad: {seen[key].where} og {r.where} gjeld det same ({what}). Ein kan ikkje vite kva tal "
                "som gjeld; rett eller last ned fila på nytt."
            )
        seen[key] = r


def read_emissions_workbook(
    source: str | os.PathLike[str] | IO[bytes], file_name: str | None = None
) -> Dataset:
    """Read a Miljødirektoratet emissions workbook (format A or B) into a tidy Dataset for Hallingdal.

    `source` is a path or a binary file object (an upload); `file_name` names it in provenance and messages.
    Raises EmissionsImportError (Nynorsk message) for anything that cannot be imported safely.
    """
    shown_name = file_name or (Path(source).name if isinstance(source, str | os.PathLike) else "opplasta fil")
    workbook = _open_workbook(source, shown_name)
    try:
        sheet = _find_sheet(workbook, *_DETAILED_SHEETS)
        if sheet is None:
            raise EmissionsImportError(
                f"Fila {markdown_literal(shown_name)} manglar arket «Oversikt - detaljert» (eller «Oversikt - "
                f"sektorfordelt»), som Miljødirektoratet sine filer har. Arka i fila: {_sheet_list(workbook)}."
            )
        detailed = _Sheet(workbook, sheet)
        header = _find_header(detailed.head)
        if header is None:
            first = {_header_key(v) for v in (detailed.head[0] if detailed.head else ())}
            raise _missing_column(sheet, "Sektor" if "år" in first else "År", None, detailed.head)
        info: dict[str, str] = {}
        if header.find("kommunenummer", "kommunenr", "kommunenr.") is not None:
            layout = "B"
            parsed = _read_format_b(detailed, header)
            _check_duplicates(parsed)
            info_sheet = _find_sheet(workbook, "info")
            if info_sheet:
                info = _read_info(_Sheet(workbook, info_sheet).all_rows())
        else:
            layout = "A"
            parsed, info = _read_format_a(workbook, detailed, header)
    finally:
        workbook.close()
    if not parsed:
        raise EmissionsImportError(f"Arket «{sheet}» i fila {markdown_literal(shown_name)} har ingen datarader.")

    frame = pd.DataFrame(
        {
            "region_code": [r.code for r in parsed],
            "region_name": [regions.region_name(r.code) for r in parsed],
            "period": [r.period for r in parsed],
            "sector": [r.sector for r in parsed],
            "source": [r.source for r in parsed],
            "gas": [r.gas for r in parsed],
            "value": [r.value for r in parsed],
            "status": [".." if math.isnan(r.value) else "" for r in parsed],
        },
        columns=list(COLUMNS),
    )
    frame = frame.sort_values(["region_code", "period", "sector", "source", "gas"]).reset_index(drop=True)
    return Dataset(frame=frame, provenance=_provenance(frame, shown_name, layout, info))


def _provenance(frame: pd.DataFrame, file_name: str, layout: str, info: dict[str, str]) -> Provenance:
    imported_at = cache.utc_now_iso()
    years = sorted(int(y) for y in frame["period"].unique())
    codes = sorted(frame["region_code"].unique())
    url = info.get("nedlastet fra") or info.get("lastet ned fra") or None
    publisher = info.get("utgiver") or info.get("utgjevar") or None
    file_record = {
        "file_name": file_name,
        "format": layout,
        "municipalities": codes,
        "publisher": publisher,
        "download_url": url,
        "imported_at": imported_at,
    }
    notes = [
        "Territorielle utslepp innanfor kommunegrensa, tonn CO₂-ekvivalentar. Miljødirektoratet reknar om heile "
        "serien ved kvar utgåve; utgåva er her sett som siste år i fila.",
        "Lisensen (NLOD) er henta frå ein tredjepartskatalog og er ikkje stadfesta hjå Miljødirektoratet.",
    ]
    sectors_by_year = frame.groupby(["region_code", "period"])["sector"].nunique()
    if sectors_by_year.nunique() > 1:
        notes.append("Talet på sektorar varierer mellom år eller kommunar i fila: samanlikn like med like.")
    return Provenance(
        dataset=DATASET,
        title=TITLE,
        source=SOURCE,
        retrieved_at=imported_at,
        licence=LICENCE,
        attribution=ATTRIBUTION,
        produced_by=f"indicators.sources.miljodirektoratet.read_emissions_workbook({file_name})",
        url=url,
        notes=notes,
        extra={
            "release": years[-1],
            "years": years,
            "municipalities": codes,
            "sectors": sorted(frame["sector"].unique()),
            "publisher": publisher,
            "files": [file_record],
        },
    )


# --------------------------------------------------------------------------------------------- import


@dataclass(frozen=True)
class ReleaseInfo:
    """What one emissions dataset holds, for showing before and after an import."""

    release: int | None
    years: tuple[int, ...]
    municipalities: tuple[str, ...]
    row_count: int
    file_names: tuple[str, ...] = ()
    imported_at: str | None = None

    def describe(self) -> str:
        names = ", ".join(regions.region_name(c) for c in self.municipalities) or "ingen kommunar"
        years = _year_span(self.years)
        files = f"; fil: {', '.join(map(markdown_literal, self.file_names))}" if self.file_names else ""
        return f"utgåve {self.release} ({years}; {names}; {self.row_count} rader{files})"


def _year_span(years: Sequence[int]) -> str:
    if not years:
        return "ingen år"
    return f"{years[0]}–{years[-1]}, {len(years)} år" if len(years) > 1 else str(years[0])


def _release_info(dataset: Dataset) -> ReleaseInfo:
    frame, extra = dataset.frame, dataset.provenance.extra or {}
    years = tuple(sorted(int(y) for y in frame["period"].unique()))
    files = tuple(f.get("file_name", "") for f in extra.get("files", []))
    return ReleaseInfo(
        release=years[-1] if years else None,
        years=years,
        municipalities=tuple(sorted(str(c) for c in frame["region_code"].unique())),
        row_count=len(frame),
        file_names=files,
        imported_at=dataset.provenance.retrieved_at,
    )


@dataclass
class ImportPreview:
    """What an import would do: the cached release (if any), the incoming file(s) and the result."""

    current: ReleaseInfo | None
    incoming: ReleaseInfo
    result: ReleaseInfo
    action: str  # "new" | "replace_all" | "replace_municipalities"
    removed_municipalities: tuple[str, ...] = ()
    kept_municipalities: tuple[str, ...] = ()
    notes: list[str] = field(default_factory=list)
    dataset: Dataset | None = None  # the dataset that would be written

    def describe(self) -> str:
        """A Nynorsk summary (markdown) to show before the user confirms."""
        lines = [f"**Ny fil:** {self.incoming.describe()}."]
        if self.current is None:
            lines.append("**No:** ingen utsleppsdata ligg inne. Importen legg inn dataa frå fila.")
        else:
            lines.append(f"**No:** {self.current.describe()}.")
            if self.action == "replace_municipalities":
                replaced = ", ".join(regions.region_name(c) for c in self.incoming.municipalities)
                kept = ", ".join(regions.region_name(c) for c in self.kept_municipalities) or "ingen"
                lines.append(
                    f"**Blir bytt ut:** dataa for {replaced}. Same utgåve, så dei andre kommunane blir ståande "
                    f"({kept})."
                )
            else:
                lines.append("**Blir bytt ut:** alle utsleppsdataa som ligg inne, i heile serien.")
        lines.extend(self.notes)
        return "\n\n".join(lines)


@dataclass
class ImportSummary:
    result: ReleaseInfo
    replaced: ReleaseInfo | None
    action: str
    path: Path
    notes: list[str] = field(default_factory=list)

    def describe(self) -> str:
        """Nynorsk lines for the CLI and the page after a successful import."""
        lines = [f"Importerte klimagassutslepp frå Miljødirektoratet: {self.result.describe()}."]
        if self.replaced is not None and self.action == "replace_municipalities":
            before = self.replaced.describe()
            lines.append(f"Same utgåve som før; berre kommunane i den nye fila er bytte ut (før: {before}).")
        elif self.replaced is not None:
            lines.append(f"Erstatta heile serien som låg inne: {self.replaced.describe()}.")
        lines.extend(self.notes)
        lines.append(f"Lagra i {self.path}.")
        return "\n".join(lines)


def _read_current(cache_directory: str | os.PathLike[str] | None) -> tuple[Dataset | None, list[str]]:
    if not cache.has_dataset(DATASET, cache_directory):
        return None, []
    try:
        return cache.read_dataset(DATASET, cache_directory), []
    except cache.CacheError as exc:
        return None, [f"Dei lagra utsleppsdataa kan ikkje lesast ({exc}); dei blir erstatta heilt."]


def _combine(incoming: list[Dataset]) -> Dataset:
    """Several files read together (e.g. six per-municipality exports) make one release."""
    if len(incoming) == 1:
        return incoming[0]
    releases = {int(d.frame["period"].max()) for d in incoming}
    if len(releases) > 1:
        raise EmissionsImportError(
            f"Filene kjem frå ulike utgåver (siste år {', '.join(map(str, sorted(releases)))}). Miljødirektoratet "
            "reknar om heile serien kvart år, så utgåver kan ikkje blandast: last ned alle filene på nytt."
        )
    seen: dict[str, str] = {}
    for d in incoming:
        name = d.provenance.extra["files"][0]["file_name"]
        for code in d.provenance.extra["municipalities"]:
            if code in seen:
                raise EmissionsImportError(
                    f"{regions.region_name(code)} finst i både {markdown_literal(seen[code])} og "
                    f"{markdown_literal(name)}. Vel éi av filene."
                )
            seen[code] = name
    frame = pd.concat([d.frame for d in incoming], ignore_index=True)
    return _merged_dataset(frame, incoming[0].provenance, [f for d in incoming for f in d.provenance.extra["files"]])


def _merged_dataset(frame: pd.DataFrame, template: Provenance, files: list[dict[str, Any]]) -> Dataset:
    frame = frame.sort_values(["region_code", "period", "sector", "source", "gas"]).reset_index(drop=True)
    years = sorted(int(y) for y in frame["period"].unique())
    extra = dict(template.extra)
    extra |= {
        "release": years[-1],
        "years": years,
        "municipalities": sorted(frame["region_code"].unique()),
        "sectors": sorted(frame["sector"].unique()),
        "files": files,
    }
    provenance = Provenance.from_dict(template.to_dict())
    provenance.extra = extra
    provenance.produced_by = "indicators.sources.miljodirektoratet.read_emissions_workbook(" + ", ".join(
        f["file_name"] for f in files
    ) + ")"
    provenance.retrieved_at = max(f["imported_at"] for f in files)
    provenance.row_count, provenance.checksum = 0, ""
    return Dataset(frame=frame, provenance=provenance)


def _plan(incoming: Dataset, current: Dataset | None, notes: list[str]) -> ImportPreview:
    incoming_info = _release_info(incoming)
    if current is None:
        return ImportPreview(None, incoming_info, incoming_info, "new", notes=notes, dataset=incoming)
    current_info = _release_info(current)
    # Per-municipality files (one or several) of the stored release replace only their own municipalities.
    is_per_municipality = all(f["format"] == "A" for f in incoming.provenance.extra["files"])
    if is_per_municipality and current_info.release == incoming_info.release:
        keep = current.frame[~current.frame["region_code"].isin(incoming_info.municipalities)]
        kept_files = [
            f
            for f in current.provenance.extra.get("files", [])
            if not set(f.get("municipalities", [])) <= set(incoming_info.municipalities)
        ]
        merged = _merged_dataset(
            pd.concat([keep, incoming.frame], ignore_index=True),
            incoming.provenance,
            kept_files + incoming.provenance.extra["files"],
        )
        kept = tuple(sorted(keep["region_code"].unique()))
        return ImportPreview(
            current_info, incoming_info, _release_info(merged), "replace_municipalities",
            kept_municipalities=kept, notes=notes, dataset=merged,
        )
    removed = tuple(c for c in current_info.municipalities if c not in incoming_info.municipalities)
    if current_info.release != incoming_info.release:
        older = current_info.release is not None and incoming_info.release is not None and (
            incoming_info.release < current_info.release
        )
        notes = [
            *notes,
            f"Fila er frå ei {'eldre' if older else 'anna'} utgåve (siste år {incoming_info.release}) enn dataa "
            f"som ligg inne (siste år {current_info.release}). Utgåver blir ikkje blanda, så heile serien blir "
            "bytt ut.",
        ]
    if removed:
        names = ", ".join(regions.region_name(c) for c in removed)
        notes = [*notes, f"Desse kommunane er ikkje med i den nye fila og forsvinn: {names}."]
    return ImportPreview(
        current_info, incoming_info, incoming_info, "replace_all",
        removed_municipalities=removed, notes=notes, dataset=incoming,
    )


PathLike = str | os.PathLike[str]


def _read_all(path: PathLike | Sequence[PathLike]) -> Dataset:
    paths = [path] if isinstance(path, str | os.PathLike) else list(path)
    if not paths:
        raise EmissionsImportError("Ingen fil er vald.")
    return _combine([read_emissions_workbook(p) for p in paths])


def preview_import(
    path: PathLike | Sequence[PathLike], cache_directory: PathLike | None = None
) -> ImportPreview:
    """Read and check the file(s) and say what an import would replace, without writing anything."""
    incoming = _read_all(path)
    current, notes = _read_current(cache_directory)
    return _plan(incoming, current, notes)


def import_emissions(
    path: PathLike | Sequence[PathLike], cache_directory: PathLike | None = None
) -> ImportSummary:
    """Read, check and store emission file(s) in the cache, atomically. A failure leaves the cache as it was.

    One path or several (all read before anything is written, e.g. the six per-municipality exports).
    """
    preview = preview_import(path, cache_directory)
    assert preview.dataset is not None
    try:
        target = cache.write_dataset(preview.dataset, cache_directory)
    except (ValueError, cache.CacheError, OSError) as exc:
        raise EmissionsImportError(f"Utsleppsdataa kunne ikkje lagrast, og ingenting er endra: {exc}") from exc
    return ImportSummary(
        result=preview.result,
        replaced=preview.current,
        action=preview.action,
        path=target,
        notes=preview.notes,
    )


# --------------------------------------------------------------------------------------------- refresh


@dataclass(frozen=True)
class EmissionsSettings:
    download_urls: tuple[str, ...]
    manual_page: str = MANUAL_PAGE
    timeout_seconds: float = DEFAULT_TIMEOUT_SECONDS


def load_settings(settings_path: PathLike = DEFAULT_SETTINGS) -> EmissionsSettings:
    """The [emissions] table of plan/sources.toml (download address(es), manual page, timeout)."""
    try:
        with open(settings_path, "rb") as fh:
            data = tomllib.load(fh)
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise EmissionsDownloadError(
            f"Innstillingsfila {settings_path} kan ikkje lesast ({exc}). {manual_instructions()}"
        ) from exc
    section = data.get("emissions", {})
    urls = section.get("download_urls", section.get("download_url", []))
    if isinstance(urls, str):
        urls = [urls]
    return EmissionsSettings(
        download_urls=tuple(u.strip() for u in urls if isinstance(u, str) and u.strip()),
        manual_page=section.get("manual_page", MANUAL_PAGE),
        timeout_seconds=float(section.get("timeout_seconds", DEFAULT_TIMEOUT_SECONDS)),
    )


def manual_instructions(manual_page: str = MANUAL_PAGE) -> str:
    """How to get the file by hand (Nynorsk)."""
    return (
        f"Last ned fila for hand: opne {manual_page}, vel kommunen (Flå, Nesbyen, Gol, Hemsedal, Ål eller Hol) "
        "og last ned Excel-fila (eller fila med alle kommunane, utslippsstatistikk_alle_kommuner.xlsx). "
        "Importer ho så på sida Klima, eller med `python -m indicators import-emissions FIL`."
    )


def _file_name_from_response(response: Any, url: str) -> str:
    disposition = response.headers.get("Content-Disposition", "") if hasattr(response, "headers") else ""
    match = re.search(r"filename\*?=(?:UTF-8'')?\"?([^\";]+)\"?", disposition, flags=re.IGNORECASE)
    if match:
        return Path(unquote(match.group(1))).name
    name = Path(unquote(urlparse(url).path)).name
    return name if name.lower().endswith(".xlsx") else "utslepp_nedlasta.xlsx"


def refresh_emissions(
    settings_path: PathLike = DEFAULT_SETTINGS,
    session: Any | None = None,
    cache_directory: PathLike | None = None,
) -> ImportSummary:
    """Download the file(s) at the address(es) in plan/sources.toml and import them.

    Raises EmissionsDownloadError, whose Nynorsk message says how to download and import by hand, when no
    address is set, the download fails, or the downloaded file cannot be imported. The cache is unchanged then.
    """
    import requests

    settings = load_settings(settings_path)
    manual = manual_instructions(settings.manual_page)
    if not settings.download_urls:
        raise EmissionsDownloadError(
            f"Miljødirektoratet har ikkje noko dokumentert API, og ingen nedlastingsadresse er sett i {settings_path}. "
            + manual
        )
    http = session or requests.Session()
    workdir = Path(tempfile.mkdtemp(prefix="emissions-download-"))
    try:
        files: list[Path] = []
        for i, url in enumerate(settings.download_urls):
            try:
                response = http.get(url, timeout=settings.timeout_seconds)
                response.raise_for_status()
            except requests.RequestException as exc:
                raise EmissionsDownloadError(f"Nedlastinga frå {url} feila ({exc}). {manual}") from exc
            content = response.content
            if not content.startswith(b"PK"):
                raise EmissionsDownloadError(
                    f"Svaret frå {url} er ikkje ei Excel-fil (adressa kan ha endra seg). {manual}"
                )
            target = workdir / str(i) / _file_name_from_response(response, url)
            target.parent.mkdir()
            target.write_bytes(content)
            files.append(target)
        try:
            return import_emissions(files, cache_directory)
        except EmissionsImportError as exc:
            raise EmissionsDownloadError(f"Den nedlasta fila kunne ikkje importerast: {exc} {manual}") from exc
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
