"""The real app as a server for the browser tests: `streamlit run dashboard.py` on a free loopback port, with the
flags that keep it off the network, waited for until it answers, and stopped afterwards."""

from __future__ import annotations

import contextlib
import json
import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = Path("/usr/bin/chromium")
# Chromium 156 loads two omnibox pop-up WebUIs (chrome://omnibox-popup.top-chrome) in their own renderer for every
# window, headless too: ~0.7 s of CPU per fresh tab, a fifth of a page open. Chromium keeps only the last
# --disable-features switch, so this one repeats the features Playwright disables by default
# (tests/test_browser_chromium.py fails the day Playwright's list grows or the pop-ups come back).
PLAYWRIGHT_DISABLED_FEATURES = (
    "AimEnabled", "AvoidCorsURLLoaderRestartOnRedirect", "AvoidUnnecessaryBeforeUnloadCheckSync",
    "DestroyProfileOnBrowserClose", "HttpsFirstBalancedModeAutoEnable", "HttpsUpgrades", "LensOverlay", "MediaRouter",
    "NetworkTimeServiceQuerying", "OptimizationHints", "PaintHolding", "PreconnectToSearch", "TcpPortRandomizationWin",
    "ThirdPartyStoragePartitioning", "msEdgeUpdateLaunchServicesPreferredVersion", "msForceBrowserSignIn",
)
OMNIBOX_POPUP_FEATURES = ("WebUIOmniboxPopup", "WebUIOmniboxAimPopup")
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
    "--disable-component-update", "--disable-sync",
    "--disable-features=" + ",".join(PLAYWRIGHT_DISABLED_FEATURES + OMNIBOX_POPUP_FEATURES),
]


# Set by tests/conftest.py in a run that leaves out the browser tests (`make test-fast`): then neither the app
# server nor Chromium may start, and a test that tries lacks the `browser` marker.
BROWSER_TESTS_DESELECTED = False


def refuse_without_the_browser_marker() -> None:
    if BROWSER_TESTS_DESELECTED:
        pytest.fail("this test starts the app server or Chromium: mark it `browser` (tests/conftest.py)")


def require_chromium() -> None:
    """Skip a browser test on a machine without /usr/bin/chromium; in CI (which installs it) fail instead."""
    refuse_without_the_browser_marker()
    if not CHROMIUM.exists():
        if os.environ.get("CI"):
            pytest.fail("CI skal ha /usr/bin/chromium (apt-get install chromium)")
        pytest.skip("no /usr/bin/chromium on this machine")


# One Chromium per test process, started on first use and closed when the session ends (tests/conftest.py):
# Playwright's sync API runs one instance per thread at a time, and a launch costs a second or two of CPU.
_playwright: Any = None
_browser: Any = None


def shared_browser() -> Any:
    """The test process's Chromium under Playwright (started on first use)."""
    global _playwright, _browser
    require_chromium()
    if _browser is None or not _browser.is_connected():
        from playwright.sync_api import sync_playwright

        close_shared_browser()
        _playwright = sync_playwright().start()
        _browser = _playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True)
    return _browser


def close_shared_browser() -> None:
    global _playwright, _browser
    if _browser is not None:
        with contextlib.suppress(Exception):
            _browser.close()
    if _playwright is not None:
        with contextlib.suppress(Exception):
            _playwright.stop()
    _playwright = _browser = None


def launched_browser() -> Iterator[Any]:
    """Debian's Chromium under Playwright, for a module-scoped `browser` fixture (`yield from`): the process's
    shared browser; what the module left open (pages, contexts) is closed when it is done, so modules stay apart."""
    browser = shared_browser()
    yield browser
    kept = {page.context for page in _tabs.values() if not page.is_closed()}
    for context in list(browser.contexts):
        if context not in kept:  # the reused tabs (`reused_tab`) are made blank on their next use
            with contextlib.suppress(Exception):
                context.close()


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class AppServer:
    process: subprocess.Popen[bytes]
    url: str

    def stop(self) -> str:
        """Stop the server; returns everything it printed."""
        self.process.terminate()
        try:
            output = self.process.communicate(timeout=10)[0]
        except subprocess.TimeoutExpired:
            self.process.kill()
            output = self.process.communicate()[0]
        return output.decode(errors="replace")


