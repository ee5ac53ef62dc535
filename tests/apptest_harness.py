"""Streamlit's AppTest does two things on every run that the real server does once per process: it scans every
installed package for component manifests (a new BidiComponentManager per AppTest), and it compiles the page
scripts anew (a new ScriptCache per run, with Streamlit's "magic" rewrite of the syntax tree). Together they were
about a sixth of the CPU time of the tests without a browser. `install()` (called from tests/conftest.py) lets
the test process do each once, as the server does: the packages do not change during a test session, and a
script is compiled again when its file changes (its path and its text are the key)."""

from __future__ import annotations

import functools
import hashlib
import os
import threading
import time
from collections.abc import Callable, Hashable
from typing import Any

_compiled: dict[tuple[str, str, bool], Any] = {}
_lock = threading.Lock()


def install() -> None:
    from streamlit import config
    from streamlit.components.v2 import manifest_scanner
    from streamlit.runtime.scriptrunner.script_cache import ScriptCache
    from streamlit.testing.v1 import app_test, local_script_runner

    if not getattr(manifest_scanner.scan_component_manifests, "cache_info", None):
        manifest_scanner.scan_component_manifests = functools.cache(manifest_scanner.scan_component_manifests)

    class ProcessScriptCache(ScriptCache):
        """A ScriptCache whose compiled scripts are shared by every AppTest of the process."""

        def get_bytecode(self, script_path: str) -> Any:
            path = os.path.abspath(script_path)
            with open(path, "rb") as handle:
                text = hashlib.sha256(handle.read()).hexdigest()
            key = (path, text, bool(config.get_option("runner.magicEnabled")))
            with _lock:
                if key not in _compiled:
                    _compiled[key] = ScriptCache().get_bytecode(path)
                return _compiled[key]

    app_test.ScriptCache = ProcessScriptCache  # type: ignore[misc]
    local_script_runner.ScriptCache = ProcessScriptCache  # type: ignore[misc]

    streamlit_wait = local_script_runner.require_widgets_deltas

    def wait_for_the_script(runner: Any, timeout: float = 3) -> None:
        """Streamlit's wait polls every millisecond, scanning all the run's events each time (the poll took the
        GIL from the script's thread): here the test's thread sleeps until the script's thread has ended."""
        deadline = time.monotonic() + timeout
        runner._script_thread.join(timeout)
        if not runner.script_stopped():  # not finished in time: Streamlit's own wait stops the run and raises
            streamlit_wait(runner, max(0.0, deadline - time.monotonic()))

    local_script_runner.require_widgets_deltas = wait_for_the_script


class SharedRuns:
    """Page runs shared by the tests of one module that only read what a run shows (its elements, query
    parameters, session state): `shared(*args, **kwargs)` is `run(*args, **kwargs)` the first time it is asked for
    with these arguments in this environment, and the same finished AppTest after that. Each test still asserts
    on a real run of the page, made by whichever test asks first (so the order of the tests does not matter).

    The key is the arguments and every environment variable (the data folder, the database, the region file …;
    pytest's own variables aside), so a test whose fixtures point the app at other data gets a run of its own.
    A test that clicks, sets a widget, reruns, or monkeypatches the app's code must run the page itself (a shared
    run refuses to run again)."""

    def __init__(self, run: Callable[..., Any]) -> None:
        self._run = run
        self._runs: dict[Hashable, Any] = {}

    def __call__(self, *args: Hashable, **kwargs: Hashable) -> Any:
        environment = tuple(sorted((k, v) for k, v in os.environ.items() if not k.startswith("PYTEST_")))
        key = (args, tuple(sorted(kwargs.items())), environment)
        if key not in self._runs:
            at = self._run(*args, **kwargs)
            at._run = _refuse_to_rerun  # every rerun (run(), a click's run(), switch_page's run) goes through _run
            self._runs[key] = at
        return self._runs[key]


def _refuse_to_rerun(*args: Any, **kwargs: Any) -> Any:
    raise AssertionError("a shared page run (apptest_harness.SharedRuns) is read-only: run the page in the test")


def with_download_menus_open(at: Any) -> Any:
    """`at` run again with every chart's «Last ned» menu open, as a click on each does (ui/figures.py makes a
    menu's buttons only while it is open)."""
    from ui.figures import downloads_menu_key

    for chart in at.get("plotly_chart"):
        at.session_state[downloads_menu_key(chart.key.removeprefix("chart_"))] = True
    return at.run()


def key_figures(at: Any) -> list[tuple[str, str, str]]:
    """Every key figure the run shows (ui/key_figures.py), in order: (label, value, change), read from the HTML as
    a browser would (entities decoded, tags dropped)."""
    from html.parser import HTMLParser

    figures: list[tuple[str, str, str]] = []

    class Reader(HTMLParser):
        def __init__(self) -> None:
            super().__init__()
            self.part: str | None = None
            self.hidden = 0  # inside aria-hidden (the change's arrow)

        def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
            names = dict(attrs).get("class") or ""
            if tag == "div" and "key-figure" in names.split():
                figures.append(("", "", ""))
            elif tag == "dt":
                self.part = "label"
            elif tag == "dd":
                self.part = "change" if "key-figure-change" in names else "value"
            elif dict(attrs).get("aria-hidden") == "true":
                self.hidden += 1

        def handle_endtag(self, tag: str) -> None:
            if tag in ("dt", "dd"):
                self.part = None
            elif tag == "span" and self.hidden:
                self.hidden -= 1

        def handle_data(self, data: str) -> None:
            if self.part is None or self.hidden or not figures:
                return
            label, value, change = figures[-1]
            index = ("label", "value", "change").index(self.part)
            parts = [label, value, change]
            parts[index] = (parts[index] + data).strip()
            figures[-1] = (parts[0], parts[1], parts[2])

    for element in at.get("html"):
        if 'class="key-figures' in element.proto.body:
            Reader().feed(element.proto.body)
    return figures


def key_figure_values(at: Any) -> dict[str, str]:
    """The run's key figures as label → value (see `key_figures`)."""
    return {label: value for label, value, _ in key_figures(at)}
