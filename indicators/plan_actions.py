"""The plan's action programme (handlingsprogram, plan/actions.csv): loading, validation and filters.

The CSV file is the programme as the plan adopted it (its status columns were the first statuses; the follow-up
database keeps them since). Loading validates each row on its own: a bad row gives a message naming the file,
the row and the item number, and the other rows still load. `with_followup` lays the database's state over it:
the latest status entries, and the actions added or dropped at the annual revision.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Protocol, cast

import pandas as pd

from indicators.errors import error_message
from indicators.formatting import format_date
from indicators.goals import GoalFileError, Plan, load_plan
from indicators.i18n import Labels, Message, labels
from indicators.model import IndicatorSpec
from indicators.plan_files import PlanFileError, problem_message
from indicators.progress import STATUS_LABELS
from indicators.regions import active_region

ACTIONS_FILE_NAME = "actions.csv"  # in the region's plan folder (plan_dir in the region file)

COLUMNS: tuple[str, ...] = (
    "number", "area", "subheading", "text", "time", "responsible", "involved", "remark",
    "status", "status_note", "reviewed",
)
REQUIRED_COLUMNS: tuple[str, ...] = ("number", "area", "text")
STATUS_COLUMN = "status"  # required too, since a missing one would read as «not assessed» everywhere
ANNUAL = "Årleg"
DEFAULT_STATUS = "not_assessed"
# An action's statuses (labels, icons and colours in indicators.progress). «Nådd» (achieved) is the goals' word:
# an action is carried out («Gjennomført»), postponed («Utsett») or dropped by decision («Ikkje aktuelt»).
ACTION_STATUSES: tuple[str, ...] = (
    "not_assessed", "not_started", "in_progress", "postponed", "completed", "cancelled",
)
# Entries made before the action statuses existed keep their meaning: an action «achieved» was carried out.
ACTION_STATUS_ALIASES: dict[str, str] = {"achieved": "completed"}


def action_status(status: str) -> str:
    """An action's status as one of ACTION_STATUSES (an older «achieved» entry reads as «completed»)."""
    return ACTION_STATUS_ALIASES.get(status, status)


def status_label(status: str | None, item_kind: str = "goal") -> str:
    """A status in words (the label table above, in the active language); an action's older «achieved» entry reads
    «Gjennomført» (`action_status`)."""
    if not status:
        return ""
    key = action_status(status) if item_kind == "action" else status
    return STATUS_LABELS.get(key, key)

# Column headers for the page and its downloads, in the active language (indicators.i18n).
DISPLAY_HEADERS: Mapping[str, str] = labels("plan_actions.DISPLAY_HEADERS", {
    "number": "Nr.",
    "area_name": "Innsatsområde",
    "subheading": "Tema",
    "text": "Tiltak",
    "time": "Tid",
    "responsible": "Ansvar",
    "involved": "Involvering",
    "remark": "Merknad",
    "status_label": "Status",
    "status_note": "Statusmerknad",
    "reviewed": "Sist vurdert",
    # only in the programme as followed up (`with_followup`); the adopted programme has none of these
    "reported_by": "Vurdert av",
    "entered": "Registrert",
    "revision": "Rullering",
})
FOLLOWUP_COLUMNS: tuple[str, ...] = (
    "reported_by", "entered", "revision", "origin", "revision_year", "dropped", "revision_reason",
)
ORIGIN_PLAN, ORIGIN_ADDED = "plan", "added"
REVISION_FILTERS = ("active", "original", "added", "dropped")  # filter_actions(revision=…)
_SEARCH_COLUMNS = ("text", "subheading", "responsible", "involved", "remark", "status_note")
_BODY_SEPARATORS = re.compile(r"\s*(?:,|/|\bog\b)\s*")
_YEAR = r"(\d{4})"


class ActionsFileError(PlanFileError):
    """The actions file cannot be read at all (missing, not UTF-8, required columns missing)."""


