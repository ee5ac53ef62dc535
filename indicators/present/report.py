"""The statusrapport and the sluttrapport: one report for the council papers, in HTML, PDF and Word.

The order is the one a politician reads: title page (council, plan, period, date, meeting) with the contents; a
one-page summary (status counts that say which status they count, and the main messages in words made from the
figures); the changes since the last meeting; the result goals by focus area (the statistics' status and the
secretariat's assessment side by side, the figures with their units, a small chart); the whole action
programme; then appendices (method, sources and data dates in plain words, the status history).

`report_content` turns the evaluated plan into a `ReportContent` of plain text (and one chart per goal); the
three writers only lay it out, so the three formats carry the same content:
- HTML: Jinja2 templates with autoescape (`templates/`), every value escaped by the one policy;
- PDF: that HTML printed by the Chromium the chart images use (`report_pdf`), with page numbers and a table of
  contents with page numbers;
- Word: `report_docx` (python-docx).

Every function here takes its data: the caller (the `report` command, the Rapportering download) reads the plan,
the goals' evaluations and the follow-up database once (`indicators.report_inputs.read_report_inputs`) and hands
the `ReportInputs` in.
"""

from __future__ import annotations

import base64
import datetime as dt
import math
import os
from collections.abc import Mapping, Sequence
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal, TypedDict, Unpack

import jinja2
import pandas as pd

from indicators import progress
from indicators.followup.service import Entry
from indicators.formatting import THIN_SPACE, format_date, format_number, format_percent
from indicators.goal_status import GoalStatus, goal_status
from indicators.goals import GoalResult, Plan
from indicators.model import SSB_ATTRIBUTION, Provenance
from indicators.municipal_matrix import parts_rows
from indicators.plan_actions import with_followup
from indicators.present import html, images, peer_report, report_docx, report_pdf, round_view, texts
from indicators.present.changes import (
    ChangeLine,
    change_lines,
    entered_label,
    entered_time,
    history_lines,
    item_name,
    user_name,
)
from indicators.present.goal_charts import goal_figure, take_source_line
from indicators.present.headlines import PERCENT_UNITS, headline
from indicators.present.municipal_parts import report_table
from indicators.present.report_content import (
    ActionArea,
    ActionView,
    AreaView,
    Assessment,
    ChangeGroup,
    CountRow,
    Followup,
    GoalView,
    HistoryBlock,
    ReportContent,
    Section,
    SourceRow,
    StatusView,
    status_view,
)
from indicators.present.texts import report as t
from indicators.regions import Region, active_region
from indicators.report_inputs import ReportInputs

if TYPE_CHECKING:  # the type only: the state is read by the caller
    from indicators.plan_state import PlanState

ReportError = report_pdf.PdfError  # a report that could not be made (Nynorsk message)
Format = Literal["html", "pdf", "docx"]
FORMATS: tuple[Format, ...] = ("html", "pdf", "docx")
MIME_TYPES: dict[str, str] = {
    "html": "text/html",
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}
TEMPLATES = Path(__file__).parent / "templates"  # found from any working directory
REPORT_CHART_WIDTH = 760  # about the printed column's CSS width, so chart text prints at its own size
REPORT_CHART_HEIGHT = 360
MAX_MESSAGES = 5
LARGEST_CHANGES = 2


def _number(value: float | None) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–"
    decimals = 0 if abs(value) >= 100 or float(value).is_integer() else 1
    return format_number(value, decimals)


def value_with_unit(value: float | None, unit: str) -> str:
    """«4 850 mill. kr», «11 105 arbeidsplassar», «87,5 %»."""
    text = _number(value)
    if value is None or not unit:
        return text
    if unit in PERCENT_UNITS:
        return f"{text}{THIN_SPACE}%"
    return f"{text} {unit}"


def _assessed_text(body: str, assessed_on: dt.date | None) -> str:
    date = format_date(assessed_on) if assessed_on else ""
    return (t.ASSESSED_BY.format(body=body, date=date) if body else t.ASSESSED_NO_BODY.format(date=date)).strip()


def _assessment(status: GoalStatus) -> Assessment | None:
    a = status.assessment
    if a is None:
        return None
    entered = t.FROM_PLAN_FILE if a.from_plan_file else t.ENTERED_BY.format(
        user=a.entered_by, entered=entered_time(a.entered_at))
    return Assessment(status_view(a.status), a.note, _assessed_text(a.reported_by, a.assessed_on), entered)


