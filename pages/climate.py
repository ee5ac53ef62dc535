"""Klima: greenhouse-gas emissions (Miljødirektoratet) against the plan's emissions goal, and the import step.

With nothing imported the page says what is missing and how to get it, and never shows a number. The goal's
numbers come from plan/goals.toml and its status from the goal board's cached evaluation (ui.data.goal_result),
so the board and this page cannot disagree; without the goal in the file the page says so and shows the data.
"""

from __future__ import annotations

import html
import shutil
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pandas as pd
import streamlit as st

from indicators import emissions, emissions_goal
from indicators.cache import CacheError
from indicators.formatting import format_date, format_number, format_percent, format_signed
from indicators.goals import Goal, GoalFileError, Plan
from indicators.part_time import PartTimeFileError, PartTimeInputError, calculate, plan_defaults
from indicators.present import emissions_charts
from indicators.present.badges import badge_html
from indicators.regions import HALLINGDAL, MUNICIPALITY_CODES, region_name
from indicators.sources.miljodirektoratet import MANUAL_PAGE, EmissionsImportError, import_emissions, preview_import
from ui.data import cached_chart, goal_result, indicator_frame, plan, provenances
from ui.figures import show
from ui.sidebar import current_region
from ui.state import synced_select

UPLOAD_VERSION_KEY = "klima_upload_version"
IMPORT_MESSAGE_KEY = "klima_import_message"
PREVIEW_KEY = "klima_preview"
UNIT = "tonn CO₂-ekv."


def goal_badge(status: str, reason: str = "") -> None:
    """The goal's status badge; without the goal in plan/goals.toml, why there is none."""
    if goal is None:
        st.markdown("**Mål for klimautsleppa**")
        st.info(emissions_goal.goal_missing_text(current_plan), icon=":material/info:")
        return
    st.markdown(f"**Mål: {emissions_goal.goal_target_text(goal)}**")
    st.markdown(badge_html(status), unsafe_allow_html=True)
    if reason:
        st.caption(reason)


# --- Import step -------------------------------------------------------------------------------------------


def stage_uploads(files: Sequence[Any], folder: Path) -> list[Path]:
    """Write uploaded files to `folder` under their own names (one subfolder each: names may repeat)."""
    paths = []
    for index, upload in enumerate(files):
        name = Path(str(upload.name)).name or "opplasta.xlsx"
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
    st.header("Importer utsleppsdata")
    with st.expander("Last opp fil frå Miljødirektoratet", expanded=expanded, icon=":material/upload_file:"):
        st.markdown(
            f"Last ned Excel-fila frå [Miljødirektoratet]({MANUAL_PAGE}): anten éi fil per kommune "
            "(*Utslippsregnskap_Hol.xlsx* og liknande, gjerne alle seks på éin gong) eller fila med alle "
            "kommunane (*utslippsstatistikk_alle_kommuner.xlsx*). Du ser kva som blir bytt ut før noko blir "
            "endra. Same kan gjerast i ein terminal: `python -m indicators import-emissions FIL`."
        )
        version = st.session_state.get(UPLOAD_VERSION_KEY, 0)
        files = st.file_uploader(
            "Excel-fil(er) frå Miljødirektoratet (.xlsx)", type=["xlsx"], accept_multiple_files=True,
            key=f"klima_upload_{version}",
            help="Berre dei seks kommunane i Hallingdal blir tekne vare på; andre kommunar i fila blir hoppa over.",
        )
        if not files:
            return
        # Reading a large workbook takes a while: preview once per set of files and state of the cache.
        cached_release = tuple(p.retrieved_at for p in provenances("emissions_total"))
        signature = (tuple((f.file_id, f.name, f.size) for f in files), cached_release)
        stored = st.session_state.get(PREVIEW_KEY)
        if not stored or stored[0] != signature:
            try:
                text = run_with_uploads(files, lambda paths: preview_import(paths).describe())
                stored = (signature, text, None)
            except EmissionsImportError as exc:
                stored = (signature, None, str(exc))
            st.session_state[PREVIEW_KEY] = stored
        _, preview_text, error = stored
        if error:
            st.error(f"Fila kan ikkje importerast, og ingenting er endra. {error}", icon=":material/error:")
            return
        st.markdown("**Dette skjer om du importerer:**")
        st.info(preview_text, icon=":material/info:")
        if st.button("Importer og byt ut", type="primary", key=f"klima_confirm_{version}",
                     icon=":material/check:"):
            try:
                with st.spinner("Importerer …"):
                    summary = run_with_uploads(files, import_emissions)
            except EmissionsImportError as exc:
                st.error(f"Importen vart stoppa, og ingenting er endra. {exc}", icon=":material/error:")
                return
            st.session_state[IMPORT_MESSAGE_KEY] = summary.describe()
            st.session_state[UPLOAD_VERSION_KEY] = version + 1
            st.session_state.pop(PREVIEW_KEY, None)
            st.rerun()


