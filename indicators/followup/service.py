"""The follow-up API: status entries, figures, annual revision of actions, meetings, dataset versions,
what changed since a date, backup and restore.

Plain functions taking a Session. A write adds its rows and its audit row to the caller's unit of work
(`indicators.followup.unit_of_work`; the caller commits) and returns plain dataclasses (no ORM objects leave this
module). Refusals raise a `FollowupError` with a Nynorsk
message. Notes are stored verbatim (HTML and markdown included); showing them as text is the UI's job.
"""

from __future__ import annotations

import datetime as dt
import functools
import gzip
import hashlib
import io
import json
from collections.abc import Callable
from contextlib import nullcontext
from dataclasses import asdict, dataclass, field, replace
from typing import Any, Concatenate, ParamSpec, TypeVar
from zoneinfo import ZoneInfo

import pandas as pd
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from indicators import progress
from indicators.followup.accounts import audit, require_role
from indicators.followup.backup import backup, restore
from indicators.followup.db import utcnow
from indicators.followup.errors import (
    FollowupError,
    InvalidInputError,
    InvalidStatusError,
    StaleEntryError,
    UnknownItemError,
)
from indicators.followup.models import ActionRevision, DatasetVersion, Figure, Meeting, StatusEntry
from indicators.followup.plan_import import GOALS_FILE_NAME, PLAN_FILE_USER
from indicators.followup.unit_of_work import joined
from indicators.formatting import format_date, format_number
from indicators.goals import QUALITATIVE_STATUSES, Goal, GoalFileError, Plan, load_plan
from indicators.item_names import item_words
from indicators.plan_actions import ACTION_STATUSES, ActionsFileError, action_status, load_actions
from indicators.regions import active_region

__all__ = [
    "FollowupError", "StaleEntryError", "Entry", "FigureRecord", "ActionChange", "MeetingRecord", "Change",
    "Revision", "DatasetVersionRecord", "Item", "NO_ENTRY", "MAX_NOTE_LENGTH", "INDICATOR_GOAL_STATUSES",
    "plan_items", "resolve_item", "record_status", "current_status", "current_statuses", "history",
    "record_figure", "figures", "figure_series", "add_action", "drop_action", "action_changes",
    "record_meeting", "last_meeting", "meetings", "record_dataset_version", "dataset_versions",
    "version_frame", "revisions", "changes", "apply_to_plan", "backup", "restore",
]

DISPLAY_ZONE = ZoneInfo("Europe/Oslo")  # times shown to people
MAX_NOTE_LENGTH = 4000
MAX_BODY_LENGTH = 200
NO_ENTRY = 0  # expected_previous when the editor saw no entry yet
# A measured goal's status comes from its figures; the secretariat may still give its own judgement.
INDICATOR_GOAL_STATUSES = (
    "not_assessed", "achieved", "on_track", "acceleration_needed", "limited", "deterioration", "no_data",
)
FIGURE_LABEL = "registrert av sekretariatet, kjelde: {source}"
SEED_USER = "migrering"  # who "entered" the figures a migration seeded (part of the installation, not a change)
# A figure in another unit than the goal's earlier figures: the caller says what to do (never silent mixing).
UNIT_CHOICES = ("convert", "new_series")
# Units a value can be converted between (to the first unit's multiple): kroner and its multiples.
UNIT_SCALES: dict[str, float] = {
    "kroner": 1.0, "kr": 1.0, "kr.": 1.0, "1000 kr": 1e3, "tusen kroner": 1e3, "1 000 kr": 1e3,
    "mill. kr": 1e6, "mill kr": 1e6, "millionar kroner": 1e6, "mrd. kr": 1e9, "milliardar kroner": 1e9,
}
_SOURCE_SHORT_NAMES = {"Statistisk sentralbyrå": "SSB"}
_VALUE_COLUMNS = ("value", "status")


_P = ParamSpec("_P")
_R = TypeVar("_R")


def _writes(function: Callable[Concatenate[Session, _P], _R]) -> Callable[Concatenate[Session, _P], _R]:
    """A service write adds its rows to the caller's unit of work (never commits it); called outside one, it
    runs in a unit of work of its own."""
    @functools.wraps(function)
    def write(session: Session, *args: _P.args, **kwargs: _P.kwargs) -> _R:
        with joined(session):
            return function(session, *args, **kwargs)
    return write


# --- items: goals of the plan, actions of the plan and those added at a revision --------------------------


@dataclass(frozen=True)
class Item:
    kind: str  # goal | action
    id: str  # goal id, or the action's number as text
    title: str
    statuses: tuple[str, ...]
    added: bool = False  # an action added at a revision (not in the adopted plan)
    dropped: bool = False


