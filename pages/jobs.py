"""Arbeidsplassar: jobs over time, jobs per 100 residents, employment rate, commuting and jobs by industry.

The charts are built in indicators.present.jobs_charts and cached per view (ui.data.cached_chart); this page lays out.
"""

from __future__ import annotations

import streamlit as st

from indicators import jobs, jobs_goal
from indicators.formatting import format_number, format_percent, format_signed
from indicators.goals import GoalFileError
from indicators.present import jobs_charts
from indicators.present.badges import badge_html
from indicators.regions import HALLINGDAL, region_name
from ui.data import cached_chart, goal_result, indicator_frame, plan
from ui.figures import show
from ui.sidebar import current_region
from ui.state import synced_select

region = current_region()
name = region_name(region)
st.title(f"Arbeidsplassar – {name}")
st.caption(
    "Arbeidsplassar er sysselsette 15–74 år talde der dei arbeider (4. kvartal, SSB-tabell 11618). "
    "Hallingdal er summen av dei seks kommunane."
)

# The goal as plan/goals.toml gives it, assessed by the same cached evaluation as the goal board.
try:
    current_plan = plan()
except GoalFileError:
    current_plan = None
goal = jobs_goal.jobs_goal(current_plan)
latest_period, latest_value = jobs.latest_known(indicator_frame(jobs.JOBS_INDICATOR, region))

# --- Key figures and the goal ----------------------------------------------------------------------------
col_latest, col_change, col_status = st.columns(3)
col_latest.metric(
    f"Arbeidsplassar, 4. kvartal {latest_period}" if latest_period is not None else "Arbeidsplassar",
    format_number(latest_value),
)
if goal is None:
    with col_status:
        st.markdown("**Mål: fleire arbeidsplassar**")
        st.info(jobs_goal.jobs_goal_missing_text(current_plan), icon="ℹ️")
else:
    result = goal_result(jobs.JOBS_GOAL_ID, region)
    changed = (
        f"{format_signed(result.change)} ({format_percent(result.change_ratio, signed=True)})"
        if result.change is not None else "–"
    )
    col_change.metric(f"Endring sidan 4. kvartal {goal.baseline_period}", changed)
    with col_status:
        st.markdown("**Mål: fleire arbeidsplassar**")
        st.markdown(badge_html(result.status), unsafe_allow_html=True)
        if result.reason:
            st.caption(result.reason)
    with st.expander("Korleis målet blir vurdert"):
        st.markdown(jobs_goal.jobs_goal_rule_text(goal))

# --- Jobs over time --------------------------------------------------------------------------------------
st.header("Arbeidsplassar over tid")
# A choice kept in the URL rather than tabs: the link reopens the same chart, and only that one is drawn.
TREND_VIEWS = {"region": f"Arbeidsplassar i {name}", "kommunar": "Kvar kommune i Hallingdal"}
trend_view = synced_select("Vis", list(TREND_VIEWS), param="jobs_view", default="region",
                           format_func=TREND_VIEWS.get, horizontal=True, widget=st.radio,
                           label_visibility="collapsed")
if trend_view == "region":
    show(cached_chart(jobs_charts.jobs_trend, region=region))
else:
    show(cached_chart(jobs_charts.jobs_municipalities))

# --- Jobs per 100 residents -------------------------------------------------------------------------------
st.header("Arbeidsplassar per 100 innbyggjarar 15–74 år")
show(cached_chart(jobs_charts.jobs_per_100, region=region))
st.caption(
    "Talet seier kor mange arbeidsplassar kommunen har samanlikna med kor mange som bur der i alderen 15–74 år. "
    "Ikkje alle i den alderen er i arbeid, så talet er lågare enn 100 også der arbeidsplassar og sysselsette "
    "bebuarar er like mange."
)

# --- Employment rate --------------------------------------------------------------------------------------
st.header("Sysselsetjingsdel etter bustad")
show(cached_chart(jobs_charts.employment_rate, region=region))
st.caption("Del av innbyggjarane 15–74 år som er sysselsette, same kvar dei arbeider.")

