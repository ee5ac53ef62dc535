"""The plan's result goals (plan/goals.toml) and their evaluation against the data.

The secretariat edits plan/goals.toml once a year; loading validates every goal on its own, so one bad
entry gives a message naming the file, the goal id and the problem while the other goals still show.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import math
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

import pandas as pd

from indicators import progress
from indicators.cache import CacheDirectory
from indicators.errors import error_message
from indicators.i18n import Message, labels
from indicators.plan_files import PlanFileError, no_plan_message, read_toml
from indicators.regions import Region, active_region
from indicators.registry import IndicatorSpec, UnknownIndicatorError, get_indicator

# reasons beside a goal without a status, in the active language (indicators.i18n)
PHRASES = labels("goals.PHRASES", {
    "not_measured": "Dashbordet måler ikkje dette enno. Kjelde som kunne målt det: {source}.",
    "one_survey": "Utgangspunkt registrert ({survey}); treng ei ny kartlegging for å vurdere utviklinga.",
})


def goals_file() -> Path:
    """The plan's goals file: goals.toml in the active region's plan folder (region.toml's plan_dir)."""
    return active_region().plan_file("goals.toml")

QUALITATIVE_STATUSES = ("not_assessed", "not_started", "in_progress", "achieved")
_AREA_KEYS = {"id", "name", "subtitle"}
_COMMON_KEYS = {"id", "area", "title", "kind", "note", "short_title"}
_INDICATOR_KEYS = _COMMON_KEYS | {
    "indicator", "params", "unit", "baseline_period", "target_period", "target_change", "target_value",
    "direction", "source", "planned_source", "headline",
}
_QUALITATIVE_KEYS = _COMMON_KEYS | {"status", "status_note", "reported_by", "reviewed", "planned_source"}


@dataclass(frozen=True)
class Area:
    id: str
    name: str
    subtitle: str = ""


@dataclass(frozen=True)
class Goal:
    id: str
    area: str
    title: str  # the plan's own words
    kind: Literal["indicator", "qualitative"]
    short_title: str = ""
    note: str = ""
    # indicator goals
    indicator: str | None = None  # None: measurable, but not measured by the product yet
    params: dict[str, str] = field(default_factory=dict)
    unit: str = ""
    baseline_period: int | None = None
    target_period: int | None = None
    target_change: float | None = None  # relative change from the baseline (0.01 = +1 %)
    target_value: float | None = None
    direction: Literal["increase", "decrease"] | None = None
    source: str = ""
    planned_source: str = ""  # which table would measure a goal we do not measure yet
    headline: str = ""  # meeting-mode sentence template
    # qualitative goals
    status: str = "not_assessed"
    status_note: str = ""
    reported_by: str = ""
    reviewed: dt.date | None = None

    @property
    def measured(self) -> bool:
        return self.kind == "indicator" and self.indicator is not None

    def target_level(self, base_value: float | None) -> float | None:
        """The level the plan aims for from a base value: base × (1 + target_change), or the plan's target_value;
        None without a base value or without a target (a goal that only names a direction)."""
        if base_value is None:
            return None
        if self.target_change is not None:
            return base_value * (1 + self.target_change)
        if self.target_value is not None:
            return float(self.target_value)
        return None

    @property
    def label(self) -> str:
        return self.short_title or self.title


@dataclass(frozen=True)
class GoalFileProblem:
    file: str
    goal_id: str
    problem: Message | str  # worded where it is shown

    def __str__(self) -> str:
        return str(PROBLEMS.message("line", file=self.file, goal=self.goal_id, problem=self.problem))


@dataclass
class Plan:
    areas: list[Area]
    goals: list[Goal]
    problems: list[GoalFileProblem]
    plan_period: tuple[int, int] = (2022, 2025)
    # set for a region with members only: why there are no goals and how to add a plan (Nynorsk)
    no_plan: str = ""
    # the adopted action programme (the actions file's frame), handed in with the plan by its loader
    # (`plan_actions.with_programme`): the follow-up reads it here, never the file; None: not handed in, or the
    # file could not be read (`actions_problem` says why)
    actions: pd.DataFrame | None = field(default=None, compare=False, repr=False)
    actions_problem: Message | str = field(default="", compare=False, repr=False)

    @property
    def loaded(self) -> bool:
        """False for a region without a plan (its region file names no plan files)."""
        return not self.no_plan

    def area(self, area_id: str) -> Area:
        return next(a for a in self.areas if a.id == area_id)

    @property
    def area_names(self) -> dict[str, str]:
        """Focus-area id -> name, in the plan's order: the one list of areas (actions name theirs by id)."""
        return {area.id: area.name for area in self.areas}

    def goal(self, goal_id: str) -> Goal:
        return next(g for g in self.goals if g.id == goal_id)

    def find(self, goal_id: str) -> Goal | None:
        """The goal with this id, or None: the one lookup by id."""
        return next((g for g in self.goals if g.id == goal_id), None)

    def measured_by(self, indicator: str) -> Goal | None:
        """The first goal the plan measures with `indicator` from a baseline year (pages find "their" goal this
        way, so no goal id of a particular plan is written in code)."""
        return next(
            (g for g in self.goals if g.indicator == indicator and g.baseline_period is not None), None
        )


# What is wrong with one goal in the goals file: worded in the language active where it is shown (i18n.Message).
PROBLEMS = labels("goals.PROBLEMS", {
    "year": "«{name}» må vere eit årstal, fekk {value}",
    "kind": "«kind» må vere «indicator» eller «qualitative», fekk {value}",
    "unknown_key": "ukjend nøkkel: {keys}",
    "missing": "manglar «{name}»",
    "unknown_area": "ukjend innsatsområde «{area}»",
    "status": "ugyldig status {value}; bruk ein av {allowed}",
    "reviewed": "«reviewed» må vere ein dato (ÅÅÅÅ-MM-DD), fekk {value}",
    "planned_source": "eit mål utan indikator må seie kva tabell som kunne måle det («planned_source»)",
    "target_after": "«target_period» må liggje etter «baseline_period»",
    "both_targets": "bruk anten «target_change» eller «target_value», ikkje begge",
    "no_target": "manglar mål: «target_change», «target_value» eller berre «direction»",
    "number": "«{name}» må vere eit tal, fekk {value}",
    "direction": "«direction» må vere «increase» eller «decrease», fekk {value}",
    "params": "«params» må vere ein tabell",
    "unknown_params": "indikatoren «{indicator}» kjenner ikkje parameter {params}",
    "bad_area": "ugyldig innsatsområde",
    "same_id": "same id står to gonger",
    "line": "{file}, mål «{goal}»: {problem}",
})


class GoalFileError(PlanFileError):
    """The goals file cannot be read at all (missing, not TOML)."""


def _as_year(value: Any, key: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not 1900 <= value <= 2100:
        raise ValueError(PROBLEMS.message("year", name=key, value=repr(value)))
    return value


def _parse_goal(raw: dict[str, Any], area_ids: set[str]) -> Goal:
    kind = raw.get("kind")
    if kind not in ("indicator", "qualitative"):
        raise ValueError(PROBLEMS.message("kind", value=repr(kind)))
    allowed = _INDICATOR_KEYS if kind == "indicator" else _QUALITATIVE_KEYS
    unknown = sorted(set(raw) - allowed)
    if unknown:
        raise ValueError(PROBLEMS.message("unknown_key", keys=", ".join(unknown)))
    for key in ("area", "title"):
        if not isinstance(raw.get(key), str) or not raw[key].strip():
            raise ValueError(PROBLEMS.message("missing", name=key))
    if raw["area"] not in area_ids:
        raise ValueError(PROBLEMS.message("unknown_area", area=raw["area"]))
    values: dict[str, Any] = dict(raw)
    if kind == "qualitative":
        if values.get("status", "not_assessed") not in QUALITATIVE_STATUSES:
            raise ValueError(PROBLEMS.message("status", value=repr(values.get("status")),
                                              allowed=", ".join(QUALITATIVE_STATUSES)))
        reviewed = values.get("reviewed")
        if reviewed is not None and (not isinstance(reviewed, dt.date) or isinstance(reviewed, dt.datetime)):
            raise ValueError(PROBLEMS.message("reviewed", value=repr(reviewed)))
        return Goal(**values)
    if values.get("indicator") is None:
        if not values.get("planned_source"):
            raise ValueError(PROBLEMS.message("planned_source"))
        return Goal(**values)
    try:
        spec = get_indicator(values["indicator"])
    except UnknownIndicatorError as exc:
        raise ValueError(str(exc)) from None
    if "baseline_period" not in values:
        raise ValueError(PROBLEMS.message("missing", name="baseline_period"))
    values["baseline_period"] = _as_year(values["baseline_period"], "baseline_period")
    if "target_period" not in values:
        raise ValueError(PROBLEMS.message("missing", name="target_period"))
    values["target_period"] = _as_year(values["target_period"], "target_period")
    if values["target_period"] <= values["baseline_period"]:
        raise ValueError(PROBLEMS.message("target_after"))
    has_change, has_value = "target_change" in values, "target_value" in values
    if has_change and has_value:
        raise ValueError(PROBLEMS.message("both_targets"))
    if not has_change and not has_value and values.get("direction") is None:
        raise ValueError(PROBLEMS.message("no_target"))
    for key in ("target_change", "target_value"):
        if key in values and (isinstance(values[key], bool) or not isinstance(values[key], int | float)):
            raise ValueError(PROBLEMS.message("number", name=key, value=repr(values[key])))
    if values.get("direction") not in (None, "increase", "decrease"):
        raise ValueError(PROBLEMS.message("direction", value=repr(values["direction"])))
    params = values.get("params", {})
    if not isinstance(params, dict):
        raise ValueError(PROBLEMS.message("params"))
    unknown_params = sorted(set(params) - set(spec.params))
    if unknown_params:
        raise ValueError(PROBLEMS.message("unknown_params", indicator=spec.id, params=", ".join(unknown_params)))
    values["params"] = {k: str(v) for k, v in params.items()}
    values.setdefault("unit", spec.unit)
    return Goal(**values)


def empty_plan(region: Region) -> Plan:
    """The plan of a region with members only: no areas, no goals, and the message saying how to add one."""
    return Plan(areas=[], goals=[], problems=[], no_plan=no_plan_message(region.name))


def load_plan(path: str | os.PathLike[str] | None = None) -> Plan:
    """Read and validate the goals file (default: the active region's; an empty plan for a region without one).
    Problems with single goals are collected, not raised."""
    if not path:
        region = active_region()
        if not region.has_plan:
            return empty_plan(region)
    path = Path(path) if path else goals_file()
    data = read_toml(path, GoalFileError)
    problems: list[GoalFileProblem] = []
    areas: list[Area] = []
    for raw in data.get("areas", []):
        unknown = set(raw) - _AREA_KEYS
        if unknown or "id" not in raw or "name" not in raw:
            problems.append(GoalFileProblem(path.name, str(raw.get("id", "?")), PROBLEMS.message("bad_area")))
            continue
        areas.append(Area(**raw))
    area_ids = {a.id for a in areas}
    goals: list[Goal] = []
    seen: set[str] = set()
    for index, raw in enumerate(data.get("goals", []), start=1):
        goal_id = str(raw.get("id") or f"nr. {index}")
        if "id" not in raw:
            problems.append(GoalFileProblem(path.name, goal_id, PROBLEMS.message("missing", name="id")))
            continue
        if goal_id in seen:
            problems.append(GoalFileProblem(path.name, goal_id, PROBLEMS.message("same_id")))
            continue
        seen.add(goal_id)
        try:
            goals.append(_parse_goal(raw, area_ids))
        except (ValueError, TypeError) as exc:
            problems.append(GoalFileProblem(path.name, goal_id, error_message(exc)))
    period = data.get("plan_period", {})
    plan_period = (int(period.get("start", 2022)), int(period.get("end", 2025)))
    return Plan(areas=areas, goals=goals, problems=problems, plan_period=plan_period)


def measured_goal(plan: Plan | None, goal_id: str, indicator: str) -> Goal | None:
    """A goal as plan/goals.toml gives it, if it is measured by `indicator` from a baseline year; else None
    (goal removed, rejected by the loader, tied to another indicator, or the file unreadable: plan None)."""
    if plan is None:
        return None
    goal = next((g for g in plan.goals if g.id == goal_id), None)
    if goal is None or goal.indicator != indicator or goal.baseline_period is None:
        return None
    return goal


@dataclass
class Point:
    period: int | None
    value: float | None

    def as_dict(self) -> dict[str, Any]:
        return {"period": self.period, "value": self.value}


@dataclass(frozen=True)
class EnteredSource:
    """Where the figures the secretariat entered for a goal come from: the facts of the latest figure for the
    region (none known: all empty). The words are composed in `indicators.present.changes.entered_label`."""

    source_name: str = ""
    quoted: bool = False
    quote_label: str = ""
    seeded: bool = False  # came with the installation (a migration's seed), not entered by the secretariat


@dataclass
class GoalResult:
    goal: Goal
    region: str
    status: str
    baseline: Point
    latest: Point
    target: Point
    series: pd.DataFrame  # tidy series for the region (empty when not measured)
    reason: str = ""  # Nynorsk, for no_data and edge cases
    change: float | None = None  # latest − baseline
    change_ratio: float | None = None  # (latest / baseline) − 1
    assessment: progress.Assessment | None = None
    spec: IndicatorSpec | None = None
    # set when the numbers are figures the secretariat entered (the `series` of evaluate_goal): where they are
    # from; the UI shows it as the source («registrert av sekretariatet, kjelde: …», present.changes.entered_label)
    entered: EnteredSource | None = None

    @property
    def status_label(self) -> str:
        return progress.STATUS_LABELS[self.status]


def evaluate_goal(
    goal: Goal, region: str, cache_directory: CacheDirectory = None, series: pd.DataFrame | None = None
) -> GoalResult:
    """Baseline, latest value, target and progress status of one goal for one region.

    `series`: figures the secretariat entered for the goal (tidy: region_code, period, value; see
    followup.service.figure_series), used when the goal has no indicator or its importer has no data for the
    region. The result's `entered` then says where they are from (`series.attrs["entered"]`, an EnteredSource;
    without it an empty one)."""
    empty = pd.DataFrame(columns=["region_code", "region_name", "period", "value", "status"])
    none = Point(None, None)
    if goal.kind == "qualitative":
        return GoalResult(goal, region, goal.status, none, none, none, empty)
    entered = series[series["region_code"] == region].sort_values("period") if series is not None else empty
    entered_source = (series.attrs.get("entered") or EnteredSource()) if series is not None else None
    spec = get_indicator(goal.indicator) if goal.measured and goal.indicator else None
    if spec is None:
        if entered.empty:
            reason = PHRASES["not_measured"].format(source=goal.planned_source)
            return GoalResult(goal, region, "no_data", none, none, none, empty, reason=reason)
        series, single = entered, []
    else:
        try:
            series = spec.compute(region=region, cache_directory=cache_directory, **goal.params)
        except Exception as exc:  # noqa: BLE001 — a broken dataset must not take the board down
            return GoalResult(goal, region, "no_data", none, none, none, empty, reason=str(exc), spec=spec)
        # one survey (every row the indicator gives for the region, its members' too, from a single period)
        single = series.dropna(subset=["value"])["period"].unique()
        series = series[series["region_code"] == region].sort_values("period")
        if series.empty and not entered.empty:
            series, spec, single = entered, None, []
        elif series.empty and spec.empty_message:
            return GoalResult(goal, region, "no_data", none, none, none, empty, reason=str(spec.empty_message),
                              spec=spec)
    if spec is not None:
        entered_source = None
    # the goal's base year, or the next year with a value when it has none (Statistics Canada's method); a goal
    # measured only by entered figures may have no base year: its first figure is the base
    requested_base = goal.baseline_period if goal.baseline_period is not None else int(series["period"].min())
    base = progress.base_point(zip(series["period"], series["value"], strict=True), requested_base)
    baseline = Point(*base) if base else Point(requested_base, None)
    known = series.dropna(subset=["value"])
    latest = Point(int(known["period"].iloc[-1]), float(known["value"].iloc[-1])) if not known.empty else none
    target = Point(goal.target_period, goal.target_level(baseline.value))
    base_period = baseline.period if baseline.period is not None else requested_base
    if target.value is not None and goal.target_period is not None:
        assessment = progress.classify(
            base_period, baseline.value, latest.period, latest.value,
            goal.target_period, target.value, goal.direction, requested_base_period=requested_base,
        )
    elif goal.target_value is None and goal.target_change is None and goal.direction:
        assessment = progress.classify_direction(
            base_period, baseline.value, latest.period, latest.value, goal.direction,
            requested_base_period=requested_base,
        )
    else:
        assessment = progress.Assessment(
            "no_data", reason=progress.PHRASES["no_base_value"].format(year=requested_base),
            method="target", requested_base_period=requested_base,
        )
    if assessment.status == "no_data" and len(single) == 1 and spec is not None:
        survey = f"{goal.source or spec.title}, {spec.describe_period(int(single[0]))}"
        reason = PHRASES["one_survey"].format(survey=survey)
        assessment = dataclasses.replace(assessment, reason=reason)
    change = change_ratio = None
    if baseline.value is not None and latest.value is not None:
        change = latest.value - baseline.value
        change_ratio = latest.value / baseline.value - 1 if baseline.value else None
        if latest.period is not None and latest.period <= base_period:
            change = change_ratio = None
    return GoalResult(
        goal, region, assessment.status, baseline, latest, target, series,
        reason=assessment.reason, change=change, change_ratio=change_ratio, assessment=assessment, spec=spec,
        entered=entered_source,
    )


def goal_status_record(result: GoalResult) -> dict[str, Any]:
    """The JSON object `python -m indicators status --json` prints for a goal."""
    goal = result.goal
    def clean(p: Point) -> dict[str, Any]:
        value = p.value
        if value is not None and math.isnan(value):
            value = None
        return {"period": p.period, "value": value}
    record: dict[str, Any] = {
        "id": goal.id,
        "area": goal.area,
        "title": goal.title,
        "kind": goal.kind,
        "status": result.status,
        "status_label": result.status_label,
        "region": result.region,
        "baseline": clean(result.baseline),
        "latest": clean(result.latest),
        "target": clean(result.target),
        "unit": goal.unit,
        "source": goal.source or goal.planned_source,
    }
    if result.reason:
        record["reason"] = result.reason
    if result.assessment is not None:  # the branch and the numbers behind the status
        record["assessment"] = result.assessment.as_record()
    if goal.kind == "qualitative":
        record.update(
            status_note=goal.status_note, reported_by=goal.reported_by,
            reviewed=goal.reviewed.isoformat() if goal.reviewed else None,
        )
    return record
