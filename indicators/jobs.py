"""Jobs and commuting: the plan's goal "Auke i talet på arbeidsplassar" and the picture around it.

Datasets (indicators.sources.ssb_extracts for the snapshot, indicators.sources.ssb_jobs for a refresh):
  employment        SSB 11618, age 15–74, 4th quarter: residents, employed by residence, jobs by workplace
  commuting         SSB 03321: employed persons by residence (region_code) and workplace (workplace_code)
  jobs_by_industry  SSB 13470: jobs by workplace and industry (SN2007); only after a refresh

"Jobs" are employed persons aged 15–74 counted at their workplace (SSB's "sysselsette etter arbeidsstad").
Hallingdal is the sum of the six municipalities. For commuting, Hallingdal as a whole only counts flows that
cross the region's border: someone living in Gol and working in Ål commutes between municipalities but not
out of Hallingdal.
"""

from __future__ import annotations

import functools
import os
from collections import Counter
from typing import Literal

import pandas as pd

from indicators.aggregate import MISSING_PART_STATUS, select_region, with_hallingdal_total
from indicators.cache import has_dataset, read_dataset
from indicators.formatting import format_percent
from indicators.goals import Goal, Plan, measured_goal, measured_goal_missing_text
from indicators.municipality_names import municipality_name, municipality_names
from indicators.progress import DIRECTION_ACCELERATION_RATE, DIRECTION_ON_TRACK_RATE
from indicators.regions import HALLINGDAL, MUNICIPALITY_CODES, REGION_NAMES, validate_region
from indicators.registry import IndicatorSpec

EMPLOYMENT = "employment"
COMMUTING = "commuting"
JOBS_BY_INDUSTRY = "jobs_by_industry"

CacheDir = str | os.PathLike[str] | None
Direction = Literal["in", "out"]
Scope = Literal["hallingdal", "rest", "all"]

PERIOD_LABEL = "4. kvartal {year}"
JOBS_GOAL_ID = "naer-arbeidsplassar"  # the goal in plan/goals.toml; its baseline year is the file's, not ours
JOBS_INDICATOR = "jobs_total"

# Measures in the employment dataset (SSB 11618)
RESIDENTS = "residents_15_74"
EMPLOYED_BY_RESIDENCE = "employed_by_residence"
JOBS = "jobs_by_workplace"
# Derived measures
JOBS_PER_100 = "jobs_per_100_residents"
EMPLOYMENT_RATE = "employment_rate"

MEASURE_LABELS: dict[str, str] = {
    JOBS: "Arbeidsplassar (sysselsette etter arbeidsstad)",
    JOBS_PER_100: "Arbeidsplassar per 100 innbyggjarar 15–74 år",
    EMPLOYED_BY_RESIDENCE: "Sysselsette etter bustad",
    RESIDENTS: "Innbyggjarar 15–74 år",
    EMPLOYMENT_RATE: "Sysselsetjingsdel etter bustad (prosent)",
}

# Commuting balance rows (`flow` column)
INBOUND, OUTBOUND, NET, LOCAL = "inbound", "outbound", "net", "local"
FLOW_LABELS: dict[str, str] = {
    INBOUND: "Innpendling",
    OUTBOUND: "Utpendling",
    NET: "Netto innpendling (inn minus ut)",
    LOCAL: "Bur og arbeider i same område",
}
OTHERS_CODE = "andre"