def _load_plan() -> Plan:
    try:
        return load_plan(active_region().plan_file(GOALS_FILE_NAME))
    except GoalFileError as exc:
        raise FollowupError(str(exc)) from None


def plan_items(session: Session, plan: Plan | None = None, actions: pd.DataFrame | None = None) -> dict[str, Item]:
    """Every goal and action one can report on, in plan order (goals, then actions by number)."""
    plan = plan or _load_plan()
    if actions is None:
        try:
            actions = load_actions(areas={a.id: a.name for a in plan.areas}).frame
        except ActionsFileError as exc:
            raise FollowupError(str(exc)) from None
    items: dict[str, Item] = {}
    for goal in plan.goals:
        statuses = QUALITATIVE_STATUSES if goal.kind == "qualitative" else INDICATOR_GOAL_STATUSES
        items[goal.id] = Item("goal", goal.id, goal.label, tuple(statuses))
    for number, text in zip(actions["number"], actions["text"], strict=True):
        items[str(int(number))] = Item("action", str(int(number)), str(text), ACTION_STATUSES)
    for change in action_changes(session):
        key = str(change.action_number)
        if change.change == "added":
            items[key] = Item("action", key, change.text, ACTION_STATUSES, added=True)
        elif key in items:
            items[key] = replace(items[key], dropped=True)
    return items


def resolve_item(session: Session, item_id: str | int, plan: Plan | None = None) -> Item:
    key = str(item_id).strip()
    items = plan_items(session, plan)
    if key not in items:
        kind = "tiltak nummer" if key.isdigit() else "mål med id"
        actions = [i for i in items.values() if i.kind == "action"]
        span = f"1–{max(int(i.id) for i in actions)}" if actions else "ingen"
        raise UnknownItemError(f"Ukjend {kind} «{key}». Bruk ein mål-id frå målfila eller eit tiltaksnummer ({span}).")
    return items[key]


# --- status entries -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Entry:
    id: int
    item_kind: str
    item_id: str
    sequence: int
    status: str
    note: str
    evidence_url: str | None
    reported_by: str
    assessed_on: dt.date
    entered_by: str
    entered_at: dt.datetime
    previous_id: int | None
    previous_status: str | None = None

    @property
    def status_label(self) -> str:
        return status_label(self.status, self.item_kind)

    def as_record(self) -> dict[str, Any]:
        record = asdict(self)
        record["status_label"] = self.status_label
        record["assessed_on"] = self.assessed_on.isoformat()
        record["entered_at"] = _iso(self.entered_at)
        return record


def status_label(status: str | None, item_kind: str = "goal") -> str:
    """The Nynorsk label of a status; an action's older «achieved» reads «Gjennomført»."""
    if not status:
        return ""
    key = action_status(status) if item_kind == "action" else status
    return progress.STATUS_LABELS.get(key, key)


def _iso(moment: dt.datetime) -> str:
    return moment.replace(tzinfo=dt.UTC).isoformat(timespec="seconds")


def _entry(row: StatusEntry, previous_status: str | None = None) -> Entry:
    return Entry(
        row.id, row.item_kind, row.item_id, row.sequence, row.status, row.note, row.evidence_url, row.reported_by,
        row.assessed_on, row.entered_by, row.entered_at, row.previous_id, previous_status,
    )


def _full_entry(session: Session, row: StatusEntry) -> Entry:
    """The entry with the status it replaced."""
    previous = session.get(StatusEntry, row.previous_id) if row.previous_id is not None else None
    return _entry(row, previous.status if previous is not None else None)


def _latest_row(session: Session, kind: str, item_id: str) -> StatusEntry | None:
    return session.scalars(
        select(StatusEntry).where(StatusEntry.item_kind == kind, StatusEntry.item_id == item_id)
        .order_by(StatusEntry.sequence.desc()).limit(1)
    ).first()


def _item_kind(item_id: str) -> str:
    return "action" if item_id.isdigit() else "goal"


def _check_text(value: str | None, name: str, limit: int) -> str:
    value = value or ""
    if len(value) > limit:
        raise InvalidInputError(
            f"{name} er for lang: {format_number(len(value))} teikn; høgst {format_number(limit)} er lov."
        )
    return value


def _check_url(url: str | None) -> str | None:
    url = (url or "").strip() or None
    if url is not None:
        if not url.lower().startswith(("https://", "http://")) or any(c.isspace() for c in url):
            raise InvalidInputError(f"Lenkja «{url[:100]}» må vere ei nettadresse som byrjar med https://.")
        _check_text(url, "Lenkja", 2000)
    return url


