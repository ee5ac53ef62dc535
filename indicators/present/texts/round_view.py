"""Texts of a reporting round on Rapportering and in the report made for a round (issue 22)."""

from __future__ import annotations

from indicators.i18n import Plural

# --- Rapportering -------------------------------------------------------------------------------------------
HEADING = "Rapporteringsrunde: {round}"
PICK = "Runde"
PICK_OPTION = "{round} ({state})"
STATE_OPEN = "open, frist {due}"
STATE_CLOSED = "lukka"
STATE_NOT_OPENED = "opnar {opened}"
LEFT = Plural("Frist {due} — {left} av {total} att", "Frist {due} — {left} av {total} att")
LEFT_OVERDUE = Plural("Fristen var {due} — {left} av {total} att", "Fristen var {due} — {left} av {total} att")
ALL_DONE = "Frist {due} — alt er rapportert ({total} av {total})"
FOR_REPORTER = "for {reporter}"
NOTHING_FOR_YOU = "Runden spør ikkje etter noko frå {reporter}."
CLOSED_NOTE = (
    "Runden vart lukka {closed} av {user}. Det som blir rapportert etter det, tel framleis, men er merkt "
    "«for seint»."
)
NOT_OPENED_NOTE = "Runden opnar {opened}; det som blir rapportert før det, tel ikkje for runden."
PROGRESS_HEADING = "Framdrifta til kvar rapportør"
PROGRESS_SEPARATOR = " · "
PROGRESS_LATE = Plural("{count} for seint", "{count} for seint")
MINE_HEADING = Plural("Det som står att for deg ({count})", "Det som står att for deg ({count})")
MINE_ALL_HEADING = "Alt runden spør {reporter} om ({count})"
TABLE_HEADERS = {
    "item": "Punkt",
    "done": "Rapportert i runden",
    "status": "Status",
    "by": "Ført av",
    "at": "Ført",
}
DONE = "✓ rapportert"
NOT_DONE = "○ ikkje rapportert"
DONE_LATE = "✓ rapportert, for seint"
NO_ROUNDS = "Ingen rapporteringsrunde er oppretta. Sekretariatet opnar ein med `round add` på kommandolinja."
UNAVAILABLE = "Rapporteringsrundane kan ikkje lesast no: {reason}"

# --- the report for a round -----------------------------------------------------------------------------------
REPORT_KIND = "Rapport for {round}"
REPORT_SECTION = "Rapporteringsrunden «{round}»"
REPORT_INTRO = (
    "Runden opna {opened} med frist {due} og spør etter {items}. «Rapportert» er det som er ført i runden; "
    "«manglar» er det som ikkje er ført enno."
)
REPORT_CLOSED = "Runden vart lukka {closed}; det som er ført etter det, er merkt «for seint»."
REPORT_OPEN = "Runden er open."
REPORT_REPORTER = "{reporter}: {done} av {total} rapportert"
REPORT_REPORTED = "Rapportert"
REPORT_MISSING = "Manglar"
REPORT_NONE_REPORTED = "Ingenting er rapportert enno."
REPORT_NONE_MISSING = "Ingenting manglar."
REPORT_LINE = "{item}: {status} — {by}, {at}"
REPORT_LATE = " (for seint)"

# --- the report download on Rapportering ----------------------------------------------------------------------
DOWNLOAD_ROUND = "Rapport for ein rapporteringsrunde"
DOWNLOAD_NO_ROUND = "Ingen: vanleg statusrapport"
DOWNLOAD_ROUND_HELP = (
    "Statusrapporten med eit kapittel om runden: kva kvar rapportør (sekretariatet og kvar kommune) har "
    "rapportert i runden, og kva som manglar."
)

# --- the secretariat opens and closes rounds ----------------------------------------------------------------
MANAGE_HEADING = "Opne eller lukk ein rapporteringsrunde"
NEW_NAME = "Namn på runden"
NEW_NAME_PLACEHOLDER = "t.d. Tertial 3 2026"
NEW_DUE = "Frist"
NEW_ITEMS = "Runden spør etter"
NEW_ITEMS_CHOICES = {"actions": "Tiltaka", "goals": "Resultatmåla", "all": "Begge"}
NEW_SAVE = "Opne runden"
NEW_SAVED = "Opna rapporteringsrunden «{round}» med frist {due}."
CLOSE_CONFIRM = "Eg vil lukke runden «{round}» (det som kjem inn etter, blir merkt «for seint»)"
CLOSE_BUTTON = "Lukk runden"
CLOSED_SAVED = "Lukka rapporteringsrunden «{round}»."

# --- the list of goals or actions while a round is open -------------------------------------------------------
KIND_PLURAL = {"goal": "mål", "action": "tiltak"}
LIST_PROGRESS = "{done} av {count} {things} rapporterte i runden «{round}»"
LIST_FILTER = "Berre dei som ikkje er rapporterte i runden «{round}»"