def _period_text(result: GoalResult, period: int | None) -> str:
    if period is None:
        return "–"
    return result.spec.describe_period(period) if result.spec else str(period)


def _numbers(result: GoalResult, final: bool) -> tuple[tuple[str, str], ...]:
    goal = result.goal
    unit = goal.unit
    rows: list[tuple[str, str]] = []
    if result.baseline.value is not None:
        rows.append((t.NUMBER_BASELINE, t.VALUE_PERIOD.format(
            value=value_with_unit(result.baseline.value, unit), period=_period_text(result, result.baseline.period))))
    if result.latest.value is not None:
        rows.append((t.NUMBER_FINAL if final else t.NUMBER_LATEST, t.VALUE_PERIOD.format(
            value=value_with_unit(result.latest.value, unit), period=_period_text(result, result.latest.period))))
    if result.target.value is not None:
        rows.append((t.NUMBER_TARGET, t.VALUE_PERIOD.format(
            value=value_with_unit(result.target.value, unit), period=_period_text(result, result.target.period))))
    elif goal.direction:
        rows.append((t.NUMBER_TARGET, t.DIRECTION_WORDS.get(goal.direction, goal.direction)))
    if result.change_ratio is not None and result.latest.period != result.baseline.period:
        rows.append((t.NUMBER_CHANGE, format_percent(result.change_ratio, signed=True)))
    return tuple(rows)


def _data_end(result: GoalResult, plan_end: int, today: dt.date) -> str:
    latest = result.latest.period
    if latest is None:
        return ""
    period = _period_text(result, latest)
    covers = latest >= plan_end + (1 if result.spec and result.spec.period_label.startswith("1. januar") else 0)
    if covers:
        return t.DATA_END_COVERS.format(period=period)
    ran = t.PERIOD_RAN if today.year > plan_end else t.PERIOD_RUNS
    return t.DATA_END.format(period=period, ran=ran, end=plan_end)


def _missing(result: GoalResult, provenances: Sequence[Provenance]) -> str:
    """Why a goal has no figures, said as it is: never measured here, never imported, or none until the end."""
    goal = result.goal
    if result.latest.value is not None:
        return ""
    if goal.kind == "qualitative":
        return ""
    if not goal.measured and result.entered is None:
        return t.NOT_MEASURED.format(source=(goal.planned_source or goal.source or "–").rstrip("."))
    if goal.measured and not provenances and result.entered is None and result.series.empty:
        return t.NEVER_IMPORTED.format(source=goal.source or (result.spec.title if result.spec else goal.indicator))
    return result.reason or t.NO_FIGURES_UNTIL.format(end=goal.target_period or "")


def _series(result: GoalResult) -> tuple[tuple[str, str], ...]:
    if result.series.empty:
        return ()
    series = result.series.dropna(subset=["value"]).sort_values("period").tail(6)
    return tuple((str(int(p)), _number(float(v))) for p, v in zip(series["period"], series["value"], strict=True))


def _series_label(result: GoalResult) -> str:
    label = result.goal.unit.capitalize() if result.goal.unit else t.SERIES_VALUE
    when = result.spec.period_label.replace("{year}", "").strip() if result.spec else ""
    return f"{label} ({when})" if when else label


def _source_line(result: GoalResult, provenances: Sequence[Provenance]) -> str:
    names: list[str] = []
    for p in provenances:
        name = t.SOURCE_TABLE.format(source=p.source, table=p.table_id) if p.table_id else p.source
        if name not in names:
            names.append(name)
    if names:
        return t.SOURCE_SHORT.format(sources="; ".join(names))
    if result.entered is not None:
        return t.SOURCE_ENTERED.format(label=entered_label(result.entered))
    return ""


