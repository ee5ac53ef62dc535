"""The climate charts (Klima page): built here once, so the page, meeting mode and exports agree.

Emission figures exist only for the years in the imported file (2009, 2011, 2013, 2015 and every year after),
so every chart draws one bar per real year on a year axis whose ticks are exactly those years: nothing
suggests a value for the years in between. The target path is the plan's line, not data, and is drawn dashed.

Builders draw what they are handed: the region's frame of the indicator and its sources (the page or meeting mode
reads them once, through ui.data), the plan's Goal (looked up in the page's one evaluation), the per-member goal
table (indicators.emissions_goal.municipality_goals); they read no cache, plan or database themselves. Text from a
file (sector names) and from the region file is escaped for plotly's pseudo-HTML (safe_text.plotly_label).
"""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from indicators import emissions
from indicators.emissions_goal import GoalLine, goal_line
from indicators.formatting import format_number, format_percent
from indicators.goals import Goal, Plan
from indicators.model import Provenance
from indicators.present import charts
from indicators.present.charts import Chart
from indicators.present.texts import climate as t
from indicators.present.texts import common, fill
from indicators.present.texts import part_time as part_time_texts
from indicators.regions import region_name
from indicators.safe_text import markdown_literal, plotly_label

MISSING_MARK = ".."
# the units and measures are read from the texts (t.SHORT_UNIT, t.SECTOR_MEASURES …) when a chart is built, in
# its language

# Fixed colours per sector (Okabe–Ito first, then two from Paul Tol's muted set) so a sector keeps its
# colour across regions and releases.
SECTOR_COLOURS: dict[str, str] = {
    "Veitrafikk": "#0072B2",
    "Jordbruk": "#009E73",
    "Oppvarming": "#D55E00",
    "Annen mobil forbrenning": "#E69F00",
    "Avfall og avløp": "#CC79A7",
    "Energiforsyning": "#56B4E9",
    "Industri, olje og gass": "#4D4D4D",
    "Luftfart": "#882255",
    "Sjøfart": "#999933",
    "Produkter med fluorgasser": "#F0E442",
}
OTHER_SECTOR_COLOUR = "#B3B3B3"
INFLUENCE_COLOURS: dict[str, str] = {
    emissions.INFLUENCE_WITHIN: "#009E73",
    emissions.INFLUENCE_OUTSIDE: "#6B6B6B",
    emissions.INFLUENCE_UNCLASSIFIED: "#C8C8C8",
}
EMISSIONS_COLOUR = charts.PALETTE[0]


def goal_missing_text(plan: Plan | None) -> str:
    """Why the emissions goal cannot be assessed (see emissions_goal.emissions_goal); `plan` None = unreadable
    goals file."""
    after = t.GOAL_MISSING_AFTER
    if plan is None:
        return t.GOAL_FILE_UNREADABLE.format(after=after)
    if not plan.loaded:  # a region with members only
        return fill(common.NO_PLAN_GOAL)
    missing = t.GOAL_NOT_IN_PLAN.format(indicator=emissions.GOAL_INDICATOR)
    if plan.problems:
        return t.GOAL_FILE_PROBLEM.format(missing=missing, problem=plan.problems[0], after=after)
    return t.GOAL_MISSING.format(missing=missing, after=after)


def goal_target_text(goal: Goal) -> str:
    """The goal in a few words, from its numbers: '−25 % frå 2009 innan 2025'."""
    if goal.target_change is not None:
        return t.GOAL_TARGET_CHANGE.format(change=format_percent(goal.target_change, 0, signed=True),
                                               base=goal.baseline_period, target_period=goal.target_period)
    if goal.target_value is not None:
        return t.GOAL_TARGET_LEVEL.format(value=format_number(goal.target_value), unit=goal.unit,
                                              target_period=goal.target_period)
    wanted = t.LOWER if goal.direction == "decrease" else t.HIGHER
    return t.GOAL_DIRECTION.format(wanted=wanted, base=goal.baseline_period)


