"""The status report a secretary sends as it is (issue 18 §4): both statuses of a goal, figures with their units,
every action of the programme, the same content in HTML, PDF and Word, and an honest sluttrapport."""

from __future__ import annotations

import datetime as dt
import io
import os
import re
from pathlib import Path

import docx
import pypdf
import pytest
from followup_fixtures import *  # noqa: F403
from followup_fixtures import active_plan

from indicators.cli import main
from indicators.followup import service
from indicators.plan_actions import load_actions
from indicators.present import images
from indicators.present.report import content_for, render
from indicators.present.report_pdf import page_count, section_pages
from indicators.regions import active_region
from indicators.report_inputs import read_report_inputs

NOTE = "Kommunane melder om fleire nye arbeidsplassar i 2024"
CHROMIUM = Path(images.DEFAULT_BROWSER)
needs_chromium = pytest.mark.skipif(not (CHROMIUM.is_file() and os.access(CHROMIUM, os.X_OK)),
                                    reason="needs /usr/bin/chromium")


def words(text: str) -> str:
    return " ".join(text.replace("\u00a0", " ").split())


def html_text(document: str) -> str:
    document = re.sub(r"<style>.*?</style>", " ", document, flags=re.S)
    return words(re.sub(r"<[^>]+>", " ", document))


def goal_article(document: str, goal_id: str) -> str:
    start = document.index(f'id="mal-{goal_id}"')
    return html_text(document[start:document.index("</article>", start)])


def docx_text(data: bytes) -> str:
    document = docx.Document(io.BytesIO(data))
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts.extend(cell.text for cell in row.cells)
    return words(" ".join(parts))


def pdf_text(data: bytes) -> str:
    return words(" ".join(page.extract_text() or "" for page in pypdf.PdfReader(io.BytesIO(data)).pages))


@pytest.fixture
def no_charts(monkeypatch, tmp_path):
    """Tables only (fast): the chart browser is not there."""
    monkeypatch.setenv(images.BROWSER_ENV, str(tmp_path / "no-browser"))
    images.shutdown()
    yield
    images.shutdown()


def test_a_measured_goal_shows_the_secretariats_assessment_beside_the_statistics(session, editor, tmp_path,
                                                                               no_charts):
    service.record_status(session, "naer-arbeidsplassar", "on_track", note=NOTE, by_body="RR", user=editor,
                          assessed_on=dt.date(2026, 3, 3), plan=active_plan())
    target = tmp_path / "status.html"
    assert main(["report", "--output", str(target)]) == 0
    entry = goal_article(target.read_text(encoding="utf-8"), "naer-arbeidsplassar")
    assert "Statistikken: ◆ Treng auka tempo" in entry
    assert "Sekretariatet si vurdering: ▲ På rett veg" in entry
    assert NOTE in entry
    assert "Vurdert av RR 3. mars 2026 (registrert av kari" in entry
    assert "Vurdert av RR" not in entry[:entry.index("Sekretariatet si vurdering")]  # never under the statistics


def test_an_entered_figure_keeps_its_unit(session, editor, tmp_path, no_charts):
    service.record_figure(session, "naer-verdiskaping", 4850, period=2024, unit="mill. kr", source_name="S",
                          user=editor, plan=active_plan(), region=active_region())
    target = tmp_path / "status.html"
    assert main(["report", "--output", str(target)]) == 0
    text = html_text(target.read_text(encoding="utf-8"))
    assert "4 850 mill. kr (2024)" in goal_article(target.read_text(encoding="utf-8"), "naer-verdiskaping")
    assert "4 850 kroner" not in text
    assert "Berre eitt år med tal" in text  # one dated value, not a trend


def _action_starts() -> list[str]:
    """The first words of every action of plan/actions.csv (enough to find it in any of the three files)."""
    frame = load_actions().frame
    assert len(frame) > 50
    return [" ".join(str(text).split()[:5]) for text in frame["text"]]


@pytest.fixture
def content(session, editor, no_charts):
    service.record_status(session, "12", "postponed", note="Vent på fylket", by_body="RR", user=editor,
                          plan=active_plan())
    service.record_meeting(session, dt.date.today() - dt.timedelta(days=1), "Regionrådet", user=editor)
    service.record_status(session, "13", "completed", note="Ferdig", by_body="RR", user=editor, plan=active_plan())
    return content_for(read_report_inputs(active_region().id))


def test_the_html_carries_every_action_with_its_status(content):
    text = html_text(render(content, "html").decode("utf-8"))
    for start in _action_starts():
        assert start in text, start
    assert "Utsett Vent på fylket" in text
    assert "Endringar registrerte sidan Regionrådet" in text
    assert "Gjennomført" in text[text.index("Endringar sidan førre møte"):]  # the change since the meeting
    seeded = [line for line in content.entered_figures if "Miljøfyrtårn" in line]
    assert seeded and all("frå pressemelding 22. april 2021" in line for line in seeded)
    assert "migrering" not in text  # the installation's figures are not «registrert av» anyone


def test_the_word_file_carries_goals_and_every_action(content):
    data = render(content, "docx")
    text = docx_text(data)
    for start in _action_starts():
        assert start in text, start
    for area in content.areas:
        for goal in area.goals:
            assert goal.label in text
    document = docx.Document(io.BytesIO(data))
    headings = [p.text for p in document.paragraphs if p.style.name.startswith("Heading")]
    assert "Samandrag" in headings and "Handlingsprogrammet" in headings
    footer = document.sections[0].footer._element.xml
    assert "PAGE" in footer and "NUMPAGES" in footer