def _check_date(value: dt.date | None, name: str, today: dt.date | None) -> dt.date:
    today = today or dt.date.today()
    if value is None:
        return today
    if isinstance(value, dt.datetime):
        value = value.date()
    if value > today:
        raise InvalidInputError(f"{name} {value.isoformat()} er fram i tid; i dag er {today.isoformat()}.")
    return value


@_writes
def record_status(
    session: Session,
    item_id: str | int,
    status: str,
    *,
    note: str = "",
    by_body: str = "",
    assessed_on: dt.date | None = None,
    user: str,
    evidence_url: str | None = None,
    expected_previous: int | None = None,
    plan: Plan | None = None,
    today: dt.date | None = None,
) -> Entry:
    """Append a status entry for a goal (its id) or an action (its number).

    `expected_previous`: the id of the latest entry the editor saw (`NO_ENTRY` when none); when someone saved in
    between, StaleEntryError carries their entry. None skips the check (command line)."""
    require_role(session, user)
    item = resolve_item(session, item_id, plan)
    status = (status or "").strip()
    if not status:
        raise InvalidStatusError("Status manglar. Vel ein av: " + ", ".join(item.statuses) + ".")
    # an action's «achieved» (before the action statuses) is still accepted and reads «Gjennomført»
    if (action_status(status) if item.kind == "action" else status) not in item.statuses:
        kind = {QUALITATIVE_STATUSES: "eit kvalitativt mål", ACTION_STATUSES: "eit tiltak"}.get(
            item.statuses, "eit målt mål")
        raise InvalidStatusError(f"Ugyldig status «{status}» for {kind}; bruk ein av: {', '.join(item.statuses)}.")
    note = _check_text(note, "Merknaden", MAX_NOTE_LENGTH)
    by_body = _check_text((by_body or "").strip(), "«Rapportert av»", MAX_BODY_LENGTH)
    evidence_url = _check_url(evidence_url)
    assessed_on = _check_date(assessed_on, "Vurderingsdatoen", today)
    latest = _latest_row(session, item.kind, item.id)
    if expected_previous is not None and (latest.id if latest else NO_ENTRY) != expected_previous:
        current = _full_entry(session, latest) if latest else None
        raise StaleEntryError(_stale_message(current), current)
    now = utcnow()
    row = StatusEntry(
        item_kind=item.kind, item_id=item.id, sequence=(latest.sequence + 1) if latest else 1, status=status,
        note=note, evidence_url=evidence_url, reported_by=by_body, assessed_on=assessed_on, entered_by=user,
        entered_at=now, previous_id=latest.id if latest else None,
    )
    old = {"status": latest.status, "note": latest.note} if latest else {}
    new = {"status": status, "note": note, "reported_by": by_body, "assessed_on": assessed_on.isoformat()}
    try:
        # Flushed here: the entry has its id, and a concurrent same entry (PostgreSQL) is noticed in a savepoint,
        # so the caller's transaction stays usable; SQLite serialises writers (BEGIN IMMEDIATE) and needs none.
        with session.begin_nested() if not _is_sqlite(session) else nullcontext():
            session.add(row)
            audit(session, user, "record_status", f"{item.kind}:{item.id}", _json(old) if old else "", _json(new),
                  now)
            session.flush()
    except IntegrityError:  # another process saved the same next entry first (PostgreSQL; SQLite serialises)
        current_row = _latest_row(session, item.kind, item.id)
        current = _full_entry(session, current_row) if current_row else None
        raise StaleEntryError(_stale_message(current), current) from None
    return _entry(row, latest.status if latest else None)


def _is_sqlite(session: Session) -> bool:
    return session.get_bind().dialect.name == "sqlite"


def _stale_message(current: Entry | None) -> str:
    if current is None:
        return "Statusen er endra sidan du opna skjemaet. Sjå den nye statusen før du lagrar på nytt."
    return (
        f"Statusen er endra sidan du opna skjemaet: {current.entered_by} lagra «{current.status_label}» "
        f"{_iso(current.entered_at)[:16].replace('T', ' kl. ')} (UTC). Sjå den nye statusen før du lagrar på nytt."
    )


def _json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True, default=str)


def current_status(session: Session, item_id: str | int) -> Entry | None:
    """The latest entry of the item (None: never assessed in the database)."""
    key = str(item_id).strip()
    row = _latest_row(session, _item_kind(key), key)
    return _full_entry(session, row) if row else None


