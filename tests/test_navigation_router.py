"""ui/navigation.py leans on one private piece of Streamlit: the flag that says the older pages/-folder router is
running. Streamlit 1.67 offers no public way to keep that router from answering the first session after a server
start (no config option turns the pages/ folder off; st.navigation switches it off only once it has run), so the
guard reads `PagesManager.uses_pages_directory`. These tests fail the day Streamlit changes that private API, so
the guard is looked at again then (the browser test of deep links checks the behaviour itself)."""

from __future__ import annotations

import inspect

from streamlit.commands import navigation
from streamlit.runtime import pages_manager
from streamlit.runtime.scriptrunner import script_runner

from ui import navigation as app_navigation


def test_the_private_flag_is_still_a_class_attribute_of_the_pages_manager():
    assert "uses_pages_directory" in vars(pages_manager.PagesManager)


def test_st_navigation_still_turns_the_older_router_off():
    assert "PagesManager.uses_pages_directory = False" in inspect.getsource(navigation.navigation)


def test_the_script_runner_still_chooses_the_older_router_by_that_flag():
    source = inspect.getsource(script_runner.ScriptRunner)
    assert "if PagesManager.uses_pages_directory:" in source
    assert "_mpa_v1(" in source and callable(script_runner._mpa_v1)


def test_the_guard_reads_the_flag_streamlit_sets(monkeypatch):
    """With the flag set the guard runs the entry point instead; without it the page runs as it is."""
    ran: list[str] = []
    monkeypatch.setattr(app_navigation.runpy, "run_path", lambda path, run_name: ran.append(path))
    monkeypatch.setattr(app_navigation.st, "stop", lambda: ran.append("stop"))
    monkeypatch.setattr(pages_manager.PagesManager, "uses_pages_directory", False)
    app_navigation.run_inside_the_app()
    assert ran == []
    monkeypatch.setattr(pages_manager.PagesManager, "uses_pages_directory", True)
    app_navigation.run_inside_the_app()
    assert ran == [str(app_navigation.ENTRY_POINT), "stop"]