def _goal_view(result: GoalResult, provenances: Sequence[Provenance], state: PlanState | None, final: bool,
               plan_end: int, today: dt.date) -> GoalView:
    goal = result.goal
    measured = goal.kind == "indicator" and (goal.measured or result.entered is not None)
    kind: Literal["measured", "qualitative", "unmeasured"] = (
        "qualitative" if goal.kind == "qualitative" else "measured" if measured else "unmeasured")
    entry = state.status(goal.id, "goal") if state is not None and state.available else None
    both = goal_status(result, entry)
    assessment = _assessment(both)
    method, method_detail = None, ""
    if kind == "measured" and both.statistics is not None:
        method = status_view(both.statistics.status)
        method_detail = both.statistics.explanation
        if method_detail == result.reason:
            method_detail = ""  # said once, as why there are no figures
    single = both.single_period
    has_figures = result.latest.value is not None and not single
    text = headline(result) if has_figures else None
    numbers = _numbers(result, final) if kind != "qualitative" else ()
    if single and result.latest.value is not None:  # one dated value, not a trend
        numbers = ((t.NUMBER_ONE, t.VALUE_PERIOD.format(value=value_with_unit(result.latest.value, goal.unit),
                                                        period=_period_text(result, result.latest.period))),)
    return GoalView(
        id=goal.id, label=goal.label,
        plan_wording=t.PLAN_WORDING.format(title=goal.title) if goal.short_title and goal.title != goal.short_title
        else "",
        kind=kind, method=method, method_detail=method_detail, assessment=assessment,
        # the detail repeats the numbers, which stand in their own table
        sentence=text.sentence if text else "", detail=text.detail if text and not numbers else "",
        numbers=numbers,
        data_end=_data_end(result, plan_end, today) if kind == "measured" else "",
        missing=t.ONE_YEAR_ONLY if single else _missing(result, provenances),
        series_label=_series_label(result), series=_series(result) if kind == "measured" else (),
        note=goal.note, source=_source_line(result, provenances) if kind == "measured" else "",
        chart_alt=t.CHART_ALT.format(sentence=text.sentence) if text else "",
        counted=both.counted,
    )


def _count_rows(goals: Sequence[GoalView]) -> tuple[CountRow, ...]:
    """Every goal counted once (goal_status.COUNT_RULE), then the statistics' statuses of the measured goals."""
    counted: dict[str, int] = {}
    for g in goals:
        counted[g.counted] = counted.get(g.counted, 0) + 1
    rows = [CountRow(t.COUNT_ONCE.format(count=len(goals)), _ordered(counted))]
    method: dict[str, int] = {}
    for g in goals:
        if g.method is not None:
            method[g.method.key] = method.get(g.method.key, 0) + 1
    if method:
        rows.append(CountRow(t.COUNT_METHOD.format(count=sum(method.values())), _ordered(method)))
    return tuple(rows)


def _ordered(counts: Mapping[str, int]) -> tuple[tuple[StatusView, int], ...]:
    keys = [k for k in progress.STATUS_LABELS if k in counts] + [k for k in counts if k not in progress.STATUS_LABELS]
    return tuple((status_view(k), counts[k]) for k in keys)


def _joined(names: Sequence[str]) -> str:
    names = [f"«{n}»" for n in names]
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + t.JOIN_LAST + names[-1]


def _messages(results: Sequence[GoalResult], goals: Sequence[GoalView],
              action_counts: Sequence[tuple[StatusView, int]], action_total: int) -> tuple[str, ...]:
    """Three to five messages made from the figures: the largest changes, the goals reached, the goals going the
    wrong way, the measured goals without figures, the action programme."""
    by_id = {g.id: g for g in goals}
    changed = sorted(
        (r for r in results if r.change_ratio is not None and by_id[r.goal.id].sentence
         and r.latest.period != r.baseline.period),
        key=lambda r: abs(r.change_ratio or 0.0), reverse=True,
    )
    messages = [t.MESSAGE_CHANGE.format(sentence=by_id[r.goal.id].sentence.rstrip("."),
                                        latest=_period_text(r, r.latest.period))
                for r in changed[:LARGEST_CHANGES]]
    reached = [g.label for g in goals if (g.method and g.method.key == "achieved")
               or (g.assessment and g.assessment.status.key == "achieved")]
    messages.append(t.MESSAGE_REACHED.format(goals=_joined(reached)) if reached else t.MESSAGE_REACHED_NONE)
    wrong = [g.label for g in goals if (g.method and g.method.key == "deterioration")
             or (g.assessment and g.assessment.status.key == "deterioration")]
    messages.append(t.MESSAGE_WRONG_WAY.format(goals=_joined(wrong)) if wrong else t.MESSAGE_WRONG_WAY_NONE)
    behind = [g.label for g in goals if g.method and g.method.key in ("acceleration_needed", "limited")]
    if behind:
        messages.append(t.MESSAGE_BEHIND.format(goals=_joined(behind)))
    without = [g.label for g in goals if g.kind != "qualitative" and not g.numbers]
    if without and len(messages) < MAX_MESSAGES:
        messages.append(t.MESSAGE_NO_DATA.format(count=len(without), goals=_joined(without)))
    if action_total and len(messages) < MAX_MESSAGES:
        parts = ", ".join(t.MESSAGE_ACTIONS_PART.format(count=n, label=s.label.lower()) for s, n in action_counts)
        messages.append(t.MESSAGE_ACTIONS.format(parts=parts, count=action_total))
    return tuple(messages[:MAX_MESSAGES])