def current_statuses(session: Session) -> dict[str, Entry]:
    """Item id → latest entry, for every item with an entry (one query, for overviews)."""
    latest = (
        select(StatusEntry.item_kind, StatusEntry.item_id, func.max(StatusEntry.sequence).label("sequence"))
        .group_by(StatusEntry.item_kind, StatusEntry.item_id).subquery()
    )
    rows = session.scalars(
        select(StatusEntry).join(
            latest,
            (StatusEntry.item_kind == latest.c.item_kind) & (StatusEntry.item_id == latest.c.item_id)
            & (StatusEntry.sequence == latest.c.sequence),
        )
    )
    return {row.item_id: _entry(row) for row in rows}


def history(session: Session, item_id: str | int | None = None) -> list[Entry]:
    """Entries newest first (of one item, or of all), each with the status it replaced."""
    query = select(StatusEntry)
    if item_id is not None:
        key = str(item_id).strip()
        query = query.where(StatusEntry.item_kind == _item_kind(key), StatusEntry.item_id == key)
    rows = list(session.scalars(query.order_by(StatusEntry.entered_at.desc(), StatusEntry.id.desc())))
    previous_ids = {r.previous_id for r in rows if r.previous_id is not None}
    statuses: dict[int, str] = {
        entry_id: status for entry_id, status in session.execute(
            select(StatusEntry.id, StatusEntry.status).where(StatusEntry.id.in_(previous_ids))
        )
    } if previous_ids else {}
    return [_entry(r, statuses.get(r.previous_id) if r.previous_id else None) for r in rows]


def apply_to_plan(session: Session, plan: Plan) -> Plan:
    """The plan with each qualitative goal's status, note, body and date from its latest database entry (the
    board, `status --json` and the report read statuses this way; the plan file is only the first entry)."""
    latest = current_statuses(session)
    goals: list[Goal] = []
    for goal in plan.goals:
        entry = latest.get(goal.id)
        if entry is not None and entry.item_kind == "goal" and goal.kind == "qualitative":
            goal = replace(
                goal, status=entry.status, status_note=entry.note, reported_by=entry.reported_by,
                reviewed=entry.assessed_on,
            )
        goals.append(goal)
    return replace(plan, goals=goals)


