"""Live refresh of the jobs and commuting datasets from SSB's PxWebApi 2.

Every query selects the municipalities through the codelist `agg_KommSummer` with `K-` prefixed codes,
so SSB sums the historical units into today's municipality for every year (harmonised series). The
answers become the same tidy datasets the snapshot importers (indicators.sources.ssb_extracts) write:
  employment        SSB 11618: residents_15_74, employed_by_residence, jobs_by_workplace (4th quarter)
  commuting         SSB 03321: employed persons by residence (region_code) x workplace (workplace_code)
  jobs_by_industry  SSB 13470: jobs by workplace and industry (SN2007), content code `SysselsatteArb`,
                    industry groups from the codelist `agg_NACE2007arb11`
The member municipalities come from the active region (indicators.regions.active_region).
"""

from __future__ import annotations

import re
from collections.abc import Collection, Mapping, Sequence
from typing import Any

import pandas as pd

from indicators.datasets import JOBS_BY_INDUSTRY
from indicators.i18n import labels
from indicators.model import Dataset
from indicators.regions import UnknownRegionError, active_region
from indicators.sources.ssb import (
    SSBClient,
    SSBData,
    SSBQueryError,
    SSBResponseError,
    TableMetadata,
    Variable,
    selection,
    strip_region_prefix,
)
from indicators.sources.ssb_extracts import (
    COMMUTING,
    COMMUTING_CONTENT,
    EMPLOYMENT,
    EMPLOYMENT_MEASURES,
)

EMPLOYMENT_TABLE = "11618"
COMMUTING_TABLE = "03321"
INDUSTRY_TABLE = "13470"
HARMONISED_CODELIST = "agg_KommSummer"
# 13470: the one content code (there is more than one "Syssel…" code, so never match loosely) and the
# codelist of its industry groups; `*` on the plain variable gives every detailed SN2007 code instead.
INDUSTRY_CONTENT = "SysselsatteArb"
INDUSTRY_CODELIST = "agg_NACE2007arb11"
# 03321 with `*` under agg_KommSummer can include SSB's catch-all for an unknown municipality.
REST_CODE = "K-Rest"
ALL_YEARS = "*"
HARMONISED_NOTE = (
    "Kommunane er henta som samanhengande seriar med dagens grenser (SSB-kodeliste agg_KommSummer, K-kodar)."
)
# 13470's industry total, when SSB includes it: left out so industries add up to jobs (unverified codes).
_INDUSTRY_TOTAL = re.compile(r"^(00-99|TOTAL|ALLE)$", re.IGNORECASE)
_INDUSTRY_TOTAL_LABEL = re.compile(r"^(alle næringar|alle næringer|i alt|total)", re.IGNORECASE)


def member_aggregate_codes(municipalities: Sequence[str] | None = None) -> tuple[str, ...]:
    """The region's members (or `municipalities`, 2024 codes) as SSB's harmonised `K-` codes."""
    return tuple(f"K-{code}" for code in (municipalities or active_region().member_codes))


# What the jobs refreshers refuse (also `check-api`'s findings): worded in the language active where shown.
REFUSALS = labels("ssb_jobs.REFUSALS", {
    "unknown_municipality": "Svaret frå SSB for tabell {table} har ein ukjend kommunekode «{code}».",
    "not_a_year": "Tabell {table}: venta årstal i Tid, fekk «{got}».",
    "unknown_content": "Tabell {table}: ukjend statistikkvariabel {codes}.",
    "two_flows": "Tabell {table} gav to ulike tal for straumen {home}→{work} i {year}.",
    "no_industry_variable": "Fann ikkje éin næringsvariabel i tabell {table} (variablane er {variables}).",
    "no_industry_content": "Tabell {table} har ikkje statistikkvariabelen {content} (har {codes}).",
    "no_industry_codelist": "Tabell {table} tilbyr ikkje kodelista {codelist} for {variable} (tilbyr: {offered}).",
    "none": "ingen",
    "unknown_variable": "Tabell {table} har variabelen {variable} ({label}), som oppdateringa ikkje kjenner og ikkje "
                        "kan utelate.",
    "no_industry_figures": "Tabell {table} gav ingen tal for næringane.",
})


def _asked_code(table_id: str, raw: str, asked: Collection[str]) -> str:
    """Today's code of a municipality asked for, from SSB's `K-3326`; anything else is an error."""
    bare = strip_region_prefix(raw)
    code = active_region().current_code(bare) or bare
    if code not in asked:
        raise SSBResponseError(REFUSALS.message("unknown_municipality", table=table_id, code=raw))
    return code


