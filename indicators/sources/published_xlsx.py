"""Reading a published .xlsx as published, within bounds: one sheet, row by row, a file-size and a row limit.

openpyxl parses in read-only mode and uses defusedxml (installed), so no XML entity trick reaches a parser; the
size check comes first, so an oversized upload is refused before anything is unzipped. openpyxl is imported
inside the function so the domain package does not load it at import time.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

from indicators.sources.published_csv import PublishedFileError

MB = 1024 * 1024


def sheet_names(path: Path, max_bytes: int) -> list[str]:
    workbook = _open(path, max_bytes)
    try:
        return list(workbook.sheetnames)
    finally:
        workbook.close()


def sheet_rows(path: Path, sheet: str, *, max_bytes: int, max_rows: int) -> Iterator[tuple[Any, ...]]:
    """The rows of one sheet as tuples of cell values; PublishedFileError (Nynorsk) past `max_rows` rows."""
    workbook = _open(path, max_bytes)
    try:
        if sheet not in workbook.sheetnames:
            raise PublishedFileError(
                f"{path.name}: finn ikkje arket «{sheet}» (arka er {', '.join(workbook.sheetnames)})"
            )
        for count, row in enumerate(workbook[sheet].iter_rows(values_only=True), start=1):
            if count > max_rows:
                raise PublishedFileError(f"{path.name}: arket «{sheet}» har over {max_rows} rader; venta færre")
            yield row
    finally:
        workbook.close()


def _open(path: Path, max_bytes: int) -> Any:
    from openpyxl import load_workbook

    if not path.exists():
        raise PublishedFileError(f"Finn ikkje fila {path}")
    size = path.stat().st_size
    if size > max_bytes:
        raise PublishedFileError(
            f"{path.name} er {size / MB:.1f} MB; grensa for denne fila er {max_bytes / MB:.0f} MB".replace(".", ",")
        )
    try:
        return load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # noqa: BLE001 — any parser failure: not a readable workbook, said in Nynorsk
        raise PublishedFileError(f"{path.name} kan ikkje lesast som ei Excel-fil (.xlsx)") from exc


def text(value: Any) -> str:
    """A cell as trimmed text with non-breaking spaces as plain spaces (Nkom's county names have them)."""
    return "" if value is None else " ".join(str(value).replace("\xa0", " ").split())