# County (fylke) by the first two digits of a municipality code, as the counties were in the year the code was
# used: a municipality code always starts with its county's number. Used to tell apart municipalities that share
# a name in one year ("Nes (Akershus)") and, for a code without a known name, to say at least where a commuting
# partner outside Hallingdal lies (see outside_municipality_label).
COUNTY_NAMES: dict[str, str] = {
    "01": "Østfold", "02": "Akershus", "03": "Oslo", "04": "Hedmark", "05": "Oppland", "06": "Buskerud",
    "07": "Vestfold", "08": "Telemark", "09": "Aust-Agder", "10": "Vest-Agder", "11": "Rogaland",
    "12": "Hordaland", "14": "Sogn og Fjordane", "15": "Møre og Romsdal", "16": "Sør-Trøndelag",
    "17": "Nord-Trøndelag", "18": "Nordland", "19": "Troms", "20": "Finnmark",
    "30": "Viken", "31": "Østfold", "32": "Akershus", "33": "Buskerud", "34": "Innlandet",
    "38": "Vestfold og Telemark", "39": "Vestfold", "40": "Telemark", "42": "Agder", "46": "Vestland",
    "50": "Trøndelag", "54": "Troms og Finnmark", "55": "Troms", "56": "Finnmark",
}
OSLO_CODE = "0301"  # the only municipality in county 03, so its name follows from the code
_PLACEHOLDER_NAME = "Kommune {code}"

COMMUTING_OMISSION_TEXT = (
    "Pendlingstala kjem frå eit uttrekk av SSB-tabell 03321 som manglar nokre få svært små straumar. "
    "Summane kan difor vere nokre få personar lågare enn i tabell 11618."
)
INDUSTRY_OFFLINE_TEXT = (
    "Arbeidsplassar etter næring (SSB-tabell 13470) er ikkje med i datagrunnlaget som følgjer med dashbordet. "
    "Denne visninga treng ei oppdatering frå SSB: køyr `python -m indicators refresh jobs_by_industry` "
    "på ei maskin med nett, så kjem tala her."
)
_JOBS_GOAL_NAME = "Fleire arbeidsplassar"
_UNMEASURED_PARTS = (
    "Undergruppene i målet (arbeidsplassar for unge, grøne arbeidsplassar, arbeidsplassar med krav om høgare "
    "utdanning, heilårsarbeidsplassar og statlege og fylkeskommunale arbeidsplassar) er ikkje målte."
)


def jobs_goal(plan: Plan | None) -> Goal | None:
    """The plan's jobs goal as plan/goals.toml gives it, or None when the file does not have it measured by
    the jobs indicator (goal removed, rejected by the loader, or the goals file unreadable: plan None)."""
    return measured_goal(plan, JOBS_GOAL_ID, JOBS_INDICATOR)


def jobs_goal_missing_text(plan: Plan | None) -> str:
    """Nynorsk: why the page cannot assess the jobs goal (see `jobs_goal`)."""
    return measured_goal_missing_text(
        plan, JOBS_GOAL_ID, JOBS_INDICATOR, f"Målet «{_JOBS_GOAL_NAME}»", "tala over tid står likevel under."
    )


def jobs_goal_rule_text(goal: Goal | None) -> str:
    """Nynorsk: how the jobs goal is assessed, with the baseline year from plan/goals.toml (goal None: the
    rule without a year, for a text that does not read the goals file)."""
    if goal is None:
        since = "utgangsåret"
        start = "4. kvartal i utgangsåret som målfila (plan/goals.toml) set for målet"
    else:
        since = str(goal.baseline_period)
        start = f"4. kvartal {since}, utgangsåret i målfila (plan/goals.toml)"
    measured = (
        f"**{_JOBS_GOAL_NAME}.** Planen seier «auke i talet på arbeidsplassar». Dashbordet måler arbeidsplassar "
        "som sysselsette 15–74 år etter arbeidsstad i 4. kvartal (SSB-tabell 11618), for Hallingdal summen av "
        f"dei seks kommunane. Utgangspunktet er {start}. "
        f"Vi viser endringa i personar og prosent frå {since} til siste år med tal"
    )
    if goal is None or (goal.target_change is None and goal.target_value is None):
        high, low = format_percent(DIRECTION_ON_TRACK_RATE), format_percent(DIRECTION_ACCELERATION_RATE)
        rule = (
            ". Planen gjev ikkje eit tal, så vi vurderer veksten per år etter Statistics Canada sin metode for "
            f"mål med berre ei retning: minst {high} per år gjev «På rett veg», {low}–{high} gjev «Treng auka "
            f"tempo», 0–{low} gjev «Avgrensa framgang», og færre arbeidsplassar gjev «Går feil veg». Eit mål som "
            "berre har ei retning, blir aldri «Nådd», sidan det ikkje har noko endepunkt."
        )
    else:
        rule = (
            f", og vurderer framgangen mot talet i målfila for {goal.target_period} med same metode som for "
            "dei andre måla med tal."
        )
    return f"{measured}{rule} {_UNMEASURED_PARTS}"