def start_app(env: Mapping[str, str] | None = None, timeout: float = 60) -> AppServer:
    """Start the app (users see no error details, config.toml; the tests must see them) and wait for its health
    endpoint; fails the test with the server's output if it does not come up."""
    refuse_without_the_browser_marker()
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", "dashboard.py", "--server.headless", "true",
         "--server.address", "127.0.0.1", "--browser.gatherUsageStats", "false", "--server.port", str(port),
         "--client.showErrorDetails", "full"],
        cwd=ROOT, env=dict(env) if env is not None else None, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
                if response.status == 200:
                    return AppServer(process, url)
        except OSError:
            time.sleep(0.3)
    process.kill()
    output = process.communicate()[0].decode(errors="replace")
    pytest.fail("Streamlit did not start: " + output[-2000:])


def assert_page_language(page: Any, language: str, timeout_ms: int = 15_000) -> None:
    """The page declares `language` on <html>. Streamlit serves lang="en" and the app's script sets the region's
    language right after the first render, so wait for it (a race otherwise), then check it."""
    with contextlib.suppress(Exception):  # Playwright's timeout: the assertion below says what was found
        page.wait_for_function(f"() => document.documentElement.lang === {language!r}", timeout=timeout_ms)
    assert page.evaluate("document.documentElement.lang") == language


def wait_until_rendered(page: Any) -> None:
    """The page has its heading and the script has finished (Streamlit shows its status widget while it runs)."""
    # every page starts with a heading (st.title, or meeting mode's headline in large markdown)
    page.wait_for_selector(
        '[data-testid="stMainBlockContainer"] :is(h1, h2, [data-testid="stMarkdownContainer"])', timeout=60_000
    )
    page.wait_for_function(
        "() => !document.querySelector('[data-testid=\"stStatusWidget\"]')", timeout=60_000
    )
    # and says so on the app's root (the status widget shows only once a run has taken a moment, and not at all
    # where a page hides Streamlit's header, as Møtemodus does)
    page.wait_for_selector('[data-testid="stApp"][data-test-script-state="notRunning"]', state="attached",
                           timeout=120_000)
    wait_until_still(page)


# Whether the page has held still since the last call: nothing in the document changed (a MutationObserver counts
# the changes), nor the window's size or the scroll of the page and of Streamlit's main container.
_STILL_FRAMES = """([frames]) => {
  const w = window;
  if (!w.__stillObserver) {
    w.__stillChanges = 0;
    w.__stillObserver = new MutationObserver(() => { w.__stillChanges++; });
    w.__stillObserver.observe(document.documentElement,
                              {subtree: true, childList: true, attributes: true, characterData: true});
  }
  const main = document.querySelector('[data-testid="stMain"]');
  const now = [w.__stillChanges, innerWidth, innerHeight, document.scrollingElement.scrollTop,
               main ? main.scrollTop : 0].join();
  if (!w.__still || w.__still.now !== now) {
    w.__still = {now, frames: 0};
    return false;
  }
  return ++w.__still.frames >= frames;
}"""


def wait_until_still(page: Any, frames: int = 5, timeout_ms: int = 30_000) -> None:
    """Wait until the page has held still for `frames` animation frames in a row: no change to the document, the
    window's size or the scroll (what React, plotly and the app's own scripts do after a run has finished). Frames
    come slower on a loaded machine, so the wait grows with the load, as a fixed sleep would not."""
    page.evaluate("() => { window.__still = null; }")
    page.wait_for_function(_STILL_FRAMES, arg=[frames], polling="raf", timeout=timeout_ms)


def resize(page: Any, width: int, height: int) -> None:
    """Give the page the window size `width`×`height` and wait until it is laid out anew and holds still."""
    page.set_viewport_size({"width": width, "height": height})
    page.wait_for_function("([w, h]) => innerWidth === w && innerHeight === h", arg=[width, height],
                           timeout=30_000)
    wait_until_still(page)


def app_env(folder: Path, **settings: str) -> dict[str, str]:
    """The environment of the app as `make run` starts it: the committed snapshot (no test cache or region from
    the test process) and a follow-up database in `folder` (not made yet: `db upgrade` makes it); `settings`
    (e.g. REGION_CONFIG, DASHBOARD_CACHE_DIR) on top."""
    left_out = ("DASHBOARD_CACHE_DIR", "REGION_CONFIG", "HALLINGDAL_CACHE_DIR")
    env = {k: v for k, v in os.environ.items() if k not in left_out}
    env["DATABASE_URL"] = f"sqlite:///{folder / 'followup.sqlite3'}"
    env.update(settings)
    return env


# `python -m indicators COMMAND …` for each command in turn, in one interpreter (each start imports the app's
# libraries anew: seconds of CPU on a loaded machine); a command's stdin is what a person would type (a password).
_CLI_COMMANDS = """
import io, json, sys
from indicators.cli import main
for args, stdin in json.loads(sys.argv[1]):
    sys.stdin = io.StringIO(stdin or "")
    code = main(args)
    if code:
        sys.exit(f"python -m indicators {' '.join(args)}: exit {code}")
"""


