"""The statusrapport: every goal of the plan for one region, with numbers, status and charts, in one document.

Format: ONE self-contained HTML file that prints well on A4 (print CSS, page breaks kept out of goal
sections), not a PDF. Why:
- no new dependency: a PDF library (WeasyPrint, ReportLab) is not in requirements.txt, and Chromium's own
  print-to-PDF would tie the report to a browser on the server; the HTML builds even where no browser is
  installed (the charts are then replaced by a plain sentence; every number is still in the tables);
- the council's secretariat can open it in any browser, print it or "Skriv ut → Lagre som PDF" for the
  meeting papers, and paste text from it; screen readers read it (real headings and tables, not images);
- the charts are SVG (vector, sharp on paper) embedded as data: URIs, so the file has no outside links
  and each chart's SVG ids cannot clash with another's.

The builders take the plan and its goals already evaluated (`build_report_html`, `build_report`); the CLI
(`python -m indicators report`) evaluates once and hands them over, or calls `report_for`, the one function
here that loads the plan and evaluates goals.
"""

from __future__ import annotations

import base64
import datetime as dt
import html
import math
import os
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path

import pandas as pd
import plotly.graph_objects as go

from indicators import cache, progress
from indicators.formatting import format_date, format_number, format_percent
from indicators.goals import GoalResult, Plan, load_plan
from indicators.model import SSB_ATTRIBUTION, Provenance
from indicators.plan_state import PlanState, evaluate_final, evaluate_plan, read_state
from indicators.present import charts, images, texts
from indicators.present.badges import badge_html
from indicators.present.changes import assessed_text, history_lines
from indicators.present.goal_charts import goal_figure
from indicators.present.headlines import headline
from indicators.present.texts import report as t
from indicators.regions import active_region

REPORT_CHART_WIDTH = 760  # about the printed column's CSS width, so chart text prints at its own size
REPORT_CHART_HEIGHT = 420

_CSS = """
@page { size: A4; margin: 16mm 15mm 18mm 15mm; }
* { box-sizing: border-box; }
html { font-family: "Source Sans Pro", "Helvetica Neue", Arial, sans-serif; color: #1A1A1A; font-size: 11pt;
       line-height: 1.4; -webkit-print-color-adjust: exact; print-color-adjust: exact; }
body { max-width: 190mm; margin: 0 auto; padding: 12mm 0; }
h1 { font-size: 22pt; margin: 0 0 2mm; }
h2 { font-size: 16pt; margin: 9mm 0 3mm; border-bottom: 2px solid #1A1A1A; padding-bottom: 1mm; }
h3 { font-size: 12.5pt; margin: 0 0 1.5mm; }
p { margin: 1.5mm 0; }
.lead { font-size: 12pt; }
.muted, .source { color: #4D4D4D; font-size: 9.5pt; }
table { border-collapse: collapse; width: 100%; margin: 2mm 0 4mm; font-size: 9.5pt; }
thead { display: table-header-group; }
th, td { text-align: left; vertical-align: top; padding: 1.2mm 1.6mm; border-bottom: 1px solid #BDBDBD; }
th { background: #F0F0F0; }
td.num, th.num { text-align: right; white-space: nowrap; font-variant-numeric: tabular-nums; }
tr, .goal { break-inside: avoid; page-break-inside: avoid; }
.goal { border: 1px solid #BDBDBD; border-radius: 2mm; padding: 3mm 4mm; margin: 3mm 0 5mm; }
.headline { font-size: 13pt; font-weight: 600; margin: 2mm 0; }
.badge { display: inline-block; padding: 0.5mm 2.2mm; border-radius: 1.5mm; font-weight: 600;
         white-space: nowrap; font-size: 9.5pt; }
.chart img { width: 100%; height: auto; display: block; margin: 2mm 0; }
.nochart { border: 1px dashed #8C8C8C; padding: 3mm; color: #4D4D4D; font-size: 9.5pt; }
.summary { display: flex; flex-wrap: wrap; gap: 2mm 5mm; margin: 2mm 0 4mm; }
.area { break-before: page; page-break-before: always; }
.area:first-of-type { break-before: auto; page-break-before: auto; }
footer { margin-top: 10mm; }
.explanation { display: block; color: #4D4D4D; font-size: 8.5pt; margin-top: 0.8mm; }
.chart, figure, .chart img { break-inside: avoid; page-break-inside: avoid; }
.history { font-size: 9pt; color: #333333; margin: 1mm 0 3mm; padding-left: 5mm; break-inside: avoid; }
.history li { margin: 0.4mm 0; white-space: pre-wrap; }
.followup { color: #4D4D4D; font-size: 9pt; }
.added { font-style: italic; }
.dropped td { color: #6B6B6B; text-decoration: line-through; }
.dropped td.revision { text-decoration: none; }
@media screen { body { padding: 12mm 8mm; } }
"""


