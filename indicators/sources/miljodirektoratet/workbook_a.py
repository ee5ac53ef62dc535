"""Format A, the per-municipality export (Utslippsregnskap_<Kommune>.xlsx): sheets ``Info`` (label/value rows:
"Nedlastet fra:", "Datasett:" = the municipality's *name*, "Utgiver:"), ``Oversikt`` (År | Sektor | Utslipp),
``Oversikt - detaljert`` (År | Sektor | Utslippskilde | Klimagass | Utslipp) and one sheet per sector.

The detailed rows must sum to ``Oversikt`` and to each sector's own sheet (they do exactly in the agency's
files): every sheet tells of the same municipality, or the file was put together by hand."""

from __future__ import annotations

import math
from typing import Any

from indicators.sources.miljodirektoratet.common import (
    KNOWN_SECTORS,
    MANUAL_PAGE,
    MESSAGES,
    EmissionsImportError,
    canonical_sector,
    parse_number,
    parse_year,
    required_text,
    shown_sector,
)
from indicators.sources.miljodirektoratet.members import municipality_from_name
from indicators.sources.miljodirektoratet.sheets import (
    Header,
    Row,
    Sheet,
    cell,
    check_duplicates,
    detailed_columns,
    find_header,
    find_sheet,
    header_key,
    missing_column,
    parse_row,
    read_info,
    sheet_list,
)


def _tolerance(total: float) -> float:
    """Rounding: the agency rounds to 0.1 t per row, so sums of many rows may differ by a little."""
    return max(1.0, 1e-4 * abs(total))


def read_format_a(workbook: Any, sheet: Sheet, header: Header) -> tuple[list[Row], dict[str, str]]:
    for needed in ("Info", "Oversikt"):
        if find_sheet(workbook, needed.casefold()) is None:
            raise EmissionsImportError(MESSAGES.message("missing_sheet", sheet=needed, sheets=sheet_list(workbook)))
    info = read_info(Sheet(workbook, find_sheet(workbook, "info") or "Info").all_rows())
    code = municipality_from_name(info.get("datasett") or info.get("kommune") or "")

    columns = detailed_columns(sheet, header, need_source_and_gas=True)
    parsed = [parse_row(sheet.name, number, row, header, columns, code) for number, row in sheet.data_rows(header)]
    check_duplicates(parsed)
    _check_against_overview(workbook, parsed, sheet.name)
    _check_against_sector_sheets(workbook, parsed, sheet.name)
    return parsed, info


def _sums(parsed: list[Row]) -> dict[tuple[int, str], float]:
    detailed: dict[tuple[int, str], float] = {}
    for r in parsed:
        detailed[(r.period, r.sector)] = detailed.get((r.period, r.sector), 0.0) + r.value
    return detailed


def _check_against_overview(workbook: Any, parsed: list[Row], detailed_sheet: str) -> None:
    """The detailed rows must add up to the Oversikt sheet, and every non-zero Oversikt total must have
    detailed rows: a truncated detailed sheet would otherwise import too low."""
    overview = Sheet(workbook, find_sheet(workbook, "oversikt") or "Oversikt")
    sheet = overview.name
    header = find_header(overview.head)
    if header is None:
        raise missing_column(sheet, "År", header, overview.head)
    year_i, sector_i, value_i = header.find("år"), header.find("sektor"), header.value_column()
    if value_i is None or year_i is None or sector_i is None:
        raise missing_column(sheet, "Utslipp (tonn CO₂-ekvivalenter)", header, overview.head)
    detailed = _sums(parsed)
    for row_number, row in overview.data_rows(header):
        period = parse_year(cell(row, year_i), sheet, row_number, year_i, header.labels[year_i])
        sector = canonical_sector(required_text(cell(row, sector_i), sheet, row_number, sector_i, "Sektor"))
        total = parse_number(cell(row, value_i), sheet, row_number, value_i, header.labels[value_i])
        if math.isnan(total):
            continue
        if (period, sector) not in detailed:
            if total == 0:
                continue  # the agency lists sectors without emissions as 0, with no detailed rows
            what = f"{shown_sector(sector)} {period}"
            raise EmissionsImportError(MESSAGES.message(
                "no_detailed_rows", sheet=sheet, row=row_number, total=f"{total:.1f}", what=what,
                detailed=detailed_sheet, page=MANUAL_PAGE))
        ours = detailed[(period, sector)]
        if not math.isnan(ours) and abs(ours - total) > _tolerance(total):
            raise EmissionsImportError(MESSAGES.message(
                "sum_mismatch", sector=shown_sector(sector), period=period, ours=f"{ours:.1f}", sheet=sheet,
                row=row_number, total=f"{total:.1f}", page=MANUAL_PAGE))


def _check_against_sector_sheets(workbook: Any, parsed: list[Row], detailed_sheet: str) -> None:
    """Each sector's own sheet (År | Utslippskilde | Klimagass | Utslipp) must hold the same yearly sums as the
    detailed sheet: sheets copied from another municipality's file do not."""
    detailed = _sums(parsed)
    sectors = {s.casefold(): s for s in KNOWN_SECTORS}
    for name in workbook.sheetnames:
        sector = sectors.get(" ".join(str(name).split()).casefold())
        if sector is None:
            continue
        sheet = Sheet(workbook, name)
        header = next(
            (i for i, row in enumerate(sheet.head) if "år" in [header_key(v) for v in row]), None
        )
        if header is None:
            continue
        keys = [header_key(v) for v in sheet.head[header]]
        found = Header(row=header + 1, labels=[str(v or "") for v in sheet.head[header]], keys=keys)
        year_i, value_i = found.find("år"), found.value_column()
        if year_i is None or value_i is None:
            continue
        own: dict[int, float] = {}
        for row_number, row in sheet.data_rows(found):
            period = parse_year(cell(row, year_i), sheet.name, row_number, year_i, found.labels[year_i])
            value = parse_number(cell(row, value_i), sheet.name, row_number, value_i, found.labels[value_i])
            own[period] = own.get(period, 0.0) + value
        for period, total in sorted(own.items()):
            ours = detailed.get((period, sector), 0.0)
            if math.isnan(total) or math.isnan(ours):
                continue
            if abs(ours - total) > _tolerance(total):
                raise EmissionsImportError(MESSAGES.message(
                    "sheets_disagree", sheet=sheet.name, total=f"{total:.1f}", period=period, detailed=detailed_sheet,
                    ours=f"{ours:.1f}", sector=shown_sector(sector), page=MANUAL_PAGE))
