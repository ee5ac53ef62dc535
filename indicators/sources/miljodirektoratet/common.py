"""What every part of the Miljødirektoratet importer shares: names of the dataset, the errors, and the helpers
that read one cell (text, year, number) with a Nynorsk message naming sheet, row and column."""

from __future__ import annotations

import math
import os
import re
from pathlib import Path
from typing import Any

from indicators.safe_text import clean_text, markdown_literal

DATASET = "emissions"
SOURCE = "Miljødirektoratet"
TITLE = "Klimagassutslipp fra kommuner"
ATTRIBUTION = "Kjelde: Miljødirektoratet"
LICENCE = (
    "NLOD (Norsk lisens for offentlege data) ifølgje ein tredjepartskatalog – ikkje stadfesta hjå "
    "Miljødirektoratet"
)
MANUAL_PAGE = "https://www.miljodirektoratet.no/tjenester/klimagassutslipp-kommuner/"
DEFAULT_SETTINGS = Path(__file__).resolve().parents[3] / "plan" / "sources.toml"
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

SUBSCRIPTS = str.maketrans("₀₁₂₃₄₅₆₇₈₉", "0123456789")
_KNOWN_SECTOR_KEYS = {s.casefold(): s for s in KNOWN_SECTORS}

PathLike = str | os.PathLike[str]


class EmissionsImportError(ValueError):
    """An emissions file that cannot be imported; the message (Nynorsk) says why and where."""


class EmissionsDownloadError(EmissionsImportError):
    """The automatic download failed; the message explains how to download and import by hand."""


class ImplausibleEmissionsError(EmissionsImportError):
    """A readable file whose numbers are implausible; `problems` are the Nynorsk findings, with the numbers."""

    def __init__(self, message: str, problems: list[str]):
        super().__init__(message)
        self.problems = problems


def shown_sector(sector: str) -> str:
    return sector if sector in KNOWN_SECTORS else markdown_literal(sector)


def canonical_sector(raw: Any) -> str:
    text = clean_text(raw)
    return _KNOWN_SECTOR_KEYS.get(text.casefold(), text[:1].upper() + text[1:])


def canonical_gas(raw: Any) -> str:
    return clean_text(raw).translate(SUBSCRIPTS)


def column_letter(index: int) -> str:
    """Excel's column name for a 0-based index (0 -> A, 26 -> AA)."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


def where(sheet: str, row: int, index: int, header: str) -> str:
    return f"arket «{sheet}», rad {row}, kolonne {column_letter(index)} ({markdown_literal(header)})"


def parse_number(raw: Any, sheet: str, row: int, index: int, header: str) -> float:
    """A cell that should hold a number: numbers pass, numeric text ("1 234,5") is read, other text fails.
    An empty cell is missing (NaN), never zero."""
    if raw is None:
        return math.nan
    if isinstance(raw, bool):
        raise EmissionsImportError(f"I {where(sheet, row, index, header)} står «{raw}», men her skal det stå eit tal.")
    if isinstance(raw, int | float):
        return float(raw)
    text = str(raw).strip().replace("\u00a0", "").replace(" ", "")
    if not text:
        return math.nan
    if re.fullmatch(r"-?\d+([.,]\d+)?", text):
        return float(text.replace(",", "."))
    raise EmissionsImportError(
        f"I {where(sheet, row, index, header)} står teksten {markdown_literal(raw)}, men her skal det stå eit tal."
    )


def parse_year(raw: Any, sheet: str, row: int, index: int, header: str) -> int:
    year: int | None = None
    if isinstance(raw, int) and not isinstance(raw, bool):
        year = raw
    elif isinstance(raw, float) and raw.is_integer():
        year = int(raw)
    elif isinstance(raw, str) and raw.strip().isdigit():
        year = int(raw.strip())
    if year is None or not 1990 <= year <= 2100:
        shown = "ei tom celle" if raw is None else markdown_literal(raw)
        place = where(sheet, row, index, header)
        raise EmissionsImportError(f"I {place} står {shown}, men her skal det stå eit årstal.")
    return year


def required_text(raw: Any, sheet: str, row: int, index: int, header: str) -> str:
    text = clean_text(raw)
    if not text:
        place = where(sheet, row, index, header)
        raise EmissionsImportError(f"I {place} er cella tom, men her skal det stå ein tekst.")
    return text
