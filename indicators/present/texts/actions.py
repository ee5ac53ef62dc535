"""Texts of the Handlingsprogram page (the table's column headers are the domain's DISPLAY_HEADERS)."""

from __future__ import annotations

TITLE = "Handlingsprogram"
WHOLE_REGION = "Handlingsprogrammet gjeld heile {region}, ikkje berre {name}."
CAPTION = (
    "Handlingsprogrammet i {plan_title}: tiltak, tid, ansvar, involvering og merknad som i planen. Status, "
    "statusmerknad, kven som vurderte og når fører sekretariatet på sida Rapportering; tiltak lagde til eller "
    "tekne ut ved den årlege rulleringa er merkte."
)
AS_ADOPTED = "Slik planen vart vedteken"
AS_ADOPTED_HELP = "Vis tiltakslista slik planen vart vedteken (plan/actions.csv), utan rulleringar og nyare statusar."
AS_ADOPTED_NOTE = "Du ser tiltakslista slik planen vart vedteken, med statusane som stod i planfila. Slå av for å sjå gjeldande status."
REVISION_FILTER = "Rullering"
REVISION_CHOICES = {
    "alle": "Alle tiltak",
    "active": "Gjeldande (ikkje tekne ut)",
    "original": "Frå den vedtekne planen",
    "added": "Lagde til ved rullering",
    "dropped": "Tekne ut ved rullering",
}
REVISION_SUMMARY = "Ved rulleringane: {added} tiltak lagde til, {dropped} tekne ut (merkte i lista)."
DETAIL_HEADING = "Tiltaket i heilskap"
HISTORY_PICK = "Vel tiltak"
HISTORY_OPTION = "{number}: {text}"
FILE_PROBLEM = "Feil i tiltaksfila: {problem}"

AREA_FILTER = "Innsatsområde"
ALL_AREAS = "Alle innsatsområde"
YEAR_FILTER = "År"
ALL_YEARS = "Alle år"
YEAR_HELP = "Tiltak med tid i det valde året. «Årleg» gjeld alle år; «2021-2024» gjeld kvart år i spennet."
RESPONSIBLE_FILTER = "Ansvar"
ALL_RESPONSIBLE = "Alle"
STATUS_FILTER = "Status"
ALL_STATUSES = "Alle statusar"
SEARCH = "Søk i tiltaka"
SEARCH_PLACEHOLDER = "t.d. klima, RR eller Viken"

SHOWING = "Viser {shown} av {total} tiltak"
NOTHING_MATCHES = "Ingen tiltak passar med desse filtera."
DOWNLOAD_CSV = "Last ned tabellen (CSV)"
DOWNLOAD_EXCEL = "Last ned tabellen (Excel)"
FILE_STEM = "handlingsprogram"
SHEET_NAME = "Handlingsprogram"
DOWNLOAD_ADOPTED_CSV = "Last ned den vedtekne lista (CSV)"
DOWNLOAD_ADOPTED_EXCEL = "Last ned den vedtekne lista (Excel)"
ADOPTED_FILE_STEM = "handlingsprogram-vedteke"
ADOPTED_SHEET_NAME = "Vedteke"
