"""Om: method, sources, licences and the provenance of every dataset in the cache."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from indicators import cache
from indicators.ages import parse_age_band
from indicators.formatting import format_date, format_number, format_percent
from indicators.jobs_goal import jobs_goal, jobs_goal_rule_text
from indicators.present.population_charts import WORKING_AGE_GOAL
from indicators.progress import ACCELERATION_THRESHOLD, ON_TRACK_THRESHOLD, STATUS_LABELS
from ui.data import plan

ON_TRACK = str(ON_TRACK_THRESHOLD).replace(".", ",")
ACCELERATION = str(ACCELERATION_THRESHOLD).replace(".", ",")

st.title("Om dashbordet")

working_age_goal = next((g for g in plan().goals if g.id == WORKING_AGE_GOAL), None)
if working_age_goal is not None and working_age_goal.target_change is not None:
    WORKING_AGE_TEXT = (
        f"**Yrkesaktiv alder** er {parse_age_band(working_age_goal.params.get('ages', '20-64')).label}, som i "
        f"planen si eiga inndeling (0–19, 20–64, 65+). Utgangspunktet er 1. januar "
        f"{working_age_goal.baseline_period} og målet "
        f"{format_percent(working_age_goal.target_change, signed=True, decimals=0)} innan 1. januar "
        f"{working_age_goal.target_period} (slutten av planperioden). 15–74 og 20–66 år kan veljast på sida «Folketal»."
    )
else:
    WORKING_AGE_TEXT = "**Yrkesaktiv alder**: målet står ikkje i plan/goals.toml no."
st.markdown(
    """
Dashbordet følgjer **Strategisk plan for Hallingdal 2022–2025** frå Regionrådet for Hallingdal: resultatmåla
for dei fem innsatsområda, handlingsprogrammet og offisiell statistikk om regionen. Alle tal kjem frå
publiserte tabellar; der det ikkje finst tal, seier dashbordet det.
"""
)

st.header("Korleis status blir rekna ut")
st.markdown(
    f"""
For mål med eit talfesta mål brukar vi metoden til **Statistics Canada**, slik Open SDG har implementert han.
Med verdien *x₀* i utgangsåret, siste verdi *xₜ* etter *t* år og målet *x_T* i målåret *T*:

- observert årleg endring: *r_obs* = (xₜ / x₀)^(1/t) − 1
- nødvendig årleg endring: *r_req* = (x_T / x₀)^(1/(T − t₀)) − 1
- forholdet *R* = r_obs / r_req

| Status | Regel |
|---|---|
| ✔ {STATUS_LABELS["achieved"]} | målet er nådd |
| ▲ {STATUS_LABELS["on_track"]} | R ≥ {ON_TRACK} |
| ◆ {STATUS_LABELS["acceleration_needed"]} | {ACCELERATION} ≤ R < {ON_TRACK} |
| ● {STATUS_LABELS["limited"]} | 0 ≤ R < {ACCELERATION} |
| ▼ {STATUS_LABELS["deterioration"]} | R < 0 (endringa går motsett veg) |
| ○ {STATUS_LABELS["no_data"]} | treng minst to år med tal; utgangsverdi og siste verdi må ha same forteikn |

{WORKING_AGE_TEXT}

**Hallingdal** er summen av dei seks kommunane (Flå, Nesbyen, Gol, Hemsedal, Ål, Hol). Manglar tal for éin
kommune eitt år, manglar summen det året òg – ein delsum ville sett ut som ein nedgang.

**Kommunenummer**: kommunane fekk nye nummer 1. januar 2020 og 1. januar 2024 (til dømes Hemsedal
0618 → 3042 → 3326), utan grenseendringar. Seriane er sette saman under dagens nummer.
"""
)

st.subheader("Arbeidsplassar")
st.markdown(jobs_goal_rule_text(jobs_goal(plan())))

st.header("Kjelder og lisens")
st.markdown(
    """
- **Statistisk sentralbyrå (SSB)**, Statistikkbanken. Lisens CC BY 4.0. Kreditering: «Kjelde: Statistisk
  sentralbyrå». Tala blir henta med PxWebApi 2 (`python -m indicators refresh`).
- **Miljødirektoratet**, Klimagassutslepp frå kommunar. Fila blir lasta inn av ein brukar (sjå «Klima»).
- Planen sjølv: *Strategisk plan for Hallingdal 2022–2025*, Regionrådet for Hallingdal.
"""
)

st.header("Datasett i dashbordet")
rows = []
origins = []
for name in cache.list_datasets():
    manifest = cache.read_manifest(name)
    if manifest is None:
        continue
    extract = manifest.extra.get("published_extract")
    rows.append({
        "Tittel": manifest.title,
        "Kjelde": manifest.source,
        "Tabell": manifest.table_id or "",
        "Sist oppdatert hjå kjelda": (
            format_date(manifest.source_updated) if manifest.source_updated else "ikkje oppgitt"
        ),
        "Korleis tala kom inn": "publisert uttrekk" if extract else "henta frå kjelda",
        "Lagra": format_date(manifest.retrieved_at),
        "Rader": format_number(manifest.row_count),
        "Lisens": manifest.licence.split(" (")[0],
        "Namn i data_cache": name,
    })
    origins.append((manifest.title, manifest.produced_by))
if rows:
    st.dataframe(pd.DataFrame(rows), hide_index=True, width="stretch")
    with st.expander("Teknisk opphav for kvart datasett (frå manifest.json, på engelsk)"):
        for title, produced_by in origins:
            st.markdown(f"**{title}**  \n{produced_by}")
else:
    st.info("Ingen datasett i mellomlageret enno. Køyr `python -m indicators refresh`.")
st.caption(
    "Kvart datasett har ei manifest.json i data_cache/ med kjeldetabell, spørjing, datoar, lisens, "
    "radtal og kontrollsum."
)