# The rule for pages that do not read the goals file (Om dashbordet); the jobs page shows it with the year.
JOBS_GOAL_RULE_TEXT = jobs_goal_rule_text(None)


def outside_municipality_label(code: str, name: str, period: int | None = None) -> str:
    """A readable label for a municipality outside Hallingdal in the commuting data of one year.

    A real name in the data (after a refresh from SSB) is kept as it is. The committed extract has no names
    ("Kommune 3046"); then the name comes from SSB's list of municipalities for the codes used that year
    (indicators.municipality_names: 3046 in 2020 is "Krødsherad", 0602 in 2019 is "Drammen"). A name two
    municipalities share that year gets its county ("Nes (Akershus)", not to be mistaken for Nes in Hallingdal).
    A code the list lacks for that year (or no year given) gets its number and county ("Kommunenr. 3005 (Viken)");
    Oslo is named from its code alone.
    """
    if name != _PLACEHOLDER_NAME.format(code=code):
        return name
    county = COUNTY_NAMES.get(code[:2]) if len(code) == 4 and code.isdigit() else None
    official = municipality_name(code, period) if period is not None else None
    if official is not None:
        if county and period is not None and official in _shared_names(period):
            return f"{official} ({county})"
        return official
    if code == OSLO_CODE:
        return "Oslo"
    return f"Kommunenr. {code} ({county})" if county else f"Kommunenr. {code}"


@functools.cache
def _shared_names(period: int) -> frozenset[str]:
    """Names more than one municipality had in this year (before 2020: Nes, Våler, Os, Sande, Herøy, Bø)."""
    counts = Counter(municipality_names(period).values())
    return frozenset(name for name, count in counts.items() if count > 1)


class CommutingQueryError(ValueError):
    """A commuting question the data cannot answer as asked (Nynorsk message)."""


# --- employment (SSB 11618) ------------------------------------------------------------------------------


def employment(cache_directory: CacheDir = None) -> pd.DataFrame:
    """The employment dataset with the Hallingdal sum added (measure column kept)."""
    return with_hallingdal_total(read_dataset(EMPLOYMENT, cache_directory).frame)


def _measure(frame: pd.DataFrame, measure: str) -> pd.DataFrame:
    rows = frame[frame["measure"] == measure]
    return rows[["region_code", "region_name", "period", "value", "status"]].reset_index(drop=True)


def ratio(numerator: pd.DataFrame, denominator: pd.DataFrame, scale: float = 100.0) -> pd.DataFrame:
    """numerator / denominator × scale per region and period; missing when either part is missing or 0."""
    keys = ["region_code", "region_name", "period"]
    both = numerator.merge(denominator, on=keys, how="outer", suffixes=("_n", "_d"))
    usable = both["value_n"].notna() & both["value_d"].notna() & (both["value_d"] != 0)
    value = (both["value_n"] / both["value_d"] * scale).where(usable)
    status_n, status_d = both["status_n"].fillna(""), both["status_d"].fillna("")
    status = status_n.where(status_n != "", status_d).where(~usable, "")
    status = status.where(usable | (status != ""), MISSING_PART_STATUS)
    out = both[keys].assign(value=value.astype("float64"), status=status.astype(object))
    return out.sort_values(["region_code", "period"], ignore_index=True)


def jobs_total(region: str | None = None, cache_directory: CacheDir = None) -> pd.DataFrame:
    """Jobs (employed persons 15–74 by workplace, 4th quarter) per municipality and for Hallingdal."""
    out = _measure(employment(cache_directory), JOBS)
    return select_region(out.sort_values(["region_code", "period"]), region)