def _action_views(actions: pd.DataFrame, area_names: Mapping[str, str]) -> tuple[ActionArea, ...]:
    groups: dict[str, list[ActionView]] = {}
    for row in actions.to_dict("records"):
        body = str(row.get("reported_by") or "")
        reviewed = row.get("reviewed")
        date = format_date(reviewed) if reviewed else ""
        assessed = ""
        if date:
            assessed = t.ASSESSED_BY.format(body=body, date=date) if body else t.ASSESSED_NO_BODY.format(date=date)
        entered = str(row.get("entered") or "")
        if entered and assessed:
            assessed = f"{assessed} ({entered})"
        area = str(row.get("area") or "")
        name = area_names.get(area, area)
        groups.setdefault(name, []).append(ActionView(
            number=int(row["number"]), text=str(row.get("text") or ""), area=name,
            responsible=str(row.get("responsible") or ""), time=str(row.get("time") or ""),
            status=status_view(str(row.get("status") or "not_assessed")), note=str(row.get("status_note") or ""),
            assessed=assessed, revision=str(row.get("revision") or ""), added=row.get("origin") == "added",
            dropped=bool(row.get("dropped")),
        ))
    ordered = [n for n in area_names.values() if n in groups] + [n for n in groups if n not in area_names.values()]
    return tuple(ActionArea(n, tuple(sorted(groups[n], key=lambda a: a.number))) for n in ordered)


def _change_groups(followup: Followup) -> tuple[ChangeGroup, ...]:
    order = ("status", "figure", "revision", "action_added", "action_dropped")
    groups: dict[str, list[ChangeLine]] = {}
    for line in followup.changes:
        groups.setdefault(line.kind, []).append(line)
    kinds = [k for k in order if k in groups] + [k for k in groups if k not in order]
    return tuple(ChangeGroup(groups[k][0].kind_label, tuple(groups[k])) for k in kinds)


def _changes_intro(followup: Followup) -> str:
    if followup.problem:
        return t.CHANGES_UNAVAILABLE.format(reason=followup.problem)
    if followup.since is None:
        return ""
    if followup.since_meeting:
        head = t.CHANGES_SINCE.format(meeting=followup.since_meeting, date=format_date(followup.since))
    else:
        head = t.CHANGES_SINCE_NO_MEETING.format(date=format_date(followup.since))
    return head if followup.changes else f"{head} {t.CHANGES_NONE}"


def _how(p: Provenance) -> str:
    """How the figures came in, in plain words: «henta» only for figures fetched from the source's API."""
    extract = bool(p.extra.get("published_extract")) if isinstance(p.extra, dict) else False
    date = format_date(p.retrieved_at)
    if extract:
        return t.SOURCE_EXTRACT.format(date=date)
    called = isinstance(p.query, dict) and ("url" in p.query or "requests" in p.query)  # an API call's record
    if called or "PxWebApi" in p.produced_by:
        return t.SOURCE_FETCHED.format(date=date)
    return t.SOURCE_IMPORTED.format(date=date)


def _source_rows(provenance_of: Mapping[str, Sequence[Provenance]]) -> tuple[SourceRow, ...]:
    seen: dict[str, Provenance] = {}
    for provenances in provenance_of.values():
        for p in provenances:
            seen.setdefault(p.dataset, p)
    rows = []
    for p in seen.values():
        extract = bool(p.extra.get("published_extract")) if isinstance(p.extra, dict) else False
        published = format_date(p.source_updated) if p.source_updated else (
            t.PUBLISHED_UNKNOWN_EXTRACT if extract else t.PUBLISHED_UNKNOWN)
        source = t.SOURCE_TABLE.format(source=p.source, table=p.table_id) if p.table_id else p.source
        rows.append(SourceRow(p.title, source, _how(p), published))
    return tuple(rows)


