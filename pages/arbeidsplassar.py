"""Arbeidsplassar: the key figures and the jobs goal on top, then jobs over time, jobs per 100 residents,
employment rate, commuting, the largest commuting flows and jobs by industry, one section (tab) at a time
(ui/sections.py).

The charts are built in indicators.present.jobs_charts and cached per view (ui.data.cached_chart); this page
evaluates the plan once (ui.data.evaluation), hands the jobs goal and its numbers to the builders, and lays out.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from indicators import commuting, jobs, plan_files
from indicators.formatting import format_number, format_percent, format_signed
from indicators.goals import GoalFileError
from indicators.present import context_charts, jobs_charts, peer_charts
from indicators.present.jobs_charts import fill_for
from indicators.present.key_figures import KeyFigure
from indicators.present.texts import jobs as words
from indicators.present.texts import peers as peer_words
from indicators.regions import active_region
from indicators.safe_text import markdown_escaped
from ui.controls import year_choice
from ui.data import Evaluation, cached_chart, derived, evaluation, has_figures, indicator_frame, provenances
from ui.figures import show
from ui.key_figures import show_key_figures, show_key_figures_with_goal
from ui.navigation import run_inside_the_app
from ui.operator import operator_hint
from ui.peers import compare_picker, compared_frame, jobs_rank_line, say_missing
from ui.plan_notice import require_figures
from ui.sections import show_sections
from ui.sidebar import chosen_region
from ui.state import bound_choice, synced_select
from ui.style import page_title

run_inside_the_app()  # first: see ui/navigation.py

active = active_region()
region = chosen_region()  # a peer region (its members' sums) too
name = active.region_name(region)
is_whole_region = region == active.id
is_peer = region in active.peer_ids
page_title(words.PAGE_TITLE.format(name=name))
require_figures(jobs.JOBS_INDICATOR, region)  # municipalities the snapshot has no figures for: said, not drawn

# The goal as plan/goals.toml gives it, assessed once per run by the same cached evaluation as the goal board.
current: Evaluation | None
goals_problem = ""
try:  # the plan and its goal belong to the plan's own region: a peer's figures are shown without them
    current = None if is_peer else evaluation(region)
except GoalFileError as exc:
    current, goals_problem = None, plan_files.explain(exc)
result = current.measured_by(jobs.JOBS_INDICATOR) if current is not None else None
goal = result.goal if result is not None else None
latest_period, latest_value = jobs.latest_known(indicator_frame(jobs.JOBS_INDICATOR, region))

# --- Key figures and the goal ----------------------------------------------------------------------------
key_figures = [KeyFigure(
    words.METRIC_LATEST.format(year=latest_period) if latest_period is not None else words.METRIC_LATEST_NO_YEAR,
    format_number(latest_value),
)]
if result is not None and goal is not None:
    changed = (
        f"{format_signed(result.change)} ({format_percent(result.change_ratio, signed=True)})"
        if result.change is not None else words.NO_CHANGE
    )
    key_figures.append(KeyFigure(words.METRIC_CHANGE.format(year=goal.baseline_period), changed))
    # the goal's statuses and rule beside the figures, one element
    show_key_figures_with_goal(key_figures, result, current.entry(goal.id) if current is not None else None,
                               heading=words.GOAL_HEADING, rule_label=words.RULE_LABEL, rule=words.rule_parts(goal))
else:
    col_figures, col_status = st.columns([2, 1.4])
    with col_figures:
        show_key_figures(key_figures)
    with col_status:
        st.markdown(f"**{words.GOAL_HEADING}**")
        if goals_problem:
            st.warning(markdown_escaped(goals_problem), icon="⚠️")
        elif is_peer:
            st.info(words.fill(words.PEER_NO_GOAL, name=name), icon="ℹ️")
        else:
            st.info(words.missing_goal_text(current.plan if current is not None else None, jobs.JOBS_INDICATOR),
                    icon="ℹ️")


def trend_section() -> None:
    # A choice kept in the URL rather than more tabs: the link reopens the same chart, and only that one is drawn.
    trend_views = {key: words.fill(label, name=name) for key, label in words.TREND_VIEWS.items()}
    trend_views["samanlikn"] = peer_words.COMPARED_VIEW
    if is_peer:  # the member chart shows the plan region's municipalities
        trend_views.pop("kommunar", None)
    trend_view = synced_select(words.VIEW_LABEL, list(trend_views), param="jobs_view", default="region",
                               format_func=trend_views.get, horizontal=True, widget=st.radio,
                               label_visibility="collapsed")
    if trend_view == "region":
        show(cached_chart(jobs_charts.jobs_trend, region=region, frame=indicator_frame(jobs.JOBS_INDICATOR, region),
                          sources=provenances(jobs.JOBS_INDICATOR), **jobs_charts.goal_arguments(result)),
             downloads_menu=True)  # the default view: no download-button code to load while it opens (issue 20)
        # what a job is here: under the chart, not above it (at 1280×720 the first chart starts on the first screen)
        st.caption(words.fill(words.PAGE_CAPTION))
    elif trend_view == "samanlikn":
        compare_section()
    else:
        # each member's change since the goal's baseline year, from its own (cached) evaluation
        member_results = ((code, evaluation(code).measured_by(jobs.JOBS_INDICATOR)) for code in active.member_codes)
        changes = tuple((code, r.change if r is not None else None) for code, r in member_results) if goal else ()
        show(cached_chart(jobs_charts.jobs_municipalities, frame=indicator_frame(jobs.JOBS_INDICATOR),
                          sources=provenances(jobs.JOBS_INDICATOR), goal=goal, changes=changes))


def compare_section() -> None:
    """«Samanlikn med»: jobs indexed (base year = 100) or per 100 residents aged 15–74, against any place."""
    measure_column, year_column, compare_column = st.columns([2, 1, 3])
    with measure_column:
        measure = synced_select(peer_words.MEASURE_LABEL, list(peer_words.MEASURES), param="jobs_measure",
                                default="indexed", format_func=peer_words.MEASURES.get, widget=st.radio)
    with compare_column:
        compared = compare_picker(region)
    if measure == "per_100":
        frame, missing = compared_frame("jobs_by_workplace", region, compared)
        if not frame.empty:
            frame = frame[frame["measure"] == jobs.JOBS_PER_100].drop(columns="measure")
            show(cached_chart(peer_charts.per_100_comparison, region=region, compared=compared, frame=frame,
                              sources=provenances("jobs_by_workplace"), key=f"arbeidsplassar_per_100_{region}"),
                 downloads_menu=True)  # as on the default view: a region change mounts no new buttons (issue 23)
    else:
        frame, missing = compared_frame(jobs.JOBS_INDICATOR, region, compared)
        if not frame.empty:
            years = [str(y) for y in sorted(frame["period"].unique())[:-1]] or [str(frame["period"].min())]
            with year_column:
                base_year = int(bound_choice(peer_words.BASE_YEAR_LABEL, years, param="jobs_base_year",
                                             default=years[0]))
            show(cached_chart(peer_charts.indexed_comparison, region=region, compared=compared, frame=frame,
                              sources=provenances(jobs.JOBS_INDICATOR), base_year=base_year,
                              export_title=peer_words.JOBS_INDEXED_EXPORT,
                              key=f"arbeidsplassar_samanlikna_{region}_{base_year}"), downloads_menu=True)
    say_missing(missing)
    if not frame.empty:  # ranks on demand: every municipality's jobs are read only when asked for
        periods = sorted(int(y) for y in frame["period"].unique())
        baseline = goal.baseline_period if goal is not None else None
        start = baseline if baseline is not None and baseline in periods else periods[0]
        if start < periods[-1]:
            jobs_rank_line(region, start, periods[-1])


def with_peer(indicator_id: str) -> pd.DataFrame:
    """The indicator's default view (the region, its members, the comparisons), with the chosen peer's sums."""
    frame = indicator_frame(indicator_id)
    if is_peer:
        frame = pd.concat([frame, indicator_frame(indicator_id, region)], ignore_index=True)
    return frame


# Commuting is in the snapshot for every municipality: a peer region's is drawn like the region's own (its members,
# the flows across its border, the grid between its members).
is_composite = is_whole_region or is_peer
composite = active.parts(region) if is_composite else ()
composite_words = jobs_charts.peer_words(region)


def members_balance() -> pd.DataFrame:
    """The commuting balance of each municipality the net-commuting chart shows: the plan region's members, or the
    chosen peer region's (each read on its own)."""
    if not is_peer:
        return indicator_frame(commuting.COMMUTING)
    return pd.concat([indicator_frame(commuting.COMMUTING, code) for code in composite], ignore_index=True)


