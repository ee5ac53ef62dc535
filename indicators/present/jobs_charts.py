"""The jobs and commuting charts, built once here (and cached per view by the page), each with one message
in its title, the data behind it and its sources.

Builders are handed what they need: the frame they draw and its sources (the page or meeting mode reads them once
through ui.data), plain arguments (region code, year, direction, scope) and, for the goal's claim, the plan's jobs
goal and the numbers its evaluation gave (see `goal_arguments`). They read no cache, never read the plan or
evaluate a goal, and every argument can key ui.data.cached_chart.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import pandas as pd
import plotly.graph_objects as go

from indicators import commuting, jobs
from indicators.formatting import format_number, format_percent, format_signed
from indicators.goals import Goal, GoalResult
from indicators.model import Provenance
from indicators.present import charts, texts
from indicators.present.charts import Chart
from indicators.present.texts import jobs as words
from indicators.regions import active_region
from indicators.safe_text import plotly_label

REMAINDER_COLOUR = "#8C8C8C"


def goal_arguments(result: GoalResult | None) -> dict[str, Any]:
    """What `jobs_trend` needs from the page's evaluation of the jobs goal (nothing without a goal)."""
    if result is None:
        return {}
    return {"goal": result.goal, "change": result.change, "change_ratio": result.change_ratio}


def _latest_note(frame: pd.DataFrame) -> str:
    return words.LATEST_NOTE.format(year=jobs.latest_known(frame)[0])


def _join_names(names: list[str]) -> str:
    """['A', 'B', 'C'] -> 'A, B og C'."""
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])}{words.AND}{names[-1]}"


def _value(frame: pd.DataFrame, region: str, period: int) -> float | None:
    rows = frame[(frame["region_code"] == region) & (frame["period"] == period)]["value"]
    return None if rows.empty or pd.isna(rows.iloc[0]) else float(rows.iloc[0])


def _emphasise(fig: go.Figure, region: str) -> go.Figure:
    """In a chart of the members and the region, make the chosen member stand out and fade the others."""
    active = active_region()
    if region == active.id:
        return fig
    chosen = active.region_name(region)
    for trace in fig.data:
        if trace.name == chosen:
            trace.line.width = 6
            trace.marker.size = 10
        elif trace.name != active.name:
            trace.opacity = 0.35
    return fig


# --- jobs ---------------------------------------------------------------------------------------------------


def jobs_trend(
    region: str, frame: pd.DataFrame, sources: list[Provenance], goal: Goal | None = None,
    change: float | None = None, change_ratio: float | None = None,
) -> Chart:
    """Jobs in one region over time (`frame`: its jobs_total); with the plan's jobs goal, the title says how far
    they moved since its baseline year, with the change the page's evaluation computed (`goal_arguments`)."""
    name = active_region().region_name(region)
    if goal is None:
        title = words.TREND_PLAIN_TITLE.format(name=name)
    elif change is not None:
        verb = words.TREND_GREW if change > 0 else (words.TREND_SHRANK if change < 0 else words.TREND_STILL)
        amount = words.TREND_AMOUNT.format(
            amount=format_number(abs(change)), ratio=format_percent(change_ratio, signed=True)
        ) if change else ""
        title = words.TREND_TITLE.format(name=name, verb=verb, amount=amount, base_year=goal.baseline_period)
    else:
        title = words.TREND_TOO_FEW.format(name=name, base_year=goal.baseline_period)
    fig = charts.line_chart(frame, title=title, provenances=sources, y_title=words.Y_JOBS, note=_latest_note(frame))
    return Chart(fig, frame, sources, words.TREND_EXPORT.format(name=name), f"arbeidsplassar_{region}")


