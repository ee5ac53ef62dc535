"""Texts of the context charts from SSB Arealprofiler and Nkom (new buildings, local workers, fibre coverage)
and of their sections on the pages. Placeholders as in `texts.fill`, plus the named ones."""

from __future__ import annotations

# --- new homes and holiday homes ------------------------------------------------------------------------
BUILDING_LABELS = {"homes": "Nye bustader", "holiday_homes": "Nye fritidsbygg"}
BUILDINGS_TITLE = "{name}: {holiday_homes} nye fritidsbygg og {homes} nye bustader dei siste fire åra (Arealprofiler {last})"
BUILDINGS_NOTE = (
    "Kvar søyle er dei fire åra fram til årgangen i SSB Arealprofiler; åra overlappar, så søylene kan ikkje "
    "leggjast saman"
)
BUILDINGS_EXPORT = "Nye bustader og fritidsbygg siste fire år, {name}"
Y_BUILDINGS = "Bygningar"
HOVER_BUILDINGS = "%{x}: %{y:,.0f}<extra>%{fullData.name}</extra>"

# --- share of employed working in their home municipality ------------------------------------------------
LOCAL_TITLE = "{high} har flest sysselsette som arbeider i eigen kommune ({high_value}), {low} færrast ({low_value}) i {last}"
LOCAL_NOTE = (
    "Del av sysselsette busette i kommunen som også arbeider der (SSB Arealprofiler; same tal som pendlingstabellane "
    "03321/11618, 4. kvartal)"
)
LOCAL_EXPORT = "Sysselsette som arbeider i bustadkommunen, kommunane i {region}"
Y_SHARE = "Prosent"

# --- fibre coverage ---------------------------------------------------------------------------------------
FIBRE_TITLE = "Husstandar med tilbod om fiber, {survey}: frå {low_value} i {low} til {high_value} i {high}"
FIBRE_NOTE = (
    "Tilbod om fiber (dekning), ikkje tilknyting. Éi kartlegging: eit utgangspunkt, ikkje ei utvikling. "
    "Fylket er det kommunane låg i ved kartlegginga"
)
FIBRE_EXPORT = "Fiberdekning for husstandar, {survey}"
HOVER_SHARE = "%{y}: %{x:.1f} %<extra></extra>"
X_SHARE = "Prosent av husstandane"

# --- pages ------------------------------------------------------------------------------------------------
BUILDINGS_HEADER = "Nye bustader og fritidsbygg"
BUILDINGS_NO_DATA = "Ingen tal for nye bustader og fritidsbygg for {name} i datagrunnlaget."
FIBRE_HEADER = "Fiber til bustader og fritidsbustader"
FIBRE_NO_DATA = "Ingen tal for fiberdekning for {region} i datagrunnlaget."
FIBRE_HOLIDAY_HOMES = (
    "Fritidsbygg med tilbod om fiber ({survey}): {values}. Nkom gjev dette berre per fylke og for heile landet."
)
FIBRE_HOLIDAY_VALUE = "{name} {value}"
SHOW_CHART = "Vis diagram"
BUILDINGS_TABLE = {"region_name": "Område", "period": "Årgang", "building": "Kva", "value": "Tal siste fire år"}
FIBRE_TABLE = {"region_name": "Område", "value": "Husstandar med tilbod om fiber, %"}
FIBRE_TABLE_CAPTION = (
    "Nkom si breibandskartlegging, {survey}: tilbod om fiber (dekning), ikkje tilknyting. Éi kartlegging gjev eit "
    "utgangspunkt, ikkje ei utvikling. Fylket er det kommunane låg i ved kartlegginga."
)
GOAL_LINE = "Mål i {plan}: {goal} – {icon} {status}: {explanation}"
GOAL_HEADING = "Mål i {plan}: {goal}"