def full_year_equivalent_explanation() -> str:
    return fill(t.FULL_YEAR_EQUIVALENT_EXPLANATION, note=fill(part_time_texts.FULL_YEAR_EQUIVALENT_NOTE))


# ------------------------------------------------------------------------------------------- helpers


def release_note(sources: list[Provenance], with_files: bool = False) -> str:
    """'Utgåve med tal til og med 2023' for the emissions provenance (with the file names, as markdown code
    spans, if asked), or ''.

    Figures leave the file names out: one file per member would not fit on the source line."""
    for p in sources:
        if p.dataset == emissions.DATASET:
            extra = p.extra or {}
            release = extra.get("release")
            text = fill(t.RELEASE_NOTE, release=release) if release else t.RELEASE_NOTE_UNKNOWN
            # File names are the uploader's words: shown literally, never as markdown (links, images).
            files = ", ".join(markdown_literal(f["file_name"]) for f in extra.get("files", []) if f.get("file_name"))
            return fill(t.RELEASE_FILES, text=text, files=files) if files and with_files else text
    return ""


def _note(sources: list[Provenance], *more: str) -> str:
    return ". ".join(part for part in (release_note(sources), *more) if part)


def _missing_note(missing: bool) -> str:
    return fill(t.MISSING_NOTE) if missing else ""


def _name(region: str) -> str:
    return plotly_label(region_name(region))


def _year_axis(fig: go.Figure, years: list[int]) -> None:
    """Ticks only at the real years; a little room either side of the first and last bar."""
    years = sorted(set(years))
    if not years:
        return
    fig.update_xaxes(
        tickmode="array", tickvals=years, ticktext=[str(y) for y in years], tickangle=-45 if len(years) > 16 else 0,
        range=[years[0] - 0.8, years[-1] + 0.8], showgrid=False,
    )


def _mark_missing(fig: go.Figure, frame: pd.DataFrame) -> None:
    """A «..» at the foot of each year without a number, so a gap is read as missing, not as zero."""
    for period in sorted(frame.loc[frame["value"].isna(), "period"].unique()):
        fig.add_annotation(
            x=int(period), y=0, yref="y", text=MISSING_MARK, showarrow=False, yanchor="bottom",
            font=dict(size=charts.BASE_FONT_SIZE, color=charts.MUTED),
        )


def _change_text(ratio: float) -> str:
    """−0.123 -> '12,3 % lågare'; 0.05 -> '5,0 % høgare'."""
    if ratio == 0:
        return t.EQUALLY_HIGH
    return fill(t.CHANGE_WORDS, percent=format_percent(abs(ratio)), direction=t.LOWER if ratio < 0 else t.HIGHER)


# ------------------------------------------------------------------------------------------- goal


def _target_words(line: GoalLine) -> str:
    """'25 % lågare' (a relative goal) or '60 000 tonn' (a level)."""
    if line.target_change is not None:
        return fill(t.CHANGE_WORDS, percent=format_percent(abs(line.target_change), 0),
                    direction=t.LOWER if line.target_change < 0 else t.HIGHER)
    return fill(t.GOAL_TARGET_TONNES, value=format_number(line.target_value)) if line.target_value is not None else ""


def _goal_title(name: str, line: GoalLine | None) -> str:
    if line is None:
        return fill(t.GOAL_TITLE_NO_GOAL, name=name)
    if line.base_value is None:
        return fill(t.GOAL_TITLE_NO_BASE, name=name, base=line.base_period)
    if line.current_value is None or line.current_period is None:
        return fill(t.GOAL_TITLE_ONLY_BASE, name=name, base=line.base_period)
    change = line.current_value / line.base_value - 1
    base = (
        fill(t.GOAL_BASE_FELL_BACK, base=line.base_period, missing=line.requested_base_period)
        if line.base_fell_back else str(line.base_period)
    )
    return fill(t.GOAL_TITLE, name=name, change=_change_text(change), current=line.current_period, base=base,
                target=_target_words(line), target_period=line.target_period)