def jobs_municipalities(
    frame: pd.DataFrame, sources: list[Provenance], goal: Goal | None = None,
    changes: tuple[tuple[str, float | None], ...] = (),
) -> Chart:
    """Jobs in each member (`frame`: jobs_total of every region); with the jobs goal and each member's change since
    its baseline year (code, change: from the page's evaluation per member), the title counts how many have more
    jobs than then."""
    members = frame[frame["region_code"].isin(active_region().member_codes)].reset_index(drop=True)
    title = words.MEMBERS_PLAIN_TITLE
    known = [change for _, change in changes if change is not None]
    if goal is not None and known:
        more = sum(1 for change in known if change > 0)
        title = words.MEMBERS_TITLE.format(more=more, known=len(known), base_year=goal.baseline_period)
    fig = charts.line_chart(members, title=title, provenances=sources, y_title=words.Y_JOBS,
                            note=_latest_note(members))
    return Chart(fig, members, sources, words.fill(words.MEMBERS_EXPORT), "arbeidsplassar_kommunar")


def _compare_title(
    frame: pd.DataFrame, region: str, *, what: str, decimals: int = 1, unit: str = ""
) -> str:
    """The member against the region (for a member) or the region against its first year."""
    active = active_region()
    name = active.region_name(region)
    last = jobs.latest_known(frame)[0]
    own = _value(frame, region, last) if last is not None else None
    if last is None or own is None:
        return words.COMPARE_MISSING.format(name=name, year=last)
    shown = f"{format_number(own, decimals)}{unit}"
    plain = words.COMPARE_PLAIN.format(name=name, shown=shown, what=what, year=last)
    if region == active.id:
        first = int(frame["period"].min())
        start = _value(frame, region, first)
        if start is None or round(start, decimals) == round(own, decimals):
            return plain
        direction = words.COMPARE_UP if own > start else words.COMPARE_DOWN
        return words.COMPARE_SINCE.format(name=name, shown=shown, what=what, year=last, direction=direction,
                                          start=f"{format_number(start, decimals)}{unit}", first=first)
    whole = _value(frame, active.id, last)
    if whole is None:
        return plain
    higher, lower, same = words.LEVEL_RELATIONS if unit else words.COUNT_RELATIONS
    relation = higher if own > whole else (lower if own < whole else same)
    return words.COMPARE_WITH_REGION.format(name=name, shown=shown, what=what, year=last, relation=relation,
                                            region=active.name, whole=f"{format_number(whole, decimals)}{unit}")


def jobs_per_100(region: str, frame: pd.DataFrame, sources: list[Provenance]) -> Chart:
    """Jobs per 100 residents aged 15–74 for the members and the region (`frame`: jobs_by_workplace of every
    region)."""
    per_100 = frame[frame["measure"] == jobs.JOBS_PER_100].drop(columns="measure").reset_index(drop=True)
    title = _compare_title(per_100, region, what=words.PER_100_WHAT)
    fig = charts.line_chart(per_100, title=title, provenances=sources, y_title=words.Y_PER_100,
                            hover_format=".1f", note=_latest_note(per_100))
    _emphasise(fig, region)
    return Chart(fig, per_100, sources, words.PER_100_EXPORT, f"per_100_{region}")


def employment_rate(region: str, frame: pd.DataFrame, sources: list[Provenance]) -> Chart:
    """Employed residents as a share of the residents aged 15–74, for the members and the region (`frame`:
    employed_by_residence of every region)."""
    rate = frame[frame["measure"] == jobs.EMPLOYMENT_RATE].drop(columns="measure").reset_index(drop=True)
    title = _compare_title(rate, region, what=words.RATE_WHAT, unit=words.RATE_UNIT)
    fig = charts.line_chart(rate, title=title, provenances=sources, y_title=words.Y_PERCENT, hover_format=".1f",
                            note=_latest_note(rate))
    _emphasise(fig, region)
    return Chart(fig, rate, sources, words.RATE_EXPORT, f"sysselsetjingsdel_{region}")


# --- commuting ------------------------------------------------------------------------------------------------


def peer_words(region: str) -> dict[str, Any]:
    """For a peer region (a composite other than the plan's own): its name and number of municipalities in the
    texts' {region} and {members_word}; nothing for the plan's region or a municipality."""
    active = active_region()
    if region == active.id or region not in active.composites:
        return {}
    return {"region": active.region_name(region), "members_word": texts.number_word(len(active.composites[region]))}