def latest_known(series: pd.DataFrame) -> tuple[int | None, float | None]:
    """(period, value) of the latest year with a number in a one-region series; (None, None) without any."""
    known = series.dropna(subset=["value"]).sort_values("period")
    if known.empty:
        return None, None
    return int(known["period"].iloc[-1]), float(known["value"].iloc[-1])


def jobs_by_workplace(region: str | None = None, cache_directory: CacheDir = None) -> pd.DataFrame:
    """Jobs and jobs per 100 residents aged 15–74 (column `measure`: jobs_by_workplace / jobs_per_100_residents)."""
    frame = employment(cache_directory)
    jobs = _measure(frame, JOBS)
    per_100 = ratio(jobs, _measure(frame, RESIDENTS))
    out = pd.concat([jobs.assign(measure=JOBS), per_100.assign(measure=JOBS_PER_100)], ignore_index=True)
    out = out[["region_code", "region_name", "measure", "period", "value", "status"]]
    return select_region(out.sort_values(["region_code", "measure", "period"]), region)


def employed_by_residence(region: str | None = None, cache_directory: CacheDir = None) -> pd.DataFrame:
    """Employed by residence, residents 15–74 and the employment rate in per cent (column `measure`)."""
    frame = employment(cache_directory)
    employed = _measure(frame, EMPLOYED_BY_RESIDENCE)
    residents = _measure(frame, RESIDENTS)
    rate = ratio(employed, residents)
    out = pd.concat(
        [employed.assign(measure=EMPLOYED_BY_RESIDENCE), residents.assign(measure=RESIDENTS),
         rate.assign(measure=EMPLOYMENT_RATE)],
        ignore_index=True,
    )
    out = out[["region_code", "region_name", "measure", "period", "value", "status"]]
    return select_region(out.sort_values(["region_code", "measure", "period"]), region)


# --- commuting (SSB 03321) -------------------------------------------------------------------------------


def commuting_flows(cache_directory: CacheDir = None) -> pd.DataFrame:
    """All stored flows: region_code/region_name = residence, workplace_code/workplace_name, period, value."""
    return read_dataset(COMMUTING, cache_directory).frame


def _sum(values: pd.Series) -> tuple[float, str]:
    """A sum of flows; an absent flow is 0 (the extract holds only flows above 0), a missing one makes it '..'."""
    if values.isna().any():
        return float("nan"), MISSING_PART_STATUS
    return float(values.sum()), ""


def _balance_rows(region: str, period: int, flows: pd.DataFrame, members: tuple[str, ...]) -> list[dict]:
    lives = flows["region_code"].isin(members)
    works = flows["workplace_code"].isin(members)
    parts = {
        INBOUND: flows.loc[works & ~lives, "value"],
        OUTBOUND: flows.loc[lives & ~works, "value"],
        LOCAL: flows.loc[lives & works, "value"],
    }
    sums = {flow: _sum(values) for flow, values in parts.items()}
    net_status = sums[INBOUND][1] or sums[OUTBOUND][1]
    sums[NET] = (sums[INBOUND][0] - sums[OUTBOUND][0], net_status)
    return [
        {"region_code": region, "region_name": REGION_NAMES[region], "flow": flow, "period": period,
         "value": value, "status": status}
        for flow, (value, status) in ((f, sums[f]) for f in (INBOUND, OUTBOUND, NET, LOCAL))
    ]


def commuting_balance(region: str | None = None, cache_directory: CacheDir = None) -> pd.DataFrame:
    """In-commuters, out-commuters, net (in minus out) and those who live and work in the same place.

    Per municipality, commuting is across the municipality's border (Gol → Ål counts for both). For
    Hallingdal only flows across the region's border count; `local` is then everyone who lives and works in
    Hallingdal. Column `flow`: inbound, outbound, net, local.
    """
    if region is not None:
        validate_region(region)
    flows = commuting_flows(cache_directory)
    regions = [*MUNICIPALITY_CODES, HALLINGDAL] if region is None else [region]
    rows: list[dict] = []
    for period, year_flows in flows.groupby("period", sort=True):
        for code in regions:
            if code == HALLINGDAL:
                rows.extend(_balance_rows(code, int(period), year_flows, MUNICIPALITY_CODES))
            elif code in MUNICIPALITY_CODES:
                rows.extend(_balance_rows(code, int(period), year_flows, (code,)))
    columns = ["region_code", "region_name", "flow", "period", "value", "status"]
    out = pd.DataFrame(rows, columns=columns)
    out["value"] = out["value"].astype("float64")
    return out.sort_values(["region_code", "flow", "period"], ignore_index=True)