def goal_chart(region: str, frame: pd.DataFrame, sources: list[Provenance], goal: Goal | None = None) -> Chart:
    """Total emissions per real year (`frame`: the region's emissions_total) as bars and, from the plan's
    emissions goal (`goal`, handed over by the caller), the target path (baseline → target year, dashed) and the
    target level. Without a goal: the bars alone, and a title that says the plan has no climate goal."""
    name = _name(region)
    totals = frame.reset_index(drop=True)
    line = goal_line(goal, totals) if goal is not None else None

    fig = go.Figure()
    fig.add_trace(go.Bar(
        x=totals["period"], y=totals["value"], name=t.GOAL_EMISSIONS_TRACE, marker_color=EMISSIONS_COLOUR,
        hovertemplate=t.HOVER_TONNES,
    ))
    path_rows: list[dict[str, object]] = []
    target_years: list[int] = []
    if line is not None and line.path and line.target_value is not None:
        change = line.target_change
        label = fill(t.GOAL_PATH_LABEL_CHANGE, change=format_percent(change, 0)) if change is not None else (
            t.GOAL_PATH_LABEL
        )
        charts.add_target_path(fig, list(line.path), label=label)
        target_trace = fill(t.GOAL_TARGET_TRACE, period=line.target_period)
        fig.add_trace(go.Scatter(
            x=[line.target_period], y=[line.target_value], mode="markers+text", name=target_trace,
            marker=dict(symbol="diamond", size=16, color=charts.TARGET_COLOUR, line=dict(color="#FFFFFF", width=1)),
            text=[fill(t.GOAL_TARGET_TEXT, value=format_number(line.target_value))], textposition="top center",
            textfont=dict(color=charts.TARGET_COLOUR, size=charts.BASE_FONT_SIZE),
            hovertemplate=target_trace + ": %{y:,.0f} " + t.SHORT_UNIT + "<extra></extra>",
            showlegend=False,
        ))
        path_rows = [
            {"region_code": region, "region_name": region_name(region), "period": p, "series": "target_path",
             "value": v, "status": ""}
            for p, v in line.path
        ]
        target_years = [line.target_period]
    charts.finish_figure(
        fig, title=_goal_title(name, line), provenances=sources, y_title=t.Y_TITLE,
        note=_note(sources, _missing_note(bool(totals["value"].isna().any()))),
    )
    _year_axis(fig, [*totals["period"].astype(int), *target_years])
    _mark_missing(fig, totals)
    fig.update_yaxes(rangemode="tozero")
    data = pd.concat(
        [totals.assign(series="emissions"), pd.DataFrame(path_rows)], ignore_index=True
    )[["region_code", "region_name", "period", "series", "value", "status"]]
    return Chart(fig, data, sources, fill(t.GOAL_CHART_NAME, name=region_name(region)), f"klima_maal_{region}")


# ------------------------------------------------------------------------------------------- sectors


def _sector_order(frame: pd.DataFrame) -> list[str]:
    """Largest sector (over all years) first, so it sits at the bottom of every stack."""
    sums = frame.groupby("sector")["value"].sum(min_count=1).fillna(0).sort_values(ascending=False)
    return list(sums.index)


