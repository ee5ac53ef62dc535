"""Live refresh of cached datasets from SSB.

Each refresher fetches one dataset through an SSBClient, turns SSB's answer into the tidy shape and checks
it. `refresh()` writes a dataset to the cache only when both went well: on any failure the cached data
stays byte-for-byte as it was, and the result says why (in Nynorsk).

To add a dataset: write `def refresh_<name>(client: SSBClient) -> Dataset` and register it in REFRESHERS.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import pandas as pd

from indicators.cache import CacheError, write_dataset
from indicators.model import Dataset, DataShapeError, Provenance
from indicators.regions import BUSKERUD, MUNICIPALITY_CODES, NORWAY, current_code, region_name
from indicators.sources.ssb import (
    SSB_SOURCE,
    STATBANK_TABLE_URL,
    SSBClient,
    SSBConnectionError,
    SSBData,
    SSBError,
    Variable,
    selection,
    strip_region_prefix,
    utc_now_iso,
)
from indicators.sources.ssb_jobs import REFRESHERS as JOBS_REFRESHERS

PRODUCED_BY = "python -m indicators refresh (SSB PxWebApi 2, indicators/refresh.py)"


class RefreshError(RuntimeError):
    """SSB answered, but not with what the dataset needs (Nynorsk message)."""


@dataclass
class RefreshResult:
    dataset: str
    ok: bool
    message: str  # Nynorsk, for the user
    rows: int = 0


# --- population: SSB 07459 -------------------------------------------------------------------------------

POPULATION = "population"
POPULATION_TABLE = "07459"
POPULATION_FIRST_YEAR = 2005
TOP_AGE = 105  # SSB's last one-year age group is "105 years or older"
# Today's municipality codes with SSB summing the former codes (0615→3039→3320 …) into them.
MUNICIPALITY_CODELIST = "agg_KommSummer"
# Today's counties summed from their municipalities, so Buskerud has its 2024 borders in every year.
COUNTY_CODELISTS: tuple[str, ...] = ("agg_KommFylker",)
POPULATION_COLUMNS = ["region_code", "region_name", "sex", "age", "period", "value", "status"]
SEX_ORDER = ("female", "male", "total")


def _find_region(variable: Variable, bare_code: str, table_id: str, where: str, aggregated: bool = False) -> str:
    """The table's code for a region, failing loudly: plain (`3326`), or with `aggregated` the prefixed code
    of an agg_ codelist (`K-3326`, `F-33`), so a metadata answer without the codelist applied is caught."""
    exact = [code for code in variable.codes if code == bare_code]
    prefixed = [code for code in variable.codes if code != bare_code and strip_region_prefix(code) == bare_code]
    found = prefixed if aggregated else (exact or prefixed)
    if len(found) != 1:
        problem = "finst ikkje" if not found else f"er tvetydig ({', '.join(found)})"
        name = region_name(bare_code)
        raise RefreshError(f"Regionen {bare_code} ({name}) {problem} i {where} for tabell {table_id}.")
    return found[0]


def _sex_codes(variable: Variable, table_id: str) -> dict[str, str]:
    """{SSB code: "female"/"male"} from the labels (Kvinner / Menn), never from guessed codes."""
    mapping: dict[str, str] = {}
    for code, label in variable.values.items():
        text = label.strip().lower()
        if text.startswith(("kvinne", "jenter")):
            mapping[code] = "female"
        elif text.startswith(("mann", "menn", "gutar", "gutter")):
            mapping[code] = "male"
    if sorted(mapping.values()) != ["female", "male"]:
        labels = ", ".join(f"{c} = {lbl}" for c, lbl in variable.values.items())
        raise RefreshError(
            f"Fann ikkje éin kode for kvinner og éin for menn i variabelen {variable.code} i tabell {table_id} "
            f"({labels})."
        )
    return mapping


def _age_codes(variable: Variable, table_id: str) -> dict[str, str]:
    """{SSB code: "0".."105"} for the one-year ages ("000", "001" … "105+"); every age must be there."""
    mapping: dict[str, str] = {}
    for code in variable.codes:
        match = re.fullmatch(r"(\d{1,3})(\+?)", code.strip())
        if not match:
            continue  # an aggregate such as "999" (all ages) or "15-74"
        age = int(match.group(1))
        if age > TOP_AGE or (match.group(2) and age != TOP_AGE):
            continue
        if str(age) in mapping.values():
            raise RefreshError(f"Alderen {age} har fleire kodar i variabelen {variable.code} i tabell {table_id}.")
        mapping[code] = str(age)
    missing = [age for age in range(TOP_AGE + 1) if str(age) not in mapping.values()]
    if missing:
        shown = ", ".join(map(str, missing[:10])) + (" …" if len(missing) > 10 else "")
        raise RefreshError(f"Tabell {table_id} manglar eittårig alder {shown} i variabelen {variable.code}.")
    return mapping


def _contents_code(variable: Variable, table_id: str, wanted: Sequence[str]) -> str:
    """The one contents code to fetch: the only one, or the only one whose label matches `wanted`."""
    if len(variable.values) == 1:
        return variable.codes[0]
    hits = [c for c, label in variable.values.items() if any(w in label.lower() for w in wanted)]
    if len(hits) != 1:
        labels = ", ".join(f"{c} = {label}" for c, label in variable.values.items())
        raise RefreshError(f"Kan ikkje velje statistikkvariabel i tabell {table_id} ({labels}).")
    return hits[0]


def _periods(series: pd.Series, table_id: str) -> pd.Series:
    numbers = pd.to_numeric(series, errors="coerce")
    if numbers.isna().any():
        bad = series[numbers.isna()].iloc[0]
        raise RefreshError(f"Tabell {table_id} gav perioden «{bad}», venta eit årstal.")
    return numbers.astype("int64")


def _region_order(code: str) -> int:
    order = [*MUNICIPALITY_CODES, BUSKERUD, NORWAY]
    return order.index(code) if code in order else len(order)


def _today_code(ssb_code: str) -> str:
    bare = strip_region_prefix(ssb_code)
    return current_code(bare) or bare


def _missing_years(frame: pd.DataFrame) -> list[str]:
    """'Hemsedal: 2005, 2006' for every region whose year has no number at all."""
    has_number = frame.groupby(["region_code", "period"])["value"].apply(lambda v: v.notna().any())
    problems: dict[str, list[str]] = {}
    for (code, period), ok in has_number.items():
        if not ok:
            problems.setdefault(code, []).append(str(period))
    return [f"{region_name(code)}: {', '.join(years)}" for code, years in problems.items()] if problems else []


def check_population(frame: pd.DataFrame, first_year: int = POPULATION_FIRST_YEAR) -> None:
    """Raise RefreshError unless the frame is a complete population table for our eight regions."""
    table = POPULATION_TABLE
    expected_regions = [*MUNICIPALITY_CODES, BUSKERUD, NORWAY]
    missing = [code for code in expected_regions if code not in set(frame["region_code"])]
    if missing:
        names = ", ".join(f"{code} ({region_name(code)})" for code in missing)
        raise RefreshError(f"Svaret frå tabell {table} manglar region {names}.")
    if set(frame["sex"]) != set(SEX_ORDER):
        got = sorted(set(frame["sex"]))
        raise RefreshError(f"Svaret frå tabell {table} har kjønna {got}, venta {list(SEX_ORDER)}.")
    years = sorted(set(frame["period"]))
    if not years or years[0] != first_year or years != list(range(years[0], years[-1] + 1)):
        raise RefreshError(
            f"Svaret frå tabell {table} har ikkje samanhengande år frå {first_year} (fekk {years[:3]} …)."
        )
    cells = frame.groupby(["region_code", "sex", "period"])["age"].nunique()
    if (cells != TOP_AGE + 1).any():
        (code, sex, period) = cells[cells != TOP_AGE + 1].index[0]
        raise RefreshError(f"Svaret frå tabell {table} manglar aldrar for {region_name(code)}, {sex}, {period}.")
    empty = _missing_years(frame)
    if empty:
        raise RefreshError(f"Svaret frå tabell {table} har ingen tal for {'; '.join(empty)}.")
    if (frame["value"] < 0).any():
        raise RefreshError(f"Svaret frå tabell {table} har negative folketal.")


def _population_frame(
    data: SSBData, region: str, sex: str, age: str, time_code: str, sex_map: dict[str, str], age_map: dict[str, str]
) -> pd.DataFrame:
    raw = data.frame
    return pd.DataFrame(
        {
            "region_code": raw[region].map(_today_code),
            "sex": raw[sex].map(sex_map),
            "age": raw[age].map(age_map),
            "period": _periods(raw[time_code], data.table_id),
            "value": raw["value"],
            "status": raw["status"],
        }
    )


def add_sex_total(frame: pd.DataFrame) -> pd.DataFrame:
    """Add sex "total" = female + male; missing when either is missing, carrying that one's status symbol."""
    keys = ["region_code", "age", "period"]
    female = frame[frame["sex"] == "female"].set_index(keys)[["value", "status"]]
    male = frame[frame["sex"] == "male"].set_index(keys)[["value", "status"]]
    both = female.merge(male, how="outer", left_index=True, right_index=True, suffixes=("_f", "_m"))
    both["status_f"] = both["status_f"].fillna("").astype(str)
    both["status_m"] = both["status_m"].fillna("").astype(str)
    total = pd.DataFrame(
        {
            "sex": "total",
            "value": both["value_f"] + both["value_m"],  # NaN + x is NaN: no half totals
            "status": both["status_f"].where(both["status_f"] != "", both["status_m"]),
        },
        index=both.index,
    )
    return pd.concat([frame, total.reset_index()], ignore_index=True)


