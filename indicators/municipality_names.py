"""Names of Norwegian municipalities by code and year, from SSB's classification of municipalities (KLASS 131).

SSB tables publish each year's figures under the municipality codes valid that year, and some extracts (the
commuting extract of table 03321) carry the codes without names. The shipped list
indicators/data/municipality_names.csv gives the official name for the code sets 2017, 2018, 2019 and
2020–2023; see indicators/data/README.md for where it was transcribed from and how it was checked.

The list is read with a path relative to this module, so it ships with the package and needs no network.
"""

from __future__ import annotations

import csv
import functools
import os
from dataclasses import dataclass
from datetime import date
from pathlib import Path

DATA_FILE = Path(__file__).resolve().parent / "data" / "municipality_names.csv"
COLUMNS = ("code", "name", "valid_from", "valid_to")


class MunicipalityNamesError(ValueError):
    """The municipality name list is missing or damaged (Nynorsk message)."""


@dataclass(frozen=True)
class NamePeriod:
    """One name for one code over a span of whole days (both ends included)."""

    code: str
    name: str
    valid_from: date
    valid_to: date

    def covers_year(self, year: int) -> bool:
        # Codes and names change on 1 January, so a year is either wholly inside a span or outside it.
        return self.valid_from.year <= year <= self.valid_to.year


def _parse_date(text: str, line: int, column: str, path: Path) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise MunicipalityNamesError(
            f"Kommunenamnlista {path.name}, linje {line}: «{text}» i kolonna {column} er ikkje ein dato (ÅÅÅÅ-MM-DD)."
        ) from None


def read_name_list(path: str | os.PathLike[str]) -> dict[str, tuple[NamePeriod, ...]]:
    """Read and check a name list: code -> its name periods, oldest first.

    Raises MunicipalityNamesError (Nynorsk) for a missing file, wrong columns, a code that is not four digits,
    an empty name, a bad date, a span that ends before it starts, or two spans of one code that overlap.
    """
    path = Path(path)
    try:
        with path.open(encoding="utf-8", newline="") as handle:
            rows = list(csv.reader(handle))
    except FileNotFoundError:
        raise MunicipalityNamesError(f"Fann ikkje kommunenamnlista {path}.") from None
    except (OSError, UnicodeDecodeError) as error:
        raise MunicipalityNamesError(f"Kunne ikkje lese kommunenamnlista {path}: {error}.") from None
    if not rows or tuple(rows[0]) != COLUMNS:
        raise MunicipalityNamesError(
            f"Kommunenamnlista {path.name} skal ha kolonnane {', '.join(COLUMNS)} i første linje."
        )
    periods: dict[str, list[NamePeriod]] = {}
    for line, row in enumerate(rows[1:], start=2):
        if len(row) != len(COLUMNS):
            raise MunicipalityNamesError(
                f"Kommunenamnlista {path.name}, linje {line}: venta {len(COLUMNS)} felt, fann {len(row)}."
            )
        code, name = row[0].strip(), row[1].strip()
        if len(code) != 4 or not code.isdigit():
            raise MunicipalityNamesError(
                f"Kommunenamnlista {path.name}, linje {line}: «{code}» er ikkje eit firesifra kommunenummer."
            )
        if not name:
            raise MunicipalityNamesError(f"Kommunenamnlista {path.name}, linje {line}: kommune {code} manglar namn.")
        valid_from = _parse_date(row[2].strip(), line, "valid_from", path)
        valid_to = _parse_date(row[3].strip(), line, "valid_to", path)
        if valid_to < valid_from:
            raise MunicipalityNamesError(
                f"Kommunenamnlista {path.name}, linje {line}: kommune {code} sluttar ({valid_to}) før han "
                f"byrjar ({valid_from})."
            )
        periods.setdefault(code, []).append(NamePeriod(code, name, valid_from, valid_to))
    out: dict[str, tuple[NamePeriod, ...]] = {}
    for code, spans in periods.items():
        spans.sort(key=lambda span: span.valid_from)
        for earlier, later in zip(spans, spans[1:], strict=False):
            if later.valid_from <= earlier.valid_to:
                raise MunicipalityNamesError(
                    f"Kommunenamnlista {path.name}: kommune {code} har to namn som gjeld samstundes "
                    f"(«{earlier.name}» og «{later.name}»)."
                )
        out[code] = tuple(spans)
    return out


@functools.cache
def _shipped_list() -> dict[str, tuple[NamePeriod, ...]]:
    return read_name_list(DATA_FILE)


def municipality_name(code: str, year: int) -> str | None:
    """The official name of the municipality with this code in this year, or None when the list lacks it.

    The code is the one SSB published that year (0602 is Drammen in 2019, 3005 is Drammen in 2020; 0602 has no
    name in 2020). SSB's aggregated form ``K-3005`` is accepted too.
    """
    code = str(code).strip()
    if code.startswith("K-"):
        code = code[2:]
    for span in _shipped_list().get(code, ()):
        if span.covers_year(year):
            return span.name
    return None


def municipality_names(year: int) -> dict[str, str]:
    """All codes with a name in this year: code -> name (empty for a year the list does not cover)."""
    return {
        code: span.name for code, spans in _shipped_list().items() for span in spans if span.covers_year(year)
    }