# --- Sections ----------------------------------------------------------------------------------------------


def empty_state() -> None:
    status_col, text_col = st.columns([1, 3], gap="large")
    with status_col:
        goal_badge("no_data", "Ingen utsleppstal er importerte.")
    with text_col:
        st.info(emissions.EMPTY_STATE_TEXT, icon=":material/info:")


def region_without_figures(totals: pd.DataFrame) -> None:
    imported = [c for c in MUNICIPALITY_CODES if (totals["region_code"] == c).any()]
    missing = [c for c in MUNICIPALITY_CODES if c not in imported]
    names = ", ".join(region_name(c) for c in imported) or "ingen av kommunane"
    status_col, text_col = st.columns([1, 3], gap="large")
    with status_col:
        goal_badge("no_data")
    with text_col:
        if region == HALLINGDAL:
            st.warning(
                "Det finst ikkje tal for alle seks kommunane for noko år, så summen for Hallingdal kan ikkje "
                f"reknast ut. Importert: {names}. Manglar: {', '.join(region_name(c) for c in missing) or 'ingen'}."
                "\n\n" + emissions.HALLINGDAL_INCOMPLETE_NOTE
                + "\n\nVel ein av dei importerte kommunane i menyen til venstre, eller importer filene som manglar.",
                icon=":material/warning:",
            )
        else:
            st.warning(
                f"Dei importerte utsleppsdataa har ikkje tal for {name} (importert: {names}). Last ned fila for "
                f"{name} frå Miljødirektoratet og importer ho under.",
                icon=":material/warning:",
            )


def latest_figure(own: pd.DataFrame) -> None:
    """Without the goal: the latest emissions, and why there is no goal status."""
    col_latest, col_status = st.columns([1, 2.3], gap="medium")
    known = own.dropna(subset=["value"]).sort_values("period")
    if not known.empty:
        col_latest.metric(f"Utslepp {int(known['period'].iloc[-1])} ({UNIT})", format_number(known["value"].iloc[-1]))
    with col_status:
        goal_badge("no_data")