def run_cli(env: Mapping[str, str], *commands: tuple[Sequence[str], str | None]) -> str:
    """Run the CLI commands (arguments, stdin) with `env` one after the other in one process, as `python -m
    indicators` runs each; fails on the first that fails. Returns everything they printed."""
    done = subprocess.run([sys.executable, "-c", _CLI_COMMANDS, json.dumps([[list(a), s] for a, s in commands])],
                          cwd=ROOT, env=dict(env), capture_output=True, text=True, timeout=180)
    assert done.returncode == 0, done.stdout + done.stderr
    return done.stdout + done.stderr


def make_run_env(folder: Path, **settings: str) -> dict[str, str]:
    """`app_env` with the follow-up database made and migrated by `python -m indicators db upgrade`, as `make run`
    does (the migration reads the settings)."""
    env = app_env(folder, **settings)
    run_cli(env, (["db", "upgrade"], None))
    return env


def first_session_problems(url: str, browser: Any) -> list[str]:
    """Open a server's very first sessions: a deep link, then the start page's own path. Neither may show
    Streamlit's "Page not found" dialog (it blocked the sidebar until closed). Returns what was wrong; only a
    server that has served nothing yet can be checked, so the shared server runs this as it starts."""
    problems = []
    for path, heading in (("folketal", "Folketal"), ("oversikt", "Oversikt")):
        page = reused_tab(browser, 1280, 720)  # a new session each: the server is what is checked
        try:
            page.goto(f"{url}/{path}", wait_until="domcontentloaded")
            wait_until_rendered(page)
            page.wait_for_timeout(1500)  # the dialog came with the first messages, after the first paint
            if page.get_by_text("Page not found").count() or page.get_by_role("dialog").count():
                problems.append(f"{path}: «Page not found»")
            if not page.locator("h1").first.inner_text().startswith(heading):
                problems.append(f"{path}: the heading is not {heading}")
            # the app's own frame is there too (the region picker in the sidebar), not the page file alone
            if page.locator('[data-testid="stSidebar"] [data-testid="stSelectbox"]').count() != 1:
                problems.append(f"{path}: no region picker in the sidebar")
        except Exception as exc:  # a timeout: the page never rendered
            problems.append(f"{path}: {exc}")
    return problems


# Tabs reused between tests. A page opened in a new tab costs ~3 s of Chromium's CPU (a new context and renderer
# process that load and compile Streamlit's bundle and plotly anew); opened by its address in a tab that has shown the
# app before, ~1.2 s. Each use is still a first visit by a new browser session: the tab leaves the app for
# about:blank, and the app's cookies, localStorage and sessionStorage are cleared; what a test listened to goes.
_tabs: dict[tuple[int, bool], Any] = {}
_listeners: dict[int, list[tuple[str, Callable[..., Any]]]] = {}


def reused_tab(browser: Any, width: int = 1280, height: int = 720, *, mobile: bool = False) -> Any:
    """A blank tab of `browser` (a phone's, touch and mobile viewport, with `mobile`) at `width`×`height`, the same
    tab for every test that asks (don't close it); open the app with `page.goto` and listen with `listen`."""
    key = (id(browser), mobile)
    page = _tabs.get(key)
    if page is not None and not page.is_closed():
        try:
            _blank(page)
        except Exception:  # a tab a test left broken: a new one
            with contextlib.suppress(Exception):
                page.context.close()
            page = None
    else:
        page = None
    if page is None:
        options: dict[str, Any] = {"is_mobile": True, "has_touch": True} if mobile else {}
        page = browser.new_context(viewport={"width": width, "height": height}, **options).new_page()
        _tabs[key] = page
        _listeners.pop(id(page), None)  # a closed tab's, should the new one have its id
    page.set_viewport_size({"width": width, "height": height})
    return page


def listen(page: Any, event: str, handler: Callable[..., Any]) -> None:
    """`page.on(event, handler)` until the tab's next use by `reused_tab`."""
    page.on(event, handler)
    _listeners.setdefault(id(page), []).append((event, handler))


def _blank(page: Any) -> None:
    for event, handler in _listeners.pop(id(page), []):
        page.remove_listener(event, handler)
    if page.url.startswith("http"):
        page.evaluate("() => { localStorage.clear(); sessionStorage.clear(); }")
    page.goto("about:blank")
    page.context.clear_cookies()
