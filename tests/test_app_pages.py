"""The menu's pages (ui/navigation.app_pages): made once per set of titles, a fresh copy for every run, so one
session's navigation never marks another's page as the one to run; titles follow the language's."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest

from ui.navigation import PAGE_TABLE, START_URL_PATH


def _menus() -> None:
    from pathlib import Path  # here: AppTest runs this function's source on its own

    import streamlit as st

    from ui import navigation

    titles = {entry.url_path: f"Side {n}" for n, entry in enumerate(navigation.PAGE_TABLE)}
    made = []
    real_page = st.Page

    def counting_page(*args, **kwargs):  # unannotated: the source runs without this module's imports
        made.append(kwargs.get("url_path"))
        return real_page(*args, **kwargs)

    st.Page = counting_page  # type: ignore[misc,assignment]
    try:
        first, again = navigation.app_pages(titles), navigation.app_pages(titles)
        made_for_first = list(made)
        other = navigation.app_pages({path: title.upper() for path, title in titles.items()})
    finally:
        st.Page = real_page  # type: ignore[misc]
    chosen = st.navigation(first)
    st.session_state["result"] = {
        "paths": [p.url_path for p in first], "again_paths": [p.url_path for p in again],
        "titles": [p.title for p in first], "other_titles": [p.title for p in other],
        "same_objects": [a is b for a, b in zip(first, again, strict=True)],
        "made_for_first": made_for_first, "made_in_all": list(made),
        "first_callable": chosen._can_be_called,
        "again_callable": [p._can_be_called for p in again],
        "files_exist": all(isinstance(p._page, Path) and p._page.is_file() for p in first),
        "reserved": first[0]._url_path,
    }


def test_pages_are_made_once_per_titles_and_copied_for_each_run():
    at = AppTest.from_function(_menus, default_timeout=60).run()
    assert not at.exception, at.exception
    result = at.session_state["result"]
    # the start page (default: served at "", its reserved path START_URL_PATH), the others, the start page's old path
    expected_paths = ["", *(e.url_path for e in PAGE_TABLE[1:]), PAGE_TABLE[0].url_path]
    assert result["paths"] == result["again_paths"] == expected_paths
    assert result["titles"] == [f"Side {n}" for n in (0, *range(1, len(PAGE_TABLE)), 0)]
    assert result["other_titles"] == [t.upper() for t in result["titles"]]
    assert not any(result["same_objects"])  # each run its own objects
    assert len(result["made_for_first"]) == len(expected_paths)  # the second call made none
    assert len(result["made_in_all"]) == 2 * len(expected_paths)  # other titles: made once more
    assert result["first_callable"] is True  # the navigation's choice may run …
    assert result["again_callable"] == [False] * len(expected_paths)  # … and another run's copies are untouched
    assert result["files_exist"]
    assert result["reserved"] == START_URL_PATH
