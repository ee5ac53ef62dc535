"""The report as a Word document (.docx, python-docx), for the council papers (saksframlegg are written in Word).

The same `ReportContent` as the HTML and the PDF, laid out with Word's own headings (so Word's navigation pane
and table of contents work), tables for the goals' numbers and the action programme, the charts as PNG, and a
footer with page numbers (Word fields). The table of contents is a Word field listing the sections; Word fills
in the page numbers when it updates the fields on opening.
"""

from __future__ import annotations

import io
from collections.abc import Mapping, Sequence
from typing import Any

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor

from indicators import i18n
from indicators.present.report_content import ReportContent, StatusView, status_view
from indicators.present.texts import report as t

CHART_WIDTH_MM = 160
MUTED = RGBColor(0x4D, 0x4D, 0x4D)
NBSP = "\u00a0"


def _hex(colour: str) -> str:
    return colour.lstrip("#").upper()


def _status(paragraph: Any, status: StatusView) -> None:
    """The status as a shaded run: icon, word and colour together (never colour alone)."""
    run = paragraph.add_run(f" {status.text} ".replace(" ", NBSP))  # a badge never wraps inside
    run.bold = True
    run.font.color.rgb = RGBColor.from_string(_hex(status.colour))
    shading = OxmlElement("w:shd")
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:color"), "auto")
    shading.set(qn("w:fill"), _hex(status.background))
    run._r.get_or_add_rPr().append(shading)


def _not_assessed() -> StatusView:
    """The «Ikkje vurdert» badge."""
    return status_view("not_assessed")


def _small(paragraph: Any, text: str) -> Any:
    run = paragraph.add_run(text)
    run.font.size = Pt(9)
    run.font.color.rgb = MUTED
    return run


def _char(kind: str) -> Any:
    element = OxmlElement("w:fldChar")
    element.set(qn("w:fldCharType"), kind)
    return element


def _begin_field(paragraph: Any, instruction: str) -> None:
    run = paragraph.add_run()
    run._r.append(_char("begin"))
    text = OxmlElement("w:instrText")
    text.set(qn("xml:space"), "preserve")
    text.text = f" {instruction} "
    run._r.append(text)
    run._r.append(_char("separate"))


def _end_field(paragraph: Any) -> None:
    paragraph.add_run()._r.append(_char("end"))


def _field(paragraph: Any, instruction: str, shown: str = "") -> None:
    """A Word field (PAGE, NUMPAGES) in one paragraph, with `shown` as its text until Word updates it."""
    _begin_field(paragraph, instruction)
    paragraph.add_run(shown)
    _end_field(paragraph)


def _update_fields_on_open(document: Any) -> None:
    element = OxmlElement("w:updateFields")
    element.set(qn("w:val"), "true")
    document.settings.element.append(element)


def _table(document: Any, headers: Sequence[str], rows: Sequence[Sequence[str]], widths: Sequence[int] = ()) -> Any:
    table = document.add_table(rows=1, cols=len(headers))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.LEFT
    for cell, header in zip(table.rows[0].cells, headers, strict=True):
        cell.text = ""
        cell.paragraphs[0].add_run(header).bold = True
    _repeat_header(table.rows[0])
    for values in rows:
        cells = table.add_row().cells
        for cell, value in zip(cells, values, strict=True):
            cell.text = value
    if widths:
        _widths(table, widths)
    return table


def _widths(table: Any, widths: Sequence[int]) -> None:
    """Fixed column widths (mm): Word and LibreOffice otherwise squeeze a column to its shortest word."""
    table.autofit = False
    for column, width in zip(table.columns, widths, strict=False):
        column.width = Mm(width)
    for row in table.rows:
        for cell, width in zip(row.cells, widths, strict=False):
            cell.width = Mm(width)


def _repeat_header(row: Any) -> None:
    properties = row._tr.get_or_add_trPr()
    element = OxmlElement("w:tblHeader")
    element.set(qn("w:val"), "true")
    properties.append(element)