def _names(codes: pd.Series, raw: pd.Series, labels: Mapping[str, str]) -> list[str]:
    """The region file's (or the code table's) name of each code, else SSB's label."""
    region = active_region()
    out = []
    for code, ssb_code in zip(codes, raw, strict=True):
        try:
            out.append(region.region_name(code))
        except UnknownRegionError:
            out.append(str(labels.get(ssb_code, code)))
    return out


def _member_code(table_id: str, raw: str) -> str:
    """Today's code of a member municipality from SSB's `K-3326`; anything else is an error."""
    code = active_region().current_code(strip_region_prefix(raw))
    if code is None:
        raise SSBResponseError(REFUSALS.message("unknown_municipality", table=table_id, code=raw))
    return code


def _values(frame: pd.DataFrame) -> tuple[pd.Series, pd.Series]:
    values = pd.to_numeric(frame["value"], errors="coerce").astype("float64")
    status = frame["status"].fillna("").astype(str)
    # A cell without a number and without a symbol is still missing: say so with SSB's "..".
    status = status.where(values.notna() | (status != ""), "..")
    return values, status


def _years(table_id: str, codes: pd.Series) -> pd.Series:
    years = pd.to_numeric(codes, errors="coerce")
    if years.isna().any():
        raise SSBResponseError(REFUSALS.message("not_a_year", table=table_id, got=codes[years.isna()].iloc[0]))
    return years.astype("int64")


def refresh_employment(client: SSBClient, municipalities: Sequence[str] | None = None) -> Dataset:
    """SSB 11618 for `municipalities` (2024 codes; default: the members), age 15–74, both sexes, every year,
    harmonised to today's codes; in as many calls as SSB's cell limit needs."""
    asked = tuple(municipalities) if municipalities else active_region().member_codes
    query = [
        selection("Region", member_aggregate_codes(asked), codelist=HARMONISED_CODELIST),
        selection("Kjonn", ["0"]),
        selection("Alder", ["15-74"]),
        selection("ContentsCode", list(EMPLOYMENT_MEASURES)),
        selection("Tid", [ALL_YEARS]),
    ]
    answers = client.data_in_chunks(EMPLOYMENT_TABLE, query, "Region")
    data = answers[0]
    raw = pd.concat([answer.frame for answer in answers], ignore_index=True)
    labels = {k: v for answer in answers for k, v in answer.result.dimension_labels.get("Region", {}).items()}
    codes = raw["Region"].map(lambda c: _asked_code(EMPLOYMENT_TABLE, c, set(asked)))
    unknown = sorted(set(raw["ContentsCode"]) - set(EMPLOYMENT_MEASURES))
    if unknown:
        raise SSBResponseError(REFUSALS.message("unknown_content", table=EMPLOYMENT_TABLE, codes=", ".join(unknown)))
    values, status = _values(raw)
    frame = pd.DataFrame(
        {
            "region_code": codes,
            "region_name": _names(codes, raw["Region"], labels),
            "measure": raw["ContentsCode"].map(EMPLOYMENT_MEASURES),
            "period": _years(EMPLOYMENT_TABLE, raw["Tid"]),
            "value": values,
            "status": status,
        }
    ).sort_values(["region_code", "measure", "period"], ignore_index=True)
    provenance = data.provenance(
        EMPLOYMENT,
        "Sysselsette 15–74 år etter arbeidsstad og bustad, og innbyggjarar 15–74 år (4. kvartal)",
        **({"query": {"url": data.url, "body": [answer.query for answer in answers]}} if len(answers) > 1 else {}),
        produced_by="indicators.sources.ssb_jobs.refresh_employment: SSB PxWebApi 2, tabell 11618",
        notes=[*data.result.notes, HARMONISED_NOTE,
               "Sysselsette etter arbeidsstad = arbeidsplassar i kommunen (personar 15–74 år, 4. kvartal)."],
        extra={"refreshed_regions": list(asked)},
    )
    return Dataset(frame=frame, provenance=provenance)


