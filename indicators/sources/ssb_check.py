"""`python -m indicators check-api`: does the live SSB API still match what the refreshers assume?

Run by someone with internet access. Fetches `/config` and each table's metadata (with the codelists the
refreshers use) and reports, assumption by assumption, in the language of the command (`--lang`): variables,
codelists, `K-` codes of the members, content codes, the time format. Where a refresher has its own helper for an
assumption (sex and age codes, the 13470 query, the 14288 round), the check calls that helper, so it tests exactly
what the refresh relies on (its refusal is the finding, in that helper's words). Any mismatch makes the command
exit non-zero.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from indicators.i18n import labels
from indicators.regions import active_region
from indicators.sources import ssb_jobs, ssb_population
from indicators.sources.ssb import (
    DEFAULT_BASE_URL,
    OUTPUT_FORMAT,
    SSBClient,
    SSBError,
    TableMetadata,
    Variable,
    strip_region_prefix,
)
from indicators.sources.ssb import (
    MESSAGES as SSB_MESSAGES,
)
from indicators.sources.ssb_extracts import COMMUTING_CONTENT, EMPLOYMENT_MEASURES

YEAR = re.compile(r"^\d{4}$")

# What `check-api` prints, worded in the language of the command. The marks start each finding's line (padded to
# the longer of the two); `has_codes`' {what} is one of the what_* texts.
CHECK = labels("ssb_check.CHECK", {
    "start": "Sjekkar SSB sitt API ({url}) mot det oppdateringa ventar …",
    "mark_ok": "OK",
    "mark_bad": "AVVIK",
    "failed": "{failed} av {total} føresetnader held ikkje. Rett oppdateringa før neste `python -m indicators "
              "refresh`; data som alt er lagra, er ikkje endra.",
    "all_ok": "Alt stemmer: {total} av {total} føresetnader held.",
    "none": "ingen",
    "variables": "variablane {names} finst",
    "variables_missing": "manglar variabelen {missing} (tabellen har {has})",
    "codes": "{variable} har {what} ({codes})",
    "codes_missing": "{variable} manglar {what}: {missing} (har {has})",
    "codelist": "{variable} tilbyr kodelista {codelist}",
    "codelist_missing": "{variable} tilbyr ikkje kodelista {codelist} (tilbyr {offered})",
    "years": "tida ({variable}) er årstal ({first}–{last})",
    "years_odd": "tida ({variable}) er ikkje berre årstal: {odd}",
    "no_periods": "ingen periodar",
    "cells_bad": "maxDataCells manglar eller er ugyldig ({cells})",
    "format": "dataformatet {format} finst",
    "format_missing": "dataformatet {format} manglar ({formats})",
    "limit": "grensa er {calls} kall per {window} sekund",
    "limit_in_headers": "/config seier {calls}/{window}; grensa kjem i x-ratelimit-hovuda ({limit} kall per vindauge)",
    "limit_unknown": "/config seier {calls}/{window}, og svaret har ingen x-ratelimit-limit: grensa er ukjend",
    "sexes": "Kjonn har kvinner og menn",
    "ages": "Alder har eittårig alder 0–105",
    "population_content": "statistikkvariabelen for folketal finst ({codes})",
    "county": "fylket {code} finst under {codelist}",
    "year": "året {year} finst i tida",
    "year_missing": "året {year} finst ikkje i tida",
    "municipality_codes": "alle kodar under kodelista er K-kommunenummer",
    "rest_code": " (pluss restkoden {code}, som vert droppa)",
    "unknown_codes": "ukjende kodar under {codelist}: {codes}",
    "industry_groups": "{codelist} gir {count} næringsgrupper",
    "no_industry_groups": "{codelist} gir ingen næringsgrupper",
    "no_unknown_variables": "ingen ukjende variablar som må vere med",
    "projection_round": "tabellen er {round}-framskrivinga",
    "members_listed": "kommunane finst i regionlista",
    "main_alternative": "hovudalternativet {alternative} kan veljast (eller tabellen har ingen alternativ)",
    "what_members": "K-kodane til kommunane under {codelist}",
    "what_country": "landet",
    "what_both_sexes": "begge kjønn",
    "what_age_group": "aldersgruppa",
    "what_contents": "statistikkvariablane",
    "what_content": "statistikkvariabelen",
})


@dataclass(frozen=True)
class Finding:
    ok: bool
    subject: str  # "/config" or a table id
    text: str  # in the language of the check


class _Report:
    def __init__(self) -> None:
        self.findings: list[Finding] = []

    def expect(self, subject: str, ok: bool, good: str, bad: str) -> bool:
        self.findings.append(Finding(ok, subject, good if ok else bad))
        return ok

    def guard(self, subject: str, check: Callable[[], object], good: str) -> bool:
        """A refresher helper that raises on a mismatch: its message is the finding."""
        try:
            check()
        except (SSBError, ssb_population.RefreshError) as exc:
            return self.expect(subject, False, good, str(exc))
        return self.expect(subject, True, good, "")


def _listed(codes: Iterable[str], limit: int = 8) -> str:
    codes = list(codes)
    shown = ", ".join(codes[:limit]) + (" …" if len(codes) > limit else "")
    return shown or CHECK["none"]


def _has_variables(report: _Report, meta: TableMetadata, wanted: Iterable[str]) -> bool:
    missing = [v for v in wanted if v not in meta.variables]
    return report.expect(
        meta.table_id, not missing,
        CHECK["variables"].format(names=", ".join(wanted)),
        CHECK["variables_missing"].format(missing=", ".join(missing), has=_listed(meta.variables)),
    )


def _has_codes(report: _Report, table: str, variable: Variable, codes: Iterable[str], what: str) -> bool:
    codes = list(codes)
    missing = [c for c in codes if c not in variable.values]
    return report.expect(
        table, not missing,
        CHECK["codes"].format(variable=variable.code, what=what, codes=_listed(codes)),
        CHECK["codes_missing"].format(variable=variable.code, what=what, missing=_listed(missing),
                                      has=_listed(variable.codes)),
    )


def _offers_codelist(report: _Report, table: str, variable: Variable, codelist: str) -> bool:
    return report.expect(
        table, codelist in variable.codelist_ids,
        CHECK["codelist"].format(variable=variable.code, codelist=codelist),
        CHECK["codelist_missing"].format(variable=variable.code, codelist=codelist,
                                         offered=_listed(variable.codelist_ids)),
    )


def _members_under_codelist(report: _Report, client: SSBClient, table: str, variable: str, codelist: str) -> None:
    """The members' `K-` codes under the codelist (SSB sums former codes into them)."""
    applied = client.metadata(table, {variable: codelist}).variable(variable)
    _has_codes(report, table, applied, ssb_jobs.member_aggregate_codes(),
               CHECK["what_members"].format(codelist=codelist))


