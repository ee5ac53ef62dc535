"""Population refreshers from SSB's PxWebApi 2.

  population             SSB 07459: population 1 January by region, sex and one-year age, from 2005
  population_projection  SSB 14288 (2024 round): projected total population per municipality

The regions (members, county, country) come from the active region (indicators.regions.active_region).
Each refresher fetches through an SSBClient, turns SSB's answer into the tidy shape and checks it; writing
to the cache is indicators.refresh's job.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

import pandas as pd

from indicators.datasets import POPULATION, POPULATION_PROJECTION
from indicators.i18n import Message, labels
from indicators.model import Dataset, Provenance
from indicators.regions import active_region
from indicators.sources.ssb import (
    SSB_SOURCE,
    STATBANK_TABLE_URL,
    SSBClient,
    SSBData,
    Variable,
    selection,
    strip_region_prefix,
    utc_now_iso,
)

PRODUCED_BY = "python -m indicators refresh (SSB PxWebApi 2, indicators/sources/ssb_population.py)"


class RefreshError(RuntimeError):
    """SSB answered, but not with what the dataset needs (str(exc) reads in the language active where shown)."""

    def __init__(self, message: str | Message):
        super().__init__(message)


# What the population refreshers refuse (also `check-api`'s findings): worded in the language active where shown.
# {where} is where_codelist or where_regions.
REFUSALS = labels("ssb_population.REFUSALS", {
    "no_county": "Regionfila har ikkje noko fylke å samanlikne med (kind = \"county\").",
    "no_country": "Regionfila har ikkje noko land å samanlikne med (kind = \"country\").",
    "region_missing": "Regionen {code} ({name}) finst ikkje i {where} for tabell {table}.",
    "region_ambiguous": "Regionen {code} ({name}) er tvetydig ({found}) i {where} for tabell {table}.",
    "where_codelist": "kodelista {codelist}",
    "where_regions": "regionlista",
    "sexes": "Fann ikkje éin kode for kvinner og éin for menn i variabelen {variable} i tabell {table} ({labels}).",
    "age_twice": "Alderen {age} har fleire kodar i variabelen {variable} i tabell {table}.",
    "ages_missing": "Tabell {table} manglar eittårig alder {ages} i variabelen {variable}.",
    "contents": "Kan ikkje velje statistikkvariabel i tabell {table} ({labels}).",
    "period": "Tabell {table} gav perioden «{period}», venta eit årstal.",
    "regions_missing": "Svaret frå tabell {table} manglar region {names}.",
    "sexes_answer": "Svaret frå tabell {table} har kjønna {got}, venta {expected}.",
    "years_gap": "Svaret frå tabell {table} har ikkje samanhengande år frå {first} (fekk {got} …).",
    "ages_answer": "Svaret frå tabell {table} manglar aldrar for {name}, {sex}, {period}.",
    "no_figures": "Svaret frå tabell {table} har ingen tal for {what}.",
    "negative": "Svaret frå tabell {table} har negative folketal.",
    "municipalities_missing": "Svaret frå tabell {table} manglar kommune {names}.",
    "no_total": "Kan ikkje velje totalen for {variable} ({label}) i tabell {table}.",
})


def _members() -> tuple[str, ...]:
    return active_region().member_codes


def _name(code: str) -> str:
    return active_region().region_name(code)


def _county() -> str:
    county = active_region().county
    if county is None:
        raise RefreshError(REFUSALS.message("no_county"))
    return county.code


def _country() -> str:
    country = active_region().country
    if country is None:
        raise RefreshError(REFUSALS.message("no_country"))
    return country.code


# --- population: SSB 07459 -------------------------------------------------------------------------------

POPULATION_TABLE = "07459"
POPULATION_FIRST_YEAR = 2005
TOP_AGE = 105  # SSB's last one-year age group is "105 years or older"
# Today's municipality codes with SSB summing each member's former codes into them.
MUNICIPALITY_CODELIST = "agg_KommSummer"
# Today's counties summed from their municipalities, so the county has today's borders in every year.
COUNTY_CODELISTS: tuple[str, ...] = ("agg_KommFylker",)
POPULATION_COLUMNS = ["region_code", "region_name", "sex", "age", "period", "value", "status"]
SEX_ORDER = ("female", "male", "total")


def _find_region(variable: Variable, bare_code: str, table_id: str, where: str | Message,
                 aggregated: bool = False) -> str:
    """The table's code for a region, failing loudly: plain (`3326`), or with `aggregated` the prefixed code
    of an agg_ codelist (`K-3326`, `F-33`), so a metadata answer without the codelist applied is caught."""
    exact = [code for code in variable.codes if code == bare_code]
    prefixed = [code for code in variable.codes if code != bare_code and strip_region_prefix(code) == bare_code]
    found = prefixed if aggregated else (exact or prefixed)
    if len(found) != 1:
        words = {"code": bare_code, "name": _name(bare_code), "where": where, "table": table_id}
        raise RefreshError(REFUSALS.message("region_ambiguous", found=", ".join(found), **words) if found
                           else REFUSALS.message("region_missing", **words))
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
        raise RefreshError(REFUSALS.message("sexes", variable=variable.code, table=table_id, labels=labels))
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
            raise RefreshError(REFUSALS.message("age_twice", age=age, variable=variable.code, table=table_id))
        mapping[code] = str(age)
    missing = [age for age in range(TOP_AGE + 1) if str(age) not in mapping.values()]
    if missing:
        shown = ", ".join(map(str, missing[:10])) + (" …" if len(missing) > 10 else "")
        raise RefreshError(REFUSALS.message("ages_missing", table=table_id, ages=shown, variable=variable.code))
    return mapping


def _contents_code(variable: Variable, table_id: str, wanted: Sequence[str]) -> str:
    """The one contents code to fetch: the only one, or the only one whose label matches `wanted`."""
    if len(variable.values) == 1:
        return variable.codes[0]
    hits = [c for c, label in variable.values.items() if any(w in label.lower() for w in wanted)]
    if len(hits) != 1:
        labels = ", ".join(f"{c} = {label}" for c, label in variable.values.items())
        raise RefreshError(REFUSALS.message("contents", table=table_id, labels=labels))
    return hits[0]


def _periods(series: pd.Series, table_id: str) -> pd.Series:
    numbers = pd.to_numeric(series, errors="coerce")
    if numbers.isna().any():
        bad = series[numbers.isna()].iloc[0]
        raise RefreshError(REFUSALS.message("period", table=table_id, period=bad))
    return numbers.astype("int64")


def _region_order(code: str) -> int:
    order = [*_members(), _county(), _country()]
    return order.index(code) if code in order else len(order)


def _today_code(ssb_code: str) -> str:
    bare = strip_region_prefix(ssb_code)
    return active_region().current_code(bare) or bare


def _missing_years(frame: pd.DataFrame) -> list[str]:
    """'Hemsedal: 2005, 2006' for every region whose year has no number at all."""
    has_number = frame.groupby(["region_code", "period"])["value"].apply(lambda v: v.notna().any())
    problems: dict[str, list[str]] = {}
    for (code, period), ok in has_number.items():
        if not ok:
            problems.setdefault(code, []).append(str(period))
    return [f"{_name(code)}: {', '.join(years)}" for code, years in problems.items()] if problems else []


def check_population(frame: pd.DataFrame, first_year: int = POPULATION_FIRST_YEAR,
                     municipalities: Sequence[str] | None = None) -> None:
    """Raise RefreshError unless the frame is a complete population table for the municipalities asked for
    (default: the members), the county and the country."""
    table = POPULATION_TABLE
    expected_regions = [*(municipalities or _members()), _county(), _country()]
    missing = [code for code in expected_regions if code not in set(frame["region_code"])]
    if missing:
        names = ", ".join(f"{code} ({_name(code)})" for code in missing)
        raise RefreshError(REFUSALS.message("regions_missing", table=table, names=names))
    if set(frame["sex"]) != set(SEX_ORDER):
        got = sorted(set(frame["sex"]))
        raise RefreshError(REFUSALS.message("sexes_answer", table=table, got=got, expected=list(SEX_ORDER)))
    years = sorted(set(frame["period"]))
    if not years or years[0] != first_year or years != list(range(years[0], years[-1] + 1)):
        raise RefreshError(REFUSALS.message("years_gap", table=table, first=first_year, got=years[:3]))
    cells = frame.groupby(["region_code", "sex", "period"])["age"].nunique()
    if (cells != TOP_AGE + 1).any():
        (code, sex, period) = cells[cells != TOP_AGE + 1].index[0]
        raise RefreshError(REFUSALS.message("ages_answer", table=table, name=_name(code), sex=sex, period=period))
    empty = _missing_years(frame)
    if empty:
        raise RefreshError(REFUSALS.message("no_figures", table=table, what="; ".join(empty)))
    if (frame["value"] < 0).any():
        raise RefreshError(REFUSALS.message("negative", table=table))


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


def refresh_population(client: SSBClient, municipalities: Sequence[str] | None = None) -> Dataset:
    """SSB 07459: population 1 January by region, sex and one-year age, from 2005, for `municipalities` (2024
    codes; default: the members), the county and the country. The municipalities are asked for in as many calls
    as SSB's cell limit needs."""
    table = POPULATION_TABLE
    wanted = tuple(municipalities) if municipalities else _members()
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
        _find_region(municipality_variable, code, table,
                     REFUSALS.message("where_codelist", codelist=MUNICIPALITY_CODELIST), aggregated=True)
        for code in wanted
    ]
    offered = region.codelist_ids
    county_codelist = next((c for c in COUNTY_CODELISTS if not offered or c in offered), None)
    if county_codelist is None:
        raise RefreshError(f"Tabell {table} tilbyr ingen av fylkeskodelistene {', '.join(COUNTY_CODELISTS)}.")
    county_variable = client.metadata(table, {region.code: county_codelist}).variable(region.code)
    county_code = _find_region(county_variable, _county(), table,
                               REFUSALS.message("where_codelist", codelist=county_codelist), aggregated=True)
    country_code = _find_region(region, _country(), table, "regionlista")

    rest = [
        selection(sex.code, list(sex_map)),
        selection(age.code, list(age_map)),
        selection(contents.code, [contents_code]),
        selection(time_variable.code, [f"from({POPULATION_FIRST_YEAR})"]),
    ]
    requests_made = [
        *client.data_in_chunks(table, [selection(region.code, municipality_codes, MUNICIPALITY_CODELIST), *rest],
                               region.code),
        client.data(table, [selection(region.code, [county_code], county_codelist), *rest]),
        client.data(table, [selection(region.code, [country_code]), *rest]),
    ]
    frame = pd.concat(
        [_population_frame(d, region.code, sex.code, age.code, time_variable.code, sex_map, age_map)
         for d in requests_made],
        ignore_index=True,
    )
    frame = add_sex_total(frame)
    check_population(frame, municipalities=wanted)
    frame["region_name"] = frame["region_code"].map(_name)
    frame = frame.assign(
        _region=frame["region_code"].map(_region_order),
        _sex=frame["sex"].map(SEX_ORDER.index),
        _age=frame["age"].astype(int),
    ).sort_values(["_region", "_sex", "_age", "period"])
    frame = frame[POPULATION_COLUMNS].reset_index(drop=True)

    notes = [
        f"Kommunane er henta med kodelista {MUNICIPALITY_CODELIST} (K-kodar): SSB summerer tidlegare "
        "kommunenummer inn i dagens kommune, så serien går samanhengande over endringane i 2020 og 2024.",
        f"{_name(_county())} er henta med kodelista {county_codelist} (dagens fylke summert frå kommunane).",
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
            "refreshed_regions": [*wanted, _county(), _country()],
        },
    )
    return Dataset(frame=frame, provenance=provenance)