def fill_for(template: str, own: dict[str, Any], **extra: Any) -> str:
    """`words.fill`, or for a peer region (`own`: `peer_words`) the template with the peer's words."""
    return texts.fill(template, **own, **extra) if own else words.fill(template, **extra)


def net_commuting_by_municipality(
    balance: pd.DataFrame, sources: list[Provenance], year: int, region: str | None = None,
    members: Sequence[str] | None = None,
) -> Chart:
    """Net in-commuting per member in one year (`balance`: the commuting indicator of every region); the chosen
    member's name is in bold. `members`: the municipalities shown (default: the plan region's; a peer's)."""
    active = active_region()
    region = region or active.id
    net = balance[(balance["flow"] == commuting.NET) & (balance["period"] == year)].drop(columns="flow")
    shown_codes = list(members) if members is not None else list(active.member_codes)
    rows = net[net["region_code"].isin(shown_codes)].sort_values("value").reset_index(drop=True)
    # plotly's pseudo-HTML: the name escaped for plotly (safe_text.plotly_label), the chosen member in bold
    labels = [f"<b>{plotly_label(n)}</b>" if code == region else plotly_label(n)
              for code, n in zip(rows["region_code"], rows["region_name"], strict=True)]
    fig = go.Figure(go.Bar(
        x=rows["value"], y=rows["region_name"], orientation="h",
        marker_color=[charts.PALETTE[0] if v >= 0 else charts.PALETTE[3] for v in rows["value"].fillna(0)],
        text=[format_signed(v) for v in rows["value"]], textposition="outside", cliponaxis=False,
        hovertemplate="%{y}: %{x:+,.0f}<extra></extra>",
    ))
    gaining = list(rows[rows["value"] > 0].sort_values("value", ascending=False)["region_name"])
    if not gaining:
        title = words.NET_ALL_OUT.format(year=year)
    elif len(gaining) == len(rows):
        title = words.NET_ALL_IN.format(year=year)
    else:
        only = words.NET_ONLY if len(gaining) <= 2 else ""
        title = words.NET_SOME.format(only=only, names=_join_names(gaining), year=year)
    charts.finish_figure(fig, title=title, provenances=sources, integer_years=False,
                         note=fill_for(words.NET_NOTE, peer_words(region)))
    limit = float(rows["value"].abs().max()) if rows["value"].notna().any() else 1.0
    fig.update_xaxes(title=dict(text=words.NET_AXIS), tickformat=",~r", range=[-limit * 1.25, limit * 1.25])
    fig.update_yaxes(title=dict(text=""), tickformat="", tickvals=list(rows["region_name"]), ticktext=labels)
    return Chart(fig, net.reset_index(drop=True), sources, words.NET_EXPORT.format(year=year),
                 f"netto_pendling_{year}_{region}")


def commuting_over_time(region: str, frame: pd.DataFrame, sources: list[Provenance]) -> Chart:
    """In-, out- and net commuting across the region's border over time (`frame`: the region's commuting
    indicator)."""
    active = active_region()
    balance = frame
    shown = balance[balance["flow"].isin([commuting.INBOUND, commuting.OUTBOUND, commuting.NET])].copy()
    shown["flow_label"] = shown["flow"].map(words.FLOW_LABELS)
    name = active.region_name(region)
    net = balance[balance["flow"] == commuting.NET].dropna(subset=["value"]).sort_values("period")
    if net.empty:
        title = words.OVER_TIME_PLAIN_TITLE.format(name=name)
    else:
        last, value = int(net["period"].iloc[-1]), float(net["value"].iloc[-1])
        if value < 0:
            title = words.OVER_TIME_OUT.format(name=name, net=format_signed(value), year=last)
        elif value > 0:
            title = words.OVER_TIME_IN.format(name=name, net=format_signed(value), year=last)
        else:
            title = words.OVER_TIME_EVEN.format(name=name, year=last)
    border = (fill_for(words.BORDER_REGION, peer_words(region)) if region in active.composites
              else words.BORDER_MEMBER.format(name=name))
    fig = charts.line_chart(shown, title=title, provenances=sources, y_title=words.Y_PERSONS, colour_by="flow",
                            label_by="flow_label", note=words.OVER_TIME_NOTE.format(border=border))
    fig.add_hline(y=0, line=dict(color=charts.INK, width=1))
    return Chart(fig, balance, sources, words.OVER_TIME_EXPORT.format(name=name), f"pendling_over_tid_{region}")


