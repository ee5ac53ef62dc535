"""What a statusrapport or sluttrapport is made from, read once: the plan with the follow-up database's state,
every goal evaluated for the region (as at the plan's end for the sluttrapport), the manifests of the data
behind each goal, the action programme file, the recorded meetings and the changes since the last one.

The caller (the `report` command, the Rapportering download) reads this and hands it to the presentation
(`indicators.present.report`), which only turns it into words, charts and files and never reads for itself.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Sequence
from dataclasses import dataclass, replace

import pandas as pd

from indicators import cache
from indicators.followup.reporting_rounds import RoundStatus
from indicators.followup.service import Change, MeetingRecord
from indicators.goals import GoalResult, Plan, load_plan
from indicators.i18n import Message
from indicators.model import Provenance
from indicators.peers import PeerComparison, peer_comparison
from indicators.plan_actions import ActionsFileError, load_actions, with_programme
from indicators.plan_state import (
    DatabaseUnavailable,
    PlanState,
    evaluate_final,
    evaluate_plan,
    read_changes,
    read_meetings,
    read_state,
)
from indicators.regions import active_region

CHANGES_DAYS_BACK = 30  # without a recorded meeting, the changes of the last month


@dataclass(frozen=True)
class ReportInputs:
    """Everything a report is made from, read once for `region`."""

    region: str
    final: bool
    plan: Plan
    results: list[GoalResult]
    state: PlanState
    provenances: dict[str, list[Provenance]]  # goal id -> the manifests of the datasets its indicator reads
    actions: pd.DataFrame | None  # the action programme file (None when it cannot be read: `actions_problem`)
    actions_problem: str
    changes: tuple[Change, ...] = ()  # entered since `since`, oldest first
    since: dt.date | None = None  # the last meeting held (or CHANGES_DAYS_BACK days back); None: not read
    last_meeting: MeetingRecord | None = None  # the last meeting held
    next_meeting: MeetingRecord | None = None  # the next one recorded
    followup_problem: str | Message = ""  # why the meetings and changes could not be read (or the state)
    round: RoundStatus | None = None  # a report made for a reporting round (indicators.round_inputs.with_round)
    peers: PeerComparison | None = None  # the region among its peer regions (None: no peers, or not read)
    peers_problem: str | Message = ""  # why the peer comparison could not be read


def goal_provenances(
    results: Sequence[GoalResult], cache_directory: str | os.PathLike[str] | None = None,
) -> dict[str, list[Provenance]]:
    """Per goal, the manifests of the datasets its indicator reads (none for a goal without an indicator)."""
    return {r.goal.id: cache.manifests(r.spec.datasets, cache_directory) if r.spec is not None else []
            for r in results}


def with_peer_comparison(inputs: ReportInputs, cache_directory: str | os.PathLike[str] | None = None,
                         ) -> ReportInputs:
    """`inputs` with the region and its peer regions on the key indicators (read from the snapshot's tables of
    every municipality), or why they could not be read."""
    try:
        return replace(inputs, peers=peer_comparison(cache_directory))
    except (cache.CacheError, LookupError, KeyError, IndexError, ValueError) as exc:
        return replace(inputs, peers_problem=str(exc))


def read_report_inputs(
    region: str, *, final: bool = False, plan: Plan | None = None,
    goals_path: str | os.PathLike[str] | None = None, cache_directory: str | os.PathLike[str] | None = None,
    today: dt.date | None = None,
) -> ReportInputs:
    """Load the plan (unless given) with its state from the follow-up database, evaluate every goal once for
    `region` (as at the plan's end for the sluttrapport, `final`), read the action programme file, the meetings
    and the changes since the last meeting held. Raises UnknownRegionError before reading anything."""
    known = active_region()
    known.validate(region)
    state = read_state(with_programme(plan if plan is not None else load_plan(goals_path)), region=known)
    results = (evaluate_final(state, region, known.plan.end, cache_directory) if final and known.plan
               else evaluate_plan(state, region, cache_directory))
    actions, actions_problem = None, ""
    try:
        actions = load_actions(areas=state.plan.area_names).frame
    except ActionsFileError as exc:
        actions_problem = str(exc)
    inputs = ReportInputs(region, final, state.plan, results, state, goal_provenances(results, cache_directory),
                          actions, actions_problem)
    inputs = with_peer_comparison(inputs, cache_directory)
    if not state.available:
        return replace(inputs, followup_problem=state.problem)
    today = today or dt.date.today()
    try:
        meetings = read_meetings()  # newest first
        held = [m for m in meetings if m.held_on <= today]
        coming = sorted((m for m in meetings if m.held_on > today), key=lambda m: m.held_on)
        since = held[0].held_on if held else today - dt.timedelta(days=CHANGES_DAYS_BACK)
        changes = tuple(read_changes(since, plan=state.plan))
    except DatabaseUnavailable as exc:
        return replace(inputs, followup_problem=exc.message)
    return replace(inputs, changes=changes, since=since, last_meeting=held[0] if held else None,
                   next_meeting=coming[0] if coming else None)
