"""Figures entered by the secretariat for measured goals, and their series (units, new series)."""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass
from typing import Any

import pandas as pd
from sqlalchemy import select
from sqlalchemy.orm import Session

from indicators.followup.accounts import audit, require_role
from indicators.followup.db import utcnow
from indicators.followup.errors import (
    InvalidInputError,
    UnknownItemError,
)
from indicators.followup.models import Figure
from indicators.followup.service._common import (
    MAX_NOTE_LENGTH,
    REFUSALS,
    _check_date,
    _check_text,
    _check_url,
    _decimals,
    _iso,
    _json,
    _writes,
)
from indicators.formatting import format_number
from indicators.goals import Plan
from indicators.regions import Region

SEED_USER = "migrering"  # who "entered" the figures a migration seeded (part of the installation, not a change)


# A figure in another unit than the goal's earlier figures: the caller says what to do (never silent mixing).
UNIT_CHOICES = ("convert", "new_series")


# Units a value can be converted between (to the first unit's multiple): kroner and its multiples.
UNIT_SCALES: dict[str, float] = {
    "kroner": 1.0, "kr": 1.0, "kr.": 1.0, "1000 kr": 1e3, "tusen kroner": 1e3, "1 000 kr": 1e3,
    "mill. kr": 1e6, "mill kr": 1e6, "millionar kroner": 1e6, "mrd. kr": 1e9, "milliardar kroner": 1e9,
}


@dataclass(frozen=True)
class FigureRecord:
    id: int
    goal_id: str
    value: float
    unit: str
    period: int
    region_code: str
    source_name: str
    source_url: str | None
    published_on: dt.date | None
    quoted: bool
    quote_label: str
    citation: str
    note: str
    entered_by: str
    entered_at: dt.datetime
    starts_series: bool = False

    @property
    def seeded(self) -> bool:
        """Came with the installation (a migration's seed), not entered by the secretariat."""
        return self.entered_by == SEED_USER

    def as_record(self) -> dict[str, Any]:
        record = asdict(self)
        record["published_on"] = self.published_on.isoformat() if self.published_on else None
        record["entered_at"] = _iso(self.entered_at)
        return record


def _figure(row: Figure) -> FigureRecord:
    return FigureRecord(
        row.id, row.goal_id, row.value, row.unit, row.period, row.region_code, row.source_name, row.source_url,
        row.published_on, row.quoted, row.quote_label, row.citation, row.note, row.entered_by, row.entered_at,
        bool(row.starts_series),
    )