def refresh_population(client: SSBClient) -> Dataset:
    """SSB 07459: population 1 January by region, sex and one-year age, from 2005."""
    table = POPULATION_TABLE
    meta = client.metadata(table)
    region = meta.role_variable("geo", "Region")
    sex = meta.variable("Kjonn")
    age = meta.variable("Alder")
    contents = meta.role_variable("metric", "ContentsCode")
    time_variable = meta.role_variable("time", "Tid")

    sex_map = _sex_codes(sex, table)
    age_map = _age_codes(age, table)
    contents_code = _contents_code(contents, table, ("personer", "folkemengde"))

    municipality_variable = client.metadata(table, {region.code: MUNICIPALITY_CODELIST}).variable(region.code)
    municipality_codes = [
        _find_region(municipality_variable, code, table, f"kodelista {MUNICIPALITY_CODELIST}", aggregated=True)
        for code in MUNICIPALITY_CODES
    ]
    offered = region.codelist_ids
    county_codelist = next((c for c in COUNTY_CODELISTS if not offered or c in offered), None)
    if county_codelist is None:
        raise RefreshError(f"Tabell {table} tilbyr ingen av fylkeskodelistene {', '.join(COUNTY_CODELISTS)}.")
    county_variable = client.metadata(table, {region.code: county_codelist}).variable(region.code)
    county_code = _find_region(county_variable, BUSKERUD, table, f"kodelista {county_codelist}", aggregated=True)
    country_code = _find_region(region, NORWAY, table, "regionlista")

    rest = [
        selection(sex.code, list(sex_map)),
        selection(age.code, list(age_map)),
        selection(contents.code, [contents_code]),
        selection(time_variable.code, [f"from({POPULATION_FIRST_YEAR})"]),
    ]
    requests_made = [
        client.data(table, [selection(region.code, municipality_codes, MUNICIPALITY_CODELIST), *rest]),
        client.data(table, [selection(region.code, [county_code], county_codelist), *rest]),
        client.data(table, [selection(region.code, [country_code]), *rest]),
    ]
    frame = pd.concat(
        [_population_frame(d, region.code, sex.code, age.code, time_variable.code, sex_map, age_map)
         for d in requests_made],
        ignore_index=True,
    )
    frame = add_sex_total(frame)
    check_population(frame)
    frame["region_name"] = frame["region_code"].map(region_name)
    frame = frame.assign(
        _region=frame["region_code"].map(_region_order),
        _sex=frame["sex"].map(SEX_ORDER.index),
        _age=frame["age"].astype(int),
    ).sort_values(["_region", "_sex", "_age", "period"])
    frame = frame[POPULATION_COLUMNS].reset_index(drop=True)

    notes = [
        f"Kommunane er henta med kodelista {MUNICIPALITY_CODELIST} (K-kodar): SSB summerer tidlegare "
        "kommunenummer inn i dagens kommune, så serien går samanhengande over endringane i 2020 og 2024.",
        f"Buskerud er henta med kodelista {county_codelist} (dagens fylke summert frå kommunane).",
        "Kjønn «total» er rekna ut som kvinner + menn; manglar eitt av dei, manglar totalen òg.",
        "Alder 105 tyder 105 år eller eldre.",
        *dict.fromkeys(note for d in requests_made for note in d.result.notes),
    ]
    provenance = _provenance(
        POPULATION,
        "Folketal 1. januar etter kjønn og eittårig alder",
        requests_made,
        notes=notes,
        extra={
            "codelists": {"municipalities": MUNICIPALITY_CODELIST, "county": county_codelist, "country": None},
            "ssb_codes": {
                "region": {"municipalities": municipality_codes, "county": county_code, "country": country_code},
                "sex": sex_map,
                "contents": contents_code,
            },
            "sex_total": "computed: female + male",
            "table_label": meta.label,
        },
    )
    return Dataset(frame=frame, provenance=provenance)