def _e(text: object) -> str:
    return html.escape(str(text), quote=True)


def badge(status: str) -> str:
    """The one status badge (present/badges), sized by the report's CSS."""
    return badge_html(status, size_px=None, css_class="badge")


def explanation(result: GoalResult) -> str:
    """Which branch and which numbers gave the status, as a small line under the badge ('' for none)."""
    text = result.assessment.explanation if result.assessment is not None else ""
    return f'<span class="explanation">{_e(text)}</span>' if text else ""


def goal_provenances(result: GoalResult, cache_directory: str | os.PathLike[str] | None = None) -> list[Provenance]:
    """The manifests of the datasets a goal's indicator reads."""
    return cache.manifests(result.spec.datasets, cache_directory) if result.spec is not None else []


def _number(value: float | None) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–"
    decimals = 0 if abs(value) >= 100 or float(value).is_integer() else 1
    return format_number(value, decimals)


def _svg_img(fig: go.Figure, alt: str) -> str:
    svg = images.render_image(fig, "svg", width=REPORT_CHART_WIDTH, height=REPORT_CHART_HEIGHT)
    encoded = base64.b64encode(svg).decode("ascii")
    return f'<div class="chart"><img alt="{_e(alt)}" src="data:image/svg+xml;base64,{encoded}"></div>'


def _goal_row(result: GoalResult, state: PlanState | None = None) -> str:
    goal = result.goal
    describe = result.spec.describe_period if result.spec else (lambda y: "–" if y is None else str(y))
    status = f"<td>{badge(result.status)}{explanation(result)}</td>"
    if goal.kind == "qualitative":
        note = goal.status_note or t.NO_STATUS_NOTE
        return f'<tr><td>{_e(goal.label)}</td>{status}<td colspan="4">{_e(note)}{_followup(goal.id, state)}</td></tr>'
    if not goal.measured:
        missing = _e(t.NOT_MEASURED.format(source=goal.planned_source))
        return f'<tr><td>{_e(goal.label)}</td>{status}<td colspan="4" class="muted">{missing}</td></tr>'
    change = format_percent(result.change_ratio, signed=True) if result.change_ratio is not None else "–"
    return (
        f"<tr><td>{_e(goal.label)}</td>{status}{_figure_cells(result, describe)}"
        f'<td class="num">{change}</td></tr>'
    )


def _figure_cells(result: GoalResult, describe: Callable[[int | None], str]) -> str:
    """Baseline, latest value and target as table cells (the statusrapport and the sluttrapport alike)."""
    goal = result.goal
    target = "–"
    if result.target.value is not None:
        target = f"{_number(result.target.value)} ({_e(describe(result.target.period))})"
    elif goal.direction:
        target = t.DIRECTION_WORDS.get(goal.direction, goal.direction)
    return (
        f'<td class="num">{_number(result.baseline.value)}<br><span class="muted">'
        f"{_e(describe(result.baseline.period))}</span></td>"
        f'<td class="num">{_number(result.latest.value)}<br><span class="muted">'
        f"{_e(describe(result.latest.period))}</span></td>"
        f'<td class="num">{target}</td>'
    )


def _followup(item_id: str, state: PlanState | None) -> str:
    """Who assessed the item and when (from the database), as a small escaped line; '' without an entry."""
    entry = state.status(item_id) if state is not None else None
    return f'<br><span class="followup">{_e(assessed_text(entry))}</span>' if entry is not None else ""


