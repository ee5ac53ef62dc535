"""What every part of the Miljødirektoratet importer shares: names of the dataset, the errors, and the helpers
that read one cell (text, year, number) with a Nynorsk message naming sheet, row and column."""

from __future__ import annotations

import math
import os
import re
from pathlib import Path
from typing import Any

from indicators.i18n import Message, labels
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


# Why an emissions file is refused: worded in the language active where the message is shown (i18n.Message).
MESSAGES = labels("miljodirektoratet.MESSAGES", {
    "where": "arket «{sheet}», rad {row}, kolonne {column} ({header})",
    "not_a_number": "I {place} står {value}, men her skal det stå eit tal.",
    "text_not_a_number": "I {place} står teksten {value}, men her skal det stå eit tal.",
    "empty_cell": "ei tom celle",
    "not_a_year": "I {place} står {value}, men her skal det stå eit årstal.",
    "no_text": "I {place} er cella tom, men her skal det stå ein tekst.",
    "unreadable": "Fila {file} kan ikkje lesast som ei Excel-fil (.xlsx): ho er skadd, avkorta eller ikkje ei "
                  "Excel-fil. Last ned Excel-fila frå {page} og prøv igjen.",
    "not_found": "Finn ikkje fila {file}.",
    "no_data_rows": "Arket «{sheet}» i fila {file} har ingen datarader.",
    "sheet_no_data_rows": "Arket «{sheet}» har ingen datarader.",
    "no_detailed_sheet": "Fila {file} manglar arket «Oversikt - detaljert» (eller «Oversikt - sektorfordelt»), som "
                         "Miljødirektoratet sine filer har. Arka i fila: {sheets}.",
    "refused": "Fila {file} blir ikkje lesen: {reason} Miljødirektoratet sine filer held seg godt under denne grensa; "
               "last ned fila på nytt frå {page}.",
    "damaged": "Fila {file} kan ikkje lesast som ei Excel-fil (.xlsx): ho er skadd eller avkorta. Last ned Excel-fila "
               "frå {page} og prøv igjen.",
    "too_large": "ho er {size}, og grensa er {limit}.",
    "too_many_parts": "ho har {count} delar, og grensa er {limit}.",
    "unpacked_too_large": "ho er over {limit} pakka ut, som er grensa for utpakka storleik.",
    "shared_strings": "delen med felles tekstar (sharedStrings)",
    "part": "delen {name}",
    "part_too_large": "{what} er over {limit}, som er grensa.",
    "declaration": "Fila {file} blir ikkje lesen: delen {part} har ein XML-definisjon (DOCTYPE/ENTITY). Excel-filer "
                   "har aldri det, men slike definisjonar kan brukast til å overbelaste eller lure tenaren. Last ned "
                   "fila på nytt frå {page}.",
    "too_many_rows": "eit ark har over {count} rader, og grensa er {count} rader per ark.",
    "text_too_long": "éin tekst i fila er over {limit}, som er grensa for éin tekst.",
    "not_a_member": "Fila gjeld {what}, ikkje nokon av kommunane i {region} ({names}). Last ned fila for ein kommune i "
                    "{region} (eller fila for alle kommunane) frå {page}.",
    "some_municipalities": "{count} kommunar (mellom anna {names})",
    "no_municipality": "Info-arket seier ikkje kva kommune fila gjeld (manglar «Datasett:»). Er dette ei fil frå "
                       "Miljødirektoratet? Last ned fila på nytt frå {page}.",
    "renamed": "Fila gjeld «{name}». {name} i {region} heiter {today} no, og fleire kommunar har heitt {name}, så fila "
               "kan ikkje knytast sikkert til {region}. Last ned fila for {today} frå {page}.",
    "mixed_releases": "Filene kjem frå ulike utgåver (siste år {years}). Miljødirektoratet reknar om heile serien "
                      "kvart år, så utgåver kan ikkje blandast: last ned alle filene på nytt.",
    "in_two_files": "{municipality} finst i både {first} og {second}. Vel éi av filene.",
    "no_file": "Ingen fil er vald.",
    "not_saved": "Utsleppsdataa kunne ikkje lagrast, og ingenting er endra: {reason}",
    "missing_column": "Arket «{sheet}» manglar kolonna «{column}». Kolonnane i arket: {columns}.",
    "no_columns": "ingen",
    "sheet_too_long": "Arket «{sheet}» har over {limit} rader, og grensa er {limit} rader per ark. Miljødirektoratet "
                      "sine filer held seg godt under ho.",
    "too_slow": "Lesinga av arket «{sheet}» tok over {seconds} sekund, som er tidsgrensa, og vart stoppa. "
                "Miljødirektoratet sine filer blir lesne på langt kortare tid.",
    "no_detailed_rows": "Arket «{sheet}» rad {row} har {total} tonn for {what}, men arket «{detailed}» har ingen rader "
                        "for {what}. Det detaljerte arket kan vere avkorta eller endra for hand; last ned fila på nytt "
                        "frå {page}.",
    "sum_mismatch": "Summen av dei detaljerte radene for {sector} {period} ({ours} tonn) stemmer ikkje med arket "
                    "«{sheet}» rad {row} ({total} tonn). Fila kan vere endra for hand; last ned ho på nytt frå {page}.",
    "sheets_disagree": "Arket «{sheet}» har {total} tonn for {period}, men arket «{detailed}» har {ours} tonn for "
                       "{sector} {period}. Arka i ei fil frå Miljødirektoratet gjeld same kommune og stemmer med "
                       "kvarandre; fila kan vere sett saman eller endra for hand. Last ned ho på nytt frå {page}.",
    "missing_sheet": "Fila manglar arket «{sheet}». Ei eksportfil for éin kommune frå Miljødirektoratet har arka "
                     "«Info», «Oversikt» og «Oversikt - detaljert». Arka i fila: {sheets}.",
})


