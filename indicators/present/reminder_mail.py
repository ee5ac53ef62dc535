"""The reminder e-mail of a reporting round, in the active language (Nynorsk by default): one message per
reporter, listing what is left for them (issue 22). Plain text; the user's and the plan's words stay as written."""

from __future__ import annotations

import datetime as dt
from email.message import EmailMessage
from email.utils import formatdate, make_msgid

from indicators.followup.reporting_rounds import Assignment, Reminder, ReportingRound
from indicators.formatting import format_date
from indicators.item_names import short_title
from indicators.present import texts
from indicators.present.texts import reporting_rounds as t
from indicators.regions import Region


def reporter_name(reporter: str | None, region: Region) -> str:
    """«sekretariatet» or the municipality's name."""
    return region.names.get(reporter, reporter) if reporter else t.SECRETARIAT


def assignment_words(assignment: Assignment, region: Region) -> str:
    """«Tiltak 1 – Utvikle sykkelsatsinga … (delen til Gol)» / «Mål – Fleire arbeidsplassar»."""
    title = short_title(assignment.title)
    item = (t.ACTION_ITEM.format(id=assignment.item_id, title=title) if assignment.item_kind == "action"
            else t.GOAL_ITEM.format(title=title or assignment.item_id))
    if assignment.municipality:
        item += f" ({t.PART_OF.format(municipality=reporter_name(assignment.municipality, region))})"
    return item


def reminder_body(reminder: Reminder, found: ReportingRound, region: Region, today: dt.date) -> str:
    due = format_date(found.due_on)
    lines = [
        t.REMINDER_GREETING.format(user=reminder.user),
        "",
        texts.fill(t.REMINDER_INTRO.form(len(reminder.left)), region, round=found.name, count=len(reminder.left),
                   total=reminder.total, reporter=reporter_name(reminder.reporter, region)),
        (t.REMINDER_OVERDUE if found.is_overdue(today) else t.REMINDER_DUE).format(due=due),
        "",
        t.REMINDER_LIST,
        *(f"– {assignment_words(a, region)}" for a in reminder.left),
        "",
        t.REMINDER_HOW.format(user=reminder.user),
        "",
        texts.fill(t.REMINDER_SIGNATURE, region),
        "",
        t.REMINDER_AUTOMATIC,
    ]
    return "\n".join(lines) + "\n"


def reminder_message(reminder: Reminder, found: ReportingRound, region: Region, *, sender: str,
                     today: dt.date) -> EmailMessage:
    """The e-mail to one reporter (`reminder.email` must be set)."""
    message = EmailMessage()
    message["From"] = sender
    message["To"] = reminder.email or ""
    message["Subject"] = t.REMINDER_SUBJECT.format(round=found.name, count=len(reminder.left),
                                                   due=format_date(found.due_on))
    message["Date"] = formatdate(localtime=False)
    message["Message-ID"] = make_msgid(domain=sender.rpartition("@")[2] or None)
    message["Auto-Submitted"] = "auto-generated"
    message.set_content(reminder_body(reminder, found, region, today))
    return message
