"""Texts of the goal board (Oversikt) and its small trend charts."""

from __future__ import annotations

from indicators.i18n import Plural

TITLE = "Oversikt over resultatmåla – {name}"
# one line: the intro and the method are on Om (the status count and the first cards stay on the first screen)
CAPTION = (
    "Målte mål har to statusar: den statistikken gjev etter metoden (sjå «Om») og sekretariatet si vurdering."
)
GOALS_FILE_PROBLEM = "Feil i målfila: {problem}"

AREA_FILTER = "Innsatsområde"
ALL_AREAS = "Alle innsatsområde"
STATUS_FILTER = "Status"
ALL_STATUSES = "Alle statusar"

GOAL_COUNT = Plural("**{count} resultatmål**", "**{count} resultatmål**")  # one, many (in English they differ)
AREA_SUMMARY = "*{subtitle}* · {goals} mål · {measured} målte med offisiell statistikk ({with_data} med tal så langt) · {achieved} nådd"
QUALITATIVE_HEADING = "**Kvalitative mål** ({count}) – status frå sekretariatet"
NOTHING_MATCHES = "Ingen mål passar filteret."

BASELINE = "**Utgangspunkt** ({period}): {value} {unit}"
LATEST = "**Siste tal** ({period}): {value} {unit}{change}"
SINGLE_VALUE = "**Tal** ({period}): {value} {unit}"
ONE_YEAR_ONLY = "*Berre eitt år med tal – inga utvikling å vise enno.*"
TARGET = "**Mål** ({period}): {value}{wanted}"
DIRECTION_ONLY = "**Mål:** {word} (planen gjev ingen talfesta storleik)"
DIRECTION_WORDS = {"increase": "auke", "decrease": "nedgang"}
PLAN_WORDING = "Planen: «{title}»"
GOAL_SOURCE = "Kjelde: {source}"

# the small trend charts
SPARK_ALT = "Utvikling {first}–{last}: frå {start} til {end}."
SPARK_ALT_TARGET = "Målet er {value} i {year}."
# under each area's cards: where the small charts' numbers come from, and their data to download
SPARK_DATA_TITLE = "Tala bak dei små diagramma – {area} – {dataset}"
SPARK_GOAL_COLUMN = "goal"
