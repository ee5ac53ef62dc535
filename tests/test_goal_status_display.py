"""How a goal's two statuses, notes and their links are shown (issue 18 §1, issue 20 «links in notes»), and
charts with one year (issue 18 §2)."""

from __future__ import annotations

import datetime as dt

import plotly.graph_objects as go

from indicators.goal_status import Assessment, GoalStatus, MethodStatus
from indicators.present import charts
from indicators.present.goal_status import assessment_text, note_html, statistics_text, status_html
from indicators.present.html import link as link_html
from indicators.present.html import linked as linked_html
from indicators.safe_text import safe_url

LINK = 'target="_blank" rel="noopener noreferrer"'


def test_only_http_addresses_become_links_opening_in_a_new_tab():
    shown = linked_html("Sjå https://example.org/rapport.pdf. Og http://a.no/x?y=1&z=2")
    assert f'<a href="https://example.org/rapport.pdf" {LINK}>https://example.org/rapport.pdf</a>.' in shown
    assert f'<a href="http://a.no/x?y=1&amp;z=2" {LINK}>' in shown


def test_everything_else_in_a_note_stays_text():
    shown = linked_html('<script>alert(1)</script> javascript:alert(1) [klikk](javascript:x) <a href="x">y</a>')
    assert "<script" not in shown and "<a href=\"x\"" not in shown
    assert "javascript:alert(1)" in shown and "<a" not in shown
    assert linked_html("linje 1\nlinje 2") == "linje 1<br>linje 2"
    # a quote cannot close the attribute
    assert '"' not in linked_html('https://a.no/"onmouseover="x').split('href="')[1].split('"')[0]


def test_evidence_link_only_for_http():
    assert safe_url("javascript:alert(1)") is None
    assert safe_url(" https://a.no/doc ") == "https://a.no/doc"
    assert link_html("javascript:alert(1)", "Dokumentasjon") == "Dokumentasjon: javascript:alert(1)"
    assert link_html("https://a.no", "Dokumentasjon") == f'<a href="https://a.no" {LINK}>Dokumentasjon</a>'


def _both(note: str = "Nye etableringar.") -> GoalStatus:
    return GoalStatus(
        "g", "indicator", MethodStatus("acceleration_needed", "+0,8 % per år (2021–2022)."),
        Assessment("on_track", note, "RR", dt.date(2026, 3, 3), "kari", dt.datetime(2026, 3, 4, 8, 12)),
    )


def test_both_statuses_are_shown_each_for_what_it_is():
    shown = status_html(_both())
    statistics, secretariat = shown.index("Statistikken:"), shown.index("Sekretariatet si vurdering:")
    assert statistics < shown.index("Treng auka tempo") < secretariat < shown.index("På rett veg")
    assert "+0,8 % per år" in shown[:secretariat]  # the numbers behind the computed status
    assert "vurdert av RR 3. mars 2026" in shown[secretariat:]  # the body and date with the assessment only
    assert "Vurdert av" not in shown[:secretariat]  # a computed status is nobody's judgement
    assert "Nye etableringar." in shown  # the note without a click
    assert "registrert av kari 4. mars 2026 kl. 09.12" in shown  # Oslo time
    assert statistics_text(_both()).startswith("Statistikken: Treng auka tempo – +0,8 %")
    assert assessment_text(_both()).startswith("Sekretariatet si vurdering: På rett veg – vurdert av RR")


def test_a_long_note_is_shortened_with_show_all():
    long = " ".join(["ord"] * 200)
    shown = note_html(long)
    assert "<details" in shown and "Vis heile" in shown
    assert shown.count("ord") == 200  # every word is there, the rest behind «Vis heile»
    assert "<details" not in note_html("Kort merknad.")


def test_a_chart_with_one_year_says_so():
    fig = go.Figure(go.Scatter(x=[2024], y=[4850]))
    charts.finish_figure(fig, title="t", provenances=[])
    assert "Berre eitt år med tal." in " ".join(a.text for a in fig.layout.annotations)
    assert list(fig.layout.xaxis.tickvals) == [2024]
    two = go.Figure(go.Scatter(x=[2023, 2024], y=[1, 2]))
    charts.finish_figure(two, title="t", provenances=[])
    assert not any("eitt år" in (a.text or "") for a in two.layout.annotations)


def test_the_one_line_summary_names_the_meeting_and_counts_by_group():
    from indicators.present.changes import ChangeLine, one_line

    at = dt.datetime(2026, 11, 1, 10, 0)
    lines = [ChangeLine("status", at, "a", "")] * 9 + [ChangeLine("figure", at, "b", "")] * 8
    since = dt.date(2026, 10, 15)
    assert one_line(lines, since, "regionrådsmøtet") == (
        "17 endringar sidan regionrådsmøtet 15. oktober 2026: 9 statusar, 8 tal")
    assert one_line(lines, since, "Regionrådsmøte 15. oktober 2026").startswith(
        "17 endringar sidan Regionrådsmøte 15. oktober 2026:")  # the date once
    assert one_line([], since) == "Ingen endringar sidan 15. oktober 2026"


def test_the_change_list_groups_and_links_web_addresses_in_notes():
    from indicators.present.changes import ChangeLine, changes_html

    at = dt.datetime(2026, 11, 1, 10, 0)
    shown = changes_html([
        ChangeLine("figure", at, "Mål – A: nytt tal 4 850 mill. kr", "kjelde: S"),
        ChangeLine("status", at, "Tiltak 12 – B <i>: ingen → I gang", "kari", "Sjå https://a.no/sak og javascript:x"),
    ])
    assert shown.index("Statusendringar") < shown.index("Nye tal")  # grouped in the meeting's order
    assert f'<a href="https://a.no/sak" {LINK}>' in shown and 'href="javascript' not in shown
    assert "&lt;i&gt;" in shown


def test_change_slides_hold_what_fits_and_every_change():
    from indicators.present.changes import SLIDE_LINES, ChangeLine, slide_lines, slide_pages

    at = dt.datetime(2026, 11, 1, 10, 0)
    short = [ChangeLine("status", at, f"Tiltak {n} – kort: ingen → I gang", "kari", "Kort.") for n in range(14)]
    long = [ChangeLine("status", at, "Tiltak 1 – " + "lang tekst " * 20, "kari " * 20, "merknad " * 40)] * 6
    figure = [ChangeLine("figure", at, "Mål – A: nytt tal 1 kroner", "kjelde: S")]
    pages = slide_pages(short + figure, 180)
    assert [title for title, _ in pages] == [
        "Statusendringar (1 av 3)", "Statusendringar (2 av 3)", "Statusendringar (3 av 3)", "Nye tal"]
    assert sum(len(chunk) for _, chunk in pages) == 15  # every change on a slide
    long_pages = slide_pages(long, 180)
    assert len(long_pages) > 2
    assert all(sum(slide_lines(line, 180) for line in chunk) <= SLIDE_LINES for _, chunk in long_pages)