# What is wrong with the actions file or a row of it: worded in the language active where it is shown.
PROBLEMS = labels("plan_actions.PROBLEMS", {
    "not_handed_in": "Handlingsprogrammet er ikkje lasta saman med planen (plan_actions.with_programme).",
    "year": "urimeleg årstal {year}",
    "end_before_start": "ugyldig tid «{time}»: sluttåret ligg før startåret",
    "time": "ugyldig tid «{time}»: bruk eit årstal (2022), eit spenn (2022-2025), «{annual}» eller «Innan mai 2022»",
    "areas": "{problem} Innsatsområda står i målfila.",
    "not_found": "Finn ikkje tiltaksfila {path}.",
    "not_utf8": "{file} er ikkje lagra som UTF-8. Lagre fila som «CSV UTF-8».",
    "columns": "{file} manglar kolonne(r): {columns}.",
    "lost_status": "ville alle tiltaka stått som «{status}»",
    "lost_actions": "kan tiltaka ikkje lesast",
    "missing_column": "manglar kolonna {named} i første rad (overskriftene). Utan ho {lost}. Legg kolonna tilbake "
                      "med nøyaktig dette namnet; fila kan ha kolonnane {columns}.",
    "missing_columns": "manglar kolonnane {named} i første rad (overskriftene). Utan dei {lost}. Legg kolonnane "
                       "tilbake med nøyaktig dette namnet; fila kan ha kolonnane {columns}.",
    "unknown_column": "ukjend kolonne: {columns}",
    "too_many_cells": "fleire celler enn kolonnar (manglar hermeteikn rundt ein tekst med komma?)",
    "number": "nummeret må vere eit heiltal frå 1 og oppover, fekk «{value}»",
    "same_number": "tiltak nummer {number} står to gonger",
    "unknown_area": "ukjend innsatsområde «{area}»; bruk ein av {allowed}",
    "no_text": "manglar tekst («text»)",
    "status": "ugyldig status «{value}»; bruk ein av {allowed}",
    "reviewed": "«reviewed» må vere ein dato (ÅÅÅÅ-MM-DD), fekk «{value}»",
    "line": "{file}, rad {row}: {problem}",
    "line_item": "{file}, rad {row} (tiltak {number}): {problem}",
})


@dataclass(frozen=True)
class ActionFileProblem:
    file: str
    row: int  # row as a spreadsheet shows it: the header is row 1
    number: str  # the item number as written ("" when missing)
    problem: Message | str  # worded where it is shown

    def __str__(self) -> str:
        if self.number:
            return str(PROBLEMS.message("line_item", file=self.file, row=self.row, number=self.number,
                                        problem=self.problem))
        return str(PROBLEMS.message("line", file=self.file, row=self.row, problem=self.problem))


@dataclass
class ActionsResult:
    frame: pd.DataFrame  # the good rows, columns COLUMNS, sorted by number
    problems: list[ActionFileProblem] = field(default_factory=list)
    path: Path | None = None


@dataclass(frozen=True)
class TimeSpan:
    """When an item is due: one year, a span of years, every year ("Årleg") or not given."""

    start: int | None = None
    end: int | None = None
    annual: bool = False

    def covers(self, year: int) -> bool:
        if self.annual:
            return True
        return self.start is not None and self.end is not None and self.start <= year <= self.end


def _year(text: str) -> int:
    year = int(text)
    if not 1900 <= year <= 2100:
        raise ValueError(PROBLEMS.message("year", year=year))
    return year


def parse_time(value: str) -> TimeSpan:
    """'2022' -> 2022; '2022-2025' -> 2022–2025; 'Årleg' -> every year; 'Innan mai 2022' -> 2022; '' -> none."""
    text = (value or "").strip()
    if not text:
        return TimeSpan()
    if text.casefold() == ANNUAL.casefold():
        return TimeSpan(annual=True)
    if match := re.fullmatch(_YEAR, text):
        year = _year(match.group(1))
        return TimeSpan(year, year)
    if match := re.fullmatch(rf"{_YEAR}\s*[-–]\s*{_YEAR}", text):
        start, end = _year(match.group(1)), _year(match.group(2))
        if end < start:
            raise ValueError(PROBLEMS.message("end_before_start", time=text))
        return TimeSpan(start, end)
    if match := re.fullmatch(rf"innan\s+\D*?{_YEAR}", text, flags=re.IGNORECASE):
        year = _year(match.group(1))
        return TimeSpan(year, year)
    raise ValueError(PROBLEMS.message("time", time=text, annual=ANNUAL))


