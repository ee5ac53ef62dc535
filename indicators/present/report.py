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

`build_report(region, path)` is the CLI entry (`python -m indicators report`).
"""

from __future__ import annotations

import base64
import datetime as dt
import html
import math
import os
from collections.abc import Sequence
from pathlib import Path

import plotly.graph_objects as go

from indicators import cache, progress
from indicators.formatting import format_date, format_number, format_percent
from indicators.goals import GoalResult, Plan, evaluate_goal, load_plan
from indicators.model import SSB_ATTRIBUTION, Provenance
from indicators.present import charts, images
from indicators.present.headlines import headline
from indicators.regions import HALLINGDAL, region_name, validate_region

PLAN_NAME = "Strategisk plan for Hallingdal 2022–2025"
YEARS_BEFORE_BASELINE = 10  # goal charts start ten years before the baseline: context without clutter
REPORT_CHART_WIDTH = 760  # about the printed column's CSS width, so chart text prints at its own size
REPORT_CHART_HEIGHT = 420
_LIGHT_TEXT_ON = {"#0072B2", "#6B6B6B"}  # badge colours that need white text for 4.5:1 contrast


# --- goal charts (shared with the meeting mode) ------------------------------------------------------------

def goal_provenances(result: GoalResult, cache_directory: str | os.PathLike[str] | None = None) -> list[Provenance]:
    """The manifests of the datasets a goal's indicator reads."""
    if result.spec is None:
        return []
    found = []
    for name in result.spec.datasets:
        manifest = cache.read_manifest(name, cache_directory)
        if manifest is not None:
            found.append(manifest)
    return found


def scale_text(fig: go.Figure, factor: float) -> go.Figure:
    """Make every text, line and margin of a finished figure `factor` times larger (for a projector)."""
    base = charts.BASE_FONT_SIZE
    margin = fig.layout.margin
    template_margin = fig.layout.template.layout.margin if fig.layout.template else None

    def grown(value: float | None, fallback: float) -> float:
        return (value if value is not None else fallback) * factor

    fig.update_layout(
        font=dict(size=grown(fig.layout.font.size, base)),
        title=dict(font=dict(size=grown(fig.layout.title.font.size, base + 6))),
        legend=dict(font=dict(size=grown(fig.layout.legend.font.size, base - 2))),
        hoverlabel=dict(font=dict(size=grown(None, base - 2))),
        margin=dict(
            l=grown(margin.l, (template_margin.l if template_margin else None) or 70),
            r=grown(margin.r, (template_margin.r if template_margin else None) or 30),
            t=grown(margin.t, (template_margin.t if template_margin else None) or 90),
            b=grown(margin.b, (template_margin.b if template_margin else None) or 110),
        ),
    )
    for axis in ("xaxis", "yaxis"):
        fig.update_layout({axis: dict(tickfont=dict(size=base * factor), title=dict(font=dict(size=base * factor)))})
    for annotation in fig.layout.annotations:
        annotation.font.size = grown(annotation.font.size, base - 4)
        if annotation.yshift:
            annotation.yshift = annotation.yshift * factor
    for trace in fig.data:  # bars have a marker without a size, some traces have no line
        line, marker = getattr(trace, "line", None), getattr(trace, "marker", None)
        if line is not None and getattr(line, "width", None):
            line.width = line.width * factor
        size = getattr(marker, "size", None) if marker is not None else None
        if isinstance(size, int | float):
            marker.size = size * factor
    return fig


