"""The jobs and commuting charts, built once here (and cached per view by the page), each with one message
in its title, the data behind it and its sources.

Every builder takes only plain arguments (region code, year, direction, scope), so ui.data.cached_chart
can key the cache on them.
"""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from indicators import jobs, jobs_goal
from indicators.formatting import format_number, format_percent, format_signed
from indicators.goals import Goal, GoalFileError, evaluate_goal, load_plan
from indicators.present import charts
from indicators.present.charts import Chart, dataset_sources
from indicators.regions import HALLINGDAL, MUNICIPALITY_CODES, REGION_NAMES, region_name

REMAINDER_COLOUR = "#8C8C8C"
DIRECTION_HEADINGS: dict[str, str] = {
    "out": "Kvar innbyggjarane i {name} arbeider",
    "in": "Kvar dei som arbeider i {name}, bur",
}


def _latest_note(year: int) -> str:
    return f"Siste tal: 4. kvartal {year}"


def _join_names(names: list[str]) -> str:
    """['Gol', 'Ål', 'Hol'] -> 'Gol, Ål og Hol'."""
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} og {names[-1]}"


def _value(frame: pd.DataFrame, region: str, period: int) -> float | None:
    rows = frame[(frame["region_code"] == region) & (frame["period"] == period)]["value"]
    return None if rows.empty or pd.isna(rows.iloc[0]) else float(rows.iloc[0])


def _emphasise(fig: go.Figure, region: str) -> go.Figure:
    """In a chart of the six and Hallingdal, make the chosen municipality stand out and fade the other five."""
    if region == HALLINGDAL:
        return fig
    chosen, whole = region_name(region), region_name(HALLINGDAL)
    for trace in fig.data:
        if trace.name == chosen:
            trace.line.width = 6
            trace.marker.size = 10
        elif trace.name != whole:
            trace.opacity = 0.35
    return fig


def _latest_period(frame: pd.DataFrame) -> int:
    return int(frame.dropna(subset=["value"])["period"].max())


# --- jobs ---------------------------------------------------------------------------------------------------


def _jobs_goal() -> Goal | None:
    """The jobs goal from plan/goals.toml; None when the file lacks it or cannot be read."""
    try:
        return jobs_goal.jobs_goal(load_plan())
    except GoalFileError:
        return None


def jobs_trend(region: str) -> Chart:
    """Jobs in one region over time; the title says how far they moved since the goal's baseline year
    (plan/goals.toml), with the change the goal board computes (indicators.goals.evaluate_goal)."""
    frame = jobs.jobs_total(region)
    name = region_name(region)
    goal = _jobs_goal()
    if goal is None:
        title = f"Arbeidsplassar i {name}"
    else:
        result = evaluate_goal(goal, region)
        if result.change is not None:
            change = result.change
            verb = "auka" if change > 0 else ("minka" if change < 0 else "stått stille")
            amount = (
                f" med {format_number(abs(change))} ({format_percent(result.change_ratio, signed=True)})"
                if change else ""
            )
            title = f"Arbeidsplassane i {name} har {verb}{amount} sidan {goal.baseline_period}"
        else:
            title = f"Arbeidsplassar i {name}: for få år med tal til å vise endringa sidan {goal.baseline_period}"
    sources = dataset_sources(jobs.EMPLOYMENT)
    fig = charts.line_chart(frame, title=title, provenances=sources, y_title="Arbeidsplassar",
                            note=_latest_note(_latest_period(frame)))
    return Chart(fig, frame, sources, f"Arbeidsplassar, {name}", f"arbeidsplassar_{region}")


def jobs_municipalities() -> Chart:
    """Jobs in each of the six municipalities; the title counts how many have more jobs than in the goal's
    baseline year."""
    frame = jobs.jobs_total()
    six = frame[frame["region_code"].isin(MUNICIPALITY_CODES)].reset_index(drop=True)
    last = _latest_period(six)
    goal = _jobs_goal()
    title = "Arbeidsplassar i kvar kommune"
    if goal is not None:
        changes = [evaluate_goal(goal, code).change for code in MUNICIPALITY_CODES]
        known = [c for c in changes if c is not None]
        if known:
            more = sum(1 for c in known if c > 0)
            title = f"{more} av {len(known)} kommunar har fleire arbeidsplassar enn i {goal.baseline_period}"
    sources = dataset_sources(jobs.EMPLOYMENT)
    fig = charts.line_chart(six, title=title, provenances=sources, y_title="Arbeidsplassar",
                            note=_latest_note(last))
    return Chart(fig, six, sources, "Arbeidsplassar i kommunane i Hallingdal", "arbeidsplassar_kommunar")