def actions_file() -> Path:
    """The active region's action programme (read when asked, so a test can switch region)."""
    return active_region().plan_file(ACTIONS_FILE_NAME)


def with_programme(plan: Plan, path: str | Path | None = None) -> Plan:
    """`plan` with its adopted action programme (the actions file's frame, read once here), which the follow-up
    takes from the plan; an unreadable file leaves the frame out and says why (`Plan.actions_problem`)."""
    try:
        frame = load_actions(path, areas=plan.area_names).frame
    except ActionsFileError as exc:
        return replace(plan, actions=None, actions_problem=error_message(exc))
    return replace(plan, actions=frame, actions_problem="")


class ProgrammeNotGivenError(RuntimeError):
    """A plan without its action programme reached code that needs it: its loader did not call `with_programme`
    (a programming error, never a file problem to show as one)."""


def programme(plan: Plan) -> pd.DataFrame:
    """The action programme handed in with `plan` (`with_programme`); ActionsFileError when the file could not be
    read, ProgrammeNotGivenError when the plan was loaded without it."""
    if plan.actions is not None:
        return plan.actions
    if plan.actions_problem:
        raise ActionsFileError(plan.actions_problem)
    raise ProgrammeNotGivenError(PROBLEMS.message("not_handed_in"))


def plan_areas(goals_path: str | Path | None = None) -> dict[str, str]:
    """Area id -> area name: the areas `load_plan` accepts from the goals file (the one list of focus areas)."""
    try:
        plan = load_plan(goals_path)
    except GoalFileError as exc:
        raise ActionsFileError(PROBLEMS.message("areas", problem=error_message(exc))) from None
    return plan.area_names


def _read_rows(path: Path) -> tuple[list[str], list[dict[str | None, Any]]]:
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise ActionsFileError(PROBLEMS.message("not_found", path=path)) from None
    except UnicodeDecodeError:
        raise ActionsFileError(PROBLEMS.message("not_utf8", file=path.name), path) from None
    first_line = text.split("\n", 1)[0]
    delimiter = ";" if ";" in first_line and "," not in first_line else ","  # Excel's Norwegian CSV uses ;
    reader = csv.DictReader(io.StringIO(text), delimiter=delimiter)
    header = [h.strip() for h in (reader.fieldnames or [])]
    reader.fieldnames = header
    missing = [c for c in REQUIRED_COLUMNS if c not in header]
    if missing:
        raise ActionsFileError(PROBLEMS.message("columns", file=path.name, columns=", ".join(missing)), path)
    return header, list(reader)


def check_actions_header(path: str | Path, header: Sequence[str] | None = None) -> None:
    """Raise ActionsFileError naming every required column of the action programme that the header lacks.

    Required: number, area and text (REQUIRED_COLUMNS) and `status`: without it every action would silently
    read «Ikkje vurdert», a claim about the action rather than a blank. The other columns may be left out (they
    then show as empty). `header`: the header as load_actions has read it (else the file is read)."""
    path = Path(path)
    if header is None:
        header = _read_rows(path)[0]
    present = {h.strip() for h in header}
    missing = [c for c in (*REQUIRED_COLUMNS, STATUS_COLUMN) if c not in present]
    if not missing:
        return
    named = ", ".join(f"«{c}»" for c in missing)
    one = len(missing) == 1
    lost = (PROBLEMS.message("lost_status", status=cast(Labels, STATUS_LABELS).message("not_assessed"))
            if STATUS_COLUMN in missing else PROBLEMS.message("lost_actions"))
    problem = PROBLEMS.message("missing_column" if one else "missing_columns", named=named, lost=lost,
                               columns=", ".join(COLUMNS))
    raise ActionsFileError(problem_message(path, problem), path)


def _clean(value: Any) -> str:
    return value.strip() if isinstance(value, str) else ""


