"""Reading worksheets as streams: the header row, the rows below it (with a row limit and a time limit), the
Info sheet, and one detailed row into the shape both workbook layouts share."""

from __future__ import annotations

import itertools
import re
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from indicators import regions
from indicators.i18n import labels
from indicators.safe_text import clean_text, markdown_literal
from indicators.sources.miljodirektoratet import limits
from indicators.sources.miljodirektoratet.common import (
    MESSAGES,
    SUBSCRIPTS,
    EmissionsImportError,
    canonical_gas,
    canonical_sector,
    parse_number,
    parse_year,
    required_text,
    shown_sector,
)

DETAILED_SHEETS = ("oversikt - detaljert", "oversikt - sektorfordelt")
_VALUE_HEADER = re.compile(r"^utslipp\s*\(\s*tonn\s+co2\s*-?\s*ekv")
MAX_HEADER_SEARCH_ROWS = 10
_CLOCK_EVERY_ROWS = 5_000


def header_key(value: Any) -> str:
    """A comparable form of a header: subscripts to digits (CO₂ -> co2), whitespace collapsed, case folded."""
    return clean_text(value).translate(SUBSCRIPTS).casefold()


def sheet_key(name: str) -> str:
    text = clean_text(name).replace("–", "-").replace("—", "-").casefold()
    return re.sub(r"\s*-\s*", " - ", text)


@dataclass
class Header:
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


def find_header(rows: list[tuple[Any, ...]]) -> Header | None:
    for i, row in enumerate(rows[:MAX_HEADER_SEARCH_ROWS]):
        keys = [header_key(v) for v in row]
        if "år" in keys and "sektor" in keys:
            return Header(row=i + 1, labels=[clean_text(v) for v in row], keys=keys)
    return None


def missing_column(sheet: str, wanted: str, header: Header | None, rows: list[tuple[Any, ...]]) -> EmissionsImportError:
    found = header.labels if header else [clean_text(v) for v in (rows[0] if rows else ())]
    shown = ", ".join(markdown_literal(f) for f in found if f) or MESSAGES.message("no_columns")
    return EmissionsImportError(MESSAGES.message("missing_column", sheet=sheet, column=wanted, columns=shown))


class Sheet:
    """A worksheet read as a stream: the first rows (to find the header in), then the rest lazily, so the
    all-municipalities file is never held in memory as a whole. Stops with a Nynorsk refusal past the row
    limit or the time limit (limits.MAX_ROWS, limits.MAX_READ_SECONDS)."""

    def __init__(self, workbook: Any, name: str, started: float | None = None):
        self.name = name
        self._started = time.monotonic() if started is None else started
        self._rest = self._bounded(workbook[name].iter_rows(values_only=True))
        self.head = [tuple(r) for r in itertools.islice(self._rest, MAX_HEADER_SEARCH_ROWS)]

    def _bounded(self, rows: Iterable[tuple[Any, ...]]) -> Iterator[tuple[Any, ...]]:
        for count, row in enumerate(rows, start=1):
            if count > limits.MAX_ROWS:
                raise EmissionsImportError(MESSAGES.message("sheet_too_long", sheet=self.name, limit=limits.MAX_ROWS))
            if count % _CLOCK_EVERY_ROWS == 0 and time.monotonic() - self._started > limits.MAX_READ_SECONDS:
                raise EmissionsImportError(MESSAGES.message("too_slow", sheet=self.name,
                                                            seconds=f"{limits.MAX_READ_SECONDS:.0f}"))
            yield tuple(row)

    def all_rows(self) -> list[tuple[Any, ...]]:
        return self.head + list(self._rest)

    def data_rows(self, header: Header) -> Iterator[tuple[int, tuple[Any, ...]]]:
        """(1-based row number, cells) for the non-empty rows below the header. Can be iterated once."""
        rows = itertools.chain(self.head[header.row :], self._rest)
        for number, row in enumerate(rows, start=header.row + 1):
            if all(v is None or (isinstance(v, str) and not v.strip()) for v in row):
                continue
            yield number, row


def cell(row: tuple[Any, ...], index: int | None) -> Any:
    if index is None or index >= len(row):
        return None
    return row[index]


def find_sheet(workbook: Any, *keys: str) -> str | None:
    by_key = {sheet_key(n): n for n in workbook.sheetnames}
    for key in keys:
        if key in by_key:
            return by_key[key]
    return None


def sheet_list(workbook: Any) -> str:
    return ", ".join(markdown_literal(n) for n in workbook.sheetnames) or "ingen"


def read_info(rows: list[tuple[Any, ...]]) -> dict[str, str]:
    """The Info sheet's label/value pairs, keyed by the label without its colon, case folded."""
    info: dict[str, str] = {}
    for row in rows:
        cells = [c for c in row if c is not None and clean_text(c)]
        if len(cells) >= 2:
            info[clean_text(cells[0]).rstrip(":").strip().casefold()] = clean_text(cells[1])
    return info


@dataclass
class Row:
    code: str
    period: int
    sector: str
    source: str
    gas: str
    value: float
    where: str  # for duplicate messages


def detailed_columns(sheet: Sheet, header: Header, need_source_and_gas: bool) -> dict[str, int | None]:
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
            raise missing_column(sheet.name, label, header, sheet.head)
    return columns


def parse_row(
    sheet: str, row_number: int, row: tuple[Any, ...], header: Header, columns: dict[str, int | None], code: str
) -> Row:
    def label(key: str) -> str:
        index = columns[key]
        return header.labels[index] if index is not None else key

    year_i, sector_i, value_i = columns["year"], columns["sector"], columns["value"]
    assert year_i is not None and sector_i is not None and value_i is not None
    period = parse_year(cell(row, year_i), sheet, row_number, year_i, label("year"))
    sector = canonical_sector(required_text(cell(row, sector_i), sheet, row_number, sector_i, label("sector")))
    source = clean_text(cell(row, columns["source"]))
    gas = canonical_gas(cell(row, columns["gas"]))
    if columns["source"] is not None and not source:
        required_text(None, sheet, row_number, columns["source"], label("source"))
    if columns["gas"] is not None and not gas:
        required_text(None, sheet, row_number, columns["gas"], label("gas"))
    value = parse_number(cell(row, value_i), sheet, row_number, value_i, label("value"))
    return Row(code, period, sector, source, gas, value, where=f"rad {row_number} i arket «{sheet}»")


# A file that says the same thing twice: worded in the language active where it is shown.
DUPLICATES = labels("miljodirektoratet.DUPLICATES", {
    "row": "Dobbel rad: {first} og {second} gjeld det same ({what}). Ein kan ikkje vite kva tal som gjeld; rett eller "
           "last ned fila på nytt.",
})


def check_duplicates(parsed: Iterable[Row]) -> None:
    seen: dict[tuple[str, int, str, str, str], Row] = {}
    for r in parsed:
        key = (r.code, r.period, r.sector, r.source, r.gas)
        if key in seen:
            from_file = (shown_sector(r.sector), *(markdown_literal(t) for t in (r.source, r.gas) if t))
            what = ", ".join((regions.region_name(r.code), str(r.period), *from_file))
            raise EmissionsImportError(DUPLICATES.message("row", first=seen[key].where, second=r.where, what=what))
        seen[key] = r
