"""Texts of the downloads under every chart (ui/figures.py): the buttons' help and the chart images."""

from __future__ import annotations

DOWNLOAD_MENU = "Last ned"  # the popover holding a chart's downloads (ui/figures.py)
CSV_HELP = "Dataa i diagrammet som CSV (UTF-8), med kjelde og datoar i kvar rad."
EXCEL_HELP = "Arket «Data» med tala og arket «Metadata» med kjelde, spørjing, datoar og lisens."
ZIP_HELP_WITH_IMAGES = "CSV, Excel, README med nøyaktig spørjing og sitering, og bileta."
ZIP_HELP_WITHOUT_IMAGES = "CSV, Excel, README med nøyaktig spørjing og sitering (lag bileta først om du vil ha dei med)."
NO_CHART = "visinga har ikkje noko diagram."
IMAGES_UNAVAILABLE = "Bilete (PNG/SVG)"
DATA_STILL_AVAILABLE = "{reason}. Data kan du framleis laste ned som CSV, Excel og ZIP."
IMAGE_FAILED = "{problem} Data kan du framleis laste ned som CSV, Excel og ZIP."
MAKE_IMAGES = "Lag bilete (PNG/SVG)"
MAKE_IMAGES_HELP = "Teiknar diagrammet som PNG og SVG på tenaren, med kjelde og datadato på biletet."
MAKING_IMAGES = "Lagar bilete …"
NO_CHROMIUM = (
    "Bilete av diagram (PNG og SVG) krev nettlesaren Chromium på tenaren, og han finst ikkje på {path}. "
    "Installer pakken «chromium» (Debian/Ubuntu) eller set miljøvariabelen {variable} til stien til Chromium."
)
# Why a chart image could not be made (indicators/present/images.py)
IMAGE_BROWSER_FAILED = "Nettlesaren på {path} kunne ikkje startast for å lage bilete av diagram ({detail})."
IMAGE_BROWSER_TOO_SLOW = "tok for lang tid"
IMAGE_TOO_SLOW = "Biletet av diagrammet tok for lang tid å lage. Prøv igjen."
IMAGE_NOT_MADE = "Biletet av diagrammet kunne ikkje lagast: {detail}"
IMAGE_UNKNOWN_FORMAT = "Ukjend biletformat «{format}»: bruk png eller svg."