def _entered_figures(state: PlanState | None, plan: Plan, region: str) -> tuple[str, ...]:
    if state is None:
        return ()
    names = active_region().names
    lines = []
    for f in sorted(state.figures, key=lambda f: (f.goal_id, f.period)):
        goal = plan.find(f.goal_id)
        published = t.ENTERED_PUBLISHED.format(date=format_date(f.published_on)) if f.published_on else ""
        if f.seeded:  # came with the installation: where it is from, not who typed it
            lines.append(t.ENTERED_ROW_SEEDED.format(
                goal=goal.label if goal else f.goal_id, value=value_with_unit(f.value, f.unit),
                where=names.get(f.region_code, f.region_code), period=f.period, source=f.source_name,
                label=entered_label(f),
            ))
            continue
        lines.append(t.ENTERED_ROW.format(
            goal=goal.label if goal else f.goal_id, value=value_with_unit(f.value, f.unit),
            where=names.get(f.region_code, f.region_code), period=f.period, source=f.source_name,
            published=published, user=user_name(f.entered_by), entered=entered_time(f.entered_at),
        ))
    return tuple(lines)


def _history(state: PlanState | None, titles: Mapping[str, str]) -> tuple[HistoryBlock, ...]:
    """Every item's entries (newest first): the goals in plan order, then the actions by number."""
    if state is None or not state.available:
        return ()
    items: dict[tuple[str, str], list[Entry]] = {}
    for entry in state.entries:  # newest first
        items.setdefault((entry.item_kind, entry.item_id), []).append(entry)
    order = {item_id: i for i, item_id in enumerate(titles)}

    def key(item: tuple[str, str]) -> tuple[int, int, str]:
        kind, item_id = item
        if kind == "goal":
            return 0, order.get(item_id, len(order)), item_id
        return 1, int(item_id) if item_id.isdigit() else 0, item_id

    names = active_region().names

    def lines(entries: list[Entry]) -> tuple[str, ...]:  # a municipality's part is named before its line
        return tuple(f"{names.get(e.municipality, e.municipality)}: {line}" if e.municipality else line
                     for e, line in zip(entries, history_lines(entries), strict=True))

    return tuple(HistoryBlock(item_name(kind, item_id, titles), lines(items[(kind, item_id)]))
                 for kind, item_id in sorted(items, key=key))


def _parts_table(state: PlanState | None, actions: pd.DataFrame | None, known: Region) -> dict[str, Any] | None:
    """The table of the municipalities' parts of the actions not dropped (None: no action has parts, or the
    database could not be read)."""
    if state is None or not state.available or actions is None or not state.parts:
        return None
    active = actions[~actions["dropped"].astype(bool)] if "dropped" in actions else actions
    rows = parts_rows(active, state.parts, state.entries, known)
    return report_table(rows, known) if rows else None


def _method() -> tuple[str, ...]:
    labels = progress.STATUS_LABELS
    method = t.METHOD.format(
        on_track=labels["on_track"], acceleration=labels["acceleration_needed"], limited=labels["limited"],
        deterioration=labels["deterioration"], not_applicable=labels["not_applicable"],
        on_track_p=format_number(progress.ON_TRACK_THRESHOLD, 2),
        acceleration_p=format_number(progress.ACCELERATION_THRESHOLD, 1),
        direction_on_track=format_percent(progress.DIRECTION_ON_TRACK_RATE),
        direction_acceleration=format_percent(progress.DIRECTION_ACCELERATION_RATE),
    )
    return method, t.METHOD_TWO_STATUSES, t.LICENCE.format(attribution=SSB_ATTRIBUTION)


