"""tests/apptest_harness.py replaces private parts of Streamlit's AppTest to spare the page tests' CPU. These tests
fail the day Streamlit renames one of them or stops calling it (the shortcut would otherwise stop working without a
sound, and the suite grow slower), and check that a run that does not finish in time still fails as Streamlit
makes it fail."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.components.v2 import manifest_scanner
from streamlit.testing.v1 import AppTest, local_script_runner

from tests import apptest_harness


def page(folder: Path, body: str) -> str:
    script = folder / "page.py"
    script.write_text("import streamlit as st\n" + body, encoding="utf-8")
    return str(script)


def test_page_runs_use_the_process_wide_compiled_scripts_and_one_scan_of_the_packages(tmp_path):
    script = page(tmp_path, "st.write('hei')\n")
    before = manifest_scanner.scan_component_manifests.cache_info()
    first = AppTest.from_file(script, default_timeout=60).run()
    second = AppTest.from_file(script, default_timeout=60).run()
    assert first.markdown[0].value == second.markdown[0].value == "hei"
    assert any(key[0] == str(Path(script).resolve()) for key in apptest_harness._compiled)
    after = manifest_scanner.scan_component_manifests.cache_info()
    assert after.hits + after.misses >= before.hits + before.misses + 2  # each AppTest asks for the scan …
    assert after.misses <= 1  # … and it is made once in the process


def test_a_page_run_waits_for_the_script_with_the_harness_wait(tmp_path, monkeypatch):
    harness_wait = local_script_runner.require_widgets_deltas
    assert harness_wait.__qualname__.endswith("wait_for_the_script")  # installed by tests/conftest.py
    calls = []

    def counted(runner, timeout=3):
        calls.append(timeout)
        harness_wait(runner, timeout)

    monkeypatch.setattr(local_script_runner, "require_widgets_deltas", counted)
    at = AppTest.from_file(page(tmp_path, "st.write('hei')\n"), default_timeout=60).run()
    assert at.markdown[0].value == "hei"
    assert calls == [60]


def test_a_run_past_its_timeout_is_stopped_and_fails_as_streamlit_makes_it_fail(tmp_path):
    script = page(tmp_path, "import time\nfor _ in range(3000):\n    time.sleep(0.01)\n    st.empty()\n")
    with pytest.raises(RuntimeError, match="timed out"):
        AppTest.from_file(script, default_timeout=0.3).run()