# --- population projection: SSB 14288 ---------------------------------------------------------------------

POPULATION_PROJECTION = "population_projection"
PROJECTION_TABLE = "14288"
PROJECTION_ROUND = "2024"
MAIN_ALTERNATIVE = "MMMM"  # fertility, life expectancy, internal migration, immigration all medium
PROJECTION_COLUMNS = ["region_code", "region_name", "series", "period", "value", "status"]
_ALTERNATIVE_PATTERN = re.compile(r"\b[LMHK0]{4}\b")
_TOTAL_LABEL = re.compile(r"\b(i alt|alle|begge kjønn|total)\b", re.IGNORECASE)


def _projection_alternative(variables: Sequence[Variable], table: str) -> tuple[Variable | None, str | None, str]:
    """The variable and code of the main alternative (MMMM), or (None, None, note) if the table has none."""
    for variable in variables:
        hits = [c for c, label in variable.values.items() if MAIN_ALTERNATIVE in c.upper() or MAIN_ALTERNATIVE in label]
        if len(hits) > 1:
            raise RefreshError(
                f"Fleire kodar ser ut som hovudalternativet {MAIN_ALTERNATIVE} i tabell {table}: {hits}."
            )
        if hits:
            return variable, hits[0], variable.values[hits[0]]
    for variable in variables:
        if any(_ALTERNATIVE_PATTERN.search(label) for label in variable.values.values()):
            raise RefreshError(
                f"Tabell {table} har framskrivingsalternativ i {variable.code}, men ikkje {MAIN_ALTERNATIVE}."
            )
    return None, None, "ikkje oppgitt i tabellen"


