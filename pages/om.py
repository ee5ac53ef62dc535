"""Om: method, sources, licences and the provenance of every dataset in the cache."""

from __future__ import annotations

import streamlit as st

from indicators import cache, plan_files
from indicators.ages import DEFAULT_WORKING_AGE, parse_age_band
from indicators.formatting import format_date, format_number, format_percent
from indicators.goals import Goal, GoalFileError, Plan
from indicators.jobs import JOBS_INDICATOR
from indicators.population import WORKING_AGE_POPULATION
from indicators.present import texts
from indicators.present.html import render
from indicators.present.texts import about as t
from indicators.present.texts import jobs as jobs_texts
from indicators.progress import method_explanation_markdown
from indicators.regions import Region, active_region
from indicators.safe_text import markdown_literal
from ui.data import plan
from ui.municipal_parts import show_parts_rule
from ui.navigation import run_inside_the_app
from ui.peers import similar_section
from ui.style import page_title

run_inside_the_app()  # first: see ui/navigation.py

current_plan: Plan | None
try:
    current_plan = plan()
except GoalFileError as exc:
    current_plan = None
    st.warning(plan_files.explain(exc), icon="⚠️")


def measured_goal(indicator: str) -> Goal | None:
    """The plan's goal measured by `indicator`; None also when the goals file cannot be read (the page still
    explains the method and the sources; the problem is said once, at the top)."""
    return current_plan.measured_by(indicator) if current_plan is not None else None


def working_age_text() -> str:
    goal = measured_goal(WORKING_AGE_POPULATION)
    if goal is None or goal.target_change is None:
        return t.WORKING_AGE_MISSING
    return t.WORKING_AGE.format(
        ages=parse_age_band(goal.params.get("ages", DEFAULT_WORKING_AGE)).label, baseline=goal.baseline_period,
        target=format_percent(goal.target_change, signed=True, decimals=0), target_year=goal.target_period,
    )


def region_text(region: Region) -> str:
    """How the region's total is made, and how its members' codes changed (from the region file)."""
    members = ", ".join(m.name for m in region.members)
    text = texts.fill(t.REGION_SUM, region, members=members)
    changed = sorted({former.until + 1 for m in region.members for former in m.former})
    example = next((m for m in region.members if m.former), None)
    if changed and example is not None:
        dates = t.AND.join(t.CODE_CHANGE_DATE.format(year=year) for year in changed)
        history = " → ".join((*example.former_codes, example.code))
        text += "\n\n" + t.CODE_CHANGES.format(dates=dates, example=f"{example.name} {history}")
    return text


region = active_region()
page_title(t.TITLE)
if region.has_plan:
    st.markdown(texts.fill(t.INTRO, region))
    st.markdown(texts.fill(t.BOARD_INTRO, region))
else:  # a region with members only
    st.markdown(texts.fill(t.INTRO_NO_PLAN, region))

st.header(t.TWO_STATUSES_HEADING)
st.markdown(t.TWO_STATUSES)

show_parts_rule(region)  # which actions have municipal parts (issue 22)

st.header(t.METHOD_HEADING)
st.markdown(method_explanation_markdown())
st.markdown(working_age_text())
st.markdown(region_text(region))

st.subheader(t.JOBS_HEADING)
st.markdown(jobs_texts.rule_text(measured_goal(JOBS_INDICATOR)))

similar_section()  # similar regions and municipalities: method, measures, distances (on demand)

st.header(t.SOURCES_HEADING)
st.markdown(texts.fill(t.SOURCES, region))
if region.has_plan:
    st.markdown(texts.fill(t.SOURCES_PLAN, region))

st.header(t.DATASETS_HEADING)
rows = []
origins = []
for name in cache.list_datasets():
    manifest = cache.read_manifest(name)
    if manifest is None:
        continue
    extract = manifest.extra.get("published_extract")
    columns = t.COLUMNS
    rows.append({
        columns["title"]: manifest.title,
        columns["source"]: manifest.source,
        columns["table"]: manifest.table_id or "",
        columns["updated"]: format_date(manifest.source_updated) if manifest.source_updated else t.NOT_GIVEN,
        columns["how"]: t.PUBLISHED_EXTRACT if extract else t.FETCHED,
        columns["stored"]: format_date(manifest.retrieved_at),
        columns["rows"]: format_number(manifest.row_count),
        columns["licence"]: manifest.licence.split(" (")[0],
        columns["name"]: name,
    })
    origins.append((manifest.title, manifest.produced_by))
if rows:
    # a static HTML table, not st.dataframe: nothing to sort in a score of rows, and the grid's code was the
    # heaviest the browser loaded while this page opened (issue 20, bench/element_kinds.py)
    head = list(rows[0])
    numeric = (head.index(t.COLUMNS["rows"]),)
    nowrap = tuple(head.index(t.COLUMNS[key]) for key in ("updated", "stored", "rows"))
    st.markdown(render("snippets/table.html.j2", css_class="about-datasets", head=head, numeric=numeric, nowrap=nowrap,
                       caption=t.DATASETS_CAPTION, rows=[list(row.values()) for row in rows]), unsafe_allow_html=True)
    with st.expander(t.ORIGINS):
        for title, produced_by in origins:  # text from the manifest files: shown as itself, never as markdown
            st.markdown(f"**{markdown_literal(title)}**  \n{markdown_literal(produced_by)}")
else:
    st.info(t.NO_DATASETS)
st.caption(t.MANIFEST_NOTE)
