"""Klima: greenhouse-gas emissions (Miljødirektoratet) against the plan's emissions goal, and the import step.

With nothing imported the page says what is missing and how to get it, and never shows a number. The goal is
the plan's goal measured by the emissions indicator; the page evaluates the plan once per run
(ui.data.evaluation, the goal board's cached evaluation) and hands the Goal and the results to the builders,
so the board and this page cannot disagree. Without the goal in the file the page says so and shows the data.
Words come from indicators/present/texts/climate.py; text from files is shown as text (indicators/safe_text).
"""

from __future__ import annotations

import json
import shutil
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pandas as pd
import streamlit as st
from sqlalchemy.exc import SQLAlchemyError

from indicators import emissions, emissions_goal, plan_files
from indicators.cache import CacheError, has_dataset
from indicators.followup.audit import record_event
from indicators.followup.errors import FollowupError
from indicators.followup.unit_of_work import write_transaction
from indicators.formatting import format_date, format_number, format_percent, format_signed
from indicators.goals import Goal, GoalFileError, Plan
from indicators.part_time import PartTimeFileError, PartTimeInputError, calculate, plan_defaults
from indicators.population import POPULATION
from indicators.present import emissions_charts
from indicators.present.badges import badge_html
from indicators.present.html import render
from indicators.present.texts import climate as t
from indicators.present.texts import fill
from indicators.present.texts import reporting as rt
from indicators.regions import active_region, region_name
from indicators.safe_text import markdown_escaped
from indicators.sources.miljodirektoratet import (
    MANUAL_PAGE,
    MAX_FILE_BYTES,
    EmissionsImportError,
    ImplausibleEmissionsError,
    import_emissions,
    preview_import,
)
from ui import auth
from ui.data import Evaluation, cached_chart, evaluation, indicator_frame, provenances
from ui.figures import show
from ui.navigation import run_inside_the_app
from ui.plan_notice import require_figures
from ui.sidebar import chosen_region, current_region, say_plan_region
from ui.state import synced_select
from ui.style import page_title

run_inside_the_app()  # first: see ui/navigation.py

UPLOAD_VERSION_KEY = "klima_upload_version"
IMPORT_MESSAGE_KEY = "klima_import_message"
PREVIEW_KEY = "klima_preview"
IMPORT_WARNING_KEY = "klima_import_warning"
PROBLEMS_KEY = "klima_implausible_problems"
UNIT = t.UNIT


def goal_badge(status: str, reason: str = "") -> None:
    """The goal's status badge; without the goal in plan/goals.toml, why there is none."""
    if goal is None:
        st.markdown(t.GOAL_HEADING_MISSING)
        if goals_problem:
            st.warning(markdown_escaped(goals_problem), icon="⚠️")
        else:
            st.info(emissions_charts.goal_missing_text(current_plan), icon=":material/info:")
        return
    st.markdown(fill(t.GOAL_HEADING, target=emissions_charts.goal_target_text(goal)))
    st.markdown(badge_html(status), unsafe_allow_html=True)
    if reason:
        st.caption(reason)


def _member_words() -> dict[str, Any]:
    members = [m.name for m in active_region().members]
    listed = members[0] if len(members) == 1 else f"{', '.join(members[:-1])} {t.OR} {members[-1]}"
    return {"member_names": listed, "example": members[-1], "manual_page": MANUAL_PAGE}


# --- Import step -------------------------------------------------------------------------------------------


def stage_uploads(files: Sequence[Any], folder: Path) -> list[Path]:
    """Write uploaded files to `folder` under their own names (one subfolder each: names may repeat)."""
    paths = []
    for index, upload in enumerate(files):
        name = Path(str(upload.name)).name or t.UPLOAD_DEFAULT_NAME
        target = folder / str(index) / name
        target.parent.mkdir(parents=True)
        target.write_bytes(upload.getvalue())
        paths.append(target)
    return paths


