"""Texts of the Om page: what the dashboard follows, the method, the region, sources and datasets."""

from __future__ import annotations

TITLE = "Om dashbordet"
INTRO = (
    "Dashbordet følgjer **{plan_title}** frå {council}: resultatmåla for innsatsområda, handlingsprogrammet og "
    "offisiell statistikk om regionen. Alle tal kjem frå publiserte tabellar; der det ikkje finst tal, seier "
    "dashbordet det."
)
INTRO_NO_PLAN = (
    "Dashbordet viser offisiell statistikk om **{region}** og kommunane der, samanlikna med andre. Ingen plan "
    "er lasta (regionfila har berre kommunane), så det finst ingen resultatmål eller tiltak å følgje opp. Alle "
    "tal kjem frå publiserte tabellar; der det ikkje finst tal, seier dashbordet det."
)
# Oversikt's former intro (the board keeps one line; issue 20: its status count and cards on the first screen)
BOARD_INTRO = (
    "**Oversikt** viser resultatmåla i {plan_title} etter innsatsområde: for målte mål utgangspunkt, siste tal "
    "og mål, ei lita kurve og status; for kvalitative mål status frå sekretariatet. Øvst står kva som er endra "
    "sidan sist regionrådsmøte."
)
TWO_STATUSES_HEADING = "To statusar: statistikken og sekretariatet si vurdering"
TWO_STATUSES = """
Eit **målt mål** har to statusar, og dashbordet viser alltid begge, merkte for kva dei er:

- **Statistikken:** statusen metoden gjev ut frå tala (sjå under). Han er rekna ut, ikkje vurdert av nokon.
- **Sekretariatet si vurdering:** statusen sekretariatet har registrert, med merknad, kven som vurderte og når.
  Han kan vege inn det tala ikkje fangar, eller at tala er gamle.

Eit **kvalitativt mål** og eit **tiltak** har berre sekretariatet si vurdering. Tiltak har eigne statusar:
Ikkje vurdert, Ikkje starta, I gang, Utsett, Gjennomført og Ikkje aktuelt (teke bort etter vedtak); «Nådd» er
brukt berre om mål.

**Teljinga** («40 resultatmål · ✔ Nådd 1 · …») tel kvart mål éin gong: etter sekretariatet si vurdering når
målet har ei, elles etter statistikken. Statusfilteret på Oversikt følgjer same regel.
""".strip()
METHOD_HEADING = "Korleis status blir rekna ut"
# progress.METHOD_EXPLANATION_MARKDOWN explains both branches of the method; these follow it.
WORKING_AGE = (
    "**Yrkesaktiv alder** er {ages}, som i planen si eiga inndeling (0–19, 20–64, 65+). Utgangspunktet er "
    "1. januar {baseline} og målet {target} innan 1. januar {target_year} (slutten av planperioden). 15–74 og "
    "20–66 år kan veljast på sida «Folketal»."
)
WORKING_AGE_MISSING = "**Yrkesaktiv alder**: målet står ikkje i plan/goals.toml no."
REGION_SUM = (
    "**{region}** er summen av dei {member_count} kommunane ({members}). Manglar tal for éin kommune eitt år, "
    "manglar summen det året òg – ein delsum ville sett ut som ein nedgang."
)
CODE_CHANGES = (
    "**Kommunenummer**: kommunane fekk nye nummer {dates} (til dømes {example}), utan grenseendringar. Seriane "
    "er sette saman under dagens nummer."
)
CODE_CHANGE_DATE = "1. januar {year}"
AND = " og "
JOBS_HEADING = "Arbeidsplassar"

SOURCES_HEADING = "Kjelder og lisens"
SOURCES = """
- **Statistisk sentralbyrå (SSB)**, Statistikkbanken. Lisens CC BY 4.0. Kreditering: «Kjelde: Statistisk
  sentralbyrå». Tala blir henta med PxWebApi 2 (`python -m indicators refresh`).
- **Miljødirektoratet**, Klimagassutslepp frå kommunar. Fila blir lasta inn av ein brukar (sjå «Klima»).
"""
SOURCES_PLAN = "- Planen sjølv: *{plan_title}*, {council}."

DATASETS_HEADING = "Datasett i dashbordet"
DATASETS_CAPTION = "Kvart datasett: kjelde, datoar, lisens og tal på rader"
COLUMNS = {
    "title": "Tittel",
    "source": "Kjelde",
    "table": "Tabell",
    "updated": "Sist oppdatert hjå kjelda",
    "how": "Korleis tala kom inn",
    "stored": "Lagra",
    "rows": "Rader",
    "licence": "Lisens",
    "name": "Namn i data_cache",
}
NOT_GIVEN = "ikkje oppgitt"
PUBLISHED_EXTRACT = "publisert uttrekk"
FETCHED = "henta frå kjelda"
ORIGINS = "Teknisk opphav for kvart datasett (frå manifest.json, på engelsk)"
NO_DATASETS = "Ingen datasett i mellomlageret enno. Køyr `python -m indicators refresh`."
MANIFEST_NOTE = (
    "Kvart datasett har ei manifest.json i data_cache/ med kjeldetabell, spørjing, datoar, lisens, radtal og "
    "kontrollsum."
)