def net_commuting(region: str | None = None, cache_directory: CacheDir = None) -> pd.DataFrame:
    """Net commuting (in minus out) as a plain series per region."""
    balance = commuting_balance(region, cache_directory)
    return balance[balance["flow"] == NET].drop(columns="flow").reset_index(drop=True)


def commuting_years(cache_directory: CacheDir = None) -> list[int]:
    return sorted(int(p) for p in commuting_flows(cache_directory)["period"].unique())


def largest_flows(
    region: str,
    period: int,
    direction: Direction,
    scope: Scope = "all",
    top: int = 10,
    cache_directory: CacheDir = None,
) -> pd.DataFrame:
    """The largest flows out of (where residents work) or into (where workers live) a region in one year.

    scope "hallingdal": only the other Hallingdal municipalities; "rest": only the rest of the country;
    "all": both. Columns: counterpart_code, counterpart_name, inside_hallingdal, value, share (of all the
    region's out- or in-commuters in that scope). Beyond `top`, the remainder is one row "andre".
    For Hallingdal as a whole the flows are those across the region's border (scope "hallingdal" is empty).
    """
    validate_region(region)
    if direction not in ("in", "out"):
        raise CommutingQueryError(f"Ukjend retning «{direction}»: bruk «in» (innpendling) eller «out» (utpendling).")
    if scope not in ("hallingdal", "rest", "all"):
        raise CommutingQueryError(f"Ukjend utval «{scope}»: bruk hallingdal, rest eller all.")
    members = MUNICIPALITY_CODES if region == HALLINGDAL else (region,)
    if region != HALLINGDAL and region not in MUNICIPALITY_CODES:
        raise CommutingQueryError(f"Pendlingstala finst berre for Hallingdal og dei seks kommunane, ikkje {region}.")
    flows = commuting_flows(cache_directory)
    flows = flows[flows["period"] == period]
    if flows.empty:
        raise CommutingQueryError(f"Pendlingstala har ikkje året {period}.")
    if direction == "out":  # where the region's residents work
        own_side, other_side, other_name = "region_code", "workplace_code", "workplace_name"
    else:  # where the region's workers live
        own_side, other_side, other_name = "workplace_code", "region_code", "region_name"
    chosen = flows[flows[own_side].isin(members) & ~flows[other_side].isin(members)]
    grouped = chosen.groupby([other_side, other_name], sort=False)["value"].sum(min_count=1).reset_index()
    grouped.columns = ["counterpart_code", "counterpart_name", "value"]
    grouped["counterpart_name"] = [
        outside_municipality_label(code, name, period) if code not in MUNICIPALITY_CODES else name
        for code, name in zip(grouped["counterpart_code"], grouped["counterpart_name"], strict=True)
    ]
    grouped["inside_hallingdal"] = grouped["counterpart_code"].isin(MUNICIPALITY_CODES)
    if scope == "hallingdal":
        grouped = grouped[grouped["inside_hallingdal"]]
    elif scope == "rest":
        grouped = grouped[~grouped["inside_hallingdal"]]
    total = grouped["value"].sum()
    grouped = grouped.sort_values(["value", "counterpart_code"], ascending=[False, True], ignore_index=True)
    shown, rest = grouped.head(top), grouped.iloc[top:]
    if not rest.empty:
        others = pd.DataFrame(
            [{"counterpart_code": OTHERS_CODE, "counterpart_name": f"Andre kommunar ({len(rest)})",
              "value": rest["value"].sum(), "inside_hallingdal": bool(rest["inside_hallingdal"].all())}]
        )
        shown = pd.concat([shown, others], ignore_index=True)
    shown = shown.assign(share=shown["value"] / total if total else float("nan"))
    return shown[["counterpart_code", "counterpart_name", "inside_hallingdal", "value", "share"]]


