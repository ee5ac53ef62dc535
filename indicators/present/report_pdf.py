"""The report as PDF: its HTML printed by the Chromium that draws the chart images (images.run_in_browser), so
the PDF needs no other program and makes no outside connection (the same offline switches and refusing proxy).

Chromium adds a page footer (the report's name, «side 3 av 12») and a document outline (bookmarks) from the
headings. The table of contents gets its page numbers in two passes: print once, read on which page each
heading landed from the PDF's outline (pypdf), print again with the numbers in. The contents sit on the title
page in a fixed layout, so filling them in moves nothing.
"""

from __future__ import annotations

import base64
import io
import tempfile
from collections.abc import Callable, Mapping, Sequence
from concurrent.futures import TimeoutError as FutureTimeout
from pathlib import Path
from typing import Any

import pypdf

from indicators.present import images
from indicators.present.texts import report as t

PRINT_TIMEOUT_S = 120.0
FOOTER_TEMPLATE = "pdf_footer.html.j2"


class PdfError(RuntimeError):
    """The PDF could not be made (message in Nynorsk)."""


def _print_options(footer: str) -> dict[str, Any]:
    return {
        "printBackground": True, "preferCSSPageSize": True, "displayHeaderFooter": True,
        "headerTemplate": "<span></span>", "footerTemplate": footer,
        "generateDocumentOutline": True, "generateTaggedPDF": True,
    }


def print_html(document: str, footer: str = "") -> bytes:
    """`document` (a whole HTML page) printed to PDF by the export browser. Raises PdfError (Nynorsk)."""
    reason = images.unavailable_reason()
    if reason:
        raise PdfError(t.PDF_FAILED.format(reason=reason))
    with tempfile.TemporaryDirectory(prefix="report-pdf-") as folder:
        page = Path(folder) / "report.html"
        page.write_text(document, encoding="utf-8")

        async def job(browser: Any) -> dict[str, Any]:
            tab = await browser.create_tab("")
            try:
                loaded = tab.subscribe_once("Page.loadEventFired")
                await tab.send_command("Page.enable")
                await tab.send_command("Page.navigate", params={"url": page.as_uri()})
                await loaded
                response: dict[str, Any] = await tab.send_command("Page.printToPDF", params=_print_options(footer))
                return response
            finally:
                await browser.close_tab(tab.target_id)

        try:
            response = images.run_in_browser(job, PRINT_TIMEOUT_S)
        except FutureTimeout as exc:
            raise PdfError(t.PDF_TIMEOUT) from exc
        except images.ImageExportError as exc:
            raise PdfError(t.PDF_FAILED.format(reason=exc)) from exc
        except Exception as exc:  # noqa: BLE001 — anything from the browser becomes one clear message
            raise PdfError(t.PDF_FAILED.format(reason=type(exc).__name__)) from exc
    if "error" in response or "result" not in response:
        raise PdfError(t.PDF_FAILED.format(reason=response.get("error", {}).get("message", "ukjend feil")))
    return base64.b64decode(response["result"]["data"])


def outline_pages(pdf: bytes) -> list[tuple[str, int]]:
    """(heading, page from 1) of every bookmark in document order."""
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    found: list[tuple[str, int]] = []

    def walk(items: Sequence[Any]) -> None:
        for item in items:
            if isinstance(item, list):
                walk(item)
            else:
                page = reader.get_destination_page_number(item)
                if page is not None:
                    found.append((" ".join(str(item.title).split()), page + 1))

    walk(reader.outline)
    return found


def section_pages(pdf: bytes, sections: Sequence[tuple[str, str]]) -> dict[str, int]:
    """anchor -> page of each (anchor, heading) in `sections`, matched in order against the PDF's outline."""
    outline = outline_pages(pdf)
    pages: dict[str, int] = {}
    position = 0
    for anchor, title in sections:
        wanted = " ".join(title.split())
        for index in range(position, len(outline)):
            if outline[index][0] == wanted:
                pages[anchor] = outline[index][1]
                position = index + 1
                break
    return pages


def page_count(pdf: bytes) -> int:
    return len(pypdf.PdfReader(io.BytesIO(pdf)).pages)


def html_to_pdf_with_contents(
    render: Callable[[Mapping[str, int]], str], sections: Sequence[tuple[str, str]], footer: str
) -> bytes:
    """Print `render(pages)` twice: first with an empty contents, then with each section's page number.
    `footer`: the page footer as Chromium's template (see footer_template)."""
    first = print_html(render({}), footer)
    pages = section_pages(first, sections)
    return print_html(render(pages), footer)
