"""Texts of meeting mode (Møtemodus) and of the one-sentence headline its goal slides and the report share."""

from __future__ import annotations

# --- the page ---------------------------------------------------------------------------------------------------
CHOOSE_CONTENT = "Vel innhald for møtet"
REGION_PICKER = "Region"
GOALS_PICKER = "Mål i møtet (i denne rekkjefølgja)"
GOALS_PLACEHOLDER = "Vel mål"
CHARTS_PICKER = "Diagram etter måla"
CHARTS_PLACEHOLDER = "Vel diagram"
LINK_HELP = (
    "Adressa i nettlesaren tek vare på valet: lagre eller send lenkja, så opnar møtet seg med same mål og same "
    "side. Blad med → og ← (eller PageDown/PageUp). «Start presentasjon» tek bort menyane; Esc eller "
    "«Avslutt presentasjon» tek dei tilbake. F11 gjev fullskjerm."
)
LEAVE = "Avslutt møtemodus"
START_PRESENTING = "Start presentasjon"
STOP_PRESENTING = "Avslutt presentasjon"
START_WITH_CHANGES = "Start med det som er endra sidan sist"
START_WITH_CHANGES_HELP = "Første side viser kva sekretariatet har registrert sidan {meeting} ({date})."
CHANGES_HEADLINE = "Kva er endra sidan sist"
CHANGES_LABEL = "Endringar sidan sist"
CHANGES_NO_MEETING = "Ingen møte er registrerte i oppfølgingsdatabasen, så det er ingenting å samanlikne med."
CHANGES_GROUP = "{group} ({page} av {pages})"
MISSING_HEADLINE = "{count} mål manglar tal:"
MISSING_HELP = "Dei kan takast med under «Vel innhald for møtet»."
MISSING_LABEL = "Mål utan tal"
SINGLE_VALUE = "{value} {unit} ({period}) – berre eitt år med tal, inga utvikling å vise enno."
PREVIOUS = "◀ Førre"
NEXT = "Neste ▶"

GOAL_OPTION = "{area}: {label}{kind}"
QUALITATIVE_MARK = " (kvalitativt)"
NOT_MEASURED_MARK = " (ikkje målt)"
PLAN_WORDING = "Planen: «{title}»"
CHART_PLACE = "Diagram"

NOTHING_CHOSEN = "Ingen mål eller diagram er valde for møtet."
NOTHING_CHOSEN_HELP = "Vel mål under «Vel innhald for møtet» øvst til høgre."
TOP_BAR = "Møtemodus · {name}"
POSITION = "{step} av {total}"

# What a slide may say when there are no numbers: one plain sentence, never a path or a command.
NO_NUMBERS = "Det finst ingen tal for dette diagrammet enno."
MIXED_UNITS = "Dette diagrammet har tal i fleire måleeiningar og kan ikkje visast på éin akse; sjå sida for indikatoren."
SEVERAL_DIMENSIONS = "Dette diagrammet har fleire inndelingar og passar ikkje på éin skjerm; sjå sida for indikatoren."

# chart slides: labels where the indicator's title does not fit, and the lines of a chart without a builder
EMPLOYMENT_RATE_LABEL = "Sysselsetjingsdel etter bustad (15–74 år)"
SERIES_LABELS = {"registered": "Registrert", "projection": "Framskriving (SSB)"}
SEX_LABELS = {"female": "Kvinner", "male": "Menn", "total": "I alt"}
LARGEST = "{label}, {name}: {top} er størst ({value}, {when})"
LATEST = "{label}, {name}: {value} ({when})"
MOVED_SINCE = ", {direction} frå {value} i {first}"
UP, DOWN = "opp", "ned"
LATEST_NOTE = "Siste tal: {when}."

# --- headlines (meeting mode's goal slides and the report) --------------------------------------------------------
# Subjects that read better than the indicator's title in a sentence.
SUBJECTS: dict[str, str] = {
    "population_total": "Folketalet",
    "working_age_population": "Folketalet i yrkesaktiv alder",
    "jobs_total": "Talet på arbeidsplassar",
    "jobs_by_workplace": "Talet på arbeidsplassar",
    "employed_by_residence": "Talet på sysselsette busette",
    "emissions_total": "Klimagassutsleppet",
}
UNCHANGED = "halde seg uendra"
ABOUT_UNCHANGED = "halde seg om lag uendra"
PERCENTAGE_POINTS = "{amount} prosentpoeng"
ROSE_BY = "auka med {amount}"
FELL_BY = "gått ned med {amount}"
ROSE = "auka {percent}"
FELL = "gått ned {percent}"
TARGET_DECREASE = "ein nedgang på {percent}"
TARGET_VALUE = "{value} innan {period}"
TARGET_INCREASE_DIRECTION = "at talet skal auke"
TARGET_DECREASE_DIRECTION = "at talet skal gå ned"
DETAIL_BASELINE = "Utgangspunkt {period}: {value}"
DETAIL_LATEST = "Siste tal {period}: {value}"
DETAIL_TARGET = "Mål {period}: {value}"
DETAIL_NO_SIZE = "Planen gjev ingen talfesta storleik på målet"
REPORTED_BY = "rapportert av {who}"
REVIEWED = "sist vurdert {date}"
QUALITATIVE = "{label} – status: {status}."
NOT_MEASURED = "{label}: dashbordet måler ikkje dette enno."
PLANNED_SOURCE = "Kjelde som kunne målt det: {source}"
NO_DATA = "{label}: manglar data."
BASELINE_MISSING = "{subject} var {value} i {period} – men tal for utgangsåret {baseline} manglar."
ONLY_BASELINE = "{subject} var {value} i utgangsåret {period}; nyare tal finst ikkje enno."
SENTENCE = "{subject} har {change} sidan {period}"
TARGET_WAS = " – målet var {target}"
TARGET_IS = " – målet er {target}"