def _years(report: _Report, meta: TableMetadata) -> None:
    time = meta.role_variable("time", "Tid")
    odd = [c for c in time.codes if not YEAR.match(c)]
    report.expect(
        meta.table_id, bool(time.codes) and not odd,
        CHECK["years"].format(variable=time.code, first=time.codes[0] if time.codes else "",
                              last=time.codes[-1] if time.codes else ""),
        CHECK["years_odd"].format(variable=time.code, odd=_listed(odd or [CHECK["no_periods"]])),
    )


def check_config(report: _Report, client: SSBClient) -> None:
    config = client.get_json("/config", SSB_MESSAGES.message("what_config"))
    cells = config.get("maxDataCells")
    report.expect("/config", isinstance(cells, int) and cells > 0,
                  f"maxDataCells = {cells}", CHECK["cells_bad"].format(cells=repr(cells)))
    formats = config.get("dataFormats") or []
    report.expect("/config", OUTPUT_FORMAT in formats,
                  CHECK["format"].format(format=OUTPUT_FORMAT),
                  CHECK["format_missing"].format(format=OUTPUT_FORMAT, formats=_listed(formats)))
    calls, window = config.get("maxCallsPerTimeWindow"), config.get("timeWindow")
    if calls and window:
        report.expect("/config", True, CHECK["limit"].format(calls=calls, window=window), "")
    else:
        limit = client.rate_headers.get("limit")
        report.expect(
            "/config", limit is not None,
            CHECK["limit_in_headers"].format(calls=calls, window=window, limit=f"{limit:g}")
            if limit is not None else "",
            CHECK["limit_unknown"].format(calls=calls, window=window),
        )


