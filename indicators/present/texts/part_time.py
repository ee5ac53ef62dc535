"""Texts of the Deltidsinnbyggjarar page and its chart. Placeholders as in `texts.fill`, plus the named ones.

The lines of the plan's table (and the domain's error messages about them) are the plan's own words and stay
with the calculation in `indicators.part_time`."""

from __future__ import annotations

# --- notes (the page, the chart, the climate page's per-person figures) ----------------------------------
FULL_YEAR_EQUIVALENT_NOTE = (
    "Heilårsekvivalentar er eit anslag, ikkje offisiell statistikk: registrert folketal pluss gjestedøgn "
    "per år delt på 365. Gjestedøgna byggjer på føresetnadene i {plan_title} "
    "(teledata frå målingar kvar dag i om lag 18 månader, 6 % påslag for personar utan mobil og faste "
    "fråtrekk for innbyggjarar, ekstern arbeidskraft, gjennomgangstrafikk og dagsturisme). "
    "Endrar du føresetnadene, endrar anslaget seg."
)
PLAN_ASSUMPTIONS_NOTE = "Deltidsinnbyggjarar: anslag etter føresetnadene i {plan_title} (teledata)"
CHANGED_ASSUMPTIONS_NOTE = (
    "Deltidsinnbyggjarar: anslag etter teledata-metoden i planen, med føresetnader endra frå planen sine tal"
)

# --- the download table ---------------------------------------------------------------------------------
TABLE_COLUMNS = ("Post", "År", "Verdi")
TABLE_REGISTERED = "Registrert folketal 1. januar {year}"
TABLE_EQUIVALENTS = "Heilårsekvivalentar (anslag)"

# --- the chart ------------------------------------------------------------------------------------------
# short lines held level under the bars (on a 390 px phone the longer names were turned on end); the title says
# what the two are, the download table names them in full
CHART_REGISTERED = "Fastbuande<br>1. januar {year}"
CHART_PART_TIME = "Deltidsinnbyggjarar<br>(anslag)"
CHART_MORE = "Fleire deltidsinnbyggjarar ({part_time}) enn fastbuande ({residents}) på eit snittdøgn"
CHART_FEWER = "Færre deltidsinnbyggjarar ({part_time}) enn fastbuande ({residents}) på eit snittdøgn"
CHART_EQUAL = "Like mange deltidsinnbyggjarar som fastbuande på eit snittdøgn ({part_time})"
Y_PERSONS = "Personar"
EXPORT_TITLE = "Deltidsinnbyggjarar"
EXPORT_NAME = "deltidsinnbyggjarar"

# --- the page -------------------------------------------------------------------------------------------
PAGE_TITLE = "Deltidsinnbyggjarar"
WHOLE_REGION_ONLY = (
    "Anslaget gjeld {region} samla: planen har ikkje tal for kvar kommune. Sida viser difor {region} "
    "same kva region som er vald."
)
# a region with members only: no plan folder, so no part_time.toml
NO_ASSUMPTIONS = (
    "Ingen plan er lasta for {region}, så dette dashbordet har ikkje føresetnadene for å rekne ut "
    "deltidsinnbyggjarar (fila part_time.toml i planmappa, med teledata frå planen). Nye bustader, "
    "fritidsbustader og fiberdekning står under."
)
INTRODUCTION = (
    "Planen reknar ut kor mange som oppheld seg i {region} på eit snittdøgn ut frå teledata, og kor mange "
    "gjestedøgn det gjev. Tala er planen sine; under «Rekn ut sjølv» kan du endre føresetnadene og sjå korleis "
    "anslaget endrar seg."
)
SOURCE_CAPTION = "Kjelde for føresetnadene: {source}."
HEADER_ASSUMPTIONS = "Føresetnader"
SHARE_LABEL = "Påslag for personar utan mobil / avvik for SIM-kort (%)"
COUNT_HELP = "Heile personar; mellomrom mellom tusena går fint (46 724)."
SHARE_HELP = "I prosent, med desimalkomma om du treng det (6 eller 6,5)."
RESET = "Tilbakestill til tala i planen"
HEADER_CALCULATION = "Utrekninga, som i planen"
CALCULATION_COLUMNS = ("Post", "Personar")
PLAN_NUMBERS = "Dette er tala i planen."
CHANGED_NUMBERS = "Føresetnadene er endra frå planen sine tal."
HEADER_COMPARISON = "Samanlikna med folketalet"
# the page's sections (tabs, ui/sections.py; the open one is in the URL): the key message first, the form on demand
SECTION_COMPARISON = HEADER_COMPARISON
SECTION_CALCULATION = "Rekn ut sjølv"
SECTION_CONTEXT = "Bustader og fiber"
METRIC_PER_DAY = "Gjestedøgn snitt pr. døgn"
METRIC_PER_YEAR = "Gjestedøgn pr. år"
METRIC_REGISTERED = "Registrert folketal 1. januar {year}"
METRIC_EQUIVALENTS = "Heilårsekvivalentar (anslag)"
POPULATION_CAPTION = (
    "Folketalet er det registrerte folketalet i {region} (Statistisk sentralbyrå, tabell 07459). Planen "
    "trekkjer frå eit runda tal ({rounded}) for innbyggjarane; det kan du endre under «Rekn ut sjølv»."
)
