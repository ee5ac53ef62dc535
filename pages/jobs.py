"""Arbeidsplassar: jobs over time, jobs per 100 residents, employment rate, commuting and jobs by industry."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from indicators import charts, jobs
from indicators.cache import read_manifest
from indicators.formatting import format_number, format_percent, format_signed
from indicators.regions import HALLINGDAL, MUNICIPALITY_CODES, REGION_NAMES, region_name
from ui.badges import badge_html
from ui.data import indicator_frame, provenances
from ui.figures import show_chart
from ui.sidebar import current_region
from ui.state import synced_select

region = current_region()
name = region_name(region)
st.title(f"Arbeidsplassar – {name}")
st.caption(
    "Arbeidsplassar er sysselsette 15–74 år talde der dei arbeider (4. kvartal, SSB-tabell 11618). "
    "Hallingdal er summen av dei seks kommunane."
)

jobs_frame = indicator_frame("jobs_total")
sources = provenances("jobs_total")
own = jobs_frame[jobs_frame["region_code"] == region].sort_values("period")
latest_year = int(own.dropna(subset=["value"])["period"].max())
first_year = int(own["period"].min())
change = jobs.jobs_change(region)

# --- Key figures and the goal ----------------------------------------------------------------------------
col_latest, col_change, col_status = st.columns(3)
col_latest.metric(f"Arbeidsplassar, 4. kvartal {latest_year}", format_number(change.latest_value))
if change.change is not None:
    col_change.metric(
        f"Endring sidan 4. kvartal {change.base_period}",
        f"{format_signed(change.change)} ({format_percent(change.change_ratio, signed=True)})",
    )
else:
    col_change.metric(f"Endring sidan 4. kvartal {change.base_period}", "–")
with col_status:
    st.markdown("**Mål: fleire arbeidsplassar**")
    st.markdown(badge_html(change.assessment.status), unsafe_allow_html=True)
    if change.assessment.reason:
        st.caption(change.assessment.reason)
with st.expander("Korleis målet blir vurdert"):
    st.markdown(jobs.JOBS_GOAL_RULE_TEXT)

# --- Jobs over time --------------------------------------------------------------------------------------
st.header("Arbeidsplassar over tid")
tab_region, tab_municipalities = st.tabs([f"Arbeidsplassar i {name}", "Kommunane i Hallingdal"])
with tab_region:
    if change.change is not None:
        verb = "auka" if change.change > 0 else ("minka" if change.change < 0 else "stått stille")
        amount = (
            f" med {format_number(abs(change.change))} ({format_percent(change.change_ratio, signed=True)})"
            if change.change else ""
        )
        title = f"Arbeidsplassane i {name} har {verb}{amount} sidan {change.base_period}"
    else:
        title = f"Arbeidsplassar i {name}"
    fig = charts.line_chart(own, title=title, provenances=sources, y_title="Arbeidsplassar")
    show_chart(fig, key=f"arbeidsplassar_{region}", data=own, provenances=sources, title=f"Arbeidsplassar, {name}")
with tab_municipalities:
    six = jobs_frame[jobs_frame["region_code"].isin(MUNICIPALITY_CODES)]
    fig = charts.line_chart(six, title="Arbeidsplassar i kvar kommune", provenances=sources, y_title="Arbeidsplassar")
    show_chart(fig, key="arbeidsplassar_kommunar", data=six, provenances=sources,
               title="Arbeidsplassar i kommunane i Hallingdal")


def compare_regions(frame: pd.DataFrame, measure: str) -> pd.DataFrame:
    """One measure for the six municipalities and Hallingdal."""
    return frame[frame["measure"] == measure].drop(columns="measure")


def latest_of(frame: pd.DataFrame) -> float | None:
    rows = frame[(frame["region_code"] == region) & (frame["period"] == latest_year)]
    return None if rows.empty or pd.isna(rows["value"].iloc[0]) else float(rows["value"].iloc[0])


# --- Jobs per 100 residents -------------------------------------------------------------------------------
st.header("Arbeidsplassar per 100 innbyggjarar 15–74 år")
workplace_sources = provenances("jobs_by_workplace")
per_100 = compare_regions(indicator_frame("jobs_by_workplace"), jobs.JOBS_PER_100)
fig = charts.line_chart(
    per_100,
    title=f"{name}: {format_number(latest_of(per_100), 1)} arbeidsplassar per 100 ({latest_year})",
    provenances=workplace_sources, y_title="Per 100 innbyggjarar", hover_format=".1f",
)
show_chart(fig, key="arbeidsplassar_per_100", data=per_100, provenances=workplace_sources,
           title="Arbeidsplassar per 100 innbyggjarar 15–74 år")
st.caption(
    "Talet seier kor mange arbeidsplassar kommunen har samanlikna med kor mange som bur der i alderen 15–74 år. "
    "Ikkje alle i den alderen er i arbeid, så talet er lågare enn 100 også der arbeidsplassar og sysselsette "
    "bebuarar er like mange."
)

# --- Employment rate --------------------------------------------------------------------------------------
st.header("Sysselsetjingsdel etter bustad")
residence_sources = provenances("employed_by_residence")
rate = compare_regions(indicator_frame("employed_by_residence"), jobs.EMPLOYMENT_RATE)
fig = charts.line_chart(
    rate,
    title=f"{name}: {format_number(latest_of(rate), 1)} % er sysselsette ({latest_year})",
    provenances=residence_sources, y_title="Prosent", hover_format=".1f",
)
show_chart(fig, key="sysselsetjingsdel", data=rate, provenances=residence_sources,
           title="Sysselsette etter bustad i prosent av innbyggjarane 15–74 år")
st.caption("Del av innbyggjarane 15–74 år som er sysselsette, same kvar dei arbeider.")

# --- Commuting --------------------------------------------------------------------------------------------
st.header("Pendling")
commuting_sources = provenances("commuting")
st.info(jobs.COMMUTING_OMISSION_TEXT, icon="ℹ️")
balance = indicator_frame("commuting")
years = [str(y) for y in sorted(balance["period"].unique())]
year = int(synced_select(
    "År (4. kvartal)", years, param="pendling_aar", default=years[-1], widget=st.select_slider,
))

net = balance[(balance["flow"] == jobs.NET) & (balance["period"] == year)]
net_six = net[net["region_code"].isin(MUNICIPALITY_CODES)].sort_values("value")
net_region = net[net["region_code"] == HALLINGDAL]["value"]
fig = go.Figure(go.Bar(
    x=net_six["value"], y=net_six["region_name"], orientation="h",
    marker_color=[charts.PALETTE[0] if v >= 0 else charts.PALETTE[3] for v in net_six["value"].fillna(0)],
    hovertemplate="%{y}: %{x:,.0f}<extra></extra>",
))
if not net_region.empty and pd.notna(net_region.iloc[0]):
    st.metric(f"Netto innpendling til Hallingdal samla, {year}", format_signed(float(net_region.iloc[0])),
              help="Innpendling minus utpendling over grensa til Hallingdal; pendling mellom dei seks kommunane "
                   "er ikkje med.")
charts.finish_figure(
    fig, title=f"Netto innpendling per kommune, {year}", provenances=commuting_sources, integer_years=False,
)
fig.update_xaxes(title=dict(text="Personar (positivt = fleire pendlar inn enn ut)"), tickformat=",~r")
fig.update_yaxes(title=dict(text=""))
show_chart(fig, key=f"netto_pendling_{year}", data=net, provenances=commuting_sources,
           title=f"Netto innpendling {year}")

own_balance = balance[balance["region_code"] == region].copy()
own_balance["flow_label"] = own_balance["flow"].map(jobs.FLOW_LABELS)
over_time = own_balance[own_balance["flow"].isin([jobs.INBOUND, jobs.OUTBOUND, jobs.NET])]
border = "grensa til Hallingdal" if region == HALLINGDAL else f"kommunegrensa til {name}"
fig = charts.line_chart(
    over_time, title=f"Pendling over {border}", provenances=commuting_sources, y_title="Personar",
    colour_by="flow", label_by="flow_label",
)
show_chart(fig, key=f"pendling_over_tid_{region}", data=own_balance.drop(columns="flow_label"),
           provenances=commuting_sources, title=f"Pendling, {name}")

# --- Largest flows ----------------------------------------------------------------------------------------
st.subheader(f"Dei største pendlingsstraumane, {year}")
SCOPES = {"all": "Heile landet", "hallingdal": "Innanfor Hallingdal", "rest": "Resten av landet"}
if region == HALLINGDAL:
    scope = "rest"
    st.caption("For Hallingdal samla viser vi straumane over grensa til regionen; "
               "pendlinga mellom dei seks kommunane står i tabellen under.")
else:
    scope = synced_select("Vis straumar til og frå", list(SCOPES), param="straumar", default="all",
                          format_func=SCOPES.get, horizontal=True, widget=st.radio)


def flow_figure(flows: pd.DataFrame, title: str) -> go.Figure:
    shown = flows.iloc[::-1]
    figure = go.Figure()
    for inside, label, colour in ((True, "Kommune i Hallingdal", charts.PALETTE[2]),
                                  (False, "Resten av landet", charts.PALETTE[0])):
        part = shown[shown["inside_hallingdal"] == inside]
        if part.empty:
            continue
        figure.add_trace(go.Bar(
            x=part["value"], y=part["counterpart_name"], orientation="h", marker_color=colour, name=label,
            customdata=part["share"] * 100,
            hovertemplate="%{y}: %{x:,.0f} personar (%{customdata:.1f} %)<extra></extra>",
        ))
    charts.finish_figure(figure, title=title, provenances=commuting_sources, integer_years=False,
                         height=max(380, 80 + 38 * len(shown)))
    figure.update_xaxes(title=dict(text="Personar"), tickformat=",~r")
    figure.update_yaxes(title=dict(text=""), tickformat="", categoryorder="array",
                        categoryarray=list(shown["counterpart_name"]))
    return figure


directions = (
    ("out", f"Kvar innbyggjarane i {name} arbeider", "Utpendling: kvar innbyggjarane arbeider"),
    ("in", f"Kvar dei som arbeider i {name}, bur", "Innpendling: kvar arbeidstakarane bur"),
)
for tab, (direction, heading, _) in zip(st.tabs([label for _, _, label in directions]), directions, strict=True):
    with tab:
        flows = jobs.largest_flows(region, year, direction, scope)
        if flows.empty:
            st.markdown(f"**{heading}**")
            st.info("Ingen pendlingsstraumar i dette utvalet.", icon="ℹ️")
            continue
        show_chart(flow_figure(flows, heading), key=f"straumar_{direction}_{region}_{scope}_{year}", data=flows,
                   provenances=commuting_sources, title=f"{heading} ({year})")
st.caption(
    "Kommunar utanfor Hallingdal står med kommunenummeret SSB brukte det året, fordi datagrunnlaget som følgjer "
    "med dashbordet ikkje har namn på dei. Etter `python -m indicators refresh commuting` kjem namna frå SSB."
)

if region == HALLINGDAL:
    inside = jobs.flows_within_hallingdal(year)
    matrix = inside.pivot_table(index="region_name", columns="workplace_name", values="value", aggfunc="sum")
    order = [REGION_NAMES[c] for c in MUNICIPALITY_CODES]
    matrix = matrix.reindex(index=[n for n in order if n in matrix.index],
                            columns=[n for n in order if n in matrix.columns])
    matrix.index.name, matrix.columns.name = "Bur i", "Arbeider i"
    st.markdown(f"**Pendling mellom kommunane i Hallingdal, {year}** (rad: bustad, kolonne: arbeidsstad)")
    st.dataframe(matrix.map(lambda v: format_number(v) if pd.notna(v) else "–"), width="stretch")
    st.download_button(
        "Last ned data (CSV)", inside.to_csv(index=False).encode("utf-8"),
        file_name=f"pendling_innanfor_hallingdal_{year}.csv", mime="text/csv", key=f"csv_innanfor_{year}",
    )

# --- Jobs by industry -------------------------------------------------------------------------------------
st.header("Arbeidsplassar etter næring")
if not jobs.industry_view_available():
    st.info(jobs.INDUSTRY_OFFLINE_TEXT, icon="ℹ️")
else:
    industry = indicator_frame("jobs_by_industry", region)
    industry_sources = [m for m in (read_manifest(jobs.JOBS_BY_INDUSTRY),) if m is not None]
    industry_years = sorted(int(y) for y in industry["period"].unique())
    base_year = jobs.JOBS_GOAL_BASELINE if jobs.JOBS_GOAL_BASELINE in industry_years else industry_years[0]
    last_year = industry_years[-1]
    if last_year <= base_year:
        st.info(f"Tala etter næring har berre {last_year} så langt; endringa kan ikkje reknast ut enno.", icon="ℹ️")
    else:
        growth = jobs.industry_change(region, base_year, last_year).dropna(subset=["change"])
        shown = growth.iloc[::-1]
        fig = go.Figure(go.Bar(
            x=shown["change"], y=shown["industry_name"], orientation="h",
            marker_color=[charts.PALETTE[2] if v >= 0 else charts.PALETTE[3] for v in shown["change"]],
            hovertemplate="%{y}: %{x:+,.0f}<extra></extra>",
        ))
        charts.finish_figure(
            fig, title=f"Endring i arbeidsplassar etter næring, {name}, {base_year}–{last_year}",
            provenances=industry_sources, integer_years=False, height=max(420, 60 + 34 * len(shown)),
        )
        fig.update_xaxes(title=dict(text="Endring i arbeidsplassar"), tickformat=",~r")
        fig.update_yaxes(title=dict(text=""), tickformat="")
        show_chart(fig, key=f"naering_{region}_{base_year}_{last_year}", data=growth, provenances=industry_sources,
                   title=f"Arbeidsplassar etter næring, {name}")
