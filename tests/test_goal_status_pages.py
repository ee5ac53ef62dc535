"""The pages with the follow-up (issue 18 §1–3, issue 19/20 text safety): both statuses on Oversikt, figures in
their unit, area titles as text, clickable links in notes, and Møtemodus opening with every change."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from followup_fixtures import *  # noqa: F403
from followup_fixtures import TODAY, active_plan
from streamlit.testing.v1 import AppTest

from indicators.followup import service
from indicators.formatting import format_number
from indicators.goals import load_plan
from indicators.regions import active_region, load_region

ROOT = Path(__file__).resolve().parent.parent
NBSP = "\u00a0"
LINK = 'target="_blank" rel="noopener noreferrer"'


def run_page(path: str, **query: str) -> AppTest:
    at = AppTest.from_file(str(ROOT / path), default_timeout=120)
    at.query_params.update(query)
    at.run()
    assert not at.exception, at.exception
    return at


def html_of(at: AppTest) -> str:
    return "\n".join(m.value for m in at.markdown)


def card_of(at: AppTest, label: str) -> str:
    return next(m.value for m in at.markdown if f"#### {label}" in m.value)


def test_oversikt_card_shows_the_secretariats_assessment_beside_the_statistics(session, editor, engine):
    service.record_status(session, "naer-arbeidsplassar", "on_track", note="Fleire nyetableringar i 2025.",
                          by_body="RR", user=editor, assessed_on=dt.date(2026, 11, 2), plan=active_plan())
    at = run_page("pages/oversikt.py", area="naeringsliv")
    card = card_of(at, "Fleire arbeidsplassar")
    assert "Statistikken:" in card and "Treng auka tempo" in card
    assert "Sekretariatet si vurdering:" in card and "På rett veg" in card
    assert "Fleire nyetableringar i 2025." in card  # the note without a click
    assert "vurdert av RR 2. november 2026" in card
    assert card.index("Treng auka tempo") < card.index("Sekretariatet si vurdering:")  # not attributed to RR
    # the count says what it counts and counts the goal once
    count = next(m.value for m in at.markdown if m.value.startswith("**40 resultatmål**"))
    assert "sekretariatet si vurdering der ho finst, elles statistikken" in count


def test_a_figure_in_million_kroner_shows_in_million_kroner(session, editor, engine):
    service.record_figure(session, "naer-verdiskaping", 4850, period=2024, unit="mill. kr", source_name="S",
                          user=editor, plan=active_plan(), region=active_region())
    at = run_page("pages/oversikt.py", area="naeringsliv")
    shown = html_of(at).replace(NBSP, " ")
    assert f"**Tal** (2024): {format_number(4850)} mill. kr".replace(NBSP, " ") in shown
    assert "4 850 kroner" not in shown
    assert "Berre eitt år med tal" in shown  # one figure: one dated value, not a trend
    assert not any("sparkline" in m.value and "Vekst" in m.value for m in at.markdown)
    lines = " ".join(e.label for e in at.expander)
    assert "1 tal" in lines  # the one-line summary of what changed


def test_meeting_mode_shows_a_figure_in_its_own_unit(session, editor, engine):
    service.record_figure(session, "naer-verdiskaping", 4850, period=2024, unit="mill. kr", source_name="S",
                          user=editor, plan=active_plan(), region=active_region())
    at = run_page("pages/motemodus.py", region=active_region().id, changes="0")
    slides = []
    for step in range(1, 8):
        at.query_params["step"] = str(step)
        at.session_state["url_step"] = step
        at.run()
        slides.append(html_of(at).replace(NBSP, " "))
    slide = next(text for text in slides if "Vekst i verdiskapinga" in text and "berre eitt år med tal" in text)
    assert f"{format_number(4850)} mill. kr (2024)".replace(NBSP, " ") in slide
    assert "4 850 kroner" not in slide


def test_a_fresh_database_lists_no_changes(engine):
    at = run_page("pages/oversikt.py")
    assert any(e.label.startswith("Ingen endringar sidan") for e in at.expander)


def test_area_titles_from_the_plan_file_are_text(plan_copy, engine):
    goals = plan_copy / "goals.toml"
    text = goals.read_text(encoding="utf-8")
    goals.write_text(text.replace('name = "Næringsliv"', 'name = "Næringsliv [lenke](https://evil.example)"', 1),
                     encoding="utf-8")
    load_region.cache_clear()
    at = run_page("pages/oversikt.py", area="naeringsliv")
    header = at.subheader[0].value
    assert header == r"Næringsliv \[lenke\]\(https\://evil.example\)"  # shown as written, never a link


def test_a_qualitative_goals_note_links_only_web_addresses(session, editor, engine):
    goal = next(g for g in load_plan(active_region().plan_file("goals.toml")).goals if g.kind == "qualitative")
    service.record_status(session, goal.id, "in_progress", user=editor,
                          note="Sjå https://example.org/sak/12 og javascript:alert(1)", plan=active_plan())
    at = run_page("pages/oversikt.py", area=goal.area)
    shown = html_of(at)
    assert f'<a href="https://example.org/sak/12" {LINK}>https://example.org/sak/12</a>' in shown
    assert 'href="javascript' not in shown and "javascript:alert(1)" in shown


def test_meeting_mode_opens_with_every_change_since_the_meeting(session, editor, admin, engine):
    service.record_meeting(session, TODAY - dt.timedelta(days=10), "Regionrådsmøte", user=admin)
    for number in range(1, 15):
        service.record_status(session, str(number), "in_progress", note=f"Merknad {number}", user=editor,
                              plan=active_plan())
    at = run_page("pages/motemodus.py", region=active_region().id)
    assert at.query_params["changes"] == "1"  # opens with the changes
    seen = []
    for step in range(1, 4):
        at.query_params["step"] = str(step)
        at.session_state["url_step"] = step
        at.run()
        seen.append(html_of(at))
    for number in range(1, 15):
        assert sum(f"Tiltak {number} – " in slide for slide in seen) == 1, number
        assert any(f"Merknad {number}" in slide for slide in seen)
    assert "sjå «Kva er endra sidan sist» på Oversikt" not in "".join(seen)
    assert "Statusendringar (1 av 3)" in seen[0]


def test_a_figures_unit_is_shown_as_text(session, editor, engine):
    service.record_figure(session, "naer-verdiskaping", 12, period=2024, unit="[klikk](https://evil.example)",
                          source_name="S", user=editor, plan=active_plan(), region=active_region())
    at = run_page("pages/oversikt.py", area="naeringsliv")
    numbers = next(m.value for m in at.markdown if m.value.startswith("**Tal**"))
    assert r"\[klikk\]\(https\://evil.example\)" in numbers  # escaped: never a link


def test_rapportering_asks_what_to_do_with_a_figure_in_another_unit(session, editor, engine):
    from indicators.followup import accounts
    from ui.auth import TOKEN_KEY

    service.record_figure(session, "naer-verdiskaping", 4850, period=2023, unit="mill. kr", source_name="S",
                          user=editor, plan=active_plan(), region=active_region())
    at = AppTest.from_file(str(ROOT / "pages/rapportering.py"), default_timeout=120)
    at.session_state[TOKEN_KEY] = accounts.start_session(session, editor)
    at.query_params.update({"section": "figures", "figure_goal": "naer-verdiskaping"})
    at.run()
    unit_key = next(w.key for w in at.text_input if w.key.endswith("_unit"))
    assert at.text_input(key=unit_key).value == "mill. kr"  # the unit of the figures so far
    at.number_input(key=next(w.key for w in at.number_input if w.key.endswith("_value"))).set_value(5.1)
    at.text_input(key=unit_key).input("mrd. kr")
    at.text_input(key=next(w.key for w in at.text_input if w.key.endswith("_source"))).input("S")
    at.button(key="reporting_figure_save").click()
    at.run()
    assert any("rekne talet om" in e.value for e in at.error)  # refused until a choice is made
    session.rollback()
    assert len(service.figures(session, "naer-verdiskaping")) == 1
    at.radio(key=next(w.key for w in at.radio if w.key.endswith("_unit_choice"))).set_value("convert")
    at.button(key="reporting_figure_save").click()
    at.run()
    session.rollback()
    latest = service.figures(session, "naer-verdiskaping")[0]
    assert (round(latest.value), latest.unit) == (5100, "mill. kr")
