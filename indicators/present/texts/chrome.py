"""The words of the libraries' own controls in the browser, in Nynorsk: plotly's buttons above a chart, its
messages and month names; and the labels Streamlit gives its own buttons (read aloud by screen readers).

Plotly.js as Streamlit bundles it knows only English ("en", "en-US"); the chart config's `locales` registers
PLOTLY_DICTIONARY for the chart, and `locale` picks it. Streamlit has no such setting: ui/style.py replaces its
English labels in the page (STREAMLIT_LABELS, exact; STREAMLIT_LABEL_PREFIXES, at the start of a label). Keys are
the libraries' English strings, exactly.
"""

from __future__ import annotations

PLOTLY_DICTIONARY: dict[str, str] = {
    "Download plot as a PNG": "Last ned diagrammet som PNG",
    "Download plot": "Last ned diagrammet",
    "Preparing image - this may take a few seconds": "Lagar bilete – det kan ta nokre sekund",
    "Image download succeeded": "Biletet er lasta ned",
    "Sorry, there was a problem downloading your image!": "Biletet kunne ikkje lastast ned.",
    "Zoom": "Forstørr eit område",
    "Pan": "Flytt",
    "Zoom in": "Forstørr",
    "Zoom out": "Forminsk",
    "Autoscale": "Tilpass aksane",
    "Reset axes": "Tilbakestill aksane",
    "Reset view": "Tilbakestill visinga",
    "Reset views": "Tilbakestill visingane",
    "Reset": "Tilbakestill",
    "Box Select": "Vel med rektangel",
    "Lasso Select": "Vel med lasso",
    "Toggle Spike Lines": "Vis eller skjul hjelpelinjer",
    "Show closest data on hover": "Vis næraste punkt ved peikaren",
    "Compare data on hover": "Samanlikn alle seriane ved peikaren",
    "Toggle show closest data on hover": "Vis eller skjul næraste punkt ved peikaren",
    "Double-click to zoom back out": "Dobbeltklikk for å sjå heile diagrammet att",
    "Produced with Plotly.js": "Laga med Plotly.js",
}

PLOTLY_FORMAT: dict[str, object] = {
    "days": ["søndag", "måndag", "tysdag", "onsdag", "torsdag", "fredag", "laurdag"],
    "shortDays": ["sø.", "må.", "ty.", "on.", "to.", "fr.", "la."],
    "months": ["januar", "februar", "mars", "april", "mai", "juni", "juli", "august", "september", "oktober",
               "november", "desember"],
    "shortMonths": ["jan.", "feb.", "mars", "apr.", "mai", "juni", "juli", "aug.", "sep.", "okt.", "nov.", "des."],
    "date": "%d.%m.%Y",
    "decimal": ",",
    "thousands": " ",
}

STREAMLIT_LABELS: dict[str, str] = {
    "Sidebar": "Sidemeny",
    "Collapse sidebar": "Lukk sidemenyen",
    "Expand sidebar": "Opne sidemenyen",
    "App pages": "Sidene",
    "Open": "Opne",
    "Close": "Lukk",
    "Link to heading": "Lenkje til overskrifta",
    "Show/hide columns": "Vis eller skjul kolonnar",
    "Search": "Søk i tabellen",
    "Fullscreen": "Fullskjerm",
    "Close fullscreen": "Lukk fullskjerm",
    "Scroll tabs right": "Fleire faner til høgre",
    "Scroll tabs left": "Fleire faner til venstre",
    # select boxes and multiselects (the placeholder shows while one types in a select box), date and password fields
    "Choose an option": "Vel eit alternativ",
    "Choose options": "Vel eitt eller fleire",
    "Clear all": "Fjern alle",
    "Selected values": "Valde",
    "Choose date": "Vel dato",
    "Show password": "Vis passordet",
    "Hide password": "Skjul passordet",
}
STREAMLIT_LABEL_PREFIXES: dict[str, str] = {"Help for ": "Hjelp: ", "Remove ": "Fjern "}