def _history(label: str, item_id: str, state: PlanState | None) -> str:
    """The item's status history (newest first) as an escaped list; '' when it has none."""
    entries = state.history(item_id) if state is not None else []
    if not entries:
        return ""
    items = "".join(f"<li>{_e(line)}</li>" for line in history_lines(entries))
    return (f'<div class="history-block"><p class="muted">{_e(t.HISTORY_HEADING.format(label=label))}</p>'
            f'<ul class="history">{items}</ul></div>')


def _goal_section(
    result: GoalResult, provenances: Sequence[Provenance], figures: Mapping[str, go.Figure | None],
    with_charts: bool, why_not: str,
) -> str:
    goal = result.goal
    text = headline(result)
    parts = [f'<section class="goal" id="mal-{_e(goal.id)}">', f"<h3>{_e(goal.label)}</h3>"]
    parts.append(f"<p>{badge(result.status)}{explanation(result)}</p>")
    parts.append(f'<p class="headline">{_e(text.sentence)}</p>')
    if goal.short_title and goal.title != goal.short_title:
        parts.append(f'<p class="muted">{_e(t.PLAN_WORDING.format(title=goal.title))}</p>')
    if text.detail:
        parts.append(f"<p>{_e(text.detail)}</p>")
    fig = figures.get(goal.id)
    if fig is not None:
        if with_charts:
            try:
                parts.append(_svg_img(fig, t.CHART_ALT.format(sentence=text.sentence)))
            except images.ImageExportError as exc:
                parts.append(f'<p class="nochart">{_e(t.CHART_MISSING.format(reason=exc))}</p>')
        else:
            parts.append(f'<p class="nochart">{_e(t.CHART_MISSING.format(reason=why_not))}</p>')
        parts.append(_series_table(result))
    if goal.note:
        parts.append(f'<p class="muted">{_e(goal.note)}</p>')
    if result.entered_label:
        parts.append(f'<p class="source">{_e(t.ENTERED_FIGURES.format(label=result.entered_label))}</p>')
    source = charts.source_line(provenances) or (t.SOURCE_FROM_GOAL.format(source=goal.source) if goal.source else "")
    if source:
        parts.append(f'<p class="source">{_e(source)}</p>')
    parts.append("</section>")
    return "\n".join(parts)


def _section_figures(
    results: Sequence[GoalResult], provenance_of: Mapping[str, Sequence[Provenance]], charts_on: bool
) -> dict[str, go.Figure | None]:
    """Each reported goal's chart (no title: the section heading names the goal). The browser that draws them is
    started at once, in the background, if any of them has not been drawn before (images.is_drawn)."""
    figures = {
        r.goal.id: goal_figure(r, provenance_of[r.goal.id], title="")
        for r in results if r.goal.measured or r.entered_label
    }
    if charts_on and any(
        not images.is_drawn(fig, "svg", width=REPORT_CHART_WIDTH, height=REPORT_CHART_HEIGHT)
        for fig in figures.values() if fig is not None
    ):
        images.start_in_background()
    return figures


def _series_table(result: GoalResult) -> str:
    """The last years of the series as a small table, so the numbers are on paper even without the chart."""
    series = result.series.dropna(subset=["value"]).sort_values("period").tail(6)
    head = "".join(f'<th class="num">{int(p)}</th>' for p in series["period"])
    body = "".join(f'<td class="num">{_number(float(v))}</td>' for v in series["value"])
    label = result.goal.unit.capitalize() if result.goal.unit else t.SERIES_VALUE
    when = result.spec.period_label.replace("{year}", "").strip() if result.spec else ""
    if when:
        label = f"{label} ({when})"
    return (
        f"<table><thead><tr><th>{_e(t.SERIES_YEAR)}</th>{head}</tr></thead>"
        f"<tbody><tr><td>{_e(label)}</td>{body}</tr></tbody></table>"
    )


def _table_head(headers: Sequence[str], numeric_from: int) -> str:
    cells = "".join(
        f'<th class="num">{_e(h)}</th>' if index >= numeric_from else f"<th>{_e(h)}</th>"
        for index, h in enumerate(headers)
    )
    return f"<thead><tr>{cells}</tr></thead>"


