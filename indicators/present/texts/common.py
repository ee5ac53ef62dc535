"""Texts the whole app shares: the app's title, page names, sidebar and footer, messages about files."""

from __future__ import annotations

APP_TITLE = "{region} – strategisk plan i tal"

PAGE_TITLES: dict[str, str] = {
    "oversikt": "Oversikt",
    "folketal": "Folketal",
    "arbeidsplassar": "Arbeidsplassar",
    "klima": "Klima",
    "deltidsinnbyggjarar": "Deltidsinnbyggjarar",
    "handlingsprogram": "Handlingsprogram",
    "motemodus": "Møtemodus",
    "rapportering": "Rapportering",
    "om": "Om",
}

REGION_PICKER_LABEL = "Region"
REGION_PICKER_HELP = "Alle sidene viser den valde regionen. {region} er summen av dei {member_count} kommunane."

FOOTER_NEWEST = " Nyaste tal: {figures}."
FOOTER = "Kjelder: {sources}.{newest} Sist henta eller lagra {retrieved}. Lisens: CC BY 4.0 der ikkje anna er sagt. Sjå «Om» for metode og kjelder."
FOOTER_FALLBACK = "Kjelder: sjå «Om». ({problem})"
FOOTER_FIGURES: dict[str, str] = {"population_total": "folketal", "jobs_total": "arbeidsplassar"}

PAGE_CANNOT_SHOW = "Sida kan ikkje visast: {problem}"
PAGE_CANNOT_SHOW_HELP = (
    "Dei andre sidene kan framleis fungere. Rett fila som er nemnd (plan/ eller data_cache/), hent ho frå "
    "git på nytt, eller køyr `python -m indicators refresh` for datasett frå SSB."
)

# small counts in running text ("the six municipalities"), 0–12; 13 and up as digits
NUMBER_WORDS = ("null", "éin", "to", "tre", "fire", "fem", "seks", "sju", "åtte", "ni", "ti", "elleve", "tolv")

LANGUAGE_PICKER_LABEL = "Språk"

# under every chart: its source and the data's dates (present/charts.source_line)
SOURCE_LINE = "Kjelde: {sources}"
SOURCE_TABLE = "{source}, tabell {table}"
DATA_PUBLISHED = "publisert {date}"
DATA_PUBLISHED_NOT_IN_EXTRACT = "publiseringsdato ikkje oppgitt i uttrekket"
DATA_PUBLISHED_NOT_GIVEN = "publiseringsdato ikkje oppgitt"
DATA_STORED = "lagra {date}"
DATA_FETCHED = "henta {date}"
# plotly's number format in charts: the decimal mark, then the thousands separator
CHART_SEPARATORS = ", "