def _flows(data: SSBData) -> pd.DataFrame:
    """One 03321 answer as flows with today's codes; the side outside the region keeps SSB's label as name.

    SSB's catch-all `K-Rest` (workplace or residence unknown) is dropped: it is no municipality.
    """
    region = active_region()
    raw = data.frame
    raw = raw[(raw["Bokommuen"] != REST_CODE) & (raw["ArbstedKomm"] != REST_CODE)]
    unknown = sorted(set(raw["ContentsCode"]) - {COMMUTING_CONTENT})
    if unknown:
        raise SSBResponseError(REFUSALS.message("unknown_content", table=COMMUTING_TABLE, codes=", ".join(unknown)))
    sides: dict[str, tuple[pd.Series, pd.Series]] = {}
    for variable in ("Bokommuen", "ArbstedKomm"):
        labels = data.result.dimension_labels.get(variable, {})
        bare = raw[variable].map(strip_region_prefix)
        mapped = bare.map(region.current_code)
        code = mapped.fillna(bare)
        name = [
            region.region_name(m) if isinstance(m, str) else str(labels.get(r, b))
            for m, r, b in zip(mapped, raw[variable], bare, strict=True)
        ]
        sides[variable] = (code, pd.Series(name, index=raw.index, dtype=object))
    values, status = _values(raw)
    return pd.DataFrame(
        {
            "region_code": sides["Bokommuen"][0],
            "region_name": sides["Bokommuen"][1],
            "workplace_code": sides["ArbstedKomm"][0],
            "workplace_name": sides["ArbstedKomm"][1],
            "period": _years(COMMUTING_TABLE, raw["Tid"]),
            "value": values,
            "status": status,
        }
    )


def refresh_commuting(client: SSBClient, municipalities: Sequence[str] | None = None) -> Dataset:
    """SSB 03321: everyone who lives or works in `municipalities` (2024 codes; default: the members), by the
    other municipality, every year.

    The municipalities as residence, then as workplace, each against all of today's municipalities on the other
    side, in as many calls as SSB's cell limit needs. Flows of 0 persons are not stored (an absent flow means 0);
    SSB symbols are kept.
    """
    asked = tuple(municipalities) if municipalities else active_region().member_codes
    results: list[SSBData] = []
    for member_side, other_side in (("Bokommuen", "ArbstedKomm"), ("ArbstedKomm", "Bokommuen")):
        query = [
            selection(member_side, member_aggregate_codes(asked), codelist=HARMONISED_CODELIST),
            selection(other_side, ["*"], codelist=HARMONISED_CODELIST),
            selection("ContentsCode", [COMMUTING_CONTENT]),
            selection("Tid", [ALL_YEARS]),
        ]
        results.extend(client.data_in_chunks(COMMUTING_TABLE, query, member_side))
    rest_dropped = any(
        REST_CODE in r.result.dimension_labels.get(v, {}) for r in results for v in ("Bokommuen", "ArbstedKomm")
    )
    flows = pd.concat([_flows(r) for r in results], ignore_index=True)
    # Flows inside the region come back in both calls: they must agree, then one copy is kept.
    keys = ["region_code", "workplace_code", "period"]
    both = flows[flows.duplicated(subset=keys, keep=False)]
    disagree = both.groupby(keys)["value"].nunique(dropna=False) > 1
    if disagree.any():
        first = disagree[disagree].index[0]
        raise SSBResponseError(REFUSALS.message("two_flows", table=COMMUTING_TABLE, home=first[0], work=first[1],
                                                year=first[2]))
    flows = flows.drop_duplicates(subset=keys)
    flows = flows[flows["value"].ne(0)]
    frame = flows.sort_values(["period", "region_code", "workplace_code"], ignore_index=True)
    first = results[0]
    provenance = first.provenance(
        COMMUTING,
        "Sysselsette etter bustadkommune og arbeidsstadkommune (pendling, 4. kvartal)",
        query={"url": first.url, "body": [r.query for r in results]},
        produced_by=f"indicators.sources.ssb_jobs.refresh_commuting: SSB PxWebApi 2, tabell 03321 ({len(results)} "
                    "kall)",
        extra={"refreshed_regions": list(asked), "region_columns": ["region_code", "workplace_code"]},
        notes=[
            *first.result.notes, HARMONISED_NOTE, "Straumar på 0 personar er ikkje lagra.",
            *([f"SSB sin restkode {REST_CODE} (ukjend kommune) er ikkje lagra."] if rest_dropped else []),
        ],
    )
    return Dataset(frame=frame, provenance=provenance)


def _industry_variable(meta: TableMetadata) -> Variable:
    candidates = [
        v for v in meta.variables.values()
        if v.code.upper().startswith("NACE") or "næring" in v.label.lower()
    ]
    if len(candidates) != 1:
        raise SSBQueryError(REFUSALS.message("no_industry_variable", table=INDUSTRY_TABLE,
                                             variables=", ".join(meta.variables)))
    return candidates[0]


