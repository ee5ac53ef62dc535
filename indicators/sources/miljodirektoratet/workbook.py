"""Read one Miljødirektoratet workbook (format A or B, see workbook_a / workbook_b) into a tidy Dataset.

Known variations tolerated: CO₂ vs CO2 in the header, trailing newlines/spaces in names, sector names in
lower case ("produkter med fluorgasser"), 9 or 10 sectors, municipality numbers stored as numbers (615).

The file is checked against limits.py's bounds before openpyxl opens it, openpyxl parses with defusedxml when
it is installed, and every failure while parsing becomes an EmissionsImportError in Nynorsk (no English
exception text, no traceback).
"""

from __future__ import annotations

import math
import os
import time
from pathlib import Path
from typing import IO, Any

import pandas as pd

from indicators import cache
from indicators.model import Dataset, Provenance
from indicators.regions import active_region
from indicators.safe_text import markdown_literal
from indicators.sources.miljodirektoratet import limits
from indicators.sources.miljodirektoratet.common import (
    ATTRIBUTION,
    COLUMNS,
    DATASET,
    LICENCE,
    MANUAL_PAGE,
    MESSAGES,
    SOURCE,
    TITLE,
    EmissionsImportError,
)
from indicators.sources.miljodirektoratet.sheets import (
    DETAILED_SHEETS,
    Row,
    Sheet,
    check_duplicates,
    find_header,
    find_sheet,
    header_key,
    missing_column,
    read_info,
    sheet_list,
)
from indicators.sources.miljodirektoratet.workbook_a import read_format_a
from indicators.sources.miljodirektoratet.workbook_b import CODE_HEADERS, read_format_b


def _unreadable(shown_name: str) -> EmissionsImportError:
    return EmissionsImportError(MESSAGES.message("unreadable", file=markdown_literal(shown_name), page=MANUAL_PAGE))


def _open_workbook(source: str | os.PathLike[str] | IO[bytes], shown_name: str) -> Any:
    from openpyxl import load_workbook

    if isinstance(source, str | os.PathLike) and not Path(source).exists():
        raise EmissionsImportError(MESSAGES.message("not_found", file=markdown_literal(source)))
    limits.check_workbook_bounds(source, shown_name)
    try:
        return load_workbook(source, read_only=True, data_only=True)
    except Exception as exc:  # noqa: BLE001 — any parser failure is "not a readable workbook", said in Nynorsk
        raise _unreadable(shown_name) from exc


def read_emissions_workbook(source: str | os.PathLike[str] | IO[bytes], file_name: str | None = None) -> Dataset:
    """Read a Miljødirektoratet emissions workbook (format A or B) into a tidy Dataset for the active region.

    `source` is a path or a binary file object (an upload); `file_name` names it in provenance and messages.
    Raises EmissionsImportError (Nynorsk message) for anything that cannot be imported safely.
    """
    shown_name = file_name or (Path(source).name if isinstance(source, str | os.PathLike) else "opplasta fil")
    workbook = _open_workbook(source, shown_name)
    try:
        sheet, layout, parsed, info, findings = _read(workbook, shown_name)
    except EmissionsImportError:
        raise
    except Exception as exc:  # noqa: BLE001 — malformed XML inside a valid zip surfaces while streaming rows
        raise _unreadable(shown_name) from exc
    finally:
        workbook.close()
    if not parsed:
        raise EmissionsImportError(MESSAGES.message("no_data_rows", sheet=sheet, file=markdown_literal(shown_name)))

    region = active_region()
    frame = pd.DataFrame(
        {
            "region_code": [r.code for r in parsed],
            "region_name": [region.region_name(r.code) for r in parsed],
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
    return Dataset(frame=frame, provenance=_provenance(frame, shown_name, layout, info, findings))


def _read(workbook: Any, shown_name: str) -> tuple[str, str, list[Row], dict[str, str], list[str]]:
    started = time.monotonic()
    sheet = find_sheet(workbook, *DETAILED_SHEETS)
    if sheet is None:
        raise EmissionsImportError(MESSAGES.message("no_detailed_sheet", file=markdown_literal(shown_name),
                                                    sheets=sheet_list(workbook)))
    detailed = Sheet(workbook, sheet, started)
    header = find_header(detailed.head)
    if header is None:
        first = {header_key(v) for v in (detailed.head[0] if detailed.head else ())}
        raise missing_column(sheet, "Sektor" if "år" in first else "År", None, detailed.head)
    info: dict[str, str] = {}
    findings: list[str] = []
    if header.find(*CODE_HEADERS) is not None:
        parsed, findings = read_format_b(detailed, header)
        check_duplicates(parsed)
        info_sheet = find_sheet(workbook, "info")
        if info_sheet:
            info = read_info(Sheet(workbook, info_sheet, started).all_rows())
        return sheet, "B", parsed, info, findings
    parsed, info = read_format_a(workbook, detailed, header)
    return sheet, "A", parsed, info, findings


def _provenance(
    frame: pd.DataFrame, file_name: str, layout: str, info: dict[str, str], findings: list[str]
) -> Provenance:
    imported_at = cache.utc_now_iso()
    years = sorted(int(y) for y in frame["period"].unique())
    codes = sorted(frame["region_code"].unique())
    url = info.get("nedlastet fra") or info.get("lastet ned fra") or None
    publisher = info.get("utgiver") or info.get("utgjevar") or None
    file_record: dict[str, Any] = {
        "file_name": file_name,
        "format": layout,
        "municipalities": codes,
        "publisher": publisher,
        "download_url": url,
        "imported_at": imported_at,
    }
    if findings:
        file_record["findings"] = findings
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