def load_actions(
    path: str | Path | None = None,
    goals_path: str | Path | None = None,
    areas: Mapping[str, str] | None = None,
) -> ActionsResult:
    """Read and validate the actions file. Problems with single rows are collected, not raised.

    `areas` (id -> name): the plan's focus areas, when the caller has the plan already; else they are read
    from the goals file (`goals_path`, default the plan's)."""
    if not path and not active_region().has_plan:  # a region with members only: no action programme
        return ActionsResult(frame=empty_frame(), problems=[], path=None)
    path = Path(path) if path else actions_file()
    header, raw_rows = _read_rows(path)
    check_actions_header(path, header)  # a missing column is an error, never a silent default
    areas = dict(areas) if areas is not None else plan_areas(goals_path)
    problems: list[ActionFileProblem] = []
    unknown_columns = [c for c in header if c not in COLUMNS]
    if unknown_columns:
        problems.append(ActionFileProblem(path.name, 1, "", PROBLEMS.message("unknown_column",
                                                                      columns=", ".join(unknown_columns))))
    records: list[dict[str, Any]] = []
    seen: set[int] = set()
    for row_number, raw in enumerate(raw_rows, start=2):
        if None in raw:
            message = PROBLEMS.message("too_many_cells")
            problems.append(ActionFileProblem(path.name, row_number, _clean(raw.get("number")), message))
            continue
        values: dict[str, Any] = {c: _clean(raw.get(c)) for c in COLUMNS}
        if not any(values.values()):
            continue  # an empty line
        row_problems: list[Message | str] = []
        number: int | None = None
        try:
            number = int(values["number"])
            if number < 1:
                raise ValueError
        except ValueError:
            row_problems.append(PROBLEMS.message("number", value=values["number"]))
        if number is not None:
            if number in seen:
                row_problems.append(PROBLEMS.message("same_number", number=number))
            seen.add(number)
        if values["area"] not in areas:
            row_problems.append(PROBLEMS.message("unknown_area", area=values["area"], allowed=", ".join(areas)))
        if not values["text"]:
            row_problems.append(PROBLEMS.message("no_text"))
        values["status"] = action_status(values["status"] or DEFAULT_STATUS)
        if values["status"] not in ACTION_STATUSES:
            row_problems.append(PROBLEMS.message("status", value=values["status"], allowed=", ".join(ACTION_STATUSES)))
        try:
            parse_time(values["time"])
        except ValueError as exc:
            row_problems.append(error_message(exc))
        if values["reviewed"]:
            try:
                values["reviewed"] = dt.date.fromisoformat(values["reviewed"]).isoformat()
            except ValueError:
                row_problems.append(PROBLEMS.message("reviewed", value=values["reviewed"]))
        if row_problems:
            problems.extend(ActionFileProblem(path.name, row_number, values["number"], p) for p in row_problems)
            continue
        values["number"] = number
        records.append(values)
    frame = pd.DataFrame(records, columns=list(COLUMNS))
    frame["number"] = frame["number"].astype("int64")
    frame = frame.sort_values("number").reset_index(drop=True)
    return ActionsResult(frame=frame, problems=problems, path=path)


def empty_frame() -> pd.DataFrame:
    """An action programme without actions (the columns load_actions gives)."""
    frame = pd.DataFrame(columns=list(COLUMNS))
    frame["number"] = frame["number"].astype("int64")
    return frame


class StatusEntryLike(Protocol):
    """A status entry of the follow-up database (followup.service.Entry); the one description the domain and
    the presentation share (the service imports this module, so it cannot be imported here)."""

    @property
    def item_kind(self) -> str: ...
    @property
    def item_id(self) -> str: ...
    @property
    def status(self) -> str: ...
    @property
    def note(self) -> str: ...
    @property
    def evidence_url(self) -> str | None: ...
    @property
    def reported_by(self) -> str: ...
    @property
    def assessed_on(self) -> dt.date: ...
    @property
    def entered_by(self) -> str: ...
    @property
    def entered_at(self) -> dt.datetime: ...


class ActionChangeLike(Protocol):
    """An addition or a dropping at the annual revision (followup.service.ActionChange)."""

    @property
    def action_number(self) -> int: ...
    @property
    def change(self) -> str: ...
    @property
    def revision_year(self) -> int: ...
    @property
    def reason(self) -> str: ...
    @property
    def text(self) -> str: ...
    @property
    def area(self) -> str: ...
    @property
    def time(self) -> str: ...
    @property
    def responsible(self) -> str: ...