def largest_flows(
    region: str, flows: pd.DataFrame, sources: list[Provenance], year: int, direction: str, scope: str
) -> Chart:
    """The largest commuting flows out of or into a region in one year (the rest folded into one grey bar).

    `flows`: indicators.commuting.largest_flows for these arguments; `scope` as there ("region", "rest",
    "all"). An empty selection gives a Chart with empty `data` (the page says so instead of drawing it).
    """
    active = active_region()
    name = active.region_name(region)
    heading = words.DIRECTION_HEADINGS[direction].format(name=name)
    # the file name keeps the scope's URL value (the region's id), as links and earlier exports have it
    scope_key = active.id if scope == "region" else scope
    key = f"straumar_{direction}_{region}_{scope_key}_{year}"
    export_title = words.FLOWS_EXPORT.format(heading=heading, year=year)
    fig = go.Figure()
    if flows.empty:
        return Chart(fig, flows, sources, export_title, key)
    shown = flows.iloc[::-1]
    named_rows = shown["counterpart_code"] != commuting.OTHERS_CODE
    groups = (
        (shown["inside_region"] & named_rows, fill_for(words.FLOWS_INSIDE, peer_words(region)), charts.PALETTE[2]),
        (~shown["inside_region"] & named_rows, fill_for(words.FLOWS_OUTSIDE, peer_words(region)), charts.PALETTE[0]),
        (~named_rows, words.FLOWS_REST, REMAINDER_COLOUR),
    )
    for mask, label, colour in groups:
        part = shown[mask]
        if part.empty:
            continue
        fig.add_trace(go.Bar(
            x=part["value"], y=part["counterpart_name"], orientation="h", marker_color=colour, name=label,
            customdata=part["share"] * 100, text=[format_number(v) for v in part["value"]],
            textposition="outside", cliponaxis=False, hovertemplate=words.FLOWS_HOVER,
        ))
    named = flows[flows["counterpart_code"] != commuting.OTHERS_CODE]
    total = float(flows["value"].sum())
    if named.empty:
        title = heading
    else:
        top = named.iloc[0]
        title = words.FLOWS_TITLE.format(who=words.FLOWS_WHO[direction].format(name=name),
                                         top=top["counterpart_name"], value=format_number(top["value"]),
                                         total=format_number(total), year=year)
    charts.finish_figure(fig, title=title, provenances=sources, integer_years=False,
                         height=max(420, 120 + 40 * len(shown)))
    limit = float(shown["value"].max())
    fig.update_xaxes(title=dict(text=words.Y_PERSONS), tickformat=",~r", range=[0, limit * 1.15])
    fig.update_yaxes(title=dict(text=""), tickformat="", categoryorder="array",
                     categoryarray=list(shown["counterpart_name"]))
    return Chart(fig, flows, sources, export_title, key)


