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