def per_100_section() -> None:
    show(cached_chart(jobs_charts.jobs_per_100, region=region, frame=with_peer("jobs_by_workplace"),
                      sources=provenances("jobs_by_workplace")))
    st.caption(words.PER_100_CAPTION)


def rate_section() -> None:
    show(cached_chart(jobs_charts.employment_rate, region=region, frame=with_peer("employed_by_residence"),
                      sources=provenances("employed_by_residence")))
    st.caption(words.RATE_CAPTION)


def commuting_year(balance: pd.DataFrame) -> int:
    """The commuting year, chosen in the Pendling and the Straumar section alike: one URL parameter, one set of
    options, and only the open tab draws the slider (so its key is never drawn twice)."""
    years = [str(y) for y in sorted(balance["period"].unique())]
    return int(year_choice(words.YEAR_LABEL, years, param="commuting_year", default=years[-1]))


def commuting_section() -> None:
    st.info(words.COMMUTING_OMISSION_TEXT, icon="ℹ️")
    balance = indicator_frame(commuting.COMMUTING, region)
    year = commuting_year(balance)
    net = balance[(balance["flow"] == commuting.NET) & (balance["period"] == year)]["value"]
    if not net.empty and net.notna().iloc[0]:
        where = fill_for(words.NET_WHERE_REGION, composite_words) if is_composite else name
        st.metric(
            words.NET_METRIC.format(where=where, year=year), format_signed(float(net.iloc[0])),
            help=fill_for(words.NET_HELP_REGION, composite_words) if is_composite
            else words.NET_HELP_MEMBER.format(name=name),
        )
    sources = provenances(commuting.COMMUTING)
    show(cached_chart(jobs_charts.net_commuting_by_municipality, balance=members_balance(), sources=sources,
                      year=year, region=region, members=composite if is_peer else None))
    show(cached_chart(jobs_charts.commuting_over_time, region=region, frame=balance, sources=sources))
    # Context from SSB's Arealprofiler: how many of the employed work in the municipality they live in.
    if has_figures("local_workers", region):  # not in a cache without the dataset (another region's, say)
        show(cached_chart(context_charts.local_workers_chart, region=region,
                          frame=indicator_frame("local_workers", region if is_peer else active.id),
                          sources=provenances("local_workers")))


