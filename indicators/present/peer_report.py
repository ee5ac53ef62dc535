"""The statusrapport's section «{region} samanlikna med liknande regionar»: the key indicators' growth for the
region and its peer regions, with each one's place (ranked highest first, among the region and its peers),
Kolada's caution, the source and the data date. HTML, PDF and Word lay out the same mapping.

Builders only: the caller reads the comparison (`indicators.peers.peer_comparison`, via
`report_inputs.read_report_inputs`) and hands it in.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING, Any

import pandas as pd

from indicators.formatting import format_date, format_percent
from indicators.model import Provenance
from indicators.present import texts
from indicators.present.report_content import ReportContent, Section
from indicators.present.texts import peer_report as t
from indicators.regions import Region

if TYPE_CHECKING:  # the types only: the caller reads the comparison
    from indicators.peers import Measure, PeerComparison

ANCHOR = "samanlikning"
COLUMNS = {"population": t.COLUMN_POPULATION, "working_age": t.COLUMN_WORKING_AGE, "jobs": t.COLUMN_JOBS}


def _cell(measure: Measure, code: str) -> str:
    rows = measure.table[measure.table["region_code"] == code]
    if rows.empty:
        return "–"
    row = rows.iloc[0]
    value = format_percent(float(row["value"]), signed=True)
    if pd.isna(row["position"]):
        return t.CELL_ESTIMATED.format(value=value)
    return t.CELL.format(value=value, position=int(row["position"]))


def _line(measure: Measure, code: str, name: str) -> str:
    """«Hallingdal: 2. høgaste vekst i folketalet av 7 regionar 2022–2026 (+4,1 %)»."""
    words = {"name": name, "measure": t.MEASURES[measure.key], "start": measure.start, "end": measure.end}
    rows = measure.table[measure.table["region_code"] == code]
    if rows.empty:
        return t.NO_FIGURES_LINE.format(**words)
    row = rows.iloc[0]
    if pd.isna(row["position"]):
        return t.UNRANKED_LINE.format(**words)
    return t.RANK_LINE.format(**words, position=int(row["position"]), total=int(row["total"]),
                              value=format_percent(float(row["value"]), signed=True))


def source_line(provenances: tuple[Provenance, ...]) -> str:
    """«Kjelde: Statistisk sentralbyrå, tabell 07459 (publisert 12. februar 2026) og …»."""
    parts = []
    for p in provenances:
        if p.source_updated:
            date = t.SOURCE_PUBLISHED.format(date=format_date(p.source_updated))
        else:
            date = t.SOURCE_STORED.format(date=format_date(p.retrieved_at)) if p.retrieved_at else ""
        table = p.table_id or p.title
        parts.append(t.SOURCE_PART.format(source=p.source, table=table, date=date).replace(" ()", ""))
    joined = parts[0] if len(parts) == 1 else "; ".join(parts)
    return t.SOURCE.format(sources=joined)


def report_section(comparison: PeerComparison, region: Region) -> dict[str, Any]:
    """The section as plain text: heading, intro, a table (one row per region: the region first, then the peers
    by population growth), the region's rank lines, the caution and the source line."""
    first = comparison.measures[0].table
    others = [code for code in first["region_code"] if code != comparison.region]
    shown = {code for m in comparison.measures for code in m.table["region_code"]}
    others += [p.id for p in region.peers if p.id in shown and p.id not in others]
    missing = [p.name for p in region.peers if p.id not in shown]
    heading = texts.fill(t.HEADING, region)
    if not others:  # a snapshot with the region's municipalities only: no comparison to show
        return {"heading": heading, "problem": t.UNAVAILABLE.format(
            reason=t.NO_PEER_FIGURES.format(peers=", ".join(p.name for p in region.peers)))}
    codes = [comparison.region, *others]
    name = region.region_name(comparison.region)
    headers = [t.COLUMN_PLACE, *(COLUMNS[m.key].format(start=m.start, end=m.end) for m in comparison.measures)]
    rows = [[region.region_name(code), *(_cell(m, code) for m in comparison.measures)] for code in codes]
    lines = [_line(m, comparison.region, name) for m in comparison.measures]
    if missing:
        lines.append(t.MISSING_PEERS.format(names=", ".join(missing)))
    intro = texts.fill(t.INTRO, region, peers=", ".join(p.name for p in region.peers if p.id in others),
                       count=len(codes))
    if len({(m.start, m.end) for m in comparison.measures}) > 1:
        periods = ", ".join(COLUMNS[m.key].format(start=m.start, end=m.end) for m in comparison.measures)
        intro = f"{intro} {t.PERIODS_DIFFER.format(periods=periods)}"
    return {
        "heading": heading,
        "intro": intro,
        "headers": headers,
        "rows": rows,
        "lines": lines,
        "caution": t.CAUTION,
        "source": source_line(comparison.provenances),
        "problem": "",
    }


def with_peers(content: ReportContent, comparison: PeerComparison | None, region: Region,
               problem: str = "") -> ReportContent:
    """The report with the section after the result goals (before the action programme), in the contents too;
    unchanged for a region without peer regions. `problem`: why the comparison could not be read (said there)."""
    if comparison is None and not problem:
        return content
    if comparison is not None:
        section = report_section(comparison, region)
    else:
        section = {"heading": texts.fill(t.HEADING, region), "problem": t.UNAVAILABLE.format(reason=problem)}
    sections = list(content.sections)
    at = next((i for i, s in enumerate(sections) if s.anchor == "tiltak"), len(sections))
    sections.insert(at, Section(ANCHOR, section["heading"]))
    return replace(content, peers=section, sections=tuple(sections))