def sector_chart(region: str, frame: pd.DataFrame, sources: list[Provenance], measure: str = "tonnes") -> Chart:
    """Emissions by sector (`frame`: the region's emissions_by_sector), one stacked bar per real year; `measure`
    "share" stacks to 100 %."""
    if measure not in t.SECTOR_MEASURES:
        raise ValueError(fill(t.UNKNOWN_MEASURE, measure=measure, choices=", ".join(t.SECTOR_MEASURES)))
    name = _name(region)
    totals = frame.groupby("period")["value"].sum(min_count=1)
    largest = emissions.largest_sector(frame)
    if largest is not None:
        sector, year, share = largest
        title = fill(t.SECTOR_TITLE_TOP, sector=plotly_label(sector), name=name, year=year,
                     share=format_percent(share, 0))
    else:
        title = fill(t.SECTOR_TITLE, name=name)

    fig = go.Figure()
    for sector in _sector_order(frame):
        rows = frame[frame["sector"] == sector].sort_values("period")
        fig.add_trace(go.Bar(
            x=rows["period"], y=rows["value"], name=plotly_label(sector),
            marker_color=SECTOR_COLOURS.get(sector, OTHER_SECTOR_COLOUR),
            hovertemplate=t.HOVER_NAMED_TONNES,
        ))
    missing = bool(totals.isna().any()) if len(totals) else False
    share = measure == "share"
    charts.finish_figure(
        fig, title=title, provenances=sources, y_title=t.SHARE_Y_TITLE if share else t.Y_TITLE, height=600,
        note=_note(sources, _missing_note(missing)),
    )
    if share:
        fig.update_yaxes(ticksuffix=" %", range=[0, 100])
        fig.update_traces(hovertemplate=t.HOVER_NAMED_SHARE)
    fig.update_layout(
        barmode="stack",
        barnorm="percent" if share else None,
        legend=dict(orientation="v", x=1.01, xanchor="left", y=1, yanchor="top", traceorder="reversed"),
        margin=dict(r=20),
    )
    _year_axis(fig, list(frame["period"].astype(int)))
    _mark_missing(fig, totals.rename("value").reset_index())
    return Chart(fig, frame, sources, fill(t.SECTOR_TITLE, name=region_name(region)),
                 f"klima_sektor_{region}_{measure}")


# ------------------------------------------------------------------------------------------- influence


def influence_chart(region: str, frame: pd.DataFrame, sources: list[Provenance]) -> Chart:
    """Emissions largely within municipal influence vs mostly outside it (`frame`: the region's
    emissions_by_influence), one stacked bar per real year."""
    name = _name(region)
    within = emissions.share_within_influence(frame)
    if within is not None:
        title = fill(t.INFLUENCE_TITLE_SHARE, share=format_percent(within[1], 0), name=name, year=within[0])
    else:
        title = fill(t.INFLUENCE_TITLE, name=name)

    fig = go.Figure()
    for influence in (emissions.INFLUENCE_WITHIN, emissions.INFLUENCE_OUTSIDE, emissions.INFLUENCE_UNCLASSIFIED):
        rows = frame[frame["influence"] == influence].sort_values("period")
        if rows.empty or (influence == emissions.INFLUENCE_UNCLASSIFIED and not rows["value"].fillna(0).any()):
            continue
        fig.add_trace(go.Bar(
            x=rows["period"], y=rows["value"], name=t.INFLUENCE_LABELS[influence],
            marker_color=INFLUENCE_COLOURS[influence], hovertemplate=t.HOVER_NAMED_TONNES,
        ))
    charts.finish_figure(fig, title=title, provenances=sources, y_title=t.Y_TITLE, note=_note(sources))
    fig.update_layout(barmode="stack")
    _year_axis(fig, list(frame["period"].astype(int)))
    labelled = frame.assign(influence_label=frame["influence"].map(t.INFLUENCE_LABELS))
    return Chart(fig, labelled, sources, fill(t.INFLUENCE_CHART_NAME, name=region_name(region)),
                 f"klima_paaverknad_{region}")


# ------------------------------------------------------------------------------------------- per person