def check_population(report: _Report, client: SSBClient) -> None:
    table = ssb_population.POPULATION_TABLE
    meta = client.metadata(table)
    if not _has_variables(report, meta, ["Region", "Kjonn", "Alder", "ContentsCode", "Tid"]):
        return
    region, contents = meta.variable("Region"), meta.role_variable("metric", "ContentsCode")
    sex, age = meta.variable("Kjonn"), meta.variable("Alder")
    report.guard(table, lambda: ssb_population._sex_codes(sex, table), CHECK["sexes"])
    report.guard(table, lambda: ssb_population._age_codes(age, table), CHECK["ages"])
    report.guard(table, lambda: ssb_population._contents_code(contents, table, ("personer", "folkemengde")),
                 CHECK["population_content"].format(codes=_listed(contents.codes)))
    if _offers_codelist(report, table, region, ssb_population.MUNICIPALITY_CODELIST):
        _members_under_codelist(report, client, table, region.code, ssb_population.MUNICIPALITY_CODELIST)
    county = active_region().county
    for codelist in ssb_population.COUNTY_CODELISTS:
        if _offers_codelist(report, table, region, codelist) and county is not None:
            counties = client.metadata(table, {region.code: codelist}).variable(region.code)
            where, code = ssb_population.REFUSALS.message("where_codelist", codelist=codelist), county.code
            report.guard(
                table,
                functools.partial(ssb_population._find_region, counties, code, table, where, aggregated=True),
                CHECK["county"].format(code=code, codelist=codelist),
            )
    country = active_region().country
    if country is not None:
        _has_codes(report, table, region, [country.code], CHECK["what_country"])
    _years(report, meta)
    time = meta.role_variable("time", "Tid")
    first = str(ssb_population.POPULATION_FIRST_YEAR)
    report.expect(table, first in time.codes, CHECK["year"].format(year=first),
                  CHECK["year_missing"].format(year=first))


def check_employment(report: _Report, client: SSBClient) -> None:
    table = ssb_jobs.EMPLOYMENT_TABLE
    meta = client.metadata(table)
    if not _has_variables(report, meta, ["Region", "Kjonn", "Alder", "ContentsCode", "Tid"]):
        return
    if _offers_codelist(report, table, meta.variable("Region"), ssb_jobs.HARMONISED_CODELIST):
        _members_under_codelist(report, client, table, "Region", ssb_jobs.HARMONISED_CODELIST)
    _has_codes(report, table, meta.variable("Kjonn"), ["0"], CHECK["what_both_sexes"])
    _has_codes(report, table, meta.variable("Alder"), ["15-74"], CHECK["what_age_group"])
    _has_codes(report, table, meta.variable("ContentsCode"), EMPLOYMENT_MEASURES, CHECK["what_contents"])
    _years(report, meta)


def check_commuting(report: _Report, client: SSBClient) -> None:
    table = ssb_jobs.COMMUTING_TABLE
    meta = client.metadata(table)
    if not _has_variables(report, meta, ["Bokommuen", "ArbstedKomm", "ContentsCode", "Tid"]):
        return
    for side in ("Bokommuen", "ArbstedKomm"):
        if _offers_codelist(report, table, meta.variable(side), ssb_jobs.HARMONISED_CODELIST):
            _members_under_codelist(report, client, table, side, ssb_jobs.HARMONISED_CODELIST)
    applied = client.metadata(table, {"ArbstedKomm": ssb_jobs.HARMONISED_CODELIST}).variable("ArbstedKomm")
    others = [c for c in applied.codes if not re.match(r"^K-\d{4}$", c)]
    unknown = [c for c in others if c != ssb_jobs.REST_CODE]
    report.expect(
        table, not unknown,
        CHECK["municipality_codes"]
        + (CHECK["rest_code"].format(code=ssb_jobs.REST_CODE) if ssb_jobs.REST_CODE in others else ""),
        CHECK["unknown_codes"].format(codelist=ssb_jobs.HARMONISED_CODELIST, codes=_listed(unknown)),
    )
    _has_codes(report, table, meta.variable("ContentsCode"), [COMMUTING_CONTENT], CHECK["what_content"])
    _years(report, meta)