def run_with_uploads(files: Sequence[Any], action: Any) -> Any:
    """Call `action(paths)` with the uploads written to a temporary folder, removed afterwards."""
    folder = Path(tempfile.mkdtemp(prefix="klima-opplasting-"))
    try:
        return action(stage_uploads(files, folder))
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def import_step(expanded: bool) -> None:
    st.header(t.IMPORT_HEADING)
    with st.expander(t.IMPORT_EXPANDER, expanded=expanded, icon=":material/upload_file:"):
        st.markdown(fill(t.IMPORT_HELP, **_member_words()))
        # An import replaces the figures everyone sees: editors only (issue 12, item 1).
        editor = auth.require_editor("klima_sign_in", explanation=rt.IMPORT_EDITORS_ONLY)
        if editor is None:
            return
        auth.account_box(editor, key="klima_account")
        st.caption(t.IMPORT_TERMINAL)
        if warning := st.session_state.pop(IMPORT_WARNING_KEY, None):
            st.warning(warning, icon=":material/warning:")
        version = st.session_state.get(UPLOAD_VERSION_KEY, 0)
        files = st.file_uploader(
            t.UPLOAD_LABEL, type=["xlsx"], accept_multiple_files=True, key=f"klima_upload_{version}",
            help=fill(t.UPLOAD_HELP, max_mb=MAX_FILE_BYTES // (1024 * 1024)),
        )
        if not files:
            return
        # An implausible file passes only with an explicit confirmation, offered after the refusal.
        accepted = bool(st.session_state.get(f"klima_accept_{version}", False))
        # Reading a large workbook takes a while: preview once per set of files and state of the cache.
        cached_release = tuple(p.retrieved_at for p in provenances("emissions_total"))
        signature = (tuple((f.file_id, f.name, f.size) for f in files), cached_release, accepted)
        stored = st.session_state.get(PREVIEW_KEY)
        if not stored or stored[0] != signature:
            try:
                text = run_with_uploads(
                    files, lambda paths: preview_import(paths, accept_implausible=accepted).describe()
                )
                stored = (signature, text, None, [])
            except ImplausibleEmissionsError as exc:
                stored = (signature, None, str(exc), list(exc.problems))
                st.session_state[PROBLEMS_KEY] = list(exc.problems)  # what a confirmation accepts
            except EmissionsImportError as exc:
                stored = (signature, None, str(exc), [])
            st.session_state[PREVIEW_KEY] = stored
        _, preview_text, error, problems = stored
        if error:
            st.error(fill(t.PREVIEW_REFUSED, error=error), icon=":material/error:")
        if problems or accepted:
            st.checkbox(rt.ACCEPT_IMPLAUSIBLE, key=f"klima_accept_{version}", help=rt.ACCEPT_IMPLAUSIBLE_HELP)
        if error:
            return
        st.markdown(t.PREVIEW_HEADING)
        st.info(preview_text, icon=":material/info:")
        if st.button(t.IMPORT_BUTTON, type="primary", key=f"klima_confirm_{version}", icon=":material/check:"):
            names = [Path(str(f.name)).name for f in files]
            problems = st.session_state.get(PROBLEMS_KEY, [])
            if accepted and not record_import(editor, "accept_implausible", names, problems):
                st.error(rt.ACCEPT_NOT_RECORDED, icon=":material/error:")
                return
            try:
                with st.spinner(t.IMPORT_SPINNER):
                    summary = run_with_uploads(files, lambda paths: import_emissions(
                        paths, accept_implausible=accepted))
            except EmissionsImportError as exc:
                st.error(fill(t.IMPORT_STOPPED, error=exc), icon=":material/error:")
                return
            if not record_import(editor, "import_emissions", names):
                st.session_state[IMPORT_WARNING_KEY] = rt.IMPORT_NOT_RECORDED
            st.session_state[IMPORT_MESSAGE_KEY] = summary.describe()
            st.session_state[UPLOAD_VERSION_KEY] = version + 1
            st.session_state.pop(PREVIEW_KEY, None)
            st.session_state.pop(PROBLEMS_KEY, None)
            st.rerun()


def record_import(editor: auth.User, action: str, names: list[str], problems: Sequence[str] = ()) -> bool:
    """The web import (and an explicit acceptance of implausible figures, with what was implausible) in the
    follow-up's audit log."""
    details: dict[str, Any] = {"files": names}
    if problems:
        details["problems"] = list(problems)
    try:
        with auth.database_session() as session, write_transaction(session):  # the page's unit of work
            record_event(session, editor.name, action, "dataset:emissions", new=json.dumps(details, ensure_ascii=False))
    except (FollowupError, SQLAlchemyError):
        return False
    return True


# --- Sections ----------------------------------------------------------------------------------------------


def empty_state() -> None:
    status_col, text_col = st.columns([1, 3], gap="large")
    with status_col:
        goal_badge("no_data", t.EMPTY_STATE_BADGE_REASON)
    with text_col:
        st.info(fill(t.EMPTY_STATE, **_member_words()), icon=":material/info:")


def region_without_figures(totals: pd.DataFrame) -> None:
    codes = active_region().member_codes
    imported = [c for c in codes if (totals["region_code"] == c).any()]
    missing = [c for c in codes if c not in imported]
    names = ", ".join(region_name(c) for c in imported) or t.NONE_OF_THEM
    status_col, text_col = st.columns([1, 3], gap="large")
    with status_col:
        goal_badge("no_data")
    with text_col:
        if region == active_region().id:
            text = fill(t.REGION_WITHOUT_FIGURES, imported=names, note=fill(t.REGION_INCOMPLETE_NOTE),
                        missing=", ".join(region_name(c) for c in missing) or t.NONE)
        else:
            text = fill(t.MEMBER_WITHOUT_FIGURES, name=name, imported=names)
        st.warning(text, icon=":material/warning:")


def latest_figure(own: pd.DataFrame) -> None:
    """Without the goal: the latest emissions, and why there is no goal status."""
    col_latest, col_status = st.columns([1, 2.3], gap="medium")
    known = own.dropna(subset=["value"]).sort_values("period")
    if not known.empty:
        col_latest.metric(fill(t.LATEST_METRIC, year=int(known["period"].iloc[-1]), unit=UNIT),
                          format_number(known["value"].iloc[-1]))
    with col_status:
        goal_badge("no_data")


def key_figures(goal: emissions_goal.GoalProgress) -> None:
    col_latest, col_change, col_target, col_status = st.columns([1, 1, 1, 1.3], gap="medium")
    if goal.current_value is not None:
        col_latest.metric(fill(t.LATEST_METRIC, year=goal.current_period, unit=UNIT), format_number(goal.current_value))
    elif goal.base_value is not None:
        col_latest.metric(fill(t.LATEST_METRIC, year=goal.base_period, unit=UNIT), format_number(goal.base_value))
    if goal.base_value is not None and goal.current_value is not None:
        change = goal.current_value - goal.base_value
        col_change.metric(
            fill(t.CHANGE_METRIC, base=goal.base_period, current=goal.current_period),
            format_percent(change / goal.base_value, signed=True),
            help=f"{format_signed(change)} {UNIT}",
        )
    else:
        col_change.metric(fill(t.CHANGE_SINCE_METRIC, base=goal.base_period), "–")
    if goal.target_value is not None:
        target_change = goal.goal.target_change
        label = (
            fill(t.TARGET_METRIC_CHANGE, period=goal.target_period, change=format_percent(target_change, 0), unit=UNIT)
            if target_change is not None else fill(t.TARGET_METRIC, period=goal.target_period, unit=UNIT)
        )
        col_target.metric(label, format_number(goal.target_value))
    with col_status:
        goal_badge(goal.assessment.status, goal.assessment.reason)
        lines = []
        if goal.gap_to_path is not None and goal.current_period is not None and goal.current_value is not None:
            path_value = goal.current_value - goal.gap_to_path
            lines.append(fill(
                t.GAP_TO_PATH, tonnes=format_number(abs(goal.gap_to_path)),
                percent=format_percent(abs(goal.gap_to_path) / path_value),
                side=t.ABOVE if goal.gap_to_path > 0 else t.BELOW, year=goal.current_period,
            ))
        if goal.gap_to_target is not None and goal.current_value is not None:
            if goal.gap_to_target > 0:
                lines.append(fill(
                    t.LEFT_TO_TARGET, tonnes=format_number(goal.gap_to_target),
                    percent=format_percent(goal.gap_to_target / goal.current_value), year=goal.current_period,
                ))
            else:
                lines.append(fill(t.UNDER_TARGET, tonnes=format_number(-goal.gap_to_target)))
        if lines:
            st.markdown("  \n".join(lines))


def per_person_section(totals: pd.DataFrame) -> None:
    st.header(t.HEADING_PER_PERSON)
    population = indicator_frame("population_total") if has_dataset(POPULATION) else None
    frame = emissions.per_resident(totals[totals["region_code"] == region], population)
    sources = provenances("emissions_total") + provenances("population_total")
    chart = cached_chart(emissions_charts.per_resident_chart, region=region, frame=frame, sources=sources)
    known = chart.data.dropna(subset=["value"]).sort_values("period")
    col_resident, col_equivalent = st.columns(2, gap="large")
    if not known.empty:
        last = known.iloc[-1]
        col_resident.metric(
            fill(t.PER_RESIDENT_METRIC, year=int(last["period"])), format_number(last["value"], 1),
            help=t.PER_RESIDENT_HELP,
        )
    estimate = None
    whole = active_region().id
    if region == whole:
        try:
            guest_days = calculate(plan_defaults()).guest_days_per_year
            population = indicator_frame("population_total", whole)
            estimate = emissions.full_year_estimate(totals, population, guest_days, region=whole)
        except (PartTimeFileError, PartTimeInputError, CacheError):
            estimate = None
    with col_equivalent:
        if estimate is not None:
            st.metric(
                fill(t.PER_EQUIVALENT_METRIC, year=estimate.period), format_number(estimate.per_equivalent, 1),
                help=fill(t.PER_EQUIVALENT_HELP, emissions=format_number(estimate.emissions),
                          equivalents=format_number(estimate.equivalents),
                          residents=format_number(estimate.residents),
                          guest_days=format_number(estimate.guest_days_per_year)),
            )
            st.caption(emissions_charts.full_year_equivalent_explanation())
        elif region != whole:
            st.caption(fill(t.PER_EQUIVALENT_ONLY_REGION))
    show(chart)


def influence_section() -> None:
    st.header(t.HEADING_INFLUENCE)
    show(cached_chart(emissions_charts.influence_chart, region=region,
                      frame=indicator_frame("emissions_by_influence", region),
                      sources=provenances("emissions_by_influence")))
    st.markdown(t.INFLUENCE_EXPLANATION)
    with st.expander(t.INFLUENCE_REASONS):
        sector_column, label_column, _ = t.INFLUENCE_COLUMNS
        reasons = pd.DataFrame(
            [
                (sector, t.INFLUENCE_LABELS[emissions.influence_of(sector)], reason)
                for sector, reason in t.SECTOR_INFLUENCE_REASONS.items()
            ],
            columns=list(t.INFLUENCE_COLUMNS),
        ).sort_values([label_column, sector_column])
        st.table(reasons.set_index(sector_column))


def municipalities_section(goal: Goal) -> None:
    st.header(t.HEADING_MUNICIPALITIES)
    # Each member's goal status as the goal board evaluates it (one cached evaluation per member).
    results = [
        found for code in active_region().member_codes
        if (found := evaluation(code).measured_by(emissions.GOAL_INDICATOR)) is not None
    ]
    table = emissions_goal.municipality_goals(results)
    chart = cached_chart(emissions_charts.municipality_change_chart, goal=goal, table=table,
                         sources=provenances("emissions_total"))
    if table.empty:
        return
    head = [fill(h, base=goal.baseline_period, target_period=goal.target_period) for h in t.MUNICIPALITY_TABLE_HEAD]
    rows = []
    for r in table.itertuples():
        latest = (
            fill(t.MUNICIPALITY_LATEST, value=format_number(r.current_value), year=int(r.current_period))
            if pd.notna(r.current_period) else "–"
        )
        change = format_percent(r.change_ratio, signed=True) if pd.notna(r.change_ratio) else "–"
        rows.append((r.region_name, format_number(r.base_value), latest, change, format_number(r.target_value),
                     badge_html(r.status, size_px=15)))
    st.markdown(render("snippets/table.html.j2", css_class="klima-kommunar", head=head, rows=rows),
                unsafe_allow_html=True)
    st.caption(t.MUNICIPALITY_CAPTION)
    show(chart)


def source_caption() -> None:
    for p in provenances("emissions_total"):
        release = emissions_charts.release_note([p], with_files=True)
        st.caption(fill(t.SOURCE_CAPTION, source=p.source, title=p.title, release=release,
                        date=format_date(p.retrieved_at), licence=p.licence))


# --- Page --------------------------------------------------------------------------------------------------

if (peer := chosen_region()) in active_region().peer_ids:  # a peer region: its emissions if the snapshot has them
    page_title(fill(t.PAGE_TITLE, name=region_name(peer)))
    require_figures("emissions_total", peer)  # none: said plainly (NoFiguresError), nothing estimated
    say_plan_region()  # the page's goals and figures below are the plan's own region's
region = current_region()
name = region_name(region)
if peer not in active_region().peer_ids:
    page_title(fill(t.PAGE_TITLE, name=name))

# The plan and its goals, evaluated once for this region (the goal board's cached evaluation).
board: Evaluation | None
goals_problem = ""
try:
    board = evaluation(region)
    current_plan: Plan | None = board.plan
except GoalFileError as exc:
    board = None
    current_plan = None
    goals_problem = plan_files.explain(exc)
goal = emissions_goal.emissions_goal(current_plan)
result = board.measured_by(emissions.GOAL_INDICATOR) if board is not None else None
if goal is not None:
    plan_end = current_plan is not None and goal.target_period == current_plan.plan_period[1]
    st.markdown(fill(t.GOAL_IN_PLAN, title=markdown_escaped(goal.title), target_period=goal.target_period,
                     at_plan_end=t.GOAL_IN_PLAN_END if plan_end else ""))

message = st.session_state.pop(IMPORT_MESSAGE_KEY, None)
if message:
    st.success(message.replace("\n", "  \n"), icon=":material/check_circle:")

totals: pd.DataFrame | None = None
damaged = False
region_has_figures = False
try:
    if emissions.has_emissions_data():
        totals = indicator_frame("emissions_total")
except CacheError as exc:
    damaged = True
    st.error(fill(t.DAMAGED, problem=exc), icon=":material/error:")
    goal_badge("no_data")

if totals is None:
    if not damaged:
        empty_state()
else:
    own = totals[totals["region_code"] == region]
    region_has_figures = bool(own["value"].notna().any())
    if not region_has_figures:
        region_without_figures(totals)
    else:
        if goal is None or result is None:
            latest_figure(own)
        else:
            key_figures(emissions_goal.goal_progress(result))

        st.header(t.HEADING_GOAL if goal is not None else t.HEADING_EMISSIONS)
        show(cached_chart(emissions_charts.goal_chart, region=region, frame=own, sources=provenances("emissions_total"),
                          goal=goal))
        st.caption(
            t.BARS_CAPTION if goal is None
            else fill(t.PATH_CAPTION, bars=t.BARS_CAPTION, base=goal.baseline_period, target_period=goal.target_period)
        )
        if region == active_region().id and own["value"].isna().any():
            st.caption(fill(t.REGION_INCOMPLETE_NOTE))

        st.header(t.HEADING_SECTORS)
        measure = synced_select(
            t.SECTOR_VIEW_LABEL, list(t.SECTOR_MEASURES), param="sector_view", default="tonnes",
            format_func=lambda key: t.SECTOR_MEASURES[key], horizontal=True, widget=st.radio,
        )
        show(cached_chart(emissions_charts.sector_chart, region=region,
                          frame=indicator_frame("emissions_by_sector", region),
                          sources=provenances("emissions_by_sector"), measure=measure))

        per_person_section(totals)
        influence_section()
        if region == active_region().id and goal is not None:
            municipalities_section(goal)
        source_caption()

import_step(expanded=not region_has_figures)
