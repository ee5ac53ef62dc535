"""Texts of the statusrapport and the sluttrapport (HTML, PDF and Word alike), and of the goal chart they share with
meeting mode. Plain text only: the templates escape every value (one escape policy)."""

from __future__ import annotations

# --- the goal chart (report and meeting mode) -----------------------------------------------------------------
GOAL_CHART_BASELINE = "Utgangspunkt {period}"
GOAL_CHART_BASELINE_HOVER = "Utgangspunkt %{x}: %{y:,.0f}<extra></extra>"
GOAL_CHART_TARGET = "Mål {period}"
GOAL_CHART_TARGET_HOVER = "Mål %{x}: %{y:,.0f}<extra></extra>"
GOAL_CHART_TARGET_PATH = "Målbane"
GOAL_CHART_LATEST = "Siste tal: {latest}."

# --- titles and the title page --------------------------------------------------------------------------------
KIND_STATUS = "Statusrapport"
KIND_FINAL = "Sluttrapport"
TITLE = "{kind} – {plan_title} – {name}"  # the document's <title>
HEADING = "{kind}"
SUBHEADING = "{plan_title}"  # the plan's title already names its period: the heading does not repeat it
FACT_COUNCIL = "Råd"
FACT_PLAN = "Plan"
FACT_PERIOD = "Planperiode"
FACT_REGION = "Region"
FACT_DATE = "Dato"
FACT_MEETING = "Til møtet"
FACT_LAST_MEETING = "Førre møte"
MEETING_TEXT = "{name}, {date}"
NO_MEETING = "ikkje registrert"
CONTENTS = "Innhald"
PAGE = "Side"
FOOTER = "{council} · {kind} – {plan_title}"
FOOTER_OF = "av"

# --- section headings ------------------------------------------------------------------------------------------
SUMMARY_HEADING = "Samandrag"
CHANGES_HEADING = "Endringar sidan førre møte"
GOALS_HEADING = "Resultatmåla"
ACTIONS_HEADING = "Handlingsprogrammet"
APPENDIX_METHOD = "Vedlegg A: Metode"
APPENDIX_SOURCES = "Vedlegg B: Kjelder og datadatoar"
APPENDIX_HISTORY = "Vedlegg C: Statushistorikk"

# --- the summary -------------------------------------------------------------------------------------------------
INTRO = (
    "Planen har {count} resultatmål i {areas} innsatsområde. {measured} av dei blir målte med offisiell statistikk "
    "eller tal som sekretariatet har registrert; for dei andre er det sekretariatet si vurdering som gjeld."
)
FINAL_INTRO = (
    "Rapporten for heile planperioden {plan_period}: for kvart resultatmål sluttverdien (talet for det siste "
    "planåret, eller næraste år før; for tal per 1. januar tala per 1. januar {after}), statusen og "
    "vurderingane, og for kvart tiltak i handlingsprogrammet sluttstatusen, med tiltak som vart lagde til eller "
    "tekne ut ved rulleringane."
)
COUNT_ONCE = "Resultatmåla: {count}, kvart mål talt éin gong"
COUNT_METHOD = "Statistikken åleine: {count} målte mål"
COUNT_ACTIONS = "Tiltaka: {count} i handlingsprogrammet (utan dei som er tekne ut)"
COUNT_RULE = (
    "Den første rada tel kvart mål éin gong: etter sekretariatet si vurdering der ho finst, elles etter statusen "
    "frå statistikken (same regel som på Om). Den andre rada viser statusen frå statistikken for dei målte måla, "
    "uansett vurdering."
)
MESSAGES_HEADING = "Hovudbodskapar"
MESSAGE_CHANGE = "{sentence} (siste tal: {latest})."
MESSAGE_REACHED = "Nådd: {goals}."
MESSAGE_REACHED_NONE = "Ingen resultatmål er nådde etter statistikken eller sekretariatet si vurdering."
MESSAGE_WRONG_WAY = "Går feil veg: {goals}."
MESSAGE_WRONG_WAY_NONE = "Ingen målte resultatmål går feil veg."
MESSAGE_BEHIND = "Treng meir fart etter statistikken: {goals}."
MESSAGE_NO_DATA = "{count} av dei målte måla manglar tal: {goals}."
MESSAGE_ACTIONS = "Handlingsprogrammet: {parts} av {count} tiltak."
MESSAGE_ACTIONS_PART = "{count} {label}"
JOIN_LAST = " og "