def _contents_code(meta: TableMetadata) -> str:
    contents = meta.role_variable("metric", "ContentsCode")
    if INDUSTRY_CONTENT not in contents.values:
        raise SSBQueryError(REFUSALS.message("no_industry_content", table=INDUSTRY_TABLE, content=INDUSTRY_CONTENT,
                                             codes=", ".join(contents.codes)))
    return INDUSTRY_CONTENT


def industry_query(meta: TableMetadata) -> list[dict[str, Any]]:
    """The 13470 selection built from the table's metadata: the members, every industry group, all years.

    Any further variable must be one SSB lets us leave out (it then sums over it); else the refresh stops
    with a message naming it rather than guessing a total.
    """
    industry = _industry_variable(meta)
    time = meta.role_variable("time", "Tid")
    contents = meta.role_variable("metric", "ContentsCode")
    region = meta.variable("Region")
    if INDUSTRY_CODELIST not in industry.codelist_ids:
        offered = ", ".join(industry.codelist_ids) or REFUSALS.message("none")
        raise SSBQueryError(REFUSALS.message("no_industry_codelist", table=INDUSTRY_TABLE, codelist=INDUSTRY_CODELIST,
                                             variable=industry.code, offered=offered))
    known = {industry.code, time.code, contents.code, region.code}
    for variable in meta.variables.values():
        if variable.code not in known and variable.elimination is not True:
            raise SSBQueryError(REFUSALS.message("unknown_variable", table=INDUSTRY_TABLE, variable=variable.code,
                                                 label=variable.label))
    return [
        selection(region.code, member_aggregate_codes(), codelist=HARMONISED_CODELIST),
        selection(industry.code, ["*"], codelist=INDUSTRY_CODELIST),
        selection(contents.code, [_contents_code(meta)]),
        selection(time.code, [ALL_YEARS]),
    ]


def _industry_frame(
    data: SSBData, industry: str, time: str, labels: Mapping[str, str]
) -> tuple[pd.DataFrame, bool]:
    """The tidy frame, and whether SSB's all-industries total was left out of it."""
    raw = data.frame
    is_total = raw[industry].map(
        lambda c: bool(_INDUSTRY_TOTAL.match(c) or _INDUSTRY_TOTAL_LABEL.match(labels.get(c, "")))
    )
    raw = raw[~is_total]
    codes = raw["Region"].map(lambda c: _member_code(INDUSTRY_TABLE, c))
    values, status = _values(raw)
    frame = pd.DataFrame(
        {
            "region_code": codes,
            "region_name": codes.map(active_region().region_name),
            "industry": raw[industry].astype(str),
            "industry_name": raw[industry].map(lambda c: labels.get(c, c)),
            "period": _years(INDUSTRY_TABLE, raw[time]),
            "value": values,
            "status": status,
        }
    ).sort_values(["region_code", "industry", "period"], ignore_index=True)
    return frame, bool(is_total.any())


def refresh_jobs_by_industry(client: SSBClient) -> Dataset:
    """SSB 13470: jobs (employed persons by workplace, 4th quarter) per industry group (SN2007) for the members."""
    meta = client.metadata(INDUSTRY_TABLE)
    query = industry_query(meta)
    industry, time = query[1]["variableCode"], query[3]["variableCode"]
    data = client.data(INDUSTRY_TABLE, query)
    labels = data.result.dimension_labels.get(industry, {})
    frame, total_dropped = _industry_frame(data, industry, time, labels)
    if frame.empty:
        raise SSBResponseError(REFUSALS.message("no_industry_figures", table=INDUSTRY_TABLE))
    notes = [*data.result.notes, HARMONISED_NOTE]
    if total_dropped:
        notes.append("Summen for alle næringar er ikkje lagra; han er summen av næringane.")
    provenance = data.provenance(
        JOBS_BY_INDUSTRY,
        "Sysselsette etter arbeidsstad og næring (SN2007), 4. kvartal",
        produced_by="indicators.sources.ssb_jobs.refresh_jobs_by_industry: SSB PxWebApi 2, tabell 13470",
        notes=notes,
    )
    return Dataset(frame=frame, provenance=provenance)


REFRESHERS = {
    EMPLOYMENT: refresh_employment,
    COMMUTING: refresh_commuting,
    JOBS_BY_INDUSTRY: refresh_jobs_by_industry,
}
