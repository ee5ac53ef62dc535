"""Texts of the municipal parts of actions (issue 22): the matrix on Handlingsprogram, an action's parts, the
history's «Del» column, the changes' lines, the report's table and the rule on Om."""

from __future__ import annotations

from indicators import i18n

# --- Handlingsprogram ---------------------------------------------------------------------------------------
HEADING = "Kommunane sine delar"
CAPTION = (
    "Tiltak som kommunane har ein del av: først statusen til {region} (sekretariatet si vurdering), så delen "
    "til kvar kommune, slik kommunen sjølv har rapportert han. Oppsummeringa tel kommunane; ho erstattar ikkje "
    "statusen til {region}."
)
COUNT = i18n.Plural("{count} tiltak med kommunedelar i utvalet", "{count} tiltak med kommunedelar i utvalet")
NONE_IN_SELECTION = "Ingen av tiltaka i utvalet har kommunedelar."
NUMBER_HEADER = "Tiltak"
TEXT_HEADER = "Tekst"
FILE_STEM = "kommunedelar"
DOWNLOAD = "Last ned kommunedelane (CSV for Excel)"
REGION_HEADER = "{region}"
REGION_HEADER_NOTE = "sekretariatet"
ROLLUP_HEADER = "Kommunane"
NO_PART = "–"
NO_PART_LABEL = "ingen del"
TABLE_LABEL = "Status for tiltaka: {region} og kvar kommune"
DETAIL_PARTS = "**Kommunane sine delar:** {rollup}"
DETAIL_NO_PARTS = "Tiltaket har ingen kommunedelar: berre sekretariatet rapporterer status for det."
CHANGED_BY_SECRETARIAT = "Sekretariatet har endra kva kommunar som har ein del av dette tiltaket."

# --- the roll-up: «4 av 6 kommunar i gang, 1 gjennomført, 1 ikkje vurdert» -----------------------------------
ROLLUP_FIRST = "{count} av {total} kommunar {status}"
ROLLUP_OTHER = "{count} {status}"
ROLLUP_SEPARATOR = ", "

# --- the history and the changes ------------------------------------------------------------------------------
PART_HEADER = "Del"
REGION_PART = "{region} (sekretariatet)"
PART_ITEM = "{item} ({municipality} sin del)"

# --- the report -----------------------------------------------------------------------------------------------
REPORT_HEADING = "Kommunane sine delar av tiltaka"
REPORT_INTRO = (
    "Tiltaka som kommunane har ein del av, med statusen til {region} (sekretariatet si vurdering) og delen "
    "til kvar kommune. «–»: kommunen har ingen del av tiltaket."
)
REPORT_NONE = "Ingen tiltak har kommunedelar."

# --- Om -----------------------------------------------------------------------------------------------------
ABOUT_HEADING = "Kommunane sine delar av tiltaka"
ABOUT = """
Mange tiltak i handlingsprogrammet blir gjennomførte av kommunane. Eit slikt tiltak har, i tillegg til
statusen til {region} (sekretariatet si vurdering), ein **del for kvar kommune** som kommunen sjølv rapporterer
status for. Kva tiltak som har kommunedelar, kjem frå kolonnane «Ansvar» og «Involvering» i planen:

- Namna i kolonnane blir delte ved komma, skråstrek og «og».
- Står det «Kommune», «Kommunen», «Kommunane», «Kommunar» eller «Alle kommunar», får alle dei {member_count}
  kommunane ein del.
- Står namnet på ein kommune, åleine eller med «kommune» etter («{example}», «{example} kommune»), òg eit
  tidlegare namn, får den kommunen ein del.
- Andre namn gjev ingen del: regionrådet (RR), fylkeskommunen, næringslivet og destinasjonsselskapa.

Eit tiltak utan kommunar i «Ansvar» eller «Involvering» har berre statusen til {region}. **Sekretariatet kan
endre** kva kommunar som har ein del av eit tiltak (på Rapportering); endringa blir logga, og det som alt er
rapportert, står i historikken.

Oppsummeringa (til dømes «{some} av {total} kommunar i gang») tel berre delane til kommunane. Ho erstattar aldri statusen til
{region}, som sekretariatet vurderer sjølv.
""".strip()

# --- Møtemodus: the actions whose region status or parts changed since the last meeting -------------------------
SLIDE_OPTION = "Vis lysbiletet «Kommunane sine delar» (tiltak endra sidan sist)"
SLIDE_HEADLINE = "Kommunane sine delar"
SLIDE_LABEL = "Kommunane sine delar"
SLIDE_INTRO = (
    "Tiltak der statusen til {region} eller delen til ein kommune er endra sidan {meeting} ({date}). "
    "Først statusen til {region} (sekretariatet si vurdering), så delen til kvar kommune. «–»: ingen del."
)
SLIDE_MORE = i18n.Plural("… og {count} tiltak til (sjå Handlingsprogram)",
                         "… og {count} tiltak til (sjå Handlingsprogram)")
