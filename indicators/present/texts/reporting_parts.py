"""Texts of Rapportering for the municipal parts of actions (issue 22): a municipal editor's own part, the
secretariat's choice of part, and which municipalities have a part of an action."""

from __future__ import annotations

REGION_PART = "Statusen til {region} (sekretariatet)"
OWN_PART = (
    "Du rapporterer for {municipality}: skjemaet fører delen til {municipality} av tiltaket. Statusen til heile "
    "{region} fører sekretariatet."
)
NO_OWN_PARTS = "Ingen tiltak har ein del for {municipality} no. Spør sekretariatet om det er feil."
CHOOSE_PART = "Kva rapporterer du?"
CHOOSE_PART_HELP = (
    "Statusen til {region} er sekretariatet si eiga vurdering. Delen til ein kommune fører vanlegvis kommunen "
    "sjølv; sekretariatet kan føre han for kommunen."
)
PART_LABEL = "{item} ({municipality} sin del)"
EDIT_HEADING = "Kva kommunar har ein del av tiltaket?"
EDIT_HELP = (
    "Frå planen: kommunane som står under «Ansvar» eller «Involvering» (sjå «Om»). Sekretariatet kan leggje "
    "til eller ta bort ein kommune sin del; endringa blir logga, og det kommunen alt har rapportert, står i "
    "historikken."
)
EDIT_MUNICIPALITIES = "Kommunar med ein del"
EDIT_REASON = "Grunngjeving (valfri)"
EDIT_SAVE = "Lagre kommunedelane"
EDIT_NOTHING = "Ingen endring: dei same kommunane har ein del."
EDIT_SAVED = "Tiltak {number}: no har {names} ein del."
EDIT_NONE = "ingen kommunar"
