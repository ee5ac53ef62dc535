"""The follow-up as text: "Kva er endra sidan sist" (lines, a one-line summary, a grouped HTML list, the
slides of meeting mode, a table for the downloads), who assessed an item and when, and an item's history as a
table. Used by Oversikt, Handlingsprogram, the reports and (as its opening slides) Møtemodus.

Builders only: they are handed the changes (`followup.service.changes`), entries and the items' titles by the
page or the report; they never read the plan or the database. Lines carry notes and names as plain text: the
caller shows them as text (`st.text`, `st.dataframe`, escaped HTML); `changes_html` is that escaped HTML, with
web addresses in notes as links (`safe_text.linked_html`), never other markup.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

import pandas as pd

from indicators.followup.service import ActionChange, Change, Entry, Revision
from indicators.formatting import format_date, format_moment, format_number
from indicators.item_names import item_words
from indicators.plan_actions import StatusEntryLike, status_label
from indicators.present.goal_status import note_html
from indicators.present.html import link, render
from indicators.present.texts import changes as t
from indicators.present.texts import municipal_parts as tp

PLAN_FILE_USER = "plan-fil"  # who "entered" the statuses the first migration took from the plan files


class ChangeLike(Protocol):
    """A change (followup.service.Change)."""

    @property
    def kind(self) -> str: ...
    @property
    def at(self) -> dt.datetime: ...
    @property
    def item(self) -> str: ...
    @property
    def by(self) -> str: ...
    @property
    def details(self) -> dict[str, Any]: ...
    @property
    def revision(self) -> Revision | None: ...


class EnteredSourceLike(Protocol):
    """Where entered figures come from (followup.service.FigureRecord, goals.EnteredSource)."""

    @property
    def source_name(self) -> str: ...
    @property
    def quoted(self) -> bool: ...
    @property
    def quote_label(self) -> str: ...
    @property
    def seeded(self) -> bool: ...


def entered_label(source: EnteredSourceLike | None) -> str:
    """«registrert av sekretariatet, kjelde: …» (+ the quote label, e.g. «sitert tal frå ei pressemelding»); a
    seeded figure says only where it is from («frå pressemelding 22. april 2021, …»); no source known: «registrert
    av sekretariatet»; None (not entered figures): ''."""
    if source is None:
        return ""
    if source.seeded and source.quote_label:
        return source.quote_label
    if not source.source_name:
        return t.ENTERED_BY_SECRETARIAT
    if source.quoted and source.quote_label:
        return t.FIGURE_LABEL_QUOTED.format(source=source.source_name, quote=source.quote_label)
    return t.FIGURE_LABEL.format(source=source.source_name)


@dataclass(frozen=True)
class ChangeLine:
    kind: str  # status | figure | revision | action_added | action_dropped
    at: dt.datetime  # UTC, naive (as stored)
    text: str  # what changed, one Nynorsk line
    detail: str  # who and when
    note: str = ""  # the assessment's note (plain text)
    evidence_url: str = ""  # «Dokumentasjon» of a status entry (shown as a link only when http(s))

    @property
    def kind_label(self) -> str:
        return t.KIND_LABELS.get(self.kind, self.kind)

    def as_text(self) -> str:
        return f"{self.text} ({self.detail})" if self.detail else self.text


def entered_time(moment: dt.datetime | None) -> str:
    """A stored UTC moment as Norwegian local date and time: «3. mars 2026 kl. 14.05»."""
    return format_moment(moment)


def user_name(user: str) -> str:
    return t.FROM_PLAN_FILE if user == PLAN_FILE_USER else user


def item_name(kind: str, item_id: str, titles: Mapping[str, str]) -> str:
    """«Mål – Fleire lærlingar» or «Tiltak 12 – Vidareføre Ungt entreprenørskap …» (the title when known)."""
    return item_words(kind, item_id, titles)


def change_lines(
    changes: Iterable[ChangeLike], titles: Mapping[str, str], region_names: Mapping[str, str] | None = None
) -> list[ChangeLine]:
    """Each change as a line of text with who and when (oldest first, as given). `titles`: item id → title (goal
    short titles, action texts) so a line names the goal, not its id; `region_names`: code → name for figures."""
    region_names = region_names or {}
    lines: list[ChangeLine] = []
    for change in changes:
        details = change.details
        entered = entered_time(change.at)
        known = {change.item: titles.get(change.item) or str(details.get("title") or "")}
        if change.kind == "status":
            kind = str(details.get("item_kind", ""))
            old = details.get("old_status")
            old_label = status_label(old, kind) if old else t.NO_PREVIOUS
            new_label = status_label(details.get("new_status", ""), kind)
            item = item_name(kind, change.item, known)
            if details.get("municipality"):  # a municipality's part of the action (issue 22)
                code = str(details["municipality"])
                item = tp.PART_ITEM.format(item=item, municipality=region_names.get(code, code))
            assessed = format_date(details.get("assessed_on"))
            body = details.get("reported_by") or ""
            template = t.STATUS_DETAIL if body else t.STATUS_DETAIL_NO_BODY
            detail = template.format(body=body, date=assessed, user=user_name(change.by), entered=entered)
            lines.append(ChangeLine("status", change.at, t.STATUS_LINE.format(item=item, old=old_label,
                                                                               new=new_label),
                                    detail, str(details.get("note") or ""), str(details.get("evidence_url") or "")))
        elif change.kind == "figure":
            value = details.get("value")
            code = str(details.get("region_code", ""))
            number = format_number(value, 0 if value is None or float(value).is_integer() else 1)
            text = t.FIGURE_LINE.format(
                item=item_name("goal", change.item, known),
                value=f"{number} {details.get('unit') or ''}".rstrip(),
                where=region_names.get(code, code), period=details.get("period", ""),
            )
            label = details.get("source_name", "")
            lines.append(ChangeLine("figure", change.at, text,
                                    t.FIGURE_DETAIL.format(label=label, user=user_name(change.by),
                                                           entered=entered),
                                    str(details.get("note") or "")))
        elif change.kind in ("action_added", "action_dropped"):
            item = item_name("action", change.item, known)
            year = details.get("revision_year", "")
            if change.kind == "action_added":
                text = t.ACTION_ADDED_LINE.format(item=t.ACTION.format(number=change.item), year=year,
                                                  text=known[change.item])
            else:
                text = t.ACTION_DROPPED_LINE.format(item=item, year=year)
            detail = t.ACTION_DETAIL.format(reason=details.get("reason", "") or "–", user=user_name(change.by),
                                            entered=entered)
            lines.append(ChangeLine(change.kind, change.at, text, detail))
        else:  # a revision of published data
            text = revision_text(change.revision) if change.revision is not None else ""
            lines.append(ChangeLine(change.kind, change.at, text,
                                    t.REVISION_DETAIL.format(dataset=details.get("dataset", change.item),
                                                             entered=entered)))
    return lines


def _number(value: float | None) -> str:
    return format_number(value, 0 if value is None or value != value or float(value).is_integer() else 1)


def action_change_label(change: ActionChange) -> str:
    """«lagt til ved rulleringa 2026» or «teke ut ved rulleringa 2026»."""
    template = t.ACTION_ADDED_LABEL if change.change == "added" else t.ACTION_DROPPED_LABEL
    return template.format(year=change.revision_year)


def revision_text(revision: Revision) -> str:
    """«SSB har revidert Hol 2021 frå 2 316 til 2 320» (the dataset's other dimensions in brackets)."""
    source = t.REVISION_SOURCE_SSB if revision.source == "Statistisk sentralbyrå" else \
        revision.source or t.REVISION_SOURCE_UNKNOWN
    place = revision.region_name or revision.key["region_code"]
    dimensions = {k: v for k, v in revision.key.items() if k not in ("region_code", "period")}
    where = t.REVISION_PLACE_DIMENSIONS.format(
        place=place, period=revision.key["period"], dimensions=", ".join(f"{k}: {v}" for k, v in dimensions.items()),
    ) if dimensions else t.REVISION_PLACE.format(place=place, period=revision.key["period"])
    return t.REVISION_LINE.format(source=source, where=where, old=_number(revision.old), new=_number(revision.new))


def change_text(change: Change, region_names: Mapping[str, str]) -> str:
    """The change on one line, as the command line prints it: «Mål – Fleire lærlingar: ingen → I gang», «Mål – …:
    nytt tal 12 kroner (Hol, 2024) — registrert av sekretariatet, kjelde: …», «Tiltak 62 – …: lagt til ved
    rulleringa 2026», «SSB har revidert …». `region_names`: code → name for figures."""
    titles = {change.item: change.title}
    if change.entry is not None:
        entry = change.entry
        old = status_label(entry.previous_status, entry.item_kind) or t.CLI_NO_PREVIOUS
        item = item_words(entry.item_kind, entry.item_id, titles)
        if entry.municipality:
            item = t.CLI_MUNICIPAL_PART.format(item=item, municipality=region_names.get(entry.municipality,
                                                                                         entry.municipality))
        return t.CLI_STATUS_LINE.format(item=item, old=old, new=status_label(entry.status, entry.item_kind))
    if change.figure is not None:
        figure = change.figure
        return t.CLI_FIGURE_LINE.format(
            item=item_words("goal", figure.goal_id, titles), value=f"{_number(figure.value)} {figure.unit}".rstrip(),
            where=region_names.get(figure.region_code, figure.region_code), period=figure.period,
            label=entered_label(figure),
        )
    if change.action is not None:
        return t.CLI_ACTION_LINE.format(item=item_words("action", change.item, titles),
                                        label=action_change_label(change.action))
    return revision_text(change.revision) if change.revision is not None else ""


def change_record(change: Change, region_names: Mapping[str, str]) -> dict[str, Any]:
    """The change as JSON for `changes --json`: its facts with its moment in Oslo in words (`at_local`, «3. mars
    2026 kl. 14.05»), its line (`text`) and, for a figure, its label."""
    facts = change.as_record()
    record = {key: facts.pop(key) for key in ("kind", "at")}
    record["at_local"] = entered_time(change.at)
    record["item"] = facts.pop("item")
    record["text"] = change_text(change, region_names)
    record["by"] = facts.pop("by")
    for key, value in facts.items():
        record[key] = value
        if key == "source_name" and change.figure is not None:
            record["label"] = entered_label(change.figure)
    return record


def stale_message(current: Entry | None) -> str:
    """Someone saved the item after the form was opened: who saved what and when (UTC), for the command line."""
    if current is None:
        return t.STALE_NO_ENTRY
    return t.STALE_ENTRY.format(user=current.entered_by, status=status_label(current.status, current.item_kind),
                                entered=f"{current.entered_at:%Y-%m-%d} kl. {current.entered_at:%H:%M}")


def summary(lines: Sequence[ChangeLine], since: dt.date) -> str:
    """«4 endringar: 2 statusendringar, 1 nytt tal, 1 datarevisjon.» (or that nothing changed)."""
    if not lines:
        return t.NOTHING_CHANGED.format(date=format_date(since))
    counts: dict[str, int] = {}
    for line in lines:
        counts[line.kind] = counts.get(line.kind, 0) + 1
    parts = []
    for kind, (one, many) in t.KIND_COUNTS.items():
        if counts.get(kind):
            parts.append(f"{format_number(counts[kind])} {one if counts[kind] == 1 else many}")
    template = t.COUNT_ONE if len(lines) == 1 else t.COUNT
    return template.format(count=format_number(len(lines)), parts=", ".join(parts))


# The groups meeting mode shows the changes in, in this order (issue 18 §3).
GROUPS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("status", ("status",)),
    ("figure", ("figure",)),
    ("revision", ("revision",)),
    ("action", ("action_added", "action_dropped")),
)