def _counts(document: Any, label: str, counts: Sequence[tuple[StatusView, int]]) -> None:
    document.add_paragraph().add_run(label).bold = True
    paragraph = document.add_paragraph()
    for status, count in counts:
        _status(paragraph, status)
        paragraph.add_run(f"{NBSP}{count}    ")


def _page_break(document: Any) -> None:
    document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)


def _setup(document: Any, content: ReportContent) -> None:
    section = document.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.left_margin = section.right_margin = Mm(20)
    section.top_margin, section.bottom_margin = Mm(18), Mm(18)
    normal = document.styles["Normal"]
    normal.font.name = "Calibri"
    normal.font.size = Pt(10.5)
    language = OxmlElement("w:lang")  # Word checks the spelling in the report's language (nn-NO, nb-NO, en-GB)
    language.set(qn("w:val"), i18n.document_language())
    normal.element.get_or_add_rPr().append(language)
    document.core_properties.title = content.title
    document.core_properties.language = i18n.document_language()
    footer = section.footer.paragraphs[0]
    _small(footer, f"{content.footer} · {t.PAGE.lower()} ")
    _field(footer, "PAGE", "1")
    _small(footer, f" {t.FOOTER_OF} ")
    _field(footer, "NUMPAGES", "1")


def _label_table(document: Any, rows: Sequence[tuple[str, str]], widths: tuple[int, int]) -> None:
    """Two columns: each label in bold beside its value (the title page's facts, a goal's numbers)."""
    table = document.add_table(rows=0, cols=2)
    for label, value in rows:
        cells = table.add_row().cells
        cells[0].paragraphs[0].add_run(label).bold = True
        cells[1].text = value
    _widths(table, widths)


def _title_page(document: Any, content: ReportContent) -> None:
    _small(document.add_paragraph(), content.facts[0][1]).font.size = Pt(13)
    document.add_heading(content.heading, level=0)
    document.add_paragraph().add_run(content.subheading).font.size = Pt(16)
    _label_table(document, content.facts, (40, 130))
    document.add_paragraph()
    document.add_paragraph().add_run(t.CONTENTS).bold = True
    # The contents as a Word field whose text, until Word updates it with page numbers, lists the sections.
    paragraphs = [document.add_paragraph(("    " if item.level > 1 else "") + item.title) for item in content.sections]
    _begin_field(paragraphs[0].insert_paragraph_before(), 'TOC \\o "1-2" \\h \\z \\u')
    _end_field(paragraphs[-1])
    _update_fields_on_open(document)


def _summary(document: Any, content: ReportContent) -> None:
    _page_break(document)
    document.add_heading(t.SUMMARY_HEADING, level=1)
    document.add_paragraph(content.intro)
    for notice in content.notices:
        document.add_paragraph(notice).runs[0].italic = True
    for row in content.count_rows:
        _counts(document, row.label, row.counts)
    if content.action_counts:
        _counts(document, t.COUNT_ACTIONS.format(count=sum(n for _, n in content.action_counts)),
                content.action_counts)
    _small(document.add_paragraph(), content.count_rule)
    document.add_heading(t.MESSAGES_HEADING, level=2)
    for message in content.messages:
        document.add_paragraph(message, style="List Bullet")


def _round(document: Any, content: ReportContent) -> None:
    """The report made for a reporting round: per reporter, what was reported in the round and what is missing."""
    found = content.round
    if not found:
        return
    _page_break(document)
    document.add_heading(found["heading"], level=1)
    for paragraph in found["intro"]:
        document.add_paragraph(paragraph)
    _small(document.add_paragraph(), found["progress"])
    for reporter in found["reporters"]:
        document.add_heading(reporter["heading"], level=2)
        for label, lines, none in ((found["reported_label"], reporter["reported"], found["none_reported"]),
                                   (found["missing_label"], reporter["missing"], found["none_missing"])):
            document.add_heading(label, level=3)
            if not lines:
                _small(document.add_paragraph(), none)
            for line in lines:
                _small(document.add_paragraph(style="List Bullet"), line)


