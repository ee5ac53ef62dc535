"""Texts of the Klima page and its charts (emissions, Miljødirektoratet). Templates: `texts.fill(T, …)` puts in
{region}, {member_count}, … from the region file and the named extra values. Hover templates hold plotly's
%{…} fields and are used as they are, never filled."""

from __future__ import annotations

# --- charts ---------------------------------------------------------------------------------------------------

SHORT_UNIT = "tonn CO₂-ekv."
Y_TITLE = "Tonn CO₂-ekvivalentar"
PER_PERSON_Y_TITLE = "Tonn CO₂-ekvivalentar per innbyggjar"
SHARE_Y_TITLE = "Prosent av utsleppa"
MISSING_NOTE = "«..» = manglar tal (for {region}: minst éin kommune manglar det året)"
RELEASE_NOTE = "Utgåve med tal til og med {release}"
RELEASE_NOTE_UNKNOWN = "Importert fil"
RELEASE_FILES = "{text} (fil: {files})"
PER_RESIDENT_NOTE = "Folketal 1. januar same år"
MUNICIPALITY_NOTE = "Siste år med tal i parentes"

FULL_YEAR_EQUIVALENT_EXPLANATION = (
    "Utslepp per heilårsekvivalent reknar med deltidsinnbyggjarane: utsleppa delte på heilårsekvivalentar. "
    "Anslaget for gjestedøgn i planen er eitt tal for {region} samla, så talet finst berre for {region} og "
    "berre for siste år. {note}"
)

LOWER = "lågare"
HIGHER = "høgare"
EQUALLY_HIGH = "like høge"
CHANGE_WORDS = "{percent} {direction}"

GOAL_TITLE_NO_GOAL = "Klimagassutslepp i {name} (klimamålet står ikkje i plan/goals.toml)"
GOAL_TITLE_NO_BASE = "{name}: manglar utsleppstal for {base}, så framgangen mot målet kan ikkje reknast ut"
GOAL_TITLE_ONLY_BASE = "{name}: berre {base} har utsleppstal så langt"
GOAL_TITLE = "Utsleppa i {name} var {change} i {current} enn i {base} – målet er {target} i {target_period}"
GOAL_BASE_FELL_BACK = "{base} ({missing} manglar)"
GOAL_TARGET_TONNES = "{value} tonn"
GOAL_EMISSIONS_TRACE = "Utslepp"
GOAL_PATH_LABEL = "Målbane"
GOAL_PATH_LABEL_CHANGE = "Målbane ({change})"
GOAL_TARGET_TRACE = "Mål {period}"
GOAL_TARGET_TEXT = "Mål: {value}"
GOAL_CHART_NAME = "Klimagassutslepp og målbane, {name}"

SECTOR_MEASURES: dict[str, str] = {"tonnes": "Tonn", "share": "Del av utsleppa (%)"}
UNKNOWN_MEASURE = "Ukjend mål «{measure}»; vel mellom {choices}."
SECTOR_TITLE_TOP = "{sector} var den største kjelda i {name} i {year} ({share} av utsleppa)"
SECTOR_TITLE = "Klimagassutslepp etter sektor, {name}"

INFLUENCE_TITLE_SHARE = "{share} av utsleppa i {name} i {year} kjem frå kjelder kommunen i stor grad kan påverke"
INFLUENCE_TITLE = "Utslepp innanfor og utanfor kommunal påverknad, {name}"
INFLUENCE_CHART_NAME = "Utslepp etter kommunal påverknad, {name}"

PER_RESIDENT_FELL = "gått ned"
PER_RESIDENT_ROSE = "gått opp"
PER_RESIDENT_STILL = "stått stille"
PER_RESIDENT_TITLE_CHANGE = "Utslepp per innbyggjar i {name} har {verb} frå {first} til {last} tonn ({start}–{end})"
PER_RESIDENT_TITLE_ONE = "Utslepp per innbyggjar i {name}: {value} tonn i {year}"
PER_RESIDENT_TITLE = "Utslepp per innbyggjar, {name}"
PER_RESIDENT_TRACE = "Per innbyggjar"
PER_RESIDENT_CHART_NAME = "Klimagassutslepp per innbyggjar, {name}"

