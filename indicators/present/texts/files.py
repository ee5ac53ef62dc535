"""Texts inside the downloaded files (present/export.py): the metadata sheet, the citation and the ZIP's README."""

from __future__ import annotations

CSV_NOTE = "UTF-8, komma som skiljeteikn og punktum som desimalteikn; tom verdi = manglar (sjå kolonna status)"
NOT_GIVEN_BY_SOURCE = "ikkje oppgitt av kjelda"
NOT_RECORDED = "ikkje registrert"

# the citation: each source with its table, title, dates, address and licence
CITE_TABLE = ", tabell {table}"
CITE_PUBLISHED_TABLE = " Publisert tabell: {url}."
CITE_EXTRACT = " Tala kom via eit publisert uttrekk ({extract}), lagra {date}."
CITE_FETCHED = " Henta {date}"
CITE_FROM = " frå {url}"
CITE_LICENCE = " Lisens: {licence}."
CITE_NO_SOURCE = "Kjelda er ikkje oppgitt."
CITE_PREPARED = "{sources} Tilrettelagt i {app}."

# the metadata sheet: (field, value) rows
META_TITLE = "Tittel"
META_ATTRIBUTION = "Attribusjon"
META_CITATION = "Sitering"
META_EXPORTED = "Eksportert"
META_MADE_WITH = "Laga med"
META_HOW_MADE = "Korleis tala er laga"
META_LINK = "Lenkje til visinga"
META_CHOICE = "Val: {name}"
META_SOURCE = "Kjelde {number}: "
META_SOURCE_FIELDS = {
    "publisher": "utgjevar",
    "table": "tabell",
    "title": "tittel på tabellen",
    "query": "nøyaktig spørjing (JSON)",
    "updated": "sist oppdatert hjå kjelda",
    "retrieved": "henta",
    "licence": "lisens",
    "attribution": "attribusjon",
    "produced_by": "korleis datasettet vart laga",
    "url": "nettadresse",
    "dataset": "datasett i dashbordet",
    "rows": "rader i datasettet",
    "checksum": "kontrollsum",
    "note": "merknad",
}
META_NOTE = "Merknad"
META_SOURCE_PUBLISHED = "Kolonne «source_published» (i CSV-fila)"
META_COLUMN = "Kolonne «{column}»"

# README.txt in the ZIP
README_EXPORTED = "Eksportert {moment} ({iso}) frå {app}."
README_LINK = "Lenkje som opnar same visinga i dashbordet:"
README_CHOICES = "Val i visinga: "
README_FILES = "Filer"
README_NO_IMAGES = "Bilete av diagrammet er ikkje med: {reason}"
README_HOW_MADE = "Korleis tala er laga"
README_SOURCES = "Kjelder"
README_URL = "   Nettadresse: {url}"
README_UPDATED = "   Sist oppdatert hjå kjelda: {date}"
README_RETRIEVED = "   Henta: {date}"
README_LICENCE = "   Lisens: {licence}"
README_ATTRIBUTION = "   Attribusjon: {attribution}"
README_PRODUCED_BY = "   Korleis datasettet vart laga: {how}"
README_QUERY = "   Nøyaktig spørjing (JSON):"
README_SOURCE_NOTE = "   Merknad: {note}"
README_NOTES = "Merknader"
README_PUBLISHED = "Publiseringsdato"
README_CITATION = "Sitering"
FILE_CSV = "dataa i diagrammet ({note})"
FILE_EXCEL_CSV = "same data ({note})"
FILE_XLSX = "same data (arket «Data») og kjelde, spørjing, datoar og lisens (arket «Metadata»)"
FILE_IMAGE = "diagrammet som {format}, med kjelde og datadato på biletet"
IMAGES_NOT_MADE = "bileta var ikkje laga då pakken vart lasta ned."