# --- population projection: SSB 14288 ---------------------------------------------------------------------

PROJECTION_TABLE = "14288"
PROJECTION_ROUND = "2024"
PROJECTION_MIN_HORIZON = 20  # years past the round a projection table reaches (14288: to 2050)
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


# Why table 14288 does not look like the projection round the refresh expects (worded in the active language).
ROUND_PROBLEMS = labels("ssb_population.ROUND_PROBLEMS", {
    "not_a_projection": "tittelen «{label}» seier ikkje at tabellen er ei befolkningsframskriving.",
    "other_round": "tittelen nemner {rounds}-framskrivinga, venta {round}.",
    "too_old": "tabellen vart sist oppdatert {updated}, før {round}-framskrivinga kom.",
    "too_short": "siste år er {last}, venta framskriving minst til {until}.",
    "no_years": "ingen år",
    "in_table": "Tabell {table}: {problem}",
})


def projection_round_problem(label: str, updated: str | None, periods: Sequence[str]) -> str | None:
    """Why the table does not look like the PROJECTION_ROUND projection (in the active language), or None.

    SSB's real titles do not name the round ("14288: Framskrevet folkemengde 1. januar, etter region, …"), so
    the checks are: the title says it is a projection, names no other round, the table was last updated no
    earlier than the round's year, and its years reach well past it.
    """
    if not re.search(r"framskr", label, re.IGNORECASE):
        return ROUND_PROBLEMS["not_a_projection"].format(label=label)
    named = set(re.findall(r"(\d{4})-framskriv|framskriving\w*\s+(\d{4})", label, re.IGNORECASE))
    rounds = {year for pair in named for year in pair if year}
    if rounds - {PROJECTION_ROUND}:
        return ROUND_PROBLEMS["other_round"].format(rounds=", ".join(sorted(rounds)), round=PROJECTION_ROUND)
    if updated and updated[:4].isdigit() and updated[:4] < PROJECTION_ROUND:
        return ROUND_PROBLEMS["too_old"].format(updated=updated[:10], round=PROJECTION_ROUND)
    years = [int(p) for p in periods if str(p).isdigit()]
    if not years or max(years) < int(PROJECTION_ROUND) + PROJECTION_MIN_HORIZON:
        last = max(years) if years else ROUND_PROBLEMS["no_years"]
        return ROUND_PROBLEMS["too_short"].format(last=last, until=int(PROJECTION_ROUND) + PROJECTION_MIN_HORIZON)
    return None