def per_resident_chart(region: str, frame: pd.DataFrame, sources: list[Provenance]) -> Chart:
    """Emissions per resident (`frame`: emissions.per_resident of the region's totals; `sources`: the emissions'
    and the population's), one bar per real year."""
    name = _name(region)
    known = frame.dropna(subset=["value"]).sort_values("period")
    if len(known) >= 2:
        first, last = known.iloc[0], known.iloc[-1]
        verb = t.PER_RESIDENT_FELL if last["value"] < first["value"] else (
            t.PER_RESIDENT_ROSE if last["value"] > first["value"] else t.PER_RESIDENT_STILL
        )
        title = fill(t.PER_RESIDENT_TITLE_CHANGE, name=name, verb=verb, first=format_number(first["value"], 1),
                     last=format_number(last["value"], 1), start=int(first["period"]), end=int(last["period"]))
    elif len(known) == 1:
        only = known.iloc[0]
        title = fill(t.PER_RESIDENT_TITLE_ONE, name=name, value=format_number(only["value"], 1),
                     year=int(only["period"]))
    else:
        title = fill(t.PER_RESIDENT_TITLE, name=name)
    fig = go.Figure(go.Bar(
        x=frame["period"], y=frame["value"], name=t.PER_RESIDENT_TRACE, marker_color=EMISSIONS_COLOUR,
        hovertemplate=t.HOVER_PER_RESIDENT,
    ))
    charts.finish_figure(
        fig, title=title, provenances=sources, y_title=t.PER_PERSON_Y_TITLE, note=_note(sources, t.PER_RESIDENT_NOTE),
    )
    fig.update_yaxes(tickformat=",~r")
    _year_axis(fig, list(frame["period"].astype(int)))
    _mark_missing(fig, frame)
    return Chart(fig, frame, sources, fill(t.PER_RESIDENT_CHART_NAME, name=region_name(region)),
                 f"klima_per_innbyggjar_{region}")


# ------------------------------------------------------------------------------------------- municipalities


def municipality_change_chart(goal: Goal | None, table: pd.DataFrame, sources: list[Provenance]) -> Chart:
    """Change since the goal's baseline year per member (horizontal bars) against the goal's target change.
    `table` is indicators.emissions_goal.municipality_goals of the members' evaluations; without a goal the
    caller hands an empty table (the page says why). `sources`: the emissions' provenance."""
    measured = table.dropna(subset=["change_ratio"])
    falling = int((measured["change_ratio"] < 0).sum())
    since = fill(t.MUNICIPALITIES_SINCE, base=goal.baseline_period) if goal is not None else t.MUNICIPALITIES_OVER_TIME
    if len(measured):
        title = fill(t.MUNICIPALITIES_TITLE_FALLING, since=since, falling=falling, count=len(measured))
    else:
        title = fill(t.MUNICIPALITIES_TITLE, since=since)
    shown = measured.sort_values("change_ratio", ascending=False)
    labels = [
        fill(t.MUNICIPALITY_LABEL, name=plotly_label(n), year=int(p))
        for n, p in zip(shown["region_name"], shown["current_period"], strict=True)
    ]
    fig = go.Figure(go.Bar(
        x=shown["change_ratio"] * 100, y=labels, orientation="h",
        marker_color=EMISSIONS_COLOUR,
        hovertemplate=t.HOVER_CHANGE + since + "<extra></extra>",
    ))
    values = [*(shown["change_ratio"] * 100), 0.0]
    if goal is not None and goal.target_change is not None:
        target = goal.target_change * 100
        values.append(target)
        fig.add_vline(x=target, line=dict(color=charts.TARGET_COLOUR, dash="dash", width=3))
        fig.add_annotation(
            x=target, y=1, yref="paper", yanchor="bottom", showarrow=False,
            text=fill(t.MUNICIPALITIES_TARGET, period=goal.target_period, change=format_percent(goal.target_change, 0)),
            font=dict(color=charts.TARGET_COLOUR),
        )
    charts.finish_figure(
        fig, title=title, provenances=sources, integer_years=False, height=max(380, 140 + 48 * len(shown)),
        note=_note(sources, t.MUNICIPALITY_NOTE),
    )
    fig.update_xaxes(title=dict(text=fill(t.MUNICIPALITIES_X_TITLE, since=since)), ticksuffix=" %",
                     zeroline=True, zerolinecolor=charts.INK, range=[min(values) - 8, max(values) + 8])
    fig.update_yaxes(title=dict(text=""), tickformat="")
    return Chart(fig, table, sources, fill(t.MUNICIPALITIES_CHART_NAME, since=since), "klima_kommunar")