MUNICIPALITIES_SINCE = "sidan {base}"
MUNICIPALITIES_OVER_TIME = "over tid"
MUNICIPALITIES_TITLE_FALLING = "Utsleppa har gått ned {since} i {falling} av {count} kommunar"
MUNICIPALITIES_TITLE = "Endring i utslepp {since}, per kommune"
MUNICIPALITIES_TARGET = "Mål {period}: {change}"
MUNICIPALITIES_X_TITLE = "Endring {since} (prosent)"
MUNICIPALITIES_CHART_NAME = "Endring i utslepp {since}, kommunane"
MUNICIPALITY_LABEL = "{name} ({year})"

# plotly hover templates (not filled: %{…} are plotly's fields)
HOVER_TONNES = "%{x}: %{y:,.0f} " + SHORT_UNIT + "<extra></extra>"
HOVER_NAMED_TONNES = "%{fullData.name}<br>%{x}: %{y:,.0f} " + SHORT_UNIT + "<extra></extra>"
HOVER_NAMED_SHARE = "%{fullData.name}<br>%{x}: %{y:.1f} %<extra></extra>"
HOVER_PER_RESIDENT = "%{x}: %{y:,.2f} tonn per innbyggjar<extra></extra>"
HOVER_CHANGE = "%{y}: %{x:+.1f} % "  # + "sidan 2009" + "<extra></extra>"

# --- page -----------------------------------------------------------------------------------------------------

PAGE_TITLE = "Klima – {name}"
UNIT = "tonn CO₂-ekv."
GOAL_IN_PLAN = "**Mål i planen:** «{title}» – innan {target_period}{at_plan_end}."
GOAL_IN_PLAN_END = ", slutten av planperioden"
GOAL_HEADING_MISSING = "**Mål for klimautsleppa**"
GOAL_HEADING = "**Mål: {target}**"

EMPTY_STATE = """\
**Ingen utsleppsdata er importert enno.**

Miljødirektoratet publiserer klimagassutslepp for kommunane i tenesta «Klimagassutslipp fra kommuner»,
men har ikkje noko API som dashbordet kan hente frå. Difor må fila lastast ned og importerast for hand:

1. Opne <{manual_page}>.
2. Vel ein av kommunane ({member_names}) og last ned Excel-fila
   (til dømes *Utslippsregnskap_{example}.xlsx*), eller last ned fila med alle kommunane
   (*utslippsstatistikk_alle_kommuner.xlsx*). For summen for {region} trengst alle dei {member_count}
   kommunane, frå same utgåve.
3. Importer fila på sida **Klima** (steget «Importer» under). Det krev at du er logga inn som redaktør: har du
   ikkje konto, spør sekretariatet i {council}.

Målet for klimautsleppa står som «Manglar data» til ei fil er importert.
"""
EMPTY_STATE_BADGE_REASON = "Ingen utsleppstal er importerte."
OR = "eller"

REGION_INCOMPLETE_NOTE = (
    "{region} er summen av dei {member_count} kommunane og blir berre rekna ut for år der alle finst i dei "
    "importerte dataa. Andre år står som manglande («..»)."
)
REGION_WITHOUT_FIGURES = (
    "Det finst ikkje tal for alle dei {member_count} kommunane for noko år, så summen for {region} kan ikkje "
    "reknast ut. Importert: {imported}. Manglar: {missing}.\n\n{note}\n\nVel ein av dei importerte kommunane i "
    "menyen til venstre, eller importer filene som manglar."
)
NONE_OF_THEM = "ingen av kommunane"
NONE = "ingen"
MEMBER_WITHOUT_FIGURES = (
    "Dei importerte utsleppsdataa har ikkje tal for {name} (importert: {imported}). Last ned fila for "
    "{name} frå Miljødirektoratet og importer ho under."
)
DAMAGED = "Dei lagra utsleppsdataa kan ikkje lesast: {problem} Importer fila på nytt under."