@_writes
def record_figure(
    session: Session,
    goal_id: str,
    value: float,
    *,
    period: int,
    source_name: str,
    user: str,
    region_code: str | None = None,
    unit: str | None = None,
    source_url: str | None = None,
    published_on: dt.date | None = None,
    quoted: bool = False,
    quote_label: str = "",
    citation: str = "",
    note: str = "",
    unit_choice: str | None = None,
    plan: Plan,
    region: Region,
    today: dt.date | None = None,
) -> FigureRecord:
    """Append a value for a measured goal (region default: the region as a whole; unit default: the unit of the
    goal's current series, else the goal's). A later figure for the same goal, region and period replaces it in
    the series; both stay stored.

    A unit that differs from the current series' unit is refused (InvalidInputError, in Nynorsk) unless
    `unit_choice` says what to do: "convert" (the value is converted to the series' unit, when both are
    multiples of kroner; the note says from what) or "new_series" (this figure starts a new series; the earlier
    figures stay stored but are no longer evaluated). `plan` and `region`: the caller's."""
    require_role(session, user)
    goal = plan.find(goal_id)
    if goal is None:
        raise UnknownItemError(REFUSALS.message("unknown_goal", goal=goal_id))
    if goal.kind != "indicator":
        raise InvalidInputError(REFUSALS.message("qualitative_goal", goal=goal_id))
    source_name = (source_name or "").strip()
    if not source_name:
        raise InvalidInputError(REFUSALS.message("no_source"))
    try:
        number = float(value)
    except (TypeError, ValueError):
        raise InvalidInputError(REFUSALS.message("not_a_number", value=value)) from None
    if number != number or number in (float("inf"), float("-inf")):
        raise InvalidInputError(REFUSALS.message("not_finite"))
    today = today or dt.date.today()
    if not 1900 <= int(period) <= today.year:
        raise InvalidInputError(REFUSALS.message("period", period=period, last=today.year))
    region_code = (region_code or region.id).strip()
    try:
        region.validate(region_code)
    except Exception:  # noqa: BLE001 — UnknownRegionError carries its own Nynorsk text
        raise InvalidInputError(REFUSALS.message("unknown_region", region=region_code)) from None
    published = _check_date(published_on, "published_on", today) if published_on else None
    current_unit = series_unit(session, goal.id)
    unit = (unit.strip() if unit is not None and unit.strip() else None) or current_unit or goal.unit
    starts_series = False
    if current_unit is not None and unit != current_unit:
        if unit_choice not in UNIT_CHOICES:
            raise InvalidInputError(
                REFUSALS.message("unit_choice", goal=goal.label, current=current_unit, unit=unit)
            )
        if unit_choice == "convert":
            converted = convert_unit(number, unit, current_unit)
            if converted is None:
                raise InvalidInputError(REFUSALS.message("no_conversion", unit=unit, current=current_unit))
            original = f"Omrekna frå {format_number(number, _decimals(number))} {unit}."
            note = f"{original} {note}".strip() if note else original
            number, unit = converted, current_unit
        else:
            starts_series = True
    now = utcnow()
    row = Figure(
        goal_id=goal.id, value=number, unit=_check_text(unit, "unit", 60), period=int(period),
        starts_series=starts_series,
        region_code=region_code, source_name=_check_text(source_name, "source_name", 300),
        source_url=_check_url(source_url), published_on=published, quoted=bool(quoted),
        quote_label=_check_text(quote_label, "quote_label", 200),
        citation=_check_text(citation, "citation", MAX_NOTE_LENGTH),
        note=_check_text(note, "note", MAX_NOTE_LENGTH), entered_by=user, entered_at=now,
    )
    session.add(row)
    audit(session, user, "record_figure", f"goal:{goal.id}", "",
          _json({"value": number, "period": int(period), "region": region_code, "source": source_name}), now)
    session.flush()
    return _figure(row)


def convert_unit(value: float, unit: str, to_unit: str) -> float | None:
    """`value` in `unit` as `to_unit` (both in UNIT_SCALES, case-insensitive), or None when they cannot be
    converted."""
    scale_from, scale_to = UNIT_SCALES.get(unit.strip().lower()), UNIT_SCALES.get(to_unit.strip().lower())
    if scale_from is None or scale_to is None:
        return None
    return value * scale_from / scale_to


def _current_series(records: list[FigureRecord]) -> list[FigureRecord]:
    """The figures of the goal's current series (oldest first): from the latest that started a series."""
    ordered = sorted(records, key=lambda f: (f.entered_at, f.id))
    starts = [i for i, f in enumerate(ordered) if f.starts_series]
    return ordered[starts[-1]:] if starts else ordered


def series_unit(session: Session, goal_id: str) -> str | None:
    """The unit of the goal's current series (its latest figure's), None when it has no figures."""
    current = _current_series(figures(session, goal_id))
    return current[-1].unit if current else None


def figures(session: Session, goal_id: str | None = None) -> list[FigureRecord]:
    """Figures newest first (of one goal, or all)."""
    query = select(Figure)
    if goal_id is not None:
        query = query.where(Figure.goal_id == goal_id)
    return [_figure(r) for r in session.scalars(query.order_by(Figure.entered_at.desc(), Figure.id.desc()))]


def figure_series(session: Session, goal_id: str, region: Region) -> pd.DataFrame:
    """The goal's figures as a tidy series (region_code, region_name, period, value, status), the latest entry
    per region and period, so the goal is evaluated with the same progress method as imported data. `region`
    names the codes (the caller's region)."""
    columns = ["region_code", "region_name", "period", "value", "status"]
    rows = _current_series(figures(session, goal_id))
    latest: dict[tuple[str, int], FigureRecord] = {}
    for record in rows:
        latest[(record.region_code, record.period)] = record
    if not latest:
        return pd.DataFrame(columns=columns)
    names = region.names
    frame = pd.DataFrame(
        [(f.region_code, names.get(f.region_code, f.region_code), f.period, f.value, "") for f in latest.values()],
        columns=columns,
    )
    frame["period"] = frame["period"].astype("int64")
    frame = frame.sort_values(["region_code", "period"]).reset_index(drop=True)
    frame.attrs["unit"] = rows[-1].unit  # the series' unit: shown instead of the goal's default unit
    return frame

