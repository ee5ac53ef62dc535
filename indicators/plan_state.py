"""The plan's state as the follow-up database has it, read-only: what the board, the action programme, the
meeting view, `status --json` and the reports show.

One cheap query (`database_stamp`: count and highest id of every follow-up table) tells whether anything was
entered since the last read, in this process or in any other on the same database; callers key their caches on
it, so nothing that matters is kept only in one process's memory. `read_state` then reads the statuses, their
history, the entered figures and the revisions of the action list in one session.

Reading never creates the database: an SQLite file that does not exist yet (a fresh checkout before
`python -m indicators db upgrade`, or a test without DATABASE_URL) and a database that cannot be reached give a
`PlanState` with `problem` set and nothing else, and the callers show the plan files' statuses with a notice.
"""

from __future__ import annotations

import datetime as dt
import logging
import time
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import pandas as pd
from sqlalchemy import Engine, func, select
from sqlalchemy.engine import make_url
from sqlalchemy.exc import SQLAlchemyError

from indicators.followup import db, municipal_parts, service
from indicators.followup.models import ActionRevision, DatasetVersion, Figure, Meeting, StatusEntry
from indicators.followup.service import ActionChange, Entry, FigureRecord
from indicators.goals import EnteredSource, Goal, GoalResult, Plan, Point, evaluate_goal
from indicators.i18n import Message, labels
from indicators.regions import Region

log = logging.getLogger(__name__)

__all__ = [
    "PlanState", "DatabaseUnavailable", "readable_engine", "database_stamp", "read_state", "unavailable_state",
    "evaluate_plan", "RETRY_SECONDS", "read_meetings", "read_changes", "evaluate_final", "final_period",
]

_TABLES = (StatusEntry, Figure, ActionRevision, Meeting, DatasetVersion)
# The stamp's query, built once: building it (ten subqueries) was most of the ~1.2 ms every page run spent on it.
_STAMP_QUERY = select(*(part for table in _TABLES for part in (
    select(func.count()).select_from(table).scalar_subquery(),
    select(func.max(table.id)).scalar_subquery(),
)))
RETRY_SECONDS = 15.0  # after a failed connection, readers show the plan files for this long before trying again
_failed: dict[str, tuple[float, Message]] = {}  # url -> (monotonic time of the failure, its message): a back-off

# Why the follow-up database cannot be read: worded in the language of whatever shows it (i18n.Message).
MESSAGES = labels("plan_state.MESSAGES", {
    "not_created": "databasen er ikkje oppretta enno (køyr `python -m indicators db upgrade`)",
    "no_answer": "databasen svarar ikkje ({error})",
})


class DatabaseUnavailable(Exception):
    """The follow-up database cannot be read; `message` (and str(exc)) says why, in the language active where it
    is shown."""

    def __init__(self, message: Message) -> None:
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class PlanState:
    """The follow-up as read at `stamp`. With `problem` set the database could not be read: every mapping is
    empty and `plan` is the plan files' own."""

    stamp: tuple[Any, ...]
    plan: Plan  # the plan with each qualitative goal's latest status (service.apply_to_plan)
    # (item kind, item id) -> latest entry of the region's status: a goal id and an action number that read alike
    # are two items (like service.current_statuses)
    statuses: Mapping[tuple[str, str], Entry] = field(default_factory=dict)
    entries: tuple[Entry, ...] = ()  # every entry, newest first
    action_changes: tuple[ActionChange, ...] = ()  # additions and droppings, oldest first
    figures: tuple[FigureRecord, ...] = ()  # newest first
    series: Mapping[str, pd.DataFrame] = field(default_factory=dict)  # goal id -> service.figure_series
    problem: str | Message = ""  # why the database could not be read
    # action number -> the member codes with a part of it (municipal_parts.current_parts; empty: none)
    parts: Mapping[str, tuple[str, ...]] = field(default_factory=dict)

    @property
    def available(self) -> bool:
        return not self.problem

    def status(self, item_id: str | int, kind: str) -> Entry | None:
        """The latest entry of the region's status of the goal or action (`kind`: goal | action)."""
        return self.statuses.get((kind, str(item_id)))

    def kind_statuses(self, kind: str) -> dict[str, Entry]:
        """Item id -> latest entry for one kind (goal | action): e.g. the action programme's
        (`plan_actions.with_followup`) or the board's goals (`goal_status.goal_statuses`)."""
        return {item_id: entry for (item_kind, item_id), entry in self.statuses.items() if item_kind == kind}

    def history(self, item_id: str | int, kind: str) -> list[Entry]:
        """The item's entries, newest first (the region's and its municipal parts', each with its municipality)."""
        key = str(item_id)
        return [e for e in self.entries if e.item_id == key and e.item_kind == kind]

    def entered_source(self, goal_id: str, region: str) -> EnteredSource | None:
        """Where the latest figure for the goal in the region is from (None if none)."""
        figure = next((f for f in self.figures if f.goal_id == goal_id and f.region_code == region), None)
        if figure is None:
            return None
        return EnteredSource(figure.source_name, figure.quoted, figure.quote_label, figure.seeded)

    def entered_series(self, goal_id: str, region: str) -> pd.DataFrame | None:
        """The goal's entered figures for `region` (for evaluate_goal's `series`), or None; `attrs` holds where
        they are from (`entered`) and the series' unit."""
        series = self.series.get(goal_id)
        if series is None:
            return None
        labelled = series.copy()
        labelled.attrs["entered"] = self.entered_source(goal_id, region)
        return labelled


