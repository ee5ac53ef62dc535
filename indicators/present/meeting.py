"""Meeting mode without Streamlit: what a slide may say (the sanitiser), the message derived from an indicator's
numbers when it has no chart builder of its own, and the catalogue of chart slides (the pages' own builders).

The page (pages/motemodus.py) evaluates the plan once per run and builds the slides through the app's cache;
everything here is plain functions and data, tested on their own.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import pandas as pd
import plotly.graph_objects as go

from indicators import emissions, jobs
from indicators.ages import DEFAULT_WORKING_AGE, parse_age_band
from indicators.cache import CacheError
from indicators.formatting import THIN_SPACE, format_number
from indicators.goals import Goal, GoalResult
from indicators.model import CORE_COLUMNS, IndicatorSpec
from indicators.present import emissions_charts, jobs_charts, population_charts
from indicators.present.charts import Chart
from indicators.present.texts import jobs as jobs_words
from indicators.present.texts import meeting as t

# Errors a chart builder raises on missing or too little data (a region without numbers, an empty dataset).
NO_NUMBERS_ERRORS = (CacheError, LookupError, ValueError, ZeroDivisionError)
PERCENT_UNITS = {"prosent", "%"}

# --- what a slide may say -------------------------------------------------------------------------------------

_COMMAND = re.compile(r"`[^`]*`")
_PATH = re.compile(r"(?<![\w<:/.])/(?:[\w.-]+/)+")  # /work/main/data_cache, not a URL or "15–74 år / prosent"
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[«(A-ZÆØÅ])")


def plain_text(text: str) -> str:
    """Text as it may stand on a slide: the sentences before the first one that holds a command (`…`) or a
    server path. If the first already does: that sentence with its commands taken out, or nothing if it names a
    path. Text without either is unchanged."""
    if "`" not in text and not _PATH.search(text):
        return text
    kept: list[str] = []
    for sentence in _SENTENCE_END.split(text.strip()):
        if "`" not in sentence and not _PATH.search(sentence):
            kept.append(sentence)
            continue
        if not kept and not _PATH.search(sentence):
            cleaned = re.sub(r"\s*\((?:\s*eller med)?\s*\)", "", _COMMAND.sub("", sentence))
            kept.append(re.sub(r"\s{2,}", " ", cleaned).replace(" .", ".").strip())
        break
    return " ".join(kept)


def headline_of(fig: go.Figure) -> str:
    """A chart's one-message title as one line of text (titles are wrapped with <br> for images)."""
    return re.sub(r"\s*<br\s*/?>\s*", " ", fig.layout.title.text or "").strip()


# --- an indicator without a chart builder: its lines and a message from its numbers ----------------------------

def _age_label(code: str) -> str:
    try:
        return parse_age_band(code).label
    except ValueError:
        return code


DIMENSION_LABELS: dict[str, Callable[[str], str]] = {
    "age_group": _age_label,
    "series": lambda v: t.SERIES_LABELS.get(v, v),
    "sex": lambda v: t.SEX_LABELS.get(v, v),
}


def has_values(frame: pd.DataFrame) -> bool:
    """Whether an indicator's frame holds at least one value."""
    return "value" in frame.columns and bool(frame["value"].notna().any())


def single_series(frame: pd.DataFrame) -> tuple[pd.DataFrame, str | None] | str:
    """The frame and the one dimension that separates its lines (None: one line), or why it does not fit."""
    if "measure" in frame.columns and frame["measure"].nunique() > 1:
        return t.MIXED_UNITS
    dimensions = [c for c in frame.columns if c not in CORE_COLUMNS and frame[c].nunique(dropna=False) > 1]
    if len(dimensions) > 1:
        return t.SEVERAL_DIMENSIONS
    return frame, (dimensions[0] if dimensions else None)


def with_dimension_labels(frame: pd.DataFrame, dimension: str | None) -> pd.DataFrame:
    """The frame with a `{dimension}_label` column in words (age bands, series, sex)."""
    if dimension is None:
        return frame
    labeller = DIMENSION_LABELS.get(dimension, str)
    return frame.assign(**{f"{dimension}_label": frame[dimension].map(lambda v: labeller(str(v)))})


def is_percent(unit: str) -> bool:
    return unit.strip().lower() in PERCENT_UNITS


def value_text(value: float, unit: str, decimals: int) -> str:
    """72.04 prosent -> '72,0 %'; 1291 arbeidsplassar -> '1 291 arbeidsplassar'."""
    shown = format_number(value, decimals)
    return f"{shown}{THIN_SPACE}%" if is_percent(unit) else f"{shown} {unit}".rstrip()


