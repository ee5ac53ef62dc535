"""Texts of downloads and exports: what the files say about themselves (README, metadata sheet, columns)."""

from __future__ import annotations

APP_NAME = "{region}-dashbordet ({plan_title})"
APP_NAME_NO_PLAN = "{region}-dashbordet"  # a region with members only
PRODUCED_BY_APP = (
    "Tala er rekna ut av dashbordet frå datasetta under (summering og utval, ingen modellering) og er "
    "nøyaktig dei same som i diagrammet. Manglande tal er tomme, med SSB sitt symbol i kolonna «status»."
)
REGION_CODE_COLUMN = "Regionkode: kommunenummer (dagens kodar){comparisons}, {region_id} = summen av dei {member_count} kommunane"
COLUMN_DESCRIPTIONS: dict[str, str] = {
    "region_name": "Namn på regionen",
    "period": "Periode (år); for folketal gjeld talet 1. januar",
    "value": "Verdien (tom = manglar, sjå «status»)",
    "status": "SSB-symbol for verdien: «..» = manglar, «.» = kan ikkje finnast, «:» = skjerma, tom = vanleg tal",
    "sex": "Kjønn: female = kvinner, male = menn, total = i alt",
    "age": "Alder (eittårig; 105 = 105 år eller eldre)",
    "age_group": "Aldersgruppe, t.d. 20-64 = 20–64 år",
    "age_low": "Lågaste alder i aldersgruppa",
    "series": "registered = registrert, projection = SSB si framskriving",
    "estimated": "True = berekna etter grensene i 2024: ein kommune som vart delt, er fordelt etter SSB sine delar",
    "source": "Kjelda til tala (utgjevar og tabell)",
    "source_published": "Datoen kjelda sjølv publiserte eller sist oppdaterte tabellen (tom = ikkje oppgitt)",
    "retrieved": "Datoen tala vart henta eller lagra i dashbordet",
}

# --- «CSV for Excel» (issue 20): what Norwegian Excel opens in columns on a double-click -----------------
EXCEL_CSV_LABEL = "CSV for Excel"
EXCEL_CSV_HELP = (
    "Same data som CSV for norsk Excel: semikolon mellom kolonnane, desimalkomma, kolonnenamn på nynorsk, tal med "
    "høgst fire desimalar. Opnar i kolonnar når du dobbeltklikkar på fila."
)
EXCEL_CSV_NOTE = (
    "for norsk Excel: semikolon som skiljeteikn, desimalkomma, høgst fire desimalar (CSV-fila har alle), UTF-8 med BOM, "
    "kolonnenamn på nynorsk"
)
EXCEL_CSV_SUFFIX = "-excel"
# Column names in the Excel CSV; a column not listed keeps its name.
EXCEL_CSV_HEADERS: dict[str, str] = {
    "region_code": "Regionkode",
    "region_name": "Region",
    "period": "År",
    "value": "Verdi",
    "status": "Status",
    "sex": "Kjønn",
    "age": "Alder",
    "age_group": "Aldersgruppe",
    "age_low": "Lågaste alder",
    "series": "Serie",
    "measure": "Statistikkvariabel",
    "flow": "Straum",
    "sector": "Sektor",
    "influence": "Påverknad",
    "premises": "Bygg",
    "building": "Bygningstype",
    "area": "Innsatsområde (id)",
    "estimated": "Berekna etter grensene i 2024",
    "source": "Kjelde",
    "source_published": "Publisert av kjelda",
    "retrieved": "Henta",
    # the ranks (growth_ranks) and the similar places (similar_places; their measures as the Om page's table names
    # them, peers.SIMILAR_COLUMNS)
    "ages": "Alder",
    "start": "Frå år",
    "end": "Til år",
    "position": "Plass",
    "total": "Tal på rangerte",
    "start_value": "Verdi frå år",
    "end_value": "Verdi til år",
    "not_ranked": "Om rangeringa",
    "compared_to": "Samanlikna med",
    "kind": "Slag",
    "year": "År for folketalet",
    "growth_from": "Vekst frå år",
    "work_year": "År for arbeidsplassane",
    "commuting_year": "År for pendlinga",
}
EXCEL_CSV_YES, EXCEL_CSV_NO = "ja", "nei"  # a flag column (estimated) in the Excel CSV
EXCEL_CSV_STATUS_KEY = "Statuskode"  # a table with the status in words as well (the action programme)
SOURCE_PUBLISHED_NOT_GIVEN = (
    "Kjelda oppgir ikkje når ho publiserte eller sist oppdaterte tabellen{extracts}, så kolonna "
    "«source_published» er ikkje med. Når tala blir henta frå SSB sitt API, fyller dashbordet ho."
)
SOURCE_PUBLISHED_NOT_GIVEN_EXTRACT = " (tala kom via eit publisert uttrekk: {extracts})"

# Coded values the Excel CSV writes as words (the tidy CSV keeps the codes); the measures, flows and building types
# of the other pages' texts are added to these where the file is written.
EXCEL_CSV_MEASURES = {"growth": "Vekst (del av verdien det første året)"}
EXCEL_CSV_KINDS = {"municipality": "kommune", "region": "region"}
