"""A goal's two statuses shown side by side (issue 18 §1): «Statistikken: …» with the numbers behind it, and
«Sekretariatet si vurdering: …» with note, body and date — as HTML (Oversikt, the goal pages, Møtemodus, the
report) and as plain text (the report, the command line). Builders take an `indicators.goal_status.GoalStatus`.

Every user or plan-file text is escaped; http(s) addresses in notes and the «Dokumentasjon» address become links
that open in a new tab (`present.html.linked`), nothing else becomes markup; the HTML is templates
(`templates/snippets/`). The note is shown in full; beyond
NOTE_LINES lines or NOTE_CHARACTERS characters the rest is behind «Vis heile» (a <details>, no script).
"""

from __future__ import annotations

from indicators.formatting import format_date, format_moment
from indicators.goal_status import Assessment, GoalStatus
from indicators.present.badges import badge_html
from indicators.present.html import Markup, link, linked, render
from indicators.present.texts import goal_status as t

NOTE_LINES = 4
NOTE_CHARACTERS = 220  # about four lines of a card on Oversikt


def _split_note(note: str) -> tuple[str, str]:
    """(shown, rest): the whole note when short; else the first lines/characters, cut at a space."""
    note = note.strip()
    lines = note.splitlines()
    if len(lines) <= NOTE_LINES and len(note) <= NOTE_CHARACTERS:
        return note, ""
    head = "\n".join(lines[:NOTE_LINES])
    if len(head) > NOTE_CHARACTERS:
        head = head[:NOTE_CHARACTERS].rsplit(" ", 1)[0]
    return head, note[len(head):].lstrip()


def note_html(note: str, css_class: str = "status-note") -> Markup:
    """A note as HTML, visible without a click; a long one shortened with «Vis heile»."""
    if not note.strip():
        return Markup("")
    shown, rest = _split_note(note)
    return render("snippets/note.html.j2", css_class=css_class, shown=linked(shown), rest=linked(rest) if rest else "",
                  show_all=t.SHOW_ALL)


def who_text(assessment: Assessment) -> str:
    """«vurdert av RR 3. mars 2026» (or «vurdert 3. mars 2026»); '' without a date or body."""
    date = format_date(assessment.assessed_on) if assessment.assessed_on else ""
    if assessment.reported_by:
        return t.ASSESSED_BY.format(body=assessment.reported_by, date=date).strip()
    return t.ASSESSED_ON.format(date=date) if date else ""


def entered_text(assessment: Assessment) -> str:
    """«registrert av kari 4. mars 2026 kl. 09.12», or «frå planfila»."""
    if assessment.from_plan_file:
        return t.FROM_PLAN_FILE
    return t.ENTERED.format(user=assessment.entered_by, entered=format_moment(assessment.entered_at))


def statistics_text(status: GoalStatus) -> str:
    """«Statistikken: Treng auka tempo – +0,8 % per år (2021–2024); …» ('' for a qualitative goal)."""
    s = status.statistics
    if s is None:
        return ""
    why = s.explanation or s.reason
    return f"{t.STATISTICS} {s.label}" + (f" – {why}" if why else "")


def assessment_text(status: GoalStatus) -> str:
    """«Sekretariatet si vurdering: På rett veg – vurdert av RR 3. mars 2026 (registrert av kari …)» (without
    the note), or that the secretariat has not assessed the goal."""
    a = status.assessment
    if a is None:
        return t.NOT_ASSESSED
    who = who_text(a)
    return f"{t.ASSESSMENT} {a.label}" + (f" – {who}" if who else "") + f" ({entered_text(a)})"


def status_html(status: GoalStatus, *, slide: bool = False) -> Markup:
    """Both statuses as HTML: a row per status, each labelled for what it is, then the note and its evidence.
    `slide`: meeting mode's classes (sizes from its CSS) instead of the page's."""
    prefix = "meeting" if slide else "goal"
    badge = (lambda key: badge_html(key, size_px=None, css_class="meeting-badge")) if slide else \
        (lambda key: badge_html(key, 15))
    rows: list[dict[str, object]] = []
    s = status.statistics
    if s is not None:
        rows.append({"kind": "status", "source": t.STATISTICS, "badge": badge(s.status),
                     "why": s.explanation or s.reason})
    a = status.assessment
    if a is not None:
        rows.append({"kind": "status", "source": t.ASSESSMENT, "badge": badge(a.status), "why": who_text(a)})
        rows.append({"kind": "note", "html": note_html(a.note, f"{prefix}-status-note")})
        if a.evidence_url:
            rows.append({"kind": "evidence", "html": link(a.evidence_url, t.EVIDENCE)})
        if not slide:
            rows.append({"kind": "entered", "text": entered_text(a)})
    elif status.kind == "qualitative":
        rows.append({"kind": "status", "source": t.ASSESSMENT, "badge": badge("not_assessed"), "why": ""})
    return render("snippets/goal_status.html.j2", prefix=prefix, rows=rows)


# The page's look of the block (Oversikt and the goal pages put it once on the page).
STATUS_CSS = """
<style>
.goal-status { display: flex; flex-direction: column; gap: 0.3rem; margin: 0.2rem 0 0.5rem; }
.goal-status-row { line-height: 1.6; }
.goal-status-source { font-weight: 600; margin-right: 0.25rem; }
.goal-status-why { font-size: 0.85rem; color: #4D4D4D; margin-left: 0.25rem; }
.goal-status-note { white-space: normal; border-left: 3px solid #B3B3B3; padding-left: 0.5rem; }
.goal-status-note-more summary { cursor: pointer; color: #0B5CAD; }
.goal-status-entered, .goal-status-evidence { font-size: 0.85rem; color: #4D4D4D; }
</style>
"""
