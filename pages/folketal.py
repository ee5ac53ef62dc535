"""Folketal: population over time, working age, age composition, age pyramid and SSB's projection, one section
(tab) at a time (ui/sections.py)."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from indicators import plan_files
from indicators.ages import DEFAULT_WORKING_AGE, WORKING_AGE_CHOICES, parse_age_band
from indicators.formatting import format_number, format_percent, format_signed
from indicators.goals import GoalFileError
from indicators.population import WORKING_AGE_POPULATION, age_pyramid
from indicators.present import migration_charts, peer_charts, population_charts, texts
from indicators.present.key_figures import KeyFigure, trend_of
from indicators.present.texts import migration as migration_words
from indicators.present.texts import peers as peer_words
from indicators.present.texts import population as words
from indicators.regions import active_region, region_name
from indicators.safe_text import markdown_escaped
from ui.controls import year_choice
from ui.data import cached_chart, derived, evaluation, has_figures, indicator_frame, plan, provenances
from ui.figures import show
from ui.goal_status import show_goal_status
from ui.key_figures import show_key_figures
from ui.navigation import run_inside_the_app
from ui.peers import (
    compare_picker,
    compared_frame,
    default_comparisons,
    migration_rank_line,
    rank_lines,
    say_missing,
)
from ui.plan_notice import require_figures
from ui.sections import show_sections
from ui.sidebar import chosen_region
from ui.state import bound_choice, synced_select
from ui.style import page_title

run_inside_the_app()  # first: see ui/navigation.py

active = active_region()
region = chosen_region()  # a peer region (its members' sums) too
is_peer = region in active.peer_ids
name = region_name(region)
page_title(texts.fill(words.PAGE_TITLE, name=name))
require_figures("population_total", region)  # municipalities the snapshot has no figures for: said, not drawn

population = indicator_frame("population_total")
if is_peer:  # the default view reads the region's members and the comparisons; a peer's sums are read on their own
    population = pd.concat([population, indicator_frame("population_total", region)], ignore_index=True)
sources = provenances("population_total")  # the population charts' (the projection adds its own)
latest_year = int(population["period"].max())
first_year = int(population["period"].min())
# (region, year) -> value: a dict, since a MultiIndex over the frame took ~2 ms of every run for three lookups
by_region_year = dict(zip(zip(population["region_code"], population["period"], strict=True), population["value"],
                          strict=True))
latest = by_region_year[(region, latest_year)]
county = active.county if not is_peer else None  # the plan region's county: a peer's share of it means nothing
yearly_change = latest - by_region_year[(region, latest_year - 1)]
key_figures = [
    KeyFigure(texts.fill(words.METRIC_LATEST, year=latest_year), format_number(latest),
              texts.fill(words.METRIC_LATEST_DELTA, change=format_signed(yearly_change)), trend_of(yearly_change)),
    KeyFigure(texts.fill(words.METRIC_CHANGE, first=first_year),
              format_percent(latest / by_region_year[(region, first_year)] - 1, signed=True)),
]
if county is not None:
    key_figures.append(KeyFigure(texts.fill(words.METRIC_SHARE),
                                 format_percent(latest / by_region_year[(county.code, latest_year)])))
show_key_figures(key_figures)

# The plan's working-age goal is found by its indicator (goal ids are the plan's data) and handed to the chart.
# Read above the tabs, so a broken goals file is said whichever section is open.
try:  # the plan's target belongs to the plan's own region, never drawn on a peer's figures
    working_age_goal = None if is_peer else plan().measured_by(WORKING_AGE_POPULATION)
except GoalFileError as exc:  # the figures need no goals file: the chart is drawn without the plan's target
    working_age_goal = None
    st.warning(plan_files.explain(exc), icon="⚠️")


def trend_section() -> None:
    # A radio rather than more tabs: the chosen view then lives in the URL like every other choice.
    views = {"region": texts.fill(words.VIEW_REGION, name=name)}
    views["indeks"] = peer_words.COMPARED_VIEW  # the county and the country first; any place under «Samanlikn med»
    if not is_peer:  # the member chart shows the plan region's municipalities
        views["kommunar"] = texts.fill(words.VIEW_MEMBERS)
    if has_figures("net_migration", region):  # net migration is a view of its own where the cache has it
        views["flytting"] = texts.fill(migration_words.VIEW, name=name)
    view = synced_select(words.VIEW_LABEL, list(views), param="view", default="region", format_func=views.get,
                         horizontal=True, widget=st.radio, label_visibility="collapsed")
    if view == "region":
        show(cached_chart(population_charts.population_trend, region=region,
                          frame=indicator_frame("population_total", region), sources=sources),
             downloads_menu=True)  # the default view: no download-button code to load while it opens (issue 20)
    elif view == "indeks":
        base_years = [str(y) for y in range(first_year, latest_year)]
        plan_start = str(active.plan.start) if active.plan else ""
        year_column, compare_column = st.columns([1, 3])
        with year_column:
            base_year = int(bound_choice(
                words.BASE_YEAR_LABEL, base_years, param="base_year",
                default=plan_start if plan_start in base_years else base_years[0],
            ))
        with compare_column:
            compared = compare_picker(region)
        # the comparison's downloads behind «Last ned» too: a region change then mounts no new buttons (issue 23)
        if compared == default_comparisons():
            show(cached_chart(population_charts.population_indexed, region=region, frame=population,
                              sources=sources, base_year=base_year), downloads_menu=True)
        else:  # the places chosen under «Samanlikn med», read one by one
            frame, missing = compared_frame("population_total", region, compared)
            show(cached_chart(peer_charts.indexed_comparison, region=region, compared=compared, frame=frame,
                              sources=sources, base_year=base_year, export_title=peer_words.POPULATION_EXPORT,
                              key=f"folketal_samanlikna_{region}_{base_year}"), downloads_menu=True)
            say_missing(missing)
    elif view == "flytting":
        show(cached_chart(migration_charts.migration_trend, region=region,
                          frame=indicator_frame("net_migration", region), sources=provenances("net_migration")))
        rates = indicator_frame("net_migration_per_1000")
        if is_peer:
            rates = pd.concat([rates, indicator_frame("net_migration_per_1000", region)], ignore_index=True)
        show(cached_chart(migration_charts.migration_rate, region=region, frame=rates,
                          sources=provenances("net_migration_per_1000")))
        try:
            migration_goal = None if is_peer else evaluation(region).measured_by("net_migration")
        except GoalFileError:  # the warning above says why; the figures need no goals file
            migration_goal = None
        if migration_goal is not None:
            st.caption(texts.fill(migration_words.GOAL_HEADING, goal=markdown_escaped(migration_goal.goal.title)))
            show_goal_status(migration_goal, evaluation(region).entry(migration_goal.goal.id))
        migration_rank_line(region)  # on demand: every municipality's net migration is read only when asked for
    else:
        show(cached_chart(population_charts.population_municipalities, region=region, frame=population,
                          sources=sources))


def working_age_section() -> None:
    ages = synced_select(
        words.AGE_BAND_LABEL, WORKING_AGE_CHOICES, param="ages", default=DEFAULT_WORKING_AGE,
        format_func=lambda code: parse_age_band(code).label, horizontal=True, widget=st.radio,
    )
    view = synced_select(peer_words.MEASURE_LABEL, list(peer_words.WORKING_AGE_VIEWS), param="working_age_view",
                         default="count", format_func=peer_words.WORKING_AGE_VIEWS.get, horizontal=True,
                         widget=st.radio, label_visibility="collapsed")
    if view == "share":  # per resident: the share in working age, against any place
        compared = compare_picker(region)
        part, missing = compared_frame(WORKING_AGE_POPULATION, region, compared, ages=ages)
        whole, _ = compared_frame("population_total", region, compared)
        if not part.empty:
            show(cached_chart(peer_charts.share_comparison, region=region, compared=compared,
                              frame=peer_charts.share_of_residents(part, whole), sources=sources,
                              ages=parse_age_band(ages).label, key=f"yrkesaktiv_del_{region}_{ages}"))
        say_missing(missing)
    else:
        frame = indicator_frame(WORKING_AGE_POPULATION, region, ages=ages)
        show(cached_chart(population_charts.working_age, region=region, frame=frame, sources=sources, ages=ages,
                          goal=working_age_goal))
        st.caption(words.WORKING_AGE_CAPTION)
    # ranks on demand: every municipality (or the peer regions) is read only when asked for
    start = working_age_goal.baseline_period if working_age_goal and working_age_goal.baseline_period else (
        latest_year - 4)
    rank_lines(region, ages, parse_age_band(ages).label.removesuffix(" år"), start, latest_year)


def age_groups_section() -> None:
    grouping = synced_select(
        words.GROUPING_LABEL, list(words.GROUPINGS), param="groups", default="plan",
        format_func=words.GROUPINGS.get, horizontal=True, widget=st.radio,
    )
    frame = indicator_frame("population_by_age_group", region, groups=grouping)
    show(cached_chart(population_charts.age_groups, region=region, frame=frame, sources=sources, grouping=grouping))


def pyramid_section() -> None:
    year = int(year_choice(words.PYRAMID_YEAR_LABEL, [str(y) for y in range(first_year, latest_year + 1)],
                           param="year", default=str(latest_year)))
    data = derived("age_pyramid", lambda: age_pyramid(region, year), region=region, year=year)
    show(cached_chart(population_charts.pyramid, region=region, data=data, sources=sources, year=year))


def projection_section() -> None:
    frame = indicator_frame("population_projection", region)
    if frame.dropna(subset=["value"]).empty:  # SSB's projection is in the snapshot for the plan's region only
        st.info(texts.fill(words.NO_PROJECTION, name=name), icon="ℹ️")
        return
    show(cached_chart(population_charts.projection, region=region,
                      frame=frame,
                      sources=provenances("population_projection")))
    st.caption(words.PROJECTION_CAPTION)


show_sections({
    words.SECTION_TREND: trend_section,
    words.SECTION_WORKING_AGE: working_age_section,
    words.SECTION_AGE_GROUPS: age_groups_section,
    words.SECTION_PYRAMID: pyramid_section,
    words.SECTION_PROJECTION: projection_section,
})
