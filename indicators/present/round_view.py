"""A reporting round in words (issue 22): «Frist 15. januar 2027 — 9 av 14 att», every reporter's progress
(«Gol 9/14 · Hemsedal 3/14 …»), a reporter's assignments as a table, and the report's section per reporter
(what was reported in the round, what is missing).

Builders only: they take the round's status (`followup.reporting_rounds.round_status`) from the caller.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import replace
from typing import Any

import pandas as pd

from indicators.followup.reporting_rounds import (
    Assignment,
    ReporterProgress,
    ReportingRound,
    RoundStatus,
    round_report,
)
from indicators.formatting import format_date, format_moment
from indicators.plan_actions import status_label
from indicators.present import texts
from indicators.present.reminder_mail import assignment_words
from indicators.present.report_content import ReportContent, Section
from indicators.present.texts import report as report_texts
from indicators.present.texts import reporting_rounds as tr
from indicators.present.texts import round_view as t
from indicators.regions import Region


def reporter_name(reporter: str | None, region: Region) -> str:
    """«Hallingdal (sekretariatet)» for the region's status, else the municipality's name."""
    return region.names.get(reporter, reporter) if reporter else f"{region.name} ({tr.SECRETARIAT})"


def round_state(found: ReportingRound, today: dt.date) -> str:
    if found.is_closed:
        return t.STATE_CLOSED
    if found.opened_on > today:
        return t.STATE_NOT_OPENED.format(opened=format_date(found.opened_on))
    return t.STATE_OPEN.format(due=format_date(found.due_on))


def left_text(found: ReportingRound, mine: Sequence[Assignment], today: dt.date) -> str:
    """«Frist 15. januar 2027 — 9 av 14 att» (or that the deadline has passed, or that all is done)."""
    total = len(mine)
    left = sum(not a.done for a in mine)
    due = format_date(found.due_on)
    if left == 0:
        return t.ALL_DONE.format(due=due, total=total)
    template = t.LEFT_OVERDUE if found.is_overdue(today) and not found.is_closed else t.LEFT
    return template.format(count=left, due=due, left=left, total=total)


def progress_text(progress: Sequence[ReporterProgress], region: Region) -> str:
    """«Hallingdal (sekretariatet) 20/99 · Flå 0/38 · Gol 9/14 (1 for seint) …»."""
    parts = []
    for p in progress:
        line = tr.PROGRESS_LINE.format(name=reporter_name(p.reporter, region), done=p.done, total=p.total)
        if p.late:
            line += f" ({t.PROGRESS_LATE.format(count=p.late)})"
        parts.append(line)
    return t.PROGRESS_SEPARATOR.join(parts)


def _done(a: Assignment) -> str:
    return t.DONE_LATE if a.late else t.DONE if a.done else t.NOT_DONE


def assignments_table(assignments: Sequence[Assignment], region: Region) -> pd.DataFrame:
    """A reporter's assignments, those left first: the item, reported in the round or not (late marked), the
    status, who entered it and when."""
    ordered = sorted(assignments, key=lambda a: a.done)  # stable: plan order within each
    rows = [{
        "item": assignment_words(a, region), "done": _done(a),
        "status": status_label(a.entry.status, a.entry.item_kind) if a.entry is not None else "",
        "by": a.entry.entered_by if a.entry is not None else "",
        "at": format_moment(a.entry.entered_at) if a.entry is not None else "",
    } for a in ordered]
    return pd.DataFrame(rows, columns=list(t.TABLE_HEADERS)).rename(columns=t.TABLE_HEADERS)


def _line(a: Assignment, region: Region) -> str:
    entry = a.entry
    if entry is None:
        return assignment_words(a, region)
    line = t.REPORT_LINE.format(item=assignment_words(a, region), status=status_label(entry.status, entry.item_kind),
                                by=entry.entered_by, at=format_moment(entry.entered_at))
    return line + (t.REPORT_LATE if a.late else "")


def report_section(status: RoundStatus, region: Region) -> dict[str, Any]:
    """The report's section for a round: its facts, then per reporter (the secretariat first, then each
    municipality) what was reported in the round and what is missing."""
    found = status.round
    intro = [t.REPORT_INTRO.format(opened=format_date(found.opened_on), due=format_date(found.due_on),
                                   items=tr.ITEMS.get(found.items, found.items)),
             t.REPORT_CLOSED.format(closed=format_moment(found.closed_at)) if found.closed_at else t.REPORT_OPEN]
    reporters = []
    for section in round_report(status):
        total = len(section.reported) + len(section.missing)
        reporters.append({
            "heading": t.REPORT_REPORTER.format(reporter=reporter_name(section.reporter, region),
                                                done=len(section.reported), total=total),
            "reported": [_line(a, region) for a in section.reported],
            "missing": [_line(a, region) for a in section.missing],
        })
    return {
        "kind": t.REPORT_KIND.format(round=found.name), "heading": t.REPORT_SECTION.format(round=found.name),
        "intro": intro, "reporters": reporters, "reported_label": t.REPORT_REPORTED,
        "missing_label": t.REPORT_MISSING, "none_reported": t.REPORT_NONE_REPORTED,
        "none_missing": t.REPORT_NONE_MISSING, "progress": progress_text(status.progress(), region),
    }


def heading(found: ReportingRound) -> str:
    return t.HEADING.format(round=found.name)


def option(found: ReportingRound, today: dt.date) -> str:
    return t.PICK_OPTION.format(round=found.name, state=round_state(found, today))


def with_round(content: ReportContent, status: RoundStatus, region: Region, place: str) -> ReportContent:
    """The status report made for a round: named for the round («Rapport for Tertial 3 2026»), with the round's
    section (per reporter: reported in the round, missing) after the summary, in the contents too."""
    section = report_section(status, region)
    kind = section["kind"]
    sections = list(content.sections)
    at = next((i + 1 for i, s in enumerate(sections) if s.anchor == "samandrag"), 0)
    sections.insert(at, Section("runde", section["heading"]))
    return replace(
        content, round=section, kind=kind, sections=tuple(sections),
        title=texts.fill(report_texts.TITLE, region, kind=kind, name=region.region_name(place)),
        heading=report_texts.HEADING.format(kind=kind), footer=texts.fill(report_texts.FOOTER, region, kind=kind),
    )


def round_filename(name: str, place: str, today: dt.date, fmt: str) -> str:
    """«rapport-tertial-3-2026-hallingdal-2026-12-06.pdf»: the round's name made safe for a file name."""
    folded = name.lower().replace("æ", "ae").replace("ø", "o").replace("å", "a")
    ascii_name = unicodedata.normalize("NFKD", folded).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_name).strip("-")[:60] or "runde"
    return f"rapport-{slug}-{place}-{today.isoformat()}.{fmt}"