def readable_engine(url: str | None = None) -> Engine:
    """The engine of the configured database, refusing to create a SQLite file that is not there."""
    url = url or db.database_url()
    parsed = make_url(url)
    file = parsed.database if parsed.get_backend_name() == "sqlite" and parsed.database != ":memory:" else None
    if file and not Path(file).exists():
        raise DatabaseUnavailable(MESSAGES.message("not_created"))
    failed = _failed.get(url)
    if failed is not None and time.monotonic() - failed[0] < RETRY_SECONDS:
        raise DatabaseUnavailable(failed[1])
    return db.get_engine(url)


def _unreachable(url: str, exc: BaseException) -> DatabaseUnavailable:
    message = MESSAGES.message("no_answer", error=type(exc).__name__)
    _failed[url] = (time.monotonic(), message)
    log.warning("Oppfølgingsdatabasen kan ikkje lesast: %s", exc)
    return DatabaseUnavailable(message)


def database_stamp(engine: Engine | None = None) -> tuple[Any, ...]:
    """One small query: the database's address and, per follow-up table, the row count and the highest id.
    Every write appends a row, so any entry (in any process) changes the stamp. Raises DatabaseUnavailable."""
    url = db.database_url() if engine is None else engine.url.render_as_string(hide_password=False)
    engine = engine or readable_engine(url)
    try:
        with engine.connect() as connection:
            row = connection.execute(_STAMP_QUERY).one()
    except SQLAlchemyError as exc:
        raise _unreachable(url, exc) from None
    _failed.pop(url, None)
    return (engine.url.render_as_string(hide_password=True), *tuple(row))


def unavailable_state(plan: Plan, problem: str | Message) -> PlanState:
    return PlanState(("unavailable", problem), plan, problem=problem)


def read_state(
    plan: Plan, stamp: tuple[Any, ...] | None = None, engine: Engine | None = None, *, region: Region,
) -> PlanState:
    """The follow-up laid over `plan` (one session, a few queries). `stamp`: the caller's `database_stamp`
    (read here when None); `region` names the places of entered figures. Never raises for a database that
    cannot be read: see `PlanState.problem`."""
    url = db.database_url() if engine is None else engine.url.render_as_string(hide_password=False)
    try:
        engine = engine or readable_engine(url)
        stamp = stamp if stamp is not None else database_stamp(engine)
        with db.session_scope(engine) as session:
            applied = service.apply_to_plan(session, plan)
            entries = tuple(service.history(session))
            statuses: dict[tuple[str, str], Entry] = {}
            for entry in entries:  # newest first: the first seen per item is its latest
                if not entry.municipality:  # a municipality's part never stands for the region's status
                    statuses.setdefault((entry.item_kind, entry.item_id), entry)
            parts = _parts(session, plan, region)
            changes = tuple(service.action_changes(session))
            figures = tuple(service.figures(session))
            goal_ids = {f.goal_id for f in figures}
            series = {goal_id: service.figure_series(session, goal_id, region) for goal_id in sorted(goal_ids)}
    except DatabaseUnavailable as exc:
        return unavailable_state(plan, exc.message)
    except SQLAlchemyError as exc:
        return unavailable_state(plan, _unreachable(url, exc).message)
    return PlanState(stamp, applied, statuses, entries, changes, figures, series, parts=parts)