def _compare_title(
    frame: pd.DataFrame, region: str, *, what: str, decimals: int = 1, unit: str = ""
) -> str:
    """The region against Hallingdal (for a municipality) or against its first year (for Hallingdal)."""
    name = region_name(region)
    last = _latest_period(frame)
    own = _value(frame, region, last)
    if own is None:
        return f"{name} manglar tal for {last}"
    shown = f"{format_number(own, decimals)}{unit}"
    if region == HALLINGDAL:
        first = int(frame["period"].min())
        start = _value(frame, region, first)
        if start is None or round(start, decimals) == round(own, decimals):
            return f"Hallingdal: {shown} {what} i {last}"
        direction = "opp" if own > start else "ned"
        return f"Hallingdal: {shown} {what} i {last}, {direction} frå {format_number(start, decimals)}{unit} i {first}"
    whole = _value(frame, HALLINGDAL, last)
    if whole is None:
        return f"{name}: {shown} {what} i {last}"
    relation = "fleire" if own > whole else ("færre" if own < whole else "like mange")
    if unit:
        relation = "høgare" if own > whole else ("lågare" if own < whole else "same")
    return (f"{name}: {shown} {what} i {last}, {relation} enn Hallingdal samla "
            f"({format_number(whole, decimals)}{unit})")


def jobs_per_100(region: str) -> Chart:
    """Jobs per 100 residents aged 15–74 for the six and Hallingdal."""
    frame = jobs.jobs_by_workplace()
    per_100 = frame[frame["measure"] == jobs.JOBS_PER_100].drop(columns="measure").reset_index(drop=True)
    title = _compare_title(per_100, region, what="arbeidsplassar per 100 innbyggjarar 15–74 år")
    sources = dataset_sources(jobs.EMPLOYMENT)
    fig = charts.line_chart(per_100, title=title, provenances=sources, y_title="Per 100 innbyggjarar",
                            hover_format=".1f", note=_latest_note(_latest_period(per_100)))
    _emphasise(fig, region)
    return Chart(fig, per_100, sources, "Arbeidsplassar per 100 innbyggjarar 15–74 år", f"per_100_{region}")


def employment_rate(region: str) -> Chart:
    """Employed residents as a share of the residents aged 15–74, for the six and Hallingdal."""
    frame = jobs.employed_by_residence()
    rate = frame[frame["measure"] == jobs.EMPLOYMENT_RATE].drop(columns="measure").reset_index(drop=True)
    title = _compare_title(rate, region, what="av innbyggjarane 15–74 år er sysselsette", unit="\u00a0%")
    sources = dataset_sources(jobs.EMPLOYMENT)
    fig = charts.line_chart(rate, title=title, provenances=sources, y_title="Prosent", hover_format=".1f",
                            note=_latest_note(_latest_period(rate)))
    _emphasise(fig, region)
    return Chart(fig, rate, sources, "Sysselsette etter bustad i prosent av innbyggjarane 15–74 år",
                 f"sysselsetjingsdel_{region}")


# --- commuting ------------------------------------------------------------------------------------------------


def net_commuting_by_municipality(year: int, region: str = HALLINGDAL) -> Chart:
    """Net in-commuting per municipality in one year; the chosen municipality's name is in bold."""
    balance = jobs.commuting_balance()
    net = balance[(balance["flow"] == jobs.NET) & (balance["period"] == year)].drop(columns="flow")
    six = net[net["region_code"].isin(MUNICIPALITY_CODES)].sort_values("value").reset_index(drop=True)
    labels = [f"<b>{n}</b>" if code == region else n for code, n in zip(six["region_code"], six["region_name"],
                                                                          strict=True)]
    fig = go.Figure(go.Bar(
        x=six["value"], y=six["region_name"], orientation="h",
        marker_color=[charts.PALETTE[0] if v >= 0 else charts.PALETTE[3] for v in six["value"].fillna(0)],
        text=[format_signed(v) for v in six["value"]], textposition="outside", cliponaxis=False,
        hovertemplate="%{y}: %{x:+,.0f}<extra></extra>",
    ))
    gaining = list(six[six["value"] > 0].sort_values("value", ascending=False)["region_name"])
    if not gaining:
        title = f"Alle kommunane har fleire utpendlarar enn innpendlarar ({year})"
    elif len(gaining) == len(six):
        title = f"Alle kommunane har fleire innpendlarar enn utpendlarar ({year})"
    else:
        only = "Berre " if len(gaining) <= 2 else ""
        title = f"{only}{_join_names(gaining)} har fleire innpendlarar enn utpendlarar ({year})"
    sources = dataset_sources(jobs.COMMUTING)
    charts.finish_figure(fig, title=title, provenances=sources, integer_years=False,
                         note="Pendling over kommunegrensa, også mellom kommunane i Hallingdal")
    limit = float(six["value"].abs().max()) if six["value"].notna().any() else 1.0
    fig.update_xaxes(title=dict(text="Innpendlarar minus utpendlarar"), tickformat=",~r",
                     range=[-limit * 1.25, limit * 1.25])
    fig.update_yaxes(title=dict(text=""), tickformat="", tickvals=list(six["region_name"]), ticktext=labels)
    return Chart(fig, net.reset_index(drop=True), sources, f"Netto innpendling {year}",
                 f"netto_pendling_{year}_{region}")