class EmissionsImportError(ValueError):
    """An emissions file that cannot be imported; the message (Nynorsk) says why and where."""


class EmissionsDownloadError(EmissionsImportError):
    """The automatic download failed; the message explains how to download and import by hand."""


class ImplausibleEmissionsError(EmissionsImportError):
    """A readable file whose numbers are implausible; `problems` are the Nynorsk findings, with the numbers."""

    def __init__(self, message: str | Message, problems: list[str]):
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


def where(sheet: str, row: int, index: int, header: str) -> Message:
    return MESSAGES.message("where", sheet=sheet, row=row, column=column_letter(index), header=markdown_literal(header))


def parse_number(raw: Any, sheet: str, row: int, index: int, header: str) -> float:
    """A cell that should hold a number: numbers pass, numeric text ("1 234,5") is read, other text fails.
    An empty cell is missing (NaN), never zero."""
    if raw is None:
        return math.nan
    if isinstance(raw, bool):
        place = where(sheet, row, index, header)
        raise EmissionsImportError(MESSAGES.message("not_a_number", place=place, value=f"«{raw}»"))
    if isinstance(raw, int | float):
        return float(raw)
    text = str(raw).strip().replace("\u00a0", "").replace(" ", "")
    if not text:
        return math.nan
    if re.fullmatch(r"-?\d+([.,]\d+)?", text):
        return float(text.replace(",", "."))
    raise EmissionsImportError(MESSAGES.message("text_not_a_number", place=where(sheet, row, index, header),
                                                value=markdown_literal(raw)))


def parse_year(raw: Any, sheet: str, row: int, index: int, header: str) -> int:
    year: int | None = None
    if isinstance(raw, int) and not isinstance(raw, bool):
        year = raw
    elif isinstance(raw, float) and raw.is_integer():
        year = int(raw)
    elif isinstance(raw, str) and raw.strip().isdigit():
        year = int(raw.strip())
    if year is None or not 1990 <= year <= 2100:
        shown = MESSAGES.message("empty_cell") if raw is None else markdown_literal(raw)
        raise EmissionsImportError(MESSAGES.message("not_a_year", place=where(sheet, row, index, header), value=shown))
    return year


def required_text(raw: Any, sheet: str, row: int, index: int, header: str) -> str:
    text = clean_text(raw)
    if not text:
        raise EmissionsImportError(MESSAGES.message("no_text", place=where(sheet, row, index, header)))
    return text