def _parts(session: Any, plan: Plan, region: Region) -> dict[str, tuple[str, ...]]:
    """Action number -> member codes with a part (none when the action file cannot be read: its problem is
    shown by the programme itself)."""
    try:
        found = municipal_parts.current_parts(session, region, plan)
    except service.FollowupError:
        return {}
    return {number: parts.municipalities for number, parts in found.items() if parts.municipalities}


def evaluate_plan(state: PlanState, region: str, cache_directory: Any = None) -> list[GoalResult]:
    """Every goal of the state's plan evaluated for `region`; a measured goal no importer covers is evaluated
    from the figures the secretariat entered."""
    return [evaluate(goal, state, region, cache_directory) for goal in state.plan.goals]


def evaluate(goal: Goal, state: PlanState, region: str, cache_directory: Any = None) -> GoalResult:
    """The goal evaluated for `region`. Evaluated from entered figures, the result's goal carries the figures'
    own unit (a figure entered in «mill. kr» is never shown in the goal's default «kroner»)."""
    series = state.entered_series(goal.id, region) if goal.kind == "indicator" else None
    result = evaluate_goal(goal, region, cache_directory, series=series)
    unit = series.attrs.get("unit") if series is not None else None
    if result.entered is not None and unit and unit != goal.unit:
        result = replace(result, goal=replace(result.goal, unit=str(unit)))
    return result


def read_meetings(engine: Engine | None = None) -> list[service.MeetingRecord]:
    """The recorded meetings, newest first. Raises DatabaseUnavailable."""
    url = db.database_url() if engine is None else engine.url.render_as_string(hide_password=False)
    try:
        with db.session_scope(engine or readable_engine(url)) as session:
            return service.meetings(session)
    except SQLAlchemyError as exc:
        raise _unreachable(url, exc) from None


def read_changes(
    since: dt.date, engine: Engine | None = None, *, plan: Plan,
) -> list[service.Change]:
    """`service.changes(since)`: status changes, new figures, action revisions and data revisions entered since
    the start of `since`, oldest first. Raises DatabaseUnavailable."""
    url = db.database_url() if engine is None else engine.url.render_as_string(hide_password=False)
    try:
        with db.session_scope(engine or readable_engine(url)) as session:
            return service.changes(session, since, plan=plan)
    except SQLAlchemyError as exc:
        raise _unreachable(url, exc) from None


def final_period(result: GoalResult, plan_end: int) -> int:
    """The period that stands for the plan's end: its last year, or for a "1. januar" series the 1 January
    after the period (the state at the end of the last year)."""
    label = result.spec.period_label if result.spec is not None else ""
    return plan_end + 1 if label.startswith("1. januar") else plan_end


def evaluate_final(state: PlanState, region: str, plan_end: int, cache_directory: Any = None) -> list[GoalResult]:
    """Every goal evaluated as at the plan's end (the sluttrapport): numbers after `final_period` are left out,
    so the final value is the value for the last plan year or the nearest before it."""
    results = []
    for goal in state.plan.goals:
        result = evaluate(goal, state, region, cache_directory)
        if goal.kind == "indicator" and not result.series.empty:
            end = final_period(result, plan_end)
            if int(result.series["period"].max()) > end:
                result = _truncated(result.goal, result, end, region, cache_directory)
        results.append(result)
    return results


def _truncated(goal: Goal, result: GoalResult, end: int, region: str, cache_directory: Any) -> GoalResult:
    series = result.series[result.series["period"] <= end]
    if series.dropna(subset=["value"]).empty:
        none = Point(None, None)
        return replace(result, status="no_data", latest=none, change=None, change_ratio=None, series=series,
                       reason=f"Ingen tal fram til {end}.", assessment=None)
    series = series.copy()
    series.attrs["entered"] = result.entered
    # evaluated from the cut series (as entered figures are), then given back its indicator and source
    again = evaluate_goal(replace(goal, indicator=None), region, cache_directory, series=series)
    return replace(again, goal=goal, spec=result.spec, entered=result.entered)