def check_projection(frame: pd.DataFrame) -> None:
    table = PROJECTION_TABLE
    missing = [code for code in MUNICIPALITY_CODES if code not in set(frame["region_code"])]
    if missing:
        names = ", ".join(f"{code} ({region_name(code)})" for code in missing)
        raise RefreshError(f"Svaret frå tabell {table} manglar kommune {names}.")
    without = [code for code in MUNICIPALITY_CODES if frame.loc[frame["region_code"] == code, "value"].isna().all()]
    if without:
        raise RefreshError(f"Svaret frå tabell {table} har ingen tal for {', '.join(map(region_name, without))}.")
    if (frame["value"] < 0).any():
        raise RefreshError(f"Svaret frå tabell {table} har negative folketal.")


def refresh_population_projection(client: SSBClient) -> Dataset:
    """SSB 14288 (2024 round): projected total population per municipality, main alternative if offered."""
    table = PROJECTION_TABLE
    meta = client.metadata(table)
    round_in_label = re.search(r"(\d{4})-framskriv", meta.label)
    if round_in_label and round_in_label.group(1) != PROJECTION_ROUND:
        raise RefreshError(f"Tabell {table} er {round_in_label.group(1)}-framskrivinga, venta {PROJECTION_ROUND}.")
    region = meta.role_variable("geo", "Region")
    time_variable = meta.role_variable("time", "Tid")
    others = [v for v in meta.variables.values() if v.code not in (region.code, time_variable.code)]

    codelist = None
    region_variable = region
    if not all(any(strip_region_prefix(c) == m for c in region.codes) for m in MUNICIPALITY_CODES) and (
        MUNICIPALITY_CODELIST in region.codelist_ids
    ):
        codelist = MUNICIPALITY_CODELIST
        region_variable = client.metadata(table, {region.code: codelist}).variable(region.code)
    where = f"kodelista {codelist}" if codelist else "regionlista"
    region_codes = [_find_region(region_variable, code, table, where, bool(codelist)) for code in MUNICIPALITY_CODES]

    alternative_variable, alternative, alternative_label = _projection_alternative(others, table)
    query = [selection(region.code, region_codes, codelist)]
    metric_codes = meta.roles.get("metric", ["ContentsCode"])
    for variable in others:
        if alternative_variable is not None and variable.code == alternative_variable.code:
            query.append(selection(variable.code, [alternative]))
        elif variable.code in metric_codes:
            query.append(selection(variable.code, [_contents_code(variable, table, ("folkemengde", "personer"))]))
        else:
            totals = [c for c, label in variable.values.items() if _TOTAL_LABEL.search(label)]
            if len(totals) == 1:
                query.append(selection(variable.code, totals))
            elif variable.elimination is False:
                raise RefreshError(f"Kan ikkje velje totalen for {variable.code} ({variable.label}) i tabell {table}.")
            # else leave it out: SSB sums an eliminable variable
    query.append(selection(time_variable.code, ["*"]))
    data = client.data(table, query)

    raw = data.frame
    frame = pd.DataFrame(
        {
            "region_code": raw[region.code].map(_today_code),
            "series": "projection",
            "period": _periods(raw[time_variable.code], table),
            "value": raw["value"],
            "status": raw["status"],
        }
    )
    check_projection(frame)
    frame["region_name"] = frame["region_code"].map(region_name)
    frame = frame.assign(_region=frame["region_code"].map(_region_order)).sort_values(["_region", "period"])
    frame = frame[PROJECTION_COLUMNS].reset_index(drop=True)

    provenance = _provenance(
        POPULATION_PROJECTION,
        f"Framskrive folketal per kommune ({PROJECTION_ROUND}-framskrivinga)",
        [data],
        notes=[
            f"SSB si befolkningsframskriving frå {PROJECTION_ROUND} (tabell {table}), alternativ: {alternative_label}.",
            *data.result.notes,
        ],
        extra={
            "projection_round": PROJECTION_ROUND,
            "alternative": MAIN_ALTERNATIVE if alternative else None,
            "alternative_code": alternative,  # SSB's code for it in this table
            "alternative_label": alternative_label,
            "table_label": meta.label,
        },
    )
    return Dataset(frame=frame, provenance=provenance)