def goal_figure(
    result: GoalResult,
    provenances: Sequence[Provenance],
    *,
    title: str | None = None,
    height: int = 520,
    text_scale: float = 1.0,
) -> go.Figure | None:
    """The goal's series for its region, the baseline, and the target path where the goal has a number.

    None when there is nothing to draw (qualitative, unmeasured, or no values at all).
    """
    goal = result.goal
    series = result.series
    if goal.kind != "indicator" or series is None or series.empty or series["value"].notna().sum() == 0:
        return None
    series = series.sort_values("period")
    if goal.baseline_period is not None:
        series = series[series["period"] >= goal.baseline_period - YEARS_BEFORE_BASELINE]
    describe = result.spec.describe_period if result.spec else str
    name = region_name(result.region) if _known_region(result.region) else result.region
    colour = charts.region_colour(result.region)
    fig = go.Figure()
    fig.add_trace(
        go.Scatter(
            x=series["period"], y=series["value"], name=name, mode="lines+markers",
            line=dict(color=colour, width=4), marker=dict(size=8),
            hovertemplate=f"{html.escape(name)}<br>%{{x}}: %{{y:,.0f}}<extra></extra>",
        )
    )
    base, target = result.baseline, result.target
    if base.value is not None and base.period is not None:
        fig.add_trace(
            go.Scatter(
                x=[base.period], y=[base.value], name=f"Utgangspunkt {base.period}", mode="markers",
                marker=dict(size=16, symbol="circle-open", color=charts.INK, line=dict(width=3)),
                hovertemplate="Utgangspunkt %{x}: %{y:,.0f}<extra></extra>",
            )
        )
    if base.value is not None and target.value is not None and target.period is not None:
        assert base.period is not None
        path = progress.target_path(base.period, base.value, target.period, target.value)
        charts.add_target_path(fig, path, label="Målbane")
        fig.add_trace(
            go.Scatter(
                x=[target.period], y=[target.value], name=f"Mål {target.period}", mode="markers",
                marker=dict(size=20, symbol="star", color=charts.TARGET_COLOUR),
                hovertemplate="Mål %{x}: %{y:,.0f}<extra></extra>",
            )
        )
    note = f"Siste tal: {describe(result.latest.period)}." if result.latest.period is not None else ""
    charts.finish_figure(
        fig, title=title if title is not None else goal.label, provenances=provenances,
        y_title=goal.unit.capitalize() if goal.unit else "", note=note, height=height,
    )
    if not title:  # no title line: give its room to the plot (the legend still fits above)
        fig.update_layout(margin=dict(t=40))
    if text_scale != 1.0:
        scale_text(fig, text_scale)
    return fig


def _known_region(code: str) -> bool:
    try:
        region_name(code)
    except ValueError:
        return False
    return True


