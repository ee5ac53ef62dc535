"""Texts of the Handlingsprogram page (the table's column headers are the domain's DISPLAY_HEADERS)."""

from __future__ import annotations

TITLE = "Handlingsprogram"
WHOLE_REGION = "Handlingsprogrammet gjeld heile {region}, ikkje berre {name}."
CAPTION = (
    "Handlingsprogrammet i {plan_title}: tiltak, tid, ansvar, involvering og merknad som i planen. Status, "
    "statusmerknad og dato for siste vurdering fører sekretariatet i plan/actions.csv."
)
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