def key_figures(goal: emissions_goal.GoalProgress) -> None:
    col_latest, col_change, col_target, col_status = st.columns([1, 1, 1, 1.3], gap="medium")
    if goal.current_value is not None:
        col_latest.metric(f"Utslepp {goal.current_period} ({UNIT})", format_number(goal.current_value))
    elif goal.base_value is not None:
        col_latest.metric(f"Utslepp {goal.base_period} ({UNIT})", format_number(goal.base_value))
    if goal.base_value is not None and goal.current_value is not None:
        change = goal.current_value - goal.base_value
        col_change.metric(
            f"Endring {goal.base_period}–{goal.current_period}",
            format_percent(change / goal.base_value, signed=True),
            help=f"{format_signed(change)} {UNIT}",
        )
    else:
        col_change.metric(f"Endring sidan {goal.base_period}", "–")
    if goal.target_value is not None:
        change = goal.goal.target_change
        col_target.metric(
            f"Mål {goal.target_period}: {format_percent(change, 0)} ({UNIT})" if change is not None
            else f"Mål {goal.target_period} ({UNIT})",
            format_number(goal.target_value),
        )
    with col_status:
        goal_badge(goal.assessment.status, goal.assessment.reason)
        lines = []
        if goal.gap_to_path is not None and goal.current_period is not None:
            path_value = goal.current_value - goal.gap_to_path
            side = "over" if goal.gap_to_path > 0 else "under"
            lines.append(
                f"{format_number(abs(goal.gap_to_path))} tonn ({format_percent(abs(goal.gap_to_path) / path_value)}) "
                f"{side} målbanen i {goal.current_period}."
            )
        if goal.gap_to_target is not None:
            if goal.gap_to_target > 0:
                lines.append(
                    f"Att til målet: {format_number(goal.gap_to_target)} tonn, "
                    f"{format_percent(goal.gap_to_target / goal.current_value)} av utsleppa i {goal.current_period}."
                )
            else:
                lines.append(f"Under målnivået med {format_number(-goal.gap_to_target)} tonn.")
        if lines:
            st.markdown("  \n".join(lines))


def per_person_section(totals: pd.DataFrame) -> None:
    st.header("Utslepp per person")
    chart = cached_chart(emissions_charts.per_resident_chart, region=region)
    known = chart.data.dropna(subset=["value"]).sort_values("period")
    col_resident, col_equivalent = st.columns(2, gap="large")
    if not known.empty:
        last = known.iloc[-1]
        col_resident.metric(
            f"Per innbyggjar {int(last['period'])} (tonn CO₂-ekv.)", format_number(last["value"], 1),
            help="Utsleppa delte på registrert folketal 1. januar same år (SSB, tabell 07459).",
        )
    estimate = None
    if region == HALLINGDAL:
        try:
            guest_days = calculate(plan_defaults()).guest_days_per_year
            population = indicator_frame("population_total", HALLINGDAL)
            estimate = emissions_charts.full_year_estimate(totals, population, guest_days)
        except (PartTimeFileError, PartTimeInputError, CacheError):
            estimate = None
    with col_equivalent:
        if estimate is not None:
            st.metric(
                f"Per heilårsekvivalent {estimate.period} – anslag (tonn CO₂-ekv.)",
                format_number(estimate.per_equivalent, 1),
                help=f"{format_number(estimate.emissions)} tonn delt på {format_number(estimate.equivalents)} "
                     f"heilårsekvivalentar ({format_number(estimate.residents)} innbyggjarar + "
                     f"{format_number(estimate.guest_days_per_year)} gjestedøgn / 365).",
            )
            st.caption(emissions_charts.FULL_YEAR_EQUIVALENT_EXPLANATION)
        elif region != HALLINGDAL:
            st.caption(
                "Utslepp per heilårsekvivalent (med deltidsinnbyggjarar) finst berre for Hallingdal samla: "
                "anslaget for gjestedøgn i planen gjeld heile regionen."
            )
    show(chart)


def influence_section() -> None:
    st.header("Kva kommunane kan påverke")
    show(cached_chart(emissions_charts.influence_chart, region=region))
    st.markdown(emissions.INFLUENCE_EXPLANATION)
    with st.expander("Grunngiving for kvar sektor"):
        reasons = pd.DataFrame(
            [
                (sector, emissions.INFLUENCE_LABELS[emissions.influence_of(sector)], reason)
                for sector, reason in emissions.SECTOR_INFLUENCE_REASONS.items()
            ],
            columns=["Sektor", "Rekna som", "Grunngiving"],
        ).sort_values(["Rekna som", "Sektor"])
        st.table(reasons.set_index("Sektor"))


