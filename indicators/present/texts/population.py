"""Texts of the Folketal page and the population charts. Placeholders as in `texts.fill`, plus the named ones."""

from __future__ import annotations

# --- charts ---------------------------------------------------------------------------------------------
LATEST_NOTE = "Siste tal: 1. januar {year}"
Y_PERSONS = "Personar"
Y_INDEX = "Indeks"
Y_AGE = "Alder"
GREW = "auka"
SHRANK = "minka"

TREND_TITLE = "Folketalet i {name} har {verb} {change} sidan {first}"
TREND_EXPORT = "Folketal, {name}"

INDEXED_LIKE = "{name} har vakse om lag like mykje som {benchmark} sidan {base_year}"
INDEXED_FEWER = "{name} har færre innbyggjarar enn i {base_year}"
INDEXED_FEWER_WHILE_GREW = ", medan {benchmark} har vakse"
INDEXED_MORE = "{name} har vakse meir enn {benchmark} sidan {base_year}"
INDEXED_LESS = "{name} har vakse, men mindre enn {benchmark} sidan {base_year}"
INDEXED_GREW = "{name} har vakse sidan {base_year}"  # no comparison region in the region file
INDEXED_TITLE = "{message} (indeks, {base_year} = 100)"
INDEXED_EXPORT = "Folketal indeksert ({base_year} = 100)"

MEMBERS_SHRANK = "minka"
MEMBERS_GREW_LEAST = "vakse minst"
MEMBERS_TAIL = "{slowest} har {verb} ({lowest})"
MEMBERS_TITLE = "{fastest} har vakse mest sidan {first} ({highest}), {tail}"
MEMBERS_EXPORT = "Folketal i kommunane i {region}"

WORKING_AGE_PLAIN_TITLE = "{label} i {name}, {first}–{last}"
WORKING_AGE_TITLE = "{label} i {name}: {change} frå {base_year} til {last} – målet er {wanted}"
WORKING_AGE_PATH = "Målbane ({wanted} innan {target_year})"
WORKING_AGE_PATH_OTHER_BAND = "Planen sitt mål ({wanted}) brukt på {label}"
WORKING_AGE_EXPORT = "Innbyggjarar {label}, {name}"

AGE_GROUPS_TITLE = "{name}: aldersgruppa {group} har {verb} mest, {change} sidan {first}"
AGE_GROUPS_EXPORT = "Folketal etter aldersgruppe, {name}"

PYRAMID_MEN = "Menn"
PYRAMID_WOMEN = "Kvinner"
PYRAMID_TITLE = "Alderspyramide, {name}, 1. januar {year}: {older} er 65 år eller eldre"
PYRAMID_EXPORT = "Alderspyramide {name} {year}"

PROJECTION_NOTE = "Framskrivingsrunde 2024; kjelda seier ikkje kva alternativ (truleg hovudalternativet MMMM)"
PROJECTION_REGISTERED = "Registrert folketal"
PROJECTION_SERIES = "Framskriving (SSB, 2024-runden)"
PROJECTION_TITLE = "SSB framskriv {value} innbyggjarar i {name} i {end_year}"
PROJECTION_GAP = " – i {last} var folketalet {gap} {side} framskrivinga"
PROJECTION_UNDER = "under"
PROJECTION_OVER = "over"
PROJECTION_LATEST_NOTE = "Siste registrerte tal: 1. januar {last}. {note}"
PROJECTION_EXPORT = "Folketal og framskriving, {name}"

# --- page -----------------------------------------------------------------------------------------------
PAGE_TITLE = "Folketal – {name}"
METRIC_LATEST = "Folketal 1. januar {year}"
METRIC_LATEST_DELTA = "{change} frå året før"
METRIC_CHANGE = "Endring sidan {first}"
METRIC_SHARE = "Del av folketalet i {county}"

# Tab labels (ui/sections.py): short, so five fit on a 1024 px projector; the open one is in the URL.
SECTION_TREND = "Utvikling"
VIEW_LABEL = "Vis"
VIEW_REGION = "Folketalet i {name}"
VIEW_MEMBERS = "Kommunane i {region}"
AND = " og "
BASE_YEAR_LABEL = "Indeksår (= 100)"

SECTION_WORKING_AGE = "Yrkesaktiv alder"
AGE_BAND_LABEL = "Aldersgruppe"
WORKING_AGE_CAPTION = (
    "Planen reknar 20–64 år som yrkesaktiv alder; målet og utgangsåret står i plan/goals.toml og er "
    "forklarte på sida «Om»."
)

SECTION_AGE_GROUPS = "Aldersgrupper"
GROUPING_LABEL = "Inndeling"
GROUPINGS = {"plan": "Som i planen (0–19, 20–64, 65+)", "fine": "Finare aldersgrupper"}

SECTION_PYRAMID = "Alderspyramide"
PYRAMID_YEAR_LABEL = "År (1. januar)"

SECTION_PROJECTION = "Framskriving"
PROJECTION_CAPTION = (
    "Framskrivinga er SSB sin 2024-runde (tabell 14288). Kjelda vi har tala frå, seier ikkje kva alternativ "
    "det er; truleg er det hovudalternativet (MMMM). Framskrivingar er usikre, særleg for små kommunar."
)

NO_PROJECTION = (
    "Datagrunnlaget har ikkje SSB si framskriving for {name}. Dashbordet viser difor inga framskriving her, "
    "heller enn å rekne ut ei."
)