def report_content(
    plan: Plan,
    results: Sequence[GoalResult],
    region: str,
    *,
    final: bool = False,
    state: PlanState | None = None,
    actions: pd.DataFrame | None = None,
    actions_problem: str = "",
    followup: Followup | None = None,
    provenances: Mapping[str, Sequence[Provenance]] | None = None,
    generated_at: dt.datetime | None = None,
) -> ReportContent:
    """The report's content from the plan, its goals evaluated for `region` (as at the plan's end for the
    sluttrapport, `final`), the follow-up `state`, the action programme as followed up (`actions`, from
    plan_actions.with_followup; None with `actions_problem` when it could not be read), `followup` (the
    changes since the last meeting) and the `provenances` of each goal's data (goal id -> manifests; see
    `report_inputs.goal_provenances`). Raises UnknownRegionError for a region the region file does not know."""
    known = active_region()
    known.validate(region)
    generated_at = generated_at or dt.datetime.now(dt.UTC)
    today = generated_at.date()
    followup = followup or Followup()
    provenance_of = {r.goal.id: list((provenances or {}).get(r.goal.id, ())) for r in results}
    plan_end = known.plan.end if known.plan else today.year
    views = {r.goal.id: _goal_view(r, provenance_of[r.goal.id], state, final, plan_end, today) for r in results}
    areas = tuple(
        AreaView(a.id, a.name, a.subtitle, tuple(views[r.goal.id] for r in results if r.goal.area == a.id))
        for a in plan.areas
    )
    areas = tuple(a for a in areas if a.goals)
    area_names = plan.area_names
    action_areas: tuple[ActionArea, ...] = ()
    action_counts: tuple[tuple[StatusView, int], ...] = ()
    actions_intro = ""
    action_total = 0
    if actions is not None:
        action_areas = _action_views(actions, area_names)
        active = actions[~actions["dropped"].astype(bool)] if "dropped" in actions else actions
        action_total = len(active)
        action_counts = _ordered(active["status"].value_counts().to_dict())
        added = int((actions["origin"] == "added").sum()) if "origin" in actions else 0
        dropped = int(actions["dropped"].sum()) if "dropped" in actions else 0
        actions_intro = t.ACTIONS_INTRO.format(count=len(actions), original=len(actions) - added, added=added,
                                               dropped=dropped)
    goals = list(views.values())
    name = known.region_name(region)
    kind = t.KIND_FINAL if final else t.KIND_STATUS
    facts = [(t.FACT_COUNCIL, known.council or known.name), (t.FACT_PLAN, texts.fill(t.SUBHEADING, known)),
             *([(t.FACT_PERIOD, f"{known.plan.start}–{known.plan.end}")] if known.plan else []),
             (t.FACT_REGION, name), (t.FACT_DATE, format_date(generated_at))]
    if followup.next_meeting:
        facts.append((t.FACT_MEETING, followup.next_meeting))
    if followup.since_meeting and followup.since is not None:
        facts.append((t.FACT_LAST_MEETING, t.MEETING_TEXT.format(name=followup.since_meeting,
                                                                 date=format_date(followup.since))))
    titles = {g.id: g.label for g in plan.goals}
    if actions is not None:
        titles.update({str(int(n)): str(text) for n, text in zip(actions["number"], actions["text"], strict=True)})
    sections = [Section("samandrag", t.SUMMARY_HEADING)]
    if not final:
        sections.append(Section("endringar", t.CHANGES_HEADING))
    sections.append(Section("resultatmal", t.GOALS_HEADING))
    sections += [Section(f"omrade-{a.id}", a.name, 2) for a in areas]
    sections.append(Section("tiltak", t.ACTIONS_HEADING))
    parts = _parts_table(state, actions, known)  # the municipalities' parts side by side (issue 22)
    if parts is not None:
        sections.append(Section("kommunedelar", parts["heading"], 2))
    sections += [Section("metode", t.APPENDIX_METHOD), Section("kjelder", t.APPENDIX_SOURCES),
                 Section("historikk", t.APPENDIX_HISTORY)]
    notices = []
    if state is not None and not state.available:
        notices.append(t.DATABASE_MISSING.format(reason=state.problem))
    measured = sum(1 for g in goals if g.kind == "measured")
    intro = t.INTRO.format(count=len(results), areas=len(areas), measured=measured)
    if final:
        intro = f"{texts.fill(t.FINAL_INTRO, known, after=plan_end + 1)} {intro}"
    if not known.has_plan:  # a region with members only: the summary says so instead of counting no goals
        intro = texts.fill(t.NO_PLAN, known)
    figures = {
        r.goal.id: fig for r in results
        if views[r.goal.id].kind == "measured" and len(views[r.goal.id].series) >= 2
        and (fig := goal_figure(r, provenance_of[r.goal.id], title="", height=REPORT_CHART_HEIGHT)) is not None
    }
    for fig in figures.values():  # the source is under the chart in words, its dates in the appendix
        take_source_line(fig)
        fig.update_layout(margin=dict(b=50))
    return ReportContent(
        final=final, kind=kind,
        title=texts.fill(t.TITLE, known, kind=kind, name=name),
        heading=t.HEADING.format(kind=kind), subheading=texts.fill(t.SUBHEADING, known),
        facts=tuple(facts), generated=format_date(generated_at), sections=tuple(sections), intro=intro,
        count_rows=_count_rows(goals), count_rule=t.COUNT_RULE,
        messages=_messages(results, goals, action_counts, action_total),
        changes_intro=_changes_intro(followup), change_groups=_change_groups(followup),
        areas=areas, actions_intro=actions_intro, action_counts=action_counts, action_areas=action_areas,
        actions_problem=t.ACTIONS_MISSING.format(reason=actions_problem) if actions_problem else "",
        method=_method(), sources=_source_rows(provenance_of),
        entered_figures=_entered_figures(state, plan, region), history=_history(state, titles),
        notices=tuple(notices), goal_file_problems=tuple(str(p) for p in plan.problems),
        footer=texts.fill(t.FOOTER, known, kind=kind), made_with=texts.fill(t.MADE_WITH, known),
        figures=figures, parts=parts,
    )