LATEST_METRIC = "Utslepp {year} ({unit})"
CHANGE_METRIC = "Endring {base}–{current}"
CHANGE_SINCE_METRIC = "Endring sidan {base}"
TARGET_METRIC_CHANGE = "Mål {period}: {change} ({unit})"
TARGET_METRIC = "Mål {period} ({unit})"
GAP_TO_PATH = "{tonnes} tonn ({percent}) {side} målbanen i {year}."
ABOVE = "over"
BELOW = "under"
LEFT_TO_TARGET = "Att til målet: {tonnes} tonn, {percent} av utsleppa i {year}."
UNDER_TARGET = "Under målnivået med {tonnes} tonn."

HEADING_GOAL = "Utslepp og målbane"
HEADING_EMISSIONS = "Utslepp"
BARS_CAPTION = "Stolpane er utsleppa dei åra Miljødirektoratet har tal for; år utan tal står tomme."
PATH_CAPTION = (
    "{bars} Den stipla linja er målbana: lik prosentvis endring kvart år frå {base} til målet i {target_period}."
)
HEADING_SECTORS = "Utslepp etter sektor"
SECTOR_VIEW_LABEL = "Vis"

HEADING_PER_PERSON = "Utslepp per person"
PER_RESIDENT_METRIC = "Per innbyggjar {year} (tonn CO₂-ekv.)"
PER_RESIDENT_HELP = "Utsleppa delte på registrert folketal 1. januar same år (SSB, tabell 07459)."
PER_EQUIVALENT_METRIC = "Per heilårsekvivalent {year} – anslag (tonn CO₂-ekv.)"
PER_EQUIVALENT_HELP = (
    "{emissions} tonn delt på {equivalents} heilårsekvivalentar ({residents} innbyggjarar + {guest_days} "
    "gjestedøgn / 365)."
)
PER_EQUIVALENT_ONLY_REGION = (
    "Utslepp per heilårsekvivalent (med deltidsinnbyggjarar) finst berre for {region} samla: anslaget for "
    "gjestedøgn i planen gjeld heile regionen."
)

HEADING_INFLUENCE = "Kva kommunane kan påverke"
INFLUENCE_REASONS = "Grunngiving for kvar sektor"
INFLUENCE_COLUMNS = ("Sektor", "Rekna som", "Grunngiving")

HEADING_MUNICIPALITIES = "Kommunane"
MUNICIPALITY_TABLE_HEAD = ("Kommune", "{base} (tonn)", "Siste år (tonn)", "Endring", "Mål {target_period} (tonn)",
                           "Status")
MUNICIPALITY_LATEST = "{value} ({year})"
MUNICIPALITY_CAPTION = "Status er rekna med same metode som for dei andre måla (sjå «Om»)."
SOURCE_CAPTION = "Kjelde: {source}, «{title}». {release}, importert {date}. Lisens: {licence}."

# --- import step ----------------------------------------------------------------------------------------------

IMPORT_HEADING = "Importer utsleppsdata"
IMPORT_EXPANDER = "Last opp fil frå Miljødirektoratet"
IMPORT_HELP = (
    "Last ned Excel-fila frå [Miljødirektoratet]({manual_page}): anten éi fil per kommune "
    "(*Utslippsregnskap_{example}.xlsx* og liknande, gjerne alle {member_count} på éin gong) eller fila med alle "
    "kommunane (*utslippsstatistikk_alle_kommuner.xlsx*). Du ser kva som blir bytt ut før noko blir "
    "endra."
)
# Only for a signed-in editor: a visitor is told whom to ask, not shown a command for the server (issue 20).
IMPORT_TERMINAL = "Same kan gjerast i ein terminal på tenaren: `python -m indicators import-emissions FIL`."
UPLOAD_LABEL = "Excel-fil(er) frå Miljødirektoratet (.xlsx)"
UPLOAD_HELP = (
    "Berre dei {member_count} kommunane i {region} blir tekne vare på; andre kommunar i fila blir hoppa over. "
    "Største fil: {max_mb} MB."
)
UPLOAD_DEFAULT_NAME = "opplasta.xlsx"
PREVIEW_REFUSED = "Fila kan ikkje importerast, og ingenting er endra. {error}"
PREVIEW_HEADING = "**Dette skjer om du importerer:**"
IMPORT_BUTTON = "Importer og byt ut"
IMPORT_SPINNER = "Importerer …"
IMPORT_STOPPED = "Importen vart stoppa, og ingenting er endra. {error}"