def build_report_html(
    plan: Plan,
    results: Sequence[GoalResult],
    region: str,
    *,
    cache_directory: str | os.PathLike[str] | None = None,
    with_charts: bool = True,
    generated_at: dt.datetime | None = None,
    state: PlanState | None = None,
) -> str:
    """The statusrapport as one HTML document (str), from the plan and its goals evaluated for `region`;
    `state` (the follow-up database's) adds who assessed each goal and when, and its status history.

    Charts need a browser; without one they are left out with a sentence saying why, and everything else is
    still there. Raises UnknownRegionError for a region the region file does not know."""
    known = active_region()
    known.validate(region)
    generated_at = generated_at or dt.datetime.now(dt.UTC)
    why_not = images.unavailable_reason() or ""
    charts_on = with_charts and not why_not
    if not with_charts:
        why_not = t.WITHOUT_CHARTS
    provenance_of: dict[str, list[Provenance]] = {
        r.goal.id: goal_provenances(r, cache_directory) for r in results
    }
    name = known.region_name(region)

    counts: dict[str, int] = {}
    for r in results:
        counts[r.status] = counts.get(r.status, 0) + 1
    summary = "".join(
        f"<span>{badge(status)} {counts[status]}</span>" for status in progress.STATUS_LABELS if status in counts
    )
    measured = [r for r in results if r.goal.measured]
    intro = t.INTRO.format(count=len(results), areas=len(plan.areas), measured=len(measured))

    out = [
        "<!DOCTYPE html>",
        '<html lang="nn">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{_e(texts.fill(t.TITLE, known, name=name))}</title>",
        f"<style>{_CSS}</style>",
        "</head>",
        "<body>",
        "<header>",
        f"<h1>{_e(texts.fill(t.HEADING, known))}</h1>",
        f'<p class="lead">{t.LEAD.format(name=_e(name), date=_e(format_date(generated_at)))}</p>',
        f"<p>{_e(intro)}</p>",
        f'<div class="summary">{summary}</div>',
        _data_status(results, provenance_of),
        "</header>",
    ]
    if plan.problems:
        out.append(t.GOALS_FILE_PROBLEMS.format(items="".join(f"<li>{_e(p)}</li>" for p in plan.problems)))
    figures = _section_figures(results, provenance_of, charts_on)
    for area in plan.areas:
        area_results = [r for r in results if r.goal.area == area.id]
        if not area_results:
            continue
        out.append(f'<section class="area" id="omrade-{_e(area.id)}">')
        out.append(f"<h2>{_e(area.name)}</h2>")
        if area.subtitle:
            out.append(f'<p class="muted">{_e(area.subtitle)}</p>')
        out.append(
            f"<table>{_table_head(t.TABLE_HEADERS, numeric_from=2)}"
            "<tbody>" + "".join(_goal_row(r, state) for r in area_results) + "</tbody></table>"
        )
        for r in area_results:
            if r.goal.measured or r.entered_label:
                out.append(_goal_section(r, provenance_of[r.goal.id], figures, charts_on, why_not))
        out.extend(_reported(area_results, state))
        out.append("</section>")
    out.append(_method_footer())
    out += ["</body>", "</html>"]
    return "\n".join(out)


def _reported(results: Sequence[GoalResult], state: PlanState | None) -> list[str]:
    """Under an area: who reported each qualitative goal and when (the plan file's, without a database), and
    every goal's status history."""
    out = []
    for r in results:
        goal = r.goal
        if state is None or not state.available:
            if goal.kind == "qualitative" and (goal.reported_by or goal.reviewed):
                who = goal.reported_by or t.NOT_GIVEN
                when = format_date(goal.reviewed) if goal.reviewed else t.NOT_REVIEWED
                out.append(f'<p class="muted">{_e(t.REPORTED.format(label=goal.label, who=who, when=when))}</p>')
            continue
        history = _history(goal.label, goal.id, state)
        if history:
            out.append(history)
    return out


def _data_status(results: Sequence[GoalResult], provenance_of: dict[str, list[Provenance]]) -> str:
    seen: dict[str, Provenance] = {}
    for r in results:
        for p in provenance_of.get(r.goal.id, []):
            seen.setdefault(p.dataset, p)
    if not seen:
        return f"<p>{_e(t.NO_DATASETS)}</p>"
    rows = []
    for p in seen.values():
        table = t.DATA_TABLE.format(table=p.table_id) if p.table_id else ""
        updated = format_date(p.source_updated) if p.source_updated else t.SOURCE_UPDATED_NOT_GIVEN
        rows.append(
            f"<tr><td>{_e(p.title)}</td><td>{_e(p.source + table)}</td>"
            f"<td>{_e(updated)}</td><td>{_e(format_date(p.retrieved_at))}</td></tr>"
        )
    return f"<table>{_table_head(t.DATA_HEADERS, numeric_from=99)}<tbody>" + "".join(rows) + "</tbody></table>"