def _changes(document: Any, content: ReportContent) -> None:
    _page_break(document)
    document.add_heading(t.CHANGES_HEADING, level=1)
    document.add_paragraph(content.changes_intro)
    for group in content.change_groups:
        document.add_heading(f"{group.label} ({len(group.lines)})", level=3)
        for line in group.lines:
            paragraph = document.add_paragraph(line.text, style="List Bullet")
            if line.note:
                paragraph.add_run().add_break()
                paragraph.add_run(t.CHANGES_NOTE.format(note=line.note))
            if line.detail:
                paragraph.add_run().add_break()
                _small(paragraph, line.detail)


def _goals(document: Any, content: ReportContent, charts: Mapping[str, bytes], chart_missing: str) -> None:
    _page_break(document)
    document.add_heading(t.GOALS_HEADING, level=1)
    if content.goal_file_problems:
        document.add_paragraph(t.GOALS_FILE_PROBLEMS)
        for problem in content.goal_file_problems:
            document.add_paragraph(problem, style="List Bullet")
    for index, area in enumerate(content.areas):
        if index:
            _page_break(document)
        document.add_heading(area.name, level=2)
        if area.subtitle:
            _small(document.add_paragraph(), area.subtitle)
        for g in area.goals:
            document.add_heading(g.label, level=3)
            if g.plan_wording:
                _small(document.add_paragraph(), g.plan_wording)
            verdicts = document.add_table(rows=1, cols=2 if g.kind == "measured" else 1)
            verdicts.style = "Table Grid"
            cells = list(verdicts.rows[0].cells)
            if g.kind == "measured" and g.method is not None:
                cell = cells.pop(0)
                paragraph = cell.paragraphs[0]
                paragraph.add_run(f"{t.METHOD_STATUS}: ").bold = True
                _status(paragraph, g.method)
                if g.method_detail:
                    _small(cell.add_paragraph(), g.method_detail)
            cell = cells[0]
            paragraph = cell.paragraphs[0]
            paragraph.add_run(f"{t.ASSESSMENT_STATUS}: ").bold = True
            if g.assessment is not None:
                _status(paragraph, g.assessment.status)
                if g.assessment.note:
                    cell.add_paragraph(g.assessment.note)
                _small(cell.add_paragraph(), f"{g.assessment.assessed} ({g.assessment.entered})")
            else:
                _status(paragraph, _not_assessed())
            _widths(verdicts, (85, 85) if g.kind == "measured" else (170,))
            if g.sentence:
                document.add_paragraph().add_run(g.sentence).bold = True
            if g.detail:
                document.add_paragraph(g.detail)
            if g.missing:
                document.add_paragraph().add_run(g.missing).italic = True
            if g.numbers:
                _label_table(document, g.numbers, (35, 135))
            if g.data_end:
                document.add_paragraph(g.data_end)
            if g.id in charts:
                document.add_picture(io.BytesIO(charts[g.id]), width=Mm(CHART_WIDTH_MM))
            elif g.id in content.figures and chart_missing:
                _small(document.add_paragraph(), chart_missing)
            if len(g.series) > 1:
                _table(document, [t.SERIES_YEAR, *(year for year, _ in g.series)],
                       [[g.series_label, *(value for _, value in g.series)]])
            if g.note:
                _small(document.add_paragraph(), g.note)
            if g.source:
                _small(document.add_paragraph(), g.source)


