"""Texts of the command line (`python -m indicators …`), in the language of `--lang` (default: the region's)."""

from __future__ import annotations

from indicators.i18n import Plural

# every refusal or failure on stderr: «Feil: <why>»
ERROR = "Feil: {message}"
WARNING = "Åtvaring: {message}"
# status: the follow-up database cannot be read ({reason}: why, from the domain)
DATABASE_UNAVAILABLE_STATUS = "Åtvaring: oppfølgingsdatabasen kan ikkje lesast ({reason}); statusane er frå planfilene."
# export handlingsprogram: the same, for the action programme
DATABASE_UNAVAILABLE_ACTIONS = "Åtvaring: oppfølgingsdatabasen kan ikkje lesast ({reason}); statusane er frå planfila."

# refresh: one line a dataset, the first word four letters wide (the lines stay aligned)
REFRESH_OK = "OK   {dataset}: {message}"
REFRESH_FAILED = "FEIL {dataset}: {message}"
VERSION_NOT_KEPT = "Åtvaring: versjonen av «{name}» er ikkje lagra i oppfølgingsdatabasen ({reason})."
EMISSIONS_UNCHANGED = "{problem} Utsleppsdata i mellomlageret er uendra."
DATASET_UNCHANGED = "{problem} Datasettet i mellomlageret er uendra."
IMPORTED_ROWS = Plural("Importerte {count} rad til {folder}.", "Importerte {count} rader til {folder}.")

# status: an indicator goal's own status, with the secretariat's assessment after it
STATUS_ASSESSED = "  (sekretariatet: {status})"

# export
EXPORT_LIST = "Indikatorar (id, kva, eining; kortnamn i hakeparentes):"
NO_AGE_CHOICE = "Indikatoren «{indicator}» har ikkje aldersval (--ages)."
IMPORT_EMISSIONS_HINT = " Importer fila med `python -m indicators import-emissions FIL`."
NO_FIGURES_FOR = "Datasettet har ikkje tal for {region}. Ingenting er skrive."
NOT_WRITTEN = "Kunne ikkje skrive fila: {reason} ({file})."
WROTE_ROWS = Plural("Skreiv {count} rad til {file}.", "Skreiv {count} rader til {file}.")

# report
REPORT_WRITTEN = {
    "round": "Skreiv rapporten for «{round}» til {path}.",
    "final": "Skreiv sluttrapporten til {path}.",
    "status": "Skreiv statusrapporten til {path}.",
}

# the parser: the description and the plan period in the help of --final
DESCRIPTION = "Indikatorar for {plan}."
NO_PLAN_LOADED = "(ingen plan er lasta)"