@needs_chromium
def test_the_pdf_carries_every_action_page_numbers_and_contents(content, monkeypatch):
    monkeypatch.delenv(images.BROWSER_ENV)
    images.shutdown()
    data = render(content, "pdf", with_charts=False)
    assert data.startswith(b"%PDF")
    assert page_count(data) >= 3
    text = pdf_text(data)
    for start in _action_starts():
        assert start in text, start
    first = words(pypdf.PdfReader(io.BytesIO(data)).pages[0].extract_text())
    assert f"side 1 av {page_count(data)}" in first
    # the contents give each section the page its heading is on in the printed file
    landed = section_pages(data, [(s.anchor, s.title) for s in content.sections])
    assert len(landed) == len(content.sections)
    for section in content.sections:
        listed = re.search(re.escape(section.title) + r"\s*(\d+)", first)
        assert listed is not None, section.title
        assert int(listed.group(1)) == landed[section.anchor], section.title


def test_the_sluttrapport_says_what_the_data_are(engine, no_charts):
    content = content_for(read_report_inputs(active_region().id, final=True))
    goals = {g.id: g for area in content.areas for g in area.goals}
    assert "aldri importerte" in goals["klima-utslepp-25"].missing
    assert "Ingen tal" not in goals["infra-fiber"].missing
    assert "Utgangspunkt registrert" in goals["infra-fiber"].missing
    assert goals["naer-arbeidsplassar"].data_end == "Tala går til 4. kvartal 2022; planperioden gjekk til 2025."
    assert "2023" in goals["attr-flytting"].data_end
    assert content.heading == "Sluttrapport"
    assert content.subheading.count(f"{active_region().plan.start}–{active_region().plan.end}") <= 1
    hows = {s.how.split(" ")[0] for s in content.sources}
    assert "henta" not in hows  # the snapshot was stored from published extracts, not fetched
    assert any(s.how.startswith("frå publisert uttrekk, lagra") for s in content.sources)
    document = render(content, "html").decode("utf-8")
    assert "ikkje oppgitt av kjelda" not in document


def test_henta_only_for_figures_fetched_from_the_source():
    from indicators.model import Provenance
    from indicators.present.report import _how

    when = "2026-03-03T10:00:00Z"
    fetched = Provenance("employment", "t", "Statistisk sentralbyrå", "11618", retrieved_at=when,
                         query={"url": "https://data.ssb.no/api/pxwebapi/v2/tables/11618/data", "body": {}})
    extract = Provenance("population", "t", "Statistisk sentralbyrå", "07459", retrieved_at=when,
                         extra={"published_extract": True})
    imported = Provenance("emissions", "t", "Miljødirektoratet", retrieved_at=when, produced_by="import of a file")
    assert _how(fetched) == "henta frå kjelda 3. mars 2026"
    assert _how(extract) == "frå publisert uttrekk, lagra 3. mars 2026"
    assert _how(imported) == "importert frå fil 3. mars 2026"


@pytest.mark.browser
@needs_chromium
def test_the_html_report_has_no_axe_violations(content, tmp_path):
    from axe_playwright_python.sync_playwright import Axe

    from tests.app_server import launched_browser, reused_tab

    page_file = tmp_path / "rapport.html"
    page_file.write_bytes(render(content, "html"))
    for browser in launched_browser():
        page = reused_tab(browser, 1280, 720)
        page.goto(page_file.as_uri())
        violations = Axe().run(page).response["violations"]
        assert [(v["id"], len(v["nodes"])) for v in violations] == []


def test_without_chromium_the_pdf_command_fails_in_nynorsk(engine, monkeypatch, tmp_path, capsys):
    monkeypatch.setenv(images.BROWSER_ENV, str(tmp_path / "no-browser"))
    images.shutdown()
    target = tmp_path / "status.pdf"
    assert main(["report", "--format", "pdf", "--output", str(target)]) != 0
    assert "PDF-en kunne ikkje lagast" in capsys.readouterr().err
    assert not target.exists()
    images.shutdown()


def test_the_word_file_is_in_nynorsk(content):
    document = docx.Document(io.BytesIO(render(content, "docx")))
    assert document.core_properties.language == "nn-NO"
    assert 'w:val="nn-NO"' in document.styles["Normal"].element.xml



PEERS_HEADING = "Hallingdal samanlikna med liknande regionar"


def test_without_the_peers_figures_the_report_says_so_instead_of_ranking_the_region_alone(content):
    """The fixture cache holds Hallingdal's municipalities only: no table of «–» and no «1. av 1 regionar»."""
    assert PEERS_HEADING in [s.title for s in content.sections]
    document = render(content, "html").decode("utf-8")
    start = document.index('id="samanlikning"')
    section = html_text(document[start:document.index("</section>", start)])
    assert "datagrunnlaget har ikkje tal for kommunane i samanlikningsregionane (Valdres" in section
    assert "høgaste" not in section and "<table" not in document[start:document.index("</section>", start)]
    assert "Samanlikninga med dei liknande regionane manglar" in docx_text(render(content, "docx"))


def test_a_comparison_that_could_not_be_read_is_said_and_none_is_left_out(session, editor, no_charts):
    from dataclasses import replace

    inputs = read_report_inputs(active_region().id)
    broken = content_for(replace(inputs, peers=None, peers_problem="Datasettet manglar."))
    document = html_text(render(broken, "html").decode("utf-8"))
    assert "Samanlikninga med dei liknande regionane manglar: Datasettet manglar." in document
    without = content_for(replace(inputs, peers=None))
    assert "samanlikning" not in [s.anchor for s in without.sections]
    assert PEERS_HEADING not in html_text(render(without, "html").decode("utf-8"))
