"""Texts of the statusrapport and of the goal chart it shares with meeting mode."""

from __future__ import annotations

# --- the goal chart (report and meeting mode) -----------------------------------------------------------------
GOAL_CHART_BASELINE = "Utgangspunkt {period}"
GOAL_CHART_BASELINE_HOVER = "Utgangspunkt %{x}: %{y:,.0f}<extra></extra>"
GOAL_CHART_TARGET = "Mål {period}"
GOAL_CHART_TARGET_HOVER = "Mål %{x}: %{y:,.0f}<extra></extra>"
GOAL_CHART_TARGET_PATH = "Målbane"
GOAL_CHART_LATEST = "Siste tal: {latest}."

# --- the report -----------------------------------------------------------------------------------------------
TITLE = "Statusrapport – {plan_title} – {name}"
HEADING = "Statusrapport: {plan_title}"
LEAD = "Region: <strong>{name}</strong>. Laga {date}."
INTRO = (
    "{count} resultatmål i {areas} innsatsområde. {measured} av dei blir målte med offisiell statistikk; dei andre "
    "er kvalitative (status frå sekretariatet) eller blir ikkje målte enno."
)
GOALS_FILE_PROBLEMS = "<h2>Feil i målfila</h2><p>Desse måla er ikkje med:</p><ul>{items}</ul>"
TABLE_HEADERS = ("Mål", "Status", "Utgangspunkt", "Siste tal", "Mål", "Endring")
NO_STATUS_NOTE = "Ingen statusmerknad registrert."
NOT_MEASURED = "Blir ikkje målt enno. Mogleg kjelde: {source}"
DIRECTION_WORDS = {"increase": "auke", "decrease": "nedgang"}
PLAN_WORDING = "Planen: «{title}»"
CHART_MISSING = "Diagrammet manglar: {reason}"
CHART_ALT = "Diagram: {sentence}"
WITHOUT_CHARTS = "rapporten vart laga utan diagram."
SOURCE_FROM_GOAL = "Kjelde: {source}"
REPORTED = "{label}: rapportert av {who}, sist vurdert {when}."
NOT_GIVEN = "ikkje oppgitt"
NOT_REVIEWED = "ikkje vurdert"
SERIES_YEAR = "År"
SERIES_VALUE = "Verdi"

NO_DATASETS = "Ingen datasett i bruk."
DATA_HEADERS = ("Datasett", "Kjelde", "Sist oppdatert hjå kjelda", "Henta")
DATA_TABLE = ", tabell {table}"
SOURCE_UPDATED_NOT_GIVEN = "ikkje oppgitt av kjelda"

METHOD_HEADING = "Metode og kjelder"
# The method in the report's own words (HTML); the same rules as progress.METHOD_EXPLANATION_MARKDOWN.
METHOD = (
    "Status for målte mål følgjer metoden til Statistics Canada (slik Open SDG brukar han). Grunnlaget er den "
    "gjennomsnittlege årlege endringa r sidan utgangsåret (eller det neste året med tal, om utgangsåret manglar "
    "tal). For mål med eit tal å nå er P = r / |r<sub>mål</sub>|, der r<sub>mål</sub> er den årlege endringa som "
    "trengst for å nå målet i målåret: «{on_track}» når P ≥ {on_track_p}, «{acceleration}» når "
    "{acceleration_p} ≤ P &lt; {on_track_p}, «{limited}» når 0 ≤ P &lt; {acceleration_p}, og «{deterioration}» "
    "når P &lt; 0. For mål som berre gjev ei retning, er P = r: «{on_track}» frå {direction_on_track} per år, "
    "«{acceleration}» frå {direction_acceleration}, «{limited}» frå 0; slike mål blir aldri nådde. Forteiknet er "
    "snudd for mål om nedgang. Har utgangsverdien og siste verdi ulikt forteikn, eller er utgangsverdien 0, står "
    "det «{not_applicable}». Kvalitative mål har status frå sekretariatet. Ved sida av kvar status står kva tal "
    "som gav han."
)
LICENCE = (
    "{attribution}. Tala frå Statistisk sentralbyrå er publiserte under lisensen CC BY 4.0. Der det ikkje finst "
    "tal, seier rapporten det; ingen tal er anslått eller fylte inn."
)
MADE_WITH = "Laga med {region}-dashbordet. {plan_title}."
FILENAME = "statusrapport-{code}-{date}.html"

# --- who assessed each goal and when, and its history (statusrapport and sluttrapport) -----------------------
HISTORY_HEADING = "Statushistorikk – {label}"
ENTERED_FIGURES = "Tala er {label}."

# --- the sluttrapport -----------------------------------------------------------------------------------------
FINAL_TITLE = "Sluttrapport {plan_period} – {plan_title} – {name}"
FINAL_HEADING = "Sluttrapport {plan_period}: {plan_title}"
FINAL_LEAD = "Region: <strong>{name}</strong>. Planperioden {plan_period}. Laga {date}."
FINAL_INTRO = (
    "Rapporten for heile planperioden: for kvart resultatmål sluttverdien ved slutten av perioden (talet for det "
    "siste planåret, eller næraste år før; for tal per 1. januar tala per 1. januar {after}), statusen og "
    "statushistorikken, og for kvart tiltak i handlingsprogrammet sluttstatusen, med tiltak som vart lagde til "
    "eller tekne ut ved rulleringane."
)
FINAL_TABLE_HEADERS = ("Mål", "Status ved slutten", "Utgangspunkt", "Sluttverdi", "Mål", "Vurdert")
FINAL_GOALS_HEADING = "Resultatmåla"
FINAL_ACTIONS_HEADING = "Handlingsprogrammet: sluttstatus for tiltaka"
FINAL_ACTIONS_INTRO = "{count} tiltak, {added} lagde til og {dropped} tekne ut ved rulleringane."
FINAL_ACTIONS_HEADERS = ("Nr.", "Tiltak", "Ansvar", "Sluttstatus", "Vurdert", "Rullering")
FINAL_ACTIONS_MISSING = "Handlingsprogrammet kunne ikkje lesast: {reason}"
FINAL_FILENAME = "sluttrapport-{code}-{start}-{end}.html"
FINAL_NO_VALUE = "ingen tal fram til {end}"
DATABASE_MISSING = "Oppfølgingsdatabasen kunne ikkje lesast ({reason}); statusane er dei som står i planfilene."
