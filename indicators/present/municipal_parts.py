"""The municipal parts of actions in words (issue 22): a status as icon and word (never colour alone), the
roll-up «4 av 6 kommunar i gang, 2 ikkje vurdert», the matrix as escaped HTML (`snippets/municipal_parts.html.j2`),
an item's history with its «Del» column, and the report's table.

Builders only: they take the rows (`indicators.municipal_matrix`) and entries from the page or the report.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import pandas as pd

from indicators.municipal_matrix import PartEntryLike, PartsRow
from indicators.plan_actions import DEFAULT_STATUS, action_status
from indicators.present import texts
from indicators.present.changes import history_table
from indicators.present.html import Markup, render
from indicators.present.texts import municipal_parts as t
from indicators.progress import STATUS_ICONS, STATUS_LABELS
from indicators.regions import Region

# The matrix's look, in the app's one stylesheet (ui/style.py): not an element of its own before every matrix.
PARTS_CSS = """
<style>
.parts-matrix { max-height: 70vh; overflow: auto; border: 1px solid rgba(49, 51, 63, 0.2); border-radius: 0.5rem; }
.parts-matrix:focus-visible { outline: 3px solid #0072B2; outline-offset: 2px; }
.parts-table { border-collapse: collapse; width: 100%; font-size: 1rem; line-height: 1.35; }
.parts-table th, .parts-table td { padding: 0.35rem 0.5rem; border-bottom: 1px solid rgba(49, 51, 63, 0.15);
  text-align: left; vertical-align: top; }
.parts-table thead th { position: sticky; top: 0; background: #f0f2f6; font-weight: 600; white-space: nowrap;
  z-index: 1; }
.parts-table td { white-space: nowrap; }
.parts-table .parts-action { min-width: 14rem; max-width: 24rem; font-weight: normal; }
.parts-table .parts-number { font-weight: 700; }
.parts-note { font-weight: normal; font-size: 0.85em; }
.parts-table td.parts-region { font-weight: 600; border-right: 2px solid rgba(49, 51, 63, 0.35); }
.parts-table td.parts-rollup { white-space: normal; min-width: 12rem; font-size: 0.95em; }
.parts-table td.parts-none { color: #555; }
.parts-sr { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
@media (max-width: 1500px) {
  .parts-table td { white-space: normal; min-width: 5.5rem; }
  .parts-table .parts-action { min-width: 10rem; }
  .parts-table td.parts-rollup { min-width: 9rem; }
}
@media (max-width: 640px) {
  .parts-matrix { max-height: none; border: none; }
  .parts-table thead { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); }
  .parts-table, .parts-table tbody, .parts-table tr { display: block; width: 100%; }
  .parts-table tr { padding: 0.5rem 0; border-bottom: 1px solid rgba(49, 51, 63, 0.3); }
  .parts-table th, .parts-table td { display: inline-block; border: none; padding: 0.1rem 0.6rem 0.1rem 0; }
  .parts-table .parts-action { display: block; max-width: none; min-width: 0; }
  .parts-table td::before { content: attr(data-label) ": "; font-weight: 600; }
  .parts-table td.parts-region { display: block; border: none; }
  .parts-table td.parts-rollup { display: block; min-width: 0; }
  .parts-table td.parts-none { display: none; }
}
</style>
"""

# The roll-up names the furthest status first: «1 av 6 kommunar gjennomført, 4 i gang, 1 ikkje vurdert».
ROLLUP_ORDER = ("completed", "in_progress", "postponed", "not_started", "cancelled", "not_assessed")
SHORT_TEXT = 70  # characters of the action's text in the matrix (the whole text is its tooltip and in the detail)


def status_words(status: str | None) -> str:
    """«► I gang»: the icon and the word of an action's status."""
    code = action_status(status or DEFAULT_STATUS)
    return f"{STATUS_ICONS.get(code, '')} {STATUS_LABELS.get(code, code)}".strip()


def rollup_text(row: PartsRow) -> str:
    """«4 av 6 kommunar i gang, 2 ikkje vurdert»: how many parts have each status, the furthest first."""
    counts = row.counts()
    total = len(row.cells)
    ordered = [code for code in ROLLUP_ORDER if code in counts] + [c for c in counts if c not in ROLLUP_ORDER]
    words = []
    for index, code in enumerate(ordered):
        status = STATUS_LABELS.get(code, code).lower()
        template = t.ROLLUP_FIRST if index == 0 else t.ROLLUP_OTHER
        words.append(template.format(count=counts[code], total=total, status=status))
    return t.ROLLUP_SEPARATOR.join(words)


def _status(code: str) -> dict[str, str]:
    code = action_status(code or DEFAULT_STATUS)
    return {"code": code, "icon": STATUS_ICONS.get(code, ""), "word": STATUS_LABELS.get(code, code)}


def _short(text: str) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= SHORT_TEXT else text[:SHORT_TEXT - 1].rstrip() + "…"


def matrix_html(rows: Sequence[PartsRow], region: Region, *, with_action: bool = True,
                with_rollup: bool = True) -> Markup:
    """The rows as one table: the action (number and the start of its text), the region's status, each
    municipality's part (icon and word; «–» where it has none) and the roll-up. Every value escaped. One action's
    detail leaves out the action and the roll-up (said above it)."""
    names = [region.names.get(code, code) for code in region.member_codes]
    shown = []
    for row in rows:
        cells = []
        for code, name in zip(region.member_codes, names, strict=True):
            cell = row.cell(code)
            cells.append({"name": name, **(_status(cell.status) if cell is not None else {"code": ""})})
        shown.append({"number": row.number, "text": row.text, "short_text": _short(row.text),
                      "region": _status(row.region_status), "cells": cells, "rollup": rollup_text(row)})
    return render(
        "snippets/municipal_parts.html.j2", rows=shown, names=names, label=texts.fill(t.TABLE_LABEL, region),
        number_header=t.NUMBER_HEADER, region_header=texts.fill(t.REGION_HEADER, region),
        region_note=t.REGION_HEADER_NOTE, rollup_header=t.ROLLUP_HEADER, no_part=t.NO_PART,
        no_part_label=t.NO_PART_LABEL, with_action=with_action, with_rollup=with_rollup,
    )


def matrix_table(rows: Sequence[PartsRow], region: Region) -> pd.DataFrame:
    """The matrix as a table for the downloads: the action (number, text), the region's status, each
    municipality's part in words («–» for no part), the roll-up."""
    records = []
    for row in rows:
        record = {t.NUMBER_HEADER: row.number, t.TEXT_HEADER: row.text,
                  texts.fill(t.REGION_HEADER, region): STATUS_LABELS.get(row.region_status, row.region_status)}
        for code in region.member_codes:
            cell = row.cell(code)
            record[region.names.get(code, code)] = STATUS_LABELS.get(cell.status, cell.status) if cell else t.NO_PART
        record[t.ROLLUP_HEADER] = rollup_text(row)
        records.append(record)
    return pd.DataFrame(records)


def part_name(entry: PartEntryLike, region: Region) -> str:
    """Whose the entry is: «Gol», or «Hallingdal (sekretariatet)» for the region's own status."""
    code = getattr(entry, "municipality", None)
    return region.names.get(code, code) if code else texts.fill(t.REGION_PART, region)


def history_with_parts(entries: Sequence[PartEntryLike], region: Region) -> pd.DataFrame:
    """`changes.history_table` with a first column «Del»: the region's status or the municipality's part."""
    table = history_table(entries)
    table.insert(0, t.PART_HEADER, [part_name(entry, region) for entry in entries])
    return table


def report_table(rows: Sequence[PartsRow], region: Region) -> dict[str, Any]:
    """The report's table: headers and rows of text (the HTML, PDF and Word reports lay it out)."""
    headers = [t.NUMBER_HEADER, texts.fill(t.REGION_HEADER, region),
               *(region.names.get(code, code) for code in region.member_codes), t.ROLLUP_HEADER]
    body = []
    for row in rows:
        cells = [row.cell(code) for code in region.member_codes]
        body.append([str(row.number), status_words(row.region_status),
                     *(status_words(cell.status) if cell is not None else t.NO_PART for cell in cells),
                     rollup_text(row)])
    return {"heading": t.REPORT_HEADING, "intro": texts.fill(t.REPORT_INTRO, region), "headers": headers,
            "rows": body, "texts": [row.text for row in rows], "empty": t.REPORT_NONE}


__all__ = ["history_with_parts", "matrix_html", "report_table", "rollup_text", "status_words"]
