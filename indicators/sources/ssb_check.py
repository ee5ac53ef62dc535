"""`python -m indicators check-api`: does the live SSB API still match what the refreshers assume?

Run by someone with internet access. Fetches `/config` and each table's metadata (with the codelists the
refreshers use) and reports, assumption by assumption, in Nynorsk: variables, codelists, `K-` codes of the
members, content codes, the time format. Where a refresher has its own helper for an assumption (sex and age
codes, the 13470 query, the 14288 round), the check calls that helper, so it tests exactly what the refresh
relies on. Any mismatch makes the command exit non-zero.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass

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


@dataclass(frozen=True)
class Finding:
    ok: bool
    subject: str  # "/config" or a table id
    text: str  # Nynorsk


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
    return shown or "ingen"


def _has_variables(report: _Report, meta: TableMetadata, wanted: Iterable[str]) -> bool:
    missing = [v for v in wanted if v not in meta.variables]
    return report.expect(
        meta.table_id, not missing,
        f"variablane {', '.join(wanted)} finst",
        f"manglar variabelen {', '.join(missing)} (tabellen har {_listed(meta.variables)})",
    )


def _has_codes(report: _Report, table: str, variable: Variable, codes: Iterable[str], what: str) -> bool:
    codes = list(codes)
    missing = [c for c in codes if c not in variable.values]
    return report.expect(
        table, not missing,
        f"{variable.code} har {what} ({_listed(codes)})",
        f"{variable.code} manglar {what}: {_listed(missing)} (har {_listed(variable.codes)})",
    )


def _offers_codelist(report: _Report, table: str, variable: Variable, codelist: str) -> bool:
    return report.expect(
        table, codelist in variable.codelist_ids,
        f"{variable.code} tilbyr kodelista {codelist}",
        f"{variable.code} tilbyr ikkje kodelista {codelist} (tilbyr {_listed(variable.codelist_ids)})",
    )


def _members_under_codelist(report: _Report, client: SSBClient, table: str, variable: str, codelist: str) -> None:
    """The members' `K-` codes under the codelist (SSB sums former codes into them)."""
    applied = client.metadata(table, {variable: codelist}).variable(variable)
    _has_codes(report, table, applied, ssb_jobs.member_aggregate_codes(), f"K-kodane til kommunane under {codelist}")


def _years(report: _Report, meta: TableMetadata) -> None:
    time = meta.role_variable("time", "Tid")
    odd = [c for c in time.codes if not YEAR.match(c)]
    report.expect(
        meta.table_id, bool(time.codes) and not odd,
        f"tida ({time.code}) er årstal ({time.codes[0] if time.codes else ''}–{time.codes[-1] if time.codes else ''})",
        f"tida ({time.code}) er ikkje berre årstal: {_listed(odd or ['ingen periodar'])}",
    )


def check_config(report: _Report, client: SSBClient) -> None:
    config = client.get_json("/config", SSB_MESSAGES.message("what_config"))
    cells = config.get("maxDataCells")
    report.expect("/config", isinstance(cells, int) and cells > 0,
                  f"maxDataCells = {cells}", f"maxDataCells manglar eller er ugyldig ({cells!r})")
    formats = config.get("dataFormats") or []
    report.expect("/config", OUTPUT_FORMAT in formats,
                  f"dataformatet {OUTPUT_FORMAT} finst", f"dataformatet {OUTPUT_FORMAT} manglar ({_listed(formats)})")
    calls, window = config.get("maxCallsPerTimeWindow"), config.get("timeWindow")
    if calls and window:
        report.expect("/config", True, f"grensa er {calls} kall per {window} sekund", "")
    else:
        limit = client.rate_headers.get("limit")
        report.expect(
            "/config", limit is not None,
            f"/config seier {calls}/{window}; grensa kjem i x-ratelimit-hovuda ({limit:g} kall per vindauge)"
            if limit is not None else "",
            f"/config seier {calls}/{window}, og svaret har ingen x-ratelimit-limit: grensa er ukjend",
        )


def check_population(report: _Report, client: SSBClient) -> None:
    table = ssb_population.POPULATION_TABLE
    meta = client.metadata(table)
    if not _has_variables(report, meta, ["Region", "Kjonn", "Alder", "ContentsCode", "Tid"]):
        return
    region, contents = meta.variable("Region"), meta.role_variable("metric", "ContentsCode")
    sex, age = meta.variable("Kjonn"), meta.variable("Alder")
    report.guard(table, lambda: ssb_population._sex_codes(sex, table), "Kjonn har kvinner og menn")
    report.guard(table, lambda: ssb_population._age_codes(age, table), "Alder har eittårig alder 0–105")
    report.guard(table, lambda: ssb_population._contents_code(contents, table, ("personer", "folkemengde")),
                 f"statistikkvariabelen for folketal finst ({_listed(contents.codes)})")
    if _offers_codelist(report, table, region, ssb_population.MUNICIPALITY_CODELIST):
        _members_under_codelist(report, client, table, region.code, ssb_population.MUNICIPALITY_CODELIST)
    county = active_region().county
    for codelist in ssb_population.COUNTY_CODELISTS:
        if _offers_codelist(report, table, region, codelist) and county is not None:
            counties = client.metadata(table, {region.code: codelist}).variable(region.code)
            where, code = f"kodelista {codelist}", county.code
            report.guard(
                table,
                functools.partial(ssb_population._find_region, counties, code, table, where, aggregated=True),
                f"fylket {code} finst under {codelist}",
            )
    country = active_region().country
    if country is not None:
        _has_codes(report, table, region, [country.code], "landet")
    _years(report, meta)
    time = meta.role_variable("time", "Tid")
    first = str(ssb_population.POPULATION_FIRST_YEAR)
    report.expect(table, first in time.codes, f"året {first} finst i tida", f"året {first} finst ikkje i tida")


