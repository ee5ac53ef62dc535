"""Text from a user or a plan file is shown as written on every page that shows it (issue 21, one escape policy):
a goal title, an action text and a note with markdown (`**x**`, a link to `javascript:`, a formula `$x$`) and
HTML (`<b>`) read literally on Oversikt, Handlingsprogram, Møtemodus, Klima and Rapportering.

Each markdown element a page sends is checked: the text is either backslash-escaped for markdown
(`safe_text.markdown_escaped`) or HTML-escaped inside an HTML block (a template with autoescape), and nothing of
it is left raw for Streamlit's markdown to turn into bold, a link, HTML or a formula."""

from __future__ import annotations

from pathlib import Path

import pytest
from followup_fixtures import *  # noqa: F403
from markupsafe import escape
from streamlit.testing.v1 import AppTest

from indicators.followup import accounts, service
from indicators.goals import load_plan
from indicators.plan_actions import with_programme
from indicators.regions import active_region, load_region
from indicators.safe_text import markdown_escaped
from ui.auth import TOKEN_KEY

ROOT = Path(__file__).resolve().parent.parent
HOSTILE = "**x** <b>y</b> [a](javascript:alert(1)) $x$"
AS_MARKDOWN = markdown_escaped(HOSTILE)
AS_HTML = str(escape(HOSTILE))
QUALITATIVE = "naer-nyetablerte"
ACTION_TEXT = "Utvikle sykkelsatsinga i regionen for å skape fleire heilårs arbeidsplassar"
EMISSIONS_TITLE = "Dei totale klimautsleppa er redusert med 25% frå referanseåret 2009"


@pytest.fixture
def hostile_plan(plan_copy, engine, session, editor):
    """The plan with a qualitative goal's title, the first action's text and the emissions goal's title carrying
    markup, and a note with markup on that goal and that action."""
    goals = plan_copy / "goals.toml"
    text = goals.read_text(encoding="utf-8")
    for old in ('title = "Betre oppfølging av nyetablerte bedrifter slik at fleire blir i stand til å vekse og '
                'utvikle seg"', 'short_title = "Betre oppfølging av nyetablerte bedrifter"'):
        assert old in text
        text = text.replace(old, old.split(" = ")[0] + f' = "{HOSTILE}"', 1)
    assert EMISSIONS_TITLE in text
    goals.write_text(text.replace(EMISSIONS_TITLE, f"{EMISSIONS_TITLE} {HOSTILE}", 1), encoding="utf-8")
    actions = plan_copy / "actions.csv"
    text = actions.read_text(encoding="utf-8")
    assert ACTION_TEXT in text
    actions.write_text(text.replace(ACTION_TEXT, HOSTILE, 1), encoding="utf-8")
    load_region.cache_clear()
    plan = with_programme(load_plan(active_region().plan_file("goals.toml")))
    service.record_status(session, QUALITATIVE, "in_progress", note=HOSTILE, user=editor, plan=plan)
    service.record_status(session, "1", "in_progress", note=HOSTILE, user=editor, plan=plan)
    session.commit()
    yield plan_copy
    load_region.cache_clear()


def run_page(path: str, token: str | None = None, **query: str) -> AppTest:
    at = AppTest.from_file(str(ROOT / path), default_timeout=120)
    if token is not None:
        at.session_state[TOKEN_KEY] = token
    at.query_params.update(query)
    at.run()
    assert not at.exception, at.exception
    return at


def markdown_shown(at: AppTest) -> list[str]:
    """Every text the page hands to Streamlit's markdown (headings, captions, messages, expander labels)."""
    elements = (*at.markdown, *at.caption, *at.subheader, *at.header, *at.title, *at.info, *at.warning, *at.error,
                *at.success)
    return [str(e.value) for e in elements] + [str(e.label) for e in at.expander]


def assert_shown_literally(at: AppTest, times: int = 1) -> None:
    found = 0
    for value in markdown_shown(at):
        rest = value
        if AS_MARKDOWN in rest:
            found += rest.count(AS_MARKDOWN)
            rest = rest.replace(AS_MARKDOWN, "")
        if AS_HTML in rest:
            # HTML-escaped text is only safe inside an HTML block, where markdown is not read
            assert value.lstrip().startswith("<") or "\n\n<" in value, value
            found += rest.count(AS_HTML)
            rest = rest.replace(AS_HTML, "")
        for raw in ("**x**", "<b>y", "javascript", "$x$"):
            assert raw not in rest, (raw, value)
    assert found >= times, markdown_shown(at)


def test_oversikt_shows_plan_and_note_text_literally(hostile_plan):
    at = run_page("pages/oversikt.py", area="naeringsliv")
    assert_shown_literally(at, times=2)  # the goal's title and its note


def test_handlingsprogram_shows_action_text_and_note_literally(hostile_plan):
    at = run_page("pages/handlingsprogram.py")
    assert_shown_literally(at, times=2)  # the action's text and its note


def test_motemodus_shows_plan_and_note_text_literally(hostile_plan):
    at = run_page("pages/motemodus.py", goals=QUALITATIVE, changes="0", step="1")
    assert_shown_literally(at, times=2)  # the plan's words and the note (and the label in the top bar)
    top = next(m.value for m in at.markdown if 'class="meeting-top"' in m.value)
    assert f"<b>{AS_HTML}</b>" in top


def test_klima_shows_the_goal_title_literally(hostile_plan):
    at = run_page("pages/klima.py")
    assert_shown_literally(at)


def test_rapportering_shows_the_goal_heading_literally(hostile_plan, session, editor):
    at = run_page("pages/rapportering.py", accounts.start_session(session, editor), section="goals",
                  item=QUALITATIVE)
    assert_shown_literally(at)
