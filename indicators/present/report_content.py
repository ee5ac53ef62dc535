"""What a report says, as plain text: the view types the HTML, PDF and Word writers lay out (one content, three
formats). `report` fills them from the evaluated plan; the writers (`report_docx` too) only read them."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Generic, Literal, TypeVar

import plotly.graph_objects as go

from indicators import progress
from indicators.i18n import Message
from indicators.present.badges import badge_colours
from indicators.present.changes import ChangeLine

Line = TypeVar("Line")


@dataclass(frozen=True)
class StatusView:
    key: str
    label: str
    icon: str
    background: str
    colour: str

    @property
    def text(self) -> str:
        """Icon and word: the status never rests on colour alone."""
        return f"{self.icon} {self.label}".strip()


def status_view(key: str) -> StatusView:
    background, colour = badge_colours(key)
    return StatusView(key, progress.STATUS_LABELS.get(key, key), progress.STATUS_ICONS.get(key, ""), background,
                      colour)


@dataclass(frozen=True)
class Assessment:
    """The secretariat's assessment of an item: status, note, who and when."""

    status: StatusView
    note: str
    assessed: str  # «Vurdert av RR 3. mars 2026»
    entered: str  # «registrert av kari 4. mars 2026 kl. 09.12» or «frå planfila»


@dataclass(frozen=True)
class GoalView:
    id: str
    label: str
    plan_wording: str  # the plan's own words when the label is a short title ('' otherwise)
    kind: Literal["measured", "qualitative", "unmeasured"]
    method: StatusView | None  # the statistics' status (measured goals)
    method_detail: str  # which numbers gave it
    assessment: Assessment | None  # the secretariat's
    sentence: str  # what the figures say, in words ('' without figures)
    detail: str
    numbers: tuple[tuple[str, str], ...]  # (Utgangspunkt, «11 017 arbeidsplassar (2021)»), …
    data_end: str  # where the data end and how far the plan period ran
    missing: str  # why there are no figures ('' when there are)
    series_label: str
    series: tuple[tuple[str, str], ...]  # (year, value) of the last years
    note: str  # the plan's note on the goal
    source: str  # one short line; the full provenance is in the appendix
    chart_alt: str
    counted: str = "not_assessed"  # the one status the counts use (goal_status.COUNT_RULE)


@dataclass(frozen=True)
class AreaView:
    id: str
    name: str
    subtitle: str
    goals: tuple[GoalView, ...]


@dataclass(frozen=True)
class CountRow:
    label: str
    counts: tuple[tuple[StatusView, int], ...]


@dataclass(frozen=True)
class ActionView:
    number: int
    text: str
    area: str
    responsible: str
    time: str
    status: StatusView
    note: str
    assessed: str
    revision: str
    added: bool
    dropped: bool


@dataclass(frozen=True)
class Group(Generic[Line]):
    """A heading and what stands under it: the actions of a focus area, the changes of one kind, the status
    history of one goal or action."""

    label: str
    lines: tuple[Line, ...]


ActionArea = Group[ActionView]
ChangeGroup = Group[ChangeLine]
HistoryBlock = Group[str]


@dataclass(frozen=True)
class SourceRow:
    dataset: str
    source: str
    how: str  # «henta frå kjelda 3. mars 2026» / «frå publisert uttrekk, lagra …»
    published: str


@dataclass(frozen=True)
class Section:
    """A heading of the table of contents (and its anchor in the HTML)."""

    anchor: str
    title: str
    level: int = 1


@dataclass(frozen=True)
class Followup:
    """What the report shows from the follow-up database beyond the plan state: the changes since the last
    meeting and the meetings around the report's date."""

    changes: tuple[ChangeLine, ...] = ()
    since: dt.date | None = None
    since_meeting: str = ""  # the name of the meeting the changes are counted from ('' without one)
    next_meeting: str = ""  # «Regionrådet, 12. mars 2026»
    problem: str | Message = ""  # worded when the report is made


@dataclass(frozen=True)
class ReportContent:
    final: bool
    kind: str  # Statusrapport / Sluttrapport
    title: str  # the document title (<title>, file properties)
    heading: str
    subheading: str
    facts: tuple[tuple[str, str], ...]
    generated: str
    sections: tuple[Section, ...]
    intro: str
    count_rows: tuple[CountRow, ...]
    count_rule: str
    messages: tuple[str, ...]
    changes_intro: str
    change_groups: tuple[ChangeGroup, ...]
    areas: tuple[AreaView, ...]
    actions_intro: str
    action_counts: tuple[tuple[StatusView, int], ...]
    action_areas: tuple[ActionArea, ...]
    actions_problem: str
    method: tuple[str, ...]
    sources: tuple[SourceRow, ...]
    entered_figures: tuple[str, ...]
    history: tuple[HistoryBlock, ...]
    notices: tuple[str, ...]  # the database could not be read, …
    goal_file_problems: tuple[str, ...]
    footer: str
    made_with: str
    figures: Mapping[str, go.Figure] = field(default_factory=dict)  # goal id -> its chart
    # the municipalities' parts of the actions (present.municipal_parts.report_table); None: no action has parts
    parts: Mapping[str, Any] | None = None
    # the report made for a reporting round (present.round_view.report_section); None: the ordinary report
    round: Mapping[str, Any] | None = None
    # the region among its peer regions (present.peer_report.report_section); None: a region without peers
    peers: Mapping[str, Any] | None = None