def flows_section() -> None:
    year = commuting_year(indicator_frame(commuting.COMMUTING, region))
    st.subheader(words.FLOWS_SUBHEADER.format(year=year))
    # In the URL the scope "within the region" is the region's id (links from the first release say so).
    scope_options = {"all": "all", active.id: "region", "rest": "rest"}
    scope_labels = {key: words.fill(words.SCOPES[scope]) for key, scope in scope_options.items()}
    if is_composite:
        scope = "rest"
        st.caption(fill_for(words.REGION_FLOWS_CAPTION, composite_words))
    else:
        chosen = synced_select(words.SCOPE_LABEL, list(scope_options), param="flows", default="all",
                               format_func=scope_labels.get, horizontal=True, widget=st.radio)
        scope = scope_options[chosen]

    direction = synced_select(words.DIRECTION_LABEL, list(words.DIRECTIONS), param="direction", default="out",
                              format_func=words.DIRECTIONS.get, horizontal=True, widget=st.radio)
    sources = provenances(commuting.COMMUTING)
    flows = derived("largest_flows", lambda: commuting.largest_flows(region, year, direction, scope),  # type: ignore[arg-type]
                    region=region, year=year, direction=direction, scope=scope)
    chart = cached_chart(jobs_charts.largest_flows, region=region, flows=flows, sources=sources, year=year,
                         direction=direction, scope=scope)
    if chart.data.empty:
        st.markdown(f"**{words.DIRECTION_HEADINGS[direction].format(name=name)}**")
        st.info(words.NO_FLOWS, icon="ℹ️")
    else:
        show(chart)
    st.caption(words.fill(words.NAMES_CAPTION))

    if is_composite:
        st.subheader(fill_for(words.GRID_SUBHEADER, composite_words, year=year))
        inside = derived("flows_within_region", lambda: commuting.flows_within_region(year, region=region),
                         year=year, region=region)
        show(cached_chart(jobs_charts.commuting_within_region, inside=inside, sources=sources, year=year,
                          members=composite if is_peer else None))


def industry_section() -> None:
    if not jobs.industry_view_available():
        st.info(words.fill(words.INDUSTRY_OFFLINE_TEXT), icon="ℹ️")
        operator_hint(words.INDUSTRY_OFFLINE_OPERATOR)
        return
    if is_peer and not has_figures(jobs.JOBS_BY_INDUSTRY, region):  # fetched for the plan region only: said
        st.info(words.fill(words.PEER_NO_INDUSTRY, name=name), icon="ℹ️")
        return
    industry_years = sorted(int(y) for y in indicator_frame(jobs.JOBS_BY_INDUSTRY, region)["period"].unique())
    goal_year = goal.baseline_period if goal is not None else None
    base_year = goal_year if goal_year in industry_years else industry_years[0]
    last_year = industry_years[-1]
    if last_year <= base_year:
        st.info(words.INDUSTRY_ONE_YEAR.format(year=last_year), icon="ℹ️")
    else:
        show(cached_chart(jobs_charts.industry_change, region=region,
                          frame=indicator_frame(jobs.JOBS_BY_INDUSTRY, region),
                          sources=provenances(jobs.JOBS_BY_INDUSTRY), base_year=base_year, last_year=last_year))


# --- The sections: one message per tab, only the open one drawn -------------------------------------------
show_sections({
    words.SECTION_TREND: trend_section,
    words.SECTION_PER_100: per_100_section,
    words.SECTION_RATE: rate_section,
    words.SECTION_COMMUTING: commuting_section,
    words.SECTION_FLOWS: flows_section,
    words.SECTION_INDUSTRY: industry_section,
})