# --- the registry and the command ----------------------------------------------------------------------------

REFRESHERS: dict[str, Callable[[SSBClient], Dataset]] = {
    POPULATION: refresh_population,
    POPULATION_PROJECTION: refresh_population_projection,
    **JOBS_REFRESHERS,  # employment, commuting, jobs_by_industry (indicators/sources/ssb_jobs.py)
}


def _provenance(
    dataset: str, title: str, calls: Sequence[SSBData], *, notes: list[str], extra: dict[str, Any]
) -> Provenance:
    """Provenance for a dataset built from one or more data calls to the same table."""
    first = calls[0]
    updated = [d.updated for d in calls if d.updated]
    return Provenance(
        dataset=dataset,
        title=title,
        source=SSB_SOURCE,
        table_id=first.table_id,
        query={"requests": [{"url": d.url, "body": d.query} for d in calls]},
        source_updated=max(updated) if updated else None,
        retrieved_at=utc_now_iso(),
        licence=first.licence,
        attribution=first.attribution,
        produced_by=PRODUCED_BY,
        url=STATBANK_TABLE_URL.format(table_id=first.table_id),
        notes=notes,
        extra=extra,
    )


def _number(n: int) -> str:
    return f"{n:,}".replace(",", " ")


def _sentence(text: str) -> str:
    text = str(text).strip()
    return text if text.endswith((".", "!", "?")) else text + "."