def commuting_within_region(inside: pd.DataFrame, sources: list[Provenance], year: int,
                            members: Sequence[str] | None = None) -> Chart:
    """Who commutes between the members in one year (`inside`: indicators.commuting.flows_within_region): a
    residence × workplace grid with the numbers. `members`: a peer region's municipalities (default: the plan
    region's)."""
    active = active_region()
    names = [m.name for m in active.members] if members is None else [active.region_name(c) for c in members]
    own: dict[str, Any] = {} if members is None else next(
        (peer_words(code) for code, parts in active.composites.items() if tuple(members) == tuple(parts)), {})
    matrix = inside.pivot_table(index="region_name", columns="workplace_name", values="value", aggfunc="sum")
    matrix = matrix.reindex(index=names, columns=names)
    cells = [list(zip(names, values, strict=True)) for values in matrix.to_numpy()]
    text = [[format_number(v) if pd.notna(v) else (words.GRID_OWN if row == col else words.GRID_NONE)
             for col, v in row_cells] for row, row_cells in zip(names, cells, strict=True)]
    # Absent flows between two members are 0 (the extract only holds flows above 0); the diagonal is empty.
    z = [[None if row == col else (0.0 if pd.isna(v) else float(v)) for col, v in row_cells]
         for row, row_cells in zip(names, cells, strict=True)]
    fig = go.Figure(go.Heatmap(
        z=z, x=names, y=names, text=text, texttemplate="%{text}", textfont=dict(size=charts.BASE_FONT_SIZE),
        colorscale=[[0, "#F2F7FB"], [1, charts.PALETTE[0]]], showscale=False, xgap=2, ygap=2,
        hovertemplate=words.GRID_HOVER,
    ))
    if inside.empty:
        title = fill_for(words.GRID_EMPTY, own, year=year)
    else:
        top = inside.iloc[0]
        title = fill_for(words.GRID_TITLE, own, origin=top["region_name"], destination=top["workplace_name"],
                         value=format_number(top["value"]), year=year)
    charts.finish_figure(fig, title=title, provenances=sources, integer_years=False,
                         height=max(560, 200 + 60 * len(names)), note=words.GRID_NOTE)
    fig.update_xaxes(title=dict(text=words.GRID_X), side="top", tickformat="", showgrid=False)
    fig.update_yaxes(title=dict(text=words.GRID_Y), tickformat="", autorange="reversed", showgrid=False)
    fig.update_layout(margin=dict(t=140))
    return Chart(fig, inside, sources, fill_for(words.GRID_EXPORT, own, year=year),
                 f"innanfor_{year}" + (f"_{'_'.join(members)}" if members is not None else ""))


# --- jobs by industry (only after a refresh) --------------------------------------------------------------


def industry_change(region: str, frame: pd.DataFrame, sources: list[Provenance], base_year: int, last_year: int
                    ) -> Chart:
    """Change in jobs per industry between two years (`frame`: the region's jobs_by_industry), largest growth at
    the top."""
    growth = jobs.industry_change(frame, base_year, last_year).dropna(subset=["change"])
    shown = growth.iloc[::-1]
    name = active_region().region_name(region)
    fig = go.Figure(go.Bar(
        x=shown["change"], y=shown["industry_name"], orientation="h",
        marker_color=[charts.PALETTE[2] if v >= 0 else charts.PALETTE[3] for v in shown["change"]],
        text=[format_signed(v) for v in shown["change"]], textposition="outside", cliponaxis=False,
        hovertemplate="%{y}: %{x:+,.0f}<extra></extra>",
    ))
    years = {"name": name, "base_year": base_year, "last_year": last_year}
    if growth.empty:
        title = words.INDUSTRY_EMPTY.format(**years)
    else:
        top = growth.iloc[0]
        if top["change"] > 0:
            title = words.INDUSTRY_TOP.format(industry=top["industry_name"], change=format_signed(top["change"]),
                                              **years)
        else:
            title = words.INDUSTRY_NONE.format(**years)
    charts.finish_figure(fig, title=title, provenances=sources, integer_years=False,
                         height=max(420, 120 + 34 * len(shown)))
    low = min(0.0, float(growth["change"].min())) if not growth.empty else 0.0
    high = max(0.0, float(growth["change"].max())) if not growth.empty else 1.0
    margin = (high - low) * 0.15 or 1.0  # room for the value labels outside the bars
    fig.update_xaxes(title=dict(text=words.INDUSTRY_AXIS), tickformat=",~r", range=[low - margin, high + margin])
    fig.update_yaxes(title=dict(text=""), tickformat="")
    return Chart(fig, growth, sources, words.INDUSTRY_EXPORT.format(name=name),
                 f"naering_{region}_{base_year}_{last_year}")