# --- changes since the last meeting ----------------------------------------------------------------------------
CHANGES_SINCE = "Endringar registrerte sidan {meeting} {date}."
CHANGES_SINCE_NO_MEETING = "Ingen møte er registrert enno. Lista viser endringar registrerte sidan {date}."
CHANGES_NONE = "Ingen endringar er registrerte i perioden."
CHANGES_NOTE = "Merknad: {note}"
CHANGES_UNAVAILABLE = "Endringane kunne ikkje lesast frå oppfølgingsdatabasen ({reason})."

# --- the goals -----------------------------------------------------------------------------------------------
METHOD_STATUS = "Statistikken"
ASSESSMENT_STATUS = "Sekretariatet si vurdering"
ASSESSED_BY = "Vurdert av {body} {date}"
ASSESSED_NO_BODY = "Vurdert {date}"
ENTERED_BY = "registrert av {user} {entered}"
FROM_PLAN_FILE = "frå planfila"
PLAN_WORDING = "Planen: «{title}»"
NUMBER_BASELINE = "Utgangspunkt"
NUMBER_LATEST = "Siste tal"
NUMBER_FINAL = "Sluttverdi"
NUMBER_TARGET = "Mål"
NUMBER_CHANGE = "Endring"
NUMBER_ONE = "Tal"
ONE_YEAR_ONLY = "Berre eitt år med tal: statistikken kan ikkje vurdere utviklinga før det finst tal for to år."
VALUE_PERIOD = "{value} ({period})"
DIRECTION_WORDS = {"increase": "auke", "decrease": "nedgang"}
DATA_END = "Tala går til {period}; planperioden {ran} til {end}."
DATA_END_COVERS = "Tala går til {period}."
PERIOD_RAN = "gjekk"
PERIOD_RUNS = "går"
NOT_MEASURED = "Blir ikkje målt i dashbordet. Mogleg kjelde: {source}."
NEVER_IMPORTED = "Tala vart aldri importerte i dashbordet ({source}), så statistikken gjev ingen status."
NO_FIGURES_UNTIL = "Ingen tal fram til {end}."
SERIES_YEAR = "År"
SERIES_VALUE = "Verdi"
CHART_MISSING = "Diagrammet manglar: {reason}"
CHART_ALT = "Diagram: {sentence}"
WITHOUT_CHARTS = "rapporten vart laga utan diagram."
SOURCE_SHORT = "Kjelde: {sources} (sjå vedlegg B)."
SOURCE_ENTERED = "Tala er {label}."
GOALS_FILE_PROBLEMS = "Feil i målfila: desse måla er ikkje med:"

# --- the action programme ------------------------------------------------------------------------------------
ACTIONS_INTRO = "{count} tiltak: {original} frå planen, {added} lagde til og {dropped} tekne ut ved rulleringane."
ACTIONS_HEADERS = ("Nr.", "Tiltak", "Ansvar og tid", "Status og vurdering")
ACTIONS_MISSING = "Handlingsprogrammet kunne ikkje lesast: {reason}"
ACTION_TIME = "Tid: {time}"