# --- municipal influence (the sectors' classification is indicators.emissions.SECTOR_INFLUENCE) ----------------

INFLUENCE_LABELS: dict[str, str] = {
    "within": "I stor grad innanfor kommunal påverknad",  # keys: indicators.emissions.INFLUENCE_*
    "outside": "For det meste utanfor kommunal påverknad",
    "unclassified": "Ikkje klassifisert",
}

ROAD_TRAFFIC_NOTE = (
    "Gjennomgangstrafikk på riks- og europavegar ligg for det meste utanfor det kommunen kan påverke, men "
    "Miljødirektoratet sine tal skil han ikkje ut: han er ein del av sektoren Veitrafikk. Heile Veitrafikk er "
    "difor rekna som innanfor kommunal påverknad, sjølv om ein del av han i praksis ligg utanfor."
)

SECTOR_INFLUENCE_REASONS: dict[str, str] = {
    "Industri, olje og gass": (
        "Mykje av utsleppa frå industri er omfatta av kvotesystemet (EUs klimakvotesystem) og blir styrte av "
        "nasjonal og europeisk politikk, ikkje av kommunen. Tala skil ikkje kvotepliktige frå andre utslepp i "
        "sektoren, så heile sektoren er rekna som utanfor."
    ),
    "Luftfart": "Luftfart blir regulert nasjonalt og internasjonalt; kommunen har lite å seie for utsleppa.",
    "Sjøfart": "Sjøfart blir regulert nasjonalt og internasjonalt; kommunen har lite å seie for utsleppa.",
    "Veitrafikk": (
        "Lokal trafikk kan kommunen påverke gjennom arealplanlegging, kollektivtilbod og ladeinfrastruktur. "
        + ROAD_TRAFFIC_NOTE
    ),
    "Oppvarming": "Kommunen påverkar oppvarming gjennom eigne bygg, arealplanar og rettleiing.",
    "Avfall og avløp": "Avfall og avløp er kommunale tenester.",
    "Annen mobil forbrenning": (
        "Anleggsmaskiner, snøscooterar og liknande: kommunen påverkar mellom anna gjennom eigne innkjøp og "
        "krav i eigne bygg- og anleggsprosjekt."
    ),
    "Jordbruk": "Kommunen kan påverke gjennom landbruksforvaltning og rettleiing, sjølv om mykje blir styrt nasjonalt.",
    "Energiforsyning": "Kommunen påverkar gjennom eigne energiselskap, fjernvarme og arealplanar.",
    "Produkter med fluorgasser": "Kommunen påverkar gjennom eigne innkjøp og avfallshandtering.",
}

INFLUENCE_EXPLANATION = (
    "Miljødirektoratet peikar på at nokre utslepp i stor grad ligg utanfor det ein kommune kan styre: "
    "industri i kvotesystemet, gjennomgangstrafikk på riks- og europavegar, luftfart og sjøfart. Her er "
    "sektorane **Industri, olje og gass**, **Luftfart** og **Sjøfart** rekna som *for det meste utanfor "
    "kommunal påverknad*, og resten som *i stor grad innanfor*.\n\n" + ROAD_TRAFFIC_NOTE
)

# --- the goal in words ------------------------------------------------------------------------------------------

GOAL_MISSING_AFTER = "Dashbordet kan difor ikkje vurdere målet; utsleppstala står likevel under."
GOAL_FILE_UNREADABLE = "Målfila plan/goals.toml kan ikkje lesast. {after}"
GOAL_NOT_IN_PLAN = (
    "Klimamålet står ikkje i plan/goals.toml, eller det er ikkje knytt til indikatoren «{indicator}» med eit "
    "utgangsår"
)
GOAL_FILE_PROBLEM = "{missing}. Målfila har ein feil som kan gjelde klimamålet: {problem}. {after}"
GOAL_MISSING = "{missing}. {after}"
GOAL_TARGET_CHANGE = "{change} frå {base} innan {target_period}"
GOAL_TARGET_LEVEL = "{value} {unit} innan {target_period}"
GOAL_DIRECTION = "{wanted} enn i {base}"