# --- the report --------------------------------------------------------------------------------------------

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
@media screen { body { padding: 12mm 8mm; } }
"""


def _e(text: object) -> str:
    return html.escape(str(text), quote=True)


def badge(status: str) -> str:
    colour = progress.STATUS_COLOURS.get(status, "#6B6B6B")
    text_colour = "#FFFFFF" if colour in _LIGHT_TEXT_ON else "#000000"
    icon = progress.STATUS_ICONS.get(status, "")
    label = progress.STATUS_LABELS.get(status, status)
    return (
        f'<span class="badge" style="background:{colour};color:{text_colour}">'
        f'<span aria-hidden="true">{_e(icon)}</span> {_e(label)}</span>'
    )


def _number(value: float | None) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–"
    decimals = 0 if abs(value) >= 100 or float(value).is_integer() else 1
    return format_number(value, decimals)


def _svg_img(fig: go.Figure, alt: str) -> str:
    svg = images.render_image(fig, "svg", width=REPORT_CHART_WIDTH, height=REPORT_CHART_HEIGHT)
    encoded = base64.b64encode(svg).decode("ascii")
    return f'<div class="chart"><img alt="{_e(alt)}" src="data:image/svg+xml;base64,{encoded}"></div>'


def _goal_row(result: GoalResult) -> str:
    goal = result.goal
    describe = result.spec.describe_period if result.spec else (lambda y: "–" if y is None else str(y))
    if goal.kind == "qualitative":
        note = goal.status_note or "Ingen statusmerknad registrert."
        return (
            f"<tr><td>{_e(goal.label)}</td><td>{badge(result.status)}</td>"
            f'<td colspan="4">{_e(note)}</td></tr>'
        )
    if not goal.measured:
        return (
            f"<tr><td>{_e(goal.label)}</td><td>{badge(result.status)}</td>"
            f'<td colspan="4" class="muted">Blir ikkje målt enno. Mogleg kjelde: {_e(goal.planned_source)}</td></tr>'
        )
    change = format_percent(result.change_ratio, signed=True) if result.change_ratio is not None else "–"
    target = "–"
    if result.target.value is not None:
        target = f"{_number(result.target.value)} ({_e(describe(result.target.period))})"
    elif goal.direction:
        target = "auke" if goal.direction == "increase" else "nedgang"
    return (
        f"<tr><td>{_e(goal.label)}</td><td>{badge(result.status)}</td>"
        f'<td class="num">{_number(result.baseline.value)}<br><span class="muted">'
        f"{_e(describe(result.baseline.period))}</span></td>"
        f'<td class="num">{_number(result.latest.value)}<br><span class="muted">'
        f"{_e(describe(result.latest.period))}</span></td>"
        f'<td class="num">{target}</td><td class="num">{change}</td></tr>'
    )


def _goal_section(result: GoalResult, provenances: Sequence[Provenance], with_charts: bool, why_not: str) -> str:
    goal = result.goal
    text = headline(result)
    parts = [f'<section class="goal" id="mal-{_e(goal.id)}">', f"<h3>{_e(goal.label)}</h3>"]
    parts.append(f"<p>{badge(result.status)}</p>")
    parts.append(f'<p class="headline">{_e(text.sentence)}</p>')
    if goal.short_title and goal.title != goal.short_title:
        parts.append(f'<p class="muted">Planen: «{_e(goal.title)}»</p>')
    if text.detail:
        parts.append(f"<p>{_e(text.detail)}</p>")
    fig = goal_figure(result, provenances, title="")  # the section heading already names the goal
    if fig is not None:
        if with_charts:
            try:
                parts.append(_svg_img(fig, f"Diagram: {text.sentence}"))
            except images.ImageExportError as exc:
                parts.append(f'<p class="nochart">Diagrammet manglar: {_e(exc)}</p>')
        else:
            parts.append(f'<p class="nochart">Diagrammet manglar: {_e(why_not)}</p>')
        parts.append(_series_table(result))
    if goal.note:
        parts.append(f'<p class="muted">{_e(goal.note)}</p>')
    source = charts.source_line(provenances) or (f"Kjelde: {goal.source}" if goal.source else "")
    if source:
        parts.append(f'<p class="source">{_e(source)}</p>')
    parts.append("</section>")
    return "\n".join(parts)


def _series_table(result: GoalResult) -> str:
    """The last years of the series as a small table, so the numbers are on paper even without the chart."""
    series = result.series.dropna(subset=["value"]).sort_values("period").tail(6)
    head = "".join(f'<th class="num">{int(p)}</th>' for p in series["period"])
    body = "".join(f'<td class="num">{_number(float(v))}</td>' for v in series["value"])
    label = result.goal.unit.capitalize() if result.goal.unit else "Verdi"
    when = result.spec.period_label.replace("{year}", "").strip() if result.spec else ""
    if when:
        label = f"{label} ({when})"
    return (
        f"<table><thead><tr><th>År</th>{head}</tr></thead>"
        f"<tbody><tr><td>{_e(label)}</td>{body}</tr></tbody></table>"
    )


def build_report_html(
    region: str = HALLINGDAL,
    *,
    plan: Plan | None = None,
    cache_directory: str | os.PathLike[str] | None = None,
    with_charts: bool = True,
    generated_at: dt.datetime | None = None,
) -> str:
    """The statusrapport as one HTML document (str). Charts need a browser; without one they are left out
    with a sentence saying why, and everything else is still there."""
    validate_region(region)
    plan = plan or load_plan()
    generated_at = generated_at or dt.datetime.now(dt.UTC)
    why_not = images.unavailable_reason() or ""
    charts_on = with_charts and not why_not
    if not with_charts:
        why_not = "rapporten vart laga utan diagram."
    results = [evaluate_goal(goal, region, cache_directory) for goal in plan.goals]
    provenance_of: dict[str, list[Provenance]] = {
        r.goal.id: goal_provenances(r, cache_directory) for r in results
    }
    name = region_name(region)

    counts: dict[str, int] = {}
    for r in results:
        counts[r.status] = counts.get(r.status, 0) + 1
    summary = "".join(
        f"<span>{badge(status)} {counts[status]}</span>" for status in progress.STATUS_LABELS if status in counts
    )
    measured = [r for r in results if r.goal.measured]

    out = [
        "<!DOCTYPE html>",
        '<html lang="nn">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>Statusrapport – {_e(PLAN_NAME)} – {_e(name)}</title>",
        f"<style>{_CSS}</style>",
        "</head>",
        "<body>",
        "<header>",
        f"<h1>Statusrapport: {_e(PLAN_NAME)}</h1>",
        f'<p class="lead">Region: <strong>{_e(name)}</strong>. Laga {_e(format_date(generated_at))}.</p>',
        f"<p>{len(results)} resultatmål i {len(plan.areas)} innsatsområde. {len(measured)} av dei blir målte "
        "med offisiell statistikk; dei andre er kvalitative (status frå sekretariatet) eller blir ikkje målte "
        "enno.</p>",
        f'<div class="summary">{summary}</div>',
        _data_status(results, provenance_of),
        "</header>",
    ]
    if plan.problems:
        items = "".join(f"<li>{_e(p)}</li>" for p in plan.problems)
        out.append(f"<h2>Feil i målfila</h2><p>Desse måla er ikkje med:</p><ul>{items}</ul>")
    for area in plan.areas:
        area_results = [r for r in results if r.goal.area == area.id]
        if not area_results:
            continue
        out.append(f'<section class="area" id="omrade-{_e(area.id)}">')
        out.append(f"<h2>{_e(area.name)}</h2>")
        if area.subtitle:
            out.append(f'<p class="muted">{_e(area.subtitle)}</p>')
        out.append(
            "<table><thead><tr><th>Mål</th><th>Status</th><th class=\"num\">Utgangspunkt</th>"
            "<th class=\"num\">Siste tal</th><th class=\"num\">Mål</th><th class=\"num\">Endring</th></tr></thead>"
            "<tbody>" + "".join(_goal_row(r) for r in area_results) + "</tbody></table>"
        )
        for r in area_results:
            if r.goal.measured:
                out.append(_goal_section(r, provenance_of[r.goal.id], charts_on, why_not))
        reported = [r for r in area_results if r.goal.kind == "qualitative" and (r.goal.reported_by or r.goal.reviewed)]
        for r in reported:
            who = r.goal.reported_by or "ikkje oppgitt"
            when = format_date(r.goal.reviewed) if r.goal.reviewed else "ikkje vurdert"
            out.append(f'<p class="muted">{_e(r.goal.label)}: rapportert av {_e(who)}, sist vurdert {_e(when)}.</p>')
        out.append("</section>")
    out.append(_method_footer())
    out += ["</body>", "</html>"]
    return "\n".join(out)


def _data_status(results: Sequence[GoalResult], provenance_of: dict[str, list[Provenance]]) -> str:
    seen: dict[str, Provenance] = {}
    for r in results:
        for p in provenance_of.get(r.goal.id, []):
            seen.setdefault(p.dataset, p)
    if not seen:
        return "<p>Ingen datasett i bruk.</p>"
    rows = []
    for p in seen.values():
        table = f", tabell {p.table_id}" if p.table_id else ""
        updated = format_date(p.source_updated) if p.source_updated else "ikkje oppgitt av kjelda"
        rows.append(
            f"<tr><td>{_e(p.title)}</td><td>{_e(p.source + table)}</td>"
            f"<td>{_e(updated)}</td><td>{_e(format_date(p.retrieved_at))}</td></tr>"
        )
    return (
        "<table><thead><tr><th>Datasett</th><th>Kjelde</th><th>Sist oppdatert hjå kjelda</th><th>Henta</th></tr>"
        "</thead><tbody>" + "".join(rows) + "</tbody></table>"
    )


def _method_footer() -> str:
    return (
        "<footer><h2>Metode og kjelder</h2>"
        "<p>Status for målte mål følgjer metoden til Statistics Canada (slik Open SDG brukar han). Grunnlaget er "
        "den gjennomsnittlege årlege endringa r sidan utgangsåret (eller det neste året med tal, om utgangsåret "
        "manglar tal). For mål med eit tal å nå er P = r / |r<sub>mål</sub>|, der r<sub>mål</sub> er den årlege "
        f"endringa som trengst for å nå målet i målåret: «{progress.STATUS_LABELS['on_track']}» når "
        f"P ≥ {format_number(progress.ON_TRACK_THRESHOLD, 2)}, "
        f"«{progress.STATUS_LABELS['acceleration_needed']}» når "
        f"{format_number(progress.ACCELERATION_THRESHOLD, 1)} ≤ P &lt; "
        f"{format_number(progress.ON_TRACK_THRESHOLD, 2)}, «{progress.STATUS_LABELS['limited']}» når "
        f"0 ≤ P &lt; {format_number(progress.ACCELERATION_THRESHOLD, 1)}, og "
        f"«{progress.STATUS_LABELS['deterioration']}» når P &lt; 0. For mål som berre gjev ei retning, er P = r: "
        f"«{progress.STATUS_LABELS['on_track']}» frå {format_percent(progress.DIRECTION_ON_TRACK_RATE)} per år, "
        f"«{progress.STATUS_LABELS['acceleration_needed']}» frå "
        f"{format_percent(progress.DIRECTION_ACCELERATION_RATE)}, «{progress.STATUS_LABELS['limited']}» frå 0; "
        "slike mål blir aldri nådde. Forteiknet er snudd for mål om nedgang. Har utgangsverdien og siste verdi "
        f"ulikt forteikn, eller er utgangsverdien 0, står det «{progress.STATUS_LABELS['not_applicable']}». "
        "Kvalitative mål har status frå sekretariatet.</p>"
        f"<p>{_e(SSB_ATTRIBUTION)}. Tala frå Statistisk sentralbyrå er publiserte under lisensen CC BY 4.0. "
        "Der det ikkje finst tal, seier rapporten det; ingen tal er anslått eller fylte inn.</p>"
        f'<p class="muted">Laga med Hallingdal-dashbordet. {_e(PLAN_NAME)}.</p>'
        "</footer>"
    )


def default_report_filename(region: str, today: dt.date | None = None) -> str:
    today = today or dt.date.today()
    return f"statusrapport-{region}-{today.isoformat()}.html"


def build_report(region: str = HALLINGDAL, path: str | os.PathLike[str] | None = None, **options: object) -> Path:
    """Write the statusrapport for `region` to `path` (a file, or a folder for the default name); returns it.

    Raises UnknownRegionError (Nynorsk message) for an unknown region code. Written atomically.
    """
    validate_region(region)
    target = Path(path) if path else Path(default_report_filename(region))
    if target.is_dir() or str(path).endswith(("/", os.sep)):
        target = target / default_report_filename(region)
    document = build_report_html(region, **options)  # type: ignore[arg-type]
    target.parent.mkdir(parents=True, exist_ok=True)
    temporary = target.with_name(f".{target.name}.tmp")
    temporary.write_text(document, encoding="utf-8")
    os.replace(temporary, target)
    return target