def _failed(name: str, exc: BaseException, unexpected: bool = False) -> RefreshResult:
    kept = "Datasettet som alt var lagra, er ikkje endra."
    if unexpected:
        problem = f"{type(exc).__name__}: {exc}"
        return RefreshResult(name, False, f"Uventa feil ved oppdatering av «{name}» ({problem}). {kept}")
    return RefreshResult(name, False, f"Klarte ikkje å oppdatere «{name}»: {_sentence(str(exc))} {kept}")


def refresh(
    names: Sequence[str] | None = None,
    client: SSBClient | None = None,
    cache_directory: str | os.PathLike[str] | None = None,
) -> list[RefreshResult]:
    """Fetch, check and store each named dataset (all registered ones when `names` is empty).

    Never raises for a failed dataset: each gets a RefreshResult with ok=False and a Nynorsk reason, and
    its cached data is left untouched.
    """
    selected = list(names) if names else list(REFRESHERS)
    results: list[RefreshResult] = []
    offline: SSBConnectionError | None = None
    for name in selected:
        refresher = REFRESHERS.get(name)
        if refresher is None:
            known = ", ".join(REFRESHERS)
            results.append(RefreshResult(name, False, f"Ukjend datasett «{name}». Kjende datasett: {known}."))
            continue
        if offline is not None:  # no point waiting for the retries again
            results.append(_failed(name, offline))
            continue
        if client is None:
            client = SSBClient()
        try:
            dataset = refresher(client)
            if dataset.provenance.dataset != name:
                raise RefreshError(f"Oppdateringa gav datasettet «{dataset.provenance.dataset}», ikkje «{name}».")
            write_dataset(dataset, directory=cache_directory)
        except SSBConnectionError as exc:
            offline = exc
            results.append(_failed(name, exc))
        except (SSBError, RefreshError, DataShapeError, CacheError) as exc:
            results.append(_failed(name, exc))
        except Exception as exc:  # a bug must not cost the user the cached data either
            results.append(_failed(name, exc, unexpected=True))
        else:
            provenance = dataset.provenance
            updated = f", sist oppdatert hos SSB {provenance.source_updated}" if provenance.source_updated else ""
            results.append(
                RefreshResult(
                    name,
                    True,
                    f"Oppdaterte «{name}» frå SSB-tabell {provenance.table_id}: "
                    f"{_number(provenance.row_count)} rader{updated}.",
                    provenance.row_count,
                )
            )
    return results
