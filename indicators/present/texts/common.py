"""Texts the whole app shares: the app's title, page names, sidebar and footer, messages about files."""

from __future__ import annotations

APP_TITLE = "{region} – strategisk plan i tal"
APP_TITLE_NO_PLAN = "{region} i tal"  # a region with members only (no plan in the region file)
NO_PLAN_GOAL = "Ingen plan er lasta for {region}, så det er ikkje noko mål å vurdere tala mot. Tala står under."
# The data snapshot has no figures for the chosen region's municipalities: said plainly, nothing estimated.
NO_FIGURES = (
    "**Datagrunnlaget har ingen tal for {name}** ({members}). Dashbordet viser difor ingen tal her, heller "
    "enn å rekne ut eller finne på nokre. Tala kjem med eit nyare datagrunnlag, eller når nokon køyrer "
    "`python -m indicators refresh` på tenaren (krev internett)."
)
NO_PLAN_NAME = "Ingen plan lasta"  # stands for the plan's name where a text names it, for a region without one
# A region file with members only: the pages of the plan (Oversikt, Handlingsprogram, Møtemodus, Rapportering)
# say this instead of showing empty lists. {file}: the region file's name.
NO_PLAN = (
    "**Ingen plan er lasta for {region}.** Regionfila ({file}) har berre kommunane, så det finst ingen "
    "resultatmål, tiltak eller statusar å vise her. Tala og samanlikningane finn du på sidene Folketal, "
    "Arbeidsplassar, Klima og Deltidsinnbyggjarar."
)
NO_PLAN_HOW = (
    "**Slik legg de til planen:** lag ei mappe med `goals.toml` (resultatmåla) og `actions.csv` "
    "(handlingsprogrammet) – kopier gjerne filene i `plan/` og skriv dei om – og skriv desse to linjene i "
    "regionfila:"
)
NO_PLAN_EXAMPLE = 'plan = {{ name = "Strategisk plan for {region}", start = 2026, end = 2029 }}\nplan_dir = "plan"'
NO_PLAN_AFTER = (
    "`plan_dir` er mappa med planfilene, rekna frå regionfila. Start appen på nytt etterpå. README-en, "
    "«Slik kjem eit regionråd i gang», fortel resten."
)

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
# The peer regions (region.toml [[peers]]) in the picker, after the region and its members: one group.
PEER_GROUP_OPTION = "Liknande regionar · {name}"
PEER_PICKER_CAPTION = "{name} er ein liknande region: tala er summen av kommunane {members}."
# A plan page while a peer region is chosen: the plan (and its goals) belongs to the configured region.
PLAN_REGION_NOTE = (
    "Planen høyrer til {plan_region}, så denne sida viser {plan_region}, ikkje {name}. "
    "Tala for {name} finn du på Folketal og Arbeidsplassar."
)

FOOTER_NEWEST = " Nyaste tal: {figures}."
FOOTER = "Kjelder: {sources}.{newest} Sist henta eller lagra {retrieved}. Lisens: CC BY 4.0 der ikkje anna er sagt. Sjå «Om» for metode og kjelder."
FOOTER_FALLBACK = "Kjelder: sjå «Om». ({problem})"
FOOTER_FIGURES: dict[str, str] = {"population_total": "folketal", "jobs_total": "arbeidsplassar"}

PAGE_CANNOT_SHOW = "Sida kan ikkje visast: {problem}"
# Visitors are told whom to ask; what to run is for the operator (signed-in admins only, and the README).
PAGE_CANNOT_SHOW_HELP = (
    "Dei andre sidene kan framleis fungere. Sei frå til sekretariatet i {council}, så kan dei som driftar "
    "dashbordet rette det."
)
PAGE_CANNOT_SHOW_OPERATOR = (
    "For den som driftar dashbordet: rett fila som er nemnd (plan/ eller data_cache/), hent ho frå git på nytt, "
    "eller køyr `.venv/bin/python -m indicators refresh` for datasett frå SSB."
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
