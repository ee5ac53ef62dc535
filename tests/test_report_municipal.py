"""The status report with the municipalities' parts (issue 22): a table of the parts beside the region's status
(HTML and Word; the PDF is the HTML printed), in the contents, hostile notes escaped, the history naming each
part's municipality."""

from __future__ import annotations

import io
import re

import docx
from followup_fixtures import *  # noqa: F403
from followup_fixtures import active_plan

from indicators.followup import service
from indicators.present.report import content_for, render
from indicators.regions import active_region
from indicators.report_inputs import read_report_inputs

REGION = active_region()
GOL, HEMSEDAL = "3324", "3326"


def text_of(document: str) -> str:
    document = re.sub(r"<style>.*?</style>", " ", document, flags=re.S)
    return " ".join(re.sub(r"<[^>]+>", " ", document).split())


def made(engine, session, editor):
    plan = active_plan()
    service.record_status(session, "1", "in_progress", user=editor, municipality=GOL, plan=plan, region=REGION,
                          note="<script>alert(1)</script>")
    service.record_status(session, "1", "postponed", user=editor, municipality=HEMSEDAL, plan=plan, region=REGION)
    service.record_status(session, "1", "not_started", user=editor, plan=plan, region=REGION)
    return content_for(read_report_inputs(REGION.id, plan=plan))


def test_the_report_has_a_table_of_the_parts_with_the_regions_status_first(engine, session, editor) -> None:
    content = made(engine, session, editor)
    assert content.parts is not None
    assert "kommunedelar" in [s.anchor for s in content.sections]  # in the contents (and the PDF's page numbers)
    page = render(content, "html", with_charts=False).decode()
    section = page.split('id="kommunedelar"')[1].split("</section>")[0]
    headers = re.findall(r'<th scope="col">([^<]*)</th>', section)
    assert headers == ["Tiltak", REGION.name, *(m.name for m in REGION.members), "Kommunane"]
    first = text_of(section.split("<tbody>")[1].split("</tr>")[0])
    assert first.startswith("1 ■ Ikkje starta")  # the region's own status, then the parts
    assert "► I gang" in first and "‖ Utsett" in first
    assert "1 av 6 kommunar i gang, 1 utsett, 4 ikkje vurdert" in first
    assert "<script>alert(1)</script>" not in page  # the part's note in the history, escaped
    history = text_of(page.split('id="historikk"')[1])
    assert "Gol: " in history and "Hemsedal: " in history


def test_the_word_report_has_the_same_table(engine, session, editor) -> None:
    content = made(engine, session, editor)
    document = docx.Document(io.BytesIO(render(content, "docx", with_charts=False)))
    table = next(t for t in document.tables if t.rows[0].cells[0].text == "Tiltak"
                 and t.rows[0].cells[-1].text == "Kommunane")
    gol = [c.text for c in table.rows[0].cells].index("Gol")
    first = [c.text for c in table.rows[1].cells]
    assert first[0] == "1" and first[1] == "■ Ikkje starta" and first[gol] == "► I gang"
    headings = [p.text for p in document.paragraphs if p.style.name.startswith("Heading")]
    assert "Kommunane sine delar av tiltaka" in headings


def test_without_parts_recorded_every_part_reads_not_assessed_and_no_database_means_no_table(
        engine, monkeypatch, tmp_path) -> None:
    content = content_for(read_report_inputs(REGION.id, plan=active_plan()))
    assert content.parts is not None and all("ikkje vurdert" in row[-1] for row in content.parts["rows"])
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'missing.sqlite3'}")
    content = content_for(read_report_inputs(REGION.id, plan=active_plan()))
    assert content.parts is None
    assert "kommunedelar" not in [s.anchor for s in content.sections]
