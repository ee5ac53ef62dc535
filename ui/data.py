"""The one caching layer over the domain's readers; every entry is keyed on the cache files' and the goals
file's modification times, so a refresh or an import shows at once."""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd
import streamlit as st

from indicators import cache
from indicators.goals import GoalResult, Plan, evaluate_goal, goals_file, load_plan
from indicators.model import Provenance
from indicators.present.charts import Chart
from indicators.regions import region_file
from indicators.registry import get_indicator


def _region_stamp() -> tuple[str, int]:
    """Part of every cache key: which region file (and its version) the figures and the plan belong to."""
    path = region_file()
    return (str(path), _mtime(path))


def _stamp(datasets: tuple[str, ...]) -> tuple[Any, ...]:
    """Part of every cache key: a refresh or import rewrites manifest.json, which invalidates the entry."""
    stamps = []
    for name in datasets:
        stamps.append(_mtime(cache.cache_dir() / name / cache.MANIFEST_FILE))
    return (_region_stamp(), str(cache.cache_dir()), *stamps)


@st.cache_data(show_spinner=False, max_entries=256)
def _compute(
    indicator_id: str, region: str | None, params: tuple[tuple[str, str], ...], stamp_key: Any
) -> pd.DataFrame:
    return get_indicator(indicator_id).compute(region=region, **dict(params))


def indicator_frame(indicator_id: str, region: str | None = None, **params: str) -> pd.DataFrame:
    spec = get_indicator(indicator_id)
    return _compute(indicator_id, region, tuple(sorted(params.items())), _stamp(spec.datasets)).copy()


def provenances(indicator_id: str) -> list[Provenance]:
    found = []
    for name in get_indicator(indicator_id).datasets:
        manifest = cache.read_manifest(name)
        if manifest is not None:
            found.append(manifest)
    return found


# cache_resource, not cache_data: the plan and the board's results are read-only, so every rerun can share
# one object instead of unpickling a copy (the goal board reads all 40 goals on every rerun).
@st.cache_resource(show_spinner=False, max_entries=4)
def _plan(stamp_key: Any) -> Plan:
    return load_plan()


def _plan_stamp() -> tuple[Any, ...]:
    path = goals_file()
    return (_region_stamp(), str(path), _mtime(path))


def plan() -> Plan:
    return _plan(_plan_stamp())


@dataclass(frozen=True)
class Evaluation:
    """The plan and every goal evaluated for one region: what a page computes once per run and hands down to
    its builders (which never load the plan or evaluate a goal themselves)."""

    plan: Plan
    region: str
    results: tuple[GoalResult, ...]

    def result(self, goal_id: str) -> GoalResult | None:
        return next((r for r in self.results if r.goal.id == goal_id), None)

    def measured_by(self, indicator: str) -> GoalResult | None:
        """The result of the plan's goal measured by `indicator` (see Plan.measured_by), or None."""
        goal = self.plan.measured_by(indicator)
        return self.result(goal.id) if goal is not None else None


def evaluation(region: str) -> Evaluation:
    """The plan and all its goals evaluated for `region`, shared by every session until a file changes."""
    return Evaluation(plan(), region, tuple(goal_results(region)))


def goal_results(region: str) -> list[GoalResult]:
    """Every goal of the plan evaluated for `region`, in one cache entry (one lookup for the whole board)."""
    return _goal_results(region, _all_stamps())


@st.cache_resource(show_spinner=False, max_entries=64)
def _goal_results(region: str, stamp_key: Any) -> list[GoalResult]:
    return [evaluate_goal(goal, region) for goal in plan().goals]


def goal_result(goal_id: str, region: str) -> GoalResult:
    current = plan()
    goal = current.goal(goal_id)
    datasets = get_indicator(goal.indicator).datasets if goal.measured and goal.indicator else ()
    return _goal_result(goal_id, region, _stamp(datasets), _plan_stamp())


@st.cache_resource(show_spinner=False, max_entries=512)
def _goal_result(goal_id: str, region: str, stamp_key: Any, plan_key: Any) -> GoalResult:
    return evaluate_goal(plan().goal(goal_id), region)


def _all_stamps() -> tuple[tuple[str, Any], ...]:
    """Every dataset's manifest and the goals file: a chart is rebuilt when any of them changes."""
    root = cache.cache_dir()
    manifests = sorted(root.glob(f"*/{cache.MANIFEST_FILE}")) if root.exists() else []
    return (("root", str(root)), ("plan", _plan_stamp()), *((p.parent.name, _mtime(p)) for p in manifests))


def _mtime(path: Path) -> int:
    """0 for a file that vanished between listing and stat (a refresh swapping a dataset in)."""
    try:
        return path.stat().st_mtime_ns
    except OSError:
        return 0


@st.cache_data(show_spinner=False, max_entries=512)
def _chart(module: str, name: str, kwargs: tuple[tuple[str, Any], ...], stamp_key: Any) -> Chart:
    builder = getattr(importlib.import_module(module), name)
    return builder(**dict(kwargs))


def cached_chart(builder: Callable[..., Chart], **kwargs: Any) -> Chart:
    """Build a chart once per arguments and cache state (figures are costly to build, cheap to reuse)."""
    return _chart(builder.__module__, builder.__name__, tuple(sorted(kwargs.items())), _all_stamps())
