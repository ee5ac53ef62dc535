"""Texts of the follow-up as the pages show it: "Kva er endra sidan sist", who assessed an item and when, the
history of an item, and the notice when the follow-up database cannot be read."""

from __future__ import annotations

# --- the database cannot be read ------------------------------------------------------------------------------
UNAVAILABLE = (
    "Oppfølgingsdatabasen kan ikkje lesast no ({reason}). Statusane under er dei som står i planfilene; "
    "nyare vurderingar frå sekretariatet manglar."
)

# --- "Kva er endra sidan sist" --------------------------------------------------------------------------------
HEADING = "Kva er endra sidan sist"
SINCE_MEETING = "Endringar sidan {meeting} ({date})."
SINCE_DATE = "Endringar sidan {date}."
NO_MEETING = "Ingen møte er registrerte enno; vel ein dato for å sjå kva som er endra sidan."
COMPARE_WITH = "Samanlikn med"
COMPARE_MEETING = "{name} ({date})"
COMPARE_OTHER_DATE = "Ein annan dato"
PICK_DATE = "Endringar sidan"
NOTHING_CHANGED = "Ingenting er endra sidan {date}."
COUNT = "{count} endringar: {parts}."
COUNT_ONE = "1 endring: {parts}."
KIND_COUNTS = {
    "status": ("statusendring", "statusendringar"),
    "figure": ("nytt tal", "nye tal"),
    "revision": ("datarevisjon", "datarevisjonar"),
    "action_added": ("nytt tiltak", "nye tiltak"),
    "action_dropped": ("tiltak teke ut", "tiltak tekne ut"),
}
KIND_LABELS = {
    "status": "Status",
    "figure": "Nytt tal",
    "revision": "Datarevisjon",
    "action_added": "Nytt tiltak",
    "action_dropped": "Tiltak teke ut",
}
GOAL = "Mål"
ACTION = "Tiltak {number}"
NO_PREVIOUS = "ingen status"
STATUS_LINE = "{item}: {old} → {new}"
STATUS_DETAIL = "vurdert av {body} {date}, registrert av {user} {entered}"
STATUS_DETAIL_NO_BODY = "vurdert {date}, registrert av {user} {entered}"
FIGURE_LINE = "{item}: nytt tal {value} ({where}, {period})"
FIGURE_DETAIL = "kjelde: {label}, registrert av {user} {entered}"
# Where figures the secretariat entered come from (a goal's source line, a figure's label); a seeded figure
# (came with the installation) shows only its own quote label
ENTERED_BY_SECRETARIAT = "registrert av sekretariatet"
FIGURE_LABEL = "registrert av sekretariatet, kjelde: {source}"
FIGURE_LABEL_QUOTED = "registrert av sekretariatet, kjelde: {source} ({quote})"
ACTION_ADDED_LINE = "{item} er lagt til ved rulleringa {year}: {text}"
ACTION_DROPPED_LINE = "{item} er teke ut ved rulleringa {year}"
ACTION_DETAIL = "grunngjeving: {reason}; registrert av {user} {entered}"
REVISION_DETAIL = "datasett {dataset}, ny versjon henta {entered}"
GROUP_HEADINGS = {
    "status": "Statusendringar", "figure": "Nye tal", "revision": "Datarevisjonar", "action": "Reviderte tiltak",
}
# Oversikt's one-line summary: «17 endringar sidan regionrådsmøtet 15. oktober 2026: 9 statusar, 8 tal»
ONE_LINE = "{count} endringar"
ONE_LINE_ONE = "1 endring"
ONE_LINE_NOTHING = "Ingen endringar {since}"
ONE_LINE_SINCE_MEETING = "sidan {meeting} {date}"
ONE_LINE_SINCE_DATE = "sidan {date}"
ONE_LINE_PARTS = {
    "status": ("status", "statusar"), "figure": ("tal", "tal"), "revision": ("datarevisjon", "datarevisjonar"),
    "action": ("tiltak revidert", "tiltak reviderte"),
}
SHOW_CHANGES = "vis"
SLIDE_GROUP = "{group} ({page} av {pages})"
TABLE_HEADERS = {"at": "Registrert", "kind": "Kva", "text": "Endring", "detail": "Kven og når", "note": "Merknad"}
DOWNLOAD_CSV = "Last ned endringane (CSV)"
FILE_STEM = "endringar-sidan"

# --- who assessed it, and the history ------------------------------------------------------------------------
ASSESSED = "Vurdert av {body} {date}"
ASSESSED_NO_BODY = "Vurdert {date}"
ENTERED = "registrert av {user} {entered}"
FROM_PLAN_FILE = "frå planfila"
NOT_IN_DATABASE = "Ingen vurdering registrert."
HISTORY = "Historikk"
HISTORY_EMPTY = "Ingen oppføringar enno."
HISTORY_HEADERS = {
    "assessed_on": "Dato", "status": "Status", "note": "Merknad", "reported_by": "Vurdert av",
    "entered_by": "Registrert av", "entered_at": "Registrert",
}
EVIDENCE = "Dokumentasjon"

# --- the command line's lines («python -m indicators changes»), revised actions and published data -----------
CLI_NO_PREVIOUS = "ingen"
CLI_STATUS_LINE = "{item}: {old} → {new}"
CLI_MUNICIPAL_PART = "{item} ({municipality})"  # a municipality's part of an action
CLI_FIGURE_LINE = "{item}: nytt tal {value} ({where}, {period}) — {label}"
CLI_ACTION_LINE = "{item}: {label}"
ACTION_ADDED_LABEL = "lagt til ved rulleringa {year}"
ACTION_DROPPED_LABEL = "teke ut ved rulleringa {year}"
# «SSB har revidert Hol 2021 frå 2 316 til 2 320»; {where} is REVISION_PLACE (with the dataset's other dimensions)
REVISION_LINE = "{source} har revidert {where} frå {old} til {new}"
REVISION_PLACE = "{place} {period}"
REVISION_PLACE_DIMENSIONS = "{place} {period} ({dimensions})"
REVISION_SOURCE_UNKNOWN = "Kjelda"
REVISION_SOURCE_SSB = "SSB"  # the short name of «Statistisk sentralbyrå»
# Someone saved the item after the form was opened (the command line; the page says it with STALE and STALE_ENTRY)
STALE_ENTRY = ("Statusen er endra sidan du opna skjemaet: {user} lagra «{status}» {entered} (UTC). Sjå den nye "
               "statusen før du lagrar på nytt.")
STALE_NO_ENTRY = "Statusen er endra sidan du opna skjemaet. Sjå den nye statusen før du lagrar på nytt."
