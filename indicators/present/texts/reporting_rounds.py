"""Texts of the reporting rounds (issue 22): the reminder e-mail and the words the command line and the pages
share for a round's items and reporters."""

from __future__ import annotations

from indicators.i18n import Plural

SECRETARIAT = "sekretariatet"  # the reporter of the region's status
REGION_STATUS = "statusen til regionen"
PART_OF = "delen til {municipality}"
ACTION_ITEM = "Tiltak {id} – {title}"
GOAL_ITEM = "Mål – {title}"
DONE = "rapportert"
NOT_DONE = "ikkje rapportert"
LATE = "for seint (etter at runden vart lukka)"
CLOSED = "lukka"
OPEN = "open"
ITEMS = {"goals": "resultatmåla", "actions": "tiltaka", "all": "resultatmåla og tiltaka"}
PROGRESS_LINE = "{name} {done}/{total}"

# --- the reminder e-mail --------------------------------------------------------------------------------------
REMINDER_SUBJECT = Plural(
    "Påminning: {round} – {count} punkt står att, frist {due}",
    "Påminning: {round} – {count} punkt står att, frist {due}",
)
REMINDER_GREETING = "Hei {user},"
REMINDER_INTRO = Plural(
    "I rapporteringsrunden «{round}» i {council} står {count} av {total} punkt att for {reporter}.",
    "I rapporteringsrunden «{round}» i {council} står {count} av {total} punkt att for {reporter}.",
)
REMINDER_DUE = "Fristen er {due}."
REMINDER_OVERDUE = "Fristen var {due}; rapporter så snart du kan."
REMINDER_LIST = "Dette står att:"
REMINDER_HOW = "Du rapporterer på sida «Rapportering» i dashbordet (logg inn med kontoen din: {user})."
REMINDER_SIGNATURE = "Helsing\n{council}"
REMINDER_AUTOMATIC = "Denne e-posten er send automatisk til deg som rapporterer i runden."
