"""One escape policy for HTML built from data (indicators/present/html.py): user and plan-file text with markup,
markdown links to `javascript:` and `**` stays text in every HTML snippet, and in the one markdown escape."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest

from indicators.goal_status import Assessment, GoalStatus, MethodStatus
from indicators.present import html
from indicators.present.badges import badge_html
from indicators.present.changes import ChangeLine, changes_html
from indicators.present.goal_status import note_html, status_html
from indicators.safe_text import markdown_escaped

ROOT = Path(__file__).resolve().parent.parent
HOSTILE = "<script>alert(1)</script> [x](javascript:alert(1)) **fet** <img src=x onerror=alert(1)>"


def _assert_text(out: str) -> None:
    assert "<script" not in out and "<img" not in out
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in out
    assert 'href="javascript' not in out and "<strong>fet" not in out and "<b>" not in out
    assert "**fet**" in out  # HTML is not markdown: the stars stay as written


def _status(text: str) -> GoalStatus:
    assessment = Assessment("on_track", note=text, reported_by=text, assessed_on=dt.date(2026, 3, 3),
                            entered_by=text, entered_at=dt.datetime(2026, 3, 4, 9, 12), evidence_url=text)
    return GoalStatus("g", "indicator", MethodStatus("behind", explanation=text), assessment)


@pytest.mark.parametrize("slide", [False, True])
def test_goal_status_shows_user_text_as_text(slide):
    out = status_html(_status(HOSTILE), slide=slide)
    _assert_text(out)
    assert out.count("&lt;script&gt;") >= 3  # the why, the body and the note


def test_notes_and_changes_show_user_text_as_text():
    _assert_text(note_html(HOSTILE))
    _assert_text(note_html((HOSTILE + "\n") * 8))  # the long note: shown part and the part behind «Vis heile»
    line = ChangeLine("status", dt.datetime(2026, 1, 1), HOSTILE, HOSTILE, note=HOSTILE, evidence_url=HOSTILE)
    out = changes_html([line])
    _assert_text(out)
    assert out.count("&lt;script&gt;") == 4


def test_web_addresses_in_notes_are_the_only_links():
    out = note_html("sjå https://example.no/a?b=1&c=2 og [x](javascript:alert(1))")
    assert re.findall(r'href="([^"]*)"', out) == ["https://example.no/a?b=1&amp;c=2"]
    assert 'rel="noopener noreferrer"' in out


def test_an_unknown_status_key_is_escaped_in_the_badge():
    out = badge_html("<b>x</b>")
    assert "<b>" not in out and "&lt;b&gt;x&lt;/b&gt;" in out


def test_the_one_markdown_escape_leaves_no_markup():
    out = markdown_escaped(HOSTILE)
    for raw, escaped in (("<script", r"\<script"), ("[x](", r"\[x\]\("), ("**", r"\*\*")):
        assert out.count(raw) == out.count(escaped) == 0 or escaped in out
        assert raw not in out.replace(escaped, "")


def test_the_report_uses_the_one_environment():
    from indicators.present import report

    assert report._environment() is html.environment()
    assert html.environment().autoescape is True


def _python_files() -> list[Path]:
    return [path for folder in ("pages", "ui", "indicators/present") for path in (ROOT / folder).rglob("*.py")]


def test_no_other_html_escape_helper_in_pages_and_presentation():
    """One escape policy: no page or builder escapes HTML by hand (html.escape, markupsafe's escape); html.escape
    is left only in safe_text.plotly_label (plotly's pseudo-HTML, a language of its own)."""
    offenders = []
    for path in _python_files():
        source = path.read_text(encoding="utf-8")
        if "html.escape(" in source or re.search(r"^from markupsafe import .*\bescape\b", source, re.M) or \
                re.search(r"^from indicators\.present\.html import .*\bescape\b", source, re.M):
            offenders.append(str(path.relative_to(ROOT)))
    assert offenders == [], offenders
    safe_text = (ROOT / "indicators" / "safe_text.py").read_text(encoding="utf-8")
    assert safe_text.count("html.escape(") == 1  # plotly_label


# plotly's pseudo-HTML in labels and hover templates: a line break, bold, the hover box's extra part
_PLOTLY_TAGS = {"br", "b", "extra"}


def test_no_html_tags_built_with_f_strings():
    """HTML from data is a template (templates/, autoescape): no f-string in a page, a UI helper or a builder
    writes a tag (plotly's own <br>, <b> and <extra> aside)."""
    import ast

    offenders = []
    for path in _python_files():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.JoinedStr):
                continue
            literal = "".join(v.value for v in node.values if isinstance(v, ast.Constant) and isinstance(v.value, str))
            tags = set(re.findall(r"</?([a-zA-Z][a-zA-Z0-9]*)", literal)) - _PLOTLY_TAGS
            if tags:
                offenders.append(f"{path.relative_to(ROOT)}:{node.lineno} {sorted(tags)}")
    assert offenders == [], offenders


def test_meeting_mode_lists_show_user_text_as_text():
    lines = [{"text": HOSTILE, "detail": HOSTILE, "note": note_html(HOSTILE, "meeting-change-note-text")}]
    out = html.render("snippets/meeting_changes.html.j2", lines=lines)
    _assert_text(out)
    assert out.count("&lt;script&gt;") == 3
    _assert_text(html.render("snippets/list.html.j2", css_class="meeting-changes", items=[HOSTILE]))
    _assert_text(html.text_html("div", "meeting-headline", HOSTILE))