def _actions(document: Any, content: ReportContent) -> None:
    _page_break(document)
    document.add_heading(t.ACTIONS_HEADING, level=1)
    if content.actions_problem:
        document.add_paragraph(content.actions_problem)
    if content.actions_intro:
        document.add_paragraph(content.actions_intro)
    if not content.action_areas:
        return
    table = _table(document, t.ACTIONS_HEADERS, [], widths=(10, 80, 35, 45))
    for area in content.action_areas:
        row = table.add_row()
        merged = row.cells[0].merge(row.cells[-1])
        merged.text = ""
        merged.paragraphs[0].add_run(area.label).bold = True
        for a in area.lines:
            cells = table.add_row().cells
            cells[0].text = str(a.number)
            cells[1].text = a.text
            if a.dropped:
                cells[1].paragraphs[0].runs[0].font.strike = True
            cells[2].text = a.responsible
            if a.time:
                _small(cells[2].add_paragraph(), t.ACTION_TIME.format(time=a.time))
            paragraph = cells[3].paragraphs[0]
            _status(paragraph, a.status)
            if a.note:
                cells[3].add_paragraph(a.note)
            for extra in (a.assessed, a.revision):
                if extra:
                    _small(cells[3].add_paragraph(), extra)


def _parts(document: Any, content: ReportContent) -> None:
    """The municipalities' parts of the actions side by side (issue 22), when any action has parts."""
    parts = content.parts
    if not parts:
        return
    document.add_heading(parts["heading"], level=2)
    document.add_paragraph(parts["intro"])
    table = _table(document, parts["headers"], parts["rows"])
    for row in table.rows:
        for cell in row.cells:
            for paragraph in cell.paragraphs:
                for run in paragraph.runs:
                    run.font.size = Pt(8)


def _peers(document: Any, content: ReportContent) -> None:
    """The region among its peer regions: the key indicators' growth with places, the caution and the source."""
    peers = content.peers
    if not peers:
        return
    _page_break(document)
    document.add_heading(peers["heading"], level=1)
    if peers.get("problem"):
        document.add_paragraph(peers["problem"])
        return
    document.add_paragraph(peers["intro"])
    table = _table(document, peers["headers"], peers["rows"])
    for cell in table.rows[1].cells:  # the region itself
        for paragraph in cell.paragraphs:
            for run in paragraph.runs:
                run.bold = True
    for line in peers["lines"]:
        document.add_paragraph(line, style="List Bullet")
    _small(document.add_paragraph(), peers["caution"])
    _small(document.add_paragraph(), peers["source"])


def _appendices(document: Any, content: ReportContent) -> None:
    _page_break(document)
    document.add_heading(t.APPENDIX_METHOD, level=1)
    for paragraph in content.method:
        document.add_paragraph(paragraph)
    document.add_heading(t.APPENDIX_SOURCES, level=1)
    document.add_paragraph(t.SOURCES_INTRO)
    if content.sources:
        _table(document, t.SOURCES_HEADERS, [(s.dataset, s.source, s.how, s.published) for s in content.sources])
    else:
        document.add_paragraph(t.NO_DATASETS)
    if content.entered_figures:
        document.add_heading(t.ENTERED_HEADING, level=2)
        for line in content.entered_figures:
            document.add_paragraph(line, style="List Bullet")
    _page_break(document)
    document.add_heading(t.APPENDIX_HISTORY, level=1)
    if not content.history:
        document.add_paragraph(t.HISTORY_NONE)
    else:
        document.add_paragraph(t.HISTORY_INTRO)
    for block in content.history:
        document.add_heading(block.label, level=3)
        for line in block.lines:
            paragraph = document.add_paragraph(style="List Bullet")
            _small(paragraph, line)
    _small(document.add_paragraph(), f"{content.made_with} {content.kind}, {content.generated}.")


def render_docx(content: ReportContent, charts: Mapping[str, bytes], chart_missing: str = "") -> bytes:
    """The report as .docx bytes; `charts`: goal id -> PNG, `chart_missing`: why a chart is not there."""
    document = Document()
    _setup(document, content)
    _title_page(document, content)
    _summary(document, content)
    _round(document, content)
    if not content.final:
        _changes(document, content)
    _goals(document, content, charts, chart_missing)
    _peers(document, content)
    _actions(document, content)
    _parts(document, content)
    _appendices(document, content)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()