def with_followup(
    frame: pd.DataFrame,
    statuses: Mapping[str, StatusEntryLike],
    changes: Sequence[ActionChangeLike],
    entered: Any = None,
) -> pd.DataFrame:
    """The programme as followed up: the plan's rows and the actions added at a revision (origin "added"), each
    with its latest status entry (status, note, body, assessment date; `entered(entry)` → "who, when" text)
    and the revision that added or dropped it ("lagt til ved rulleringa 2024"; dropped rows stay, marked).
    Rows without an entry keep the plan file's status."""
    out = frame.copy()
    out["origin"] = ORIGIN_PLAN
    out["revision_year"] = pd.NA
    out["dropped"] = False
    out["revision"] = ""
    out["revision_reason"] = ""
    added = []
    for change in changes:
        if change.change == "added":
            added.append({
                **dict.fromkeys(COLUMNS, ""), "number": int(change.action_number), "area": change.area,
                "text": change.text, "time": change.time, "responsible": change.responsible,
                "status": DEFAULT_STATUS, "origin": ORIGIN_ADDED, "revision_year": change.revision_year,
                "dropped": False, "revision": f"lagt til ved rulleringa {change.revision_year}",
                "revision_reason": change.reason,
            })
    if added:
        out = pd.concat([out, pd.DataFrame(added)], ignore_index=True)
    out["number"] = out["number"].astype("int64")
    for change in changes:
        if change.change == "dropped":
            rows = out["number"] == int(change.action_number)
            out.loc[rows, "dropped"] = True
            earlier = out.loc[rows, "revision"].map(lambda text: f"{text}; " if text else "")
            out.loc[rows, "revision"] = earlier + f"teke ut ved rulleringa {change.revision_year}"
            out.loc[rows, "revision_reason"] = change.reason
    out["reported_by"] = ""
    out["entered"] = ""
    for index, number in out["number"].items():
        entry = statuses.get(str(number))
        if entry is None:
            continue
        out.loc[index, ["status", "status_note", "reported_by", "reviewed"]] = [
            action_status(entry.status), entry.note, entry.reported_by, entry.assessed_on.isoformat(),
        ]
        out.loc[index, "entered"] = entered(entry) if entered is not None else entry.entered_by
    return out.sort_values("number").reset_index(drop=True)


def split_bodies(value: str) -> list[str]:
    """'RR, HNH og Kommune' -> ['RR', 'HNH', 'Kommune']; 'RR/kommune' -> ['RR', 'kommune']."""
    return [part for part in (p.strip() for p in _BODY_SEPARATORS.split(value or "")) if part]


# æ, ø, å sort after z, as in a Norwegian dictionary ({ | } are the characters after z).
_NORWEGIAN_ORDER = str.maketrans("æøå", "{|}")


def _norwegian_key(text: str) -> str:
    return text.casefold().translate(_NORWEGIAN_ORDER)


def responsible_bodies(frame: pd.DataFrame) -> list[str]:
    """The distinct bodies named under Ansvar, case-insensitively, in Norwegian alphabetical order."""
    found: dict[str, str] = {}
    for value in frame["responsible"]:
        for body in split_bodies(value):
            key = body.casefold()
            # prefer the spelling with a capital initial ("Kommune" over "kommune")
            if key not in found or (found[key][:1].islower() and body[:1].isupper()):
                found[key] = body
    return sorted(found.values(), key=_norwegian_key)


def year_options(frame: pd.DataFrame, plan_period: tuple[int, int] | None = None) -> list[int]:
    """Every year an item is due in, plus the plan period (which "Årleg" items cover; default: the region
    file's plan period)."""
    if plan_period is None:
        plan = active_region().plan
        plan_period = plan.period if plan is not None else None
    years = set(range(plan_period[0], plan_period[1] + 1)) if plan_period is not None else set()
    for value in frame["time"]:
        span = parse_time(value)
        if span.start is not None and span.end is not None:
            years.update(range(span.start, span.end + 1))
    return sorted(years)


def _selected(values: Iterable[Any] | None) -> list[Any]:
    return list(values) if values is not None else []