# --- appendices ------------------------------------------------------------------------------------------------
# The method in plain words; the same rules as progress.METHOD_EXPLANATION_MARKDOWN.
METHOD = (
    "Status frå statistikken følgjer metoden til Statistics Canada (slik Open SDG brukar han). Grunnlaget er den "
    "gjennomsnittlege årlege endringa r sidan utgangsåret (eller det neste året med tal, om utgangsåret manglar "
    "tal). For mål med eit tal å nå er P = r / |r(mål)|, der r(mål) er den årlege endringa som trengst for å nå "
    "målet i målåret: «{on_track}» når P ≥ {on_track_p}, «{acceleration}» når {acceleration_p} ≤ P < "
    "{on_track_p}, «{limited}» når 0 ≤ P < {acceleration_p}, og «{deterioration}» når P < 0. For mål som berre "
    "gjev ei retning, er P = r: «{on_track}» frå {direction_on_track} per år, «{acceleration}» frå "
    "{direction_acceleration}, «{limited}» frå 0; slike mål blir aldri nådde. Forteiknet er snudd for mål om "
    "nedgang. Har utgangsverdien og siste verdi ulikt forteikn, eller er utgangsverdien 0, står det "
    "«{not_applicable}». Ved sida av kvar status står kva tal som gav han."
)
METHOD_TWO_STATUSES = (
    "Sekretariatet si vurdering (status, merknad, kven som vurderte og når) står ved sida av statusen frå "
    "statistikken og blir aldri slått saman med han. Kvalitative mål og tiltak har berre sekretariatet si "
    "vurdering."
)
LICENCE = (
    "{attribution}. Tala frå Statistisk sentralbyrå er publiserte under lisensen CC BY 4.0. Der det ikkje finst "
    "tal, seier rapporten det; ingen tal er anslått eller fylte inn."
)
MADE_WITH = "Laga med {region}-dashbordet. {plan_title}."
SOURCES_INTRO = "Datasetta som tala i rapporten kjem frå, og kor ferske dei er."
SOURCES_HEADERS = ("Datasett", "Kjelde", "Korleis tala kom inn", "Publisert av kjelda")
SOURCE_FETCHED = "henta frå kjelda {date}"
SOURCE_EXTRACT = "frå publisert uttrekk, lagra {date}"
SOURCE_IMPORTED = "importert frå fil {date}"
PUBLISHED_UNKNOWN_EXTRACT = "står ikkje i uttrekket"
PUBLISHED_UNKNOWN = "kjelda oppgjev ingen dato"
SOURCE_TABLE = "{source}, tabell {table}"
NO_DATASETS = "Rapporten brukar ingen datasett frå statistikkbankane."
ENTERED_HEADING = "Tal utan API: registrerte av sekretariatet eller med dashbordet"
ENTERED_ROW = "{goal}: {value} ({where}, {period}) – kjelde: {source}{published}; registrert av {user} {entered}."
ENTERED_ROW_SEEDED = "{goal}: {value} ({where}, {period}) – kjelde: {source}, {label}; kom med dashbordet."
ENTERED_PUBLISHED = ", publisert {date}"
HISTORY_INTRO = "Alle registrerte vurderingar, nyaste først."
HISTORY_NONE = "Ingen vurderingar er registrerte."
NO_PLAN = (
    "Ingen plan er lasta for {region}: regionfila har berre kommunane, så rapporten har ingen resultatmål eller "
    "tiltak. Legg til planen med «plan = {{ name, start, end }}» og «plan_dir» (mappa med goals.toml og "
    "actions.csv) i regionfila."
)
DATABASE_MISSING = "Oppfølgingsdatabasen kunne ikkje lesast ({reason}); statusane er dei som står i planfilene."

# --- files and the command line --------------------------------------------------------------------------------
FILENAME = "statusrapport-{code}-{date}.{ext}"
FINAL_FILENAME = "sluttrapport-{code}-{start}-{end}.{ext}"
PDF_FAILED = "PDF-en kunne ikkje lagast: {reason}"
PDF_TIMEOUT = "PDF-en tok for lang tid å lage. Prøv igjen."

# --- downloads on Rapportering (ui/report_downloads.py) --------------------------------------------------------
DOWNLOADS_HEADING = "Last ned statusrapport eller sluttrapport (PDF, Word, HTML)"
DOWNLOADS_INTRO = (
    "Rapporten for saksframlegget: tittelside, samandrag, endringar sidan førre møte, resultatmåla med statusen "
    "frå statistikken og sekretariatet si vurdering, heile handlingsprogrammet og vedlegg. Rapporten blir laga "
    "når du ber om han, med statusane slik dei står no."
)
DOWNLOADS_REGION = "Rapporten gjeld {name} (regionen som er vald i sidemenyen)."
DOWNLOADS_KIND = "Rapport"
DOWNLOADS_KINDS = {"status": "Statusrapport", "final": "Sluttrapport for planperioden {plan_period}"}
DOWNLOADS_FORMAT = "Format"
DOWNLOADS_FORMATS = {"pdf": "PDF (for utskrift og saksdokument)", "docx": "Word (.docx)", "html": "HTML (nettsida)"}
DOWNLOADS_MAKE = "Lag rapporten"
DOWNLOADS_MAKING = "Lagar {kind} som {format} … (det kan ta eit halvt minutt)"
DOWNLOADS_READY = "{kind} er klar: {file} ({size})."
DOWNLOADS_DOWNLOAD = "Last ned {file}"
DOWNLOADS_NO_CHROMIUM = (
    "PDF-en kan ikkje lagast på denne tenaren: {reason} Last ned Word-fila eller HTML-fila i staden; HTML-fila kan "
    "skrivast ut som PDF frå nettlesaren."
)
DOWNLOADS_FAILED = "Rapporten kunne ikkje lagast: {reason}"