def commuting_over_time(region: str) -> Chart:
    """In-, out- and net commuting across the region's border over time."""
    balance = jobs.commuting_balance(region)
    shown = balance[balance["flow"].isin([jobs.INBOUND, jobs.OUTBOUND, jobs.NET])].copy()
    shown["flow_label"] = shown["flow"].map(jobs.FLOW_LABELS)
    name = region_name(region)
    net = balance[balance["flow"] == jobs.NET].dropna(subset=["value"]).sort_values("period")
    if net.empty:
        title = f"Pendling over grensa til {name}"
    else:
        last, value = int(net["period"].iloc[-1]), float(net["value"].iloc[-1])
        if value < 0:
            title = f"Fleire pendlar ut av {name} enn inn: {format_signed(value)} netto i {last}"
        elif value > 0:
            title = f"Fleire pendlar inn til {name} enn ut: {format_signed(value)} netto i {last}"
        else:
            title = f"Like mange pendlar inn til {name} som ut ({last})"
    border = "grensa til Hallingdal (pendling mellom dei seks er ikkje med)" if region == HALLINGDAL else (
        f"kommunegrensa til {name}"
    )
    sources = dataset_sources(jobs.COMMUTING)
    fig = charts.line_chart(shown, title=title, provenances=sources, y_title="Personar", colour_by="flow",
                            label_by="flow_label", note=f"Pendling over {border}")
    fig.add_hline(y=0, line=dict(color=charts.INK, width=1))
    return Chart(fig, balance, sources, f"Pendling, {name}", f"pendling_over_tid_{region}")


def largest_flows(region: str, year: int, direction: str, scope: str) -> Chart:
    """The largest commuting flows out of or into a region in one year (the rest folded into one grey bar).

    An empty selection gives a Chart with empty `data` (the page says so instead of drawing it).
    """
    name = region_name(region)
    heading = DIRECTION_HEADINGS[direction].format(name=name)
    flows = jobs.largest_flows(region, year, direction, scope)  # type: ignore[arg-type]
    sources = dataset_sources(jobs.COMMUTING)
    key = f"straumar_{direction}_{region}_{scope}_{year}"
    fig = go.Figure()
    if flows.empty:
        return Chart(fig, flows, sources, f"{heading} ({year})", key)
    shown = flows.iloc[::-1]
    groups = (
        (shown["inside_hallingdal"] & (shown["counterpart_code"] != jobs.OTHERS_CODE),
         "Kommune i Hallingdal", charts.PALETTE[2]),
        (~shown["inside_hallingdal"] & (shown["counterpart_code"] != jobs.OTHERS_CODE),
         "Kommune utanfor Hallingdal", charts.PALETTE[0]),
        (shown["counterpart_code"] == jobs.OTHERS_CODE, "Resten samla", REMAINDER_COLOUR),
    )
    for mask, label, colour in groups:
        part = shown[mask]
        if part.empty:
            continue
        fig.add_trace(go.Bar(
            x=part["value"], y=part["counterpart_name"], orientation="h", marker_color=colour, name=label,
            customdata=part["share"] * 100, text=[format_number(v) for v in part["value"]],
            textposition="outside", cliponaxis=False,
            hovertemplate="%{y}: %{x:,.0f} personar (%{customdata:.1f} %)<extra></extra>",
        ))
    named = flows[flows["counterpart_code"] != jobs.OTHERS_CODE]
    total = float(flows["value"].sum())
    if named.empty:
        title = heading
    else:
        top = named.iloc[0]
        who = f"utpendlarane frå {name} arbeider" if direction == "out" else f"innpendlarane til {name} bur"
        title = (f"Flest av {who} i {top['counterpart_name']}: {format_number(top['value'])} av "
                 f"{format_number(total)} ({year})")
    charts.finish_figure(fig, title=title, provenances=sources, integer_years=False,
                         height=max(420, 120 + 40 * len(shown)))
    limit = float(shown["value"].max())
    fig.update_xaxes(title=dict(text="Personar"), tickformat=",~r", range=[0, limit * 1.15])
    fig.update_yaxes(title=dict(text=""), tickformat="", categoryorder="array",
                     categoryarray=list(shown["counterpart_name"]))
    return Chart(fig, flows, sources, f"{heading} ({year})", key)