def municipalities_section(goal: Goal) -> None:
    st.header("Kommunane")
    chart = cached_chart(emissions_charts.municipality_change_chart)
    table = chart.data  # one row per municipality: baseline, latest, change, target, status
    if table.empty:
        return
    head = ("Kommune", f"{goal.baseline_period} (tonn)", "Siste år (tonn)", "Endring",
            f"Mål {goal.target_period} (tonn)", "Status")
    rows = []
    for r in table.itertuples():
        latest = (
            f"{format_number(r.current_value)} ({int(r.current_period)})" if pd.notna(r.current_period) else "–"
        )
        change = format_percent(r.change_ratio, signed=True) if pd.notna(r.change_ratio) else "–"
        cells = (html.escape(r.region_name), format_number(r.base_value), latest, change,
                 format_number(r.target_value), badge_html(r.status, size_px=15))
        rows.append("<tr>" + "".join(f"<td>{c}</td>" for c in cells) + "</tr>")
    st.markdown(
        '<table class="klima-kommunar" style="width:100%;border-collapse:collapse;font-size:17px">'
        "<thead><tr>" + "".join(f'<th style="text-align:left">{h}</th>' for h in head) + "</tr></thead>"
        "<tbody>" + "".join(rows) + "</tbody></table>",
        unsafe_allow_html=True,
    )
    st.caption("Status er rekna med same metode som for dei andre måla (sjå «Om»).")
    show(chart)


def source_caption() -> None:
    for p in provenances("emissions_total"):
        release = emissions_charts.release_note([p], with_files=True)
        st.caption(
            f"Kjelde: {p.source}, «{p.title}». {release}, importert {format_date(p.retrieved_at)}. "
            f"Lisens: {p.licence}."
        )


# --- Page --------------------------------------------------------------------------------------------------

region = current_region()
name = region_name(region)
st.title(f"Klima – {name}")

# The goal as plan/goals.toml gives it; its status is the goal board's cached evaluation.
try:
    current_plan: Plan | None = plan()
except GoalFileError:
    current_plan = None
goal = emissions_goal.emissions_goal(current_plan)
if goal is not None:
    plan_end = current_plan is not None and goal.target_period == current_plan.plan_period[1]
    st.markdown(
        f"**Mål i planen:** «{goal.title}» – innan {goal.target_period}"
        f"{', slutten av planperioden' if plan_end else ''}."
    )

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
    st.error(f"Dei lagra utsleppsdataa kan ikkje lesast: {exc} Importer fila på nytt under.", icon=":material/error:")
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
        if goal is None:
            latest_figure(own)
        else:
            key_figures(emissions_goal.goal_progress(goal_result(emissions.GOAL_ID, region)))

        st.header("Utslepp og målbane" if goal is not None else "Utslepp")
        show(cached_chart(emissions_charts.goal_chart, region=region))
        bars = "Stolpane er utsleppa dei åra Miljødirektoratet har tal for; år utan tal står tomme."
        st.caption(
            bars if goal is None else f"{bars} Den stipla linja er målbana: lik prosentvis endring kvart år frå "
            f"{goal.baseline_period} til målet i {goal.target_period}."
        )
        if region == HALLINGDAL and own["value"].isna().any():
            st.caption(emissions.HALLINGDAL_INCOMPLETE_NOTE)

        st.header("Utslepp etter sektor")
        measure = synced_select(
            "Vis", list(emissions_charts.SECTOR_MEASURES), param="sector_view", default="tonnes",
            format_func=emissions_charts.SECTOR_MEASURES.get, horizontal=True, widget=st.radio,
        )
        show(cached_chart(emissions_charts.sector_chart, region=region, measure=measure))

        per_person_section(totals)
        influence_section()
        if region == HALLINGDAL and goal is not None:
            municipalities_section(goal)
        source_caption()

import_step(expanded=not region_has_figures)