def check_employment(report: _Report, client: SSBClient) -> None:
    table = ssb_jobs.EMPLOYMENT_TABLE
    meta = client.metadata(table)
    if not _has_variables(report, meta, ["Region", "Kjonn", "Alder", "ContentsCode", "Tid"]):
        return
    if _offers_codelist(report, table, meta.variable("Region"), ssb_jobs.HARMONISED_CODELIST):
        _members_under_codelist(report, client, table, "Region", ssb_jobs.HARMONISED_CODELIST)
    _has_codes(report, table, meta.variable("Kjonn"), ["0"], "begge kjønn")
    _has_codes(report, table, meta.variable("Alder"), ["15-74"], "aldersgruppa")
    _has_codes(report, table, meta.variable("ContentsCode"), EMPLOYMENT_MEASURES, "statistikkvariablane")
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
        "alle kodar under kodelista er K-kommunenummer"
        + (f" (pluss restkoden {ssb_jobs.REST_CODE}, som vert droppa)" if ssb_jobs.REST_CODE in others else ""),
        f"ukjende kodar under {ssb_jobs.HARMONISED_CODELIST}: {_listed(unknown)}",
    )
    _has_codes(report, table, meta.variable("ContentsCode"), [COMMUTING_CONTENT], "statistikkvariabelen")
    _years(report, meta)


def check_industry(report: _Report, client: SSBClient) -> None:
    table = ssb_jobs.INDUSTRY_TABLE
    meta = client.metadata(table)
    if not _has_variables(report, meta, ["Region", "ContentsCode", "Tid"]):
        return
    if _offers_codelist(report, table, meta.variable("Region"), ssb_jobs.HARMONISED_CODELIST):
        _members_under_codelist(report, client, table, "Region", ssb_jobs.HARMONISED_CODELIST)
    _has_codes(report, table, meta.role_variable("metric", "ContentsCode"), [ssb_jobs.INDUSTRY_CONTENT],
               "statistikkvariabelen")
    try:
        industry = ssb_jobs._industry_variable(meta)
    except SSBError as exc:
        report.expect(table, False, "", str(exc))
        return
    if _offers_codelist(report, table, industry, ssb_jobs.INDUSTRY_CODELIST):
        groups = client.metadata(table, {industry.code: ssb_jobs.INDUSTRY_CODELIST}).variable(industry.code)
        report.expect(table, bool(groups.codes), f"{ssb_jobs.INDUSTRY_CODELIST} gir {len(groups.codes)} næringsgrupper",
                      f"{ssb_jobs.INDUSTRY_CODELIST} gir ingen næringsgrupper")
    report.guard(table, lambda: ssb_jobs.industry_query(meta), "ingen ukjende variablar som må vere med")
    _years(report, meta)


def check_projection(report: _Report, client: SSBClient) -> None:
    table = ssb_population.PROJECTION_TABLE
    meta = client.metadata(table)
    region, time = meta.role_variable("geo", "Region"), meta.role_variable("time", "Tid")
    problem = ssb_population.projection_round_problem(meta.label, meta.updated, time.codes)
    report.expect(table, problem is None, f"tabellen er {ssb_population.PROJECTION_ROUND}-framskrivinga",
                  problem or "")
    members = active_region().member_codes
    if all(any(strip_region_prefix(c) == m for c in region.codes) for m in members):
        report.expect(table, True, "kommunane finst i regionlista", "")
    elif _offers_codelist(report, table, region, ssb_population.MUNICIPALITY_CODELIST):
        _members_under_codelist(report, client, table, region.code, ssb_population.MUNICIPALITY_CODELIST)
    others = [v for v in meta.variables.values() if v.code not in (region.code, time.code)]
    report.guard(
        table, lambda: ssb_population._projection_alternative(others, table),
        f"hovudalternativet {ssb_population.MAIN_ALTERNATIVE} kan veljast (eller tabellen har ingen alternativ)",
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
    out(f"Sjekkar SSB sitt API ({client.base_url}) mot det oppdateringa ventar …")
    findings = check_api(client)
    for finding in findings:
        out(f"{'OK   ' if finding.ok else 'AVVIK'} {finding.subject}: {finding.text}")
    failed = [f for f in findings if not f.ok]
    if failed:
        out(f"{len(failed)} av {len(findings)} føresetnader held ikkje. Rett oppdateringa før neste "
            "`python -m indicators refresh`; data som alt er lagra, er ikkje endra.")
        return 1
    out(f"Alt stemmer: {len(findings)} av {len(findings)} føresetnader held.")
    return 0
