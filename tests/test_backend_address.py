"""The page tells Streamlit's frontend where the server is (ui/backend_address.py): the middleware puts the script
in the HTML page and nowhere else, Streamlit's frontend still reads the hook, and in Chromium a page opened by its
own address asks the server's health once, at the root, with no 404 first (streamlit/streamlit#7074)."""

from __future__ import annotations

import asyncio
import re
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest
import streamlit

from tests.app_server import listen, reused_tab, wait_until_rendered
from ui.backend_address import HOOK, BackendAddress, backend_script
from ui.navigation import PAGE_URL_PATHS

PAGE = b"<!DOCTYPE html><html lang=\"en\"><head><title>Streamlit</title></head><body></body></html>"


def _serve(middleware_path: str, *, method: str = "GET", content_type: bytes = b"text/html; charset=utf-8",
           body_chunks: tuple[bytes, ...] = (PAGE,)) -> tuple[list[dict[str, Any]], dict[str, Any]]:
    """One request through the middleware to a fake app; returns what was sent and the scope the app saw."""
    seen: dict[str, Any] = {}

    async def inner(scope: Any, receive: Any, send: Any) -> None:
        seen.update(scope)
        total = sum(len(c) for c in body_chunks)
        await send({"type": "http.response.start", "status": 200,
                    "headers": [(b"content-type", content_type), (b"content-length", str(total).encode())]})
        for i, chunk in enumerate(body_chunks):
            await send({"type": "http.response.body", "body": chunk, "more_body": i < len(body_chunks) - 1})

    sent: list[dict[str, Any]] = []

    async def send(message: Any) -> None:
        sent.append(message)

    async def receive() -> Any:
        return {"type": "http.request"}

    scope = {"type": "http", "method": method, "path": middleware_path,
             "headers": [(b"accept-encoding", b"gzip"), (b"host", b"127.0.0.1")]}
    # in a thread of its own: after a browser test in this process, Playwright's sync API holds an event loop in
    # this one, and asyncio.run refuses to start a second
    with ThreadPoolExecutor(1) as thread:
        thread.submit(asyncio.run, BackendAddress(inner, ["folketal", "start"])(scope, receive, send)).result()
    return sent, seen


def _body(sent: list[dict[str, Any]]) -> bytes:
    return b"".join(m.get("body", b"") for m in sent if m["type"] == "http.response.body")


@pytest.mark.parametrize("path", ["/", "/folketal", "/ukjend-side"])
def test_the_page_gets_the_script_first_in_its_head_with_its_length(path):
    sent, seen = _serve(path)
    body = _body(sent)
    script = backend_script(["folketal", "start"]).encode()
    assert body.startswith(PAGE.split(b"<head>")[0] + b"<head>" + script)
    assert body.replace(script, b"") == PAGE  # nothing else changed
    headers = dict(sent[0]["headers"])
    assert headers[b"content-length"] == str(len(body)).encode()
    assert b"accept-encoding" not in dict(seen["headers"])  # asked uncompressed, so the script can go in


def test_a_page_sent_in_several_parts_is_put_together_once():
    sent, _ = _serve("/folketal", body_chunks=(PAGE[:20], PAGE[20:]))
    assert _body(sent).count(b"<script>") == 1
    assert [m["type"] for m in sent] == ["http.response.start", "http.response.body"]


@pytest.mark.parametrize(("path", "method", "content_type"), [
    ("/_stcore/health", "GET", b"text/plain"),
    ("/_stcore/host-config", "GET", b"application/json"),
    ("/static/js/index.js", "GET", b"text/javascript"),
    ("/favicon.png", "GET", b"image/png"),
    ("/folketal", "POST", b"text/html"),
    ("/folketal", "GET", b"application/json"),  # an answer that is not the page
])
def test_everything_else_passes_untouched(path, method, content_type):
    sent, seen = _serve(path, method=method, content_type=content_type)
    assert _body(sent) == PAGE
    assert dict(sent[0]["headers"])[b"content-length"] == str(len(PAGE)).encode()


def test_the_script_knows_every_page_of_the_app():
    script = backend_script(PAGE_URL_PATHS)
    pages = re.search(r"const pages = (\[[^\]]*\]);", script)
    assert pages is not None
    for path in PAGE_URL_PATHS:
        assert f'"{path}"' in pages.group(1)


def test_a_page_path_cannot_end_the_script_early():
    script = backend_script(["folketal", "</script><script>alert(1)//"])
    assert script.count("</script>") == 1 and script.endswith("</script>")


def test_streamlits_frontend_still_reads_the_hook():
    """Fails the day Streamlit's frontend stops reading window.__streamlit.BACKEND_BASE_URL to choose where it
    asks for health: then the script does nothing (pages work, with the 100 ms probe back) and this file must go."""
    bundle_dir = Path(streamlit.__file__).parent / "static" / "static" / "js"
    index = next(bundle_dir.glob("index.*.js")).read_text(encoding="utf-8")
    assert "window.__streamlit" in index
    assert re.search(rf"get {HOOK}\(\)\{{return [\w$]+\?\.{HOOK}\}}", index), "the frontend's config getter is gone"
    assert re.search(rf"\([\w$]+\.{HOOK}\)", index), "nothing reads the hook any more"


@pytest.mark.browser
@pytest.mark.parametrize("path", ["/folketal", "/handlingsprogram?lang=en", "/"])
def test_a_page_opened_by_its_address_asks_the_server_once(app_url, browser, path):
    page = reused_tab(browser, 1280, 720)  # a new session: nothing of the last page's listens
    requests: list[tuple[str, int]] = []
    listen(page, "response", lambda r: requests.append((r.url, r.status)) if "_stcore/" in r.url else None)
    page.goto(f"{app_url}{path}", wait_until="domcontentloaded")
    wait_until_rendered(page)
    origin = app_url.rstrip("/")
    assert page.evaluate(f"() => window.__streamlit.{HOOK}") == f"{origin}/"
    health = [(url, status) for url, status in requests if url.endswith("/_stcore/health")]
    assert health == [(f"{origin}/_stcore/health", 200)]
    assert not [u for u, s in requests if s == 404]
    assert page.locator('[data-testid="stSidebarNav"]').count() == 1  # the app, with its menu