# --- HTML -------------------------------------------------------------------------------------------------


def _environment() -> jinja2.Environment:
    return html.environment()  # the one environment, one escape policy (present/html.py)


def chart_images(content: ReportContent, fmt: images.ImageFormat, *, with_charts: bool = True,
                 ) -> tuple[dict[str, bytes], str]:
    """Each goal's chart drawn as `fmt` and why any is missing ('' when all were drawn)."""
    if not content.figures:
        return {}, ""
    if not with_charts:
        return {}, t.WITHOUT_CHARTS
    reason = images.unavailable_reason()
    if reason:
        return {}, reason
    options = {"width": REPORT_CHART_WIDTH, "height": REPORT_CHART_HEIGHT}
    if any(not images.is_drawn(fig, fmt, **options) for fig in content.figures.values()):
        images.start_in_background()
    drawn: dict[str, bytes] = {}
    for goal_id, fig in content.figures.items():
        try:
            drawn[goal_id] = images.render_image(fig, fmt, **options)
        except images.ImageExportError as exc:
            return drawn, str(exc)
    return drawn, ""


def render_html(content: ReportContent, *, with_charts: bool = True, page_numbers: Mapping[str, int] | None = None,
                ) -> str:
    """The report as one self-contained HTML document (charts as SVG data: URIs). `page_numbers` (anchor ->
    page) fills the printed table of contents."""
    drawn, problem = chart_images(content, "svg", with_charts=with_charts)
    charts = {goal_id: "data:image/svg+xml;base64," + base64.b64encode(svg).decode("ascii")
              for goal_id, svg in drawn.items()}
    return _environment().get_template("report.html.j2").render(
        r=content, t=t, charts=charts, chart_missing=t.CHART_MISSING.format(reason=problem) if problem else "",
        page_numbers=page_numbers or {}, printed=page_numbers is not None, not_assessed=status_view("not_assessed"),
        language=texts.language(),
    )


# --- files ------------------------------------------------------------------------------------------------


def default_report_filename(region: str, today: dt.date | None = None, *, final: bool = False,
                            fmt: Format = "html") -> str:
    if final:
        plan = active_region().plan
        if plan is not None:
            return t.FINAL_FILENAME.format(code=region, start=plan.start, end=plan.end, ext=fmt)
        today = today or dt.date.today()
    today = today or dt.date.today()
    return t.FILENAME.format(code=region, date=today.isoformat(), ext=fmt)


def pdf_footer(content: ReportContent) -> str:
    """The printed page footer (Chromium's footer template), from a template like the report itself."""
    return _environment().get_template("pdf_footer.html.j2").render(text=content.footer, page=t.PAGE.lower(),
                                                                    of=t.FOOTER_OF)


def render(content: ReportContent, fmt: Format = "html", *, with_charts: bool = True) -> bytes:
    """The report as the bytes of an HTML, PDF or Word file. The PDF needs Chromium (raises ReportError)."""
    if fmt == "html":
        return render_html(content, with_charts=with_charts).encode("utf-8")
    if fmt == "pdf":
        return report_pdf.html_to_pdf_with_contents(
            lambda pages: render_html(content, with_charts=with_charts, page_numbers=pages),
            [(s.anchor, s.title) for s in content.sections], pdf_footer(content),
        )
    if fmt == "docx":
        drawn, problem = chart_images(content, "png", with_charts=with_charts)
        return report_docx.render_docx(content, drawn, t.CHART_MISSING.format(reason=problem) if problem else "")
    raise ValueError(f"Ukjend format «{fmt}»: bruk html, pdf eller docx.")


class ContentOptions(TypedDict, total=False):
    """The keyword arguments of `report_content`."""

    final: bool
    state: PlanState | None
    actions: pd.DataFrame | None
    actions_problem: str
    followup: Followup | None
    provenances: Mapping[str, Sequence[Provenance]] | None
    generated_at: dt.datetime | None


