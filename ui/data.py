"""The one caching layer over the domain's readers; every entry is keyed on the cache files' and the goals
file's modification times, so a refresh or an import shows at once, and the plan's state on the follow-up
database's stamp (`indicators.plan_state.database_stamp`: one small query per run, count and highest id of every
follow-up table), so a status or a figure saved by any app process on the same database shows on the next run.
Nothing that matters is kept only in this process: the caches only save re-reading what the stamps say is the
same."""

from __future__ import annotations

import datetime as dt
import importlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar, cast

import pandas as pd
import streamlit as st

from indicators import cache, i18n
from indicators.followup.service import Change, Entry, MeetingRecord
from indicators.goals import GoalResult, Plan, goals_file, load_plan
from indicators.model import Provenance
from indicators.plan_actions import ActionFileProblem, actions_file, load_actions, with_followup, with_programme
from indicators.plan_state import (
    DatabaseUnavailable,
    PlanState,
    database_stamp,
    evaluate_plan,
    read_changes,
    read_meetings,
    read_state,
    unavailable_state,
)
from indicators.present.changes import entered_text
from indicators.present.charts import Chart
from indicators.regions import active_region, region_file
from indicators.registry import get_indicator
from ui.cache_keys import argument_digest

T = TypeVar("T")


def _region_stamp() -> tuple[str, int]:
    """Part of every cache key: which region file (and its version) the figures and the plan belong to."""
    path = region_file()
    return (str(path), _mtime(path))


def _stamp(datasets: tuple[str, ...]) -> str:
    """Part of every cache key: a refresh or import rewrites manifest.json, which invalidates the entry (a string:
    see all_stamps)."""
    stamps = []
    for name in datasets:
        stamps.append(_mtime(cache.cache_dir() / name / cache.MANIFEST_FILE))
    return repr((_region_stamp(), str(cache.cache_dir()), i18n.current(), *stamps))


# cache_resource: one shared frame per key, handed out as a copy (a cache_data entry is unpickled on every read,
# which cost more than the page's own work on the chart pages).
@st.cache_resource(show_spinner=False, max_entries=256)
def _compute(
    indicator_id: str, region: str | None, params: tuple[tuple[str, str], ...], stamp_key: Any
) -> pd.DataFrame:
    return get_indicator(indicator_id).compute(region=region, **dict(params))


def indicator_frame(indicator_id: str, region: str | None = None, **params: str) -> pd.DataFrame:
    spec = get_indicator(indicator_id)
    return _compute(indicator_id, region, tuple(sorted(params.items())), _stamp(spec.datasets)).copy()


def has_figures(indicator_id: str, region: str | None = None, **params: str) -> bool:
    """Whether the cache has any figure of the indicator for `region` (False without the dataset, or without rows
    for the region): what decides whether a view or a chart is offered."""
    try:
        frame = indicator_frame(indicator_id, region, **params)
    except (cache.CacheError, LookupError):
        return False
    return bool(frame["value"].notna().any())  # ~0.1 ms; dropna(...).empty took ~0.9 on every run


def provenances(indicator_id: str) -> list[Provenance]:
    """The provenance of each dataset the indicator reads (those in the cache): what its charts name as sources."""
    return cache.manifests(get_indicator(indicator_id).datasets)


# cache_resource, not cache_data: the plan and the board's results are read-only, so every rerun can share
# one object instead of unpickling a copy (the goal board reads all 40 goals on every rerun).
@st.cache_resource(show_spinner=False, max_entries=4)
def _plan(stamp_key: Any) -> Plan:
    return with_programme(load_plan())  # the follow-up takes the action programme from the plan


def _plan_stamp() -> tuple[Any, ...]:
    if not active_region().has_plan:  # a region with members only: no goals file
        return (_region_stamp(), "", 0)
    path, actions = goals_file(), actions_file()
    return (_region_stamp(), str(path), _mtime(path), _mtime(actions))


def database_key() -> tuple[Any, ...]:
    """The follow-up database's stamp (one query), or ("unavailable", why) when it cannot be read."""
    try:
        return database_stamp()
    except DatabaseUnavailable as exc:
        return ("unavailable", exc.message)  # worded when shown, in the page's language


@st.cache_resource(show_spinner=False, max_entries=8)
def _state(plan_key: Any, db_key: tuple[Any, ...]) -> PlanState:
    base = _plan(plan_key)
    if db_key[0] == "unavailable":
        return unavailable_state(base, db_key[1])
    return read_state(base, stamp=db_key, region=active_region())


def plan_state() -> PlanState:
    """The plan with the database's latest statuses, their history, entered figures and the revisions of the
    action list (`problem` set when the database cannot be read: then the plan files' statuses)."""
    return _state(_plan_stamp(), database_key())


def plan() -> Plan:
    """The plan with each qualitative goal's latest status from the database."""
    return plan_state().plan


@dataclass(frozen=True)
class Evaluation:
    """The plan and every goal evaluated for one region: what a page computes once per run and hands down to
    its builders (which never load the plan or evaluate a goal themselves). `state` is the follow-up it was
    evaluated with: who assessed each item and when, and the history."""

    plan: Plan
    region: str
    results: tuple[GoalResult, ...]
    state: PlanState

    def result(self, goal_id: str) -> GoalResult | None:
        return next((r for r in self.results if r.goal.id == goal_id), None)

    def measured_by(self, indicator: str) -> GoalResult | None:
        """The result of the plan's goal measured by `indicator` (see Plan.measured_by), or None."""
        goal = self.plan.measured_by(indicator)
        return self.result(goal.id) if goal is not None else None

    def entry(self, goal_id: str) -> Entry | None:
        """The latest status entry of a goal (None: none in the database)."""
        return self.state.status(goal_id, "goal")

    def history(self, goal_id: str) -> list[Entry]:
        """The goal's status entries, newest first."""
        return self.state.history(goal_id, "goal")


