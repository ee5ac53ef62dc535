"""The municipal parts of the action programme side by side (issue 22): for each action that has parts, the
region's own status (the secretariat's) and each municipality's part — its latest entry, or «Ikkje vurdert» —
with a roll-up per status. What Handlingsprogram's matrix, an action's detail and the reports' table show.

Which actions have parts and for whom comes from `followup.municipal_parts` (the plan's rule, then the
secretariat's changes), read with the plan's state (`plan_state.PlanState.parts`). The roll-up only counts: it
never replaces the region's status, which stays the secretariat's own assessment.

Domain only: plain data in, frozen dataclasses out (no sentences; `present.municipal_parts` words them).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Protocol

import pandas as pd

from indicators.plan_actions import ACTION_STATUSES, DEFAULT_STATUS, StatusEntryLike, action_status
from indicators.regions import Region


class PartEntryLike(StatusEntryLike, Protocol):
    """A status entry that may belong to a municipality's part (followup.service.Entry)."""

    @property
    def municipality(self) -> str | None: ...


@dataclass(frozen=True)
class PartCell:
    """One municipality's part of an action: its latest entry (None: never assessed, «Ikkje vurdert»)."""

    municipality: str  # the member's code
    name: str
    entry: PartEntryLike | None = None

    @property
    def status(self) -> str:
        return action_status(self.entry.status) if self.entry is not None else DEFAULT_STATUS


@dataclass(frozen=True)
class PartsRow:
    """An action with municipal parts: its number and text, the region's status, and the parts in the region
    file's order."""

    number: int
    text: str
    region_status: str
    cells: tuple[PartCell, ...]

    def counts(self) -> dict[str, int]:
        """Status → how many parts have it, in the order of the action statuses (only those present)."""
        found: dict[str, int] = {}
        for cell in self.cells:
            found[cell.status] = found.get(cell.status, 0) + 1
        return {code: found[code] for code in ACTION_STATUSES if code in found}

    def cell(self, code: str) -> PartCell | None:
        return next((c for c in self.cells if c.municipality == code), None)


def latest_part_entries(entries: Iterable[PartEntryLike]) -> dict[tuple[str, str], PartEntryLike]:
    """(action number as text, municipality code) → the latest entry of that part, from entries newest first
    (`PlanState.entries`)."""
    latest: dict[tuple[str, str], PartEntryLike] = {}
    for entry in entries:
        code = getattr(entry, "municipality", None)
        if entry.item_kind == "action" and code:
            latest.setdefault((entry.item_id, code), entry)
    return latest


def parts_row(number: int | str, text: str, region_status: str, codes: Sequence[str],
              latest: Mapping[tuple[str, str], PartEntryLike], region: Region) -> PartsRow:
    key = str(int(number))
    cells = tuple(PartCell(code, region.names.get(code, code), latest.get((key, code)))
                  for code in region.member_codes if code in codes)
    return PartsRow(int(key), text, action_status(region_status or DEFAULT_STATUS), cells)


def parts_rows(actions: pd.DataFrame, parts: Mapping[str, Sequence[str]],
               entries: Iterable[PartEntryLike], region: Region) -> list[PartsRow]:
    """The actions of `actions` (the programme's frame as followed up: number, text, status) that have municipal
    parts (`parts`: number as text → member codes), in the frame's order. `entries`: every status entry, newest
    first."""
    latest = latest_part_entries(entries)
    rows = []
    for number, text, status in zip(actions["number"], actions["text"], actions["status"], strict=True):
        codes = parts.get(str(int(number)), ())
        if codes:
            rows.append(parts_row(number, str(text), str(status), codes, latest, region))
    return rows


def matrix_frame(rows: Sequence[PartsRow], region: Region) -> pd.DataFrame:
    """The rows as a frame: number, text, region_status, then one column per member code with the part's status
    (None where the action has no part for that municipality): for the downloads and the report's table."""
    records = []
    for row in rows:
        record: dict[str, object] = {"number": row.number, "text": row.text, "region_status": row.region_status}
        for code in region.member_codes:
            cell = row.cell(code)
            record[code] = cell.status if cell is not None else None
        records.append(record)
    return pd.DataFrame(records, columns=["number", "text", "region_status", *region.member_codes])
