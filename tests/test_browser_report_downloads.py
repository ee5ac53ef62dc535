"""Issue 18 §4 end to end: a signed-in editor on Rapportering makes and downloads the statusrapport as PDF (three
pages or more) and Word, and the sluttrapport as Word; the files open and hold the goals and the actions. The
page keeps zero axe-core violations with the download box open."""

from __future__ import annotations

import io

import docx
import pypdf
import pytest

from indicators.plan_actions import load_actions
from indicators.present.texts import fill
from indicators.present.texts import report as t
from tests.test_browser import SHOTS, wait_until_rendered
from tests.test_browser_reporting import (  # noqa: F401 — app_url and browser are fixtures
    EDITOR,
    PASSWORD,
    app_url,
    axe_violations,
    browser,
    open_page,
)

pytestmark = pytest.mark.browser
SIZES = {"1280": (1280, 720), "1920": (1920, 1080), "390": (390, 844)}


def download(page, kind: str, fmt: str, tmp_path) -> bytes:
    """Choose the report and the format (their radio labels), make it, download it."""
    page.get_by_text(fill(t.DOWNLOADS_KINDS[kind]), exact=True).click()
    page.get_by_text(t.DOWNLOADS_FORMATS[fmt], exact=True).click()
    wait_until_rendered(page)
    page.get_by_role("button", name="Lag rapporten").click()
    target = page.locator('[data-testid="stDownloadButton"] button')
    target.wait_for(timeout=180_000)
    with page.expect_download(timeout=60_000) as info:
        target.click()
    path = tmp_path / info.value.suggested_filename
    info.value.save_as(path)
    return path.read_bytes()


def docx_text(data: bytes) -> str:
    document = docx.Document(io.BytesIO(data))
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts.extend(cell.text for cell in row.cells)
    return " ".join(" ".join(parts).split())


def test_an_editor_downloads_the_report_as_pdf_and_word(app_url, browser, tmp_path):  # noqa: F811
    SHOTS.mkdir(parents=True, exist_ok=True)
    context = browser.new_context(accept_downloads=True)
    open_page(context, app_url).close()  # the first deep link after start-up
    page = open_page(context, f"{app_url}/rapportering")
    page.get_by_label("Brukarnamn").fill(EDITOR)
    page.get_by_label("Passord", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Logg inn").click()
    page.get_by_role("button", name="Lagre og gå til neste").wait_for(timeout=60_000)
    page.get_by_text("Last ned statusrapport eller sluttrapport").click()
    page.get_by_role("button", name="Lag rapporten").wait_for(timeout=30_000)
    wait_until_rendered(page)
    assert axe_violations(page) == []

    pdf = download(page, "status", "pdf", tmp_path)
    assert pdf.startswith(b"%PDF")
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    assert len(reader.pages) >= 3
    for name, (width, height) in SIZES.items():
        page.set_viewport_size({"width": width, "height": height})
        wait_until_rendered(page)
        page.screenshot(path=str(SHOTS / f"rapportering-last-ned-{name}.png"), full_page=False)
    page.set_viewport_size({"width": 1920, "height": 1080})

    word = download(page, "status", "docx", tmp_path)
    text = docx_text(word)
    assert "Resultatmåla" in text and "Handlingsprogrammet" in text
    for action in load_actions().frame["text"]:
        assert " ".join(str(action).split()[:5]) in text

    final = download(page, "final", "docx", tmp_path)
    assert "Sluttrapport" in docx_text(final)
    assert page.locator('[data-testid="stException"]').count() == 0
    assert axe_violations(page) == []
    context.close()
