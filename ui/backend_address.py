"""Tells Streamlit's frontend where its server is, so a page opened by its own address connects at once.

Opened at a page's address (/folketal), Streamlit's frontend does not know whether /folketal is a page or the
path the app is served under, so it first asks /folketal/_stcore/health, gets a 404, waits 100 ms and then asks
/_stcore/health (streamlit/streamlit#7074, open). Every deep link, reload and link from the council's minutes
paid that wait before the page even began to load (measured: the websocket opened ~105 ms later than on "/").

The frontend reads `window.__streamlit.BACKEND_BASE_URL` (its hook for hosts that serve the app elsewhere) before
it probes; given a URL whose path is "/", it asks only there. This ASGI middleware, wrapped around the app by
`dashboard.py` through Streamlit's public `st.App`, puts a small script at the top of the HTML page that sets it:
the address the page was opened at, less its last part when that part is one of the app's pages. So a path the
app is served under (server.baseUrlPath, or a proxy's prefix) is kept, and an address the script does not
recognise is left to Streamlit's own probing, as before. Nothing else in the response changes.
tests/test_backend_address.py checks the script, the middleware, and that Streamlit's frontend still reads the
hook (it fails the day Streamlit renames it; the app then works as before, only the 100 ms come back).
"""

from __future__ import annotations

import json
from collections.abc import Iterable

from starlette.types import ASGIApp, Message, Receive, Scope, Send

HOOK = "BACKEND_BASE_URL"
# Requests that never answer with the app's page: Streamlit's endpoints, its static files, media and components.
_NOT_A_PAGE = ("/_stcore/", "/static/", "/media/", "/component/")


# `__PAGES__` becomes the app's page paths as JSON (with "<" escaped, so nothing in it can end the script early).
# An address it cannot read (a malformed %-escape) leaves the hook unset: Streamlit then probes as it always did.
_SCRIPT = (
    "<script>(() => { try {"
    "const pages = __PAGES__;"
    "let path = location.pathname.replace(/\\/+$/, '');"
    "const last = decodeURIComponent(path.slice(path.lastIndexOf('/') + 1));"
    "if (pages.includes(last)) path = path.slice(0, path.lastIndexOf('/'));"
    "window.__streamlit = Object.assign({}, window.__streamlit, {" + HOOK + ": location.origin + path + '/'});"
    "} catch (e) { /* Streamlit's own probing */ } })()</script>"
)


def backend_script(page_paths: Iterable[str]) -> str:
    """The <script> that sets the hook from the page's own address (see the module's docstring)."""
    return _SCRIPT.replace("__PAGES__", json.dumps(sorted(set(page_paths))).replace("<", "\\u003c"))


def _may_be_page(path: str) -> bool:
    last = path.rsplit("/", 1)[-1]
    return "." not in last and not any(part in f"{path}/" for part in _NOT_A_PAGE)


class BackendAddress:
    """ASGI middleware: the app's HTML page gets `backend_script` as the first thing in its <head>."""

    def __init__(self, app: ASGIApp, page_paths: Iterable[str]) -> None:
        self.app = app
        self.script = backend_script(page_paths).encode()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope.get("method") != "GET" or not _may_be_page(scope["path"]):
            await self.app(scope, receive, send)
            return
        # The page is a few kB: asked for uncompressed, so the script can go in without unpacking it.
        scope = {**scope, "headers": [(k, v) for k, v in scope["headers"] if k.lower() != b"accept-encoding"]}
        start: Message | None = None
        body = bytearray()

        async def add_script(message: Message) -> None:
            nonlocal start
            if message["type"] == "http.response.start":
                content_type = dict(message.get("headers", [])).get(b"content-type", b"")
                if not content_type.startswith(b"text/html"):
                    await send(message)  # not the page (a redirect, a file): untouched
                    return
                start = message
                return
            if start is None or message["type"] != "http.response.body":
                await send(message)
                return
            body.extend(message.get("body", b""))
            if message.get("more_body", False):
                return
            page = bytes(body).replace(b"<head>", b"<head>" + self.script, 1)
            headers = [(k, v) for k, v in start.get("headers", []) if k.lower() != b"content-length"]
            headers.append((b"content-length", str(len(page)).encode()))
            await send({**start, "headers": headers})
            await send({"type": "http.response.body", "body": page})

        await self.app(scope, receive, add_script)