def _method_footer() -> str:
    labels = progress.STATUS_LABELS
    method = t.METHOD.format(
        on_track=labels["on_track"], acceleration=labels["acceleration_needed"], limited=labels["limited"],
        deterioration=labels["deterioration"], not_applicable=labels["not_applicable"],
        on_track_p=format_number(progress.ON_TRACK_THRESHOLD, 2),
        acceleration_p=format_number(progress.ACCELERATION_THRESHOLD, 1),
        direction_on_track=format_percent(progress.DIRECTION_ON_TRACK_RATE),
        direction_acceleration=format_percent(progress.DIRECTION_ACCELERATION_RATE),
    )
    return (
        f"<footer><h2>{_e(t.METHOD_HEADING)}</h2><p>{method}</p>"
        f"<p>{_e(t.LICENCE.format(attribution=SSB_ATTRIBUTION))}</p>"
        f'<p class="muted">{_e(texts.fill(t.MADE_WITH))}</p>'
        "</footer>"
    )


def default_report_filename(region: str, today: dt.date | None = None) -> str:
    today = today or dt.date.today()
    return t.FILENAME.format(code=region, date=today.isoformat())


def build_report(
    plan: Plan,
    results: Sequence[GoalResult],
    region: str,
    path: str | os.PathLike[str] | None = None,
    *,
    cache_directory: str | os.PathLike[str] | None = None,
    with_charts: bool = True,
    generated_at: dt.datetime | None = None,
    state: PlanState | None = None,
) -> Path:
    """Write the statusrapport for `region`, from its evaluated `results`, to `path` (a file, or a folder for
    the default name); returns the file written. `state`: see `build_report_html`.

    Raises UnknownRegionError (Nynorsk message) for an unknown region code before anything is written.
    Written atomically.
    """
    active_region().validate(region)
    target = Path(path) if path else Path(default_report_filename(region))
    if target.is_dir() or str(path).endswith(("/", os.sep)):
        target = target / default_report_filename(region)
    document = build_report_html(
        plan, results, region, cache_directory=cache_directory, with_charts=with_charts, generated_at=generated_at,
        state=state,
    )
    return _write(target, document)


def _write(target: Path, document: str) -> Path:
    """Write atomically: a reader never sees half a report."""
    target.parent.mkdir(parents=True, exist_ok=True)
    temporary = target.with_name(f".{target.name}.tmp")
    temporary.write_text(document, encoding="utf-8")
    os.replace(temporary, target)
    return target


def report_for(
    region: str,
    path: str | os.PathLike[str] | None = None,
    *,
    plan: Plan | None = None,
    goals_path: str | os.PathLike[str] | None = None,
    cache_directory: str | os.PathLike[str] | None = None,
    with_charts: bool = True,
    generated_at: dt.datetime | None = None,
) -> Path:
    """Load the plan (unless given) with its state from the follow-up database, evaluate every goal once for
    `region`, and write the report (see `build_report`). With `final_report_for`, the only places in this module
    that load the plan or evaluate goals."""
    active_region().validate(region)  # refuse an unknown region before reading anything
    state = read_state(plan if plan is not None else load_plan(goals_path))
    results = evaluate_plan(state, region, cache_directory)
    return build_report(
        state.plan, results, region, path, cache_directory=cache_directory, with_charts=with_charts,
        generated_at=generated_at, state=state,
    )


# --- the sluttrapport -----------------------------------------------------------------------------------------


def default_final_filename(region: str) -> str:
    plan = active_region().plan
    return t.FINAL_FILENAME.format(code=region, start=plan.start, end=plan.end)