def grouped(lines: Sequence[ChangeLine]) -> list[tuple[str, list[ChangeLine]]]:
    """The lines by group (status changes, new figures, data revisions, revised actions), empty groups left
    out, each group oldest first; (group heading, lines)."""
    found = []
    for group, kinds in GROUPS:
        members = [line for line in lines if line.kind in kinds]
        if members:
            found.append((t.GROUP_HEADINGS[group], members))
    return found


SLIDE_LINES = 17.5  # lines of change text one 1280×720 slide holds at 20 px (below its headline and group heading)
SLIDE_LINE_CHARACTERS = 115  # characters in one such line (the text scales with the window, so this holds)


def slide_lines(line: ChangeLine, note_characters: int) -> float:
    """How many slide lines a change takes: its text, who and when, its note (cut at `note_characters`)."""
    def rows(text: str) -> int:
        return -(-len(text) // SLIDE_LINE_CHARACTERS) if text else 0
    return rows(line.text) + rows(line.detail) + rows(line.note[:note_characters]) + 0.4


def slide_pages(lines: Sequence[ChangeLine], note_characters: int,
                budget: float = SLIDE_LINES) -> list[tuple[str, list[ChangeLine]]]:
    """The changes as slides: grouped (see `grouped`), each group over as many slides as its changes need so
    that every slide fits the screen; (group heading, changes) per slide, every change on one."""
    pages: list[tuple[str, list[ChangeLine]]] = []
    for heading, members in grouped(lines):
        chunks: list[list[ChangeLine]] = [[]]
        used = 0.0
        for line in members:
            size = slide_lines(line, note_characters)
            if chunks[-1] and used + size > budget:
                chunks.append([])
                used = 0.0
            chunks[-1].append(line)
            used += size
        for number, chunk in enumerate(chunks, start=1):
            title = t.SLIDE_GROUP.format(group=heading, page=number, pages=len(chunks)) if len(chunks) > 1 \
                else heading
            pages.append((title, chunk))
    return pages


def one_line(lines: Sequence[ChangeLine], since: dt.date, meeting_name: str | None = None) -> str:
    """«17 endringar sidan regionrådsmøtet 15. oktober 2026: 9 statusar, 8 tal» (the Oversikt's summary line)."""
    if meeting_name and format_date(since) in meeting_name:  # the date once
        where = t.ONE_LINE_SINCE_DATE.format(date=meeting_name)
    elif meeting_name:
        where = t.ONE_LINE_SINCE_MEETING.format(meeting=meeting_name, date=format_date(since))
    else:
        where = t.ONE_LINE_SINCE_DATE.format(date=format_date(since))
    if not lines:
        return t.ONE_LINE_NOTHING.format(since=where)
    parts = []
    for group, kinds in GROUPS:
        count = sum(line.kind in kinds for line in lines)
        if count:
            one, many = t.ONE_LINE_PARTS[group]
            parts.append(f"{format_number(count)} {one if count == 1 else many}")
    head = t.ONE_LINE_ONE if len(lines) == 1 else t.ONE_LINE.format(count=format_number(len(lines)))
    return f"{head} {where}: {', '.join(parts)}"


def changes_html(lines: Sequence[ChangeLine]) -> str:
    """The lines as an HTML list grouped like meeting mode (status changes, new figures, data revisions, revised
    actions): each change in words, who and when, and its note (escaped; web addresses are links that open in a
    new tab, `present.html.linked`); the HTML is `templates/snippets/changes.html.j2`."""
    groups = [
        (heading, [{"text": line.text, "detail": line.detail,
                    "note": note_html(line.note, "change-note") if line.note else "",
                    "evidence": link(line.evidence_url, t.EVIDENCE) if line.evidence_url else ""}
                   for line in members])
        for heading, members in grouped(lines)
    ]
    return render("snippets/changes.html.j2", groups=groups)


def since_text(since: dt.date, meeting_name: str | None = None) -> str:
    if meeting_name and format_date(since) in meeting_name:  # «Regionrådsmøte 15. oktober 2026»: the date once
        return t.SINCE_DATE.format(date=meeting_name)
    if meeting_name:
        return t.SINCE_MEETING.format(meeting=meeting_name, date=format_date(since))
    return t.SINCE_DATE.format(date=format_date(since))


def changes_table(lines: Sequence[ChangeLine]) -> pd.DataFrame:
    """The lines as a table with Nynorsk headers (for the page and its CSV)."""
    rows = [
        {"at": entered_time(line.at), "kind": line.kind_label, "text": line.text, "detail": line.detail,
         "note": line.note}
        for line in lines
    ]
    return pd.DataFrame(rows, columns=list(t.TABLE_HEADERS)).rename(columns=t.TABLE_HEADERS)


def entered_text(entry: StatusEntryLike) -> str:
    """Who entered the entry and when: «kari 4. mars 2026 kl. 09.12», or «frå planfila»."""
    if entry.entered_by == PLAN_FILE_USER:
        return t.FROM_PLAN_FILE
    return f"{entry.entered_by} {entered_time(entry.entered_at)}"


def assessed_text(entry: StatusEntryLike | None) -> str:
    """«Vurdert av RR 3. mars 2026 (registrert av kari 4. mars 2026 kl. 09.12)», or that none is registered."""
    if entry is None:
        return t.NOT_IN_DATABASE
    date = format_date(entry.assessed_on)
    head = t.ASSESSED.format(body=entry.reported_by, date=date) if entry.reported_by else \
        t.ASSESSED_NO_BODY.format(date=date)
    if entry.entered_by == PLAN_FILE_USER:
        return f"{head} ({t.FROM_PLAN_FILE})"
    return f"{head} ({t.ENTERED.format(user=entry.entered_by, entered=entered_time(entry.entered_at))})"


def history_table(entries: Sequence[StatusEntryLike]) -> pd.DataFrame:
    """An item's entries (newest first, as given) as a table with Nynorsk headers: date, status, note, body,
    entered by and at."""
    rows = [
        {
            "assessed_on": format_date(e.assessed_on),
            "status": status_label(e.status, e.item_kind),
            "note": e.note,
            "reported_by": e.reported_by,
            "entered_by": user_name(e.entered_by),
            "entered_at": entered_time(e.entered_at),
        }
        for e in entries
    ]
    return pd.DataFrame(rows, columns=list(t.HISTORY_HEADERS)).rename(columns=t.HISTORY_HEADERS)


def history_lines(entries: Sequence[StatusEntryLike]) -> list[str]:
    """The history as plain lines (the report and the command line): «3. mars 2026 – I gang – RR – note»."""
    lines = []
    for e in entries:
        parts = [format_date(e.assessed_on), status_label(e.status, e.item_kind)]
        if e.reported_by:
            parts.append(e.reported_by)
        if e.note:
            parts.append(e.note)
        parts.append(t.ENTERED.format(user=user_name(e.entered_by), entered=entered_time(e.entered_at)))
        lines.append(" – ".join(parts))
    return lines
