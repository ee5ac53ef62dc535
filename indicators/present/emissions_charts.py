"""The climate charts (Klima page): built here once, so the page, meeting mode and exports agree.

Emission figures exist only for the years in the imported file (2009, 2011, 2013, 2015 and every year after),
so every chart draws one bar per real year on a year axis whose ticks are exactly those years: nothing
suggests a value for the years in between. The target path is the plan's line, not data, and is drawn dashed.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import pandas as pd
import plotly.graph_objects as go

from indicators import emissions, emissions_goal
from indicators.cache import has_dataset
from indicators.formatting import format_number, format_percent
from indicators.goals import Goal
from indicators.model import Provenance
from indicators.part_time import FULL_YEAR_EQUIVALENT_NOTE, full_year_equivalents
from indicators.population import POPULATION, population_total
from indicators.present import charts
from indicators.present.charts import Chart, dataset_sources
from indicators.regions import HALLINGDAL, MUNICIPALITY_CODES, region_name
from indicators.sources.miljodirektoratet import markdown_literal

SHORT_UNIT = "tonn CO₂-ekv."
Y_TITLE = "Tonn CO₂-ekvivalentar"
PER_PERSON_Y_TITLE = "Tonn CO₂-ekvivalentar per innbyggjar"
MISSING_MARK = ".."
MISSING_NOTE = "«..» = manglar tal (for Hallingdal: minst éin kommune manglar det året)"

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

FULL_YEAR_EQUIVALENT_EXPLANATION = (
    "Utslepp per heilårsekvivalent reknar med deltidsinnbyggjarane: utsleppa delte på heilårsekvivalentar. "
    "Anslaget for gjestedøgn i planen er eitt tal for Hallingdal samla, så talet finst berre for Hallingdal og "
    "berre for siste år. " + FULL_YEAR_EQUIVALENT_NOTE
)



# ------------------------------------------------------------------------------------------- helpers




def release_note(sources: list[Provenance], with_files: bool = False) -> str:
    """'Utgåve med tal til og med 2023' for the emissions provenance (with the file names, as markdown code
    spans, if asked), or ''.

    Figures leave the file names out: six per-municipality files would not fit on the source line."""
    for p in sources:
        if p.dataset == emissions.DATASET:
            extra = p.extra or {}
            release = extra.get("release")
            text = f"Utgåve med tal til og med {release}" if release else "Importert fil"
            # File names are the uploader's words: shown literally, never as markdown (links, images).
            files = ", ".join(markdown_literal(f["file_name"]) for f in extra.get("files", []) if f.get("file_name"))
            return f"{text} (fil: {files})" if files and with_files else text
    return ""


def _note(sources: list[Provenance], *more: str) -> str:
    return ". ".join(part for part in (release_note(sources), *more) if part)


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


def _decrease_text(ratio: float) -> str:
    """−0.123 -> '12,3 % lågare'; 0.05 -> '5,0 % høgare'."""
    if ratio == 0:
        return "like høge"
    return f"{format_percent(abs(ratio))} {'lågare' if ratio < 0 else 'høgare'}"


def _latest_with_value(frame: pd.DataFrame) -> pd.Series | None:
    known = frame.dropna(subset=["value"]).sort_values("period")
    return None if known.empty else known.iloc[-1]


# ------------------------------------------------------------------------------------------- goal


def _target_words(goal: Goal, target_value: float | None) -> str:
    """'25 % lågare' (a relative goal) or '60 000 tonn' (a level)."""
    if goal.target_change is not None:
        return f"{format_percent(abs(goal.target_change), 0)} {'lågare' if goal.target_change < 0 else 'høgare'}"
    return f"{format_number(target_value)} tonn" if target_value is not None else ""


def goal_chart(region: str) -> Chart:
    """Total emissions per real year as bars and, from the plan's goal in plan/goals.toml, the target path
    (baseline → target year, dashed) and the target level. Without that goal: the bars alone, and a title
    that says why."""
    name = region_name(region)
    sources = dataset_sources(emissions.DATASET)
    goal = emissions_goal.emissions_goal()
    assessed = emissions_goal.assess_goal(goal, region) if goal is not None else None
    totals = assessed.series if assessed is not None else emissions.emissions_total(region)
    totals = totals.reset_index(drop=True)

    if assessed is None:
        title = f"Klimagassutslepp i {name} (klimamålet står ikkje i plan/goals.toml)"
    elif assessed.base_value is None:
        title = f"{name}: manglar utsleppstal for {assessed.base_period}, så framgangen mot målet kan ikkje reknast ut"
    elif assessed.current_value is None or assessed.current_period is None:
        title = f"{name}: berre {assessed.base_period} har utsleppstal så langt"
    else:
        change = assessed.current_value / assessed.base_value - 1
        missing = assessed.assessment.requested_base_period if assessed.assessment.base_fell_back else None
        base = f"{assessed.base_period} ({missing} manglar)" if missing else str(assessed.base_period)
        title = (
            f"Utsleppa i {name} var {_decrease_text(change)} i {assessed.current_period} enn i {base}"
            f" – målet er {_target_words(assessed.goal, assessed.target_value)} i {assessed.target_period}"
        )

    fig = go.Figure()
    fig.add_trace(go.Bar(
        x=totals["period"], y=totals["value"], name="Utslepp", marker_color=EMISSIONS_COLOUR,
        hovertemplate="%{x}: %{y:,.0f} " + SHORT_UNIT + "<extra></extra>",
    ))
    path_rows: list[dict[str, object]] = []
    target_years: list[int] = []
    if assessed is not None and assessed.path and assessed.target_value is not None:
        change = assessed.goal.target_change
        charts.add_target_path(
            fig, assessed.path, label=f"Målbane ({format_percent(change, 0)})" if change is not None else "Målbane"
        )
        fig.add_trace(go.Scatter(
            x=[assessed.target_period], y=[assessed.target_value], mode="markers+text",
            name=f"Mål {assessed.target_period}",
            marker=dict(symbol="diamond", size=16, color=charts.TARGET_COLOUR, line=dict(color="#FFFFFF", width=1)),
            text=[f"Mål: {format_number(assessed.target_value)}"], textposition="top center",
            textfont=dict(color=charts.TARGET_COLOUR, size=charts.BASE_FONT_SIZE),
            hovertemplate=f"Mål {assessed.target_period}: %{{y:,.0f}} {SHORT_UNIT}<extra></extra>",
            showlegend=False,
        ))
        path_rows = [
            {"region_code": region, "region_name": name, "period": p, "series": "target_path", "value": v,
             "status": ""}
            for p, v in assessed.path
        ]
        target_years = [assessed.target_period]
    missing = totals["value"].isna().any()
    charts.finish_figure(
        fig, title=title, provenances=sources, y_title=Y_TITLE,
        note=_note(sources, MISSING_NOTE if missing else ""),
    )
    _year_axis(fig, [*totals["period"].astype(int), *target_years])
    _mark_missing(fig, totals)
    fig.update_yaxes(rangemode="tozero")
    data = pd.concat(
        [totals.assign(series="emissions"), pd.DataFrame(path_rows)], ignore_index=True
    )[["region_code", "region_name", "period", "series", "value", "status"]]
    return Chart(fig, data, sources, f"Klimagassutslepp og målbane, {name}", f"klima_maal_{region}")


# ------------------------------------------------------------------------------------------- sectors


def _sector_order(frame: pd.DataFrame) -> list[str]:
    """Largest sector (over all years) first, so it sits at the bottom of every stack."""
    sums = frame.groupby("sector")["value"].sum(min_count=1).fillna(0).sort_values(ascending=False)
    return list(sums.index)


SECTOR_MEASURES: dict[str, str] = {"tonnes": "Tonn", "share": "Del av utsleppa (%)"}


def sector_chart(region: str, measure: str = "tonnes") -> Chart:
    """Emissions by sector, one stacked bar per real year; `measure` "share" stacks to 100 %."""
    if measure not in SECTOR_MEASURES:
        raise ValueError(f"Ukjend mål «{measure}»; vel mellom {', '.join(SECTOR_MEASURES)}.")
    frame = emissions.emissions_by_sector(region)
    name = region_name(region)
    sources = dataset_sources(emissions.DATASET)
    totals = frame.groupby("period")["value"].sum(min_count=1)
    complete = frame.groupby("period")["value"].apply(lambda v: v.notna().all())
    latest_years = [int(p) for p in totals.index if complete[p] and pd.notna(totals[p])]
    if latest_years:
        year = max(latest_years)
        in_year = frame[frame["period"] == year].sort_values("value", ascending=False)
        top = in_year.iloc[0]
        top_share = top["value"] / totals[year] if totals[year] else math.nan
        title = (
            f"{top['sector']} var den største kjelda i {name} i {year} ({format_percent(top_share, 0)} av utsleppa)"
        )
    else:
        title = f"Klimagassutslepp etter sektor, {name}"

    fig = go.Figure()
    for sector in _sector_order(frame):
        rows = frame[frame["sector"] == sector].sort_values("period")
        fig.add_trace(go.Bar(
            x=rows["period"], y=rows["value"], name=sector,
            marker_color=SECTOR_COLOURS.get(sector, OTHER_SECTOR_COLOUR),
            hovertemplate=f"{sector}<br>%{{x}}: %{{y:,.0f}} {SHORT_UNIT}<extra></extra>",
        ))
    missing = totals.isna().any() if len(totals) else False
    share = measure == "share"
    charts.finish_figure(
        fig, title=title, provenances=sources, y_title="Prosent av utsleppa" if share else Y_TITLE, height=600,
        note=_note(sources, MISSING_NOTE if missing else ""),
    )
    if share:
        fig.update_yaxes(ticksuffix=" %", range=[0, 100])
        fig.update_traces(hovertemplate="%{fullData.name}<br>%{x}: %{y:.1f} %<extra></extra>")
    fig.update_layout(
        barmode="stack",
        barnorm="percent" if share else None,
        legend=dict(orientation="v", x=1.01, xanchor="left", y=1, yanchor="top", traceorder="reversed"),
        margin=dict(r=20),
    )
    _year_axis(fig, list(frame["period"].astype(int)))
    _mark_missing(fig, totals.rename("value").reset_index())
    return Chart(fig, frame, sources, f"Klimagassutslepp etter sektor, {name}", f"klima_sektor_{region}_{measure}")


# ------------------------------------------------------------------------------------------- influence


def influence_chart(region: str) -> Chart:
    """Emissions largely within municipal influence vs mostly outside it, one stacked bar per real year."""
    frame = emissions.emissions_by_influence(region)
    name = region_name(region)
    sources = dataset_sources(emissions.DATASET)
    wide = frame.pivot_table(index="period", columns="influence", values="value", aggfunc="sum", dropna=False)
    complete = frame.groupby("period")["value"].apply(lambda v: v.notna().all())
    years = [int(p) for p in wide.index if complete[p]]
    if years and emissions.INFLUENCE_WITHIN in wide.columns:
        year = max(years)
        total = wide.loc[year].sum()
        share = wide.loc[year, emissions.INFLUENCE_WITHIN] / total if total else math.nan
        title = (
            f"{format_percent(share, 0)} av utsleppa i {name} i {year} kjem frå kjelder kommunen "
            "i stor grad kan påverke"
        )
    else:
        title = f"Utslepp innanfor og utanfor kommunal påverknad, {name}"

    fig = go.Figure()
    for influence in (emissions.INFLUENCE_WITHIN, emissions.INFLUENCE_OUTSIDE, emissions.INFLUENCE_UNCLASSIFIED):
        rows = frame[frame["influence"] == influence].sort_values("period")
        if rows.empty or (influence == emissions.INFLUENCE_UNCLASSIFIED and not rows["value"].fillna(0).any()):
            continue
        label = emissions.INFLUENCE_LABELS[influence]
        fig.add_trace(go.Bar(
            x=rows["period"], y=rows["value"], name=label, marker_color=INFLUENCE_COLOURS[influence],
            hovertemplate=f"{label}<br>%{{x}}: %{{y:,.0f}} {SHORT_UNIT}<extra></extra>",
        ))
    charts.finish_figure(fig, title=title, provenances=sources, y_title=Y_TITLE, note=_note(sources))
    fig.update_layout(barmode="stack")
    _year_axis(fig, list(frame["period"].astype(int)))
    labelled = frame.assign(influence_label=frame["influence"].map(emissions.INFLUENCE_LABELS))
    return Chart(fig, labelled, sources, f"Utslepp etter kommunal påverknad, {name}", f"klima_paaverknad_{region}")


# ------------------------------------------------------------------------------------------- per person


def per_resident(region: str) -> pd.DataFrame:
    """Emissions per resident (registered population 1 January the same year), tidy; empty without population."""
    totals = emissions.emissions_total(region)
    if totals.empty or not has_dataset(POPULATION):
        return emissions.per_person(totals.iloc[0:0], pd.DataFrame(columns=["region_code", "period", "value"]))
    return emissions.per_person(totals, population_total())


def per_resident_chart(region: str) -> Chart:
    """Emissions per resident, one bar per real year."""
    frame = per_resident(region)
    name = region_name(region)
    sources = dataset_sources(emissions.DATASET, POPULATION)
    known = frame.dropna(subset=["value"]).sort_values("period")
    if len(known) >= 2:
        first, last = known.iloc[0], known.iloc[-1]
        verb = "gått ned" if last["value"] < first["value"] else "gått opp" if last["value"] > first["value"] else (
            "stått stille"
        )
        title = (
            f"Utslepp per innbyggjar i {name} har {verb} frå {format_number(first['value'], 1)} til "
            f"{format_number(last['value'], 1)} tonn ({int(first['period'])}–{int(last['period'])})"
        )
    elif len(known) == 1:
        only = known.iloc[0]
        title = f"Utslepp per innbyggjar i {name}: {format_number(only['value'], 1)} tonn i {int(only['period'])}"
    else:
        title = f"Utslepp per innbyggjar, {name}"
    fig = go.Figure(go.Bar(
        x=frame["period"], y=frame["value"], name="Per innbyggjar", marker_color=EMISSIONS_COLOUR,
        hovertemplate="%{x}: %{y:,.2f} tonn per innbyggjar<extra></extra>",
    ))
    charts.finish_figure(
        fig, title=title, provenances=sources, y_title=PER_PERSON_Y_TITLE,
        note=_note(sources, "Folketal 1. januar same år"),
    )
    fig.update_yaxes(tickformat=",~r")
    _year_axis(fig, list(frame["period"].astype(int)))
    _mark_missing(fig, frame)
    return Chart(fig, frame, sources, f"Klimagassutslepp per innbyggjar, {name}", f"klima_per_innbyggjar_{region}")


@dataclass(frozen=True)
class FullYearEstimate:
    """Emissions per full-year equivalent (residents + guest-days / 365) in one year: an estimate."""

    period: int
    emissions: float
    residents: float
    guest_days_per_year: float
    equivalents: float

    @property
    def per_equivalent(self) -> float:
        return self.emissions / self.equivalents


def full_year_estimate(
    totals: pd.DataFrame, population: pd.DataFrame, guest_days_per_year: float, region: str = HALLINGDAL
) -> FullYearEstimate | None:
    """Emissions per full-year equivalent for the latest year with both emissions and population.

    Only for Hallingdal: the plan's guest-day estimate covers the region as a whole. None otherwise, or
    when no year has both numbers."""
    if region != HALLINGDAL:
        return None
    own = totals[(totals["region_code"] == region)].dropna(subset=["value"])
    pop = population[population["region_code"] == region].dropna(subset=["value"]).set_index("period")["value"]
    usable = own[own["period"].isin(pop.index)].sort_values("period")
    if usable.empty:
        return None
    row = usable.iloc[-1]
    period = int(row["period"])
    residents = float(pop.loc[period])
    equivalents = full_year_equivalents(residents, guest_days_per_year)
    if equivalents <= 0:
        return None
    return FullYearEstimate(period, float(row["value"]), residents, float(guest_days_per_year), equivalents)


# ------------------------------------------------------------------------------------------- municipalities


MUNICIPALITY_GOAL_COLUMNS: tuple[str, ...] = (
    "region_code", "region_name", "base_period", "base_value", "current_period", "current_value",
    "change_ratio", "target_value", "gap_to_target", "status", "reason",
)


def municipality_goals(goal: Goal | None) -> pd.DataFrame:
    """One row per municipality in the data: baseline, latest, change, gap and goal status, each as the goal
    board evaluates `goal` for that municipality. Empty without a goal."""
    rows = []
    for code in MUNICIPALITY_CODES if goal is not None else ():
        assert goal is not None
        progress = emissions_goal.assess_goal(goal, code)
        if progress.series.empty:
            continue  # not in the imported data
        change = (
            progress.current_value / progress.base_value - 1
            if progress.current_value is not None and progress.base_value else None
        )
        rows.append({
            "region_code": code,
            "region_name": region_name(code),
            "base_period": progress.base_period,
            "base_value": progress.base_value,
            "current_period": progress.current_period,
            "current_value": progress.current_value,
            "change_ratio": change,
            "target_value": progress.target_value,
            "gap_to_target": progress.gap_to_target,
            "status": progress.assessment.status,
            "reason": progress.assessment.reason,
        })
    return pd.DataFrame(rows, columns=list(MUNICIPALITY_GOAL_COLUMNS))


def municipality_change_chart() -> Chart:
    """Change since the goal's baseline year per municipality (horizontal bars) against the goal's target change,
    both from plan/goals.toml. Without that goal: an empty table and chart (the page says why)."""
    goal = emissions_goal.emissions_goal()
    table = municipality_goals(goal)
    sources = dataset_sources(emissions.DATASET)
    measured = table.dropna(subset=["change_ratio"])
    falling = int((measured["change_ratio"] < 0).sum())
    since = f"sidan {goal.baseline_period}" if goal is not None else "over tid"
    if len(measured):
        title = f"Utsleppa har gått ned {since} i {falling} av {len(measured)} kommunar"
    else:
        title = f"Endring i utslepp {since}, per kommune"
    shown = measured.sort_values("change_ratio", ascending=False)
    labels = [f"{n} ({int(p)})" for n, p in zip(shown["region_name"], shown["current_period"], strict=True)]
    fig = go.Figure(go.Bar(
        x=shown["change_ratio"] * 100, y=labels, orientation="h",
        marker_color=EMISSIONS_COLOUR,
        hovertemplate="%{y}: %{x:+.1f} % " + since + "<extra></extra>",
    ))
    values = [*(shown["change_ratio"] * 100), 0.0]
    if goal is not None and goal.target_change is not None:
        target = goal.target_change * 100
        values.append(target)
        fig.add_vline(x=target, line=dict(color=charts.TARGET_COLOUR, dash="dash", width=3))
        fig.add_annotation(
            x=target, y=1, yref="paper", yanchor="bottom", showarrow=False,
            text=f"Mål {goal.target_period}: {format_percent(goal.target_change, 0)}",
            font=dict(color=charts.TARGET_COLOUR),
        )
    charts.finish_figure(
        fig, title=title, provenances=sources, integer_years=False, height=max(380, 140 + 48 * len(shown)),
        note=_note(sources, "Siste år med tal i parentes"),
    )
    fig.update_xaxes(title=dict(text=f"Endring {since} (prosent)"), ticksuffix=" %",
                     zeroline=True, zerolinecolor=charts.INK, range=[min(values) - 8, max(values) + 8])
    fig.update_yaxes(title=dict(text=""), tickformat="")
    return Chart(fig, table, sources, f"Endring i utslepp {since}, kommunane", "klima_kommunar")