def check_industry(report: _Report, client: SSBClient) -> None:
    table = ssb_jobs.INDUSTRY_TABLE
    meta = client.metadata(table)
    if not _has_variables(report, meta, ["Region", "ContentsCode", "Tid"]):
        return
    if _offers_codelist(report, table, meta.variable("Region"), ssb_jobs.HARMONISED_CODELIST):
        _members_under_codelist(report, client, table, "Region", ssb_jobs.HARMONISED_CODELIST)
    _has_codes(report, table, meta.role_variable("metric", "ContentsCode"), [ssb_jobs.INDUSTRY_CONTENT],
               CHECK["what_content"])
    try:
        industry = ssb_jobs._industry_variable(meta)
    except SSBError as exc:
        report.expect(table, False, "", str(exc))
        return
    if _offers_codelist(report, table, industry, ssb_jobs.INDUSTRY_CODELIST):
        groups = client.metadata(table, {industry.code: ssb_jobs.INDUSTRY_CODELIST}).variable(industry.code)
        report.expect(table, bool(groups.codes),
                      CHECK["industry_groups"].format(codelist=ssb_jobs.INDUSTRY_CODELIST, count=len(groups.codes)),
                      CHECK["no_industry_groups"].format(codelist=ssb_jobs.INDUSTRY_CODELIST))
    report.guard(table, lambda: ssb_jobs.industry_query(meta), CHECK["no_unknown_variables"])
    _years(report, meta)


def check_projection(report: _Report, client: SSBClient) -> None:
    table = ssb_population.PROJECTION_TABLE
    meta = client.metadata(table)
    region, time = meta.role_variable("geo", "Region"), meta.role_variable("time", "Tid")
    problem = ssb_population.projection_round_problem(meta.label, meta.updated, time.codes)
    report.expect(table, problem is None, CHECK["projection_round"].format(round=ssb_population.PROJECTION_ROUND),
                  str(problem or ""))
    members = active_region().member_codes
    if all(any(strip_region_prefix(c) == m for c in region.codes) for m in members):
        report.expect(table, True, CHECK["members_listed"], "")
    elif _offers_codelist(report, table, region, ssb_population.MUNICIPALITY_CODELIST):
        _members_under_codelist(report, client, table, region.code, ssb_population.MUNICIPALITY_CODELIST)
    others = [v for v in meta.variables.values() if v.code not in (region.code, time.code)]
    report.guard(
        table, lambda: ssb_population._projection_alternative(others, table),
        CHECK["main_alternative"].format(alternative=ssb_population.MAIN_ALTERNATIVE),
    )
    _years(report, meta)


CHECKS: tuple[tuple[str, Callable[[_Report, SSBClient], None]], ...] = (
    ("/config", check_config),
    (ssb_population.POPULATION_TABLE, check_population),
    (ssb_jobs.EMPLOYMENT_TABLE, check_employment),
    (ssb_jobs.COMMUTING_TABLE, check_commuting),
    (ssb_jobs.INDUSTRY_TABLE, check_industry),
    (ssb_population.PROJECTION_TABLE, check_projection),
)


def check_api(client: SSBClient) -> list[Finding]:
    """Every assumption, checked against the service behind `client`; an SSB error is a failed finding."""
    report = _Report()
    for subject, check in CHECKS:
        try:
            check(report, client)
        except SSBError as exc:
            report.expect(subject, False, "", str(exc))
    return report.findings


def run(base_url: str = DEFAULT_BASE_URL, out: Callable[[str], None] = print, client: SSBClient | None = None) -> int:
    """Print the findings line by line; 0 when everything matches, 1 otherwise."""
    client = client or SSBClient(base_url, notice=out)
    out(CHECK["start"].format(url=client.base_url))
    findings = check_api(client)
    marks = {True: CHECK["mark_ok"], False: CHECK["mark_bad"]}
    width = max(len(mark) for mark in marks.values())
    for finding in findings:
        out(f"{marks[finding.ok].ljust(width)} {finding.subject}: {finding.text}")
    failed = [f for f in findings if not f.ok]
    if failed:
        out(CHECK["failed"].format(failed=len(failed), total=len(findings)))
        return 1
    out(CHECK["all_ok"].format(total=len(findings)))
    return 0