def evaluation(region: str) -> Evaluation:
    """The plan with its state from the database and all its goals evaluated for `region` (goals with figures
    the secretariat entered from those figures), shared by every session until a file or the database changes."""
    state = plan_state()
    return _evaluation(region, all_stamps(), state.stamp, state)


@st.cache_resource(show_spinner=False, max_entries=64)
def _evaluation(region: str, stamp_key: Any, db_key: Any, _state: PlanState) -> Evaluation:
    return Evaluation(_state.plan, region, tuple(evaluate_plan(_state, region)), _state)


def goal_results(region: str) -> list[GoalResult]:
    """Every goal of the plan evaluated for `region` (see `evaluation`)."""
    return list(evaluation(region).results)


def all_stamps() -> str:
    """Every dataset's manifest and the goals file: a chart is rebuilt when any of them changes. One string, since
    Streamlit hashes a string at once and a tuple of a dozen pairs item by item (0.4 ms, several times a run)."""
    root = cache.cache_dir()
    manifests = sorted(root.glob(f"*/{cache.MANIFEST_FILE}")) if root.exists() else []
    return repr((("root", str(root)), ("plan", _plan_stamp()), ("language", i18n.current()),
                 *((p.parent.name, _mtime(p)) for p in manifests)))


def _mtime(path: Path) -> int:
    """0 for a file that vanished between listing and stat (a refresh swapping a dataset in)."""
    try:
        return path.stat().st_mtime_ns
    except OSError:
        return 0


def _cache_key(arguments: dict[str, Any]) -> str | tuple[tuple[str, Any], ...]:
    """What a cached build is keyed by: the arguments' digest (ui/cache_keys.py: cheaper than Streamlit's own
    hashing, and a table is fine), or the arguments themselves for Streamlit to hash when one has no digest."""
    return argument_digest(arguments) or tuple(sorted(arguments.items()))


# cache_resource, not cache_data: a finished chart is never changed after it is built (pages that need a variant,
# like meeting mode's large text, derive a copy through `derived`), so every session can share one object instead
# of unpickling a copy of figure and data on every run.
@st.cache_resource(show_spinner=False, max_entries=512)
def _chart(module: str, name: str, key: Any, stamp_key: Any, _kwargs: tuple[tuple[str, Any], ...]) -> Chart:
    builder = getattr(importlib.import_module(module), name)
    return builder(**dict(_kwargs))


def cached_chart(builder: Callable[..., Chart], **kwargs: Any) -> Chart:
    """Build a chart once per arguments and cache state (figures are costly to build, cheap to reuse)."""
    return _chart(builder.__module__, builder.__name__, _cache_key(kwargs), all_stamps(), tuple(sorted(kwargs.items())))


@st.cache_resource(show_spinner=False, max_entries=256)
def _derived(name: str, key: Any, stamp_key: Any, _make: Callable[[], Any]) -> Any:
    return _make()


def derived(name: str, make: Callable[[], T], **key: Any) -> T:
    """What `make()` returns, built once per `name`, `key` and cache state and shared by every session (meeting
    mode's large-text figures). `key` must hold everything `make` depends on besides the data files and the goals
    file, e.g. the follow-up database's stamp (a table may be part of it); the result must never be changed."""
    return cast(T, _derived(name, _cache_key(key), all_stamps(), make))


@st.cache_resource(show_spinner=False, max_entries=16)
def _meetings(db_key: tuple[Any, ...]) -> list[MeetingRecord]:
    return read_meetings()


@st.cache_resource(show_spinner=False, max_entries=32)
def _changes(since: dt.date, db_key: tuple[Any, ...], plan_key: Any, _plan: Plan) -> list[Change]:
    return read_changes(since, plan=_plan)


def meetings(state: PlanState) -> list[MeetingRecord]:
    """The recorded meetings, newest first, as of `state` (empty when the database cannot be read)."""
    if not state.available:
        return []
    try:
        return _meetings(state.stamp)
    except DatabaseUnavailable:
        return []


def changes_since(state: PlanState, since: dt.date) -> list[Change]:
    """What was entered since `since` (service.changes), as of `state` (empty when the database cannot be read)."""
    if not state.available:
        return []
    try:
        return _changes(since, state.stamp, _plan_stamp(), state.plan)
    except DatabaseUnavailable:
        return []


@dataclass(frozen=True)
class Programme:
    """The action programme: as the plan adopted it (the file) and as followed up (latest statuses from the
    database, actions added at a revision, dropped ones marked). Read-only: filter into new frames."""

    adopted: pd.DataFrame
    current: pd.DataFrame
    problems: tuple[ActionFileProblem, ...]
    areas: dict[str, str]


def action_programme(state: PlanState) -> Programme:
    """The action programme for `state` (one read of the file per change of the file, the plan or the database).
    Raises ActionsFileError when the file cannot be read at all."""
    path = actions_file() if active_region().has_plan else None
    file_key = (str(path), _mtime(path)) if path is not None else ("", 0)
    return _programme(file_key, _plan_stamp(), (state.stamp, i18n.current()), state)


@st.cache_resource(show_spinner=False, max_entries=8)
def _programme(file_key: Any, plan_key: Any, db_key: Any, _state: PlanState) -> Programme:
    areas = _state.plan.area_names
    result = load_actions(areas=areas)
    current = with_followup(result.frame, _state.kind_statuses("action"), _state.action_changes, entered=entered_text)
    return Programme(result.frame, current, tuple(result.problems), areas)