def check_projection(frame: pd.DataFrame) -> None:
    table = PROJECTION_TABLE
    missing = [code for code in _members() if code not in set(frame["region_code"])]
    if missing:
        names = ", ".join(f"{code} ({_name(code)})" for code in missing)
        raise RefreshError(REFUSALS.message("municipalities_missing", table=table, names=names))
    without = [code for code in _members() if frame.loc[frame["region_code"] == code, "value"].isna().all()]
    if without:
        raise RefreshError(REFUSALS.message("no_figures", table=table, what=", ".join(map(_name, without))))
    if (frame["value"] < 0).any():
        raise RefreshError(REFUSALS.message("negative", table=table))


def refresh_population_projection(client: SSBClient) -> Dataset:
    """SSB 14288 (2024 round): projected total population per municipality, main alternative if offered."""
    table = PROJECTION_TABLE
    meta = client.metadata(table)
    region = meta.role_variable("geo", "Region")
    time_variable = meta.role_variable("time", "Tid")
    problem = projection_round_problem(meta.label, meta.updated, time_variable.codes)
    if problem:
        raise RefreshError(ROUND_PROBLEMS.message("in_table", table=table, problem=problem))
    others = [v for v in meta.variables.values() if v.code not in (region.code, time_variable.code)]

    codelist = None
    region_variable = region
    if not all(any(strip_region_prefix(c) == m for c in region.codes) for m in _members()) and (
        MUNICIPALITY_CODELIST in region.codelist_ids
    ):
        codelist = MUNICIPALITY_CODELIST
        region_variable = client.metadata(table, {region.code: codelist}).variable(region.code)
    where = REFUSALS.message("where_codelist", codelist=codelist) if codelist else REFUSALS.message("where_regions")
    region_codes = [_find_region(region_variable, code, table, where, bool(codelist)) for code in _members()]

    alternative_variable, alternative, alternative_label = _projection_alternative(others, table)
    query = [selection(region.code, region_codes, codelist)]
    metric_codes = meta.roles.get("metric", ["ContentsCode"])
    for variable in others:
        if alternative_variable is not None and alternative is not None and variable.code == alternative_variable.code:
            query.append(selection(variable.code, [alternative]))
        elif variable.code in metric_codes:
            query.append(selection(variable.code, [_contents_code(variable, table, ("folkemengde", "personer"))]))
        else:
            totals = [c for c, label in variable.values.items() if _TOTAL_LABEL.search(label)]
            if len(totals) == 1:
                query.append(selection(variable.code, totals))
            elif variable.elimination is False:
                raise RefreshError(REFUSALS.message("no_total", variable=variable.code, label=variable.label,
                                                    table=table))
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
    frame["region_name"] = frame["region_code"].map(_name)
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


REFRESHERS = {
    POPULATION: refresh_population,
    POPULATION_PROJECTION: refresh_population_projection,
}