def filter_actions(
    frame: pd.DataFrame,
    areas: Iterable[str] | None = None,
    years: Iterable[int] | None = None,
    responsible: Iterable[str] | None = None,
    statuses: Iterable[str] | None = None,
    text: str | None = None,
    revision: str | None = None,
) -> pd.DataFrame:
    """The items that match every given filter; None or an empty selection means "all".

    years: items due in any of the years ("2022-2025" covers 2023; "Årleg" covers every year; an item
    without a time matches no year). responsible: any of the bodies under Ansvar (case-insensitive).
    text: every word must occur (case-insensitive) in the text, heading, Ansvar, Involvering, Merknad or note.
    revision (a programme from `with_followup`): "active" (not dropped), "original" (in the adopted plan),
    "added" (added at a revision) or "dropped"; None: all.
    """
    mask = pd.Series(True, index=frame.index)
    if chosen := _selected(areas):
        mask &= frame["area"].isin(chosen)
    if chosen_years := [int(y) for y in _selected(years)]:
        spans = frame["time"].map(parse_time)
        mask &= spans.map(lambda span: any(span.covers(y) for y in chosen_years))
    if chosen_bodies := {b.casefold() for b in _selected(responsible)}:
        mask &= frame["responsible"].map(lambda v: any(b.casefold() in chosen_bodies for b in split_bodies(v)))
    if chosen := [action_status(s) for s in _selected(statuses)]:
        mask &= frame["status"].map(action_status).isin(chosen)
    if revision is not None and "origin" in frame:
        if revision == "active":
            mask &= ~frame["dropped"].astype(bool)
        elif revision == "original":
            mask &= frame["origin"] == ORIGIN_PLAN
        elif revision == "added":
            mask &= frame["origin"] == ORIGIN_ADDED
        elif revision == "dropped":
            mask &= frame["dropped"].astype(bool)
    words = (text or "").casefold().split()
    if words:
        haystack = frame[list(_SEARCH_COLUMNS)].astype(str).agg(" ".join, axis=1).str.casefold()
        haystack = haystack + " " + frame["number"].astype(str)
        for word in words:
            mask &= haystack.str.contains(word, regex=False)
    return frame[mask].reset_index(drop=True)


def status_counts(frame: pd.DataFrame) -> dict[str, int]:
    """Items per status, every action status listed (0 included), in the order of ACTION_STATUSES."""
    counts = frame["status"].map(action_status).value_counts()
    return {status: int(counts.get(status, 0)) for status in ACTION_STATUSES}


def with_labels(frame: pd.DataFrame, area_names: dict[str, str] | None = None) -> pd.DataFrame:
    """The actions with the area's name and the status label (Nynorsk) next to the ids."""
    area_names = area_names if area_names is not None else plan_areas()
    out = frame.copy()
    out.insert(out.columns.get_loc("area") + 1, "area_name", out["area"].map(area_names).fillna(out["area"]))
    out["status"] = out["status"].map(action_status)
    out.insert(out.columns.get_loc("status") + 1, "status_label", out["status"].map(STATUS_LABELS))
    return out


def display_table(frame: pd.DataFrame, area_names: dict[str, str] | None = None) -> pd.DataFrame:
    """The table as the page shows and downloads it: Nynorsk headers, names instead of ids, dates as
    «1. februar 2024». A programme from `with_followup` also has who assessed each item, when it was entered
    and its revision; the adopted programme (the file) has exactly the plan's columns."""
    labelled = with_labels(frame, area_names)
    labelled["reviewed"] = labelled["reviewed"].map(lambda value: format_date(value) if value else "")
    columns = [c for c in DISPLAY_HEADERS if c in labelled]
    return labelled[columns].rename(columns=DISPLAY_HEADERS)


def actions_table(region: str | None = None, cache_directory: Any = None, **params: str) -> pd.DataFrame:
    """All good rows of the action programme with area names and status labels (for `export actions`).

    `region` and `cache_directory` are accepted for the registry's calling convention; the programme is
    the same for the whole region.
    """
    areas = plan_areas()
    return with_labels(load_actions(areas=areas).frame, areas)


# Plan tables the export command offers beside the indicators (not series: no region, no period).
TABLES = [
    IndicatorSpec(
        id="actions",
        title="Handlingsprogram",
        unit="",
        datasets=(),
        compute=actions_table,
        tidy=False,
    ),
]