def build_report_html(plan: Plan, results: Sequence[GoalResult], region: str, *, with_charts: bool = True,
                      **options: Unpack[ContentOptions]) -> str:
    """The report as one HTML document (str); see `report_content` for the arguments."""
    return render_html(report_content(plan, results, region, **options), with_charts=with_charts)


def build_report(plan: Plan, results: Sequence[GoalResult], region: str,
                 path: str | os.PathLike[str] | None = None, *, fmt: Format = "html", with_charts: bool = True,
                 **options: Unpack[ContentOptions]) -> Path:
    """Write the report for `region` to `path` (a file, or a folder for the default name) as `fmt`; returns the
    file written (atomically). Raises UnknownRegionError before anything is written."""
    active_region().validate(region)
    target = _target(path, region, options.get("final", False), fmt)
    return _write(target, render(report_content(plan, results, region, **options), fmt, with_charts=with_charts))


def _target(path: str | os.PathLike[str] | None, region: str, final: bool, fmt: Format) -> Path:
    """`path`, or the default file name in the folder `path` (or here)."""
    default = default_report_filename(region, final=final, fmt=fmt)
    target = Path(path) if path else Path(default)
    if target.is_dir() or str(path).endswith(("/", os.sep)):
        target = target / default
    return target


def _write(target: Path, document: bytes) -> Path:
    """Write atomically: a reader never sees half a report."""
    target.parent.mkdir(parents=True, exist_ok=True)
    temporary = target.with_name(f".{target.name}.tmp")
    temporary.write_bytes(document)
    os.replace(temporary, target)
    return target


# --- from the inputs the caller read ----------------------------------------------------------------------


def followup_of(inputs: ReportInputs, titles: Mapping[str, str]) -> Followup:
    """The changes since the last meeting held (or the last days without one) and the next meeting, as the
    report words them."""
    if inputs.followup_problem:
        return Followup(problem=inputs.followup_problem)
    lines = change_lines(inputs.changes, titles, active_region().names)
    coming = inputs.next_meeting
    next_meeting = t.MEETING_TEXT.format(name=coming.name, date=format_date(coming.held_on)) if coming else ""
    held = inputs.last_meeting
    return Followup(tuple(lines), inputs.since, held.name if held else "", next_meeting)


def _entered_text(entry: object) -> str:
    by = str(getattr(entry, "entered_by", ""))
    if user_name(by) != by:
        return t.FROM_PLAN_FILE
    return t.ENTERED_BY.format(user=by, entered=entered_time(getattr(entry, "entered_at", None)))


def content_for(inputs: ReportInputs, *, generated_at: dt.datetime | None = None) -> ReportContent:
    """The report's content from what the caller read once (`report_inputs.read_report_inputs`): the action
    programme as followed up, the changes since the last meeting, every goal."""
    state = inputs.state
    actions = None
    if inputs.actions is not None:
        actions = with_followup(inputs.actions, state.kind_statuses("action"), state.action_changes,
                                entered=_entered_text)
    titles = {g.id: g.label for g in inputs.plan.goals}
    if actions is not None:
        titles.update({str(int(n)): str(text) for n, text in zip(actions["number"], actions["text"], strict=True)})
    content = report_content(
        inputs.plan, inputs.results, inputs.region, final=inputs.final, state=state, actions=actions,
        actions_problem=inputs.actions_problem, followup=followup_of(inputs, titles),
        provenances=inputs.provenances, generated_at=generated_at,
    )
    content = peer_report.with_peers(content, inputs.peers, active_region(), str(inputs.peers_problem))
    if inputs.peers is not None:  # the comparison's tables in the appendix of sources too
        listed = {row.dataset for row in content.sources}
        extra = [row for row in _source_rows({"": inputs.peers.provenances}) if row.dataset not in listed]
        content = replace(content, sources=(*content.sources, *extra))
    if inputs.round is not None:  # the report made for a reporting round (issue 22)
        content = round_view.with_round(content, inputs.round, active_region(), inputs.region)
    return content


def report_for(
    inputs: ReportInputs,
    path: str | os.PathLike[str] | None = None,
    *,
    fmt: Format = "html",
    with_charts: bool = True,
    generated_at: dt.datetime | None = None,
) -> Path:
    """The statusrapport (or, read as final, the sluttrapport) from `inputs`, written to `path` as `fmt` (see
    `build_report`)."""
    content = content_for(inputs, generated_at=generated_at)
    return _write(_target(path, inputs.region, inputs.final, fmt), render(content, fmt, with_charts=with_charts))
