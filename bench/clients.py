"""The two kinds of client the benchmark drives.

- A real browser (Playwright with Debian's /usr/bin/chromium). A script injected into every document records,
  with the page's own clock (`performance.now()`, 0 at navigation start): the last DOM mutation, every
  `script_finished` message on Streamlit's websocket, and the last pointer or key press. A page counts as rendered
  when the script has finished since the action, Streamlit's status widget is gone, the main block has its
  heading and the DOM has been still for QUIET_MS; the time reported is that of the last DOM mutation, so the
  quiet wait itself is not counted.
- A bare Streamlit session over the websocket (the protocol the browser speaks: BackMsg/ForwardMsg protobufs),
  for many concurrent sessions without 20 browsers competing with the server for the two cores.
"""

from __future__ import annotations

import asyncio
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import websockets
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
    "--disable-component-update", "--disable-sync",
]
VIEWPORT = {"width": 1920, "height": 1080}
QUIET_MS = 400
TIMEOUT_MS = 60_000

# Streamlit's React state may go running -> notRunning in one render, so the DOM attribute is no proof that a
# run finished: the recorder reads the websocket instead. A ForwardMsg is a protobuf; its top-level field
# `script_finished` is a varint (the status). Runs cut short for a rerun do not count.
RECORDER = (
    """
(() => {
  const bench = window.__bench = {last: 0, finished: [], action: 0};
  new MutationObserver(() => { bench.last = performance.now(); })
    .observe(document, {subtree: true, childList: true, attributes: true, characterData: true});
  for (const kind of ['pointerdown', 'keydown']) {
    document.addEventListener(kind, () => { bench.action = performance.now(); }, true);
  }
  const finishedStatus = (bytes) => {  // the script_finished status, or null
    let at = 0;
    const varint = () => {
      let value = 0, scale = 1, byte;
      do { byte = bytes[at++]; value += (byte & 0x7f) * scale; scale *= 128; } while (byte & 0x80);
      return value;
    };
    while (at < bytes.length) {
      const tag = varint(), field = Math.floor(tag / 8), wire = tag & 7;
      if (wire === 0) { const value = varint(); if (field === FIELD) return value; }
      else if (wire === 2) { const length = varint(); at += length; }  // not `at += varint()`: reads `at` first
      else if (wire === 1) at += 8;
      else if (wire === 5) at += 4;
      else return null;
    }
    return null;
  };
  const Native = window.WebSocket;
  window.WebSocket = class extends Native {
    constructor(...args) {
      super(...args);
      this.addEventListener('message', (event) => {
        const now = performance.now();
        if (!(event.data instanceof ArrayBuffer)) return;
        const status = finishedStatus(new Uint8Array(event.data));
        if (status !== null && status !== EARLY) bench.finished.push(now);
      });
    }
  };
})();
""".replace("FIELD", str(ForwardMsg.SCRIPT_FINISHED_FIELD_NUMBER))
    .replace("EARLY", str(ForwardMsg.FINISHED_EARLY_FOR_RERUN))
)

# since: 'action' (the last pointer/key press) or a number of ms; returns ms from `since` to the last mutation
RENDERED = """
([since, quiet, needSettled]) => {
  const bench = window.__bench;
  if (!bench) return false;
  const start = since === 'action' ? bench.action : since;
  const app = document.querySelector('[data-testid="stApp"]');
  if (!app || app.getAttribute('data-test-script-state') !== 'notRunning') return false;
  if (!bench.finished.some((t) => t > start)) return false;
  if (!needSettled) return Math.max(...bench.finished) - start;
  if (document.querySelector('[data-testid="stStatusWidget"]')) return false;
  if (!document.querySelector(
      '[data-testid="stMainBlockContainer"] :is(h1, h2, [data-testid="stMarkdownContainer"])')) return false;
  if (performance.now() - bench.last < quiet) return false;
  return bench.last - start;
}
"""


def launch(playwright: Any) -> Any:
    """Debian's chromium, and one context (viewport 1920×1080, the recorder in every document)."""
    browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True)
    context = browser.new_context(viewport=VIEWPORT)
    context.add_init_script(RECORDER)
    return browser, context


def wait_rendered(page: Any, since: float | str, settled: bool = True) -> float:
    """Seconds from `since` until the page was rendered (see the module docstring)."""
    handle = page.wait_for_function(RENDERED, arg=[since, QUIET_MS, settled], polling=50, timeout=TIMEOUT_MS)
    return float(handle.json_value()) / 1000


def goto(page: Any, url: str) -> float:
    """Open `url` in a fresh tab: seconds from navigation start to rendered."""
    page.goto(url, wait_until="commit")
    return wait_rendered(page, 0)


def choose_in_sidebar(page: Any, index: int) -> float:
    """Pick option `index` of the sidebar's first select (opening the sidebar first if it is collapsed);
    seconds from the click on the option to rendered."""
    expand = page.locator('[data-testid="stExpandSidebarButton"][aria-expanded="false"]')
    if expand.count() and expand.is_visible():  # a page may start with the sidebar collapsed (Møtemodus)
        expand.click()
        page.wait_for_function(
            "() => document.querySelector('[data-testid=\"stSidebar\"]').getBoundingClientRect().x >= 0")
        page.wait_for_timeout(500)  # the slide-in animation
    page.locator('[data-testid="stSidebar"] [data-testid="stSelectbox"]').first.click()
    page.get_by_role("option").nth(index).click()
    return wait_rendered(page, "action")


def rerun(page: Any) -> float:
    """Press "r" (Streamlit's rerun key, same widget states); seconds until the script has finished."""
    page.locator("body").press("r")
    return wait_rendered(page, "action", settled=False)


@dataclass
class Session:
    """One Streamlit session over the websocket, as the browser would open it (page and query string)."""

    url: str
    page_name: str
    query: str
    select_id: str = ""
    select_options: list[str] = field(default_factory=list)
    connection: Any = None

    async def connect(self) -> float:
        address = self.url.replace("http://", "ws://") + "/_stcore/stream"
        self.connection = await websockets.connect(address, subprotocols=["streamlit"], max_size=None)  # type: ignore[list-item]
        return await self._run(None)

    async def choose(self, index: int) -> float:
        """Change the sidebar select (the region) to option `index`; seconds until the script finished."""
        return await self._run(self.select_options[index])

    async def close(self) -> None:
        if self.connection is not None:
            await self.connection.close()

    async def _run(self, selected: str | None) -> float:
        message = BackMsg()
        message.rerun_script.query_string = self.query
        message.rerun_script.page_name = self.page_name
        if selected is not None:
            widget = message.rerun_script.widget_states.widgets.add()
            widget.id = self.select_id
            widget.string_value = selected  # the browser sends the option's label
        start = time.perf_counter()
        await self.connection.send(message.SerializeToString())
        while True:
            reply = ForwardMsg()
            reply.ParseFromString(await asyncio.wait_for(self.connection.recv(), TIMEOUT_MS / 1000))
            kind = reply.WhichOneof("type")
            if kind == "script_finished" and reply.script_finished != ForwardMsg.FINISHED_EARLY_FOR_RERUN:
                return time.perf_counter() - start
            if kind == "page_info_changed":
                self.query = reply.page_info_changed.query_string
            elif kind == "delta" and reply.delta.WhichOneof("type") == "new_element":
                element = reply.delta.new_element
                if element.WhichOneof("type") == "selectbox" and not self.select_id:
                    self.select_id = element.selectbox.id
                    self.select_options = list(element.selectbox.options)