# --- figures entered by the secretariat -----------------------------------------------------------------


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

    @property
    def label(self) -> str:
        """"registrert av sekretariatet, kjelde: …" (+ the quote label, e.g. "sitert tal frå ei pressemelding");
        a seeded figure says only where it is from («frå pressemelding 22. april 2021, private verksemder»)."""
        if self.seeded and self.quote_label:
            return self.quote_label
        text = FIGURE_LABEL.format(source=self.source_name)
        return f"{text} ({self.quote_label})" if self.quoted and self.quote_label else text

    def as_record(self) -> dict[str, Any]:
        record = asdict(self)
        record["published_on"] = self.published_on.isoformat() if self.published_on else None
        record["entered_at"] = _iso(self.entered_at)
        record["label"] = self.label
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
    plan: Plan | None = None,
    today: dt.date | None = None,
) -> FigureRecord:
    """Append a value for a measured goal (region default: the region as a whole; unit default: the unit of the
    goal's current series, else the goal's). A later figure for the same goal, region and period replaces it in
    the series; both stay stored.

    A unit that differs from the current series' unit is refused (InvalidInputError, in Nynorsk) unless
    `unit_choice` says what to do: "convert" (the value is converted to the series' unit, when both are
    multiples of kroner; the note says from what) or "new_series" (this figure starts a new series; the earlier
    figures stay stored but are no longer evaluated)."""
    require_role(session, user)
    plan = plan or _load_plan()
    goal = plan.find(goal_id)
    if goal is None:
        raise UnknownItemError(f"Ukjend mål «{goal_id}».")
    if goal.kind != "indicator":
        raise InvalidInputError(f"Målet «{goal_id}» er kvalitativt; registrer status, ikkje tal.")
    source_name = (source_name or "").strip()
    if not source_name:
        raise InvalidInputError("Talet må ha ei kjelde: skriv namnet på kjelda (og helst ei lenkje).")
    try:
        number = float(value)
    except (TypeError, ValueError):
        raise InvalidInputError(f"«{value}» er ikkje eit tal.") from None
    if number != number or number in (float("inf"), float("-inf")):
        raise InvalidInputError("Talet må vere eit endeleg tal.")
    today = today or dt.date.today()
    if not 1900 <= int(period) <= today.year:
        raise InvalidInputError(f"Perioden {period} må vere eit år frå 1900 til {today.year}.")
    region = active_region()
    region_code = (region_code or region.id).strip()
    try:
        region.validate(region_code)
    except Exception:  # noqa: BLE001 — UnknownRegionError carries its own Nynorsk text
        raise InvalidInputError(f"Ukjend region «{region_code}».") from None
    published = _check_date(published_on, "Publiseringsdatoen", today) if published_on else None
    current_unit = series_unit(session, goal.id)
    unit = (unit.strip() if unit is not None and unit.strip() else None) or current_unit or goal.unit
    starts_series = False
    if current_unit is not None and unit != current_unit:
        if unit_choice not in UNIT_CHOICES:
            raise InvalidInputError(
                f"Dei tidlegare tala for «{goal.label}» er i «{current_unit}», dette er i «{unit}». Vel anten å "
                f"rekne talet om til «{current_unit}» eller å starte ein ny serie i «{unit}» (dei tidlegare tala "
                "blir lagra, men ikkje brukte i vurderinga)."
            )
        if unit_choice == "convert":
            converted = convert_unit(number, unit, current_unit)
            if converted is None:
                raise InvalidInputError(
                    f"Kan ikkje rekne om frå «{unit}» til «{current_unit}». Rekn om sjølv, eller start ein ny serie."
                )
            original = f"Omrekna frå {format_number(number, _decimals(number))} {unit}."
            note = f"{original} {note}".strip() if note else original
            number, unit = converted, current_unit
        else:
            starts_series = True
    now = utcnow()
    row = Figure(
        goal_id=goal.id, value=number, unit=_check_text(unit, "Eininga", 60), period=int(period),
        starts_series=starts_series,
        region_code=region_code, source_name=_check_text(source_name, "Kjeldenamnet", 300),
        source_url=_check_url(source_url), published_on=published, quoted=bool(quoted),
        quote_label=_check_text(quote_label, "Merkelappen", 200),
        citation=_check_text(citation, "Sitatet", MAX_NOTE_LENGTH),
        note=_check_text(note, "Merknaden", MAX_NOTE_LENGTH), entered_by=user, entered_at=now,
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


def figure_series(session: Session, goal_id: str) -> pd.DataFrame:
    """The goal's figures as a tidy series (region_code, region_name, period, value, status), the latest entry
    per region and period, so the goal is evaluated with the same progress method as imported data."""
    columns = ["region_code", "region_name", "period", "value", "status"]
    rows = _current_series(figures(session, goal_id))
    latest: dict[tuple[str, int], FigureRecord] = {}
    for record in rows:
        latest[(record.region_code, record.period)] = record
    if not latest:
        return pd.DataFrame(columns=columns)
    names = active_region().names
    frame = pd.DataFrame(
        [(f.region_code, names.get(f.region_code, f.region_code), f.period, f.value, "") for f in latest.values()],
        columns=columns,
    )
    frame["period"] = frame["period"].astype("int64")
    frame = frame.sort_values(["region_code", "period"]).reset_index(drop=True)
    frame.attrs["unit"] = rows[-1].unit  # the series' unit: shown instead of the goal's default unit
    return frame


# --- annual revision of the action list ----------------------------------------------------------------


@dataclass(frozen=True)
class ActionChange:
    id: int
    action_number: int
    change: str  # added | dropped
    revision_year: int
    reason: str
    text: str
    area: str
    time: str
    responsible: str
    entered_by: str
    entered_at: dt.datetime

    @property
    def label(self) -> str:
        return f"{'lagt til' if self.change == 'added' else 'teke ut'} ved rulleringa {self.revision_year}"

    def as_record(self) -> dict[str, Any]:
        record = asdict(self)
        record["entered_at"] = _iso(self.entered_at)
        record["label"] = self.label
        return record


def _action_change(row: ActionRevision) -> ActionChange:
    return ActionChange(
        row.id, row.action_number, row.change, row.revision_year, row.reason, row.text, row.area, row.time,
        row.responsible, row.entered_by, row.entered_at,
    )


def action_changes(session: Session) -> list[ActionChange]:
    """Every addition and dropping, oldest first."""
    return [_action_change(r) for r in session.scalars(select(ActionRevision).order_by(ActionRevision.id))]


def _check_revision_year(year: int, plan: Plan, today: dt.date | None) -> int:
    today = today or dt.date.today()
    if not plan.plan_period[0] <= int(year) <= today.year:
        raise InvalidInputError(f"Rulleringsåret {year} må vere mellom {plan.plan_period[0]} og {today.year}.")
    return int(year)


@_writes
def add_action(
    session: Session, *, text: str, area: str, revision_year: int, reason: str, user: str, time: str = "",
    responsible: str = "", plan: Plan | None = None, today: dt.date | None = None,
) -> ActionChange:
    """A new action at the annual revision; it gets the next free number after the plan's and earlier additions."""
    require_role(session, user)
    plan = plan or _load_plan()
    text = (text or "").strip()
    if not text:
        raise InvalidInputError("Tiltaket manglar tekst.")
    areas = {a.id: a.name for a in plan.areas}
    if area not in areas:
        raise InvalidInputError(f"Ukjend innsatsområde «{area}»; bruk ein av {', '.join(areas)}.")
    year = _check_revision_year(revision_year, plan, today)
    items = plan_items(session, plan)
    number = max([int(i.id) for i in items.values() if i.kind == "action"] or [0]) + 1
    now = utcnow()
    row = ActionRevision(
        action_number=number, change="added", revision_year=year,
        reason=_check_text(reason, "Grunngjevinga", MAX_NOTE_LENGTH),
        text=_check_text(text, "Teksten", MAX_NOTE_LENGTH),
        area=area, time=_check_text(time, "Tid", 80), responsible=_check_text(responsible, "Ansvar", 300),
        entered_by=user, entered_at=now,
    )
    session.add(row)
    audit(session, user, "add_action", f"action:{number}", "", _json({"text": text, "year": year}), now)
    session.flush()
    return _action_change(row)


@_writes
def drop_action(
    session: Session, action_number: int | str, *, revision_year: int, reason: str, user: str,
    plan: Plan | None = None, today: dt.date | None = None,
) -> ActionChange:
    """Mark an action as dropped at a revision (the plan's list keeps it, marked)."""
    require_role(session, user)
    plan = plan or _load_plan()
    item = resolve_item(session, str(action_number), plan)
    if item.kind != "action":
        raise UnknownItemError(f"«{action_number}» er ikkje eit tiltaksnummer.")
    if item.dropped:
        raise InvalidInputError(f"Tiltak {item.id} er alt teke ut.")
    if not (reason or "").strip():
        raise InvalidInputError("Skriv kvifor tiltaket blir teke ut.")
    year = _check_revision_year(revision_year, plan, today)
    now = utcnow()
    row = ActionRevision(
        action_number=int(item.id), change="dropped", revision_year=year,
        reason=_check_text(reason, "Grunngjevinga", MAX_NOTE_LENGTH), entered_by=user, entered_at=now,
    )
    session.add(row)
    audit(session, user, "drop_action", f"action:{item.id}", "i planen", f"teke ut {year}", now)
    session.flush()
    return _action_change(row)


# --- meetings -------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class MeetingRecord:
    id: int
    held_on: dt.date
    name: str
    entered_by: str

    def as_record(self) -> dict[str, Any]:
        return {"id": self.id, "date": self.held_on.isoformat(), "name": self.name, "entered_by": self.entered_by}


@_writes
def record_meeting(session: Session, held_on: dt.date, name: str, *, user: str) -> MeetingRecord:
    """A meeting date (may be in the future: the next meeting)."""
    require_role(session, user)
    name = (name or "").strip()
    if not name:
        raise InvalidInputError("Møtet manglar namn, t.d. «Regionrådsmøte 15. oktober 2026».")
    now = utcnow()
    row = Meeting(held_on=held_on, name=_check_text(name, "Namnet", 300), entered_by=user, entered_at=now)
    session.add(row)
    audit(session, user, "record_meeting", f"meeting:{held_on.isoformat()}", "", name, now)
    session.flush()
    return MeetingRecord(row.id, row.held_on, row.name, row.entered_by)


def meetings(session: Session) -> list[MeetingRecord]:
    rows = session.scalars(select(Meeting).order_by(Meeting.held_on.desc(), Meeting.id.desc()))
    return [MeetingRecord(r.id, r.held_on, r.name, r.entered_by) for r in rows]


def last_meeting(session: Session, today: dt.date | None = None) -> MeetingRecord | None:
    """The latest meeting held on or before today (the start of "Kva er endra sidan sist")."""
    today = today or dt.date.today()
    return next((m for m in meetings(session) if m.held_on <= today), None)


# --- dataset versions and revisions of published values ------------------------------------------------


@dataclass(frozen=True)
class DatasetVersionRecord:
    id: int
    dataset: str
    checksum: str
    retrieved_at: dt.datetime
    source_updated: str | None
    source: str
    periods: list[int]
    row_count: int

    def as_record(self) -> dict[str, Any]:
        record = asdict(self)
        record["retrieved_at"] = _iso(self.retrieved_at)
        return record


@dataclass(frozen=True)
class Revision:
    dataset: str
    key: dict[str, Any]  # region_code, period and the dimension columns
    region_name: str
    old: float | None
    new: float | None
    version_id: int
    previous_version_id: int
    source: str

    @property
    def text(self) -> str:
        """"SSB har revidert Hol 2021 frå 2 316 til 2 320"."""
        who = _SOURCE_SHORT_NAMES.get(self.source, self.source or "Kjelda")
        dims = {k: v for k, v in self.key.items() if k not in ("region_code", "period")}
        extra = f" ({', '.join(f'{k}: {v}' for k, v in dims.items())})" if dims else ""
        where = f"{self.region_name or self.key['region_code']} {self.key['period']}{extra}"
        old, new = format_number(self.old, _decimals(self.old)), format_number(self.new, _decimals(self.new))
        return f"{who} har revidert {where} frå {old} til {new}"

    def as_record(self) -> dict[str, Any]:
        record = asdict(self)
        record["text"] = self.text
        return record


def _decimals(value: float | None) -> int:
    return 0 if value is None or value != value or float(value).is_integer() else 1


def _canonical_csv(frame: pd.DataFrame) -> bytes:
    ordered = frame[sorted(frame.columns)]
    ordered = ordered.sort_values(list(ordered.columns), na_position="last").reset_index(drop=True)
    return ordered.to_csv(index=False, lineterminator="\n").encode("utf-8")


def _periods(frame: pd.DataFrame) -> str:
    if "period" not in frame:
        return ""
    return ",".join(str(p) for p in sorted({int(p) for p in frame["period"].dropna()}))


def _version(row: DatasetVersion) -> DatasetVersionRecord:
    periods = [int(p) for p in row.periods.split(",") if p]
    return DatasetVersionRecord(
        row.id, row.dataset, row.checksum, row.retrieved_at, row.source_updated, row.source, periods, row.row_count
    )


@_writes
def record_dataset_version(
    session: Session, dataset: str, frame: pd.DataFrame, provenance: Any = None, *, user: str = "oppdatering",
) -> DatasetVersionRecord:
    """Keep this refresh/import of `dataset` (a tidy frame) with its provenance (indicators.model.Provenance or
    a dict). Unchanged data (same checksum as the latest version) adds nothing and returns the latest version.
    Called by refresh/import, not by a signed-in user: `user` names the process."""
    info = provenance.to_dict() if hasattr(provenance, "to_dict") else dict(provenance or {})
    payload = _canonical_csv(frame)
    checksum = hashlib.sha256(payload).hexdigest()
    latest = session.scalars(
        select(DatasetVersion).where(DatasetVersion.dataset == dataset).order_by(DatasetVersion.id.desc()).limit(1)
    ).first()
    if latest is not None and latest.checksum == checksum:
        return _version(latest)
    retrieved = info.get("retrieved_at")
    try:
        retrieved_at = dt.datetime.fromisoformat(retrieved).astimezone(dt.UTC).replace(tzinfo=None) if retrieved \
            else utcnow()
    except (TypeError, ValueError):
        retrieved_at = utcnow()
    now = utcnow()
    row = DatasetVersion(
        dataset=dataset, checksum=checksum, retrieved_at=retrieved_at, source_updated=info.get("source_updated"),
        source=str(info.get("source") or ""), periods=_periods(frame), row_count=len(frame),
        data=gzip.compress(payload, mtime=0), entered_by=user, entered_at=now,
    )
    session.add(row)
    audit(session, user, "dataset_version", f"dataset:{dataset}", latest.checksum[:12] if latest else "",
          checksum[:12], now)
    session.flush()
    return _version(row)


def dataset_versions(session: Session, dataset: str) -> list[DatasetVersionRecord]:
    """Versions of the dataset, newest first."""
    rows = session.scalars(
        select(DatasetVersion).where(DatasetVersion.dataset == dataset).order_by(DatasetVersion.id.desc())
    )
    return [_version(r) for r in rows]


def version_frame(session: Session, version_id: int) -> pd.DataFrame:
    row = session.get(DatasetVersion, version_id)
    if row is None:
        raise FollowupError(f"Finn ikkje datasettversjon {version_id}.")
    return pd.read_csv(io.BytesIO(gzip.decompress(row.data)), dtype={"region_code": str}, keep_default_na=False,
                       na_values=[""])


def revisions(session: Session, dataset: str, version_id: int | None = None) -> list[Revision]:
    """Values of earlier periods that changed from the previous version to `version_id` (default: the latest)
    per key (region, period and dimensions); new periods are not revisions."""
    versions = dataset_versions(session, dataset)
    if version_id is not None:
        versions = [v for v in versions if v.id <= version_id]
    if len(versions) < 2:
        return []
    new_version, old_version = versions[0], versions[1]
    new, old = version_frame(session, new_version.id), version_frame(session, old_version.id)
    keys = [c for c in new.columns if c not in (*_VALUE_COLUMNS, "region_name") and c in old.columns]
    merged = old.merge(new, on=keys, how="inner", suffixes=("_old", "_new"))
    values_old, values_new = merged["value_old"], merged["value_new"]
    changed = ~((values_old == values_new) | (values_old.isna() & values_new.isna()))
    result = []
    for record in merged[changed].to_dict("records"):
        key = {k: (int(record[k]) if k == "period" else record[k]) for k in keys}
        name = record.get("region_name_new") or record.get("region_name_old") or ""
        result.append(Revision(
            dataset, key, str(name), _number(record["value_old"]), _number(record["value_new"]),
            new_version.id, old_version.id, new_version.source,
        ))
    return result


def _number(value: Any) -> float | None:
    return None if value is None or pd.isna(value) else float(value)


# --- what changed since a date -------------------------------------------------------------------------


@dataclass(frozen=True)
class Change:
    kind: str  # status | figure | action_added | action_dropped | revision
    at: dt.datetime
    item: str
    text: str
    by: str
    details: dict[str, Any] = field(default_factory=dict)

    def as_record(self) -> dict[str, Any]:
        local = self.at.replace(tzinfo=dt.UTC).astimezone(DISPLAY_ZONE)
        return {"kind": self.kind, "at": _iso(self.at), "at_local": f"{format_date(local)} kl. {local:%H.%M}",
                "item": self.item, "text": self.text, "by": self.by, **self.details}


def _titles(session: Session) -> dict[str, str]:
    try:
        return {key: item.title for key, item in plan_items(session).items()}
    except FollowupError:  # a broken plan file: the lines name the ids
        return {}


def changes(session: Session, since: dt.date | dt.datetime) -> list[Change]:
    """Status changes, new figures, action revisions and dataset revisions entered since `since` (a date means
    from its start, UTC), oldest first. Each line names the item in words.

    The installation is the baseline, not a change: the statuses the first migration took from the plan files
    (entered by «plan-fil») and the figures a migration seeded (entered by «migrering») are never listed, so a
    fresh database has no changes."""
    start = since if isinstance(since, dt.datetime) else dt.datetime.combine(since, dt.time.min)
    titles = _titles(session)
    found: list[Change] = []
    for entry in reversed(history(session)):
        if entry.entered_at < start or entry.entered_by == PLAN_FILE_USER:
            continue
        old = status_label(entry.previous_status, entry.item_kind) or "ingen"
        text = f"{item_words(entry.item_kind, entry.item_id, titles)}: {old} → {entry.status_label}"
        found.append(Change("status", entry.entered_at, entry.item_id, text, entry.entered_by, {
            "item_kind": entry.item_kind, "title": titles.get(entry.item_id, ""),
            "old_status": entry.previous_status, "new_status": entry.status,
            "note": entry.note, "reported_by": entry.reported_by, "assessed_on": entry.assessed_on.isoformat(),
            "evidence_url": entry.evidence_url, "entry_id": entry.id,
        }))
    region = active_region()
    for figure in reversed(figures(session)):
        if figure.entered_at >= start and not figure.seeded:
            where = region.names.get(figure.region_code, figure.region_code)
            value = f"{format_number(figure.value, _decimals(figure.value))} {figure.unit}".rstrip()
            text = (f"{item_words('goal', figure.goal_id, titles)}: nytt tal {value} ({where}, {figure.period})"
                    f" — {figure.label}")
            found.append(Change("figure", figure.entered_at, figure.goal_id, text, figure.entered_by, {
                "title": titles.get(figure.goal_id, ""), "value": figure.value, "unit": figure.unit,
                "period": figure.period, "region_code": figure.region_code, "source_name": figure.source_name,
                "label": figure.label, "note": figure.note, "figure_id": figure.id,
                "starts_series": figure.starts_series,
            }))
    for change in action_changes(session):
        if change.entered_at >= start:
            key = str(change.action_number)
            text = f"{item_words('action', key, titles)}: {change.label}"
            found.append(Change(f"action_{change.change}", change.entered_at, key, text,
                                change.entered_by, {"title": titles.get(key, change.text),
                                                    "revision_year": change.revision_year, "reason": change.reason}))
    new_versions = session.execute(
        select(DatasetVersion.dataset, DatasetVersion.id).where(DatasetVersion.entered_at >= start)
        .order_by(DatasetVersion.id)
    ).all()
    for name, version_id in new_versions:
        version = next(v for v in dataset_versions(session, name) if v.id == version_id)
        for revision in revisions(session, name, version_id):
            found.append(Change("revision", version.retrieved_at, name, revision.text, "", {
                "dataset": name, "key": revision.key, "old": revision.old, "new": revision.new,
                "version_id": version.id,
            }))
    return sorted(found, key=lambda c: c.at)  # stable: same moment keeps the order above