# --- Commuting --------------------------------------------------------------------------------------------
st.header("Pendling")
st.info(jobs.COMMUTING_OMISSION_TEXT, icon="ℹ️")
balance = indicator_frame("commuting", region)
years = [str(y) for y in sorted(balance["period"].unique())]
year = int(synced_select(
    "År (4. kvartal)", years, param="commuting_year", default=years[-1], widget=st.select_slider,
))
net = balance[(balance["flow"] == jobs.NET) & (balance["period"] == year)]["value"]
if not net.empty and net.notna().iloc[0]:
    where = "Hallingdal samla" if region == HALLINGDAL else name
    st.metric(
        f"Netto innpendling til {where}, 4. kvartal {year}", format_signed(float(net.iloc[0])),
        help="Innpendling minus utpendling over grensa til Hallingdal; pendling mellom dei seks kommunane er "
             "ikkje med." if region == HALLINGDAL else f"Innpendling minus utpendling over kommunegrensa til {name}.",
    )
show(cached_chart(jobs_charts.net_commuting_by_municipality, year=year, region=region))
show(cached_chart(jobs_charts.commuting_over_time, region=region))

# --- Largest flows ----------------------------------------------------------------------------------------
st.subheader(f"Dei største pendlingsstraumane, 4. kvartal {year}")
SCOPES = {"all": "Heile landet", "hallingdal": "Innanfor Hallingdal", "rest": "Resten av landet"}
if region == HALLINGDAL:
    scope = "rest"
    st.caption("For Hallingdal samla viser vi straumane over grensa til regionen; "
               "pendlinga mellom dei seks kommunane står i rutenettet under.")
else:
    scope = synced_select("Vis straumar til og frå", list(SCOPES), param="flows", default="all",
                          format_func=SCOPES.get, horizontal=True, widget=st.radio)

DIRECTIONS = {"out": "Utpendling: kvar innbyggjarane arbeider", "in": "Innpendling: kvar arbeidstakarane bur"}
direction = synced_select("Retning", list(DIRECTIONS), param="direction", default="out", format_func=DIRECTIONS.get,
                          horizontal=True, widget=st.radio)
chart = cached_chart(jobs_charts.largest_flows, region=region, year=year, direction=direction, scope=scope)
if chart.data.empty:
    st.markdown(f"**{jobs_charts.DIRECTION_HEADINGS[direction].format(name=name)}**")
    st.info("Ingen pendlingsstraumar i dette utvalet.", icon="ℹ️")
else:
    show(chart)
st.caption(
    "Uttrekket frå SSB-tabell 03321 har berre kommunenummer. Namna på kommunar utanfor Hallingdal kjem frå "
    "SSB si kommuneliste (KLASS 131) for kodane det året; kommunar som delte namn før 2020 står med fylket, "
    "til dømes «Nes (Akershus)»."
)

if region == HALLINGDAL:
    st.subheader(f"Pendling mellom kommunane i Hallingdal, 4. kvartal {year}")
    show(cached_chart(jobs_charts.commuting_within_hallingdal, year=year))

# --- Jobs by industry -------------------------------------------------------------------------------------
st.header("Arbeidsplassar etter næring")
if not jobs.industry_view_available():
    st.info(jobs.INDUSTRY_OFFLINE_TEXT, icon="ℹ️")
else:
    industry_years = sorted(int(y) for y in indicator_frame("jobs_by_industry", region)["period"].unique())
    goal_year = goal.baseline_period if goal is not None else None
    base_year = goal_year if goal_year in industry_years else industry_years[0]
    last_year = industry_years[-1]
    if last_year <= base_year:
        st.info(f"Tala etter næring har berre {last_year} så langt; endringa kan ikkje reknast ut enno.", icon="ℹ️")
    else:
        show(cached_chart(jobs_charts.industry_change, region=region, base_year=base_year, last_year=last_year))
