"""Names of Norwegian municipalities by code and year, from SSB's classification of municipalities (KLASS 131).

SSB tables publish each year's figures under the municipality codes valid that year, and some extracts (the
commuting extract of table 03321) carry the codes without names. The shipped list
indicators/data/municipality_names.csv gives the official name for the code sets 2017, 2018, 2019 and
2020–2023; see indicators/data/README.md for where it was transcribed from and how it was checked.
indicators/data/county_names.csv names the counties by number (a municipality code starts with its county's).

`outside_municipality_label` turns a code of the commuting data into a readable label for a municipality
outside the region. The lists are read with paths relative to this module, so they ship with the package and
need no network.
"""

from __future__ import annotations

import csv
import functools
import os
from collections import Counter
from dataclasses import dataclass
from datetime import date
from pathlib import Path

DATA_FILE = Path(__file__).resolve().parent / "data" / "municipality_names.csv"
COUNTY_FILE = Path(__file__).resolve().parent / "data" / "county_names.csv"
COLUMNS = ("code", "name", "valid_from", "valid_to")
COUNTY_COLUMNS = ("code", "name")

# Oslo is the only municipality of its county and has kept its code through every reform, so a code without a
# year (or in a year the list does not cover) can still be named. Not a member code of any region.
OSLO_CODE = "0301"
PLACEHOLDER_NAME = "Kommune {code}"  # what an extract without names holds (indicators.sources.ssb_extracts)
# Labels in the data (counterpart_name) for a code the list cannot name; Nynorsk like the region file's names.
NUMBER_LABEL = "Kommunenr. {code}"
NUMBER_AND_COUNTY_LABEL = "Kommunenr. {code} ({county})"
SHARED_NAME_LABEL = "{name} ({county})"


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


@functools.cache
def _county_list() -> dict[str, str]:
    try:
        with COUNTY_FILE.open(encoding="utf-8", newline="") as handle:
            rows = list(csv.reader(handle))
    except OSError as error:
        raise MunicipalityNamesError(f"Kunne ikkje lese fylkeslista {COUNTY_FILE}: {error}.") from None
    if not rows or tuple(rows[0]) != COUNTY_COLUMNS:
        raise MunicipalityNamesError(
            f"Fylkeslista {COUNTY_FILE.name} skal ha kolonnane {', '.join(COUNTY_COLUMNS)} i første linje."
        )
    return {row[0].strip(): row[1].strip() for row in rows[1:] if len(row) == len(COUNTY_COLUMNS)}


def county_name(code: str) -> str | None:
    """The county of a four-digit municipality code, by its first two digits (as the counties were numbered in
    the years the code was used); None for anything else."""
    code = str(code).strip()
    if len(code) != 4 or not code.isdigit():
        return None
    return _county_list().get(code[:2])


@functools.cache
def shared_names(year: int) -> frozenset[str]:
    """Names more than one municipality had in this year (before 2020: Nes, Våler, Os, Sande, Herøy, Bø)."""
    counts = Counter(municipality_names(year).values())
    return frozenset(name for name, count in counts.items() if count > 1)


def outside_municipality_label(code: str, name: str, period: int | None = None) -> str:
    """A readable label for a municipality outside the region in the commuting data of one year.

    A real name in the data (after a refresh from SSB) is kept as it is. The committed extract has no names
    ("Kommune 3046"); then the name comes from SSB's list of municipalities for the codes used that year
    (3046 in 2020 is "Krødsherad", 0602 in 2019 is "Drammen"). A name two municipalities share that year gets
    its county ("Nes (Akershus)"). A code the list lacks for that year (or no year given) gets its number and
    county ("Kommunenr. 3005 (Viken)"); Oslo is named from its code alone.
    """
    if name != PLACEHOLDER_NAME.format(code=code):
        return name
    county = county_name(code)
    official = municipality_name(code, period) if period is not None else None
    if official is not None:
        if county and period is not None and official in shared_names(period):
            return SHARED_NAME_LABEL.format(name=official, county=county)
        return official
    if code == OSLO_CODE:
        spans = _shipped_list().get(OSLO_CODE, ())
        return spans[-1].name if spans else NUMBER_LABEL.format(code=code)
    return NUMBER_AND_COUNTY_LABEL.format(code=code, county=county) if county else NUMBER_LABEL.format(code=code)