def _final_row(result: GoalResult, state: PlanState | None, plan_end: int) -> str:
    goal = result.goal
    describe = result.spec.describe_period if result.spec else (lambda y: "–" if y is None else str(y))
    status = f"<td>{badge(result.status)}{explanation(result)}</td>"
    entry = state.status(goal.id) if state is not None else None
    assessed = f'<td class="followup">{_e(assessed_text(entry))}</td>' if entry is not None else "<td>–</td>"
    if goal.kind == "qualitative":
        note = goal.status_note or t.NO_STATUS_NOTE
        return f'<tr><td>{_e(goal.label)}</td>{status}<td colspan="3">{_e(note)}</td>{assessed}</tr>'
    if result.latest.value is None and result.baseline.value is None:
        missing = t.FINAL_NO_VALUE.format(end=plan_end) if (goal.measured or result.entered_label) else \
            t.NOT_MEASURED.format(source=goal.planned_source)
        return f'<tr><td>{_e(goal.label)}</td>{status}<td colspan="3" class="muted">{_e(missing)}</td>{assessed}</tr>'
    return f"<tr><td>{_e(goal.label)}</td>{status}{_figure_cells(result, describe)}{assessed}</tr>"


def _final_actions(actions: pd.DataFrame | None, problem: str) -> list[str]:
    """The action programme's final statuses (a frame from plan_actions.with_followup), added and dropped marked."""
    out = [f'<section class="area" id="tiltak"><h2>{_e(t.FINAL_ACTIONS_HEADING)}</h2>']
    if actions is None:
        out.append(f"<p>{_e(t.FINAL_ACTIONS_MISSING.format(reason=problem))}</p></section>")
        return out
    added = int((actions["origin"] == "added").sum()) if "origin" in actions else 0
    dropped = int(actions["dropped"].sum()) if "dropped" in actions else 0
    out.append(f"<p>{_e(t.FINAL_ACTIONS_INTRO.format(count=len(actions), added=added, dropped=dropped))}</p>")
    counts = actions["status"].value_counts()
    out.append('<div class="summary">' + "".join(
        f"<span>{badge(status)} {int(counts[status])}</span>" for status in progress.STATUS_LABELS
        if status in counts) + "</div>")
    rows = []
    for row in actions.to_dict("records"):
        classes = " ".join(c for c in ("dropped" if row.get("dropped") else "",
                                        "added" if row.get("origin") == "added" else "") if c)
        who = " ".join(p for p in (row.get("reported_by") or "", format_date(row["reviewed"]) if row.get("reviewed")
                                   else "") if p)
        note = f'<br><span class="muted">{_e(row["status_note"])}</span>' if row.get("status_note") else ""
        rows.append(
            f'<tr class="{classes}"><td class="num">{int(row["number"])}</td><td>{_e(row["text"])}</td>'
            f'<td>{_e(row.get("responsible") or "")}</td><td>{badge(row["status"])}{note}</td>'
            f'<td>{_e(who or "–")}</td><td class="revision">{_e(row.get("revision") or "")}</td></tr>'
        )
    out.append(f"<table>{_table_head(t.FINAL_ACTIONS_HEADERS, numeric_from=99)}<tbody>{''.join(rows)}</tbody></table>")
    out.append("</section>")
    return out