def derived_message(
    frame: pd.DataFrame, dimension: str | None, label: str, unit: str, describe: Callable[[int], str], name: str,
) -> str:
    """One line for an indicator without its own chart builder: the latest value and where it came from, or
    which line is largest in the latest period. `name` is the region's name; `frame` has the dimension's labels
    (see `with_dimension_labels`)."""
    decimals = 1 if is_percent(unit) else 0
    known = frame.dropna(subset=["value"])
    last = int(known["period"].max())
    in_last = known[known["period"] == last]
    if dimension is not None:
        top = in_last.loc[in_last["value"].idxmax()]
        return t.LARGEST.format(label=label, name=name, top=top[f"{dimension}_label"],
                                value=value_text(float(top["value"]), unit, decimals), when=describe(last))
    latest = float(in_last["value"].iloc[0])
    first = int(known["period"].min())
    message = t.LATEST.format(label=label, name=name, value=value_text(latest, unit, decimals), when=describe(last))
    if first < last:
        start = float(known[known["period"] == first]["value"].iloc[0])
        if round(start, decimals) != round(latest, decimals):
            message += t.MOVED_SINCE.format(direction=t.UP if latest > start else t.DOWN,
                                            value=value_text(start, unit, decimals), first=first)
    return message


# --- chart slides: the pages' own builders ----------------------------------------------------------------------

def goal_only(result: GoalResult | None) -> dict[str, Any]:
    """The default of `ChartSlide.goal_arguments`: the builder takes the goal as `goal=`."""
    return {"goal": result.goal if result is not None else None}


@dataclass(frozen=True)
class ChartSlide:
    """An indicator chart as a slide: the builder in indicators/present/*_charts.py whose title is the one
    message (the same chart its page shows), and what it needs besides the region.

    `goal_of`: the builder is handed what `goal_arguments` takes from the result of the plan's goal measured by
    this indicator (by default the goal, as `goal=`); the page looks it up in its one evaluation (results are
    not handed over whole: the page's chart cache cannot hash them). `change_since_goal_of`: the builder shows
    a change from that goal's baseline year (or the first year) to the latest, as `base_year=`/`last_year=`."""

    builder: Callable[..., Chart]
    arguments: Mapping[str, Any] = field(default_factory=dict)
    label: str = ""  # the name in the menu and the top bar when the indicator's title does not fit
    goal_of: str | None = None
    goal_arguments: Callable[[GoalResult | None], Mapping[str, Any]] = goal_only
    change_since_goal_of: str | None = None
    takes_frame: bool = False  # the builder is handed the indicator's frame for the region and its sources
    frame_params: Mapping[str, str] = field(default_factory=dict)  # the indicator's parameters for that frame
    every_region: bool = False  # the frame holds every region (a chart of the members against the region)


CHART_SLIDES: dict[str, ChartSlide] = {
    "population_total": ChartSlide(population_charts.population_trend, takes_frame=True),
    "working_age_population": ChartSlide(
        population_charts.working_age, {"ages": DEFAULT_WORKING_AGE}, goal_of="working_age_population",
        takes_frame=True, frame_params={"ages": DEFAULT_WORKING_AGE},
    ),
    "population_by_age_group": ChartSlide(population_charts.age_groups, {"grouping": "plan"}, takes_frame=True,
                                          frame_params={"groups": "plan"}),
    "population_projection": ChartSlide(population_charts.projection, takes_frame=True),
    "jobs_total": ChartSlide(jobs_charts.jobs_trend, goal_of=jobs.JOBS_INDICATOR,
                             goal_arguments=jobs_charts.goal_arguments, takes_frame=True),
    # the persons in jobs_by_workplace are jobs_total's numbers: this slide is its other measure, in its own unit
    "jobs_by_workplace": ChartSlide(jobs_charts.jobs_per_100, label=jobs_words.MEASURE_LABELS[jobs.JOBS_PER_100],
                                    takes_frame=True, every_region=True),
    "employed_by_residence": ChartSlide(jobs_charts.employment_rate, label=t.EMPLOYMENT_RATE_LABEL,
                                        takes_frame=True, every_region=True),
    "commuting": ChartSlide(jobs_charts.commuting_over_time, takes_frame=True),
    jobs.JOBS_BY_INDUSTRY: ChartSlide(jobs_charts.industry_change, change_since_goal_of=jobs.JOBS_INDICATOR,
                                      takes_frame=True),
    "emissions_total": ChartSlide(emissions_charts.goal_chart, goal_of=emissions.GOAL_INDICATOR, takes_frame=True),
    "emissions_by_sector": ChartSlide(emissions_charts.sector_chart, takes_frame=True),
    "emissions_by_influence": ChartSlide(emissions_charts.influence_chart, takes_frame=True),
}


def chart_catalogue(indicators: Mapping[str, IndicatorSpec]) -> dict[str, str]:
    """Indicator charts a meeting may hold (a link may name any of them): every registered series indicator,
    with its name in the menu."""
    return {
        spec.id: (CHART_SLIDES[spec.id].label if spec.id in CHART_SLIDES else "") or spec.title
        for spec in indicators.values() if spec.tidy
    }


def change_span(years: Sequence[int], goal: Goal | None) -> tuple[int, int] | None:
    """(from, to) for a change chart: the goal's baseline year if the data have it, else the first year, to the
    latest; None when there is only one year (no change to show yet)."""
    known = sorted(set(years))
    if not known:
        return None
    base = goal.baseline_period if goal is not None and goal.baseline_period in known else known[0]
    return None if known[-1] <= base else (base, known[-1])
