"""The real app as a server for the browser tests: `streamlit run dashboard.py` on a free loopback port, with the
flags that keep it off the network, waited for until it answers, and stopped afterwards."""

from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
    "--disable-component-update", "--disable-sync",
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


def launched_browser() -> Iterator[Any]:
    """Debian's Chromium under Playwright, for a module-scoped `browser` fixture (`yield from`)."""
    from playwright.sync_api import sync_playwright

    require_chromium()
    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True)
        yield instance
        instance.close()


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