def build_final_report_html(
    plan: Plan,
    results: Sequence[GoalResult],
    region: str,
    *,
    state: PlanState | None = None,
    actions: pd.DataFrame | None = None,
    actions_problem: str = "",
    cache_directory: str | os.PathLike[str] | None = None,
    with_charts: bool = True,
    generated_at: dt.datetime | None = None,
) -> str:
    """The Sluttrapport for the plan period (the region file's) as one HTML document, print-ready on A4 like the
    statusrapport: each goal's final value at the plan's end (`results` evaluated as at the end, see
    plan_state.evaluate_final), its status and status history, and each action's final status (`actions`: the
    programme as followed up, plan_actions.with_followup; None with `actions_problem` when it could not be read)."""
    known = active_region()
    known.validate(region)
    generated_at = generated_at or dt.datetime.now(dt.UTC)
    why_not = images.unavailable_reason() or ""
    charts_on = with_charts and not why_not
    if not with_charts:
        why_not = t.WITHOUT_CHARTS
    provenance_of = {r.goal.id: goal_provenances(r, cache_directory) for r in results}
    name = known.region_name(region)
    counts: dict[str, int] = {}
    for r in results:
        counts[r.status] = counts.get(r.status, 0) + 1
    summary = "".join(
        f"<span>{badge(status)} {counts[status]}</span>" for status in progress.STATUS_LABELS if status in counts
    )
    out = [
        "<!DOCTYPE html>", '<html lang="nn">', "<head>", '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{_e(texts.fill(t.FINAL_TITLE, known, name=name))}</title>",
        f"<style>{_CSS}</style>", "</head>", "<body>", "<header>",
        f"<h1>{_e(texts.fill(t.FINAL_HEADING, known))}</h1>",
        f'<p class="lead">{texts.fill(t.FINAL_LEAD, known, name=_e(name), date=_e(format_date(generated_at)))}</p>',
        f"<p>{_e(texts.fill(t.FINAL_INTRO, known, after=known.plan.end + 1))}</p>",
        f'<div class="summary">{summary}</div>',
    ]
    if state is not None and not state.available:
        out.append(f'<p class="muted">{_e(t.DATABASE_MISSING.format(reason=state.problem))}</p>')
    out.append(_data_status(results, provenance_of))
    out.append("</header>")
    if plan.problems:
        out.append(t.GOALS_FILE_PROBLEMS.format(items="".join(f"<li>{_e(p)}</li>" for p in plan.problems)))
    figures = _section_figures([r for r in results if not r.series.empty], provenance_of, charts_on)
    for area in plan.areas:
        area_results = [r for r in results if r.goal.area == area.id]
        if not area_results:
            continue
        out.append(f'<section class="area" id="omrade-{_e(area.id)}"><h2>{_e(area.name)}</h2>')
        if area.subtitle:
            out.append(f'<p class="muted">{_e(area.subtitle)}</p>')
        out.append(
            f"<table>{_table_head(t.FINAL_TABLE_HEADERS, numeric_from=2)}<tbody>"
            + "".join(_final_row(r, state, known.plan.end) for r in area_results) + "</tbody></table>"
        )
        for r in area_results:
            if (r.goal.measured or r.entered_label) and not r.series.empty:
                out.append(_goal_section(r, provenance_of[r.goal.id], figures, charts_on, why_not))
        out.extend(_reported(area_results, state))
        out.append("</section>")
    out.extend(_final_actions(actions, actions_problem))
    out.append(_method_footer())
    out += ["</body>", "</html>"]
    return "\n".join(out)


def build_final_report(
    plan: Plan,
    results: Sequence[GoalResult],
    region: str,
    path: str | os.PathLike[str] | None = None,
    **options: object,
) -> Path:
    """Write the sluttrapport (see `build_final_report_html`, whose keyword options it takes) to `path` (a file,
    or a folder for the default name); returns the file written."""
    active_region().validate(region)
    target = Path(path) if path else Path(default_final_filename(region))
    if target.is_dir() or str(path).endswith(("/", os.sep)):
        target = target / default_final_filename(region)
    document = build_final_report_html(plan, results, region, **options)  # type: ignore[arg-type]
    return _write(target, document)


def final_report_for(
    region: str,
    path: str | os.PathLike[str] | None = None,
    *,
    plan: Plan | None = None,
    goals_path: str | os.PathLike[str] | None = None,
    cache_directory: str | os.PathLike[str] | None = None,
    with_charts: bool = True,
    generated_at: dt.datetime | None = None,
) -> Path:
    """Load the plan with its state from the follow-up database, evaluate every goal as at the plan's end and
    read the action programme as followed up, then write the sluttrapport."""
    from indicators.plan_actions import ActionsFileError, load_actions, with_followup

    known = active_region()
    known.validate(region)
    state = read_state(plan if plan is not None else load_plan(goals_path))
    results = evaluate_final(state, region, known.plan.end, cache_directory)
    actions, problem = None, ""
    try:
        frame = load_actions(areas={a.id: a.name for a in state.plan.areas}).frame
        actions = with_followup(frame, state.statuses, state.action_changes)
    except ActionsFileError as exc:
        problem = str(exc)
    return build_final_report(
        state.plan, results, region, path, state=state, actions=actions, actions_problem=problem,
        cache_directory=cache_directory, with_charts=with_charts, generated_at=generated_at,
    )