def commuting_within_hallingdal(year: int) -> Chart:
    """Who commutes between the six municipalities in one year: a residence × workplace grid with the numbers."""
    inside = jobs.flows_within_hallingdal(year)
    names = [REGION_NAMES[c] for c in MUNICIPALITY_CODES]
    matrix = inside.pivot_table(index="region_name", columns="workplace_name", values="value", aggfunc="sum")
    matrix = matrix.reindex(index=names, columns=names)
    text = [[format_number(v) if pd.notna(v) else ("–" if row == col else "0") for col, v in zip(names, values,
                                                                                                   strict=True)]
            for row, values in zip(names, matrix.to_numpy(), strict=True)]
    # Absent flows between two municipalities are 0 (the extract only holds flows above 0); the diagonal is empty.
    z = [[None if row == col else (0.0 if pd.isna(v) else float(v)) for col, v in zip(names, values, strict=True)]
         for row, values in zip(names, matrix.to_numpy(), strict=True)]
    fig = go.Figure(go.Heatmap(
        z=z, x=names, y=names, text=text, texttemplate="%{text}", textfont=dict(size=charts.BASE_FONT_SIZE),
        colorscale=[[0, "#F2F7FB"], [1, charts.PALETTE[0]]], showscale=False, xgap=2, ygap=2,
        hovertemplate="Bur i %{y}, arbeider i %{x}: %{text}<extra></extra>",
    ))
    sources = dataset_sources(jobs.COMMUTING)
    if inside.empty:
        title = f"Ingen pendling mellom kommunane i Hallingdal i datagrunnlaget for {year}"
    else:
        top = inside.iloc[0]
        title = (f"Den største straumen i Hallingdal går frå {top['region_name']} til {top['workplace_name']}: "
                 f"{format_number(top['value'])} personar ({year})")
    charts.finish_figure(fig, title=title, provenances=sources, integer_years=False, height=560,
                         note="Rad: kommunen dei bur i. Kolonne: kommunen dei arbeider i")
    fig.update_xaxes(title=dict(text="Arbeider i"), side="top", tickformat="", showgrid=False)
    fig.update_yaxes(title=dict(text="Bur i"), tickformat="", autorange="reversed", showgrid=False)
    fig.update_layout(margin=dict(t=140))
    return Chart(fig, inside, sources, f"Pendling mellom kommunane i Hallingdal {year}", f"innanfor_{year}")


# --- jobs by industry (only after a refresh) --------------------------------------------------------------


def industry_change(region: str, base_year: int, last_year: int) -> Chart:
    """Change in jobs per industry between two years, largest growth at the top."""
    growth = jobs.industry_change(region, base_year, last_year).dropna(subset=["change"])
    shown = growth.iloc[::-1]
    name = region_name(region)
    fig = go.Figure(go.Bar(
        x=shown["change"], y=shown["industry_name"], orientation="h",
        marker_color=[charts.PALETTE[2] if v >= 0 else charts.PALETTE[3] for v in shown["change"]],
        text=[format_signed(v) for v in shown["change"]], textposition="outside", cliponaxis=False,
        hovertemplate="%{y}: %{x:+,.0f}<extra></extra>",
    ))
    if growth.empty:
        title = f"Arbeidsplassar etter næring, {name}: ingen samanliknbare tal for {base_year} og {last_year}"
    else:
        top = growth.iloc[0]
        if top["change"] > 0:
            title = (f"{top['industry_name']} har fått flest nye arbeidsplassar i {name}: "
                     f"{format_signed(top['change'])} frå {base_year} til {last_year}")
        else:
            title = f"Ingen næring i {name} har fått fleire arbeidsplassar frå {base_year} til {last_year}"
    sources = dataset_sources(jobs.JOBS_BY_INDUSTRY)
    charts.finish_figure(fig, title=title, provenances=sources, integer_years=False,
                         height=max(420, 120 + 34 * len(shown)))
    low = min(0.0, float(growth["change"].min())) if not growth.empty else 0.0
    high = max(0.0, float(growth["change"].max())) if not growth.empty else 1.0
    margin = (high - low) * 0.15 or 1.0  # room for the value labels outside the bars
    fig.update_xaxes(title=dict(text="Endring i arbeidsplassar"), tickformat=",~r", range=[low - margin, high + margin])
    fig.update_yaxes(title=dict(text=""), tickformat="")
    return Chart(fig, growth, sources, f"Arbeidsplassar etter næring, {name}",
                 f"naering_{region}_{base_year}_{last_year}")