def flows_within_hallingdal(period: int, cache_directory: CacheDir = None) -> pd.DataFrame:
    """Commuting between the six municipalities in one year (residence -> workplace, own municipality left out)."""
    flows = commuting_flows(cache_directory)
    inside = flows[
        (flows["period"] == period)
        & flows["region_code"].isin(MUNICIPALITY_CODES)
        & flows["workplace_code"].isin(MUNICIPALITY_CODES)
        & (flows["region_code"] != flows["workplace_code"])
    ]
    return inside.sort_values("value", ascending=False, ignore_index=True)


# --- jobs by industry (SSB 13470, only after a refresh) --------------------------------------------------


def industry_view_available(cache_directory: CacheDir = None) -> bool:
    """Whether jobs by industry have been fetched (the committed snapshot does not have them)."""
    return has_dataset(JOBS_BY_INDUSTRY, cache_directory)


def jobs_by_industry(region: str | None = None, cache_directory: CacheDir = None) -> pd.DataFrame:
    """Jobs by industry (SN2007) per municipality and for Hallingdal. Raises CacheError before a refresh."""
    frame = read_dataset(JOBS_BY_INDUSTRY, cache_directory).frame
    out = with_hallingdal_total(frame)
    return select_region(out.sort_values(["region_code", "industry", "period"]), region)


def industry_change(
    region: str, base_period: int, latest_period: int, cache_directory: CacheDir = None
) -> pd.DataFrame:
    """Per industry: jobs in two years and the change (persons and ratio), largest growth first."""
    frame = jobs_by_industry(region, cache_directory)
    keys = ["industry", "industry_name"]
    base = frame[frame["period"] == base_period].set_index(keys)["value"].rename("base_value")
    latest = frame[frame["period"] == latest_period].set_index(keys)["value"].rename("latest_value")
    out = pd.concat([base, latest], axis=1).reset_index()
    out["change"] = out["latest_value"] - out["base_value"]
    out["change_ratio"] = (out["change"] / out["base_value"]).where(out["base_value"] > 0)
    return out.sort_values(["change", "industry"], ascending=[False, True], ignore_index=True)


INDICATORS = [
    IndicatorSpec(
        id=JOBS_INDICATOR,
        title="Arbeidsplassar",
        unit="arbeidsplassar",
        datasets=(EMPLOYMENT,),
        compute=jobs_total,
        period_label=PERIOD_LABEL,
    ),
    IndicatorSpec(
        id="jobs_by_workplace",
        title="Arbeidsplassar og arbeidsplassar per 100 innbyggjarar 15–74 år",
        unit="personar / per 100 innbyggjarar 15–74 år",
        datasets=(EMPLOYMENT,),
        compute=jobs_by_workplace,
        period_label=PERIOD_LABEL,
    ),
    IndicatorSpec(
        id="employed_by_residence",
        title="Sysselsette etter bustad og sysselsetjingsdel",
        unit="personar / prosent",
        datasets=(EMPLOYMENT,),
        compute=employed_by_residence,
        period_label=PERIOD_LABEL,
    ),
    IndicatorSpec(
        id="commuting",
        title="Pendling: innpendling, utpendling og netto innpendling",
        unit="personar",
        datasets=(COMMUTING,),
        compute=commuting_balance,
        period_label=PERIOD_LABEL,
    ),
    IndicatorSpec(
        id="jobs_by_industry",
        title="Arbeidsplassar etter næring (SN2007)",
        unit="arbeidsplassar",
        datasets=(JOBS_BY_INDUSTRY,),  # only after `python -m indicators refresh jobs_by_industry`
        compute=jobs_by_industry,
        period_label=PERIOD_LABEL,
    ),
]
